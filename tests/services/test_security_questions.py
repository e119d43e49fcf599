"""Security questions: three distinct questions from the list, answers hashed and compared
without regard to case or spacing."""

import pytest

from db.accounts import SecurityAnswer
from portal.errors import DomainError
from portal.services import security_questions
from portal.services.security_questions import (
    ANSWERS_REQUIRED,
    QUESTIONS,
    answers_match,
    questions_for,
    set_answers,
)

PAIRS = [
    (QUESTIONS[0], "Biscuit"),
    (QUESTIONS[2], "Como  Avenue"),
    (QUESTIONS[5], "Mrs. Okafor"),
]


def test_eight_distinct_questions_three_required():
    assert len(QUESTIONS) == 8 and len(set(QUESTIONS)) == 8
    assert all(question.endswith("?") for question in QUESTIONS)
    assert ANSWERS_REQUIRED == 3


def test_answers_are_stored_hashed_in_order(app, factories):
    user = factories.user()
    set_answers(user, PAIRS)
    rows = list(
        SecurityAnswer.select().where(SecurityAnswer.user == user).order_by(SecurityAnswer.position)
    )
    assert [(row.position, row.question) for row in rows] == [
        (1, QUESTIONS[0]),
        (2, QUESTIONS[2]),
        (3, QUESTIONS[5]),
    ]
    for row, (_question, answer) in zip(rows, PAIRS, strict=True):
        assert row.answer_hash.startswith("$argon2id$")
        assert answer.lower() not in row.answer_hash.lower()
    assert questions_for(user) == [QUESTIONS[0], QUESTIONS[2], QUESTIONS[5]]


def test_answers_match_ignoring_case_and_spacing(app, factories):
    user = factories.user()
    set_answers(user, PAIRS)
    assert answers_match(user, ["biscuit", "  como avenue ", "MRS.   OKAFOR"])
    assert answers_match(user, ["Biscuit", "Como Avenue", "Mrs. Okafor"])
    # One wrong answer, answers out of order, too few: no match.
    assert not answers_match(user, ["biscuit", "como avenue", "mrs okafor"])
    assert not answers_match(user, ["como avenue", "biscuit", "mrs. okafor"])
    assert not answers_match(user, ["biscuit", "como avenue"])
    assert not answers_match(user, [])


def test_no_user_or_no_answers_never_match(app, factories):
    assert not answers_match(None, ["a", "b", "c"])
    user = factories.user()
    assert not answers_match(user, ["", "", ""])
    assert questions_for(user) == [] and questions_for(None) == []


def test_setting_again_replaces_the_answers(app, factories):
    user = factories.user()
    other = factories.user()
    set_answers(user, PAIRS)
    set_answers(other, PAIRS)
    new = [(QUESTIONS[7], "The Replacements"), (QUESTIONS[1], "Ana"), (QUESTIONS[3], "Duluth")]
    set_answers(user, new)
    assert SecurityAnswer.select().where(SecurityAnswer.user == user).count() == 3
    assert answers_match(user, ["the replacements", "ana", "duluth"])
    assert not answers_match(user, ["biscuit", "como avenue", "mrs. okafor"])
    # Another user's answers are untouched.
    assert answers_match(other, ["biscuit", "como avenue", "mrs. okafor"])


@pytest.mark.parametrize(
    ("pairs", "field", "message"),
    [
        (
            [("What is your favorite color?", "Blue"), *PAIRS[1:]],
            "question_1",
            "Choose a question from the list.",
        ),
        ([PAIRS[0], PAIRS[1], (QUESTIONS[0], "Rex")], "question_3", "different question"),
        ([PAIRS[0], (QUESTIONS[2], "   "), PAIRS[2]], "answer_2", "Answer this question."),
        ([PAIRS[0], PAIRS[1], (QUESTIONS[5], "x")], "answer_3", "at least 2 characters"),
        ([(QUESTIONS[0], "y" * 101), *PAIRS[1:]], "answer_1", "100 characters or fewer"),
        (PAIRS[:2], "question_3", "Choose a question from the list."),
        ([*PAIRS, (QUESTIONS[6], "Lee")], "question_3", "exactly 3"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(app, factories, pairs, field, message):
    user = factories.user()
    set_answers(user, PAIRS)
    with pytest.raises(DomainError, match=message) as raised:
        set_answers(user, pairs)
    assert raised.value.field == field
    # The answers on file are the old ones, all three.
    assert answers_match(user, ["biscuit", "como avenue", "mrs. okafor"])


def test_boundaries_of_answer_length(app, factories):
    user = factories.user()
    set_answers(user, [(QUESTIONS[0], "Al"), (QUESTIONS[1], "z" * 100), (QUESTIONS[2], "Oak")])
    assert answers_match(user, ["AL", "Z" * 100, "oak"])
    # Collapsed spaces count once: "a  b" is three characters, "  a  " is one.
    assert security_questions.problems(
        [(QUESTIONS[0], "  a  "), (QUESTIONS[1], "a  b"), (QUESTIONS[2], "Oak")]
    ) == {"answer_1": "Give an answer of at least 2 characters."}


def test_problems_lists_every_field(app):
    found = security_questions.problems([("?", ""), ("?", ""), ("?", "")])
    assert set(found) == {f"{kind}_{n}" for kind in ("question", "answer") for n in (1, 2, 3)}
