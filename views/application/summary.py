"""What the Summary, the read-only view and the case show of an application: every answer, in
words, with who entered it and when (S13 provenance)."""

from flask_babel import lazy_gettext as _l

from portal import rules
from portal.services import applications, changes
from views.application import labels

CONTACT_ANSWERS = (
    ("street", _l("Street address")),
    ("city", _l("City")),
    ("zip_code", _l("ZIP code")),
    ("county", _l("County")),
    ("phone", _l("Phone number")),
    ("email", _l("Email")),
)
LABELS = {
    "relationship": labels.RELATIONSHIPS,
    "tax_filing": labels.TAX_FILING,
    "immigration_status": labels.IMMIGRATION_STATUSES,
    "income_frequency": labels.FREQUENCIES,
}


def summary_context(application):
    members = applications.members(application)
    change = changes.reported_in(application) if application.status == "draft" else None
    incomes = {
        member.id: rules.annual_income(member.income_amount, member.income_frequency)
        for member in members
        if member.income_amount is not None and member.income_frequency
    }
    magi = sum(
        (max(incomes[m.id] - (m.deductions_yearly or 0), 0) for m in members if m.id in incomes),
        start=0,
    )
    return {
        "application": application,
        "members": members,
        "provenance": applications.provenance(application),
        "contact_answers": CONTACT_ANSWERS,
        "labels": LABELS,
        "annual_incomes": incomes,
        "household_magi": magi,
        "steps": applications.STEPS,
        "answers_changed": changes.answers_changed(change) if change else None,
    }
