"""The route × role matrix over the whole URL map: for every rule, which roles may open it and
what every other role gets (sent to sign in, 403, or 404 when the id is not theirs), every method
of every rule, forged and missing ids. A rule with no entry here fails the test: a new route
must say who may open it."""

import pytest

from tests import routes
from tests.routes import ROLES

OPEN = "open"  # 2xx, or a redirect anywhere but the sign-in page
SIGN_IN = "sign in"  # a redirect to the sign-in page
FORBIDDEN = "403"
NOT_FOUND = "404"
# A redirect to the course's own sign-in (a Training ID, not a portal account).
COURSE_SIGN_IN = "course sign in"


def roles(default, **outcomes):
    return {role: outcomes.get(role, default) for role in ROLES}


PUBLIC = roles(OPEN)
SIGNED_IN = roles(OPEN, anonymous=SIGN_IN)
# The sign-in steps after the password: nobody has a sign-in half done in this world.
SIGN_IN_STEP = roles(SIGN_IN)
STAFF = roles(FORBIDDEN, anonymous=SIGN_IN, staff=OPEN)
AGENCY_ADMINS = roles(FORBIDDEN, anonymous=SIGN_IN, agency_admin=OPEN)
CONSUMERS = roles(FORBIDDEN, anonymous=SIGN_IN, consumer=OPEN, other_consumer=OPEN)
ASSISTERS = roles(FORBIDDEN, anonymous=SIGN_IN, assister=OPEN, other_assister=OPEN)
# The subject's own record (Manage Assister's association): another consumer gets a 404.
SUBJECT = roles(FORBIDDEN, anonymous=SIGN_IN, consumer=OPEN, other_consumer=NOT_FOUND)
# A client page of the assister's: an assister without an association gets a 404.
CLIENT = roles(FORBIDDEN, anonymous=SIGN_IN, assister=OPEN, other_assister=NOT_FOUND)
# The application and enrollment screens: the consumer's own, or their assister's.
HOUSEHOLD = roles(
    FORBIDDEN, anonymous=SIGN_IN, consumer=OPEN, assister=OPEN, other_consumer=NOT_FOUND,
    other_assister=NOT_FOUND,
)
NOBODY_FINDS = roles(NOT_FOUND)
# The course: assisters from their account, visitors once signed in with a Training ID.
LEARNERS = roles(FORBIDDEN, anonymous=COURSE_SIGN_IN, assister=OPEN, other_assister=OPEN)

ADMIN_MODELS = (
    "admin_agency", "admin_agency_admin", "admin_agency_application", "admin_application",
    "admin_assister", "admin_association", "admin_audit", "admin_carrier", "admin_case",
    "admin_certification", "admin_consumer", "admin_document", "admin_enrollment",
    "admin_invoice", "admin_notice", "admin_plan", "admin_user", "admin_verification",
    "admin_question", "admin_module", "admin_attempt",
)
# flask-admin's views of every model (some turned off by can_create / can_edit: a redirect).
ADMIN_MODEL_VIEWS = (
    "index_view", "details_view", "create_view", "edit_view", "delete_view", "action_view",
    "export", "ajax_lookup", "ajax_update",
)

