"""Verification documents (S6.3): a household, or an assister acting for it, uploads copies of
documents against an open verification request, or as "other" (nobody asked for them); staff
accept or reject each one.

A file is judged by its content, never its name: the first bytes must be those of a PDF, JPEG,
PNG, HEIC or TIFF (`filetype`'s magic numbers), and a PDF must carry no script or program
launch. Files are kept outside the web root, in the folder the app is configured with
(DOCUMENTS_DIR), under random names, with their SHA-256 on the row; they are only ever sent
to staff as a download. An upload is all or nothing: the files are written to temporary names
in that folder, the rows inserted in one transaction, and the files renamed into place as its
last step; whatever fails on the way, no row and no file is left."""

import hashlib
import os
import re
import secrets
import tempfile
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import filetype
import peewee as pw
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db import database, utcnow
from db.cases import Case
from db.documents import NOTE_MAX, OTHER_DOCUMENTS, Document
from db.verifications import VerificationRequest
from portal.errors import DomainError, NotFound, required_text
from portal.services import audit, notices, verifications

FILE_MAX = 10 * 1024 * 1024
UPLOAD_MAX = 25 * 1024 * 1024
REASON_MAX = 500
# What a document may be, as its first bytes show (filetype knows HEIC and TIFF, which phones
# and scanners make, as well).
CONTENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/heic": "HEIC",
    "image/tiff": "TIFF",
}
# Content that runs: a program renamed to look like a document is named for what it is.
PROGRAMS = {
    "application/x-executable",
    "application/x-msdownload",
    "application/wasm",
    "application/x-shockwave-flash",
    "application/x-google-chrome-extension",
}
# The PDF names of actions that run something when the file is opened or clicked: JavaScript
# (/JS, /JavaScript: an /OpenAction or /AA names one of them) and /Launch (a program).
PDF_ACTIONS = re.compile(rb"/(?:JS|JavaScript|Launch)(?![A-Za-z0-9])")
# A name may spell a character as #xx (/J#61vaScript is /JavaScript).
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
# Compressed streams (object streams hold a file's dictionaries) are read up to this much in
# all: a small file that inflates to gigabytes is refused, not read.
PDF_INFLATED_MAX = 4 * FILE_MAX
NAME_MAX = 255


class FilesRefused(DomainError):
    """One or more of the files sent can't be taken: `problems`, one sentence each."""

    def __init__(self, problems):
        super().__init__(problems[0], field="files")
        self.problems = problems


@dataclass(frozen=True)
class Checked:
    file_name: str
    content: bytes
    content_type: str
    sha256: str


@dataclass(frozen=True)
class Received:
    """What an upload did: the documents it stored, and (name sent, document) of each file
    it had already received."""

    stored: list
    already: list


def display_name(name):
    """The name a file was sent with, made safe to show: no folders, no control or
    direction-changing characters, at most NAME_MAX characters (its extension kept)."""
    name = unicodedata.normalize("NFKC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = " ".join(name.split()).strip(". ")
    if len(name) > NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        extension = extension[:10] if dot else ""
        name = (stem or name)[: NAME_MAX - len(extension) - 1] + (f".{extension}" if dot else "")
    return name or "document"


def check_file(name, stream):
    """The file as sent, or FilesRefused saying what is wrong with it."""
    shown = display_name(name)
    content = stream.read(FILE_MAX + 1)
    if not content:
        raise FilesRefused([_("%(file)s is empty. Choose the file again, or scan it again.",
                                file=shown)])
    if len(content) > FILE_MAX:
        raise FilesRefused(
            [_("%(file)s is larger than %(size)s MB. Send a smaller copy (a lower resolution "
               "scan, or each page on its own).", file=shown, size=FILE_MAX // (1024 * 1024))]
        )
    kind = filetype.guess(content)
    content_type = kind.mime if kind else None
    if content_type in PROGRAMS:
        raise FilesRefused([_("%(file)s is a program, not a document: it can't be uploaded.",
                                file=shown)])
    if content_type not in CONTENT_TYPES:
        raise FilesRefused(
            [_("%(file)s is not a PDF, JPEG, PNG, HEIC or TIFF file (whatever its name says). "
               "Save or scan the document as one of those.", file=shown)]
        )
    if content_type == "application/pdf" and runs_something(content):
        raise FilesRefused(
            [_("%(file)s is a PDF that contains a script or an action that runs something, so "
               "it can't be uploaded. Print it to a new PDF, or scan the paper copy.",
               file=shown)]
        )
    return Checked(shown, content, content_type, hashlib.sha256(content).hexdigest())


def runs_something(pdf):
    """Whether the PDF names a JavaScript or Launch action, in the open or inside a compressed
    stream; a stream that inflates beyond PDF_INFLATED_MAX counts as one."""
    budget = PDF_INFLATED_MAX
    parts = [pdf]
    for match in PDF_STREAM.finditer(pdf):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget + 1)
        except zlib.error:
            continue  # not deflated (an image's own encoding): nothing in it names an action
        budget -= len(inflated)
        if budget < 0:
            return True
        parts.append(inflated)
    return any(
        PDF_ACTIONS.search(PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), part))
        for part in parts
    )


