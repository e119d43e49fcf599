"""Accounts: creating users, and how their passwords are hashed."""

import re

import argon2
import peewee as pw

from db import database, utcnow
from db.accounts import User
from portal.errors import DomainError
from portal.services import audit

# argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane). argon2-cffi's defaults (64 MiB, 3
# passes, 4 lanes) cost about 100 ms of both cores per sign-in on the 2-core machine; this keeps
# the memory-hardness that defeats GPU cracking at a cost a busy sign-in hour can bear.
HASHER = argon2.PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# The username of a workforce account (made by activation or from the command line). A
# consumer's sign-up form has its own rule, which also allows "@" (views/accounts/forms.py).
USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,64}$")
USERNAME_TAKEN = "This username is taken: choose another."


def hash_password(password):
    return HASHER.hash(password)


def password_matches(user, password):
    """True when `password` is this user's (read afresh, so a change made elsewhere counts)."""
    stored = User.select(User.password_hash).where(User.id == user.id).scalar()
    try:
        return HASHER.verify(stored, password or "")
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


def checked_username(username):
    """`username` without the spaces around it, if it keeps the workforce accounts' rule."""
    username = (username or "").strip()
    if not USERNAME.match(username):
        raise DomainError(
            "A username has 3 to 64 characters: letters, numbers, dots (.), underscores (_) "
            "and hyphens (-).",
            field="username",
        )
    return username


def username_taken(username):
    """Whether an account has this username in any case: "Ann" and "ann" would be one person
    at sign-in, which looks the username up without regard to case."""
    return User.select().where(pw.fn.LOWER(User.username) == username.lower()).exists()


def create_user(actor, username, email, full_name, role, password, email_verified=True):
    """Create a sign-in account; a consumer signing up starts with email_verified=False."""
    with database.atomic():
        if username_taken(username):
            raise DomainError(USERNAME_TAKEN, field="username")
        user = User.create(
            username=username,
            email=email,
            full_name=full_name,
            role=role,
            password_hash=hash_password(password),
            password_changed_at=utcnow(),
            email_verified_at=utcnow() if email_verified else None,
        )
        audit.record(actor, "user.created", None, user, detail=f"role: {role}")
    return user


def set_language(user, language):
    """Keep the language a consumer chose for their pages, mail and notices (S13)."""
    with database.atomic():
        User.update(language=language).where(User.id == user.id).execute()
    user.language = language
