"""Reference Numbers: what an assister gives a consumer so the consumer can find them.

Nine random digits and a Verhoeff check digit. Random so numbers can't be guessed or walked;
Verhoeff so every single-digit typo and every swap of neighbours is caught before any look-up.
"""

import secrets

from stdnum import verhoeff

LENGTH = 10


def new():
    body = secrets.choice("123456789") + "".join(secrets.choice("0123456789") for _ in range(8))
    return body + verhoeff.calc_check_digit(body)


def normalize(typed):
    """Drop the spaces and dashes people type between digit groups."""
    return "".join(ch for ch in (typed or "") if ch not in " -")


def is_valid(typed):
    number = normalize(typed)
    return len(number) == LENGTH and number.isdigit() and verhoeff.is_valid(number)


def display(number):
    """Grouped for reading aloud over the phone: 123-456-7890."""
    return f"{number[:3]}-{number[3:6]}-{number[6:]}"
