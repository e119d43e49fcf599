"""A case's determination as the portal shows and uses it: each member's outcome.

A case has a version per determination: 1 at submission, one more for each change reported
(portal/services/changes.py). Submission writes them; enrollment, Results and the notices read
the one in force, or an earlier one, here, so none imports another for it."""

from db.cases import Determination, TaxHouseholdDetermination
from portal import rules
from portal.services import applications, eligibility


def current(case):
    """The determination in force: the case's latest version."""
    return (
        Determination.select()
        .where(Determination.case == case)
        .order_by(Determination.version.desc())
        .get()
    )


def of_application(application):
    """The determination made from these answers (None: not submitted, or rescinded before)."""
    return Determination.get_or_none(Determination.application == application)


def of_version(case, version):
    return Determination.get(
        (Determination.case == case) & (Determination.version == version)
    )


def versions(case):
    """Every version of the case, the first first."""
    return list(
        Determination.select().where(Determination.case == case).order_by(Determination.version)
    )


def results(case, determination=None, explained=False):
    """Each member's outcome, primary applicant first: (member, MemberDetermination), of the
    determination in force or the given one. `explained`: each row's `explanation` is its reason
    as the rules' Explanation, which a page or notice writes in its reader's language."""
    determination = determination or current(case)
    by_member = {row.member_id: row for row in determination.members}
    if explained:
        explanations = _explanations(determination)
        for row in by_member.values():
            program, reason = explanations.get(row.member_id, (None, None))
            same = program == row.program and reason == row.reason
            row.explanation = reason if same else row.reason
    return [
        (member, by_member[member.id])
        for member in applications.members(determination.application_id)
        if member.id in by_member
    ]


def _explanations(determination):
    """{member id: (program, reason)} as the rules give them again from the determination's own
    answers on its own day (they are pure: the same answers give the same words). A stored
    reason is written in another language only when this gives it word for word; one the rules
    no longer give (a plan year's figures corrected since) stays as stored, in English."""
    try:
        household = eligibility.household(
            determination.application, determination.determined_at.date()
        )
        result = rules.determine(household)
    except (KeyError, ValueError):
        return {}
    return {outcome.key: (outcome.program, outcome.reason) for outcome in result.outcomes}


def credits(case, determination=None):
    """Each tax return's premium tax credit: {return number: its row}."""
    determination = determination or current(case)
    rows = TaxHouseholdDetermination.select().where(
        TaxHouseholdDetermination.determination == determination
    ).order_by(TaxHouseholdDetermination.number)
    return {row.number: row for row in rows}


def notice_context(case, determination):
    """What a notice of the determination (templates/notices/eligibility.txt) is written from."""
    outcomes = results(case, determination, explained=True)
    return {
        "application": determination.application,
        "determination": determination,
        "outcomes": outcomes,
        "primary": outcomes[0][0],
        "programs": rules.PROGRAMS,
        "cost_sharing": rules.COST_SHARING,
        "credits": credits(case, determination),
    }
