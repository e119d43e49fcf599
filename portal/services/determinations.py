"""A case's determination as the portal shows and uses it: each member's outcome.

Submission writes the determination and enrollment reads which members may buy a plan; both
read it here, so neither imports the other for it."""

from db.cases import Determination, TaxHouseholdDetermination
from portal.services import applications


def results(case):
    """Each member's outcome on the case, primary applicant first: (member, MemberDetermination)."""
    determination = Determination.get(Determination.case == case)
    by_member = {row.member_id: row for row in determination.members}
    return [
        (member, by_member[member.id])
        for member in applications.members(case.application)
        if member.id in by_member
    ]


def credits(case):
    """Each tax return's premium tax credit on the case: {return number: its row}."""
    rows = (
        TaxHouseholdDetermination.select()
        .join(Determination)
        .where(Determination.case == case)
        .order_by(TaxHouseholdDetermination.number)
    )
    return {row.number: row for row in rows}
