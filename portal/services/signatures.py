"""Electronic signatures: a typed name must match the person's name on the application.

The rule, stated once for every signature in the portal: spaces before and after are ignored and a
run of spaces counts as one; letter case is ignored (people type "jane doe"); every other
character (letters, hyphens, apostrophes, accents) must be exactly as on the application.
"""


# Navigators and CACs complete the Assister section; a broker acts as Agent of Record instead.
ASSISTER_SECTION_TYPES = ("navigator", "cac")


def normalized(name):
    return " ".join((name or "").split()).casefold()


def matches(typed, expected):
    return bool(normalized(typed)) and normalized(typed) == normalized(expected)
