"""Applications and cases, read only: staff find one by the consumer's name or the case number
and read its household, its versions and each version's determination. Nothing here is
created, edited or deleted: applications are made in the wizard, cases by submitting one.
Opening one is a read of the consumer's private data, audited (SecureModelView.get_one)."""

from peewee import JOIN, fn

from admin.base import SecureModelView
from admin.filters import CONSUMER_NAME_HINT, EqualFilter, IntEqualTo, date_range_filters
from db.applications import STATUSES, TAX_FILING_STATUSES, Application
from db.assisters import Assister
from db.associations import Association
from db.cases import CASE_STATUSES, Case, Determination
from db.consumers import RELATIONSHIPS, Consumer
from portal import rules
from portal.services import admin_lists, case_history, reference_numbers

# The words the details pages show for the answers' codes (English: the admin's language).
WORDS = {
    "relationship": dict(RELATIONSHIPS),
    "tax_filing": dict(TAX_FILING_STATUSES),
    "immigration_status": dict(rules.IMMIGRATION_STATUSES),
    "income_frequency": {key: label for key, (label, _times) in rules.FREQUENCIES.items()},
    "program": dict(rules.PROGRAMS),
    "cost_sharing": dict(rules.COST_SHARING),
}
CONSUMER_SEARCH = (Consumer.last_name, Consumer.first_name, Case.case_number)
SEARCH_HINT = f"{CONSUMER_NAME_HINT}; or a case number"


def _assister(association):
    # Who helped, as the list and the details page say it.
    return "" if association is None else str(association.assister)


class ReadOnlyView(SecureModelView):
    """A consumer's record that staff only read."""

    can_create = False
    can_edit = False
    column_searchable_list = CONSUMER_SEARCH
    search_hint = SEARCH_HINT
    words = WORDS

    def consumer_of(self, row):
        return row.consumer_id

    def search_condition(self, position, word):
        # A case number (its unique index), or the consumer's last name then first name from
        # their start (their lower-case indexes, migration 042).
        if position == 0 and reference_numbers.normalize(word).isdigit():
            return Case.case_number == reference_numbers.normalize(word)
        name = Consumer.last_name if position == 0 else Consumer.first_name
        return admin_lists.starts_with(fn.LOWER(name), word)


class ApplicationView(ReadOnlyView):
    column_list = (
        "consumer",
        "plan_year",
        "status",
        "created_at",
        "submitted_at",
        "assisted_by",
        "assister_organization",
        "case",
        "version",
    )
    column_details_list = (
        "consumer",
        "plan_year",
        "status",
        "created_at",
        "submitted_at",
        "street",
        "city",
        "zip_code",
        "county",
        "phone",
        "email",
        "assisted_by",
        "assister_organization",
        "signed_name",
        "signed_at",
        "rescinded_at",
        "rescind_reason",
    )
    # Each filter and sort is an index walk (migration 042).
    column_filters = (
        EqualFilter(Application.status, "Status"),
        IntEqualTo(Application.plan_year, "Plan year"),
        *date_range_filters(Application.submitted_at, "Submitted"),
    )
    column_sortable_list = ("submitted_at",)
    # The newest first, in the order of the primary key.
    column_default_sort = ("id", True)
    column_choices = {"status": STATUSES}
    column_labels = {
        "plan_year": "Plan year",
        "created_at": "Started",
        "submitted_at": "Submitted",
        "assisted_by": "Assisted by",
        "assister_organization": "Assister's organization",
        "case": "Case",
        "version": "Case version",
        "zip_code": "ZIP code",
        "signed_name": "Signed as",
        "signed_at": "Signed",
        "rescinded_at": "Rescinded",
        "rescind_reason": "Why rescinded",
    }
    column_formatters = {
        "assisted_by": lambda view, context, row, name: _assister(row.assisted_by),
        "case": lambda view, context, row, name: (
            row.determination.case.case_number if row.determination else ""
        ),
        "version": lambda view, context, row, name: (
            row.determination.version if row.determination else ""
        ),
    }
    column_formatters_detail = {"assisted_by": column_formatters["assisted_by"]}
    details_template = "admin/application_details.html"

    def get_query(self):
        # Each row with its consumer, the determination it made (the case and version it is),
        # and the association of the assister who helped: one query a page.
        return (
            Application.select(Application, Consumer, Determination, Case, Association, Assister)
            .join_from(Application, Consumer)
            .join_from(Application, Determination, JOIN.LEFT_OUTER,
                       on=(Determination.application == Application.id))
            .join_from(Determination, Case, JOIN.LEFT_OUTER)
            .join_from(Application, Association, JOIN.LEFT_OUTER,
                       on=(Application.assisted_by == Association.id))
            .join_from(Association, Assister, JOIN.LEFT_OUTER)
        )

    def record(self, application):
        """What the details page shows beyond the application's own columns."""
        return case_history.of_application(application)


class CaseView(ReadOnlyView):
    column_list = ("case_number", "consumer", "plan_year", "status", "created_at",
                   "association", "versions")
    column_details_list = ("case_number", "consumer", "status", "created_at", "association",
                           "application")
    # Each filter and sort is an index walk (migration 042).
    column_filters = (
        EqualFilter(Case.status, "Status"),
        *date_range_filters(Case.created_at, "Opened"),
    )
    column_sortable_list = ("created_at",)
    column_default_sort = ("id", True)
    column_choices = {"status": CASE_STATUSES}
    column_labels = {
        "case_number": "Case number",
        "plan_year": "Plan year",
        "created_at": "Opened",
        "association": "Assisted by",
        "versions": "Versions",
        "application": "Current version's application",
    }
    column_formatters = {
        "plan_year": lambda view, context, row, name: row.application.plan_year,
        "association": lambda view, context, row, name: _assister(row.association),
        "versions": lambda view, context, row, name: row.versions,
    }
    column_formatters_detail = {"association": column_formatters["association"]}
    details_template = "admin/case_details.html"

    def get_query(self):
        # Each case with its consumer, its current answers (the plan year), the navigator or
        # CAC of its Assister section, and how many versions it has (the (case, version) index).
        versions = (
            Determination.select(Determination.version)
            .where(Determination.case == Case.id)
            .order_by(Determination.version.desc())
            .limit(1)
        )
        return (
            Case.select(Case, Consumer, Application, Association, Assister,
                        versions.alias("versions"))
            .join_from(Case, Consumer)
            .join_from(Case, Application)
            .join_from(Case, Association, JOIN.LEFT_OUTER)
            .join_from(Association, Assister, JOIN.LEFT_OUTER)
        )

    def versions(self, case):
        """The case's versions, for its details page."""
        return case_history.versions(case)
