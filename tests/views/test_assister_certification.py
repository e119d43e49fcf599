"""Your certification: the period, its history, the course, and renewal from 90 days before
expiry; the dashboard's notice while renewal is open and not yet asked for."""

from datetime import timedelta

import pytest

from db.audit import AuditEvent
from db.certifications import Certification
from portal.services import standing
from tests.conftest import csrf_token_from
from tests.views.test_double_submit import post_at_once

URL = "/assister/certification"
RENEW = "/assister/certification/renew"


def today():
    return standing.minnesota_today()


@pytest.fixture
def expiring(factories, sign_in):
    """A navigator whose certification expires in 60 days: renewal is open."""
    navigator = factories.assister(
        "navigator", with_account=True, certified_on=today() - timedelta(days=305),
        certification_expires_on=today() + timedelta(days=60),
    )
    sign_in(navigator.user)
    return navigator


def test_the_page_shows_the_period_the_history_and_the_course(client, expiring):
    html = client.get(URL).get_data(as_text=True)
    assert "Your certification" in html and "Confirmed" in html
    assert f"{(today() + timedelta(days=60)):%B %-d, %Y}" in html
    assert "First certification" in html and 'href="/training/"' in html
    assert "You mastered the" in html
    assert 'action="/assister/certification/renew"' in html
    assert f'href="{URL}"' in client.get("/assister/profile").get_data(as_text=True)


def test_renewing_makes_a_pending_renewal_and_the_notice_goes(client, post_form, expiring):
    home = client.get("/assister/").get_data(as_text=True)
    assert "Renew your certification" in home and f'href="{URL}"' in home
    response = post_form(RENEW, {}, page=URL)
    assert response.status_code == 302 and response.headers["Location"] == URL
    renewal = Certification.get(Certification.kind == "renewal")
    assert renewal.status == "pending" and renewal.assister_id == expiring.id
    assert renewal.starts_on == today() + timedelta(days=61)
    html = client.get(URL).get_data(as_text=True)
    assert "Your renewal is requested" in html and "You asked to renew on" in html
    assert 'action="/assister/certification/renew"' not in html
    assert "Renew your certification</a>" not in client.get("/assister/").get_data(as_text=True)


def test_a_double_click_asks_to_renew_once(app, client, expiring):
    token = csrf_token_from(client.get(URL).get_data(as_text=True))
    responses = post_at_once(app, client, RENEW, {"csrf_token": token})
    assert [(r.status_code, r.headers.get("Location")) for r in responses] == [(302, URL)] * 6
    assert Certification.select().where(Certification.kind == "renewal").count() == 1
    assert AuditEvent.select().where(
        AuditEvent.action == "certification.renewal_requested").count() == 1


def test_before_90_days_the_page_says_when_renewal_opens(client, post_form, factories, sign_in):
    expires_on = today() + timedelta(days=200)
    navigator = factories.assister("navigator", with_account=True,
                                   certification_expires_on=expires_on)
    sign_in(navigator.user)
    html = client.get(URL).get_data(as_text=True)
    assert f"Renewal opens on {(expires_on - timedelta(days=90)):%B %-d, %Y}" in html
    assert "Renew your certification</a>" not in client.get("/assister/").get_data(as_text=True)
    response = post_form(RENEW, {}, page=URL)
    assert response.status_code == 422
    assert "You can renew your certification from" in response.get_data(as_text=True)
    assert not Certification.select().where(Certification.kind == "renewal").exists()


def test_without_this_years_course_renewal_points_to_it(client, post_form, factories, sign_in):
    navigator = factories.assister("navigator", with_account=True, mastered_course_year=None,
                                   certification_expires_on=today() + timedelta(days=30))
    sign_in(navigator.user)
    html = client.get(URL).get_data(as_text=True)
    assert "You have not yet mastered" in html and 'href="/training/"' in html
    assert 'action="/assister/certification/renew"' not in html
    response = post_form(RENEW, {}, page=URL)
    assert response.status_code == 422
    assert "first complete this year" in response.get_data(as_text=True)
    assert not Certification.select().where(Certification.kind == "renewal").exists()


def test_a_broker_gives_their_license_again(client, post_form, factories, sign_in):
    broker = factories.assister("broker", with_account=True,
                                certification_expires_on=today() + timedelta(days=10))
    sign_in(broker.user)
    html = client.get(URL).get_data(as_text=True)
    assert 'name="license_expires_on"' in html and broker.license_number in html
    response = post_form(RENEW, {"license_number": broker.license_number,
                                 "license_expires_on": "2020-01-01"}, page=URL)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "Your license expired on" in body
    assert 'value="2020-01-01"' in body
    expiry = today() + timedelta(days=400)
    response = post_form(RENEW, {"license_number": "MN-77", "license_expires_on":
                                 expiry.isoformat()}, page=URL)
    assert response.status_code == 302
    renewal = Certification.get(Certification.kind == "renewal")
    assert (renewal.license_number, renewal.license_expires_on) == ("MN-77", expiry)


def test_a_renew_post_without_its_token_changes_nothing(client, expiring):
    response = client.post(RENEW, data={})
    assert response.status_code in (400, 422)
    assert not Certification.select().where(Certification.kind == "renewal").exists()
