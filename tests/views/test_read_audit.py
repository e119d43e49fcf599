"""Every read of a client's private data is audited (S10), found from the URL map: each GET
route is classified here, and a route that shows a client's data must leave a "client.viewed"
row for that consumer when an assister (client pages) or staff (admin) opens it. A route with
no classification fails: a new page must say whether it shows a client's data."""

from urllib.parse import urlencode

import pytest

from db.accounts import User
from db.audit import AuditEvent
from portal.services import activity
from portal.services.audit import VIEWED
from tests import routes
from tests.views.wizard import submitted

# How a page is classified.
CLIENT = "shows one client's private data: audited for them"
EXPORT = "a CSV export: one audit row naming what was exported"
LISTING = "lists many clients' names and statuses (the dashboard, admin lists): not one client's"
OWN = "the consumer's own pages: a consumer reading their own data is not audited"
NONE = "shows no client's private data"
DEVELOPMENT = "the development mailbox: every message to anyone, never registered in production"
DOWNLOAD = "a client's uploaded document, sent as a download: one document.opened row"

# A client page opened by the assister: which of the world's records it opens, and whose.
SUBJECT = {"role": "assister", "ids": "own", "consumer": ("own", "consumer")}
DRAFT = {"role": "assister", "ids": {"application_id": "draft_application"},
         "consumer": ("own", "drafting_consumer")}
MINNESOTACARE = {"role": "assister", "ids": {"application_id": "minnesotacare_application"},
                 "consumer": ("own", "minnesotacare_consumer")}
OTHERS = {"role": "other_assister", "ids": "forged", "consumer": ("forged", "consumer")}
STAFF = {"role": "staff", "ids": "own", "consumer": ("own", "consumer")}
# The subject's navigator's agency's administrator, on the subject's status page.
AGENCY = {"role": "agency_admin", "ids": "own", "consumer": ("own", "consumer")}

ADMIN_MODELS = ("admin_agency", "admin_agency_admin", "admin_agency_application",
                "admin_application", "admin_assister", "admin_association", "admin_audit",
                "admin_carrier", "admin_case", "admin_certification", "admin_consumer",
                "admin_document", "admin_enrollment", "admin_invoice", "admin_notice",
                "admin_plan", "admin_user", "admin_verification", "admin_question",
                "admin_module", "admin_attempt")
# Admin models whose rows are a client's data (a consumer, their association, application,
# case, enrollment, notice, verification request, an audit row about them, their sign-in
# account).
CLIENT_MODELS = ("admin_application", "admin_association", "admin_audit", "admin_case",
                 "admin_consumer", "admin_document", "admin_enrollment", "admin_invoice",
                 "admin_notice", "admin_user", "admin_verification")
# Only consumers are edited in the admin; elsewhere editing is off (a redirect, nothing shown).
EDITABLE = ("admin_consumer",)

