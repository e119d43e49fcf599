"""The agency's roster through the screens: the list, each button (a double click shows the
first result; another agency's person is a 404), the marked-inactive navigator signed out at
their next request and gone from Find local help, and the CSV upload's report and refusals."""

import html
import io
import re
from datetime import date, timedelta

import pytest

from db.assisters import Assister
from db.audit import AuditEvent
from db.certifications import Certification, RosterUpload
from db.mail import OutgoingMail
from db.notices import Notice
from portal.services import courses
from tests.conftest import csrf_token_from
from tests.routes import signed_in_client

ROSTER = "/agency/roster"
HEADERS = "email,first_name,last_name,type,action\r\n"


def text(response):
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def admin(factories, sign_in):
    admin = factories.agency_admin()
    sign_in(admin.user)
    return admin


@pytest.fixture
def post(client):
    """POST with the roster page's CSRF token (one page, one session)."""

    def send(url, data=None, **kwargs):
        token = csrf_token_from(client.get(ROSTER).get_data(as_text=True))
        return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)

    return send


def person(factories, admin, first_name, **values):
    values = {"last_name": "Lee", "email": f"{first_name.lower()}@example.org", **values}
    return factories.assister(
        values.pop("assister_type", "navigator"), agency=admin.agency, first_name=first_name,
        **values,
    )


def waiting(factories, admin, first_name):
    """Registered under the agency, their first certification pending, not yet approved."""
    applied = person(factories, admin, first_name, roster_status="pending",
                     certification_status="pending",
                     mastered_course_year=courses.current_course().year)
    # Enrolled pending, create_assister recorded the pending first certification.
    return applied


def upload(post, content, filename="roster.csv"):
    data = content.encode() if isinstance(content, str) else content
    return post(f"{ROSTER}/upload", {"file": (io.BytesIO(data), filename)},
                content_type="multipart/form-data")


def test_the_roster_lists_the_agencys_own_staff_by_name(client, factories, admin):
    person(factories, admin, "Zoe", assister_type="cac")
    waiting(factories, admin, "Amy")
    factories.assister("navigator", first_name="Other", last_name="Agency")
    page = text(client.get(ROSTER))
    assert 'href="/agency/roster" class="usa-current" aria-current="page">Roster' in page
    assert page.index("Lee, Amy") < page.index("Lee, Zoe") and "Other" not in page
    assert "Waiting for confirmation" in page and "Certified application counselor" in page
    assert "Approve for portal access<span class=\"usa-sr-only\">: Amy Lee" in page
    assert "Lee, Amy" in text(client.get(f"{ROSTER}?q=amy%40"))
    filtered = text(client.get(f"{ROSTER}?status=approved"))
    assert "Lee, Zoe" in filtered and "Lee, Amy" not in filtered
    assert "No one on your roster matches" in text(client.get(f"{ROSTER}?q=nobody&page=x"))


def test_approval_sends_the_activation_email_and_a_double_click_shows_the_same(
    client, factories, admin, post
):
    amy = waiting(factories, admin, "Amy")
    answers = [post(f"{ROSTER}/{amy.id}/approve?q=amy") for _ in range(2)]
    assert {(r.status_code, r.location) for r in answers} == {(302, "/agency/roster?q=amy")}
    assert "Amy Lee is approved for portal access." in text(client.get(ROSTER))
    assert Assister.get_by_id(amy.id).roster_status == "approved"
    assert OutgoingMail.select().where(OutgoingMail.kind == "activation").count() == 1
    assert "Activation email sent" in text(client.get(ROSTER))


def test_another_agencys_person_or_a_missing_one_is_not_found(client, factories, admin, post):
    other = factories.assister("navigator", roster_status="pending")
    broker = person(factories, admin, "Bob", assister_type="broker")
    for assister_id in (other.id, broker.id, 987654321):
        for action in ("approve", "inactive", "renewal"):
            assert post(f"{ROSTER}/{assister_id}/{action}").status_code == 404
    assert Assister.get_by_id(other.id).roster_status == "pending"
    assert not AuditEvent.select().where(AuditEvent.action.startswith("roster.")).exists()
    assert client.get(f"{ROSTER}/{other.id}/approve").status_code == 405


def test_staff_made_inactive_is_refused_with_whom_to_call(client, factories, admin, post):
    erin = person(factories, admin, "Erin", is_active=False, roster_status="inactive")
    response = post(f"{ROSTER}/{erin.id}/approve", follow_redirects=True)
    assert "you can't approve them. To ask why, call the ARC" in text(response)
    assert Assister.get_by_id(erin.id).roster_status == "inactive"


