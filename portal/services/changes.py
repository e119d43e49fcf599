"""Report a change (S6.5): after submission, the household tells the marketplace what changed
(address, people, income, other coverage, pregnancy) and when, in the application wizard's own
screens, prefilled from the case's current version. Signing it (portal/services/submission.py)
makes the case's next version: a new determination, what changed per person, a notice, and an
enrollment's credit following from the next month. Earlier versions stay as they were."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import peewee as pw
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from playhouse.shortcuts import model_to_dict

from db import database
from db.applications import AnswerProvenance, Application, ApplicationMember
from db.cases import Case, CaseChange
from db.enrollments import Enrollment, EnrollmentPremium
from db.verifications import VerificationRequest
from portal.errors import DomainError
from portal.services import applications, audit, determinations, enrollments, notices

# The answers a change report starts from: the contact step's, and every person's.
CONTACT_FIELDS = ("street", "city", "zip_code", "county", "phone", "email")
# What is not an answer about the person.
NOT_ANSWERS = (ApplicationMember.id, ApplicationMember.application, ApplicationMember.same_as)
# The steps a change report opens with done: everything is answered; the Summary and the
# signature confirm it again.
PREFILLED_STEPS = ("contact", "household", "income", "coverage")


def reported_in(application):
    """The change report whose answers `application` holds (None: an application)."""
    return CaseChange.get_or_none(CaseChange.application == application)


def in_progress(consumer):
    """The household's change report not yet signed, if any."""
    return (
        CaseChange.select()
        .join(Application, on=(CaseChange.application == Application.id))
        .where((Application.consumer == consumer) & (Application.status == "draft"))
        .first()
    )


def check_signable(change):
    """A report is signed on an open case, and only when it changes something."""
    if change.case.status != "open":
        raise DomainError(_("This case is no longer open: a change can't be reported on it."))
    if not answers_changed(change):
        raise DomainError(
            _(
                "Every answer on this report is as the case has it now: go back to the step "
                "with the change before signing."
            )
        )


def start(actor, consumer):
    """Report a change, or resume the report in progress: a copy of the case's current version,
    every answer kept with who entered it."""
    application = applications.current_for(consumer)
    if application is not None and application.status == "draft":
        change = reported_in(application)
        if change is None:
            raise DomainError(
                _(
                    "An application is in progress for this household: finish it (Resume "
                    "application) before reporting a change."
                )
            )
        return change.application
    case = _open_case_of(application)
    version = determinations.current(case).version + 1
    current = case.application
    with database.atomic():
        try:
            with database.atomic():
                copy = Application.create(
                    consumer=consumer,
                    plan_year=current.plan_year,
                    created_by=actor.user,
                    current_step="contact",
                    completed_steps=" ".join(PREFILLED_STEPS),
                    **{name: getattr(current, name) for name in CONTACT_FIELDS},
                )
                CaseChange.create(
                    case=case, application=copy, version=version, created_by=actor.user
                )
        except pw.IntegrityError:
            # Another tab or worker started one a moment ago: resume that one.
            return in_progress(consumer).application
        _copy_people(current, copy)
        audit.record(actor, "change.started", consumer, copy, f"Case {case.case_number}")
    return copy


def _open_case_of(application):
    case = determinations.of_application(application).case if application else None
    if case is None or case.status != "open" or application.status != "submitted":
        raise DomainError(
            _("A change can be reported once an application is submitted, on an open case.")
        )
    return case


def _copy_people(current, copy):
    """Each person as the current version has them, pointing back at whom they were, and who
    entered each answer (S13): a carried-over answer is still theirs."""
    new_ids = {}
    for member in applications.members(current):
        fields = model_to_dict(member, recurse=False, exclude=NOT_ANSWERS)
        new_ids[member.id] = ApplicationMember.create(
            application=copy, same_as=member, **fields
        ).id
    rows = []
    for row in AnswerProvenance.select().where(AnswerProvenance.application == current):
        answer = row.answer
        if answer.startswith("member."):
            _, member_id, name = answer.split(".", 2)
            answer = f"member.{new_ids[int(member_id)]}.{name}"
        rows.append(
            {
                "application": copy.id,
                "answer": answer,
                "entered_by": row.entered_by_id,
                "entered_role": row.entered_role,
                "entered_at": row.entered_at,
            }
        )
    if rows:
        AnswerProvenance.insert_many(rows).execute()


# What the Summary of a change report calls each answer it lists as changed.
CHANGED_ANSWERS = {
    "street": "home address", "city": "home address", "zip_code": "home address",
    "county": "county", "phone": "phone number", "email": "email",
    "first_name": "name", "last_name": "name", "date_of_birth": "date of birth",
    "relationship": "relationship", "applying": "applying for coverage",
    "tax_filing": "tax filing", "separate_filing_exception": "tax filing",
    "pregnant": "pregnancy", "immigration_status": "immigration status",
    "status_since": "immigration status", "american_indian": "American Indian or Alaska Native",
    "former_foster_care": "foster care", "incarcerated": "jail or prison",
    "income_amount": "income", "income_frequency": "income", "income_from_work": "income",
    "deductions_yearly": "deductions", "has_medicare": "Medicare",
    "premium_free_part_a": "Medicare", "has_other_public_coverage": "other public coverage",
    "employer_offer": "coverage through a job", "employer_premium_monthly":
    "coverage through a job", "employer_offer_minimum_value": "coverage through a job",
    "employer_family_premium_monthly": "coverage through a job",
}

PERSON_ANSWERS = tuple(name for name in CHANGED_ANSWERS if name not in CONTACT_FIELDS)


