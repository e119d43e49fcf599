"""035: certification, training and agencies (S8, S13 hand-over).

- Agencies apply online (`agency_application`); approval makes the agency and its first agency
  administrator (`agency_admin`), whose account arrives by activation: a Registration Number is
  now an assister's or an agency administrator's.
- Each certification period is a `certification` row; an assister's own columns say whether
  their certification is confirmed, where they stand on their agency's roster, which year's
  course they mastered, and carry the hashed Training ID that opens the course before they have
  an account. `roster_upload` keeps each roster CSV's digest and counts.
- The course (`course`, `course_module`, `module_progress`) and the assessment
  (`assessment_question`, `assessment_attempt`, `assessment_answer`).
- A request for an assister may be a hand-over from another (`handed_over_from`).

Assisters already here were certified and trained under the manual's process (staff enrolled
them after the training): each gets a confirmed certification row for the period they hold,
agency staff are approved on their agency's roster, and all have mastered 2026's course.
"""

import peewee as pw
from peewee_migrate import Migrator

FIRST_COURSE_YEAR = 2026


def _certify_existing(database):
    database.execute_sql(
        "INSERT INTO certification (assister_id, kind, starts_on, expires_on, status,"
        " license_number, requested_at, decided_at)"
        " SELECT id, 'initial', certified_on, certification_expires_on, 'confirmed',"
        " license_number, created_at, created_at FROM assister"
    )
    database.execute_sql(
        "UPDATE assister SET roster_status = 'approved' WHERE agency_id IS NOT NULL"
        " AND assister_type IN ('navigator', 'cac')"
    )
    database.execute_sql(f"UPDATE assister SET mastered_course_year = {FIRST_COURSE_YEAR}")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    # In SQL: on SQLite peewee adds a NOT NULL column by rebuilding the table, which the foreign
    # keys to assisters forbid.
    migrator.sql(
        "ALTER TABLE assister ADD COLUMN certification_status VARCHAR(20) NOT NULL"
        " DEFAULT 'confirmed'"
    )
    migrator.add_fields(
        "assister",
        roster_status=pw.CharField(max_length=20, null=True),
        mastered_course_year=pw.IntegerField(null=True),
        training_id_hash=pw.CharField(max_length=64, null=True),
    )
    migrator.sql(
        "CREATE UNIQUE INDEX assister_training_id_hash ON assister (training_id_hash)"
    )

    @migrator.create_model
    class AgencyAdmin(pw.Model):
        id = pw.AutoField()
        agency = pw.ForeignKeyField(column_name="agency_id", field="id", model=migrator.orm["agency"])
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=migrator.orm["user_account"], null=True, unique=True)
        first_name = pw.CharField(max_length=100)
        last_name = pw.CharField(max_length=100)
        email = pw.CharField(max_length=254, unique=True)
        phone = pw.CharField(max_length=20)
        is_active = pw.BooleanField(default=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "agency_admin"

    migrator.drop_not_null("registration_number", "assister")
    migrator.add_fields(
        "registration_number",
        agency_admin=pw.ForeignKeyField(
            column_name="agency_admin_id", field="id", model=AgencyAdmin, null=True
        ),
    )
    migrator.add_fields(
        "assister_request",
        handed_over_from=pw.ForeignKeyField(
            column_name="handed_over_from_id", field="id", model=migrator.orm["assister"],
            null=True,
        ),
    )

    @migrator.create_model
    class AgencyApplication(pw.Model):
        id = pw.AutoField()
        legal_name = pw.CharField(max_length=200)
        kind = pw.CharField(max_length=20)
        street = pw.CharField(max_length=200)
        city = pw.CharField(max_length=100)
        state = pw.CharField(max_length=2)
        zip_code = pw.CharField(max_length=10)
        county = pw.CharField(max_length=100)
        counties_served = pw.CharField(max_length=2000)
        languages = pw.CharField(max_length=200)
        phone = pw.CharField(max_length=20)
        website = pw.CharField(max_length=200, null=True)
        contact_first_name = pw.CharField(max_length=100)
        contact_last_name = pw.CharField(max_length=100)
        contact_email = pw.CharField(max_length=254)
        contact_phone = pw.CharField(max_length=20)
        submitted_at = pw.DateTimeField()
        status = pw.CharField(max_length=20, index=True)
        decided_at = pw.DateTimeField(null=True)
        decided_by = pw.ForeignKeyField(column_name="decided_by_id", field="id", model=migrator.orm["user_account"], null=True)
        reason = pw.CharField(max_length=1000, null=True)
        agency = pw.ForeignKeyField(column_name="agency_id", field="id", model=migrator.orm["agency"], null=True, unique=True)

        class Meta:
            table_name = "agency_application"

    @migrator.create_model
    class Certification(pw.Model):
        id = pw.AutoField()
        assister = pw.ForeignKeyField(column_name="assister_id", field="id", model=migrator.orm["assister"])
        kind = pw.CharField(max_length=20)
        starts_on = pw.DateField()
        expires_on = pw.DateField()
        status = pw.CharField(max_length=20)
        license_number = pw.CharField(max_length=40, null=True)
        license_expires_on = pw.DateField(null=True)
        requested_at = pw.DateTimeField()
        decided_at = pw.DateTimeField(null=True)
        decided_by = pw.ForeignKeyField(column_name="decided_by_id", field="id", model=migrator.orm["user_account"], null=True)
        reason = pw.CharField(max_length=1000, null=True)

        class Meta:
            table_name = "certification"
            indexes = ((("status", "expires_on"), False), (("assister", "starts_on"), False))

    @migrator.create_model
    class RosterUpload(pw.Model):
        id = pw.AutoField()
        agency = pw.ForeignKeyField(column_name="agency_id", field="id", model=migrator.orm["agency"])
        uploaded_by = pw.ForeignKeyField(column_name="uploaded_by_id", field="id", model=AgencyAdmin)
        uploaded_at = pw.DateTimeField()
        filename = pw.CharField(max_length=255)
        sha256 = pw.CharField(max_length=64)
        rows_applied = pw.IntegerField()
        rows_unchanged = pw.IntegerField()
        rows_refused = pw.IntegerField()

        class Meta:
            table_name = "roster_upload"
            indexes = ((("agency", "sha256"), False),)

    @migrator.create_model
    class Course(pw.Model):
        id = pw.AutoField()
        year = pw.IntegerField(unique=True)
        title = pw.CharField(max_length=200)

        class Meta:
            table_name = "course"

    @migrator.create_model
    class CourseModule(pw.Model):
        id = pw.AutoField()
        course = pw.ForeignKeyField(column_name="course_id", field="id", model=Course)
        position = pw.IntegerField()
        title = pw.CharField(max_length=200)
        body = pw.TextField()
        minutes = pw.IntegerField()

        class Meta:
            table_name = "course_module"
            indexes = ((("course", "position"), True),)

    @migrator.create_model
    class ModuleProgress(pw.Model):
        id = pw.AutoField()
        assister = pw.ForeignKeyField(column_name="assister_id", field="id", model=migrator.orm["assister"])
        module = pw.ForeignKeyField(column_name="module_id", field="id", model=CourseModule)
        completed_at = pw.DateTimeField()

        class Meta:
            table_name = "module_progress"
            indexes = ((("assister", "module"), True),)

    @migrator.create_model
    class AssessmentQuestion(pw.Model):
        id = pw.AutoField()
        text = pw.CharField(max_length=1000)
        choice_a = pw.CharField(max_length=500)
        choice_b = pw.CharField(max_length=500)
        choice_c = pw.CharField(max_length=500, null=True)
        choice_d = pw.CharField(max_length=500, null=True)
        correct_choice = pw.CharField(max_length=1)
        is_active = pw.BooleanField(index=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "assessment_question"

    @migrator.create_model
    class AssessmentAttempt(pw.Model):
        id = pw.AutoField()
        assister = pw.ForeignKeyField(column_name="assister_id", field="id", model=migrator.orm["assister"])
        course = pw.ForeignKeyField(column_name="course_id", field="id", model=Course)
        question_ids = pw.CharField(max_length=2000)
        started_at = pw.DateTimeField()
        submitted_at = pw.DateTimeField(null=True)
        correct = pw.IntegerField(null=True)
        total = pw.IntegerField()
        score_percent = pw.IntegerField(null=True)
        passed = pw.BooleanField(null=True)

        class Meta:
            table_name = "assessment_attempt"
            indexes = ((("assister", "started_at"), False),)

    @migrator.create_model
    class AssessmentAnswer(pw.Model):
        id = pw.AutoField()
        attempt = pw.ForeignKeyField(column_name="attempt_id", field="id", model=AssessmentAttempt)
        question = pw.ForeignKeyField(column_name="question_id", field="id", model=AssessmentQuestion)
        choice = pw.CharField(max_length=1)
        is_correct = pw.BooleanField()

        class Meta:
            table_name = "assessment_answer"
            indexes = ((("attempt", "question"), True),)

    migrator.run(_certify_existing, database)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for table in ("assessment_answer", "assessment_attempt", "assessment_question",
                  "module_progress", "course_module", "course", "roster_upload",
                  "certification", "agency_application"):
        migrator.remove_model(table)
    # SQLite drops no column that an index names.
    migrator.sql("DROP INDEX assister_request_handed_over_from_id")
    migrator.remove_fields("assister_request", "handed_over_from")
    # Agency administrators' numbers can't stay once the number must be an assister's again.
    migrator.sql("DELETE FROM registration_number WHERE assister_id IS NULL")
    migrator.sql("DROP INDEX registration_number_agency_admin_id")
    migrator.remove_fields("registration_number", "agency_admin")
    migrator.add_not_null("registration_number", "assister")
    migrator.remove_model("agency_admin")
    migrator.sql("DROP INDEX assister_training_id_hash")
    migrator.remove_fields("assister", "roster_status", "mastered_course_year",
                           "training_id_hash")
    # Added in SQL, so the migrator's model doesn't know it.
    migrator.sql("ALTER TABLE assister DROP COLUMN certification_status")
