"""Staff reports at /admin/reports (S9): each a chart, the table of the same numbers and a CSV of
each table, for the period, county and agency the URL holds (a GET form: bookmarkable, no
JavaScript needed). The numbers come from portal/services/report_queries.py.

The Agent of Record report names consumers: opening it writes one audit row with its filters.
Every download is audited as an export, as the admin's lists' exports are.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from flask import Response, abort, request, stream_with_context
from flask_admin import BaseView, expose

from admin.base import StaffOnly, spreadsheet_cell
from portal import places
from portal.auth import current_actor
from portal.services import audit, report_queries, reports, standing

COUNTY_OF_CONSUMER = (
    "County: the county on the consumer's submitted application. Agency: the assister's "
    "agency; what was done without an assister belongs to no agency and is left out when an "
    "agency is chosen."
)
MONTHS = (
    "Months are Minnesota's: a time is counted in the month it fell in, in Minnesota."
)
# A chart of a long table draws its first rows only (the table is sorted most first).
CHART_BARS = 20


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    summary: str
    explains: tuple
    tables: object  # Filters -> the report's tables, the first one charted
    chart: object  # that table -> the chart's data
    uses_period: bool = True
    names_consumers: bool = False


def columns_chart(table, label=0, values=None, kind="bar", horizontal=False):
    """Chart data from `table`: one bar (or point) per row, labelled by its `label` column, one
    series per column of `values` (every other column by default)."""
    values = values or [n for n in range(len(table.columns)) if n != label]
    rows = table.rows[:CHART_BARS] if horizontal else table.rows
    return {
        "type": kind,
        "horizontal": horizontal,
        "labels": [row[label] for row in rows],
        "datasets": [
            {"label": table.columns[n], "data": [row[n] for row in rows]} for n in values
        ],
    }


def associations_chart(table):
    """Started and ended per month, one series for each assister type of each."""
    months = list(dict.fromkeys(row[0] for row in table.rows))
    series = {}
    for month, kind, started, ended, *_why in table.rows:
        series.setdefault(f"{kind}: started", {})[month] = started
        series.setdefault(f"{kind}: ended", {})[month] = ended
    return {
        "type": "bar",
        "horizontal": False,
        "labels": months,
        "datasets": [
            {"label": name, "data": [by_month.get(month, 0) for month in months]}
            for name, by_month in series.items()
        ],
    }


REPORTS = {
    report.slug: report
    for report in (
        Report(
            "associations",
            "Associations by assister type and month",
            "Associations started and ended each month, for each type of assister, and why "
            "they ended.",
            (
                "An association starts when the consumer confirms the authorization (the portal "
                "records that as it makes the association) and ends when anyone ends it or it "
                "is replaced. Why it ended is who ended it; a consumer who chose another "
                "assister of the same type replaced the first.",
                MONTHS,
                COUNTY_OF_CONSUMER,
            ),
            report_queries.associations,
            associations_chart,
        ),
        Report(
            "enrollments",
            "Enrollments and applications",
            "Enrollments each month by the type of assister they were made through, "
            "applications submitted with and without an assister, and enrollments by assister.",
            (
                "An enrollment counts in the month it was confirmed. Its assister is the one it "
                "was made through (the association recorded on it); one the household made "
                "alone has none.",
                "An application counts in the month it was submitted; it was submitted with an "
                "assister when its Assister section names a navigator or certified application "
                "counselor (brokers are not named there). Its county is the application's own.",
                MONTHS,
                COUNTY_OF_CONSUMER,
            ),
            report_queries.enrollments,
            columns_chart,
        ),
        Report(
            "agent-of-record",
            "Agent of Record",
            "Each enrollment with a broker recorded as Agent of Record: the consumer, plan, "
            "when coverage starts, the broker and license.",
            (
                "One row per enrollment with a broker as Agent of Record, confirmed in the "
                "period. A broker with no such enrollment is not listed.",
                "Coverage starts on the first of the month after the enrollment, within the "
                "plan year (45 CFR 155.410(f)). The license number is the broker's current one.",
                "This report names consumers: opening it is recorded in the audit log, and so "
                "is each download.",
                MONTHS,
                COUNTY_OF_CONSUMER,
            ),
            report_queries.agent_of_record,
            columns_chart,
            names_consumers=True,
        ),
        Report(
            "navigator-enrollees",
            "Navigator per-enrollee payment",
            "Enrollments made while a navigator was associated with the household, per "
            "navigator and agency, for a period.",
            (
                "Who counts: each household enrollment confirmed in the period while a "
                "navigator was associated with the household, whether the navigator, the "
                "consumer or anyone else confirmed it. It counts once, for the navigator "
                "associated at the moment the enrollment was confirmed (submitted). A navigator "
                "replaced before then does not count it, even if the enrollment was started "
                "with them; the navigator who replaced them does.",
                "Who doesn't: enrollments with no navigator associated at that moment (a "
                "broker's or certified application counselor's clients, households on their "
                "own), and enrollments confirmed outside the period.",
                "An enrollee here is one household's enrollment: members covered are not "
                "counted one by one. The report shows counts only; no payment amount is set "
                "in the portal.",
                MONTHS,
                COUNTY_OF_CONSUMER,
            ),
            report_queries.navigators,
            lambda table: columns_chart(table, values=[2], horizontal=True),
        ),
        Report(
            "certifications",
            "Certifications expiring",
            "Confirmed certifications expiring within 30, 60 and 90 days, by type of assister.",
            (
                "Counted from today in Minnesota: confirmed certification periods that run "
                "today and end within 30, 60 or 90 days, unless a confirmed renewal follows "
                "them. Each count includes the shorter windows' (the admin's lists of "
                "certifications expiring count the same way). The period does not apply.",
                "County: the assister's own county. Agency: the assister's agency.",
            ),
            report_queries.certifications,
            columns_chart,
            uses_period=False,
        ),
    )
}
PERIOD_FIELDS = ("from", "to")


def cell_text(value):
    """A cell as the page and the CSV both show it: dates as 2025-04-02, numbers as digits."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class ReportsView(StaffOnly, BaseView):

    @expose("/")
    def index(self):
        return self.render("admin/reports.html", reports=REPORTS.values())

    @expose("/<report>/")
    def report(self, report):
        chosen = self._chosen(report)
        filters, problems = self._filters(chosen)
        tables = chosen.tables(filters) if filters else ()
        pages = [table.page(filters.page) for table in tables]
        if filters and chosen.names_consumers:
            audit.record(current_actor(), "admin.report_viewed",
                         detail=self._described(chosen, filters, page=filters.page))
        return self.render(
            "admin/report.html",
            report=chosen,
            filters=filters,
            problems=problems,
            typed=self._typed(filters),
            tables=[
                (table, [[cell_text(value) for value in row] for row in rows], more)
                for table, (rows, more) in zip(tables, pages, strict=True)
            ],
            chart=chosen.chart(tables[0]) if tables else None,
            counties=[(county, county) for county in places.counties()],
            agencies=reports.agency_choices(),
            arguments=self._arguments(chosen, filters) if filters else {},
        ), 422 if problems else 200

    @expose("/<report>/<table>.csv")
    def download(self, report, table):
        chosen = self._chosen(report)
        filters, problems = self._filters(chosen)
        if problems:
            return self.report(report)
        found = next((t for t in chosen.tables(filters) if t.key == table), None)
        if found is None:
            abort(404)
        audit.exported(current_actor(), f"Report: {chosen.title}, {found.caption}, CSV "
                                        f"({self._described(chosen, filters)})")

        def lines():
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(found.columns)
            for row in found.every_row():
                writer.writerow([spreadsheet_cell(cell_text(value)) for value in row])
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
            yield buffer.getvalue()

        name = f"{chosen.slug}-{found.key}.csv"
        return Response(stream_with_context(lines()), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            # Private data is not kept by the browser or any cache on the way.
            "Cache-Control": "no-store",
        })

    @staticmethod
    def _chosen(slug):
        if slug not in REPORTS:
            abort(404)
        return REPORTS[slug]

    @staticmethod
    def _filters(chosen):
        """The filters the URL holds, or None and {field: message} for what can't be used. A
        report without a period reads none."""
        values = request.args
        if not chosen.uses_period:
            values = {k: v for k, v in values.items() if k not in PERIOD_FIELDS}
        try:
            return reports.Filters.parse(values, standing.minnesota_today()), {}
        except reports.InvalidFilters as refused:
            return None, {problem.field: problem.message for problem in refused.problems}

    @staticmethod
    def _typed(filters):
        """What the form shows: what was typed, else the filters used (the default period)."""
        shown = filters.arguments() if filters else {}
        return {name: request.args.get(name, shown.get(name, ""))
                for name in ("from", "to", "county", "agency")}

    @staticmethod
    def _arguments(chosen, filters):
        """The filters as the URL's query holds them (a report without a period has none)."""
        arguments = filters.arguments()
        if not chosen.uses_period:
            arguments = {k: v for k, v in arguments.items() if k not in PERIOD_FIELDS}
        return arguments

    def _described(self, chosen, filters, **more):
        arguments = {**self._arguments(chosen, filters), **more}
        return ", ".join(f"{name}={value}" for name, value in arguments.items())