EXPECTED = {
    "static": PUBLIC,
    "public.home": PUBLIC,
    "public.contact": PUBLIC,
    # The language switch of a signed-in page (visitors switch with a link).
    "public.choose_language": PUBLIC,
    # Becoming a certified assister or agency: before anyone has an account.
    "certification.overview": PUBLIC,
    "certification.register": PUBLIC,
    "certification.registered": PUBLIC,
    "certification.apply_agency": PUBLIC,
    # Without an application sent from this session: back to the form.
    "certification.agency_application_received": PUBLIC,
    # Find local help: anyone, signed in or not.
    "directory.search": PUBLIC,
    "directory.agency": PUBLIC,
    "directory.assister": PUBLIC,
    # Signing in and out.
    "auth.sign_in": PUBLIC,
    "auth.mfa_register": SIGN_IN_STEP,
    "auth.mfa_delivery": SIGN_IN_STEP,
    "auth.mfa_code": SIGN_IN_STEP,
    "auth.mfa_new_code": SIGN_IN_STEP,
    "auth.sign_out": PUBLIC,
    "auth.keep_alive": SIGNED_IN,
    # Everyone's own account.
    "auth.account": SIGNED_IN,
    "auth.authenticator": SIGNED_IN,
    "auth.turn_on_email_codes": SIGNED_IN,
    "auth.account_sessions": SIGNED_IN,
    "auth.end_session": SIGNED_IN,
    # Making an account, recovering one: before signing in (a signed-in user is sent home).
    "accounts.create_account": PUBLIC,
    "accounts.check_email": PUBLIC,
    "accounts.forgot_password": PUBLIC,
    "accounts.forgot_password_questions": PUBLIC,
    "accounts.forgot_password_sent": PUBLIC,
    "accounts.forgot_username": PUBLIC,
    "accounts.forgot_username_questions": PUBLIC,
    "accounts.forgot_username_sent": PUBLIC,
    "accounts.resend_verification": PUBLIC,
    # A link's token that was never issued is a page nobody finds.
    "accounts.reset_password": NOBODY_FINDS,
    "accounts.verify_email": NOBODY_FINDS,
    # Assister activation: its captcha exists only within an activation under way.
    "activation.start": PUBLIC,
    "activation.account": PUBLIC,
    "activation.details": PUBLIC,
    "activation.privacy": PUBLIC,
    "activation.done": PUBLIC,
    "activation.captcha_image": roles(OPEN, anonymous=NOT_FOUND),
    "activation.captcha_audio": roles(OPEN, anonymous=NOT_FOUND),
    # The development mailbox (never registered in production).
    "dev.mailbox": PUBLIC,
    "dev.message": PUBLIC,
    # The consumer's Manage Assister pages.
    "consumer.home": CONSUMERS,
    "consumer.assister_details": CONSUMERS,
    "consumer.activity_log": CONSUMERS,
    "consumer.select_assister": CONSUMERS,
    "consumer.authorize": CONSUMERS,
    "consumer.authorization_print": CONSUMERS,
    "consumer.remove_assister": SUBJECT,
    "consumer.renew": SUBJECT,
    # Request this assister (from Find local help), and the subject's pending request.
    "consumer.request_assister": CONSUMERS,
    "consumer.authorize_request": SUBJECT,
    "consumer.authorize_request_print": SUBJECT,
    "consumer.withdraw_request": SUBJECT,
    # The agency administrator's pages.
    "agency.home": AGENCY_ADMINS,
    "agency.roster_page": AGENCY_ADMINS,
    "agency.roster_template": AGENCY_ADMINS,
    "agency.approve": AGENCY_ADMINS,
    "agency.mark_inactive": AGENCY_ADMINS,
    "agency.confirm_renewal": AGENCY_ADMINS,
    "agency.upload": AGENCY_ADMINS,
    "agency.clients": AGENCY_ADMINS,
    # A client of the agency's assisters: another agency's (the other consumer's broker's) 404s.
    "agency.client_status": AGENCY_ADMINS,
    "agency.handover_list": AGENCY_ADMINS,
    # The subject's navigator, of the administrator's agency (another agency's is a 404:
    # tests/views/test_agency_handover.py).
    "agency.hand_over": AGENCY_ADMINS,
    # The course and its assessment; its sign-in sends a signed-in assister to the course.
    "training.sign_in": roles(FORBIDDEN, anonymous=OPEN, assister=OPEN, other_assister=OPEN),
    "training.course": LEARNERS,
    "training.module": LEARNERS,
    "training.complete": LEARNERS,
    "training.leave": LEARNERS,
    "training.start": LEARNERS,
    # The subject's navigator's attempt: another learner gets a 404.
    "training.attempt": roles(FORBIDDEN, anonymous=COURSE_SIGN_IN, assister=OPEN,
                              other_assister=NOT_FOUND),
    # The assister's Client Requests and client pages.
    "assister.home": ASSISTERS,
    "assister.profile": ASSISTERS,
    "assister.privacy": ASSISTERS,
    "assister.listing": ASSISTERS,
    "assister.certification": ASSISTERS,
    "assister.renew": ASSISTERS,
    "assister.directory_requests": ASSISTERS,
    # The subject's request went to the other consumer's broker: only they may decline it.
    "assister.decline_request": roles(
        FORBIDDEN, anonymous=SIGN_IN, assister=NOT_FOUND, other_assister=OPEN
    ),
    "assister.client_details": CLIENT,
    "assister.assist": CLIENT,
    "assister.end": CLIENT,
    "assister.create_account": CLIENT,
    # The application and enrollment wizards, for the consumer or their assister.
    "application.start": HOUSEHOLD,
    "application.report_change": HOUSEHOLD,
    "application.step": HOUSEHOLD,
    "application.rights": HOUSEHOLD,
    "application.signature": HOUSEHOLD,
    "application.results": HOUSEHOLD,
    "application.rescind": HOUSEHOLD,
    # Next Steps is MinnesotaCare's page: the subject's determination is a QHP, so even they
    # get a 404 (the access check runs first: another consumer's 404 is the same answer).
    "application.next_steps": roles(FORBIDDEN, anonymous=SIGN_IN, consumer=NOT_FOUND,
                                    assister=NOT_FOUND, other_consumer=NOT_FOUND,
                                    other_assister=NOT_FOUND),
    "enrollment.start": HOUSEHOLD,
    "enrollment.step": HOUSEHOLD,
    "enrollment.thank_you": HOUSEHOLD,
    # Upload documents for a verification request: the consumer's, or their assister's.
    "documents.upload": HOUSEHOLD,
    # Upload documents as "other": the consumer's own, or their assister's with consent to apply.
    "documents.upload_other": HOUSEHOLD,
    # A MinnesotaCare premium invoice, printable: the consumer's, or their assister's.
    "invoices.invoice": HOUSEHOLD,
    # The consumer's notices and one notice: their own, or their assister's (consent to read).
    "notices.index": HOUSEHOLD,
    "notices.notice": HOUSEHOLD,
    # A notice laid out for paper in its own language: the same readers.
    "notices.notice_print": HOUSEHOLD,
    # Staff's admin; flask-admin's own static files are public.
    "admin.index": STAFF,
    "admin.static": PUBLIC,
    **{f"{model}.{view}": STAFF for model in ADMIN_MODELS for view in ADMIN_MODEL_VIEWS},
    # No model view has ajax references: staff's lookups find nothing.
    **{f"{model}.ajax_lookup": {**STAFF, "staff": NOT_FOUND} for model in ADMIN_MODELS},
    "admin_assister.activation_view": STAFF,
    "admin_assister.training_id_view": STAFF,
    "admin_agency_admin.activation_view": STAFF,
    "admin_agency_application.approve_view": STAFF,
    "admin_agency_application.reject_view": STAFF,
    "admin_agency.listing_view": STAFF,
    "admin_assister.listing_view": STAFF,
    "admin_association.end_view": STAFF,
    "admin_user.unlock_view": STAFF,
    "admin_user.reset_mfa_view": STAFF,
    "admin_user.end_sessions_view": STAFF,
    "admin_verification.verified_view": STAFF,
    "admin_document.open_view": STAFF,
    "admin_document.review_view": STAFF,
    "admin_invoice.payment_view": STAFF,
    "admin_certification.decide_view": STAFF,
    # Deactivate (with the reason) and Reactivate: accounts, assisters, agencies.
    **{f"admin_{model}.{view}": STAFF for model in ("user", "assister", "agency")
       for view in ("deactivate_view", "reactivate_view")},
    # Staff reports: the list of them, one report, a table of it as CSV.
    "admin_reports.index": STAFF,
    "admin_reports.report": STAFF,
    "admin_reports.download": STAFF,
}


