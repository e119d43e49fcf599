"""Who may open an application, one editor at a time, provenance and the Assister section."""

from datetime import timedelta

import pytest

from db import utcnow
from db.applications import AnswerProvenance, Application
from db.associations import Association
from db.cases import Case
from portal.services import applications
from tests.views.wizard import CONTACT, complete_to_signature, page, post_step, read_rights


@pytest.fixture
def navigator(factories):
    return factories.assister("navigator", with_account=True)


@pytest.fixture
def client_of(factories, navigator):
    consumer = factories.consumer()
    factories.association(for_consumer=consumer, for_assister=navigator)
    return consumer


def acknowledge(client, post_form, consumer):
    response = post_form(f"/assister/clients/{consumer.id}/assist", {})
    assert response.status_code == 302


def assister_starts(client, post_form, sign_in, navigator, consumer):
    sign_in(navigator.user)
    acknowledge(client, post_form, consumer)
    response = post_form(
        f"/applications/start/{consumer.id}", {}, page=f"/assister/clients/{consumer.id}"
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[0]


def test_an_assister_applies_from_client_details_and_provenance_names_them(
    client, post_form, sign_in, navigator, client_of
):
    sign_in(navigator.user)
    acknowledge(client, post_form, client_of)
    details = page(client, f"/assister/clients/{client_of.id}")
    assert "Apply for assistance with Health Care" in details
    url = assister_starts(client, post_form, lambda user: None, navigator, client_of)
    assert post_step(client, f"{url}/contact", CONTACT).status_code == 302
    row = AnswerProvenance.get(AnswerProvenance.answer == "application.county")
    assert row.entered_by_id == navigator.user_id and row.entered_role == "assister"
    summary_ready = page(client, f"{url}/contact")
    assert "Primary applicant and contact" in summary_ready
    details = page(client, f"/assister/clients/{client_of.id}")
    assert "Resume application" in details and "Application started" in details


def test_other_assisters_and_made_up_ids_get_404(
    client, post_form, sign_in, factories, navigator, client_of
):
    with client.application.app_context():
        from tests.factories import actor

        application = applications.start(actor(client_of.user), client_of)
    stranger = factories.assister("navigator", with_account=True)
    sign_in(stranger.user)
    for url in (
        f"/applications/{application.id}/contact",
        f"/applications/{application.id}/summary",
        f"/applications/{application.id}/signature",
        f"/applications/{application.id}/results",
        f"/applications/{application.id}/rights",
        "/applications/999999/contact",
    ):
        assert client.get(url).status_code == 404, url
    response = post_form(f"/applications/start/{client_of.id}", {}, page="/assister/")
    assert response.status_code == 404


def test_without_the_apply_scope_the_assister_is_refused(
    client, post_form, sign_in, navigator, client_of
):
    Association.update(may_apply=False).where(Association.consumer == client_of.id).execute()
    sign_in(navigator.user)
    acknowledge(client, post_form, client_of)
    assert "has not authorized you to apply" in page(client, f"/assister/clients/{client_of.id}")
    response = post_form(
        f"/applications/start/{client_of.id}", {}, page=f"/assister/clients/{client_of.id}"
    )
    assert response.status_code == 403
    assert Application.select().count() == 0


def test_an_ended_association_closes_the_application_at_once(
    client, post_form, sign_in, navigator, client_of
):
    url = assister_starts(client, post_form, sign_in, navigator, client_of)
    Association.update(ended_at=utcnow()).where(Association.consumer == client_of.id).execute()
    assert client.get(f"{url}/contact").status_code == 404


def test_one_editor_at_a_time_and_the_hold_lapses(
    client, app, post_form, sign_in, navigator, client_of
):
    url = assister_starts(client, post_form, sign_in, navigator, client_of)
    page(client, f"{url}/contact")
    assert Application.get().held_by is None  # opening a step holds nothing
    assert post_step(client, f"{url}/contact", CONTACT).status_code == 302
    assert Application.get().held_by_id == navigator.user_id  # the save took the hold
    consumer_client = app.test_client()
    from tests.conftest import csrf_token_from

    def consumer_sign_in():
        html = consumer_client.get("/sign-in").get_data(as_text=True)
        response = consumer_client.post(
            "/sign-in",
            data={"csrf_token": csrf_token_from(html), "username": client_of.user.username,
                  "password": "correct horse battery staple"},
        )
        assert response.status_code == 302

    def consumer_saves_contact():
        token = csrf_token_from(consumer_client.get("/consumer/").get_data(as_text=True))
        typed = {**CONTACT, "street": "99 Typed Ave", "csrf_token": token,
                 "version": str(Application.get().version), "action": "next"}
        return consumer_client.post(f"{url}/contact", data=typed)

    consumer_sign_in()
    html = consumer_client.get(f"{url}/contact").get_data(as_text=True)
    assert "Being edited by" in html and navigator.user.full_name in html
    assert 'name="street"' not in html  # read-only: no form
    # A save while the navigator holds it is refused, with why and what was typed kept.
    response = consumer_saves_contact()
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert f"{navigator.user.full_name} (assister) is working on this application" in html
    assert "Nothing you entered here was saved" in html and 'value="99 Typed Ave"' in html
    assert Application.get().street == CONTACT["street"]
    # After 15 minutes without activity the hold lapses and the consumer may edit.
    Application.update(held_seen_at=utcnow() - timedelta(minutes=16)).execute()
    html = consumer_client.get(f"{url}/contact").get_data(as_text=True)
    assert "Being edited by" not in html and 'name="street"' in html
    assert Application.get().held_by_id == navigator.user_id  # still: the GET took nothing
    assert consumer_saves_contact().status_code == 302
    assert Application.get().held_by_id == client_of.user_id
    assert Application.get().street == "99 Typed Ave"
    # Now the navigator is the one who sees the read-only view.
    assert "Being edited by" in page(client, f"{url}/contact")


def test_save_and_exit_releases_the_hold(client, post_form, sign_in, navigator, client_of):
    url = assister_starts(client, post_form, sign_in, navigator, client_of)
    response = post_step(client, f"{url}/contact", CONTACT, action="exit")
    assert response.headers["Location"] == f"/assister/clients/{client_of.id}"
    assert Application.get().held_by is None


def test_navigators_complete_the_assister_section_which_links_the_case(
    client, post_form, sign_in, navigator, client_of
):
    url = assister_starts(client, post_form, sign_in, navigator, client_of)
    complete_to_signature(client, url, income="4000")
    read_rights(client, url)
    signed = {"attested": "y", "signed_name": "Carl Consumer"}  # the name on CONTACT
    response = post_step(client, f"{url}/signature", signed, action="submit")
    assert response.status_code == 422
    assert "complete the Assister section" in response.get_data(as_text=True)
    wrong_id = {**signed, "assister_section": "yes", "assister_reference_number": "1234567890",
                "assister_organization": navigator.organization}
    response = post_step(client, f"{url}/signature", wrong_id, action="submit")
    assert response.status_code == 422 and "your own Assister ID" in response.get_data(
        as_text=True)
    assert Case.select().count() == 0
    right = {**wrong_id, "assister_reference_number": navigator.reference_number}
    response = post_step(client, f"{url}/signature", right, action="submit")
    assert response.status_code == 302, response.get_data(as_text=True)
    case = Case.get()
    assert case.association.assister_id == navigator.id
    results = page(client, f"{url}/results")
    assert case.case_number in results
    details = page(client, f"/assister/clients/{client_of.id}")
    assert f"Case {case.case_number}" in details and "Application submitted" in details
