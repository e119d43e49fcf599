"""Staff reports at /admin/reports: each page's table and chart, CSV equal to the table, filters
kept in the URL, bad input answered with a message, the Agent of Record report audited."""

import csv
import io
import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from admin.reports import REPORTS
from db.audit import AuditEvent
from tests import report_data

PERIOD = urlencode(report_data.PERIOD)


@pytest.fixture
def made(app):
    with app.app_context():
        return report_data.build()


@pytest.fixture
def staff_client(client, made, sign_in):
    sign_in(made.staff)
    return client


class Tables(HTMLParser):
    """Each <table>'s id and rows (the text of each cell), and the chart's JSON."""

    def __init__(self, html):
        super().__init__()
        self.tables, self.chart, self._cell, self._in_chart = {}, None, None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._rows = self.tables.setdefault(attrs["id"].removeprefix("table-"), [])
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "script" and attrs.get("id") == "report-chart-data":
            self._in_chart = True

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._rows[-1].append("".join(self._cell))
            self._cell = None
        self._in_chart = self._in_chart and tag != "script"

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_chart:
            self.chart = json.loads(data)


def page_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def csv_rows(response):
    """The CSV's rows, each cell as the page shows it (without the quote that keeps a
    spreadsheet from reading a cell as a formula)."""
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    return [[cell[1:] if cell.startswith("'=") else cell for cell in row] for row in rows]


def test_the_index_lists_every_report(staff_client):
    html = page_of(staff_client, "/admin/reports/")
    for report in REPORTS.values():
        assert f'href="/admin/reports/{report.slug}/"' in html
        assert report.title in html


@pytest.mark.parametrize("slug", sorted(REPORTS))
def test_each_report_shows_its_chart_and_tables_and_csv_equal_to_them(staff_client, slug):
    html = page_of(staff_client, f"/admin/reports/{slug}/?{PERIOD}")
    assert '<canvas id="report-chart" role="img" aria-label="Chart: ' in html
    assert "The table below holds the same numbers." in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/report-chart.js" in html
    found = Tables(html)
    assert found.tables and found.chart["datasets"]
    for key, (header, *rows) in found.tables.items():
        assert "<caption" in html
        response = staff_client.get(f"/admin/reports/{slug}/{key}.csv?{PERIOD}")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="{slug}-{key}.csv"')
        assert response.headers["Cache-Control"] == "no-store"
        assert csv_rows(response) == [header, *rows]
    # The chart's numbers are the first table's.
    header, *rows = next(iter(found.tables.values()))
    chart = found.chart
    if slug == "associations":
        for event, column in (("started", 2), ("ended", 3)):
            drawn = sum(sum(d["data"]) for d in chart["datasets"] if d["label"].endswith(event))
            assert drawn == sum(int(row[column]) for row in rows)
    else:
        for dataset in chart["datasets"]:
            column = header.index(dataset["label"])
            shown = rows[: len(chart["labels"])]
            assert dataset["data"] == [int(row[column]) for row in shown]
        assert chart["labels"] == [row[0] for row in rows[: len(chart["labels"])]]


def test_a_cell_that_reads_as_a_formula_is_quoted_in_the_csv(staff_client):
    response = staff_client.get(f"/admin/reports/agent-of-record/enrollments.csv?{PERIOD}")
    (row,) = list(csv.reader(io.StringIO(response.get_data(as_text=True))))[1:]
    assert row[1] == "'=Formula Three" and row[6] == "'=LIC-1"


def test_the_navigator_report_states_its_rule(staff_client):
    html = unescape(page_of(staff_client, f"/admin/reports/navigator-enrollees/?{PERIOD}"))
    assert "It counts once, for the navigator associated at the moment" in html
    assert "counts only; no payment amount" in html
    assert Tables(html).tables["by-navigator"][1:] == [
        ["Ada Charlie", "Duluth Helpers", "1"], ["Ada Bravo", "Ramsey Navigators", "1"]]


def test_filters_are_kept_in_the_url_and_the_form(staff_client, made):
    query = urlencode({**report_data.PERIOD, "county": "Ramsey", "agency": made.ramsey.id})
    html = page_of(staff_client, f"/admin/reports/enrollments/?{query}")
    assert 'value="2025-01"' in html and 'value="2025-06"' in html
    assert '<option value="Ramsey" selected>' in html
    assert f'<option value="{made.ramsey.id}" selected>' in html
    links = [urlsplit(unescape(link)) for link in re.findall(r'href="([^"]+\.csv[^"]*)"', html)]
    csv_link = next(link for link in links if link.path.endswith("/by-assister.csv"))
    assert dict(parse_qsl(csv_link.query, keep_blank_values=True)) == {
        **report_data.PERIOD, "county": "Ramsey", "agency": str(made.ramsey.id)}
    assert Tables(html).tables["by-assister"][1:] == [
        ["Ada Bravo", "Navigator", "Ramsey Navigators", "1"]]