def outcome(answer):
    if answer.to_sign_in:
        return SIGN_IN
    if 300 <= answer.status < 400 and answer.location == "/training/sign-in":
        return COURSE_SIGN_IN
    return OPEN if answer.status < 400 else str(answer.status)


@pytest.fixture(scope="module")
def world(database_url, tmp_path_factory, compiled_templates):
    with routes.world_app(database_url, tmp_path_factory.mktemp("route_access"),
                          compiled_templates) as app:
        yield routes.build_world(app)


def post(world, role, url, data=None):
    """A POST as `role` with a valid CSRF token of that role's session."""
    client = world.client(role)
    token = world.token(role, client)
    return routes.send(client, "POST", url, data={"csrf_token": token, **(data or {})},
                       headers={"X-CSRFToken": token})


def test_every_rule_of_the_url_map_has_an_entry(world):
    endpoints = {rule.endpoint for rule in routes.rules(world.app)}
    assert sorted(endpoints - EXPECTED.keys()) == [], "routes with no entry in EXPECTED"
    assert sorted(EXPECTED.keys() - endpoints) == [], "entries for routes that no longer exist"


def test_each_role_opens_what_it_may_and_no_more(world):
    answered = {}
    for rule in routes.rules(world.app):
        if "GET" not in rule.methods:
            continue
        url = world.url(rule)
        for role in ROLES:
            answered[(rule.endpoint, role)] = outcome(routes.send(world.client(role), "GET", url))
    wrong = {key: got for key, got in answered.items() if EXPECTED[key[0]][key[1]] != got}
    assert wrong == {}, "(endpoint, role): outcome, where the table says otherwise"


