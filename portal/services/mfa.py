"""Multi-factor authentication (S2.3): registration, emailed one-time access codes, authenticator
apps (TOTP), and staff resets. Federal rules require MFA wherever federal tax information is seen.
"""

import hashlib
import hmac
import secrets
from datetime import UTC as ZoneUTC
from datetime import datetime, time, timedelta

import pyotp
import segno
from flask_babel import gettext as _
from peewee import fn

from db import database, utcnow
from db.accounts import OneTimeCode, User
from portal import languages
from portal.display import LOCAL_ZONE
from portal.errors import DomainError
from portal.services import accounts, audit, lockout, mail

MFA_ROLES = ("staff", "agency_admin", "assister")
CODE_MINUTES = 10
CODE_TRIES = 5
ISSUER = "Assister Portal"


def required_for(user):
    """Staff, agency admins and assisters always; a consumer once they have turned it on."""
    return user.role in MFA_ROLES or user.mfa_mode is not None


def reset_has_lapsed(user, now=None):
    """After a staff reset the user had until the end of that day to register again."""
    now = now or utcnow()
    return user.mfa_mode is None and user.mfa_reset_until is not None and now > user.mfa_reset_until


def register(actor, user, email, agreed):
    """First sign-in: the email must be the account's; the Terms and Conditions agreed."""
    email = (email or "").strip()
    if email.lower() != user.email.lower():
        raise DomainError(
            _("Enter the email address of your account: the one you used to create it."), "email"
        )
    if not agreed:
        raise DomainError(_("To continue you must agree to the Terms and Conditions."), "agree")
    with database.atomic():
        User.update(
            mfa_mode="email", mfa_email=user.email, mfa_registered_at=utcnow(), mfa_reset_until=None
        ).where(User.id == user.id).execute()
        audit.record(actor, "mfa.registered", obj=user, detail="email")
    return User.get_by_id(user.id)


