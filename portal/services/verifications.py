"""Verification requests (S6.2, S6.3): opened by the rules with the determination, each with its
notice; closed by staff once documents prove the attestation, withdrawn with a rescinded
application. The earliest open due date is kept on the consumer row (and copied by the database
onto each association, migration 018) for the work queue's "Verification deadlines"."""

import peewee as pw
from flask import render_template
from flask_babel import lazy_gettext as _l

from db import database, utcnow
from db.applications import ApplicationMember
from db.consumers import Consumer
from db.documents import Document
from db.verifications import VerificationRequest
from portal import languages, rules
from portal.actors import SYSTEM
from portal.display import long_date
from portal.errors import DomainError, required_text
from portal.services import applications, audit, notices

NOTE_MAX = 500


def open_for_determination(application, case, household, determination, issued_at):
    """The requests the determination calls for, and their notice; none if nothing needs proof."""
    # A reported change asks again only for what is not already asked for or proved (the case's
    # requests follow their people from version to version: changes.make_current).
    asked = set(
        VerificationRequest.select(VerificationRequest.member, VerificationRequest.kind)
        .where((VerificationRequest.case == case) & (VerificationRequest.status != "withdrawn"))
        .tuples()
    )
    needed = [
        documents
        for documents in rules.documents_needed(household, determination, issued_at.date())
        if (documents.key, documents.kind) not in asked
    ]
    if not needed:
        return []
    members = applications.members(application)  # primary applicant first
    by_key = {member.id: member for member in members}
    requests = []
    for documents in needed:
        member = by_key[documents.key]
        request = VerificationRequest.create(
            consumer=application.consumer_id,
            case=case,
            member=member,
            kind=documents.kind,
            reason=_english_reason(documents.kind, member),
            due_on=documents.due_on,
            opened_at=issued_at,
        )
        audit.record(
            SYSTEM, "verification.requested", application.consumer_id, request, _about(request)
        )
        requests.append(request)
    notices.issue(
        application.consumer_id,
        case,
        "verification",
        _l("Documents needed by %(date)s (case %(case)s)", date=_LongDate(requests[0].due_on),
           case=case.case_number),
        issued_at,
        primary=members[0],
        requests=requests,
    )
    _keep_due_date(application.consumer_id)
    return requests


def reason(request):
    """What the request asks for and why, in the page's or the notice's language."""
    return render_template(
        f"notices/verification_{request.kind}.txt", member=request.member
    ).strip()


def _english_reason(kind, member):
    # Kept on the request as staff read it (their pages are in English).
    with languages.writing_in(languages.DEFAULT):
        return render_template(f"notices/verification_{kind}.txt", member=member).strip()


class _LongDate:
    """A day written out when a lazy title is read, in that reading's language."""

    def __init__(self, day):
        self.day = day

    def __str__(self):
        return long_date(self.day)


def mark_verified(actor, request, note):
    """Staff saw documents that prove what was asked: the request is closed."""
    note = required_text(note, "note", "Say which document proved it.", NOTE_MAX, noun="note")
    with database.atomic():
        closed = (
            VerificationRequest.update(
                status="verified", closed_at=utcnow(), closed_by=actor.user, closed_note=note
            )
            .where((VerificationRequest.id == request.id) & (VerificationRequest.status == "open"))
            .execute()
        )
        if not closed:
            raise DomainError("This verification request is already closed.")
        _keep_due_date(request.consumer_id)
        audit.record(actor, "verification.verified", request.consumer_id, request, _about(request))


def withdraw_for(actor, case):
    """The case's application was rescinded: nothing is left to prove."""
    withdrawn = (
        VerificationRequest.update(status="withdrawn", closed_at=utcnow(), closed_by=actor.user)
        .where((VerificationRequest.case == case) & (VerificationRequest.status == "open"))
        .execute()
    )
    if withdrawn:
        _keep_due_date(case.consumer_id)


def for_case(case):
    """The case's requests, open ones first, each group by due date; each with the documents
    sent for it (`documents`, newest first: the pages show where each one stands)."""
    requests = (
        VerificationRequest.select(VerificationRequest, ApplicationMember)
        .join(ApplicationMember, pw.JOIN.LEFT_OUTER)
        .where(VerificationRequest.case == case)
        .order_by(
            pw.Case(None, ((VerificationRequest.status == "open", 0),), 1),
            VerificationRequest.due_on,
            VerificationRequest.id,
        )
    )
    documents = Document.select().order_by(Document.uploaded_at.desc(), Document.id.desc())
    return pw.prefetch(requests, documents)


def _keep_due_date(consumer_id):
    earliest = (
        VerificationRequest.select(pw.fn.MIN(VerificationRequest.due_on))
        .where(
            (VerificationRequest.consumer == consumer_id) & (VerificationRequest.status == "open")
        )
        .scalar()
    )
    Consumer.update(verification_due_on=earliest).where(Consumer.id == consumer_id).execute()


def _about(request):
    member = f"{request.member.full_name}: " if request.member_id else ""
    return f"{member}{request.get_kind_display()}, due {long_date(request.due_on)}"
