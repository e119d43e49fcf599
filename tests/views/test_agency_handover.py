"""Hand over clients through the screens: the agency administrator chooses who left or is
leaving and who takes over, confirms; each consumer then authorizes the new assister, or says
no thanks. Another agency's assister is a 404; a second post shows the first result."""

import pytest

from db.assisters import Assister
from db.associations import AssisterRequest, Association
from portal.actors import SYSTEM
from portal.services import standing
from tests.conftest import csrf_token_from
from tests.routes import poster, row_counts, signed_in_client

CONSENT = {"may_apply": "y", "may_enroll": "y", "may_see_documents": "y", "may_report_changes": "y"}


def text(response):
    return response.get_data(as_text=True)


@pytest.fixture
def agency(factories):
    return factories.agency(name="North Star Navigators")


@pytest.fixture
def admin_client(app, factories, agency):
    return signed_in_client(app, factories.agency_admin(agency).user, "192.0.2.50")


@pytest.fixture
def departing(factories, agency):
    return factories.assister("navigator", with_account=True, agency=agency,
                              first_name="Nora", last_name="Vang")


@pytest.fixture
def successor(factories, agency):
    # Not listed in Find local help: authorizing a hand-over never asks the directory.
    return factories.assister("navigator", with_account=True, agency=agency,
                              first_name="Sam", last_name="Lee", listed=False)


@pytest.fixture
def clients(factories, departing):
    return [
        factories.association(factories.consumer(first_name=name, last_name="Her"), departing)
        for name in ("Olivia", "Maya")
    ]


def _url(assister):
    return f"/agency/handover/{assister.id}"


def _lapsed(app, assister):
    with app.app_context():
        Assister.update(roster_status="inactive").where(Assister.id == assister.id).execute()
        standing.review(SYSTEM, Assister.get_by_id(assister.id))


def test_the_list_shows_who_left_or_lapsed_and_who_is_leaving(
    app, factories, admin_client, agency, departing, successor, clients
):
    factories.association(for_assister=successor)
    broker = factories.assister("broker", with_account=True, agency=agency)
    factories.association(for_assister=broker)
    factories.association()  # another agency's navigator's client
    _lapsed(app, departing)

    page = text(admin_client.get("/agency/handover"))

    assert 'href="/agency/handover"' in page and "Hand over clients" in page
    lapsed, leaving = page.split("<h2>Leaving</h2>")
    assert "Nora Vang" in lapsed and "Their agency has marked them inactive." in lapsed
    assert f'href="{_url(departing)}"' in lapsed and "<td>2</td>" in lapsed
    assert "Sam Lee" in leaving and f'href="{_url(successor)}"' in leaving
    assert broker.full_name not in page


def test_choose_confirm_and_hand_over(app, admin_client, departing, successor, clients):
    page = admin_client.get(_url(departing))
    shown = text(page)
    assert page.status_code == 200
    assert "Olivia Her" in shown and "Maya Her" in shown
    assert f'<option value="{successor.id}">Sam Lee</option>' in shown
    assert "Nora Vang</option>" not in shown

    before = row_counts(app)
    confirm = admin_client.get(f"{_url(departing)}?to_assister={successor.id}")
    shown = text(confirm)
    assert confirm.status_code == 200 and "Hand over 2 clients to Sam Lee?" in shown
    assert ">Hand over 2 clients</button>" in shown
    assert row_counts(app) == before  # choosing writes nothing

    token = csrf_token_from(shown)
    data = {"csrf_token": token, "to_assister": str(successor.id)}
    response = admin_client.post(_url(departing), data=data)
    assert response.status_code == 302 and response.headers["Location"] == _url(departing)
    after = row_counts(app)
    assert all(Association.get_by_id(a.id).ended_at is not None for a in clients)
    assert AssisterRequest.select().where(
        AssisterRequest.handed_over_from == departing.id,
        AssisterRequest.assister == successor.id).count() == 2

    shown = text(admin_client.get(_url(departing)))
    assert "2 clients of Nora Vang handed over to Sam Lee" in shown
    assert "has no clients left to hand over" in shown
    assert shown.count("Waiting for the client to authorize") == 2

    # A double click: the second post finds nothing left and shows what the first did.
    again = admin_client.post(_url(departing), data=data)
    assert again.status_code == 302 and row_counts(app) == after
    shown = text(admin_client.get(_url(departing)))
    assert "2 clients of Nora Vang handed over to Sam Lee" in shown