CLASSIFIED = {
    "static": (NONE, None),
    "admin.static": (NONE, None),
    "public.home": (NONE, None),
    "public.contact": (NONE, None),
    "certification.overview": (NONE, None),
    "certification.register": (NONE, None),
    "certification.registered": (NONE, None),
    # An organization's application to be an agency: its own contact, no consumer's.
    "certification.apply_agency": (NONE, None),
    "certification.agency_application_received": (NONE, None),
    # Find local help lists agencies and assisters, never a consumer.
    **{f"directory.{name}": (NONE, None) for name in ("search", "agency", "assister")},
    **{f"auth.{name}": (NONE, None) for name in (
        "sign_in", "mfa_register", "mfa_delivery", "mfa_code", "account", "authenticator",
        "account_sessions")},
    **{f"accounts.{name}": (NONE, None) for name in (
        "create_account", "check_email", "forgot_password", "forgot_password_questions",
        "forgot_password_sent", "forgot_username", "forgot_username_questions",
        "forgot_username_sent", "resend_verification", "reset_password", "verify_email")},
    **{f"activation.{name}": (NONE, None) for name in (
        "start", "account", "details", "privacy", "done", "captcha_image", "captcha_audio")},
    "dev.mailbox": (DEVELOPMENT, None),
    "dev.message": (DEVELOPMENT, None),
    **{f"consumer.{name}": (OWN, None) for name in (
        "home", "assister_details", "activity_log", "select_assister", "authorize",
        "authorization_print", "remove_assister", "renew", "request_assister",
        "authorize_request", "authorize_request_print")},
    # The agency's overview: counts of its staff and clients, no one's name.
    "agency.home": (NONE, None),
    # The agency's own staff (and the roster download): no consumer's data.
    "agency.roster_page": (NONE, None),
    "agency.roster_template": (NONE, None),
    # Every client of the agency's assisters: names and statuses, one audit row per page.
    "agency.clients": (LISTING, None),
    "agency.client_status": (CLIENT, AGENCY),
    # Hand over clients: the names of a departing assister's clients, who they go to and
    # whether each has authorized them since; not one client's private data.
    "agency.handover_list": (NONE, None),
    "agency.hand_over": (LISTING, None),
    # The course: its modules, the learner's own attempts; no consumer's data.
    **{f"training.{name}": (NONE, None) for name in ("sign_in", "course", "module", "attempt")},
    "assister.home": (LISTING, None),
    # The names and messages consumers chose to send this assister from Find local help.
    "assister.directory_requests": (LISTING, None),
    "assister.profile": (NONE, None),
    "assister.listing": (NONE, None),
    # The assister's own certification periods and course: no client's.
    "assister.certification": (NONE, None),
    # The acknowledgement and End association name the client only: their private
    # information opens after the acknowledgement.
    "assister.assist": (NONE, None),
    "assister.end": (NONE, None),
    "assister.client_details": (CLIENT, SUBJECT),
    "assister.create_account": (CLIENT, SUBJECT),
    "application.step": (CLIENT, DRAFT),
    "application.signature": (CLIENT, DRAFT),
    "application.rights": (CLIENT, DRAFT),
    "application.results": (CLIENT, SUBJECT),
    "application.rescind": (CLIENT, SUBJECT),
    "application.next_steps": (CLIENT, MINNESOTACARE),
    "enrollment.step": (CLIENT, SUBJECT),
    "enrollment.thank_you": (CLIENT, OTHERS),
    "documents.upload": (CLIENT, SUBJECT),
    "documents.upload_other": (CLIENT, SUBJECT),
    "invoices.invoice": (CLIENT, SUBJECT),
    "notices.index": (CLIENT, SUBJECT),
    "notices.notice": (CLIENT, SUBJECT),
    "notices.notice_print": (CLIENT, SUBJECT),
    "admin.index": (NONE, None),
    **{f"{model}.index_view": (LISTING, None) for model in ADMIN_MODELS},
    **{f"{model}.export": (EXPORT, None) for model in ADMIN_MODELS},
    **{f"{model}.{view}": (NONE, None) for model in ADMIN_MODELS
       for view in ("create_view", "ajax_lookup")},
    **{f"{model}.details_view": (CLIENT, STAFF) if model in CLIENT_MODELS else (NONE, None)
       for model in ADMIN_MODELS},
    **{f"{model}.edit_view": (CLIENT, STAFF) if model in EDITABLE else (NONE, None)
       for model in ADMIN_MODELS},
    "admin_association.end_view": (CLIENT, STAFF),
    "admin_verification.verified_view": (CLIENT, STAFF),
    "admin_document.review_view": (CLIENT, STAFF),
    "admin_document.open_view": (DOWNLOAD, STAFF),
    "admin_invoice.payment_view": (CLIENT, STAFF),
    "admin_user.unlock_view": (CLIENT, STAFF),
    "admin_user.reset_mfa_view": (CLIENT, STAFF),
    "admin_user.end_sessions_view": (CLIENT, STAFF),
    "admin_assister.activation_view": (NONE, None),
    "admin_agency_admin.activation_view": (NONE, None),
    "admin_agency_application.approve_view": (NONE, None),
    "admin_agency_application.reject_view": (NONE, None),
    "admin_agency.listing_view": (NONE, None),
    "admin_assister.listing_view": (NONE, None),
    # An assister's certification period: no client's data.
    "admin_certification.decide_view": (NONE, None),
    # Deactivating a consumer's sign-in account shows it (their name, username); an assister's or
    # an agency's shows counts of clients only.
    "admin_user.deactivate_view": (CLIENT, STAFF),
    "admin_user.reactivate_view": (CLIENT, STAFF),
    **{f"admin_{model}.{view}": (NONE, None) for model in ("assister", "agency")
       for view in ("deactivate_view", "reactivate_view")},
    # Staff reports: their list; a report (the world's is Agent of Record, which names many
    # consumers and records one audit row as it opens; the others count); a table as CSV.
    "admin_reports.index": (NONE, None),
    "admin_reports.report": (LISTING, None),
    "admin_reports.download": (EXPORT, None),
}