def check_files(files):
    """Every file sent, checked; FilesRefused with a sentence for each one that can't be
    taken, or when none was chosen or all together are too large."""
    checked, problems = [], []
    for name, stream in files:
        try:
            checked.append(check_file(name, stream))
        except FilesRefused as refused:
            problems += refused.problems
    if not checked and not problems:
        problems.append(_("Choose a file to upload."))
    elif sum(len(file.content) for file in checked) > UPLOAD_MAX:
        problems.append(
            _("The files add up to more than %(size)s MB. Upload them a few at a time.",
              size=UPLOAD_MAX // (1024 * 1024))
        )
    if problems:
        raise FilesRefused(problems)
    return checked


def upload(actor, request, document_type, files, folder):
    """Store `files` ((name, binary stream) pairs) as documents of `document_type` for the open
    verification `request`, in `folder`. A file already received for the request (the same
    SHA-256: sent again, or a double click) is recognized and not stored twice. All or
    nothing: DomainError (FilesRefused for the files) and nothing is stored."""
    if document_type not in dict(request.accepted_documents):
        raise DomainError(_("Choose which document this is."), field="document_type")
    if request.status != "open":
        raise DomainError(
            _("This request is %(status)s: no more documents are needed for it.",
              status=request.get_status_display().lower())
        )
    return _receive(
        actor, files, Path(folder), Document.verification_request == request,
        consumer=request.consumer_id, case=request.case_id, verification_request=request,
        document_type=document_type,
    )


def upload_other(actor, consumer, document_type, note, files, folder):
    """Store `files` as documents of `document_type` (one of OTHER_DOCUMENTS) that the consumer
    sends unasked, with an optional `note` of what they are for, on their current case if they
    have one. A file the consumer already sent as "other" is not stored twice; all or nothing,
    as `upload`."""
    if document_type not in dict(OTHER_DOCUMENTS):
        raise DomainError(_("Choose which document this is."), field="document_type")
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise DomainError(_("Keep the note to %(count)s characters or fewer.", count=NOTE_MAX),
                          field="note")
    return _receive(
        actor, files, Path(folder),
        (Document.consumer == consumer.id) & Document.verification_request.is_null(),
        consumer=consumer.id, case=current_case(consumer), document_type=document_type,
        note=note or None,
    )


def current_case(consumer):
    """The consumer's open case, the newest (None before an application is submitted, or once
    it is rescinded)."""
    return (
        Case.select()
        .where((Case.consumer == consumer.id) & (Case.status == "open"))
        .order_by(Case.id.desc())
        .first()
    )


def _receive(actor, files, folder, same_owner, **values):
    """Check `files` and store those not yet held by `same_owner` (the documents a file sent
    again would be one of) as documents of `values`."""
    checked = {}
    for file in check_files(files):
        checked.setdefault(file.sha256, file)  # the same file twice in one upload: the first
    try:
        return _store(actor, checked, folder, same_owner, values)
    except pw.IntegrityError:
        # The same file was stored by another request for the same owner meanwhile (a double
        # click): what it stored is now found as already received.
        return _store(actor, checked, folder, same_owner, values)


def _store(actor, checked, folder, same_owner, values):
    already = list(
        Document.select()
        .where(same_owner & Document.sha256.in_(list(checked)))
        .order_by(Document.id)
    )
    known = {document.sha256: document for document in already}
    new = [file for sha256, file in checked.items() if sha256 not in known]
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    incoming, placed = [], []
    try:
        for file in new:
            incoming.append(_write_incoming(folder, file.content))
        with database.atomic():
            stored = []
            for file in new:
                document = Document.create(
                    **values,
                    file_name=file.file_name,
                    content_type=file.content_type,
                    size=len(file.content),
                    sha256=file.sha256,
                    storage_name=secrets.token_hex(32),
                    uploaded_by=actor.user,
                    uploaded_role=actor.role,
                )
                action = "document.uploaded_other" if document.is_other else "document.uploaded"
                audit.record(actor, action, document.consumer_id, document, _about(document))
                stored.append(document)
            # Last in the transaction: a file is in place only with its row.
            for path, document in zip(incoming, stored, strict=True):
                os.replace(path, folder / document.storage_name)
                placed.append(folder / document.storage_name)
    except BaseException:
        for path in [*incoming, *placed]:
            path.unlink(missing_ok=True)
        raise
    return Received(stored, [(checked[sha256].file_name, known[sha256]) for sha256 in known])


def _write_incoming(folder, content):
    handle, name = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def find_request(request_id):
    """The verification request `request_id` names (NotFound for none)."""
    request = VerificationRequest.get_or_none(VerificationRequest.id == request_id)
    if request is None:
        raise NotFound("There is no such verification request.")
    return request


def for_request(request):
    """The request's documents, newest first."""
    return list(
        Document.select()
        .where(Document.verification_request == request)
        .order_by(Document.uploaded_at.desc(), Document.id.desc())
    )


def other_for(consumer):
    """The documents the consumer sent as "other", newest first."""
    return list(
        Document.select()
        .where((Document.consumer == consumer.id) & Document.verification_request.is_null())
        .order_by(Document.uploaded_at.desc(), Document.id.desc())
    )


def open_file(actor, document, folder):
    """The stored file of `document`, for staff to download; every opening is audited."""
    path = Path(folder) / document.storage_name
    if not path.is_file():
        raise NotFound("The file of this document is missing from the documents folder.")
    audit.record(actor, "document.opened", document.consumer_id, document, _about(document))
    return path


def accept(actor, document):
    """Staff found that the document proves what it is for: it is accepted, its request (if it
    has one, still open) verified, and the consumer is sent a notice."""
    with database.atomic():
        _review(actor, document, "accepted")
        audit.record(actor, "document.accepted", document.consumer_id, document,
                     _about(document))
        request = document.verification_request
        if request is not None and request.status == "open":
            note = f"Accepted {document.get_document_type_display()}: {document.file_name}"
            verifications.mark_verified(actor, request, note[: verifications.NOTE_MAX])
        _notify(document, "document_accepted")


def reject(actor, document, reason):
    """Staff can't accept the document: it is rejected with `reason`, shown to the consumer and
    their assisters; its request (if any) stays open for another document, and a notice says
    why."""
    reason = required_text(
        reason, "reason", "Give the reason for rejecting this document.", REASON_MAX
    )
    with database.atomic():
        _review(actor, document, "rejected", rejection_reason=reason)
        audit.record(actor, "document.rejected", document.consumer_id, document,
                     f"{_about(document)}: {reason}")
        _notify(document, "document_rejected", reason=reason)


def _notify(document, kind, **context):
    # A request's document is on the request's case; one sent as "other" on the case the
    # consumer had then, or none.
    case = document.case
    notices.issue(
        document.consumer_id, case, kind, _title(kind, document.get_document_type_display(), case),
        document=document, request=document.verification_request, **context,
    )


def _title(kind, type_shown, case):
    """The notice's title, lazy: read in the consumer's language."""
    if kind == "document_accepted":
        if case is None:
            return _l("Document accepted: %(type)s", type=type_shown)
        return _l("Document accepted: %(type)s (case %(case)s)", type=type_shown,
                  case=case.case_number)
    if case is None:
        return _l("Document not accepted: %(type)s", type=type_shown)
    return _l("Document not accepted: %(type)s (case %(case)s)", type=type_shown,
              case=case.case_number)


def _review(actor, document, status, **values):
    reviewed = (
        Document.update(status=status, reviewed_by=actor.user, reviewed_at=utcnow(), **values)
        .where((Document.id == document.id) & (Document.status == "received"))
        .execute()
    )
    if not reviewed:
        raise DomainError("This document has already been reviewed.")
    document.status = status
    for name, value in values.items():
        setattr(document, name, value)


def _about(document):
    return f"{document.get_document_type_display()}, {document.file_name}"

