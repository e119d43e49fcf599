"""How the rules round and show money and percentages.

Money is rounded to cents and percentages to two places, half up: the way a person checking a
figure by hand rounds, so the numbers on screen can be reproduced on paper.
"""

import functools
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def two_places(percent: Decimal) -> Decimal:
    return Decimal(percent).quantize(CENT, rounding=ROUND_HALF_UP)


def as_money(amount: Decimal) -> str:
    """$1,234.56"""
    return f"${cents(amount):,}"


# Every determination shows the same published limits (138%, 200%, 400% ...) in its reasons.
@functools.lru_cache(maxsize=1024)
def as_percent(percent: Decimal) -> str:
    """138% or 137.99%: trailing zeros dropped so a limit reads the way it is published."""
    text = f"{two_places(percent):f}".rstrip("0").rstrip(".")
    return f"{text}%"
