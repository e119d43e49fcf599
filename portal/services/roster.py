"""An agency's roster (S8; the seed manual's "Portal access steps for navigators and
certification application counselors"): the agency administrator approves their navigators and
CACs for portal access, marks those who leave inactive, and confirms renewals. The same
functions serve the roster page's buttons and the CSV upload (portal/services/roster_upload.py).

Approving confirms a pending first certification and, once the current course is mastered, the
activation email goes out by itself. Marking someone inactive ends their access at once, as a
lapse does (portal/services/standing.py): sessions end and their clients' associations are
suspended, each consumer told. The agency can't override marketplace staff: someone staff made
inactive stays so, whatever the roster says.
"""

import math
from dataclasses import dataclass

import peewee as pw

from db import database, utcnow
from db.assisters import CERTIFICATION_STATUSES, ROSTER_STATUSES, Assister, RegistrationNumber
from db.certifications import Certification
from db.training import CourseModule, ModuleProgress
from portal.errors import DomainError, NotFound
from portal.services import audit, certifications, courses, registration, standing

# Agency staff: brokers are certified one by one and are never on an agency's roster.
STAFF_TYPES = ("navigator", "cac")
PER_PAGE = 25
SEARCH_MAX = 100
STATUS_LABELS = dict(ROSTER_STATUSES)
CERTIFICATION_LABELS = dict(CERTIFICATION_STATUSES)
NAME_ORDER = (Assister.last_name, Assister.first_name, Assister.id)
NOT_ON_ROSTER = "There is no such person on your agency's roster."
ASK_THE_ARC = "To ask why, call the ARC (navigators and CACs)."
ALREADY_APPROVED = "{name} is already approved for portal access."
ALREADY_INACTIVE = "{name} is already inactive."


@dataclass(frozen=True)
class Outcome:
    """What an action did to one person: `changed` False when it was already so (a second
    click, the same file again); `what` says it in the agency administrator's words."""

    assister: Assister
    changed: bool
    what: str


@dataclass(frozen=True)
class Entry:
    assister: Assister
    modules_done: int
    mastered: bool
    # When the activation email that can still be used was sent (None: activated, or not yet).
    activation_sent_at: object
    renewal_pending: bool


@dataclass(frozen=True)
class Page:
    entries: list
    total: int
    page: int
    pages: int
    modules_total: int

    @property
    def first(self):
        return (self.page - 1) * PER_PAGE + 1


def staff_of(agency):
    """The agency's navigators and CACs, whatever their standing."""
    return Assister.select().where(
        Assister.agency == agency, Assister.assister_type.in_(STAFF_TYPES)
    )


def person(agency, assister_id):
    """One person on the agency's roster; NotFound for anyone else (another agency's staff,
    a broker, an id nothing has)."""
    found = staff_of(agency).where(Assister.id == assister_id).first()
    if found is None:
        raise NotFound(NOT_ON_ROSTER)
    return found


def clean_search(text):
    return " ".join((text or "").split())[:SEARCH_MAX]


def clean_status(text):
    return text if text in STATUS_LABELS else ""


def page_of(agency, search="", status="", page=1):
    """One page of the roster, by name: each person's certification, training and portal
    access. `search` matches every word in the name or email; `status` a roster status. An
    agency's roster is tens or hundreds of people, so pages are numbered (a page past the last
    shows the last)."""
    query = staff_of(agency)
    for word in clean_search(search).lower().split():
        name = pw.fn.LOWER(Assister.first_name.concat(" ").concat(Assister.last_name))
        query = query.where(name.contains(word) | pw.fn.LOWER(Assister.email).contains(word))
    if clean_status(status):
        query = query.where(Assister.roster_status == status)
    total = query.count()
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(1, page), pages)
    people = list(
        query.order_by(*NAME_ORDER).paginate(page, PER_PAGE)
    )
    course = courses.current_course()
    modules_total = course.modules.count() if course else 0
    done = _modules_done(people, course)
    sent = _activation_sent(people)
    renewals = _renewals_pending(people)
    entries = [
        Entry(
            assister=assister,
            modules_done=done.get(assister.id, 0),
            mastered=courses.mastered(assister, course),
            activation_sent_at=sent.get(assister.id),
            renewal_pending=assister.id in renewals,
        )
        for assister in people
    ]
    return Page(entries, total, page, pages, modules_total)


def is_approved(assister):
    """Approved, with nothing of approval left to do (no first certification pending)."""
    return assister.roster_status == "approved" and assister.certification_status != "pending"


def is_inactive(assister):
    return assister.roster_status == "inactive"


