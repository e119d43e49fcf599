"""How dates, times, money and numbers read on screen and in mail: stored in UTC, shown in the
marketplace's time zone, in the page's language (Babel's formats, by the locale flask-babel
selects: "Nov 3, 2026" in English, "3 nov 2026" in Spanish)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_currency, format_decimal
from flask import has_app_context
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from portal.rules.explanations import Explanation, Joined, Money, Percent

# The marketplace serves Minnesota.
LOCAL_ZONE = ZoneInfo("America/Chicago")
ENGLISH = Locale.parse("en_US")


# An assister's type as a consumer's page, mail or notice names it: stored in English
# (db/assisters.py), named in the language being written.
ASSISTER_TYPE_NAMES = {
    "broker": _l("Broker"),
    "navigator": _l("Navigator"),
    "cac": _l("Certified application counselor"),
}


def assister_type_name(assister_type):
    return str(ASSISTER_TYPE_NAMES[assister_type])


# The languages an assister or agency offers, as a page names them: stored in English
# (db/assisters.py), named in Spanish in lower case, as Spanish writes them ("inglés, español").
LANGUAGE_NAMES = {
    "English": _l("English"),
    "Spanish": _l("Spanish"),
    "Hmong": _l("Hmong"),
    "Somali": _l("Somali"),
    "Vietnamese": _l("Vietnamese"),
    "Karen": _l("Karen"),
    "Oromo": _l("Oromo"),
    "Amharic": _l("Amharic"),
    "Russian": _l("Russian"),
    "Chinese": _l("Chinese"),
    "Arabic": _l("Arabic"),
    "Lao": _l("Lao"),
    "Khmer": _l("Khmer"),
    "American Sign Language": _l("American Sign Language"),
}


def language_names(languages):
    """Stored languages ("English, Spanish") named in the page's language: "inglés, español"
    (a name not in the list, typed before it existed, as stored)."""
    return ", ".join(
        str(LANGUAGE_NAMES.get(name, name))
        for name in (part.strip() for part in languages.split(","))
        if name
    )


def _language():
    """The locale being written in (flask-babel's, `languages.writing_in` included); English
    outside the app (a service run from a script or a test)."""
    return get_locale() if has_app_context() else ENGLISH


def local_time(value):
    """A UTC time as the local day and time: "Nov 3, 2026, 4:05 PM"."""
    if value is None:
        return ""
    local = in_local_zone(value)
    locale = _language()
    return (
        f"{format_date(local.date(), 'medium', locale=locale)}, "
        f"{format_time(local.time(), 'short', locale=locale)}"
    )


def local_date(value):
    """The local day of a UTC time: "Nov 3, 2026"."""
    if value is None:
        return ""
    return format_date(in_local_zone(value).date(), "medium", locale=_language())


def local_long_date(value):
    """The local day of a UTC time written out: "November 3, 2026"."""
    if value is None:
        return ""
    return format_date(in_local_zone(value).date(), "long", locale=_language())


def in_local_zone(value):
    """A stored UTC time as an aware time in Minnesota."""
    # The stored UTC time, read as UTC by the zone's own fromutc. Not value.replace(tzinfo=UTC):
    # replace parses its keyword arguments, four times the cost of making the value again
    # (the dashboard converts 25 a page).
    return LOCAL_ZONE.fromutc(
        datetime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            LOCAL_ZONE,
        )
    )


def long_date(value):
    """A day written out: "November 3, 2026", "3 de noviembre de 2026"."""
    return format_date(_day(value), "long", locale=_language()) if value else ""


def month_year(value):
    """A month: "November 2026", "noviembre de 2026"."""
    return format_skeleton("yMMMM", _day(value), locale=_language()) if value else ""


def _day(value):
    return value.date() if isinstance(value, datetime) else value


def money(value):
    """Dollars and cents: "$1,234.50" in both languages (Spanish as written in the US)."""
    return format_currency(value, "USD", locale=_language()) if value is not None else ""


def number(value, digits=0):
    """A number with the page's separators, rounded to `digits` decimals."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_language())


def percent(value):
    """A percentage as the rules publish it, in the page's separators: "138%", "137.99%"."""
    return format_decimal(value, format="0.##", locale=_language()) + "%"


def explanation(text):
    """The rules' explanation (portal/rules/explanations.py) in the page's or notice's language,
    its figures in that language's formats; English as the rules wrote it, and any other text
    (a reason stored before, or one the rules no longer give) as it is."""
    if _language().language == "en":
        return str(text) if text is not None else ""
    return _written(text)


def _written(part):
    if isinstance(part, Explanation):
        if not part.figures:
            return gettext(part.msgid)
        figures = {name: _written(value) for name, value in part.figures.items()}
        return gettext(part.msgid, **figures)
    if isinstance(part, Joined):
        return " ".join(_written(each) for each in part.parts)
    if isinstance(part, Money):
        return money(part)
    if isinstance(part, Percent):
        return percent(part)
    return str(part)


def lesson_blocks(body):
    """A course module's text as text_blocks, with each line "Link: <title> | <url>" a
    ("link", (title, url)) block. Only a web address (http or https) makes a link: staff write
    these texts, and a "javascript:" address must never become one."""
    blocks, lines = [], []
    for line in body.strip().splitlines():
        link = _lesson_link(line.strip())
        if link is None:
            lines.append(line)
            continue
        blocks += text_blocks("\n".join(lines)) if lines else []
        blocks.append(("link", link))
        lines = []
    return blocks + (text_blocks("\n".join(lines)) if lines else [])


def _lesson_link(line):
    if not line.startswith("Link:") or "|" not in line:
        return None
    title, _, url = line.removeprefix("Link:").rpartition("|")
    title, url = title.strip(), url.strip()
    if not title or not url.startswith(("https://", "http://")) or " " in url:
        return None
    return title, url


def text_blocks(body):
    """Plain text as ("paragraph", text) and ("list", items) blocks; "- " lines are items."""
    blocks = []
    for line in body.strip().splitlines():
        line = line.strip()
        if not line:
            blocks.append(("break", None))
        elif line.startswith("- "):
            if blocks and blocks[-1][0] == "list":
                blocks[-1][1].append(line[2:])
            else:
                blocks.append(("list", [line[2:]]))
        elif blocks and blocks[-1][0] == "paragraph":
            blocks[-1] = ("paragraph", f"{blocks[-1][1]} {line}")
        else:
            blocks.append(("paragraph", line))
    return [block for block in blocks if block[0] != "break"]
