"""Forgotten password or username (S2.3): security questions, then a single-use emailed link.

Nothing here tells a stranger whether a username or email address has an account: an unknown
one is shown questions too (chosen from the list by a keyed hash of what was typed, so the same
name always gets the same questions), and every outcome ends on the same neutral message.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

import peewee as pw
from flask import current_app
from flask_babel import lazy_gettext as _l

from db import database, utcnow
from db.accounts import AccountToken, SecurityAnswer, User
from portal import languages
from portal.errors import DomainError
from portal.services import (
    accounts,
    audit,
    lockout,
    mail,
    passwords,
    security_questions,
    sessions,
)

RESET_LIFETIME = timedelta(hours=1)
NEUTRAL_MESSAGE = _l(
    "If the answers match our records, we have emailed a link to the address on the account. "
    "It works once and expires in one hour."
)
USERNAME_NEUTRAL_MESSAGE = _l(
    "If the answers match our records, we have emailed your username to that address."
)
LINK_INVALID = _l(
    "This link has expired or has already been used. Ask for a new one with "
    "“Forgot your password?”."
)


# Tokens -----------------------------------------------------------------------------------------


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user, purpose, lifetime):
    """A new random link token for `user`; only its SHA-256 is stored. Call inside a transaction."""
    token = secrets.token_urlsafe(32)
    AccountToken.create(
        user=user,
        purpose=purpose,
        token_hash=hash_token(token),
        expires_at=utcnow() + lifetime,
    )
    return token


def find_token(token, purpose):
    """The stored token row for this raw token and purpose (used or not), or None."""
    if not token or len(token) > 200:
        return None
    return AccountToken.get_or_none(
        AccountToken.token_hash == hash_token(token), AccountToken.purpose == purpose
    )


def void_unused_tokens(user, purpose, now=None):
    """Expire every unused token of `user` for `purpose` (a newer link replaces them)."""
    now = now or utcnow()
    AccountToken.update(expires_at=now).where(
        AccountToken.user == user,
        AccountToken.purpose == purpose,
        AccountToken.used_at.is_null(),
        AccountToken.expires_at > now,
    ).execute()


# Questions --------------------------------------------------------------------------------------


def find_user_by_username(username):
    username = (username or "").strip().lower()
    if not username:
        return None
    return User.get_or_none(pw.fn.LOWER(User.username) == username, User.is_active == True)  # noqa: E712


def find_user_by_email(email):
    """The first active account with this address that has security answers, else the first."""
    email = (email or "").strip().lower()
    if not email:
        return None
    users = list(
        User.select()
        .where(pw.fn.LOWER(User.email) == email, User.is_active == True)  # noqa: E712
        .order_by(User.id)
    )
    with_answers = [
        u for u in users if SecurityAnswer.select().where(SecurityAnswer.user == u).exists()
    ]
    return (with_answers or users or [None])[0]


def questions_for_username(username):
    """The three questions to ask for `username`: the account's own, or stand-ins for a stranger."""
    return _questions(find_user_by_username(username), "username", username)


def questions_for_email(email):
    """The three questions to ask for an email address (forgot username)."""
    return _questions(find_user_by_email(email), "email", email)


def _questions(user, kind, typed):
    own = security_questions.questions_for(user)
    if len(own) == security_questions.ANSWERS_REQUIRED:
        return own
    return stand_in_questions(kind, typed)


def stand_in_questions(kind, typed):
    """Questions for a name with no account: always the same for the same name, keyed by the
    secret so that nobody can work out offline which questions a stranger would be shown."""
    key = current_app.config["SECRET_KEY"].encode()
    seed = f"{kind}:{(typed or '').strip().lower()}"

    def rank(question):
        return hmac.new(key, f"{seed}:{question}".encode(), hashlib.sha256).digest()

    return sorted(security_questions.QUESTIONS, key=rank)[: security_questions.ANSWERS_REQUIRED]


def _check_answers(actor, user, answers):
    """True when `user` exists, is not locked and the answers match; a mismatch is a failure."""
    # answers_match spends the same time on an unknown user as on a real one.
    matched = security_questions.answers_match(user, list(answers))
    if user is not None and lockout.locked_until(user) is not None:
        # A locked account gets no link, right answers or not; the page says the same as ever.
        audit.record(actor, "recovery.refused_locked", obj=user)
        return False
    if not matched:
        lockout.record_failure(actor, user, "security_answers")
        return False
    return True


# Forgot password ------------------------------------------------------------------------------


def start_password_reset(actor, username, answers):
    """Email a one-hour, single-use reset link when `username` exists and `answers` match.

    Returns nothing either way: the caller shows NEUTRAL_MESSAGE whatever happened.
    """
    user = find_user_by_username(username)
    with database.atomic():
        if not _check_answers(actor, user, answers):
            audit.record(actor, "password.reset_refused", obj=user)
            return
        now = utcnow()
        void_unused_tokens(user, "password_reset", now)
        token = issue_token(user, "password_reset", RESET_LIFETIME)
        mail.send(
            "password_reset",
            user.email,
            "password_reset",
            language=languages.of_user(user),
            user=user,
            token=token,
            minutes=int(RESET_LIFETIME.total_seconds() // 60),
        )
        audit.record(actor, "password.reset_requested", obj=user)


def reset_token_user(token):
    """The user a reset link belongs to, or a DomainError when it is unknown, used or expired."""
    row = find_token(token, "password_reset")
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        raise DomainError(str(LINK_INVALID))
    return row.user


def reset_password(actor, token, new_password, keep_session_id_hash=None):
    """Set a new password from a reset link; every other session of the user ends."""
    with database.atomic():
        row = find_token(token, "password_reset")
        now = utcnow()
        if row is None or row.used_at is not None or row.expires_at <= now:
            raise DomainError(str(LINK_INVALID))
        user = row.user
        passwords.require_acceptable(
            new_password,
            username=user.username,
            email=user.email,
            without_mfa=user.mfa_mode is None,
        )
        # Mark the link used first and only if still unused: two clicks at once change it once.
        claimed = (
            AccountToken.update(used_at=now)
            .where(AccountToken.id == row.id, AccountToken.used_at.is_null())
            .execute()
        )
        if not claimed:
            raise DomainError(str(LINK_INVALID))
        user.password_hash = accounts.hash_password(new_password)
        user.password_changed_at = now
        # The link reached this address, which proves it as well as a verification link does.
        user.email_verified_at = user.email_verified_at or now
        user.save()
        void_unused_tokens(user, "password_reset", now)
        sessions.end_all(actor, user, keep_id_hash=keep_session_id_hash)
        lockout.record_success(user)
        audit.record(actor, "password.reset", obj=user)
        mail.send(
            "password_changed",
            user.email,
            "password_changed",
            language=languages.of_user(user),
            user=user,
            changed_at=now,
        )
    return user


# Forgot username ------------------------------------------------------------------------------


def remind_username(actor, email, answers):
    """Email the username when an account has this address and the answers match."""
    user = find_user_by_email(email)
    with database.atomic():
        if not _check_answers(actor, user, answers):
            audit.record(actor, "username.reminder_refused", obj=user)
            return
        mail.send(
            "username_reminder",
            user.email,
            "username_reminder",
            language=languages.of_user(user),
            user=user,
        )
        audit.record(actor, "username.reminder_sent", obj=user)
