"""The secret numbers the portal emails to let someone in once: the Registration Number of an
activation email and the Training ID that opens the course.

Each is 12 characters from an alphabet without look-alikes (no I, O, 0, 1), shown as
XXXX-XXXX-XXXX: letters make it impossible to confuse with the all-digit Reference Number, and
32**12 = 2**60 possibilities cannot be guessed under the rate limit. Only its SHA-256 is stored.
"""

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 12


def new_number():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(typed):
    """What counts of a typed number: case, spaces and dashes are ignored."""
    return "".join(ch for ch in (typed or "").upper() if ch not in " -\t")


def display(number):
    number = normalize(number)
    return "-".join(number[i : i + 4] for i in range(0, LENGTH, 4))


def looks_like_number(typed):
    number = normalize(typed)
    return len(number) == LENGTH and all(ch in ALPHABET for ch in number)


def hash_number(number):
    return hashlib.sha256(normalize(number).encode()).hexdigest()
