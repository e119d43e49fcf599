"""Password rules (S10): long passphrases welcome, common and breached passwords refused.

NIST SP 800-63B: at least 15 characters when the password is the only factor, at least 8 (the
portal asks 12) with MFA; any printable or Unicode character, spaces included; no composition
rules; refuse passwords found in lists of common or breached ones and context-specific words.
"""

import gzip
import unicodedata
from functools import cache
from importlib import resources

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.errors import DomainError

MIN_LENGTH = 12
# An account that signs in with a password alone has one factor left to guess.
MIN_LENGTH_WITHOUT_MFA = 15
MAX_LENGTH = 128
# 139,974 lowercase entries, one per line: the most common passwords from public breach corpora.
COMMON_PASSWORDS_FILE = "common_passwords.txt.gz"

COMMON_MESSAGE = _l(
    "This password is on a list of passwords that are common or have been exposed in breaches. "
    "Choose another."
)


@cache
def common_passwords():
    """The shipped list as a frozenset: read once per process, on first use; O(1) look-ups."""
    with resources.files("db").joinpath("data", COMMON_PASSWORDS_FILE).open("rb") as raw:
        with gzip.open(raw, "rt", encoding="utf-8") as lines:
            return frozenset(line.rstrip("\r\n") for line in lines if line.strip())


def length(password):
    """Characters as a person counts them: an accented letter typed either way counts once."""
    return len(unicodedata.normalize("NFC", password))


def problems(password, *, username=None, email=None, without_mfa=False):
    """Every rule this password breaks, as sentences to show beside the password field."""
    password = password or ""
    if not password:
        return [_("Enter a password.")]
    found = []
    minimum = MIN_LENGTH_WITHOUT_MFA if without_mfa else MIN_LENGTH
    size = length(password)
    if size < minimum:
        if without_mfa:
            found.append(
                _(
                    "Use at least %(minimum)s characters: this account signs in without "
                    "a one-time access code.",
                    minimum=minimum,
                )
            )
        else:
            found.append(_("Use at least %(minimum)s characters.", minimum=minimum))
    elif size > MAX_LENGTH:
        found.append(_("Use %(maximum)s characters or fewer.", maximum=MAX_LENGTH))
    folded = password.casefold()
    if password.lower() in common_passwords() or folded in common_passwords():
        found.append(str(COMMON_MESSAGE))
    if username and folded == username.strip().casefold():
        found.append(_("Don't use your username as your password."))
    if email and folded == email.strip().casefold():
        found.append(_("Don't use your email address as your password."))
    return found


def require_acceptable(password, *, username=None, email=None, without_mfa=False):
    """Raise DomainError(field="password") naming every rule the password breaks."""
    found = problems(password, username=username, email=email, without_mfa=without_mfa)
    if found:
        raise DomainError(" ".join(found), field="password")
