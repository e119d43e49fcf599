"""Signing and submitting an application (S5): the case, the determination, the notice; and
rescinding a submitted application that has no enrollment."""

from dataclasses import dataclass

import peewee as pw
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db import database, utcnow
from db.applications import Application
from db.cases import Case, Determination, MemberDetermination, TaxHouseholdDetermination
from db.consumers import Consumer
from portal import rules
from portal.errors import DomainError, required_text
from portal.services import (
    applications,
    audit,
    changes,
    determinations,
    documents,
    editing,
    eligibility,
    enrollments,
    invoices,
    notices,
    reference_numbers,
    signatures,
    verifications,
)
from portal.services.associations import REASON_MAX
from portal.services.determinations import results
from portal.services.signatures import ASSISTER_SECTION_TYPES


@dataclass(frozen=True)
class Signature:
    signed_name: str
    attested: bool
    # The Assister section, for navigators and CACs: (Yes, Assister ID, organization name).
    assister_section: bool = False
    assister_reference_number: str = ""
    assister_organization: str = ""


def view_rights(actor, application):
    """The signer opened the Notice of Rights and Responsibilities (it must be, before signing)."""
    Application.update(rights_viewed_by=actor.user, rights_viewed_at=utcnow()).where(
        Application.id == application.id
    ).execute()
    audit.record(actor, "application.rights_viewed", application.consumer, application)


def submit(actor, application, based_on, signature, association=None):
    """Sign and submit: the case (case number), the determination and the eligibility notice.

    `association` is the assister's own association with the consumer when an assister signs.
    One transaction: a refused signature writes nothing; the signer's second Submit (a double
    click, a post sent again) writes nothing and returns the case the first one opened.
    """
    if applications.first_open_step(application) != "signature":
        raise DomainError(_("Finish every step up to the Summary before signing."))
    _check_signature(actor, application, signature, association)
    change = changes.reported_in(application)
    if change is not None:
        changes.check_signable(change)
    now = utcnow()
    with database.atomic():
        claimed = (
            Application.update(
                status="submitted",
                version=Application.version + 1,
                submitted_at=now,
                updated_at=now,
                signed_name=signature.signed_name.strip(),
                signed_by=actor.user,
                signed_at=now,
                assisted_by=association if signature.assister_section else None,
                assister_organization=signature.assister_organization.strip() or None,
                completed_steps=" ".join(applications.STEP_KEYS),
                held_by=None,
                held_since=None,
                held_seen_at=None,
            )
            .where(
                (Application.id == application.id)
                & (Application.version == based_on)
                & (Application.status == "draft")
            )
            .execute()
        )
        if not claimed:
            submitted = Application.get_by_id(application.id)
            if submitted.status == "submitted" and submitted.signed_by_id == actor.user.id:
                return case_for(submitted)
            raise editing.StaleVersion(_(
                "This application was already submitted, or changed after you opened this "
                "page. Nothing was submitted twice."
            ))
        application = Application.get_by_id(application.id)
        if change is None:
            case = _open_case(application, association if signature.assister_section else None)
        else:
            case = changes.make_current(change, application)
        applied = eligibility.household(application, now.date())
        result = rules.determine(applied)
        determination = _record_determination(
            case, application, 1 if change is None else change.version, result, now
        )
        _record_on_consumer(application)
        if change is None:
            _eligibility_notice(application, case, determination)
            audit.record(actor, "application.submitted", application.consumer, application,
                         f"Case {case.case_number}")
        else:
            changes.determined(actor, change, case, determination, now)
        # After the submission's own entry, which the client's timeline shows first.
        verifications.open_for_determination(application, case, applied, result, now)
        if change is None:  # a change's premium is billed from the next monthly run on
            invoices.issue_first(case, now)
    return case


def _check_signature(actor, application, signature, association):
    if application.rights_viewed_by_id != actor.user.id:
        raise DomainError(
            _("Open and read the Notice of Rights and Responsibilities before signing."),
            field="rights",
        )
    if association is not None and association.assister_type in ASSISTER_SECTION_TYPES:
        assister = association.assister
        if not signature.assister_section:
            raise DomainError(
                _("As a navigator or certified application counselor, answer Yes and complete "
                  "the Assister section."),
                field="assister_section",
            )
        if reference_numbers.normalize(signature.assister_reference_number) != (
            assister.reference_number
        ):
            raise DomainError(
                _("Enter your own Assister ID (your Reference Number)."),
                field="assister_reference_number",
            )
        if not signatures.matches(signature.assister_organization, assister.organization):
            raise DomainError(
                _("Enter your organization's full name as it appears on your certification."),
                field="assister_organization",
            )
    if not signature.attested:
        raise DomainError(
            _("Confirm that the information in this application is true and complete."),
            field="attested",
        )
    primary = applications.members(application)[0]
    if not signatures.matches(signature.signed_name, primary.full_name):
        raise DomainError(
            _("Type the primary applicant's full name exactly as on the application: %(name)s.",
              name=primary.full_name),
            field="signed_name",
        )


