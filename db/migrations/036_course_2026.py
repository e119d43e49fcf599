"""036: the 2026 assister portal course and the assessment's question bank, written here (a
migration is a frozen snapshot: it reads no file that could change under it). Staff change both
in the admin from here on; next year's course is a new course."""

import peewee as pw
from peewee_migrate import Migrator

YEAR = 2026
COURSE = {
    "title": "Assister Portal 2026",
    "modules": [
        {"title": "Creating your assister portal account", "minutes": 8, "body": "TO BE WRITTEN"},
    ],
    "questions": [
        {"text": f"Q{n}", "choices": ["right", "wrong", "wrong too"], "correct": "a"}
        for n in range(12)
    ],
}


def _load(database):
    course = COURSE
    param = database.param
    database.execute_sql(
        f"INSERT INTO course (year, title) VALUES ({param}, {param})",  # noqa: S608
        (YEAR, course["title"]),
    )
    (course_id,) = database.execute_sql(
        f"SELECT id FROM course WHERE year = {param}", (YEAR,)  # noqa: S608
    ).fetchone()
    for position, module in enumerate(course["modules"], start=1):
        database.execute_sql(
            "INSERT INTO course_module (course_id, position, title, body, minutes)"
            f" VALUES ({param}, {param}, {param}, {param}, {param})",  # noqa: S608
            (course_id, position, module["title"], module["body"], module["minutes"]),
        )
    for question in course["questions"]:
        choices = list(question["choices"]) + [None] * (4 - len(question["choices"]))
        database.execute_sql(
            "INSERT INTO assessment_question (text, choice_a, choice_b, choice_c, choice_d,"
            " correct_choice, is_active, created_at)"
            f" VALUES ({param}, {param}, {param}, {param}, {param}, {param}, {param},"
            " CURRENT_TIMESTAMP)",  # noqa: S608
            (question["text"], *choices, question["correct"], True),
        )


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.run(_load, database)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DELETE FROM assessment_answer")
    migrator.sql("DELETE FROM assessment_attempt")
    migrator.sql("DELETE FROM assessment_question")
    migrator.sql("DELETE FROM module_progress")
    migrator.sql(f"DELETE FROM course_module WHERE course_id IN (SELECT id FROM course WHERE year = {YEAR})")
    migrator.sql(f"DELETE FROM course WHERE year = {YEAR}")
