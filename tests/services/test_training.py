"""The course and its assessment (S8): progress saved per module, attempts drawn from the active
questions, scored once (70 % masters it), the wait after a failed attempt, and the activation
email once mastery, certification and the roster are all done."""

from datetime import date, timedelta

import pytest

from db import utcnow
from db.assisters import Assister
from db.certifications import Certification
from db.mail import OutgoingMail
from db.training import (
    AssessmentAnswer,
    AssessmentAttempt,
    AssessmentQuestion,
    CourseModule,
    ModuleProgress,
)
from portal.errors import DomainError, NotFound
from portal.services import certifications, courses, training


@pytest.fixture(autouse=True)
def app_context(app):
    with app.test_request_context():
        yield


@pytest.fixture
def learner(factories):
    """A broker certified and without an account, who has not taken this year's course."""
    return factories.assister("broker", mastered_course_year=None)


@pytest.fixture
def actor(factories):
    return factories.actor(None)


def modules():
    return list(courses.current_course().modules.order_by(CourseModule.position))


def through_modules(actor, learner):
    for module in modules():
        training.complete_module(actor, learner, module)


def answers(attempt, right):
    """Answers to the attempt's questions, the first `right` of them right, the rest wrong."""
    chosen = {}
    for n, question in enumerate(training.questions_of(attempt)):
        wrong = next(letter for letter, _ in training.choices_of(question)
                     if letter != question.correct_choice)
        chosen[question.id] = question.correct_choice if n < right else wrong
    return chosen


def reloaded(assister):
    return Assister.get_by_id(assister.id)


def activation_mails(assister):
    return OutgoingMail.select().where(
        OutgoingMail.kind == "activation", OutgoingMail.to_address == assister.email
    ).count()


def test_the_2026_course_has_its_modules_and_question_bank():
    course = courses.current_course(date(2026, 6, 1))
    assert course.title == "Assister Portal 2026"
    assert 7 <= len(modules()) <= 9
    assert 40 <= sum(module.minutes for module in modules()) <= 50
    assert AssessmentQuestion.select().count() >= 30
    for question in AssessmentQuestion.select():
        assert len(training.choices_of(question)) == 4
        assert question.correct_choice in {letter for letter, _ in training.choices_of(question)}


def test_module_progress_is_saved_once_per_module(actor, learner):
    first = modules()[0]
    training.complete_module(actor, learner, first)
    training.complete_module(actor, learner, first)
    assert ModuleProgress.select().where(ModuleProgress.assister == learner.id).count() == 1
    progress = training.progress_of(learner)
    assert [state.done for state in progress.modules][:2] == [True, False]
    assert not progress.all_done and not progress.assessment_open


def test_the_assessment_opens_only_when_every_module_is_done(actor, learner):
    for module in modules()[:-1]:
        training.complete_module(actor, learner, module)
    with pytest.raises(DomainError, match="every module"):
        training.start_attempt(actor, learner)
    assert AssessmentAttempt.select().count() == 0
    training.complete_module(actor, learner, modules()[-1])
    assert training.progress_of(learner).assessment_open
    assert training.start_attempt(actor, learner).total == 10


def test_an_attempt_draws_only_active_questions_and_an_open_one_is_returned(actor, learner):
    active = [q.id for q in AssessmentQuestion.select().order_by(AssessmentQuestion.id)[:12]]
    AssessmentQuestion.update(is_active=False).where(
        AssessmentQuestion.id.not_in(active)).execute()
    through_modules(actor, learner)
    attempt = training.start_attempt(actor, learner)
    drawn = training.drawn_ids(attempt)
    assert len(drawn) == 10 == len(set(drawn)) and set(drawn) <= set(active)
    assert training.start_attempt(actor, learner).id == attempt.id
    assert AssessmentAttempt.select().count() == 1


def test_the_draw_is_as_many_as_the_setting_says(app, actor, learner):
    app.config["ASSESSMENT_QUESTIONS"] = 4
    through_modules(actor, learner)
    assert len(training.drawn_ids(training.start_attempt(actor, learner))) == 4


def test_seventy_percent_exactly_masters_the_course(actor, learner):
    through_modules(actor, learner)
    attempt = training.start_attempt(actor, learner)
    attempt = training.submit(actor, learner, attempt, answers(attempt, 7))
    assert (attempt.correct, attempt.total, attempt.score_percent, attempt.passed) == (
        7, 10, 70, True)
    assert reloaded(learner).mastered_course_year == courses.current_course().year
    assert AssessmentAnswer.select().where(AssessmentAnswer.attempt == attempt.id).count() == 10
    with pytest.raises(DomainError, match="already mastered"):
        training.start_attempt(actor, reloaded(learner))


def test_sixty_percent_fails_and_a_new_attempt_waits(app, actor, learner):
    app.config["ASSESSMENT_RETRY_HOURS"] = 24
    through_modules(actor, learner)
    attempt = training.start_attempt(actor, learner)
    attempt = training.submit(actor, learner, attempt, answers(attempt, 6))
    assert (attempt.score_percent, attempt.passed) == (60, False)
    assert reloaded(learner).mastered_course_year is None
    progress = training.progress_of(learner)
    assert progress.retry_at == attempt.submitted_at + timedelta(hours=24)
    with pytest.raises(DomainError, match="new attempt from"):
        training.start_attempt(actor, learner)
    later = attempt.submitted_at + timedelta(hours=24, seconds=1)
    second = training.start_attempt(actor, learner, now=later)
    assert second.id != attempt.id
    # Every attempt is kept.
    assert AssessmentAttempt.select().where(AssessmentAttempt.assister == learner.id).count() == 2