def approve(actor, assister):
    """Approve `assister` for portal access (from waiting or inactive), in one transaction:
    a pending first certification is confirmed, access a mark of inactive took is given back,
    and the activation email goes out when nothing else holds it back. Refused for someone
    marketplace staff made inactive or whose certification was refused."""
    with database.atomic():
        assister = Assister.get_by_id(assister.id)
        name = assister.full_name
        if not assister.is_active:
            raise DomainError(
                f"Marketplace staff have made {name}'s assister record inactive, so you can't "
                f"approve them. {ASK_THE_ARC}"
            )
        if is_approved(assister):
            return Outcome(assister, False, ALREADY_APPROVED.format(name=name))
        pending = _pending(assister, "initial")
        if pending is None and assister.certification_status == "refused":
            raise DomainError(
                f"{name}'s certification was refused, so you can't approve them: they must "
                "apply for certification again."
            )
        was = assister.roster_status
        # confirm() may send the activation email itself: what was last sent says if anyone did.
        last_sent = registration.latest(assister)
        approved = (
            Assister.update(roster_status="approved")
            .where(Assister.id == assister.id, Assister.roster_status != "approved")
            .execute()
        )
        if approved:
            audit.record(actor, "roster.approved", obj=assister, detail=f"was {was}")
        if pending is not None:
            pending = certifications.confirm(actor, pending)
        if not approved and pending is None:
            return Outcome(assister, False, ALREADY_APPROVED.format(name=name))
        assister = Assister.get_by_id(assister.id)
        if assister.user_id is not None:
            standing.review(actor, assister)
        registration.send_activation_when_ready(actor, assister)
        sent = registration.latest(assister)
    what = [f"{name} is approved for portal access" if approved else f"{name} was approved"]
    if pending is not None:
        what.append(f"certification confirmed to {pending.expires_on:%B %-d, %Y}")
    if sent is not None and (last_sent is None or sent.id != last_sent.id):
        what.append("activation email sent")
    elif assister.user_id is None:
        what.append(f"activation email not sent yet: {registration.activation_blocker(assister)}")
    return Outcome(assister, True, "; ".join(what) + ".")


def mark_inactive(actor, assister):
    """Mark `assister` inactive on the roster, in one transaction: their sessions end at once,
    each of their clients' associations is suspended (the consumer told), and an activation
    email not yet used stops working."""
    with database.atomic():
        name = assister.full_name
        marked = (
            Assister.update(roster_status="inactive")
            .where(Assister.id == assister.id, Assister.roster_status.in_(("pending", "approved")))
            .execute()
        )
        if not marked:
            return Outcome(assister, False, ALREADY_INACTIVE.format(name=name))
        audit.record(actor, "roster.inactive", obj=assister, detail=f"was {assister.roster_status}")
        RegistrationNumber.update(voided_at=utcnow()).where(
            RegistrationNumber.assister == assister.id,
            RegistrationNumber.used_at.is_null(),
            RegistrationNumber.voided_at.is_null(),
        ).execute()
        # As now stored (not read again: a roster upload marks many in a row).
        assister.roster_status = "inactive"
        suspended = standing.end_access(actor, assister, standing.lapse_of(assister))
    what = f"{name} is inactive: their access has ended"
    if suspended:
        what += f" and {len(suspended)} client(s) were told"
    return Outcome(assister, True, what + ".")


def confirm_renewal(actor, assister):
    """Confirm the renewal `assister` applied for (certifications.confirm: the new period runs
    on from the current one). A renewal needs the current year's course mastered."""
    renewal = (
        Certification.select()
        .where(Certification.assister == assister.id, Certification.kind == "renewal")
        .order_by(Certification.requested_at.desc(), Certification.id.desc())
        .first()
    )
    name = assister.full_name
    if renewal is None or renewal.status == "refused":
        raise DomainError(f"{name} has no renewal waiting for confirmation.")
    if renewal.status == "confirmed":
        return Outcome(assister, False, _renewed(name, renewal))
    if not courses.has_mastered(assister):
        raise DomainError(
            f"{name} has not mastered this year's assister portal assessment, which a renewal "
            "needs. Confirm the renewal once they have."
        )
    return Outcome(assister, True, _renewed(name, certifications.confirm(actor, renewal)))


def _renewed(name, renewal):
    return f"{name}'s certification is renewed to {renewal.expires_on:%B %-d, %Y}."


def _pending(assister, kind):
    return (
        Certification.select()
        .where(
            Certification.assister == assister.id,
            Certification.kind == kind,
            Certification.status == "pending",
        )
        .order_by(Certification.id.desc())
        .first()
    )


def _modules_done(people, course):
    if not people or course is None:
        return {}
    return dict(
        ModuleProgress.select(ModuleProgress.assister, pw.fn.COUNT(ModuleProgress.id))
        .join(CourseModule)
        .where(
            ModuleProgress.assister.in_([p.id for p in people]), CourseModule.course == course
        )
        .group_by(ModuleProgress.assister)
        .tuples()
    )


def _activation_sent(people):
    """{assister id: when the activation email that can still be used was sent}."""
    waiting = [p.id for p in people if p.user_id is None]
    if not waiting:
        return {}
    return dict(
        RegistrationNumber.select(
            RegistrationNumber.assister, pw.fn.MAX(RegistrationNumber.created_at)
        )
        .where(
            RegistrationNumber.assister.in_(waiting),
            RegistrationNumber.used_at.is_null(),
            RegistrationNumber.voided_at.is_null(),
            RegistrationNumber.expires_at > utcnow(),
        )
        .group_by(RegistrationNumber.assister)
        .tuples()
    )


def _renewals_pending(people):
    if not people:
        return set()
    query = Certification.select(Certification.assister).where(
        Certification.assister.in_([p.id for p in people]),
        Certification.kind == "renewal",
        Certification.status == "pending",
    )
    return {assister_id for (assister_id,) in query.tuples()}
