"""Staff and the course: the question bank (a question's right choice must be one with text),
the modules, and every attempt, read only."""

import html

import pytest

from db.audit import AuditEvent
from db.training import AssessmentAttempt, AssessmentQuestion, Course, CourseModule
from portal.actors import SYSTEM
from portal.services import training

PAGES = ["/admin/admin_question/", "/admin/admin_module/", "/admin/admin_attempt/"]
QUESTION = {
    "text": "Which number do you give a consumer?",
    "choice_a": "The Reference Number",
    "choice_b": "The Registration Number",
    "choice_c": "",
    "choice_d": "",
    "correct_choice": "a",
    "is_active": "y",
}


@pytest.fixture
def staff_client(client, factories, sign_in):
    sign_in(factories.staff())
    return client


def text_of(response):
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("role", ["consumer", "assister", "agency_admin"])
def test_only_staff_open_the_course_views(client, factories, sign_in, role):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    sign_in(factories.user(role))
    for url in PAGES:
        assert client.get(url).status_code == 403, url


def test_staff_add_a_question_with_two_choices(staff_client, post_form):
    before = AssessmentQuestion.select().count()
    response = post_form("/admin/admin_question/new/", QUESTION)
    assert response.status_code == 302, text_of(response)
    added = AssessmentQuestion.select().order_by(AssessmentQuestion.id.desc()).first()
    assert AssessmentQuestion.select().count() == before + 1
    assert (added.choice_c, added.choice_d, added.correct_choice, added.is_active) == (
        None, None, "a", True)
    assert AuditEvent.get(AuditEvent.action == "assessment_question.created").actor_role == "staff"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"correct_choice": "c"}, "correct_choice",
         "The right choice must be one of the choices that has text."),
        ({"choice_b": "  "}, "choice_b", "Enter choice B."),
        ({"text": ""}, "text", "Enter the question."),
    ],
)
def test_a_question_that_breaks_a_rule_is_refused_beside_its_field(
    staff_client, post_form, changes, field, message
):
    before = AssessmentQuestion.select().count()
    response = post_form("/admin/admin_question/new/", {**QUESTION, **changes})
    page = text_of(response)
    assert response.status_code == 200
    feedback = page[page.index(f'id="{field}"'):]
    assert message in feedback[: feedback.index("</div>") + 400]
    assert 'value="The Reference Number"' in page
    assert AssessmentQuestion.select().count() == before


def test_staff_make_a_question_inactive_and_the_list_filters_by_it(staff_client, post_form):
    question = AssessmentQuestion.select().order_by(AssessmentQuestion.id).first()
    url = f"/admin/admin_question/edit/?id={question.id}"
    form = {"text": question.text, "choice_a": question.choice_a, "choice_b": question.choice_b,
            "choice_c": question.choice_c or "", "choice_d": question.choice_d or "",
            "correct_choice": question.correct_choice}  # "Active" unticked
    assert post_form(url, form).status_code == 302
    assert AssessmentQuestion.get_by_id(question.id).is_active is False
    inactive = text_of(staff_client.get("/admin/admin_question/?flt0_0=0"))
    assert question.text in inactive
    active = text_of(staff_client.get("/admin/admin_question/?flt0_0=1&page_size=100"))
    assert question.text not in active


def test_staff_edit_a_module_and_add_one(staff_client, post_form):
    listing = text_of(staff_client.get("/admin/admin_module/"))
    titles = [m.title for m in CourseModule.select().order_by(CourseModule.position)]
    assert [listing.index(title) for title in titles] == sorted(
        listing.index(title) for title in titles)
    module = CourseModule.get(CourseModule.position == 2)
    url = f"/admin/admin_module/edit/?id={module.id}"
    page = text_of(staff_client.get(url))
    assert 'name="position"' not in page and 'name="body"' in page
    response = post_form(url, {"title": "Your way around", "body": "First.\n\nSecond.",
                               "minutes": "6"})
    assert response.status_code == 302, text_of(response)
    saved = CourseModule.get_by_id(module.id)
    assert (saved.title, saved.body, saved.minutes, saved.position) == (
        "Your way around", "First.\n\nSecond.", 6, 2)
    course = Course.get(Course.year == 2026)
    new = {"course": str(course.id), "position": "2", "title": "More", "body": "Text",
           "minutes": "5"}
    refused = post_form("/admin/admin_module/new/", new)
    assert "The course already has a module at position 2." in text_of(refused)
    assert post_form("/admin/admin_module/new/", {**new, "position": "9"}).status_code == 302
    assert CourseModule.select().where(CourseModule.course == course.id).count() == 9


def test_attempts_are_listed_and_never_edited(app, staff_client, post_form, factories):
    learner = factories.assister("broker", mastered_course_year=None, last_name="Lindqvist")
    with app.test_request_context():
        for module in Course.get(Course.year == 2026).modules:
            training.complete_module(SYSTEM, learner, module)
        attempt = training.start_attempt(SYSTEM, learner)
    listing = text_of(staff_client.get("/admin/admin_attempt/?flt0_0=Lindqvist"))
    assert "Ada Lindqvist (Broker)" in listing
    assert staff_client.get(f"/admin/admin_attempt/details/?id={attempt.id}").status_code == 200
    assert staff_client.get(f"/admin/admin_attempt/edit/?id={attempt.id}").status_code == 302
    assert staff_client.get("/admin/admin_attempt/new/").status_code == 302
    response = post_form("/admin/admin_attempt/delete/", {"id": str(attempt.id)},
                         page="/admin/admin_attempt/")
    assert response.status_code in (302, 404, 405)
    assert AssessmentAttempt.get_or_none(AssessmentAttempt.id == attempt.id) is not None
