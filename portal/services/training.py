"""The assister portal course and its assessment (S8), and the Training ID that lets a learner
without a portal account into them.

A learner reads the current course's modules (each one marked done as they go, so they can stop
and come back); once every module is done the assessment opens. An attempt draws
ASSESSMENT_QUESTIONS active questions at random and is scored once: 70 % or more masters the
course's year, and the activation email then goes out by itself if nothing else holds it back.
Below that, a new attempt opens ASSESSMENT_RETRY_HOURS after the failed one. Every attempt is
kept."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

import peewee as pw
from flask import current_app

from db import database, utcnow
from db.assisters import Assister, RegistrationNumber
from db.training import (
    AssessmentAnswer,
    AssessmentAttempt,
    AssessmentQuestion,
    CourseModule,
    ModuleProgress,
)
from portal.display import local_time
from portal.errors import DomainError, NotFound
from portal.services import audit, courses, mail, registration, registration_numbers

PASS_PERCENT = 70
LETTERS = ("a", "b", "c", "d")
WRONG_LEARNER = (
    "We could not sign you in with this email address and Training ID. Check both against the "
    "email that gave you your Training ID, or contact the ARC (navigators and CACs) or the "
    "Broker Line (brokers) for a new one."
)


# A Training ID: the same shape and alphabet as a Registration Number (a secret of 2**60), so the
# course's sign-in takes the same care; only its SHA-256 is kept.
def issue_training_id(actor, assister):
    """Give the assister a new Training ID by email (any earlier one stops working): how a
    learner without a portal account signs in to the course. Returns the plain ID, which is
    never stored."""
    training_id = registration_numbers.new_number()
    with database.atomic():
        Assister.update(training_id_hash=registration_numbers.hash_number(training_id)).where(
            Assister.id == assister.id
        ).execute()
        mail.send(
            "training_id",
            assister.email,
            "training_id",
            assister=assister,
            training_id=registration_numbers.display(training_id),
        )
        audit.record(actor, "assister.training_id_sent", obj=assister)
    return training_id


def learner_for(email, training_id):
    """The assister whose email and Training ID these are, or None (either may be wrong)."""
    if not registration_numbers.looks_like_number(training_id):
        return None
    assister = Assister.get_or_none(
        Assister.training_id_hash == registration_numbers.hash_number(training_id)
    )
    if assister is None or " ".join((email or "").split()).casefold() != assister.email.casefold():
        return None
    return assister


def sign_in_learner(actor, email, training_id):
    """The learner these are the email and Training ID of, or a DomainError that does not say
    which of the two was wrong. A sign-in is audited."""
    assister = learner_for(email, training_id)
    if assister is None:
        raise DomainError(WRONG_LEARNER)
    audit.record(actor, "training.signed_in", obj=assister)
    return assister


def learner_by_id(assister_id):
    """The assister a course session names, or None (none named, or no longer there)."""
    if not isinstance(assister_id, int):
        return None
    return Assister.get_or_none(Assister.id == assister_id)


@dataclass(frozen=True)
class ModuleState:
    module: CourseModule
    done: bool


@dataclass(frozen=True)
class Progress:
    """Where a learner stands in the current course: each module and whether it is done, the
    attempts at its assessment (oldest first), and what they may do next."""

    course: object
    modules: list
    attempts: list
    mastered: bool
    retry_at: object  # when a new attempt may start after a failed one (UTC), or None

    @property
    def minutes(self):
        return sum(state.module.minutes for state in self.modules)

    @property
    def all_done(self):
        return all(state.done for state in self.modules)

    @property
    def open_attempt(self):
        return next((a for a in self.attempts if a.submitted_at is None), None)

    @property
    def assessment_open(self):
        """Whether "Start the assessment" may be offered now."""
        return self.all_done and not self.mastered and self.retry_at is None


def progress_of(assister, now=None):
    """The learner's Progress in the current course, or None when there is no course yet."""
    course = courses.current_course()
    if course is None:
        return None
    done = set(
        ModuleProgress.select(ModuleProgress.module)
        .join(CourseModule)
        .where(ModuleProgress.assister == assister.id, CourseModule.course == course.id)
        .tuples()
    )
    modules = [
        ModuleState(module, (module.id,) in done)
        for module in course.modules.order_by(CourseModule.position)
    ]
    attempts = list(
        AssessmentAttempt.select()
        .where(AssessmentAttempt.assister == assister.id, AssessmentAttempt.course == course.id)
        .order_by(AssessmentAttempt.started_at, AssessmentAttempt.id)
    )
    mastered = courses.mastered(assister, course)
    return Progress(course, modules, attempts, mastered, _retry_at(attempts, now or utcnow()))


