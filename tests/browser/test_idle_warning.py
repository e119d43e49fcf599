"""The idle-timeout warning (S2.3): it appears two minutes before the session would end, and
"Stay signed in" keeps the session."""

import pytest
from playwright.sync_api import expect

from db.accounts import UserSession

pytestmark = pytest.mark.browser


def test_warning_then_stay_signed_in(app, live_server, page, axe_check, factories):
    # Idle limit 2 min 3 s: the warning (two minutes before) shows three seconds after a page loads.
    app.config["SESSION_IDLE_MINUTES"] = 2.05
    user = factories.consumer().user
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/consumer/")
    dialog = page.get_by_role("dialog", name="Are you still there?")
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible(timeout=10_000)
    assert axe_check(page) == []
    seen_before = UserSession.get(UserSession.user == user).last_seen_at
    with page.expect_response(lambda r: r.url.endswith("/session/keep-alive")) as kept:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert kept.value.status == 204
    expect(dialog).to_be_hidden()
    assert UserSession.get(UserSession.user == user).last_seen_at > seen_before
