"""The course through its screens, without JavaScript: signing in with a Training ID, the
modules and their progress, the assessment from Start to its result, and a signed-in
assister's renewal course."""

import re

import pytest

from db.assisters import Assister
from db.mail import OutgoingMail
from db.training import AssessmentAnswer, AssessmentAttempt, AssessmentQuestion, ModuleProgress
from portal.actors import SYSTEM
from portal.app import create_app
from portal.services import courses, training
from tests.conftest import ENVIRON, csrf_token_from

WRONG = "We could not sign you in with this email address and Training ID."


def text_of(response):
    return response.get_data(as_text=True)


@pytest.fixture
def learner(app, factories):
    """A certified broker without an account who has not taken this year's course, and the
    Training ID emailed to them."""
    assister = factories.assister("broker", mastered_course_year=None)
    with app.test_request_context():
        training_id = training.issue_training_id(SYSTEM, assister)
    return assister, training_id


def course_sign_in(post_form, assister, training_id):
    return post_form("/training/sign-in", {"email": assister.email, "training_id": training_id})


@pytest.fixture
def signed_in_learner(client, post_form, learner):
    assert course_sign_in(post_form, *learner).headers["Location"] == "/training/"
    return learner[0]


def module_ids(client):
    return [int(i) for i in re.findall(r'href="/training/modules/(\d+)"', text_of(
        client.get("/training/")))]


def complete_all(client, post_form):
    for module_id in module_ids(client):
        url = f"/training/modules/{module_id}"
        assert post_form(f"{url}/complete", {}, page=url).status_code == 303


def start(client, post_form):
    response = post_form("/training/assessment", {}, page="/training/")
    assert response.status_code == 303, text_of(response)
    return response.headers["Location"]


def drawn(html):
    ids = [int(i) for i in dict.fromkeys(re.findall(r'name="q(\d+)"', html))]
    return [AssessmentQuestion.get_by_id(i) for i in ids]


def answer_form(html, right, leave_out=()):
    """The attempt's answers, the first `right` right: each question's radio by its name."""
    data = {"csrf_token": csrf_token_from(html)}
    for n, question in enumerate(drawn(html)):
        if question.id in leave_out:
            continue
        wrong = next(letter for letter in "abcd" if letter != question.correct_choice)
        data[f"q{question.id}"] = question.correct_choice if n < right else wrong
    return data


