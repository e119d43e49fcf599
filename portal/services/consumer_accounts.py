"""Consumer accounts (S2.4): a consumer signs up, then verifies the email address by a link.
An assister may invite a client without an account to make one (S6.4)."""

from dataclasses import dataclass
from datetime import timedelta

import peewee as pw
from flask_babel import lazy_gettext as _l

from db import database, utcnow
from db.accounts import AccountToken, User
from db.audit import AuditEvent
from db.consumers import Consumer
from portal import languages
from portal.errors import DomainError
from portal.services import (
    accounts,
    audit,
    consumers,
    mail,
    passwords,
    recovery,
    security_questions,
)

VERIFICATION_LIFETIME = timedelta(hours=24)
EMAIL_TAKEN = _l(
    "This email address cannot be used for a new account. If you already have an account, "
    "sign in, or use “Forgot your username?”."
)
LINK_UNKNOWN = _l(
    "This verification link is not valid. Check that you opened the whole link from the email, "
    "or ask for a new one."
)
LINK_USED = _l(
    "This verification link has already been used. Your email address is verified: sign in."
)
LINK_EXPIRED = _l(
    "This verification link has expired (links work for 24 hours). Ask for a new one."
)
INVITATION_INTERVAL = timedelta(minutes=5)
# Said to the assister who sends an invitation: their pages are in English.
ACCOUNT_EXISTS = "An account already uses this email address."
ALREADY_HAS_ACCOUNT = "{name} already has an account: they sign in with it."
EMAIL_OF_ANOTHER = "Another person's record uses this email address: ask your client for their own."


@dataclass(frozen=True)
class Invitation:
    email: str
    sent_at: object  # when the email went out (an earlier one, on a second click)


def sign_up(
    actor,
    first_name,
    last_name,
    email,
    username,
    password,
    answers_pairs,
    next_url=None,
    language=languages.DEFAULT,
):
    """Create a consumer's account, unverified, and email the verification link (which goes
    on to sign-in and then to `next_url`, a path on this site, when one is given).

    `language` ("en" or "es") is the language of the page they signed up on: the account's
    pages, mail and notices are in it until they switch (S13).

    One transaction: the user, the consumer record, the security answers, the link and its
    email are all written, or nothing is.
    """
    first_name, last_name = first_name.strip(), last_name.strip()
    email, username = email.strip(), username.strip()
    with database.atomic():
        if _consumer_account_exists(email):
            raise DomainError(str(EMAIL_TAKEN), field="email")
        # Consumers may sign in without MFA, so their passwords must be the longer kind.
        passwords.require_acceptable(password, username=username, email=email, without_mfa=True)
        user = accounts.create_user(
            actor,
            username,
            email,
            f"{first_name} {last_name}",
            "consumer",
            password,
            email_verified=False,
        )
        if languages.is_language(language) and language != user.language:
            accounts.set_language(user, language)
        security_questions.set_answers(user, list(answers_pairs))
        # A consumer record without an account (made before this sign-up) is linked only once
        # the address is verified; until then nobody can sign in to it.
        if not _unclaimed_consumer(email):
            consumers.create_consumer(
                actor,
                {"user": user, "first_name": first_name, "last_name": last_name, "email": email},
            )
        _send_verification(user, next_url)
        audit.record(actor, "consumer_account.created", obj=user)
    return user


def check_verification_link(token):
    """The unused, unexpired verification token row for `token`, or a DomainError saying why not."""
    row = recovery.find_token(token, "email_verification")
    if row is None:
        raise DomainError(str(LINK_UNKNOWN))
    if row.used_at is not None:
        raise DomainError(str(LINK_USED))
    if row.expires_at <= utcnow():
        # A link replaced by a newer one that has since been used: the address is verified.
        raise DomainError(str(LINK_USED if row.user.email_verified_at else LINK_EXPIRED))
    return row


def verify_email(actor, token):
    """Mark the address of the link's account verified. Single use; links last 24 hours."""
    with database.atomic():
        row = check_verification_link(token)
        now = utcnow()
        # Only the request that marks the link used goes on: two clicks at once verify once.
        claimed = (
            AccountToken.update(used_at=now)
            .where(AccountToken.id == row.id, AccountToken.used_at.is_null())
            .execute()
        )
        if not claimed:
            raise DomainError(str(LINK_USED))
        user = row.user
        if user.email_verified_at is None:
            user.email_verified_at = now
            user.save()
        recovery.void_unused_tokens(user, "email_verification", now)
        unclaimed = _unclaimed_consumer(user.email)
        if unclaimed is not None and not Consumer.select().where(Consumer.user == user).exists():
            consumers.update_consumer(actor, unclaimed, {"user": user, "email": unclaimed.email})
        audit.record(actor, "email.verified", obj=user)
    return user


