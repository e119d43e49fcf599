"""The course in the admin (S9): the assessment's question bank, the course's modules, and
every attempt (read only)."""

from wtforms.validators import DataRequired, NumberRange

from admin.base import SecureModelView
from admin.filters import BooleanEqualTo, IntEqualTo, LikeFilter
from db.assisters import Assister
from db.training import CHOICES, AssessmentAttempt, AssessmentQuestion, Course
from portal.services import course_content


class AssessmentQuestionView(SecureModelView):
    # A small table: its list says how many pages (a count is cheap here).
    simple_list_pager = False
    column_list = ("text", "correct_choice", "is_active", "created_at")
    column_details_list = (
        "text", "choice_a", "choice_b", "choice_c", "choice_d", "correct_choice", "is_active",
        "created_at",
    )
    form_columns = (
        "text", "choice_a", "choice_b", "choice_c", "choice_d", "correct_choice", "is_active",
    )
    column_filters = (
        BooleanEqualTo(AssessmentQuestion.is_active, "Active"),
        LikeFilter(AssessmentQuestion.text, "Question"),
    )
    column_searchable_list = ("text",)
    search_hint = "Question"
    column_sortable_list = ("created_at", "is_active")
    column_default_sort = ("created_at", True)
    column_choices = {"correct_choice": CHOICES}
    column_labels = {
        "text": "Question",
        "choice_a": "Choice A",
        "choice_b": "Choice B",
        "choice_c": "Choice C (optional)",
        "choice_d": "Choice D (optional)",
        "correct_choice": "Right choice",
        "is_active": "Active",
        "created_at": "Added",
    }
    # Before the model form's own "This field is required.": say which.
    form_args = {
        "text": {"validators": [DataRequired("Enter the question.")]},
        "choice_a": {"validators": [DataRequired("Enter choice A.")]},
        "choice_b": {"validators": [DataRequired("Enter choice B.")]},
    }
    create_service = staticmethod(course_content.create_question)
    update_service = staticmethod(course_content.update_question)


class CourseModuleView(SecureModelView):
    # A small table: its list says how many pages (a count is cheap here).
    simple_list_pager = False
    column_list = ("course", "position", "title", "minutes")
    column_details_list = ("course", "position", "title", "minutes", "body")
    form_columns = ("course", "position", "title", "body", "minutes")
    column_filters = (IntEqualTo(Course.year, "Course year"),)
    column_searchable_list = ("title",)
    search_hint = "Module title"
    column_sortable_list = ("position", "title", "minutes")
    # The newest course first, each course's modules in their order.
    column_default_sort = [("course", True), ("position", False)]
    column_labels = {"minutes": "Minutes", "body": "Text"}
    column_descriptions = {
        "body": 'Paragraphs separated by a blank line; "- " starts a list item; a line '
        '"Link: <title> | <https://address>" is shown as a link.'
    }
    form_args = {
        "position": {"validators": [NumberRange(1, course_content.POSITION_MAX)]},
        "minutes": {"validators": [NumberRange(1, course_content.MINUTES_MAX)]},
    }
    list_joins = (Course,)
    create_service = staticmethod(course_content.create_module)
    update_service = staticmethod(course_content.update_module)

    def get_edit_form(self):
        # Where a module sits, its course and position, is chosen when it is made.
        placed = {"course": None, "position": None}
        return type("ModuleEditForm", (super().get_edit_form(),), placed)


class AssessmentAttemptView(SecureModelView):
    can_create = False
    can_edit = False
    column_list = ("assister", "course", "started_at", "submitted_at", "score_percent", "passed")
    column_details_list = (*column_list, "correct", "total")
    column_filters = (
        LikeFilter(Assister.last_name, "Assister's last name"),
        IntEqualTo(Course.year, "Course year"),
        BooleanEqualTo(AssessmentAttempt.passed, "Passed"),
    )
    column_sortable_list = ("started_at", "submitted_at", "score_percent")
    column_default_sort = ("started_at", True)
    column_labels = {
        "started_at": "Started",
        "submitted_at": "Submitted",
        "score_percent": "Score (%)",
        "correct": "Right answers",
        "total": "Questions",
    }
    list_joins = (Assister, Course)
