"""From an agency's application to its administrator's first page (S8): staff approve, the
activation email's Registration Number goes through the "Register for an Account" screens,
and the new account signs in with MFA and lands on the agency's page."""

import re
from html import unescape

from db.accounts import User
from db.assisters import AgencyAdmin
from db.mail import OutgoingMail
from portal.services import agency_applications
from tests.conftest import emailed_code
from tests.services.test_agency_applications import application_values
from tests.views.test_activation import STRONG, accept, account_data, details_data


def approved_admin(app, factories):
    """An approved application's agency administrator, and the Registration Number mailed."""
    with app.test_request_context():
        application = agency_applications.submit(factories.actor(None), application_values())
        agency_applications.approve(factories.actor(factories.staff()), application)
    admin = AgencyAdmin.get(AgencyAdmin.email == application.contact_email)
    mail = OutgoingMail.get(OutgoingMail.kind == "activation",
                            OutgoingMail.to_address == admin.email)
    number = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b", mail.body).group(1)
    return admin, number


def text_of(response):
    return unescape(response.get_data(as_text=True))


def test_the_wizard_reads_right_for_an_agency_administrator(client):
    start = text_of(client.get("/register"))
    assert "administrators of certified agencies" in start
    privacy = text_of(client.get("/register/privacy"))
    assert "As an assister or an agency administrator you agree to" in privacy


def test_approved_contact_activates_signs_in_with_mfa_and_lands_on_the_agency(
    app, client, post_form, factories
):
    admin, number = approved_admin(app, factories)
    accept(client, post_form)
    client.get("/register/details")
    response = post_form("/register/details", details_data(admin, number, client))
    assert response.status_code == 302, text_of(response)
    assert response.headers["Location"] == "/register/account"
    response = post_form("/register/account", account_data(username="ingrid.o"))
    assert response.status_code == 302 and response.headers["Location"] == "/register/done"
    done = text_of(client.get("/register/done"))
    assert "Successful User Creation" in done and "ingrid.o" in done
    user = User.get(User.username == "ingrid.o")
    assert user.role == "agency_admin"
    assert AgencyAdmin.get_by_id(admin.id).user_id == user.id

    # Sign-in: the password, then MFA registration and the emailed code.
    response = post_form("/sign-in", {"username": "ingrid.o", "password": STRONG})
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in/mfa/register"
    # Not signed in until the code is entered.
    assert client.get("/agency/").headers["Location"].startswith("/sign-in")
    response = post_form("/sign-in/mfa/register", {"email": user.email, "agree": "y"})
    assert response.status_code == 200
    response = post_form("/sign-in/mfa/code", {"code": emailed_code(user)})
    assert response.status_code == 302 and response.headers["Location"] == "/agency/"
    home = text_of(client.get("/agency/"))
    assert "Northwoods Health Navigators" in home and "agency's administrator" in home


def test_a_wrong_detail_is_refused_with_what_was_typed_kept(app, client, post_form, factories):
    admin, number = approved_admin(app, factories)
    accept(client, post_form)
    client.get("/register/details")
    response = post_form("/register/details",
                         details_data(admin, number, client, last_name="Olson"))
    assert response.status_code == 422
    html = text_of(response)
    assert "does not match the name in your activation email" in html
    assert 'value="Olson"' in html and number not in html
    assert AgencyAdmin.get_by_id(admin.id).user_id is None