@pytest.fixture(scope="module")
def world(database_url, tmp_path_factory, compiled_templates):
    with routes.world_app(database_url, tmp_path_factory.mktemp("read_audit"),
                          compiled_templates) as app:
        world = routes.build_world(app)
        # A client found eligible for MinnesotaCare (Next Steps): $2,200 a month, one adult.
        from tests import factories

        navigator = world.users["assister"].assister_profile.get()
        with app.app_context():
            client = factories.consumer(first_name="Carl", last_name="Consumer")
            factories.association(client, navigator)
        assister = world.clients["assister"]
        routes.acknowledge(assister, client.id)
        url = submitted(assister, routes.poster(assister), client.id,
                        f"/assister/clients/{client.id}", income="2200")
        world.own |= {"minnesotacare_consumer": client.id,
                      "minnesotacare_application": int(url.rsplit("/", 1)[1])}
        # The other consumer's broker confirms the acknowledgement too.
        routes.acknowledge(world.clients["other_assister"], world.forged["consumer"])
        yield world


def get_rules(app):
    return [rule for rule in routes.rules(app) if "GET" in rule.methods]


def url_for_read(world, rule, how):
    ids = how["ids"]
    if isinstance(ids, dict):
        values = dict(routes.FIXED_ARGUMENTS.get(rule.endpoint, {}))
        for name in routes.id_arguments(rule):
            key = ids.get(name) or routes.ID_ARGUMENTS.get(name)
            values[name] = world.own[key]
        return world.app.url_map.bind("localhost").build(rule.endpoint, values)
    return world.url(rule, "GET", ids)


def views_by(world, role, consumer_id, since_id):
    user = world.users[role]
    return list(AuditEvent.select().where(
        AuditEvent.id > since_id, AuditEvent.action == VIEWED,
        AuditEvent.on_behalf_of == consumer_id, AuditEvent.actor == user.id))


def newest_id():
    newest = AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id.desc()).first()
    return newest.id if newest else 0


def test_every_get_route_is_classified(world):
    unclassified = sorted({rule.endpoint for rule in get_rules(world.app)} - set(CLASSIFIED))
    assert unclassified == [], "say whether these pages show a client's data"
    gone = sorted(set(CLASSIFIED) - {rule.endpoint for rule in get_rules(world.app)})
    assert gone == [], "these routes no longer exist"


# Requests are sent outside any app context of the test's own: inside one, flask shares its `g`
# (and flask-login's user in it) between the requests of different clients.
def test_every_page_showing_a_clients_data_audits_the_read(world):
    missing = []
    for rule in get_rules(world.app):
        kind, how = CLASSIFIED.get(rule.endpoint, (None, None))
        if kind != CLIENT:
            continue
        url = url_for_read(world, rule, how)
        since = newest_id()
        response = world.client(how["role"]).get(url)
        assert response.status_code == 200, (rule.endpoint, url, response.status_code)
        records, key = how["consumer"]
        consumer_id = getattr(world, records)[key]
        rows = views_by(world, how["role"], consumer_id, since)
        if len(rows) != 1:
            missing.append((rule.endpoint, url, len(rows)))
        elif rows[0].actor_role != world.users[how["role"]].role or not rows[0].detail:
            missing.append((rule.endpoint, url, rows[0].actor_role, rows[0].detail))
    assert missing == []