def _retry_at(attempts, now):
    submitted = [a for a in attempts if a.submitted_at is not None]
    if not submitted or submitted[-1].passed:
        return None
    opens = submitted[-1].submitted_at + timedelta(
        hours=current_app.config["ASSESSMENT_RETRY_HOURS"]
    )
    return opens if opens > now else None


def module_of(module_id):
    """A module of the current course, or NotFound."""
    course = courses.current_course()
    module = CourseModule.get_or_none(CourseModule.id == module_id)
    if course is None or module is None or module.course_id != course.id:
        raise NotFound("This module is not part of the current course.")
    return module


def neighbours(module):
    """The modules before and after `module` in its course (None at either end)."""
    siblings = CourseModule.select().where(CourseModule.course == module.course_id)
    before = (
        siblings.where(CourseModule.position < module.position)
        .order_by(CourseModule.position.desc())
        .first()
    )
    after = (
        siblings.where(CourseModule.position > module.position)
        .order_by(CourseModule.position)
        .first()
    )
    return before, after


def is_done(assister, module):
    return (
        ModuleProgress.select()
        .where(ModuleProgress.assister == assister.id, ModuleProgress.module == module.id)
        .exists()
    )


def complete_module(actor, assister, module):
    """Mark `module` done for the learner: saving it again changes nothing (one row per learner
    and module)."""
    with database.atomic():
        ModuleProgress.insert(assister=assister.id, module=module.id).on_conflict_ignore().execute()


def start_attempt(actor, assister, now=None):
    """Draw a new attempt's questions, or return the attempt already open. Refused (a
    DomainError saying why) until every module is done, once the course is mastered, and
    while the wait after a failed attempt runs."""
    now = now or utcnow()
    progress = progress_of(assister, now)
    if progress is None:
        raise DomainError("There is no course to take yet.")
    if progress.open_attempt is not None:
        return progress.open_attempt
    if progress.mastered:
        raise DomainError(f"You have already mastered the {progress.course.year} assessment.")
    if not progress.all_done:
        raise DomainError(
            "The assessment opens when every module is done. Mark each module as complete first."
        )
    if progress.retry_at is not None:
        raise DomainError(
            f"You can start a new attempt from {local_time(progress.retry_at)}."
        )
    active = [
        question_id
        for (question_id,) in AssessmentQuestion.select(AssessmentQuestion.id)
        .where(AssessmentQuestion.is_active == True)  # noqa: E712
        .tuples()
    ]
    if not active:
        raise DomainError(
            "The assessment has no questions yet. Contact the ARC or the Broker Line."
        )
    drawn = secrets.SystemRandom().sample(
        active, min(len(active), current_app.config["ASSESSMENT_QUESTIONS"])
    )
    try:
        with database.atomic():
            attempt = AssessmentAttempt.create(
                assister=assister.id,
                course=progress.course.id,
                question_ids=",".join(map(str, drawn)),
                started_at=now,
                total=len(drawn),
            )
            audit.record(
                actor, "assessment.started", obj=attempt, detail=f"{len(drawn)} questions"
            )
    except pw.IntegrityError:
        # Another start won the race (a double click): theirs is the open attempt.
        return progress_of(assister, now).open_attempt
    return attempt


def attempt_of(assister, attempt_id):
    """The learner's own attempt with this id, or NotFound (another learner's too)."""
    attempt = AssessmentAttempt.get_or_none(
        AssessmentAttempt.id == attempt_id, AssessmentAttempt.assister == assister.id
    )
    if attempt is None:
        raise NotFound("This attempt does not exist.")
    return attempt


