"""Listings in Find local help: an assister's own choices, and staff hiding or showing one."""

import pytest

from db.assisters import Agency, Assister
from db.audit import AuditEvent
from db.mail import OutgoingMail
from portal.errors import DomainError
from portal.services import listings
from tests import factories

CHOICES = {
    "listed": True,
    "listing_shows_street": False,
    "listing_phone": "651-555-0199",
    "hours": "  Mon–Fri   9:00–17:00 ",
    "languages": ["Somali", "English"],
}


def _mail_to(address):
    return list(OutgoingMail.select().where(OutgoingMail.to_address == address))


def test_an_assister_saves_their_listing_audited(navigator):
    listings.update_assister_listing(factories.actor(navigator.user), navigator, CHOICES)
    saved = Assister.get_by_id(navigator.id)
    assert (saved.listed, saved.listing_shows_street) == (True, False)
    assert saved.listing_phone == "651-555-0199" and saved.hours == "Mon–Fri 9:00–17:00"
    # In the list's order, stored as before: "English, Somali".
    assert saved.languages == "English, Somali"
    row = AuditEvent.get(AuditEvent.action == "assister.updated")
    assert row.actor_id == navigator.user_id and row.object_id == str(navigator.id)
    assert "languages" in row.detail and "Somali" not in row.detail


def test_a_change_of_one_empty_field_is_saved_and_the_same_choices_again_are_not(navigator):
    actor = factories.actor(navigator.user)
    same = {"listed": True, "listing_shows_street": True, "languages": ["English"]}
    listings.update_assister_listing(actor, navigator, same)
    assert not AuditEvent.select().where(AuditEvent.action == "assister.updated").exists()
    listings.update_assister_listing(actor, navigator, {**same, "hours": "Mon 9:00–12:00"})
    # The same choices sent again, from a page read before the save (a double click).
    stale = Assister.get_by_id(navigator.id)
    stale.hours = None
    listings.update_assister_listing(actor, stale, {**same, "hours": "Mon 9:00–12:00"})
    assert Assister.get_by_id(navigator.id).hours == "Mon 9:00–12:00"
    [row] = AuditEvent.select().where(AuditEvent.action == "assister.updated")
    assert row.detail == "changed: hours"


def test_what_consumers_see_follows_the_choices(navigator):
    shown = listings.shown(navigator)
    assert shown.address == "2 Lake St, Minneapolis, MN 55401" and shown.phone == "612-555-0101"
    listings.update_assister_listing(factories.actor(navigator.user), navigator, CHOICES)
    shown = listings.shown(Assister.get_by_id(navigator.id))
    assert shown.address == "Minneapolis, MN 55401" and shown.phone == "651-555-0199"
    assert shown.languages == ("English", "Somali") and shown.hours == "Mon–Fri 9:00–17:00"
    assert navigator.reference_number not in repr(shown)


def test_a_blank_phone_means_the_phone_on_record(navigator):
    listings.update_assister_listing(
        factories.actor(navigator.user), navigator, {**CHOICES, "listing_phone": "  ", "hours": ""}
    )
    saved = Assister.get_by_id(navigator.id)
    assert saved.listing_phone is None and saved.hours is None
    assert listings.shown(saved).phone == navigator.phone


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"listing_phone": "call me"}, "listing_phone", "10-digit phone number"),
        ({"hours": "x" * 201}, "hours", "200 characters or fewer"),
        ({"languages": []}, "languages", "at least one language"),
        ({"languages": ["English", "Klingon"]}, "languages", "from the list"),
    ],
)
def test_bad_choices_are_refused_and_nothing_is_saved(navigator, change, field, message):
    with pytest.raises(DomainError) as refused:
        listings.update_assister_listing(
            factories.actor(navigator.user), navigator, {**CHOICES, **change}
        )
    assert refused.value.field == field and message in refused.value.message
    saved = Assister.get_by_id(navigator.id)
    assert (saved.listing_shows_street, saved.listing_phone, saved.languages) == (
        True, None, "English")
    assert not AuditEvent.select().where(AuditEvent.action == "assister.updated").exists()


def test_staff_hide_an_assister_with_a_reason_and_the_assister_is_told(staff, navigator):
    listings.hide(staff, navigator, "  Mail to this   address comes back. ")
    saved = Assister.get_by_id(navigator.id)
    assert saved.hidden_by_staff and saved.hidden_reason == "Mail to this address comes back."
    assert saved.listed  # their own choice is kept, to come back to
    [told] = _mail_to(navigator.email)
    assert told.kind == "listing_hidden" and "Mail to this address comes back." in told.body
    assert "Broker Line" in told.body
    row = AuditEvent.get(AuditEvent.action == "assister.listing_hidden")
    assert row.actor_id == staff.user.id and row.detail == "Mail to this address comes back."


def test_staff_show_it_again_and_the_assister_is_told(staff, navigator):
    listings.hide(staff, navigator, "Checking the address.")
    listings.show(staff, navigator)
    saved = Assister.get_by_id(navigator.id)
    assert not saved.hidden_by_staff and saved.hidden_reason is None
    kinds = [m.kind for m in _mail_to(navigator.email)]
    assert kinds == ["listing_hidden", "listing_shown"]
    assert AuditEvent.select().where(AuditEvent.action == "assister.listing_shown").exists()


@pytest.mark.parametrize(("reason", "message"), [(" ", "Give the reason"), ("x" * 501, "500")])
def test_hiding_needs_a_reason(staff, navigator, reason, message):
    with pytest.raises(DomainError, match=message):
        listings.hide(staff, navigator, reason)
    assert not Assister.get_by_id(navigator.id).hidden_by_staff
    assert _mail_to(navigator.email) == []


def test_hiding_twice_or_showing_what_is_shown_changes_nothing(staff, navigator):
    with pytest.raises(DomainError, match="not hidden"):
        listings.show(staff, navigator)
    listings.hide(staff, navigator, "First reason.")
    # A second staff member, or a double submit, working from the same page.
    with pytest.raises(DomainError, match="already hidden"):
        listings.hide(staff, Assister.get_by_id(navigator.id), "Second reason.")
    assert Assister.get_by_id(navigator.id).hidden_reason == "First reason."
    assert len(_mail_to(navigator.email)) == 1


def test_staff_hide_and_show_an_agency(staff):
    agency = factories.agency(email="front@agency.example")
    reason = "The agency asked us to, while it moves."
    listings.hide(staff, agency, reason)
    saved = Agency.get_by_id(agency.id)
    assert saved.hidden_by_staff and saved.hidden_reason == reason
    listings.show(staff, saved)
    assert not Agency.get_by_id(agency.id).hidden_by_staff
    actions = [r.action for r in AuditEvent.select().where(AuditEvent.object_type == "Agency")]
    assert actions[-2:] == ["agency.listing_hidden", "agency.listing_shown"]
    assert _mail_to("front@agency.example") == []