def test_pages_said_to_show_no_clients_data_show_none(world):
    """Opened by the assister and by staff, a page classified as showing no client's data
    shows none of the subject's private details (their email, their case number)."""
    from db.cases import Case
    from db.consumers import Consumer

    subject = Consumer.get_by_id(world.own["consumer"])
    markers = (subject.email, Case.get_by_id(world.own["case"]).case_number)
    shown = []
    for rule in get_rules(world.app):
        kind, _ = CLASSIFIED.get(rule.endpoint, (None, None))
        if kind != NONE or rule.endpoint in ("static", "admin.static"):
            continue
        for role in ("assister", "staff"):
            html = world.client(role).get(world.url(rule, "GET")).get_data(as_text=True)
            shown += [(rule.endpoint, role, m) for m in markers if m in html]
    assert shown == []


def test_every_download_of_a_document_is_audited(world):
    downloads = [rule for rule in get_rules(world.app)
                 if CLASSIFIED.get(rule.endpoint, (None,))[0] == DOWNLOAD]
    assert downloads
    for rule in downloads:
        since = newest_id()
        response = world.client("staff").get(world.url(rule, "GET"))
        response.close()
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")
        opened = list(AuditEvent.select().where(
            AuditEvent.id > since, AuditEvent.action == "document.opened"))
        assert [(row.actor_role, row.on_behalf_of_id) for row in opened] == [
            ("staff", world.own["consumer"])]


def test_every_export_is_audited_and_never_cached(world):
    for rule in get_rules(world.app):
        if CLASSIFIED.get(rule.endpoint, (None,))[0] != EXPORT:
            continue
        since = newest_id()
        response = world.client("staff").get(world.url(rule, "GET"))
        exported = AuditEvent.select().where(
            AuditEvent.id > since, AuditEvent.action == "admin.exported")
        if response.status_code == 200:
            assert response.headers["Cache-Control"] == "no-store", rule.endpoint
            assert exported.count() == 1, rule.endpoint
        else:  # not exportable: refused, nothing sent, nothing recorded
            assert response.status_code == 302 and exported.count() == 0, rule.endpoint


def test_a_consumer_reading_their_own_pages_is_not_audited(world):
    since = newest_id()
    consumer = world.client("consumer")
    for rule in get_rules(world.app):
        kind, how = CLASSIFIED.get(rule.endpoint, (None, None))
        if kind == CLIENT and how is SUBJECT and rule.endpoint.partition(".")[0] in (
            "application", "enrollment"
        ):
            assert consumer.get(world.url(rule, "GET")).status_code == 200, rule.endpoint
    assert not AuditEvent.select().where(
        AuditEvent.id > since, AuditEvent.action == VIEWED).exists()


def test_the_consumer_sees_their_assisters_reads_in_plain_words(world):
    assister = world.client("assister")
    application = world.own["application"]
    for _ in range(3):
        assert assister.get(f"/applications/{application}/results").status_code == 200
    navigator = User.get_by_id(world.users["assister"].id)
    entries = activity.for_consumer(world.own["consumer"], limit=10)
    at, who, what = entries[0]
    assert who == navigator.full_name
    assert what.startswith("viewed your application results (3 times since ")
    html = world.client("consumer").get("/consumer/assisters/activity").get_data(as_text=True)
    assert "Viewed your application results (3 times since" in html
    manage = world.client("consumer").get("/consumer/assisters").get_data(as_text=True)
    assert "viewed your application results (3 times since" in manage


def test_staff_reads_are_audited_but_not_listed_for_the_consumer(world):
    staff = world.client("staff")
    consumer_id = world.own["consumer"]
    query = urlencode({"id": consumer_id})
    assert staff.get(f"/admin/admin_consumer/details/?{query}").status_code == 200
    row = AuditEvent.select().where(AuditEvent.action == VIEWED).order_by(
        AuditEvent.id.desc()).get()
    assert (row.actor_role, row.on_behalf_of_id, row.object_type) == (
        "staff", consumer_id, "Consumer")
    assert all(who != world.users["staff"].full_name
               for _, who, _ in activity.for_consumer(consumer_id))
