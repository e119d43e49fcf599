"""Enroll in a plan (S6.1): Privacy Policy, choose a plan, Tax Credit Options, Plan Summary,
Confirmation and Signature — for a consumer or on their behalf, one editor at a time and
versioned saves (portal/services/editing.py, the mechanism the application wizard uses)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db import database, utcnow
from db.cases import Case, Determination
from db.consumers import Consumer
from db.enrollments import Enrollment
from portal import languages, rules
from portal.display import money
from portal.errors import DomainError, NotFound
from portal.services import (
    applications,
    audit,
    editing,
    eligibility,
    notices,
    plans,
    reference_numbers,
    signatures,
)
from portal.services.determinations import credits, results
from portal.services.signatures import ASSISTER_SECTION_TYPES

STEPS = {
    "privacy": _l("Privacy Policy"),
    "plans": _l("Choose a plan"),
    "tax_credit": _l("Tax Credit Options"),
    "summary": _l("Plan Summary"),
    "signature": _l("Confirmation and Signature"),
}
STEP_KEYS = tuple(STEPS)
QHP_PROGRAMS = ("qhp_with_aptc", "qhp_without_aptc")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Household:
    """Who the plan covers and what the rules allow: the same figures on every step."""

    case: Case
    members: list  # the application members eligible for a Qualified Health Plan
    ages: list
    rating_area: int
    max_aptc: Decimal
    primary_name: str
    # The policy's cost-sharing level (a rules.COST_SHARING key, None: no reduction): the
    # least generous one every covered member qualifies for, 45 CFR 155.305(g)(3).
    cost_sharing: str | None


def household(case):
    """The members the plan covers, and the credit and cost sharing they bring: the credit is
    that of each tax return with a covered member who gets it, added up (plans.quote caps it
    at the premium)."""
    determination = Determination.get(Determination.case == case)
    eligible = [(member, row) for member, row in results(case) if row.program in QHP_PROGRAMS]
    covered = [member for member, _ in eligible]
    returns = {row.tax_household for _, row in eligible if row.program == "qhp_with_aptc"}
    max_aptc = sum(
        (credit.max_aptc_monthly for number, credit in credits(case).items() if number in returns),
        Decimal("0.00"),
    )
    # Premiums are rated on the age at coverage start, as the rules take it for the benchmark.
    starts = eligibility.coverage_starts(case.application)
    return Household(
        case=case,
        members=covered,
        ages=[rules.age_on(member.date_of_birth, starts) for member in covered],
        rating_area=determination.rating_area,
        max_aptc=max_aptc,
        primary_name=applications.members(case.application)[0].full_name,
        cost_sharing=rules.group_cost_sharing(row.cost_sharing for _, row in eligible),
    )


def may_enroll(case):
    """Enroll in a plan is offered: an open case with someone eligible for a plan, not enrolled."""
    if case is None or case.status != "open":
        return False
    consumer = Consumer.get_by_id(case.consumer_id)
    if consumer.enrollment_status == "enrolled":
        return False
    return any(row.program in QHP_PROGRAMS for _, row in results(case))


def current_for(consumer):
    """The enrollment the consumer's pages show: the one in force, else the latest."""
    return (
        Enrollment.select()
        .where(Enrollment.consumer == consumer)
        .order_by((Enrollment.status == "enrolled").desc(), Enrollment.id.desc())
        .first()
    )


def start(actor, case):
    """Enroll in a plan, or resume the enrollment in progress."""
    existing = (
        Enrollment.select()
        .where((Enrollment.consumer == case.consumer_id) & (Enrollment.status == "draft"))
        .first()
    )
    if existing is not None:
        return existing
    if not may_enroll(case):
        raise DomainError(
            _("This household has no one to enroll in a plan, or is already enrolled.")
        )
    with database.atomic():
        try:
            enrollment = Enrollment.create(
                consumer=case.consumer_id,
                case=case,
                plan_year=case.application.plan_year,
                created_by=actor.user,
            )
        except pw.IntegrityError:
            return current_for(case.consumer_id)
        audit.record(actor, "enrollment.started", case.consumer_id, enrollment)
    return enrollment


def first_open_step(enrollment):
    return editing.first_open_step(enrollment, STEP_KEYS)


