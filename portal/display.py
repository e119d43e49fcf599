"""How dates and times read on screen: stored in UTC, shown in the marketplace's time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

# The marketplace serves Minnesota.
LOCAL_ZONE = ZoneInfo("America/Chicago")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local_time(value, fmt="%b %-d, %Y %-I:%M %p"):
    if value is None:
        return ""
    return _local(value).strftime(fmt)


def local_date(value):
    """The local day of a UTC time, as "Nov 3, 2026". Written out rather than by strftime,
    which cost eight times as much (its locale look-ups): the dashboard shows 25 a page."""
    if value is None:
        return ""
    local = _local(value)
    return f"{MONTHS[local.month - 1]} {local.day}, {local.year}"


def _local(value):
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
    return value.strftime("%B %-d, %Y") if value else ""


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