def test_the_default_period_is_the_last_twelve_months(staff_client):
    html = page_of(staff_client, "/admin/reports/associations/")
    header, *rows = Tables(html).tables["by-month"]
    assert len(rows) == 12 * 3


def test_a_long_list_is_paged_and_its_csv_holds_every_page(staff_client, monkeypatch):
    from portal.services import reports

    monkeypatch.setattr(reports, "LIST_PAGE_SIZE", 0)
    html = page_of(staff_client, f"/admin/reports/agent-of-record/?{PERIOD}")
    assert "Next page" in html and "None on page 1 for this period" in html
    html = page_of(staff_client, f"/admin/reports/agent-of-record/?{PERIOD}&page=2")
    assert "Previous page" in html and "Next page" in html
    # The monthly table is not paged: whole on every page.
    assert Tables(html).tables["by-month"][4] == ["2025-04", "1"]
    assert "by month, page 2" not in html
    response = staff_client.get(f"/admin/reports/agent-of-record/enrollments.csv?{PERIOD}")
    assert len(csv_rows(response)) == 2


BAD = [
    ({"from": "2025-07", "to": "2025-01"}, "after its last month"),
    ({"from": "0000-01"}, "Enter a month from 2013-01"),
    ({"to": "99999-01"}, "Enter a month from 2013-01"),
    ({"to": "2026-02-30"}, "is not a date in the calendar"),
    ({"from": "2014-01", "to": "2025-01"}, "at most 5 years"),
    ({"county": "Atlantis"}, "Choose a Minnesota county"),
    ({"from": "2025-01\x00"}, "control characters"),
    ({"agency": "1 OR 1=1"}, "Choose an agency"),
    ({"agency": str(2**70)}, "Choose an agency"),
]


@pytest.mark.parametrize(("values", "message"), BAD)
def test_bad_filters_get_a_message_and_keep_what_was_typed(staff_client, values, message):
    for slug in ("associations", "agent-of-record"):
        html = page_of(staff_client, f"/admin/reports/{slug}/?{urlencode(values)}", 422)
        assert message in unescape(html)
        assert 'id="report-chart"' not in html and "<table" not in html
        for name in ("from", "to"):
            if name in values and "\x00" not in values[name]:
                assert f'value="{values[name]}"' in html
        response = staff_client.get(f"/admin/reports/{slug}/by-month.csv?{urlencode(values)}")
        assert response.status_code == 422


def test_an_unknown_report_or_table_is_not_found(staff_client):
    page_of(staff_client, "/admin/reports/salaries/", 404)
    page_of(staff_client, "/admin/reports/salaries/by-month.csv", 404)
    page_of(staff_client, "/admin/reports/associations/salaries.csv", 404)


def test_opening_the_agent_of_record_report_is_audited_with_its_filters(staff_client, made):
    since = AuditEvent.select().count()
    page_of(staff_client, f"/admin/reports/agent-of-record/?{PERIOD}&county=Hennepin")
    page_of(staff_client, f"/admin/reports/associations/?{PERIOD}")
    staff_client.get(f"/admin/reports/agent-of-record/enrollments.csv?{PERIOD}")
    rows = list(AuditEvent.select().order_by(AuditEvent.id).offset(since))
    assert [(row.action, row.actor_id, row.detail) for row in rows] == [
        ("admin.report_viewed", made.staff.id,
         "from=2025-01, to=2025-06, county=Hennepin, agency=, page=1"),
        ("admin.exported", made.staff.id,
         "Report: Agent of Record, Enrollments with a broker as Agent of Record, CSV "
         "(from=2025-01, to=2025-06, county=, agency=)"),
    ]


def test_reports_without_consumers_name_none(staff_client, made):
    for slug in ("associations", "enrollments", "navigator-enrollees", "certifications"):
        html = page_of(staff_client, f"/admin/reports/{slug}/?{PERIOD}")
        assert not any(c.last_name in html for c in made.consumers)


@pytest.mark.parametrize("role", ["consumer", "assister", "agency_admin"])
def test_other_roles_are_refused(client, factories, sign_in, role):
    sign_in(factories.user(role))
    for url in ("/admin/reports/", f"/admin/reports/agent-of-record/?{PERIOD}",
                "/admin/reports/agent-of-record/enrollments.csv"):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(f"/admin/reports/agent-of-record/?{PERIOD}")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