def answers_changed(change):
    """What the report changes so far against the case's current version, for its Summary:
    [(whom, [what changed, in words])], the household's contact first; people added or
    removed say so."""
    before = change.case.application
    changed = [("The household", _differences(before, change.application, CONTACT_FIELDS))]
    now = applications.members(change.application)
    earlier = {member.id: member for member in applications.members(before)}
    for member in now:
        was = earlier.pop(member.same_as_id, None)
        if was is None:
            changed.append((member.full_name, ["added to the application"]))
        else:
            changed.append((member.full_name, _differences(was, member, PERSON_ANSWERS)))
    changed += [(member.full_name, ["removed from the application"]) for member in earlier.values()]
    return [(whom, what) for whom, what in changed if what]


def _differences(before, after, names):
    words = [
        CHANGED_ANSWERS[name] for name in names if getattr(before, name) != getattr(after, name)
    ]
    return list(dict.fromkeys(words))


def make_current(change, application):
    """In the signing's transaction: the change's answers become the case's current version and
    the earlier one is kept as replaced; verification requests follow their people."""
    case = change.case
    replaced = case.application_id
    Application.update(status="replaced").where(Application.id == replaced).execute()
    case.application = application
    case.save(only=[Case.application])
    for member in applications.members(application):
        if member.same_as_id is not None:
            VerificationRequest.update(member=member).where(
                (VerificationRequest.case == case)
                & (VerificationRequest.member == member.same_as_id)
            ).execute()
    return case


def determined(actor, change, case, determination, now):
    """In the signing's transaction, once the new version is determined: the enrollment's
    credit follows it, the change notice says what changed, and the timeline shows it."""
    changed = compare(case, determination)
    premium = follow_enrollment(case, determination, now.date())
    notices.issue(
        case.consumer_id,
        case,
        "change",
        _l(
            "Change reported: new eligibility determination (case %(case)s, version "
            "%(version)s)",
            case=case.case_number,
            version=determination.version,
        ),
        change=change,
        changed=changed,
        premium=premium,
        **determinations.notice_context(case, determination),
    )
    audit.record(
        actor, "change.reported", case.consumer_id, change.application,
        f"Case {case.case_number}, version {determination.version}",
    )


@dataclass(frozen=True)
class PersonChange:
    name: str
    before: str | None  # the program key before; None: not on the earlier version
    after: str | None  # None: removed by the change

    @property
    def changed(self):
        return self.before != self.after


@dataclass(frozen=True)
class Changed:
    """What one version changed against the one before it."""

    people: list
    aptc_before: Decimal
    aptc_after: Decimal


def compare(case, determination):
    """What the version changed against the one before it (None for version 1): each person's
    program before and after, and the household's monthly credit."""
    if determination.version == 1:
        return None
    previous = determinations.of_version(case, determination.version - 1)
    after = determinations.results(case, determination)
    before = {member.id: (member, row) for member, row in determinations.results(case, previous)}
    people = []
    for member, row in after:
        earlier = before.pop(member.same_as_id, None)
        people.append(
            PersonChange(member.full_name, earlier[1].program if earlier else None, row.program)
        )
    people += [PersonChange(member.full_name, row.program, None) for member, row in before.values()]
    return Changed(
        people=people,
        aptc_before=_total_credit(case, previous),
        aptc_after=_total_credit(case, determination),
    )


def _total_credit(case, determination):
    return sum(
        (row.max_aptc_monthly for row in determinations.credits(case, determination).values()),
        Decimal("0.00"),
    )


def effective_from(plan_year, reported_on):
    """When a reported change moves an enrollment's credit: the first of the month after the
    report (45 CFR 155.330(f)(1)); None when that is past the plan year."""
    following = date(reported_on.year + reported_on.month // 12, reported_on.month % 12 + 1, 1)
    return following if following.year == plan_year else None


def follow_enrollment(case, determination, reported_on):
    """The household's enrollment takes the new credit, as its Tax Credit Options chose it (all,
    none or part, capped at the new maximum), from the next month: the new monthly figures, or
    None when there is no enrollment or no month left in its plan year."""
    enrollment = (
        Enrollment.select()
        .where((Enrollment.case == case) & (Enrollment.status == "enrolled"))
        .first()
    )
    if enrollment is None:
        return None
    starts = effective_from(enrollment.plan_year, reported_on)
    if starts is None:
        return None
    covered = enrollments.household(case)
    if covered.members:
        try:
            aptc = enrollments.applied_aptc(enrollment)
        except DomainError:
            aptc = covered.max_aptc  # a part larger than the new maximum: the maximum
        quote = enrollments.effect(enrollment, aptc)
        premium, credit = quote.premium, quote.credit
    else:
        # No one on the plan may have the credit now (Medical Assistance or MinnesotaCare
        # instead): the plan costs its whole premium for as long as it is kept.
        premium, credit = enrollment.premium_monthly, Decimal("0.00")
    return EnrollmentPremium.create(
        enrollment=enrollment,
        case_version=determination.version,
        effective_from=starts,
        premium_monthly=premium,
        aptc_applied_monthly=credit,
        net_premium_monthly=premium - credit,
    )


def premium_change(enrollment):
    """The enrollment's latest monthly figures after a change (None: as confirmed at signing)."""
    if enrollment is None:
        return None
    return (
        EnrollmentPremium.select()
        .where(EnrollmentPremium.enrollment == enrollment)
        .order_by(EnrollmentPremium.case_version.desc())
        .first()
    )


def versions(case):
    """The case's versions, the first first: (determination, its change report or None)."""
    reports = {change.version: change for change in CaseChange.select().where(
        CaseChange.case == case
    )}
    return [
        (determination, reports.get(determination.version))
        for determination in determinations.versions(case)
    ]