def _open_case(application, association):
    for _attempt in range(5):
        try:
            with database.atomic():
                return Case.create(
                    consumer=application.consumer_id,
                    application=application,
                    case_number=reference_numbers.new(),
                    association=association,
                )
        except pw.IntegrityError:
            continue  # a case number already in use (1 in 10^9): draw again
    raise RuntimeError("Could not draw an unused case number.")


def _record_determination(case, application, version, result, now):
    determination = Determination.create(
        case=case,
        application=application,
        version=version,
        plan_year=result.plan_year,
        household_size=result.household_size,
        magi=result.magi,
        fpl_percent=result.fpl_percent,
        mhcp_fpl_percent=result.mhcp_fpl_percent,
        rating_area=result.rating_area,
        applicable_percentage=result.applicable_percentage,
        expected_contribution_monthly=result.expected_contribution_monthly,
        benchmark_premium_monthly=result.benchmark_premium_monthly,
        max_aptc_monthly=result.max_aptc_monthly,
        determined_at=now,
    )
    MemberDetermination.insert_many(
        [
            {
                "determination": determination.id,
                "member": outcome.key,
                "program": outcome.program,
                "reason": outcome.reason,
                "minnesotacare_premium_monthly": outcome.minnesotacare_premium_monthly,
                "cost_sharing": outcome.cost_sharing,
                "rule": outcome.rule,
                "tax_household": None
                if outcome.tax_household is None
                else outcome.tax_household + 1,
            }
            for outcome in result.outcomes
        ]
    ).execute()
    if result.tax_households:
        TaxHouseholdDetermination.insert_many(
            [
                {
                    "determination": determination.id,
                    "number": number,
                    "size": credit.size,
                    "magi": credit.magi,
                    "fpl_percent": credit.fpl_percent,
                    "applicable_percentage": credit.applicable_percentage,
                    "expected_contribution_monthly": credit.expected_contribution_monthly,
                    "benchmark_premium_monthly": credit.benchmark_premium_monthly,
                    "max_aptc_monthly": credit.max_aptc_monthly,
                }
                for number, credit in enumerate(result.tax_households, start=1)
            ]
        ).execute()
    return determination


def _eligibility_notice(application, case, determination):
    notices.issue(
        application.consumer_id,
        case,
        "eligibility",
        _l(
            "Eligibility determination for %(year)s (case %(case)s)",
            year=application.plan_year,
            case=case.case_number,
        ),
        **determinations.notice_context(case, determination),
    )


def _record_on_consumer(application):
    address = f"{application.street}, {application.city}, MN {application.zip_code}"
    Consumer.update(
        application_status="submitted", home_address=address, phone=application.phone
    ).where(Consumer.id == application.consumer_id).execute()


def case_for(application):
    """The case the application's answers made, current or earlier version (None: a draft)."""
    determination = determinations.of_application(application)
    return determination.case if determination is not None else None


def rescind(actor, application, reason):
    """Withdraw a submitted application that has no enrollment; it stays as history."""
    reason = required_text(
        reason, "reason", _("Give the reason for rescinding this application."), REASON_MAX
    )
    consumer = Consumer.get_by_id(application.consumer_id)
    if consumer.enrollment_status == "enrolled":
        raise DomainError(
            _("This household is enrolled in a plan: end the enrollment before rescinding.")
        )
    if changes.in_progress(consumer) is not None:
        raise DomainError(
            _("A change report is in progress for this household: sign it before rescinding.")
        )
    now = utcnow()
    with database.atomic():
        rescinded = (
            Application.update(
                status="rescinded", rescinded_by=actor.user, rescinded_at=now,
                rescind_reason=reason, version=Application.version + 1,
            )
            .where((Application.id == application.id) & (Application.status == "submitted"))
            .execute()
        )
        if not rescinded:
            raise DomainError(_("Only a submitted application can be rescinded."))
        Case.update(status="rescinded").where(Case.application == application).execute()
        verifications.withdraw_for(actor, case_for(application))
        invoices.cancel_for(case_for(application))
        Consumer.update(application_status="rescinded").where(
            Consumer.id == consumer.id
        ).execute()
        audit.record(actor, "application.rescinded", consumer, application, reason)


def overview(consumer):
    """Where the consumer's application stands, for their home page and Client Details."""
    application = applications.current_for(consumer)
    change = None
    if application is not None and application.status == "draft":
        change = changes.reported_in(application)
    if change is not None:
        # A change report in progress: the case stands as its current version says.
        application = change.case.application
    determination = determinations.of_application(application) if application else None
    case = determination.case if determination is not None else None
    enrollment = enrollments.current_for(consumer)
    return {
        "application": application,
        "case": case,
        "change": change,
        "version": determination.version if determination is not None else None,
        "premium_change": changes.premium_change(enrollment),
        "may_report_change": change is None and case is not None and case.status == "open",
        "enrollment": enrollment,
        "may_enroll": enrollments.may_enroll(case),
        "members": applications.members(application) if application is not None else [],
        "outcomes": results(case) if case is not None else [],
        "verifications": verifications.for_case(case) if case is not None else [],
        # Sent as "other": the household's, whatever case they were sent on.
        "other_documents": documents.other_for(consumer),
        "steps": applications.STEPS,
        "programs": rules.PROGRAMS,
    }