def test_a_second_submission_changes_nothing(actor, learner):
    through_modules(actor, learner)
    attempt = training.start_attempt(actor, learner)
    first = training.submit(actor, learner, attempt, answers(attempt, 4))
    again = training.submit(actor, learner, attempt, answers(attempt, 10))
    assert (again.correct, again.passed, again.submitted_at) == (4, False, first.submitted_at)
    assert AssessmentAnswer.select().count() == 10
    assert reloaded(learner).mastered_course_year is None


def test_answers_to_questions_not_drawn_are_ignored(actor, learner):
    through_modules(actor, learner)
    attempt = training.start_attempt(actor, learner)
    drawn = set(training.drawn_ids(attempt))
    foreign = AssessmentQuestion.select().where(AssessmentQuestion.id.not_in(drawn)).first()
    chosen = {**answers(attempt, 7), foreign.id: foreign.correct_choice}
    attempt = training.submit(actor, learner, attempt, chosen)
    assert attempt.correct == 7 and attempt.total == 10
    recorded = {a.question_id for a in AssessmentAnswer.select()}
    assert recorded == drawn


def test_an_unanswered_question_records_nothing(actor, learner):
    through_modules(actor, learner)
    attempt = training.start_attempt(actor, learner)
    chosen = answers(attempt, 10)
    missing = training.drawn_ids(attempt)[3]
    chosen[missing] = None
    invalid = training.drawn_ids(attempt)[5]
    chosen[invalid] = "z"
    with pytest.raises(training.Unanswered) as refused:
        training.submit(actor, learner, attempt, chosen)
    assert refused.value.question_ids == [missing, invalid]
    assert AssessmentAnswer.select().count() == 0
    assert AssessmentAttempt.get_by_id(attempt.id).submitted_at is None


def test_another_learners_attempt_is_not_found(actor, learner, factories):
    through_modules(actor, learner)
    attempt = training.start_attempt(actor, learner)
    other = factories.assister("broker", mastered_course_year=None)
    with pytest.raises(NotFound):
        training.attempt_of(other, attempt.id)
    with pytest.raises(NotFound):
        training.submit(actor, other, attempt, answers(attempt, 10))
    assert AssessmentAttempt.get_by_id(attempt.id).submitted_at is None


def test_a_failure_half_way_leaves_the_attempt_open(actor, learner, monkeypatch):
    through_modules(actor, learner)
    attempt = training.start_attempt(actor, learner)

    def broken(*args, **kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(training.registration, "send_activation_when_ready", broken)
    with pytest.raises(RuntimeError):
        training.submit(actor, learner, attempt, answers(attempt, 10))
    assert AssessmentAttempt.get_by_id(attempt.id).submitted_at is None
    assert AssessmentAnswer.select().count() == 0
    assert reloaded(learner).mastered_course_year is None


def pass_course(actor, learner):
    through_modules(actor, learner)
    attempt = training.start_attempt(actor, learner)
    return training.submit(actor, learner, attempt, answers(attempt, 10))


def pending_certification(assister):
    """The period an assister enrolled as waiting for confirmation applied for."""
    return Certification.get(Certification.assister == assister.id,
                             Certification.status == "pending")


def test_mastery_sends_the_activation_email_when_certification_is_already_confirmed(
    actor, learner
):
    pass_course(actor, learner)
    assert activation_mails(learner) == 1
    assert "emailed" in training.next_step(learner)


def test_mastery_waits_for_certification_then_confirming_sends_activation(
    actor, factories
):
    learner = factories.assister("broker", mastered_course_year=None,
                                 certification_status="pending")
    certification = pending_certification(learner)
    pass_course(actor, learner)
    assert reloaded(learner).mastered_course_year == courses.current_course().year
    assert activation_mails(learner) == 0
    assert "certification is confirmed" in training.next_step(learner)
    staff = factories.actor(factories.staff())
    certifications.confirm(staff, certification)
    assert activation_mails(learner) == 1


def test_mastery_waits_for_the_roster_approval(actor, factories):
    learner = factories.assister("navigator", mastered_course_year=None, roster_status="pending")
    pass_course(actor, learner)
    assert activation_mails(learner) == 0
    assert "roster" in training.next_step(learner)


def test_a_renewing_assister_with_an_account_takes_the_current_course(actor, factories):
    year = courses.current_course().year
    renewing = factories.assister("navigator", with_account=True, mastered_course_year=year - 1)
    attempt = pass_course(actor, renewing)
    assert attempt.passed and reloaded(renewing).mastered_course_year == year
    assert activation_mails(renewing) == 0
    assert "access continues" in training.next_step(renewing)


def test_a_learner_signs_in_with_email_and_training_id(actor, learner):
    training_id = training.issue_training_id(actor, learner)
    assert training.sign_in_learner(actor, f" {learner.email.upper()} ", training_id) == learner
    for email, typed in ((learner.email, "ABCD-EFGH-JK23"), ("someone@example.org", training_id),
                         (learner.email, "")):
        with pytest.raises(DomainError) as refused:
            training.sign_in_learner(actor, email, typed)
        assert refused.value.message == training.WRONG_LEARNER


def test_the_wait_is_measured_from_the_last_failed_attempt(app, actor, learner):
    app.config["ASSESSMENT_RETRY_HOURS"] = 1
    through_modules(actor, learner)
    attempt = training.start_attempt(actor, learner)
    training.submit(actor, learner, attempt, answers(attempt, 0),
                    now=utcnow() - timedelta(hours=2))
    assert training.progress_of(learner).retry_at is None
    assert training.progress_of(learner).assessment_open
