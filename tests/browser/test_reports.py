"""A staff member opens a report, chooses its period and county, and sees its chart drawn under
the enforced CSP with the table of the same numbers; each page passes axe-core and
HTML_CodeSniffer."""

import pytest
from playwright.sync_api import expect

from tests import factories, report_data
from tests.browser.conftest import sign_in_with_mfa

pytestmark = pytest.mark.browser


def test_staff_open_a_report_and_filter_it(app, live_server, page, axe_check, htmlcs_check):
    with app.app_context():
        made = report_data.build()
    sign_in_with_mfa(page, live_server, made.staff, factories.PASSWORD, lands_on="/admin/")

    page.goto(f"{live_server}/admin/reports/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Associations by assister type and month").click()
    page.get_by_label("From month").fill("2025-01")
    page.get_by_label("To month (included)").fill("2025-06")
    page.get_by_label("County").select_option("Ramsey")
    page.get_by_role("button", name="Show the report").click()
    page.wait_for_url("**/admin/reports/associations/?from=2025-01&to=2025-06&county=Ramsey*")

    chart = page.get_by_role("img", name="Chart: Associations started and ended")
    expect(chart).to_be_visible()
    drawn = page.evaluate(
        "() => { const canvas = document.getElementById('report-chart');"
        " const chart = Chart.getChart(canvas);"
        " return [chart !== undefined, canvas.width > 0 && canvas.height > 0,"
        " chart.data.labels.length]; }"
    )
    assert drawn == [True, True, 6]
    table = page.get_by_role("table", name="Associations started and ended")
    expect(table.get_by_role("rowheader").first).to_have_text("2025-01")
    expect(page.get_by_role("link", name="Download “Associations started and ended, by month "
                                           "and assister type” (CSV)")).to_be_visible()
    assert axe_check(page) == []
    assert htmlcs_check(page) == []

    # A reversed period: the message, what was typed, no chart.
    page.get_by_label("From month").fill("2025-09")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("alert")).to_contain_text("after its last month")
    expect(page.get_by_label("From month")).to_have_value("2025-09")
    expect(page.locator("#report-chart")).to_have_count(0)
    assert axe_check(page) == []
    assert htmlcs_check(page) == []