def questions_of(attempt):
    """The attempt's questions in the order they were drawn (those since made inactive too)."""
    ids = drawn_ids(attempt)
    by_id = {q.id: q for q in AssessmentQuestion.select().where(AssessmentQuestion.id.in_(ids))}
    return [by_id[question_id] for question_id in ids if question_id in by_id]


def drawn_ids(attempt):
    return [int(text) for text in attempt.question_ids.split(",") if text]


def choices_of(question):
    """The question's choices as (letter, text), those without text left out."""
    return [
        (letter, getattr(question, f"choice_{letter}"))
        for letter in LETTERS
        if getattr(question, f"choice_{letter}")
    ]


class Unanswered(DomainError):
    """Some of the attempt's questions have no answer (or one that is not among its choices):
    nothing is recorded. `question_ids` names them."""

    def __init__(self, question_ids):
        super().__init__("Choose an answer to every question.")
        self.question_ids = question_ids


def submit(actor, assister, attempt, answers, now=None):
    """Record and score the attempt, once: `answers` maps question ids to the letter chosen;
    answers to questions not drawn for it are ignored. A second submission of the same attempt
    changes nothing and returns the first result. Raises Unanswered, recording nothing, when a
    drawn question has no valid answer. A pass sets the course's year as mastered and sends the
    activation email if nothing else holds it back."""
    attempt = attempt_of(assister, attempt.id)
    if attempt.submitted_at is not None:
        return attempt
    questions = questions_of(attempt)
    chosen = {q.id: answers.get(q.id) for q in questions}
    missing = [
        q.id for q in questions if chosen[q.id] not in {letter for letter, _ in choices_of(q)}
    ]
    if missing:
        raise Unanswered(missing)
    correct = sum(chosen[q.id] == q.correct_choice for q in questions)
    total = len(questions)
    passed = correct * 100 >= PASS_PERCENT * total
    with database.atomic():
        claimed = (
            AssessmentAttempt.update(
                submitted_at=now or utcnow(),
                correct=correct,
                total=total,
                score_percent=correct * 100 // total,
                passed=passed,
            )
            .where(AssessmentAttempt.id == attempt.id, AssessmentAttempt.submitted_at.is_null())
            .execute()
        )
        if claimed != 1:
            return AssessmentAttempt.get_by_id(attempt.id)
        AssessmentAnswer.insert_many(
            [
                {
                    "attempt": attempt.id,
                    "question": q.id,
                    "choice": chosen[q.id],
                    "is_correct": chosen[q.id] == q.correct_choice,
                }
                for q in questions
            ]
        ).execute()
        attempt = AssessmentAttempt.get_by_id(attempt.id)
        audit.record(
            actor,
            "assessment.passed" if passed else "assessment.failed",
            obj=attempt,
            detail=f"{correct} of {total} ({attempt.score_percent} %)",
        )
        if passed:
            year = attempt.course.year
            Assister.update(mastered_course_year=year).where(Assister.id == assister.id).execute()
            audit.record(actor, "assister.course_mastered", obj=assister, detail=str(year))
            registration.send_activation_when_ready(actor, assister)
    return attempt


def next_step(assister):
    """What happens now that the learner mastered the course, in their words."""
    assister = Assister.get_by_id(assister.id)
    if assister.user_id is not None:
        return (
            "You have the current year's course: your portal access continues. "
            "Renew your certification when it is due."
        )
    live = RegistrationNumber.select().where(
        RegistrationNumber.assister == assister.id,
        RegistrationNumber.used_at.is_null(),
        RegistrationNumber.voided_at.is_null(),
        RegistrationNumber.expires_at > utcnow(),
    )
    if live.exists():
        return (
            f"We have emailed {assister.email} \u201cAction required: Activate your Assister "
            "Portal account\u201d. Follow it to create your account."
        )
    waiting = []
    if assister.certification_status != "confirmed":
        waiting.append("your certification is confirmed")
    if assister.roster_status == "pending":
        waiting.append("your agency administrator approves you on the agency's roster")
    if waiting:
        return (
            "You will receive the email \u201cAction required: Activate your Assister Portal "
            f"account\u201d when {' and '.join(waiting)}."
        )
    return (
        "Your activation email could not be sent yet. Contact the ARC (navigators and CACs) "
        "or the Broker Line (brokers)."
    )
