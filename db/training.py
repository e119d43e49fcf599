"""The assister portal course (S8): one course a year in modules, the question bank its
assessment draws from, each learner's progress and every attempt."""

import peewee as pw

from db import BaseModel, utcnow
from db.assisters import Assister

CHOICES = (("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"))


class Course(BaseModel):
    year = pw.IntegerField(unique=True)
    title = pw.CharField(max_length=200)

    def __str__(self):
        return self.title


class CourseModule(BaseModel):
    course = pw.ForeignKeyField(Course, backref="modules")
    position = pw.IntegerField()
    title = pw.CharField(max_length=200)
    # Paragraphs separated by blank lines; a line "Link: <title> | <url>" is shown as a link.
    body = pw.TextField()
    minutes = pw.IntegerField(default=5)

    class Meta:
        indexes = ((("course", "position"), True),)

    def __str__(self):
        return f"{self.position}. {self.title}"


class ModuleProgress(BaseModel):
    """A module the learner finished: saved as they go, so they can stop and come back."""

    assister = pw.ForeignKeyField(Assister, backref="module_progress")
    module = pw.ForeignKeyField(CourseModule, backref="+")
    completed_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("assister", "module"), True),)


class AssessmentQuestion(BaseModel):
    """A question of the bank staff keep in the admin: two to four choices, one right."""

    text = pw.CharField(max_length=1000)
    choice_a = pw.CharField(max_length=500)
    choice_b = pw.CharField(max_length=500)
    choice_c = pw.CharField(max_length=500, null=True)
    choice_d = pw.CharField(max_length=500, null=True)
    correct_choice = pw.CharField(max_length=1, choices=CHOICES)
    is_active = pw.BooleanField(default=True, index=True)
    created_at = pw.DateTimeField(default=utcnow)

    def __str__(self):
        return self.text


class AssessmentAttempt(BaseModel):
    """One sitting of the assessment: the questions drawn for it, and once submitted, the score.
    A score of at least 70 % masters it."""

    assister = pw.ForeignKeyField(Assister, backref="assessment_attempts")
    course = pw.ForeignKeyField(Course, backref="+")
    # The drawn questions' ids, comma-separated, in the order they are shown.
    question_ids = pw.CharField(max_length=2000)
    started_at = pw.DateTimeField(default=utcnow)
    submitted_at = pw.DateTimeField(null=True)
    correct = pw.IntegerField(null=True)
    total = pw.IntegerField()
    score_percent = pw.IntegerField(null=True)
    passed = pw.BooleanField(null=True)

    class Meta:
        indexes = ((("assister", "started_at"), False),)


class AssessmentAnswer(BaseModel):
    """The learner's choice for one question of an attempt: one per question, however often it
    is posted."""

    attempt = pw.ForeignKeyField(AssessmentAttempt, backref="answers")
    question = pw.ForeignKeyField(AssessmentQuestion, backref="+")
    choice = pw.CharField(max_length=1, choices=CHOICES)
    is_correct = pw.BooleanField()

    class Meta:
        indexes = ((("attempt", "question"), True),)


# One attempt open at a time per learner: two simultaneous "Start the assessment" can't both
# draw questions (the second finds the first, see portal/services/training.py).
AssessmentAttempt.add_index(
    AssessmentAttempt.index(
        AssessmentAttempt.assister, unique=True, name="assessment_attempt_open"
    ).where(AssessmentAttempt.submitted_at.is_null())
)