def test_another_agencys_assister_is_not_found(app, factories, admin_client, successor):
    elsewhere = factories.assister("navigator", with_account=True)
    factories.association(for_assister=elsewhere)
    before = row_counts(app)
    token = csrf_token_from(text(admin_client.get("/agency/")))
    for url in (_url(elsewhere), "/agency/handover/987654321"):
        assert admin_client.get(url).status_code == 404
        response = admin_client.post(url, data={"csrf_token": token,
                                                "to_assister": str(successor.id)})
        assert response.status_code == 404
    assert row_counts(app) == before


def test_a_bad_choice_is_a_message_and_changes_nothing(
    app, factories, admin_client, departing, successor, clients
):
    elsewhere = factories.assister("navigator", with_account=True)
    before = row_counts(app)
    for chosen in (str(elsewhere.id), str(departing.id), "x", "", "9" * 30):
        page = admin_client.get(_url(departing), query_string={"to_assister": chosen})
        assert page.status_code == 422 and "Choose who takes over from the list." in text(page)
    token = csrf_token_from(text(admin_client.get(_url(departing))))
    for chosen in (str(elsewhere.id), "\x00", ""):
        response = admin_client.post(_url(departing),
                                     data={"csrf_token": token, "to_assister": chosen})
        assert response.status_code == 422
        assert "Choose who takes over from the list." in text(response)
    assert row_counts(app) == before


def test_a_brokers_clients_are_never_handed_over(app, factories, admin_client, agency):
    broker = factories.assister("broker", with_account=True, agency=agency)
    other = factories.assister("broker", with_account=True, agency=agency)
    factories.association(for_assister=broker)
    before = row_counts(app)
    page = admin_client.get(_url(broker))
    assert page.status_code == 200 and "never handed over by an agency" in text(page)
    assert "<select" not in text(page)
    response = poster(admin_client)(_url(broker), {"to_assister": str(other.id)})
    assert response.status_code == 422 and "never handed over by an agency" in text(response)
    assert row_counts(app) == before


def test_the_consumer_authorizes_the_new_assister_or_says_no_thanks(
    app, factories, admin_client, departing, successor, clients
):
    poster(admin_client)(_url(departing), {"to_assister": str(successor.id)},
                         page=f"{_url(departing)}?to_assister={successor.id}")
    olivia, maya = (a.consumer for a in clients)

    # The old assister's client pages are gone at once; the new one's request is labelled.
    old = signed_in_client(app, departing.user, "192.0.2.51")
    assert old.get(f"/assister/clients/{olivia.id}").status_code == 404
    new = signed_in_client(app, successor.user, "192.0.2.52")
    requests = text(new.get("/assister/requests"))
    assert "Hand-over" in requests and "Nora Vang, by your agency" in requests
    assert new.get(f"/assister/clients/{olivia.id}").status_code == 404

    consumer = signed_in_client(app, olivia.user, "192.0.2.53")
    details = text(consumer.get("/consumer/assisters"))
    assert "North Star Navigators asked Sam Lee to take over from Nora Vang" in details
    assert "Review and authorize" in details and "No thanks" in details
    assert "Nora Vang can no longer act for you" in details  # the notice
    sent = AssisterRequest.get(AssisterRequest.consumer == olivia.id)
    authorize = f"/consumer/assisters/requests/{sent.id}/authorize"
    assert consumer.get(authorize).status_code == 200
    response = poster(consumer)(authorize, CONSENT)
    assert response.status_code == 302, text(response)
    made = Association.get(Association.consumer == olivia.id, Association.ended_at.is_null())
    assert made.assister_id == successor.id
    assert new.get(f"/assister/clients/{olivia.id}").status_code in (200, 302)

    declining = signed_in_client(app, maya.user, "192.0.2.54")
    sent = AssisterRequest.get(AssisterRequest.consumer == maya.id)
    response = poster(declining)(f"/consumer/assisters/requests/{sent.id}/withdraw", {},
                                 page="/consumer/assisters")
    assert response.status_code == 302
    assert "You said no thanks" in text(declining.get("/consumer/assisters"))
    assert AssisterRequest.get_by_id(sent.id).outcome == "withdrawn"
    assert not Association.select().where(Association.consumer == maya.id,
                                           Association.ended_at.is_null()).exists()