def test_a_post_by_a_role_that_may_not_is_refused_and_changes_nothing(world):
    before = routes.row_counts(world.app)
    answered = {}
    for rule in routes.rules(world.app):
        if "POST" not in rule.methods:
            continue
        url = world.url(rule, "POST")
        for role in ROLES:
            if EXPECTED[rule.endpoint][role] != OPEN:
                answered[(rule.endpoint, role)] = outcome(post(world, role, url))
    wrong = {key: got for key, got in answered.items() if EXPECTED[key[0]][key[1]] != got}
    assert wrong == {}, "(endpoint, role): outcome of an empty POST, where the table refuses"
    assert routes.row_counts(world.app) == before


def forgeries(rule):
    """Each id argument forged or missing on its own, then all of them at once."""
    names = routes.id_arguments(rule)
    for kind in ("forged", "missing"):
        if len(names) > 1:
            for name in names:
                yield {name: kind}
        yield kind


def test_forged_and_missing_ids_are_not_found(world):
    before = routes.row_counts(world.app)
    answered = {}
    for rule in routes.rules(world.app):
        if not routes.id_arguments(rule) or rule.endpoint.startswith("admin"):
            continue
        for role in ("consumer", "assister", "agency_admin"):
            if EXPECTED[rule.endpoint][role] != OPEN:
                continue
            for ids in forgeries(rule):
                url = world.url(rule, ids=ids)
                if url == world.url(rule):
                    continue  # nobody owns it (a mailbox message): only a missing id differs
                for method in routes.methods(rule):
                    if method == "GET":
                        answer = routes.send(world.client(role), "GET", url)
                    else:
                        answer = post(world, role, url)
                    answered[(rule.endpoint, role, method, url)] = outcome(answer)
    assert answered, "no rule has ids"
    wrong = {key: got for key, got in answered.items() if got != NOT_FOUND}
    assert wrong == {}, "(endpoint, role, method, url): outcome, where it must be a 404"
    assert routes.row_counts(world.app) == before


def test_a_missing_record_in_the_admin_is_not_shown(world):
    answered = {}
    for rule in routes.rules(world.app):
        if "id" not in routes.id_arguments(rule) or "GET" not in rule.methods:
            continue
        answer = routes.send(world.client("staff"), "GET", world.url(rule, ids="missing"))
        answered[rule.endpoint] = (answer.status, answer.location)
    assert answered
    # flask-admin sends staff back to the list with a message, or the page is a 404.
    wrong = {
        endpoint: got for endpoint, got in answered.items()
        if got[0] != 404 and not (got[0] == 302 and got[1] == f"/admin/{endpoint.split('.')[0]}/")
    }
    assert wrong == {}


def test_a_state_changing_rule_does_not_answer_get(world):
    answered = {}
    for rule in routes.rules(world.app):
        if "GET" in rule.methods:
            continue
        url = world.url(rule, "POST")
        for role in ROLES:
            answered[(rule.endpoint, role)] = routes.send(world.client(role), "GET", url).status
    assert answered
    assert {key: status for key, status in answered.items() if status != 405} == {}
