"""The assessment: Start the assessment draws an attempt's questions; its page shows them as
radio groups and Submit answers scores it, once. A submitted attempt's page is its result:
the score (never which answers were right) and what happens next."""

from flask import g, redirect, render_template, request, url_for
from wtforms import RadioField

from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import training
from views.training import bp, render_course
from views.wizard import choices


def answers_form(questions):
    """A form with one radio group per question, named after the question's id. The service
    decides what counts as an answer: the form only carries what was chosen."""
    fields = {
        f"q{question.id}": RadioField(
            f"{number}. {question.text}",
            choices=choices(training.choices_of(question), blank=None),
            validate_choice=False,
        )
        for number, question in enumerate(questions, start=1)
    }
    return type("AnswersForm", (PortalForm,), fields)()


@bp.post("/assessment")
def start():
    """Start the assessment (or go back to the attempt already open)."""
    try:
        attempt = training.start_attempt(current_actor(), g.learner)
    except DomainError as error:
        return render_course(refusal=error.message), 422
    return redirect(url_for("training.attempt", attempt_id=attempt.id), code=303)


@bp.route("/assessment/<int:attempt_id>", methods=["GET", "POST"])
def attempt(attempt_id):
    attempt = training.attempt_of(g.learner, attempt_id)
    if attempt.submitted_at is not None:
        if request.method == "POST":
            # Sent again (a double click): the first result stands.
            return redirect(url_for("training.attempt", attempt_id=attempt.id), code=303)
        return render_template(
            "training/result.html",
            attempt=attempt,
            progress=training.progress_of(g.learner),
            next_step=training.next_step(g.learner) if attempt.passed else None,
        )
    questions = training.questions_of(attempt)
    form = answers_form(questions)
    status = 200
    if request.method == "POST" and form.validate():
        answers = {question.id: form[f"q{question.id}"].data for question in questions}
        try:
            training.submit(current_actor(), g.learner, attempt, answers)
        except training.Unanswered as error:
            for number, question in enumerate(questions, start=1):
                if question.id in error.question_ids:
                    form[f"q{question.id}"].errors = [f"Choose an answer to question {number}."]
            form.form_errors.append(error.message)
            status = 422
        else:
            return redirect(url_for("training.attempt", attempt_id=attempt.id), code=303)
    return render_template(
        "training/assessment.html", attempt=attempt, form=form, questions=questions
    ), status
