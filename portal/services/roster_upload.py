"""The roster as a CSV file (S8: "Agency Administrator submits a roster approving staff access"):
the agency administrator downloads their roster, marks each person approve or inactive, and
uploads it. Each row goes through the roster page's own actions (portal/services/roster.py),
and the report says of every row what was applied, what was already so, and what was refused
and why.

A file that can't be read as a roster (not UTF-8, not a CSV, wrong headers, empty, too large,
too many rows) is refused whole, nothing applied. Otherwise each row is applied or refused on
its own: the actions run in a savepoint each (their own `database.atomic()` inside the
upload's), so a row that fails half way leaves nothing of itself and the others stand. Uploading
the same file again applies nothing twice: each action does nothing to someone already so.

The agency's roster is read once, whatever the number of rows: only the rows that change
someone write. A cell starting with = + - or @ would run as a formula when a spreadsheet opens
the file (CSV injection), so such a row is refused and the download neutralises such a cell
with a leading apostrophe, which an upload reads back as the text after it.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass

from db import database
from db.certifications import RosterUpload
from portal.errors import DomainError
from portal.services import audit, roster

HEADERS = ("email", "first_name", "last_name", "type", "action")
TYPES = {"navigator": "navigator", "cac": "cac"}
ACTIONS = {"approve": roster.approve, "inactive": roster.mark_inactive}
# Whether an action has nothing to do, read from the roster as loaded: most rows of a roster
# uploaded again say what already is, and cost no statement. (Staff's inactive is refused by
# the action itself, so approving such a person is not "already so".)
ALREADY = {
    "approve": (lambda a: a.is_active and roster.is_approved(a), roster.ALREADY_APPROVED),
    "inactive": (roster.is_inactive, roster.ALREADY_INACTIVE),
}
# What each roster status is written as in the download; a person still waiting is left blank
# for the agency administrator to choose.
ACTION_OF_STATUS = {"approved": "approve", "inactive": "inactive", "pending": ""}
FORMULA_STARTS = ("=", "+", "-", "@")
NEUTRALISED = "'"
FILENAME_MAX = RosterUpload.filename.max_length
SAVE_AS = "Save it as \u201cCSV UTF-8\u201d from your spreadsheet and upload it again."


class FileRefused(DomainError):
    """The whole file was refused: nothing was applied."""

    def __init__(self, message):
        super().__init__(message, field="file")


@dataclass(frozen=True)
class RowResult:
    number: int  # the row in a spreadsheet (the headers are row 1)
    email: str
    result: str  # "applied", "unchanged" or "refused"
    message: str


@dataclass(frozen=True)
class Report:
    upload: RosterUpload
    rows: list
    # The last upload of the same file by this agency, before this one (or None).
    uploaded_before: RosterUpload | None


def read(data, max_bytes, max_rows):
    """The file's rows as (spreadsheet row number, {header: cell}, number of cells), or
    FileRefused saying why the file can't be read as a roster. Blank rows are skipped."""
    if len(data) > max_bytes:
        raise FileRefused(
            f"This file is larger than {_size(max_bytes)}. Split the roster into smaller files "
            "and upload each."
        )
    if not data.strip():
        raise FileRefused("This file is empty. Upload your roster, its headers in the first row.")
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise FileRefused(f"This is not a CSV file (a spreadsheet workbook?). {SAVE_AS}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(f"This file is not in UTF-8. {SAVE_AS}") from error
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise FileRefused(f"This file can't be read as CSV ({error}). {SAVE_AS}") from error
    numbered = [
        (number, cells)
        for number, cells in enumerate(records, start=1)
        if any(cell.strip() for cell in cells)
    ]
    if not numbered:
        raise FileRefused("This file is empty. Upload your roster, its headers in the first row.")
    headers = [cell.strip().lower() for cell in numbered[0][1]]
    _check_headers(headers)
    rows = [
        (number, dict(zip(headers, cells, strict=False)), len(cells))
        for number, cells in numbered[1:]
    ]
    if not rows:
        raise FileRefused("This file has headers but no rows: there is nobody to apply.")
    if len(rows) > max_rows:
        raise FileRefused(
            f"This file has {len(rows):,} rows; at most {max_rows:,} are read at once. Split "
            "the roster into smaller files and upload each."
        )
    return rows


def upload(actor, agency, uploaded_by, filename, data, max_bytes, max_rows):
    """Apply an uploaded roster file for `agency` (by the agency administrator `uploaded_by`)
    in one transaction, each row in a savepoint of its own: the Report of every row, kept as a
    RosterUpload with its counts and the file's SHA-256."""
    rows = read(data, max_bytes, max_rows)
    digest = hashlib.sha256(data).hexdigest()
    with database.atomic():
        uploaded_before = (
            RosterUpload.select()
            .where(RosterUpload.agency == agency, RosterUpload.sha256 == digest)
            .order_by(RosterUpload.uploaded_at.desc(), RosterUpload.id.desc())
            .first()
        )
        by_email = {}
        for assister in roster.staff_of(agency):
            by_email.setdefault(_folded(assister.email), []).append(assister)
        first_rows = {}
        results = [
            _apply(actor, by_email, first_rows, number, cells, width)
            for number, cells, width in rows
        ]
        counts = {kind: sum(r.result == kind for r in results) for kind in
                  ("applied", "unchanged", "refused")}
        record = RosterUpload.create(
            agency=agency,
            uploaded_by=uploaded_by,
            filename=_filename(filename),
            sha256=digest,
            rows_applied=counts["applied"],
            rows_unchanged=counts["unchanged"],
            rows_refused=counts["refused"],
        )
        audit.record(
            actor, "roster.uploaded", obj=record,
            detail=f"{record.filename}: {counts['applied']} applied, "
            f"{counts['unchanged']} unchanged, {counts['refused']} refused",
        )
    return Report(record, results, uploaded_before)


def download(agency):
    """The agency's roster in the upload's format, by name, as CSV text (formulas
    neutralised)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for assister in roster.staff_of(agency).order_by(*roster.NAME_ORDER):
        writer.writerow(
            _neutralised(cell)
            for cell in (
                assister.email,
                assister.first_name,
                assister.last_name,
                assister.assister_type,
                ACTION_OF_STATUS[assister.roster_status],
            )
        )
    return out.getvalue()


def _check_headers(headers):
    expected = ", ".join(HEADERS)
    missing = [name for name in HEADERS if name not in headers]
    unknown = [name for name in headers if name not in HEADERS]
    repeated = sorted({name for name in headers if name and headers.count(name) > 1})
    if missing or unknown or repeated:
        problems = []
        if missing:
            problems.append("missing " + ", ".join(missing))
        if unknown:
            problems.append("not expected " + ", ".join(f"\u201c{n}\u201d" for n in unknown))
        if repeated:
            problems.append("more than once " + ", ".join(repeated))
        raise FileRefused(
            f"The first row must be the headers {expected} ({'; '.join(problems)}). Download "
            "the roster for a file with the right headers."
        )


def _apply(actor, by_email, first_rows, number, cells, width):
    email = _plain(cells.get("email") or "")

    def refused(message):
        return RowResult(number, email, "refused", message)

    key = _folded(email)
    if key in first_rows:
        return refused(f"This email is also on row {first_rows[key]}: only that row is used.")
    if key:
        first_rows[key] = number
    if width != len(HEADERS):
        return refused(f"This row has {width} cells; the headers have {len(HEADERS)}.")
    for name in HEADERS:
        if cells[name].strip().startswith(FORMULA_STARTS):
            return refused(
                f"The {name} cell starts with \u201c{cells[name].strip()[0]}\u201d, as a "
                "spreadsheet formula does: formulas are refused."
            )
    values = {name: _plain(cells[name]) for name in HEADERS}
    if not key:
        return refused("This row has no email.")
    action = values["action"].lower()
    if action and action not in ACTIONS:
        return refused(
            f"\u201c{values['action']}\u201d is not an action: write approve or inactive."
        )
    people = by_email.get(key, [])
    if not people:
        # The same answer for another agency's staff: this agency may not learn who they are.
        return refused("No one with this email is registered under your agency.")
    if len(people) > 1:
        return refused(
            "More than one person on your roster has this email: use the buttons on the "
            "roster page for each of them."
        )
    (assister,) = people
    mismatch = _mismatch(assister, values)
    if mismatch:
        return refused(mismatch)
    if not action:
        return RowResult(number, email, "unchanged", "No action given: left as it is.")
    already, message = ALREADY[action]
    if already(assister):
        return RowResult(number, email, "unchanged", message.format(name=assister.full_name))
    try:
        outcome = ACTIONS[action](actor, assister)
    except DomainError as error:
        return refused(error.message)
    return RowResult(number, email, "applied" if outcome.changed else "unchanged", outcome.what)


def _mismatch(assister, values):
    for name, label in (("first_name", "first name"), ("last_name", "last name")):
        if _folded(values[name]) != _folded(getattr(assister, name)):
            return (
                f"The {label} does not match the record for this email "
                f"({assister.full_name})."
            )
    typed = values["type"].lower()
    if TYPES.get(typed) != assister.assister_type:
        return (
            f"The type \u201c{values['type']}\u201d does not match the record for this email "
            f"({assister.assister_type}): write navigator or cac."
        )
    return None


def _size(limit):
    megabytes = limit / 1024 / 1024
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{limit:,} bytes"


def _neutralised(cell):
    return NEUTRALISED + cell if cell.startswith(FORMULA_STARTS) else cell


def _plain(cell):
    """The cell as typed, a neutralising apostrophe (from the download) taken off."""
    cell = cell.strip()
    if cell.startswith(NEUTRALISED) and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _folded(text):
    return " ".join((text or "").split()).casefold()


def _filename(name):
    # Only the last part of a path, and no control characters: it is shown on the report.
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "roster.csv")[:FILENAME_MAX]