def send_code(actor, user):
    """Email a new 6-digit access code; any earlier unused code stops working."""
    code = f"{secrets.randbelow(10**6):06d}"
    now = utcnow()
    with database.atomic():
        OneTimeCode.update(voided_at=now).where(
            OneTimeCode.user == user, OneTimeCode.used_at.is_null(), OneTimeCode.voided_at.is_null()
        ).execute()
        OneTimeCode.create(
            user=user,
            code_hash=_code_hash(user, code),
            created_at=now,
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
        mail.send(
            "one_time_code",
            user.mfa_email or user.email,
            "one_time_code",
            language=languages.of_user(user),
            user=user,
            code=code,
            minutes=CODE_MINUTES,
        )
        audit.record(actor, "mfa.code_sent", obj=user)


def verify_code(actor, user, typed):
    """Accept the current emailed code once; the fifth wrong try voids it. A wrong code that
    locks the account raises lockout.AccountLocked."""
    refusal = _check_code(actor, user, typed)
    if refusal:
        # Raised after the transaction so the counted try and the failure row stay written.
        raise refusal


def _check_code(actor, user, typed):
    now = utcnow()
    with database.atomic():
        current = (
            OneTimeCode.select()
            .where(
                OneTimeCode.user == user,
                OneTimeCode.used_at.is_null(),
                OneTimeCode.voided_at.is_null(),
            )
            .order_by(OneTimeCode.created_at.desc())
            .first()
        )
        if current is None:
            return DomainError(_("This code can no longer be used. Ask for a new code."), "code")
        if now > current.expires_at:
            return DomainError(_("This code has expired. Ask for a new code."), "code")
        typed = "".join((typed or "").split())
        if not hmac.compare_digest(current.code_hash, _code_hash(user, typed)):
            tries = current.attempts + 1
            voided = now if tries >= CODE_TRIES else None
            OneTimeCode.update(attempts=tries, voided_at=voided).where(
                OneTimeCode.id == current.id
            ).execute()
            until = lockout.record_failure(actor, user, "code")
            if until is not None:
                return lockout.AccountLocked(until)
            if voided:
                return DomainError(_("Too many wrong codes. Ask for a new code."), "code")
            return DomainError(
                _("That code is not correct. Check the email and try again."), "code"
            )
        OneTimeCode.update(used_at=now).where(OneTimeCode.id == current.id).execute()
        audit.record(actor, "mfa.passed", obj=user, detail="email code")
    return None


def new_totp_secret():
    return pyotp.random_base32()


def totp_qr_svg(user, secret):
    """The QR code an authenticator app scans, drawn here (no third-party service sees it)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app")
    )


def confirm_totp(actor, user, secret, typed, password):
    """Turn on the authenticator app once the user has typed their password again and a code
    the app shows.

    The password, because an app added from a session someone else has taken would let them
    sign in for good; a wrong one counts toward the lock-out as at sign-in, and once the
    account is locked lockout.AccountLocked is raised whatever was typed.
    """
    lockout.refuse_if_locked(user)
    if not accounts.password_matches(user, password):
        audit.record(actor, "mfa.app_refused", obj=user, detail="wrong password")
        lockout.refuse(
            actor, user, "password", DomainError(_("The password is not correct."), "password")
        )
    step = _matching_step(secret, typed)
    if step is None:
        raise DomainError(_("That code does not match. Type the code your app shows now."), "code")
    with database.atomic():
        User.update(
            mfa_mode="totp",
            mfa_email=user.mfa_email or user.email,
            totp_secret=secret,
            totp_last_step=step,
            mfa_registered_at=fn.COALESCE(User.mfa_registered_at, utcnow()),
            mfa_reset_until=None,
        ).where(User.id == user.id).execute()
        audit.record(actor, "mfa.registered", obj=user, detail="authenticator app")
    return User.get_by_id(user.id)


def verify_totp(actor, user, typed):
    """Accept a code from the app: one time step of drift, and never the same step twice. A
    wrong code that locks the account raises lockout.AccountLocked."""
    step = _matching_step(user.totp_secret, typed)
    if step is None:
        lockout.refuse(
            actor,
            user,
            "code",
            DomainError(_("That code is not correct. Type the code your app shows now."), "code"),
        )
    with database.atomic():
        # Conditional, so two requests racing with the same code can't both pass.
        accepted = (
            User.update(totp_last_step=step)
            .where(
                User.id == user.id,
                (User.totp_last_step.is_null()) | (User.totp_last_step < step),
            )
            .execute()
        )
        if not accepted:
            raise DomainError(
                _("This code has already been used. Wait for your app to show a new one."), "code"
            )
        audit.record(actor, "mfa.passed", obj=user, detail="authenticator app")


def reset_mfa(actor, user):
    """Staff, after checking identity: the user registers again before the end of today."""
    from portal.services import sessions

    with database.atomic():
        User.update(
            mfa_mode=None,
            mfa_email=None,
            mfa_registered_at=None,
            totp_secret=None,
            totp_last_step=None,
            mfa_reset_until=end_of_local_day(utcnow()),
        ).where(User.id == user.id).execute()
        sessions.end_all(actor, user)
        audit.record(actor, "mfa.reset", obj=user)
    return User.get_by_id(user.id)


def end_of_local_day(now_utc):
    """Midnight at the end of the marketplace's calendar day, as naive UTC."""
    local = now_utc.replace(tzinfo=ZoneUTC).astimezone(LOCAL_ZONE)
    end = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=LOCAL_ZONE)
    return end.astimezone(ZoneUTC).replace(tzinfo=None)


def mask_email(address):
    name, _, domain = address.partition("@")
    return f"{name[:1]}{'*' * max(len(name) - 1, 3)}@{domain}"


def _matching_step(secret, typed):
    typed = "".join((typed or "").split())
    if not secret or len(typed) != 6 or not typed.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(utcnow_timestamp() // totp.interval)
    for step in (now_step - 1, now_step, now_step + 1):
        if hmac.compare_digest(totp.generate_otp(step), typed):
            return step
    return None


def utcnow_timestamp():
    return utcnow().replace(tzinfo=ZoneUTC).timestamp()


def _code_hash(user, code):
    # Salted by the user so one code's hash says nothing about another user's.
    return hashlib.sha256(f"{user.id}:{code}".encode()).hexdigest()
