"""Security questions: asked when a password or username is forgotten, and by the support line.

Answers are hashed like passwords (argon2id) and compared without regard to case or spacing:
"New  York" and "new york" are the same answer.
"""

import unicodedata

import argon2
from flask_babel import gettext as _

from db import database
from db.accounts import SecurityAnswer
from portal.errors import DomainError
from portal.services.accounts import HASHER


def N_(text):  # noqa: N802 — gettext's name for "extract this, translate it where shown"
    return text


# Answers a person knows for life and a stranger can't look up on a social-media profile.
# Stored in English, as chosen; a page shows each in its own language (`_(question)`).
QUESTIONS = (
    N_("What was the name of your first pet?"),
    N_("What is the first name of your childhood best friend?"),
    N_("What was the name of the street you grew up on?"),
    N_("In what city or town did your parents meet?"),
    N_("What was the make and model of your first car?"),
    N_("What was the name of your favorite teacher?"),
    N_("What is the middle name of your oldest sibling?"),
    N_("What was the first concert you went to?"),
)
ANSWERS_REQUIRED = 3
ANSWER_MIN = 2
ANSWER_MAX = 100

# Verified when a user has no answers on file, so that takes as long as a wrong answer.
_DUMMY_HASH = HASHER.hash("no answers on file")


def normalize(answer):
    """The form an answer is hashed in: Unicode-normalized, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", answer or "").casefold().split())


def problems(pairs):
    """{field: message} for every question or answer that can't be accepted, by form field name
    (`question_1`, `answer_1`, ...). Empty when the pairs may be saved."""
    pairs = list(pairs)
    found = {}
    chosen = set()
    for position in range(1, ANSWERS_REQUIRED + 1):
        question, answer = pairs[position - 1] if position <= len(pairs) else ("", "")
        if question not in QUESTIONS:
            found[f"question_{position}"] = _("Choose a question from the list.")
        elif question in chosen:
            found[f"question_{position}"] = _("Choose a different question for each answer.")
        chosen.add(question)
        size = len(normalize(answer))
        if size == 0:
            found[f"answer_{position}"] = _("Answer this question.")
        elif size < ANSWER_MIN:
            found[f"answer_{position}"] = _(
                "Give an answer of at least %(minimum)s characters.", minimum=ANSWER_MIN
            )
        elif size > ANSWER_MAX:
            found[f"answer_{position}"] = _(
                "Keep the answer to %(maximum)s characters or fewer.", maximum=ANSWER_MAX
            )
    if len(pairs) > ANSWERS_REQUIRED:
        found.setdefault(
            f"question_{ANSWERS_REQUIRED}",
            _("Answer exactly %(number)s questions.", number=ANSWERS_REQUIRED),
        )
    return found


def set_answers(user, pairs):
    """Replace the user's answers with `pairs`, a list of (question, answer) in position order.

    Raises DomainError(field="question_N" or "answer_N") for the first pair that can't be
    accepted; nothing is written then. Call it inside the caller's transaction (it nests).
    """
    pairs = list(pairs)
    found = problems(pairs)
    if found:
        field, message = next(iter(found.items()))
        raise DomainError(message, field=field)
    hashed = [HASHER.hash(normalize(answer)) for _question, answer in pairs]
    with database.atomic():
        SecurityAnswer.delete().where(SecurityAnswer.user == user).execute()
        SecurityAnswer.insert_many(
            [
                {"user": user, "position": position, "question": question, "answer_hash": digest}
                for position, ((question, _answer), digest) in enumerate(
                    zip(pairs, hashed, strict=True), start=1
                )
            ]
        ).execute()


def questions_for(user):
    """The user's questions in position order (empty when none are on file)."""
    if user is None:
        return []
    rows = SecurityAnswer.select(SecurityAnswer.question).where(SecurityAnswer.user == user)
    return [row.question for row in rows.order_by(SecurityAnswer.position)]


def answers_match(user, answers):
    """True when every answer (in position order) matches the one on file, ignoring case and
    spacing. False for no user or no answers on file. Every answer is checked, so the time
    taken does not tell which one was wrong."""
    answers = list(answers)
    rows = []
    if user is not None:
        rows = list(
            SecurityAnswer.select(SecurityAnswer.answer_hash)
            .where(SecurityAnswer.user == user)
            .order_by(SecurityAnswer.position)
        )
    hashes = [row.answer_hash for row in rows]
    matched = bool(hashes) and len(hashes) == len(answers)
    for position in range(max(len(answers), ANSWERS_REQUIRED)):
        digest = hashes[position] if position < len(hashes) else _DUMMY_HASH
        given = answers[position] if position < len(answers) else ""
        matched = _verify(digest, normalize(given)) and matched
    return matched


def _verify(digest, answer):
    try:
        return HASHER.verify(digest, answer)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False