def may_open(enrollment, step):
    return editing.may_open(enrollment, STEP_KEYS, step)


def aptc_to_apply(max_aptc, choice, part_kind=None, part_value=None):
    """The monthly credit to apply for Tax Credit Options: all, none, or part (an amount up to the
    maximum, or a share of it). A choice outside those rules is a DomainError on its field."""
    if choice == "all":
        return max_aptc
    if choice == "none":
        return Decimal("0.00")
    if choice != "part":
        raise DomainError(_("Choose how much of the tax credit to apply."), field="aptc_choice")
    if part_value is None:
        raise DomainError(_("Enter the part of the credit to apply."), field="aptc_part_value")
    value = Decimal(part_value)
    if part_kind == "share":
        if not 0 <= value <= 100:
            raise DomainError(
                _("Enter a share between 0 and 100 percent."), field="aptc_part_value"
            )
        return (max_aptc * value / 100).quantize(CENT, ROUND_HALF_UP)
    if part_kind == "amount":
        if not 0 <= value <= max_aptc:
            raise DomainError(
                _("Enter an amount between %(least)s and your maximum of %(most)s a month.",
                  least=money(Decimal("0.00")), most=money(max_aptc)),
                field="aptc_part_value",
            )
        return value.quantize(CENT, ROUND_HALF_UP)
    raise DomainError(_("Choose an amount or a share."), field="aptc_part_kind")


def effect(enrollment, aptc):
    """What the chosen plan costs each month with `aptc` applied (plans.quote: the rules'
    premium arithmetic, never recomputed here), and its cost sharing."""
    covered = household(enrollment.case)
    return plans.quote(enrollment.plan, covered.ages, aptc, cost_sharing_level(enrollment, covered))


def cost_sharing_level(enrollment, covered):
    """The cost-sharing level the enrollment's plan is priced at: the one recorded at signing
    once enrolled (a later determination does not rewrite a signed enrollment), else the
    household's."""
    return enrollment.cost_sharing if enrollment.status == "enrolled" else covered.cost_sharing


def save_step(actor, enrollment, step, based_on, fields, leave=False):
    """Save one step (Privacy Policy, the plan, Tax Credit Options, Plan Summary) or nothing.

    `fields` are the step's answers, already checked by `plan_choice`/`tax_credit_fields`.
    """
    if step not in STEPS or step == "signature":
        raise NotFound(_("There is no such step."))
    if not may_open(enrollment, step):
        raise DomainError(_("Finish “%(step)s” first.", step=STEPS[first_open_step(enrollment)]))
    now = utcnow()
    with database.atomic():
        editing.claim_version(actor, enrollment, based_on, now, what="enrollment")
        done = enrollment.completed | {step}
        if step == "plans" and fields["plan"].id != enrollment.plan_id:
            # A different plan means a different premium: confirm the credit and summary again.
            done -= {"tax_credit", "summary"}
        for name, value in fields.items():
            setattr(enrollment, name, value)
        enrollment.completed_steps = " ".join(s for s in STEP_KEYS if s in done)
        enrollment.current_step = STEP_KEYS[min(STEP_KEYS.index(step) + 1, len(STEP_KEYS) - 1)]
        enrollment.save(
            only=[getattr(Enrollment, name) for name in fields]
            + [Enrollment.completed_steps, Enrollment.current_step]
        )
        if leave:
            editing.release_hold(actor, enrollment)
        audit.record(actor, "enrollment.step_saved", enrollment.consumer_id, enrollment,
                     languages.in_english(STEPS[step]))
    return enrollment


def privacy_fields(actor):
    return {"privacy_agreed_by": actor.user, "privacy_agreed_at": utcnow()}


def plan_choice(enrollment, plan_id):
    """The plan picked on Choose a plan: of the household's year and rating area, on sale."""
    covered = household(enrollment.case)
    return {"plan": plans.plan_for(plan_id, enrollment.plan_year, covered.rating_area)}


