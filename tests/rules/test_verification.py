"""Which attestations a determination asks documents for, and by when (45 CFR 155.315)."""

from datetime import date

from portal.rules import DocumentsNeeded, determine, documents_needed
from tests.rules.households import household, member

NOTICE = date(2026, 11, 30)


def needed(*members):
    applying = household(*members)
    return documents_needed(applying, determine(applying), NOTICE)


def test_a_lawfully_present_immigrant_applying_sends_proof_of_status_within_95_days():
    # 90 days from receiving the notice, taken as received 5 days after it is dated.
    assert needed(member("ana", 40, 30000, immigration_status="lawfully_present")) == (
        DocumentsNeeded("ana", "immigration", date(2027, 3, 5)),
    )


def test_citizens_and_members_not_applying_are_not_asked():
    assert needed(member("ana", 40, 30000)) == ()
    assert needed(
        member("ana", 40, 30000),
        member("ben", 42, immigration_status="lawfully_present", applying=False),
    ) == ()


def test_only_the_immigrant_of_a_mixed_household_is_asked():
    found = needed(
        member("ana", 40, 30000),
        member("ben", 42, immigration_status="lawfully_present"),
        member("cam", 10, immigration_status="lawfully_present"),
    )
    assert [documents.key for documents in found] == ["ben", "cam"]


def test_no_proof_of_status_is_asked_of_someone_who_attests_none():
    # Not lawfully present: no program rests on a status they did not claim.
    assert needed(member("ana", 40, 30000, immigration_status="not_lawfully_present")) == ()
