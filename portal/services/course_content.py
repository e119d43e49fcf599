"""Staff keep the course and its assessment's question bank in the admin (S8, S9): questions
with two to four choices and the right one, made inactive rather than deleted (attempts keep
the questions they drew); modules with their text and minutes, each at its own position in
its course."""

from db.training import AssessmentQuestion, CourseModule
from portal.errors import DomainError, required_text
from portal.services import records

LETTERS = ("a", "b", "c", "d")
QUESTION_MAX = AssessmentQuestion.text.max_length
CHOICE_MAX = AssessmentQuestion.choice_a.max_length
TITLE_MAX = CourseModule.title.max_length
MINUTES_MAX = 240
POSITION_MAX = 1000


def _question_values(values):
    cleaned = {
        "text": required_text(
            values.get("text"), "text", "Enter the question.", QUESTION_MAX, noun="question"
        ),
        "is_active": bool(values.get("is_active")),
    }
    for letter in LETTERS:
        choice = " ".join((values.get(f"choice_{letter}") or "").split())
        if len(choice) > CHOICE_MAX:
            raise DomainError(
                f"Keep each choice to {CHOICE_MAX} characters or fewer.", field=f"choice_{letter}"
            )
        cleaned[f"choice_{letter}"] = choice or None
    for letter in ("a", "b"):
        if cleaned[f"choice_{letter}"] is None:
            raise DomainError(
                f"Enter choice {letter.upper()}: a question has at least choices A and B.",
                field=f"choice_{letter}",
            )
    correct = values.get("correct_choice")
    if correct not in LETTERS or cleaned[f"choice_{correct}"] is None:
        raise DomainError(
            "The right choice must be one of the choices that has text.", field="correct_choice"
        )
    cleaned["correct_choice"] = correct
    return cleaned


def create_question(actor, values):
    """A new question of the bank (active unless said otherwise)."""
    return records.create(actor, AssessmentQuestion, _question_values(values), {})


def update_question(actor, question, values):
    """Change a question. One already drawn is better made inactive and written anew: its
    attempts' answers were given to the question as it read then."""
    return records.update(actor, question, _question_values(values), {})


def _whole_number(value, field, low, high, message):
    if not isinstance(value, int) or not low <= value <= high:
        raise DomainError(message, field=field)
    return value


def _module_values(values):
    body = (values.get("body") or "").strip()
    if not body:
        raise DomainError("Enter the module's text.", field="body")
    return {
        "title": required_text(
            values.get("title"), "title", "Enter the module's title.", TITLE_MAX, noun="title"
        ),
        "body": body,
        "minutes": _whole_number(
            values.get("minutes"), "minutes", 1, MINUTES_MAX,
            f"Enter the minutes the module takes, from 1 to {MINUTES_MAX}.",
        ),
    }


def create_module(actor, values):
    """A new module of a course, at a position no other module of it has."""
    course = values.get("course")
    if course is None:
        raise DomainError("Choose the course.", field="course")
    position = _whole_number(
        values.get("position"), "position", 1, POSITION_MAX,
        f"Enter the module's position in the course, from 1 to {POSITION_MAX}.",
    )
    taken = CourseModule.select().where(
        CourseModule.course == course.id, CourseModule.position == position
    )
    if taken.exists():
        raise DomainError(
            f"The course already has a module at position {position}.", field="position"
        )
    return records.create(
        actor, CourseModule, {"course": course, "position": position, **_module_values(values)},
        {},
    )


def update_module(actor, module, values):
    """Change a module's title, text and minutes (its course and position stay)."""
    return records.update(actor, module, _module_values(values), {})