def resend_verification(actor, email):
    """Send a new link to an unverified consumer account; silently nothing otherwise."""
    email = (email or "").strip().lower()
    with database.atomic():
        user = (
            User.select()
            .where(
                pw.fn.LOWER(User.email) == email,
                User.role == "consumer",
                User.email_verified_at.is_null(),
                User.is_active == True,  # noqa: E712
            )
            .order_by(User.id.desc())
            .first()
        )
        if user is None:
            return
        recovery.void_unused_tokens(user, "email_verification")
        _send_verification(user)
        audit.record(actor, "email.verification_resent", obj=user)


# A consumer record's contact language (`Consumer.preferred_language`, which migration 041 read
# to start accounts in Spanish) for each language code.
RECORD_LANGUAGES = {"en": "English", "es": "Spanish"}


def language_of_record(consumer):
    """The language code of a consumer record's contact language (English unless Spanish)."""
    return "es" if consumer.preferred_language == RECORD_LANGUAGES["es"] else languages.DEFAULT


def invite_to_claim(actor, consumer, email, language=None):
    """Email a consumer without an account (entered by their assister, say) the way to make one.

    `language` ("en" or "es", as the assister asked the client; the record's own when None) is
    kept as the record's contact language; the email is written in it and its link opens the
    account's creation in it, so the account is made in that language.

    Their sign-up with this address is linked to this consumer record once the address is
    verified (`verify_email`), so the password and security answers are theirs alone; nothing
    changes for the association or the application until then. One email per consumer within
    INVITATION_INTERVAL: a second request returns the first.

    The email is in `language` when given, else in the language the consumer's record prefers
    (the assister's page that sends it is in English).
    """
    email = email.strip()
    with database.atomic():
        consumer = Consumer.get_by_id(consumer.id)  # as it is now, not as the page had it
        if consumer.user_id is not None:
            raise DomainError(ALREADY_HAS_ACCOUNT.format(name=consumer.full_name))
        earlier = (
            AuditEvent.select()
            .where(
                AuditEvent.on_behalf_of == consumer,
                AuditEvent.action == "consumer_account.invited",
                AuditEvent.at > utcnow() - INVITATION_INTERVAL,
            )
            .order_by(AuditEvent.at.desc())
            .first()
        )
        if earlier is not None:
            return Invitation(earlier.detail, earlier.at)
        if _consumer_account_exists(email):
            raise DomainError(ACCOUNT_EXISTS, field="email")
        # The claim goes to the one unclaimed record with this address (`_unclaimed_consumer`).
        if (
            Consumer.select()
            .where(pw.fn.LOWER(Consumer.email) == email.lower(), Consumer.id != consumer.id)
            .exists()
        ):
            raise DomainError(EMAIL_OF_ANOTHER, field="email")
        if not languages.is_language(language):
            language = language_of_record(consumer)
        changes = {}
        if consumer.email != email:
            changes["email"] = email
        if language_of_record(consumer) != language:
            changes["preferred_language"] = RECORD_LANGUAGES[language]
        if changes:
            consumer = consumers.update_consumer(actor, consumer, changes)
        mail.send(
            "claim_account", email, "claim_account", language=language, consumer=consumer
        )
        event = audit.record(actor, "consumer_account.invited", consumer, consumer, email)
    return Invitation(email, event.at)


def _send_verification(user, next_url=None):
    token = recovery.issue_token(user, "email_verification", VERIFICATION_LIFETIME)
    mail.send(
        "verify_email",
        user.email,
        "verify_email",
        language=languages.of_user(user),
        user=user,
        token=token,
        hours=24,
        next_url=next_url,
    )


def _consumer_account_exists(email):
    email = email.lower()
    return (
        User.select().where(pw.fn.LOWER(User.email) == email, User.role == "consumer").exists()
        or Consumer.select()
        .where(pw.fn.LOWER(Consumer.email) == email, Consumer.user.is_null(False))
        .exists()
    )


def _unclaimed_consumer(email):
    return (
        Consumer.select()
        .where(pw.fn.LOWER(Consumer.email) == email.lower(), Consumer.user.is_null())
        .first()
    )