def tax_credit_fields(enrollment, choice, part_kind, part_value, statements_agreed, signature):
    covered = household(enrollment.case)
    aptc_to_apply(covered.max_aptc, choice, part_kind, part_value)
    if covered.max_aptc and not statements_agreed:
        raise DomainError(
            _("Agree to the tax filer statements to apply the credit."), field="statements_agreed"
        )
    if covered.max_aptc and not signatures.matches(signature, covered.primary_name):
        raise DomainError(
            _("The tax filer signs by typing their full name: %(name)s.",
              name=covered.primary_name),
            field="tax_filer_signature",
        )
    return {
        "aptc_choice": choice,
        "aptc_part_kind": part_kind if choice == "part" else None,
        "aptc_part_value": part_value if choice == "part" else None,
        "tax_filer_statements_agreed": bool(statements_agreed),
        "tax_filer_signature": " ".join((signature or "").split()) or None,
    }


def applied_aptc(enrollment):
    covered = household(enrollment.case)
    return aptc_to_apply(
        covered.max_aptc, enrollment.aptc_choice, enrollment.aptc_part_kind,
        enrollment.aptc_part_value,
    )


def enroll(actor, enrollment, based_on, signed_name, chose_own_plan=False, association=None):
    """Confirmation and Signature: the enrollment, its confirmation number and notice.

    The electronic signature must match the primary applicant's name (signatures.py states the
    rule). Navigators and CACs attest that the consumer chose the plan; a broker's enrollment
    records the broker as Agent of Record. The signer's second Confirm (a double click, a post
    sent again) writes nothing and returns the enrollment the first one made.
    """
    if first_open_step(enrollment) != "signature":
        raise DomainError(_("Finish every step up to the Plan Summary before signing."))
    covered = household(enrollment.case)
    kind = association.assister_type if association is not None else None
    if kind in ASSISTER_SECTION_TYPES and not chose_own_plan:
        raise DomainError(
            _("Confirm that the consumer chose this plan themselves: navigators and certified "
              "application counselors may not choose or recommend a plan."),
            field="chose_own_plan",
        )
    if not signatures.matches(signed_name, covered.primary_name):
        raise DomainError(
            _("Type the primary applicant's full name exactly as on the application: "
              "%(name)s.", name=covered.primary_name),
            field="signed_name",
        )
    quote = effect(enrollment, applied_aptc(enrollment))
    now = utcnow()
    with database.atomic():
        try:
            with database.atomic():
                claimed = (
                    Enrollment.update(
                        status="enrolled",
                        version=Enrollment.version + 1,
                        confirmation_number=reference_numbers.new(),
                        premium_monthly=quote.premium,
                        aptc_applied_monthly=quote.credit,
                        net_premium_monthly=quote.net,
                        cost_sharing=quote.sharing.level,
                        chose_own_plan_attested=bool(chose_own_plan) if kind else None,
                        signed_name=" ".join(signed_name.split()),
                        signed_by=actor.user,
                        signed_at=now,
                        association=association,
                        agent_of_record=association.assister_id if kind == "broker" else None,
                        enrolled_at=now,
                        updated_at=now,
                        completed_steps=" ".join(STEP_KEYS),
                        held_by=None,
                        held_since=None,
                        held_seen_at=None,
                    )
                    .where(
                        (Enrollment.id == enrollment.id)
                        & (Enrollment.version == based_on)
                        & (Enrollment.status == "draft")
                    )
                    .execute()
                )
        except pw.IntegrityError as error:
            raise DomainError(
                _("This household is already enrolled in a plan for the year.")
            ) from error
        if not claimed:
            confirmed = Enrollment.get_by_id(enrollment.id)
            if confirmed.status == "enrolled" and confirmed.signed_by_id == actor.user.id:
                return confirmed
            raise editing.StaleVersion(
                _("This enrollment was already confirmed, or changed after you opened this "
                  "page. Nothing was enrolled twice.")
            )
        enrollment = Enrollment.get_by_id(enrollment.id)
        Consumer.update(enrollment_status="enrolled").where(
            Consumer.id == enrollment.consumer_id
        ).execute()
        _confirmation_notice(enrollment, covered)
        audit.record(actor, "enrollment.created", enrollment.consumer_id, enrollment,
                     f"Confirmation {enrollment.confirmation_number}")
    return enrollment


def _confirmation_notice(enrollment, covered):
    notices.issue(
        enrollment.consumer_id,
        enrollment.case_id,
        "enrollment",
        _l("Enrollment confirmation %(number)s", number=enrollment.confirmation_number),
        enrollment=enrollment,
        covered=covered,
        programs=rules.PROGRAMS,
    )
