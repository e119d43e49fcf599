"""Agencies, assisters and consumers: rules, uniqueness and the audit rows they write."""

from datetime import date

import pytest

from db.assisters import Agency, Assister
from db.audit import AuditEvent
from portal.errors import DomainError
from portal.services import agencies, assisters


def test_creating_an_assister_gives_a_valid_unique_reference_number_and_audits(app, factories):
    staff = factories.actor(factories.staff())
    first = factories.assister("broker")
    second = assisters.create_assister(
        staff, {**_values(first), "email": "other@example.org", "license_number": "MN-1"}
    )
    assert first.reference_number != second.reference_number
    row = AuditEvent.get(
        AuditEvent.action == "assister.created", AuditEvent.object_id == str(second.id)
    )
    assert row.actor.id == staff.user.id and row.ip == "192.0.2.10"


def test_duplicate_agency_name_is_a_field_error_and_writes_nothing(app, factories):
    existing = factories.agency(name="Prairie Helpers")
    before = Agency.select().count()
    with pytest.raises(DomainError) as refused:
        factories.agency(name="prairie helpers")
    assert refused.value.field == "name"
    assert Agency.select().count() == before
    assert existing.name == "Prairie Helpers"


def test_certification_must_end_after_it_starts(app, factories):
    assister = factories.assister("broker")
    values = {
        **_values(assister),
        "certification_expires_on": date(2020, 1, 1),
        "certified_on": date(2021, 1, 1),
    }
    with pytest.raises(DomainError) as refused:
        assisters.update_assister(factories.actor(factories.staff()), assister, values)
    assert refused.value.field == "certification_expires_on"
    assert Assister.get_by_id(assister.id).certified_on != date(2021, 1, 1)


def test_broker_needs_license_and_navigator_needs_agency(app, factories):
    broker = factories.assister("broker")
    with pytest.raises(DomainError, match="license number"):
        assisters.update_assister(
            factories.actor(None), broker, {**_values(broker), "license_number": " "}
        )
    navigator = factories.assister("navigator")
    with pytest.raises(DomainError, match="agency"):
        assisters.update_assister(
            factories.actor(None), navigator, {**_values(navigator), "agency": None}
        )


def test_update_records_the_changed_field_names_only(app, factories):
    agency = factories.agency()
    staff = factories.actor(factories.staff())
    agencies.update_agency(staff, agency, {**_values(agency), "phone": "651-555-0199"})
    row = AuditEvent.get(AuditEvent.action == "agency.updated")
    assert row.detail == "changed: phone"
    assert "0199" not in row.detail


def _values(row):
    return {
        name: getattr(row, name)
        for name in type(row)._meta.fields
        if name not in ("id", "created_at")
    }
