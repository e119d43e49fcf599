"""Signing in: the password (first factor), then MFA where required, then the session starts."""

from dataclasses import replace

import argon2
import peewee as pw
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db import database, utcnow
from db.accounts import User
from db.assisters import Assister
from portal.errors import DomainError
from portal.services import audit, lockout, mfa, standing
from portal.services.accounts import HASHER, hash_password

# The same words whichever of the two was wrong (S10).
WRONG = _l("The username or password is not correct.")
# Verified when the username is unknown, so a wrong username takes as long as a wrong password.
_DUMMY_HASH = HASHER.hash("not a real password, only here to spend the same time")


class EmailNotVerified(DomainError):
    pass


def check_password(actor, username, password):
    """The user whose username and password these are, or a DomainError saying why not."""
    user = User.get_or_none(pw.fn.LOWER(User.username) == (username or "").strip().lower())
    try:
        HASHER.verify(user.password_hash if user else _DUMMY_HASH, password or "")
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        lockout.record_failure(actor, user, "password")
        audit.record(actor, "sign_in.failed", detail=f"username: {(username or '')[:64]}")
        raise DomainError(str(WRONG)) from None
    if user is None or not user.is_active:
        raise DomainError(str(WRONG))
    # Only someone who knows the password learns that the account is locked.
    lockout.refuse_if_locked(user)
    if user.email_verified_at is None:
        raise EmailNotVerified(
            _(
                "Confirm your email address first: open the link we emailed you when you "
                "created your account."
            )
        )
    if mfa.reset_has_lapsed(user):
        raise DomainError(
            _(
                "Your multi-factor authentication was reset, and the time to register again "
                "has passed. Call the ARC or Broker Line to have it reset again."
            )
        )
    if user.role == "assister":
        # Refused with what happened and whom to call; their access ends now if not yet.
        profile = Assister.get_or_none(Assister.user == user)
        if profile is not None:
            standing.require(profile)
    if HASHER.check_needs_rehash(user.password_hash):
        User.update(password_hash=hash_password(password)).where(User.id == user.id).execute()
    return user


def complete(actor, user):
    """Both factors passed: record the sign-in, unless the account is locked.

    Checked here as well as at each step: a lock set by another session (wrong codes or
    passwords) between this session's check and its right code still stops the sign-in.
    """
    with database.atomic():
        lockout.refuse_if_locked(user)
        lockout.record_success(user)
        User.update(last_sign_in_at=utcnow()).where(User.id == user.id).execute()
        audit.record(replace(actor, user=user), "sign_in.succeeded", obj=user)