def test_a_visitor_is_sent_to_the_course_sign_in_and_other_roles_are_refused(
    client, factories, sign_in
):
    for url in ("/training/", "/training/modules/1", "/training/assessment/1"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/training/sign-in"
    sign_in(factories.consumer().user)
    assert client.get("/training/").status_code == 403
    assert client.get("/training/sign-in").status_code == 403


def test_signing_in_with_email_and_training_id_rotates_the_session(
    app, client, post_form, learner
):
    assister, training_id = learner
    client.get("/training/sign-in")
    before = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    response = course_sign_in(post_form, assister, training_id.lower())
    assert response.status_code == 302 and response.headers["Location"] == "/training/"
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value != before
    html = text_of(client.get("/training/"))
    assert "Assister Portal 2026" in html and assister.full_name in html
    assert "Leave the course" in html and "Not yet open" in html


@pytest.mark.parametrize("which", ["email", "training_id"])
def test_a_wrong_email_or_training_id_gets_the_same_message(client, post_form, learner, which):
    assister, training_id = learner
    typed = {"email": assister.email, "training_id": training_id}
    typed[which] = "someone@example.org" if which == "email" else "WXYZ-WXYZ-WXYZ"
    response = post_form("/training/sign-in", typed)
    html = text_of(response)
    assert response.status_code == 422 and WRONG in html
    assert f'value="{typed["email"]}"' in html and typed["training_id"] not in html
    assert client.get("/training/").headers["Location"] == "/training/sign-in"


def test_the_course_sign_in_is_rate_limited(test_database_url, factories, learner):
    # Made after `factories`' own app: the limiter is one object, set up by the last app made.
    limited = create_app({"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True,
                          "TRAINING_SIGN_IN_RATE_LIMIT": "3 per minute"}, environ=ENVIRON)
    client = limited.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.60"
    assister, training_id = learner
    token = csrf_token_from(text_of(client.get("/training/sign-in")))
    wrong = {"csrf_token": token, "email": assister.email, "training_id": "ABCD-EFGH-JK23"}
    assert [client.post("/training/sign-in", data=wrong).status_code for _ in range(3)] == [
        422, 422, 422]
    right = {**wrong, "training_id": training_id}
    assert client.post("/training/sign-in", data=right).status_code == 429


def test_leaving_the_course_signs_the_learner_out_and_keeps_progress(
    client, post_form, learner, signed_in_learner
):
    first = module_ids(client)[0]
    post_form(f"/training/modules/{first}/complete", {}, page=f"/training/modules/{first}")
    response = post_form("/training/leave", {}, page="/training/")
    assert response.headers["Location"] == "/training/sign-in"
    assert client.get("/training/").headers["Location"] == "/training/sign-in"
    course_sign_in(post_form, *learner)
    assert "Done" in text_of(client.get("/training/"))


def test_a_module_shows_its_text_and_links_and_saves_progress_once(
    client, post_form, signed_in_learner
):
    ids = module_ids(client)
    assert len(ids) == 8
    html = text_of(client.get(f"/training/modules/{ids[5]}"))
    assert "<h1>6. Safeguarding consumer information and privacy</h1>" in html
    assert 'href="https://www.irs.gov/pub/irs-pdf/p1075.pdf"' in html
    assert "Link:" not in html
    assert f'href="/training/modules/{ids[4]}"' in html
    assert f'href="/training/modules/{ids[6]}"' in html
    url = f"/training/modules/{ids[5]}/complete"
    for _ in range(2):
        response = post_form(url, {}, page=f"/training/modules/{ids[5]}")
        assert response.headers["Location"] == f"/training/modules/{ids[6]}"
    saved = ModuleProgress.select().where(ModuleProgress.assister == signed_in_learner.id)
    assert saved.count() == 1
    last_url = f"/training/modules/{ids[-1]}"
    last = post_form(f"{last_url}/complete", {}, page=last_url)
    assert last.headers["Location"] == "/training/"
    assert client.get("/training/modules/987654321").status_code == 404


def test_the_assessment_does_not_start_before_every_module_is_done(client, post_form,
                                                                  signed_in_learner):
    response = post_form("/training/assessment", {}, page="/training/")
    assert response.status_code == 422 and "every module is done" in text_of(response)
    assert AssessmentAttempt.select().count() == 0


def test_the_whole_assessment_through_the_screens(app, client, post_form, signed_in_learner):
    app.config["ASSESSMENT_RETRY_HOURS"] = 24
    complete_all(client, post_form)
    assert "Start the assessment" in text_of(client.get("/training/"))
    url = start(client, post_form)
    assert start(client, post_form) == url  # an open attempt is the one started
    html = text_of(client.get(url))
    assert html.count("<fieldset") == 10 and html.count("<legend") == 10
    questions = drawn(html)

    # One question unanswered: a message beside it, the other choices kept, nothing recorded.
    data = answer_form(html, 10, leave_out={questions[2].id})
    response = client.post(url, data=data)
    page = text_of(response)
    assert response.status_code == 422 and "Choose an answer to question 3." in page
    assert page.count('checked') == 9
    assert AssessmentAnswer.select().count() == 0

    # 60 %: the score, not which were right, and when a new attempt can start.
    response = client.post(url, data=answer_form(html, 6))
    assert response.status_code == 303 and response.headers["Location"] == url
    result = text_of(client.get(url))
    assert "a score of 60&nbsp;%" in result and "Not mastered yet" in result
    assert "a new attempt can start from" in result and "correct_choice" not in result
    # The same post again: the first result stands.
    assert client.post(url, data=answer_form(html, 10)).headers["Location"] == url
    assert AssessmentAttempt.get(AssessmentAttempt.assister == signed_in_learner.id).correct == 6
    refused = post_form("/training/assessment", {}, page="/training/")
    assert refused.status_code == 422 and "You can start a new attempt from" in text_of(refused)

    # Once the wait is over (none now), 70 % masters it and the activation email goes out.
    app.config["ASSESSMENT_RETRY_HOURS"] = 0
    second = start(client, post_form)
    assert second != url
    html = text_of(client.get(second))
    assert client.post(second, data=answer_form(html, 7)).status_code == 303
    result = text_of(client.get(second))
    assert "a score of 70&nbsp;%" in result and "You have mastered the 2026 course" in result
    assert "Action required: Activate your Assister Portal account" in result
    assister = Assister.get_by_id(signed_in_learner.id)
    assert assister.mastered_course_year == courses.current_course().year
    assert OutgoingMail.select().where(OutgoingMail.kind == "activation").count() == 1
    course = text_of(client.get("/training/"))
    assert "Mastered." in course and "Start the assessment" not in course


def test_another_learners_attempt_is_not_found(app, client, post_form, signed_in_learner,
                                               factories):
    complete_all(client, post_form)
    own = start(client, post_form)
    other = factories.assister("broker", mastered_course_year=None)
    with app.test_request_context():
        for module in courses.current_course().modules:
            training.complete_module(SYSTEM, other, module)
        theirs = training.start_attempt(SYSTEM, other)
    assert client.get(f"/training/assessment/{theirs.id}").status_code == 404
    html = text_of(client.get(own))
    response = client.post(f"/training/assessment/{theirs.id}", data=answer_form(html, 10))
    assert response.status_code == 404
    assert client.get("/training/assessment/987654321").status_code == 404
    assert AssessmentAttempt.get_by_id(theirs.id).submitted_at is None


def test_a_signed_in_assister_takes_the_current_years_course_for_renewal(
    client, post_form, factories, sign_in
):
    year = courses.current_course().year
    navigator = factories.assister("navigator", with_account=True, mastered_course_year=year - 1)
    sign_in(navigator.user)
    assert 'href="/training/"' in text_of(client.get("/assister/"))
    html = text_of(client.get("/training/"))
    assert navigator.full_name in html and "Leave the course" not in html
    assert client.get("/training/sign-in").headers["Location"] == "/training/"
    complete_all(client, post_form)
    url = start(client, post_form)
    html = text_of(client.get(url))
    assert client.post(url, data=answer_form(html, 9)).status_code == 303
    assert "your portal access continues" in text_of(client.get(url))
    assert Assister.get_by_id(navigator.id).mastered_course_year == year
    # Still signed in to their account.
    assert client.get("/assister/").status_code == 200
