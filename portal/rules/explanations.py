"""The rules' explanations ("why" a member has a program) as text that can be written in another
language (S13).

An Explanation is the English sentence the rules have always given (it is a `str`: the rules'
tests, the stored `reason` and the English pages read it unchanged), made from a message of the
catalog and its figures: money, percentages, numbers and other explanations. The portal writes
it again in a reader's language (portal.display.explanation), with the figures in that
language's formats. No Flask here: the rules stay pure.
"""

from decimal import Decimal

from portal.rules.amounts import as_money, as_percent


def N_(msgid: str) -> str:  # noqa: N802 - gettext's name for "mark for the catalog only"
    """Marks an English message for the catalog (pybabel reads N_), leaving it as it is."""
    return msgid


class Money(Decimal):
    """Dollars and cents: "$1,234.56"."""

    def __str__(self):
        return as_money(Decimal(self))


class Percent(Decimal):
    """A percentage as the rules publish it: "138%", "137.99%"."""

    def __str__(self):
        return as_percent(Decimal(self))


class Explanation(str):
    """An English sentence (or part of one) of the rules: `msgid` % `figures`.

    A figure is a Money, a Percent, an int, or another Explanation (a part written in the same
    language). A message with no figures is a phrase of the catalog, such as a group's name."""

    msgid: str
    figures: dict

    def __new__(cls, msgid: str, **figures):
        english = msgid
        if figures:
            english = msgid % {name: str(value) for name, value in figures.items()}
        self = super().__new__(cls, english)
        self.msgid = msgid
        self.figures = figures
        return self


class Joined(str):
    """Explanations read one after the other, a space between them."""

    parts: tuple

    def __new__(cls, *parts: str):
        self = super().__new__(cls, " ".join(parts))
        self.parts = parts
        return self