def test_marked_inactive_the_navigator_is_signed_out_and_leaves_the_directory(
    app, client, factories, admin, post
):
    nora = person(factories, admin, "Nora", with_account=True)
    clients = [factories.association(for_assister=nora) for _ in range(2)]
    browser = signed_in_client(app, nora.user, "192.0.2.20")
    assert browser.get("/assister/").status_code == 200
    assert client.get(f"/find-help/assisters/{nora.id}").status_code == 200

    response = post(f"{ROSTER}/{nora.id}/inactive", follow_redirects=True)
    assert "Nora Lee is inactive on your roster: their portal access has ended." in text(response)
    answer = browser.get("/assister/")
    assert answer.status_code == 302 and answer.location.startswith("/sign-in")
    told = Notice.select().where(Notice.kind == "assister_suspended")
    assert {n.consumer_id for n in told} == {c.consumer_id for c in clients}
    assert client.get(f"/find-help/assisters/{nora.id}").status_code == 404
    # Again (a double click): the same answer, nothing more.
    again = post(f"{ROSTER}/{nora.id}/inactive")
    assert (again.status_code, again.location) == (302, ROSTER)
    assert told.count() == 2


def test_a_pending_renewal_is_confirmed_from_its_button(client, factories, admin, post):
    nora = person(factories, admin, "Nora")
    assert "Confirm renewal" not in text(client.get(ROSTER))
    Certification.create(assister=nora, kind="renewal", starts_on=date.today(),
                         expires_on=date.today() + timedelta(days=364))
    assert "Renewal waiting for your confirmation" in text(client.get(ROSTER))
    response = post(f"{ROSTER}/{nora.id}/renewal", follow_redirects=True)
    assert "Nora Lee's certification is renewed to" in text(response)
    assert Certification.get().status == "confirmed"


def test_an_upload_answers_with_the_report_of_each_row(client, factories, admin, post):
    amy = waiting(factories, admin, "Amy")
    zoe = person(factories, admin, "Zoe")
    content = (HEADERS + "amy@example.org,Amy,Lee,navigator,approve\r\n"
               "zoe@example.org,Zoe,Lee,navigator,inactive\r\n"
               "zoe@example.org,Zoe,Lee,navigator,approve\r\n"
               "sly@example.org,=1+1,Lee,navigator,approve\r\n")
    response = upload(post, content, "C:\\Users\\me\\roster.csv")
    page = text(response)
    assert response.status_code == 200 and "Roster upload report" in page
    assert "roster.csv, uploaded" in page and "2 applied" in page and "2 refused" in page
    assert "This email is also on row 3" in page and "formulas are refused" in page
    assert Assister.get_by_id(amy.id).roster_status == "approved"
    assert Assister.get_by_id(zoe.id).roster_status == "inactive"
    again = text(upload(post, content))
    assert "You uploaded this same file before" in again and "0 applied" in again
    assert RosterUpload.select().count() == 2


@pytest.mark.parametrize(("content", "message"), [
    ("name,email\r\nAmy,amy@example.org\r\n",
     "The first row must be the headers email, first_name, last_name, type, action"),
    ((HEADERS + "amy@example.org,Am\u00e9lie,Lee,navigator,approve\r\n").encode("latin-1"),
     "This file is not in UTF-8. Save it as \u201cCSV UTF-8\u201d"),
    ("", "This file is empty"),
])
def test_a_file_refused_whole_is_said_on_the_form(client, factories, admin, post, content,
                                                  message):
    amy = waiting(factories, admin, "Amy")
    response = upload(post, content)
    page = text(response)
    assert response.status_code == 422 and message in page
    assert 'id="file-error"' in page and "Please correct the following" in page
    assert Assister.get_by_id(amy.id).roster_status == "pending"
    assert RosterUpload.select().count() == 0


def test_an_upload_without_a_file_asks_for_one(admin, post):
    response = post(f"{ROSTER}/upload", {}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose the roster file to upload." in text(response)


def test_a_file_over_the_limit_is_refused(app, admin, post):
    app.config["ROSTER_UPLOAD_MAX_BYTES"] = 100
    response = upload(post, HEADERS + "a" * 200)
    assert response.status_code == 422 and "larger than 100 bytes" in text(response)


def test_the_download_is_the_roster_in_the_upload_format(client, factories, admin):
    waiting(factories, admin, "Amy")
    person(factories, admin, "Zoe", roster_status="inactive")
    person(factories, admin, "Sly", last_name="@cmd")
    factories.assister("navigator", first_name="Other", last_name="Agency")
    response = client.get(f"{ROSTER}/template.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True) == (
        HEADERS + "sly@example.org,Sly,'@cmd,navigator,approve\r\n"
        "amy@example.org,Amy,Lee,navigator,\r\n"
        "zoe@example.org,Zoe,Lee,navigator,inactive\r\n"
    )
    assert re.search(r'href="/agency/roster/template.csv"', text(client.get(ROSTER)))


def test_a_request_larger_than_any_the_portal_reads_is_refused_on_the_form(app, admin, post):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = upload(post, HEADERS + "a" * 2000)
    assert response.status_code == 413
    assert "far larger than a roster can be" in text(response) and "Upload a roster" in text(
        response)
