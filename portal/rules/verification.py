"""What a household must prove with documents after its determination (45 CFR 155.315).

A marketplace checks each attestation against federal data sources and, where they cannot
confirm it, asks for documents. The application asks no immigration document numbers, without
which the Department of Homeland Security's SAVE system cannot confirm a status, so every
member applying for coverage who attests lawful presence as an immigrant is asked for a
document, when the determination depends on it (not for a member found not eligible).
Citizenship and income are taken as attested.

The household has 90 days from receiving the notice to send them (45 CFR 155.315(f)(2)(ii));
a mailed notice is taken as received 5 days after it is dated.
"""

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, timedelta

from portal.rules.household import Household
from portal.rules.outcomes import Determination

RESPONSE_DAYS = 90
MAILING_DAYS = 5
LAWFULLY_PRESENT_IMMIGRANTS = ("permanent_resident", "humanitarian", "lawfully_present")
# The programs a lawfully present immigrant's coverage rests on their status for.
_NEEDS_STATUS = ("medical_assistance", "minnesotacare", "qhp_with_aptc", "qhp_without_aptc")


@dataclass(frozen=True)
class DocumentsNeeded:
    key: Hashable  # the member's, as in the household
    kind: str  # db.verifications.VERIFICATION_KINDS
    due_on: date


def due_date(notice_date: date) -> date:
    return notice_date + timedelta(days=MAILING_DAYS + RESPONSE_DAYS)


def documents_needed(
    household: Household, determination: Determination, notice_date: date
) -> tuple[DocumentsNeeded, ...]:
    """The verification requests a determination opens, in member order."""
    return tuple(
        DocumentsNeeded(member.key, "immigration", due_date(notice_date))
        for member in household.members
        if member.applying
        and member.immigration_status in LAWFULLY_PRESENT_IMMIGRANTS
        and determination.outcome_for(member.key).program in _NEEDS_STATUS
    )
