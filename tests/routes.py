"""The URL map made concrete: a world of real records (made through the services and the real
screens) and, for every rule of the app, a URL with real ids, for every role.

Used by the route × role matrix (tests/test_route_access.py) and the property-based test of every
route (tests/test_route_fuzz.py). Building the world signs each role in through the real screens
(MFA included) once; the signed-in clients are reused across a module.

    with world_app(database_url, tmp_dir) as app:
        world = build_world(app)
        for rule in rules(app):
            for method in methods(rule):
                url = world.url(rule, method)            # the subject's own ids
                url = world.url(rule, method, "forged")  # ids of another consumer's records
                url = world.url(rule, method, "missing") # ids nothing has
"""

import io
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from db import database
from portal.actors import SYSTEM
from portal.app import create_app
from portal.services import plan_data
from tests import factories
from tests.conftest import ENVIRON, ON_POSTGRES, csrf_token_from, empty_postgres
from tests.views.wizard import complete_to_signature, page, post_step, start, submitted

ROLES = (
    "anonymous",
    "consumer",  # the subject: every "own" id below is theirs
    "other_consumer",  # a consumer with records of their own, none of the subject's
    "assister",  # associated with the subject, the acknowledgement confirmed
    "other_assister",  # certified and active, associated with the other consumer only
    "staff",
    "agency_admin",
)
SIGNED_IN_ROLES = ROLES[1:]
# What flask adds to every rule, and what no form or link of the portal sends.
IMPLICIT_METHODS = {"HEAD", "OPTIONS"}
MISSING_ID = 987654321

# The id that each admin view's `?id=` names for the subject, by the world's key.
ADMIN_RECORD = {
    "admin_agency": "agency",
    "admin_agency_admin": "agency_admin",
    "admin_agency_application": "agency_application",
    "admin_application": "application",
    "admin_assister": "assister",
    "admin_association": "association",
    "admin_audit": "audit_event",
    "admin_carrier": "carrier",
    "admin_case": "case",
    "admin_certification": "certification",
    "admin_consumer": "consumer",
    "admin_document": "document",
    "admin_enrollment": "enrollment",
    "admin_invoice": "invoice",
    "admin_notice": "notice",
    "admin_plan": "plan",
    "admin_user": "user",
    "admin_verification": "verification",
    "admin_question": "question",
    "admin_module": "module",
    "admin_attempt": "attempt",
}
# flask-admin views that open one record from `?id=`.
ADMIN_RECORD_VIEWS = {
    "details_view", "edit_view", "end_view", "activation_view", "end_sessions_view",
    "reset_mfa_view", "unlock_view", "verified_view", "open_view", "review_view", "payment_view",
    "training_id_view",
    "listing_view", "decide_view", "approve_view", "reject_view", "deactivate_view",
    "reactivate_view",
}
# Path arguments that are not ids: the same value whoever asks.
FIXED_ARGUMENTS = {
    "static": {"filename": "css/portal.css"},
    "admin.static": {"filename": "admin/css/bootstrap4/admin.css"},
    "application.step": {"step": "contact"},
    "enrollment.step": {"step": "tax_credit"},
    "accounts.reset_password": {"token": "not-a-reset-token"},
    "accounts.verify_email": {"token": "not-a-verification-token"},
    # The report that names consumers (its opening and downloads are audited).
    "admin_reports.report": {"report": "agent-of-record"},
    "admin_reports.download": {"report": "agent-of-record", "table": "enrollments"},
}
# Path arguments that name a record, and the world's key for it.
ID_ARGUMENTS = {
    "application_id": "application",
    "notice_id": "notice",
    "consumer_id": "consumer",
    "association_id": "association",
    "enrollment_id": "enrollment",
    "case_id": "case",
    "message_id": "mail",
    "verification_id": "verification",
    "invoice_id": "invoice",
    # Find local help's listings: the subject's navigator and their agency (public pages; the
    # subject's Request this assister finds them already helping).
    "agency_id": "agency",
    "assister_id": "assister",
    "request_id": "assister_request",
    # The course: its modules are everyone's; an attempt is its learner's own (the subject's
    # navigator's, and the other consumer's broker's to forge).
    "module_id": "module",
    "attempt_id": "attempt",
}


def rules(app):
    """Every rule of the URL map, in a stable order."""
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint))


def methods(rule):
    """The methods a rule answers, without the ones flask adds to all (HEAD, OPTIONS)."""
    return sorted(rule.methods - IMPLICIT_METHODS)


def id_arguments(rule):
    """The rule's arguments that name a record (path ids, or an admin view's `?id=`)."""
    names = [name for name in rule.arguments if name in ID_ARGUMENTS]
    blueprint, _, view = rule.endpoint.partition(".")
    if blueprint in ADMIN_RECORD and view in ADMIN_RECORD_VIEWS:
        names.append("id")
    return names


@contextmanager
def world_app(database_url, tmp_dir, compiled_templates=None):
    """An app on a database of its own for a whole module: a copy of the migrated SQLite file,
    or PostgreSQL's test database emptied (as the per-test fixture does); its templates from
    the run's `compiled_templates` when given (a module that builds its world again)."""
    if ON_POSTGRES:
        url = database_url
        empty_postgres(url)
    else:
        path = tmp_dir / "portal.db"
        shutil.copy(database_url.removeprefix("sqlite:///"), path)
        url = f"sqlite:///{path}"
    app = create_app({"DATABASE_URL": url, "DOCUMENTS_DIR": str(tmp_dir / "documents")},
                     environ=ENVIRON)
    if compiled_templates is not None:
        app.jinja_env.bytecode_cache = compiled_templates
    try:
        yield app
    finally:
        if not database.is_closed():
            database.close()


@dataclass
class World:
    app: object
    # Records by key: "own" (the subject's), "forged" (the other consumer's, that exist).
    own: dict
    forged: dict
    users: dict  # role -> User (None for anonymous)
    clients: dict = field(default_factory=dict)  # role -> signed-in test client
    csrf: dict = field(default_factory=dict)  # role -> a CSRF token of that client's session

    def url(self, rule, method=None, ids="own", query=None):
        """`rule` made concrete: ids of the subject ("own"), of the other consumer ("forged"),
        or ids nothing has ("missing"), or a {argument: kind} mix of them (others "own"),
        plus any `query` arguments."""
        values = dict(FIXED_ARGUMENTS.get(rule.endpoint, {}))
        if rule.endpoint.endswith(".export"):
            values["export_type"] = "csv"
        kinds = ids if isinstance(ids, dict) else dict.fromkeys(id_arguments(rule), ids)
        for name in id_arguments(rule):
            key = ID_ARGUMENTS.get(name) or ADMIN_RECORD[rule.endpoint.partition(".")[0]]
            values[name] = self.id_of(key, kinds.get(name, "own"))
        query = {**self.default_query(rule.endpoint), **(query or {})}
        if "id" in values:
            query = {"id": values.pop("id"), **query}
        path = self.app.url_map.bind("localhost").build(rule.endpoint, values, method=method)
        return path + ("?" + urlencode(query) if query else "")

    def default_query(self, endpoint):
        """Query arguments a page needs to show what it is for (a Reference Number to authorize:
        the other consumer's broker, whom the subject could choose too)."""
        if endpoint in ("consumer.authorize", "consumer.authorization_print"):
            return {"reference_number": self.own["reference_number"]}
        if endpoint == "directory.search":
            return {"zip": "55401"}  # a search, not the empty form
        return {}

    def id_of(self, key, ids="own"):
        if ids == "missing":
            return MISSING_ID
        records = self.forged if ids == "forged" and key in self.forged else self.own
        return records[key]

    def client(self, role):
        """The role's signed-in client (a fresh anonymous one for "anonymous")."""
        if role == "anonymous":
            return anonymous_client(self.app)
        return self.clients[role]

    def token(self, role, client):
        """A valid CSRF token of `client`'s session (the role's own, or a fresh anonymous one)."""
        if role == "anonymous":
            return csrf_token_from(page(client, "/sign-in"))
        return self.csrf[role]

    def sign_in_again(self, role):
        """The role's client signed in afresh (after a request ended its session)."""
        self.clients[role] = signed_in_client(self.app, self.users[role], ROLE_ADDRESSES[role])
        self.csrf[role] = csrf_token_of(self.clients[role], role)
        if role == "assister":
            acknowledge(self.clients[role], self.own["consumer"], self.own["drafting_consumer"])

    def is_signed_in(self, role):
        response = self.clients[role].get("/account")
        return response.status_code == 200


@dataclass(frozen=True)
class Answer:
    status: int
    location: str  # the path a redirect goes to ("" for none)
    text: str

    @property
    def to_sign_in(self):
        return 300 <= self.status < 400 and self.location == "/sign-in"


def send(client, method, url, data=None, headers=None):
    """One request, its body read and the response closed (a streamed export left open would
    leave its request context behind for the next request)."""
    response = client.open(url, method=method, data=data, headers=headers)
    try:
        text = response.get_data(as_text=True)
    finally:
        response.close()
    location = urlsplit(response.headers.get("Location", "")).path
    return Answer(response.status_code, location, text)


# What any request may write, refused or not: the audit log, the session rows (the last-seen
# time, a new anonymous session) and the sign-in failures that lock an account out (S10).
STATE_OF_EVERY_REQUEST = {"audit_event", "user_session", "auth_failure"}


def row_counts(app):
    """{table: rows} of every table but those every request may write."""
    with app.app_context():
        tables = sorted(set(database.get_tables()) - STATE_OF_EVERY_REQUEST)
        # One statement, not one a table: the fuzz test counts before every request.
        counts = ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in tables)
        return dict(zip(tables, database.execute_sql(f"SELECT {counts}").fetchone(),  # noqa: S608
                        strict=True))


# Each role's requests come from an address of its own, as people's do.
ROLE_ADDRESSES = {role: f"192.0.2.{n}" for n, role in enumerate(ROLES, start=10)}


def anonymous_client(app):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ROLE_ADDRESSES["anonymous"]
    return client


def poster(client):
    """POST as a browser does, with the CSRF token of the page the form came from."""

    def post(url, data, page=None, **kwargs):
        html = client.get(page or url).get_data(as_text=True)
        return client.post(url, data={"csrf_token": csrf_token_from(html), **data}, **kwargs)

    return post


def signed_in_client(app, user, address):
    """A test client signed in as `user` through the real screens, MFA included."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    post = poster(client)
    response = post("/sign-in", {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    step = urlsplit(response.headers["Location"]).path
    if step == "/sign-in/mfa/register":
        response = post(step, {"email": user.email, "agree": "y"})
        assert response.status_code == 200, response.get_data(as_text=True)
    elif step == "/sign-in/mfa":
        assert post(step, {"mode": "email"}).status_code == 302
    else:
        return client  # signed in: this role has no second step
    with app.app_context():
        from tests.conftest import emailed_code

        code = emailed_code(user)
    response = post("/sign-in/mfa/code", {"code": code})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def csrf_token_of(client, role):
    """A CSRF token of the client's session, from a page that role opens."""
    home = {"staff": "/admin/", "assister": "/assister/", "consumer": "/consumer/",
            "other_consumer": "/consumer/", "other_assister": "/assister/",
            "agency_admin": "/agency/"}[role]
    return csrf_token_from(page(client, home))


def acknowledge(client, *consumer_ids):
    """The assister confirms the Acknowledgement for each client (private pages open after it)."""
    for consumer_id in consumer_ids:
        url = f"/assister/clients/{consumer_id}/assist"
        response = poster(client)(url, {})
        assert response.status_code == 302, response.get_data(as_text=True)


def _in_app(app, function, *args, **kwargs):
    with app.app_context():
        return function(*args, **kwargs)


def _notice_of(app, consumer_id):
    from db.notices import Notice

    with app.app_context():
        return Notice.select().where(Notice.consumer == consumer_id).order_by(Notice.id).first()


def _records_of(app, consumer, association, application_url):
    """The ids of the consumer's records, by the keys rules and admin views use."""
    from db.audit import AuditEvent
    from db.cases import Case
    from db.enrollments import Enrollment
    from db.verifications import VerificationRequest

    with app.app_context():
        application_id = int(application_url.rsplit("/", 1)[1])
        enrollment = Enrollment.get(Enrollment.consumer == consumer.id)
        verification = VerificationRequest.get_or_none(
            VerificationRequest.consumer == consumer.id)
        case = Case.get(Case.consumer == consumer.id)
        return {
            "consumer": consumer.id,
            "user": consumer.user_id,
            "association": association.id,
            "application": application_id,
            "case": case.id,
            "enrollment": enrollment.id,
            "notice": _notice_of(app, consumer.id).id,
            "verification": verification.id if verification else None,
            "invoice": factories.premium_invoice(case).id,
            "audit_event": AuditEvent.select().where(AuditEvent.on_behalf_of == consumer.id)
            .order_by(AuditEvent.id).first().id,
        }


def _enroll_up_to_tax_credit(client, results_url):
    """Enroll in a plan from the Results page: the Privacy Policy agreed and a plan chosen."""
    post = poster(client)
    html = page(client, results_url)
    action = re.search(r'action="(/enrollments/start/\d+)"', html).group(1)
    response = post(action, {}, page=results_url)
    assert response.status_code == 302, response.get_data(as_text=True)
    url = response.headers["Location"].rsplit("/", 1)[0]
    assert post_step(client, f"{url}/privacy", {"agree": "y"}).status_code == 302
    plan_id = re.search(r'name="plan_id" value="(\d+)"', page(client, f"{url}/plans")).group(1)
    assert post_step(client, f"{url}/plans", {"plan_id": plan_id}).status_code == 302
    return url, int(plan_id)


def enrollment_to_signature(client, enrollment_url):
    """An enrollment with its plan chosen taken on to the signature: all the tax credit, then
    the Plan Summary, each with Next."""
    credit = {"aptc_choice": "all", "statements_agreed": "y",
              "tax_filer_signature": "carl consumer"}
    assert post_step(client, f"{enrollment_url}/tax_credit", credit).status_code == 302
    assert post_step(client, f"{enrollment_url}/summary", {}).status_code == 302


def _enrolled(client, results_url):
    url, plan_id = _enroll_up_to_tax_credit(client, results_url)
    enrollment_to_signature(client, url)
    response = post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"},
                         action="confirm")
    assert response.status_code == 302, response.get_data(as_text=True)
    return plan_id


def _uploaded(app, client, verification_id):
    """A PDF the subject uploads for their verification request: its document's id."""
    from db.documents import Document

    url = f"/documents/verifications/{verification_id}/upload"
    response = poster(client)(url, {"document_type": "i551",
                                    "files": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "card.pdf")})
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        return Document.get(Document.verification_request == verification_id).id


def _requested(consumer, assister):
    from portal.services import assister_requests

    actor = factories.actor(consumer.user)
    return assister_requests.send(actor, consumer, assister, "Please help me").id


def _attempted(assister):
    """The assister's open attempt at the current course's assessment, every module done."""
    from portal.services import courses, training

    for module in courses.current_course().modules:
        training.complete_module(SYSTEM, assister, module)
    return training.start_attempt(SYSTEM, assister).id


def _course_records():
    from db.training import AssessmentQuestion, CourseModule

    return {
        "question": AssessmentQuestion.select().order_by(AssessmentQuestion.id).first().id,
        "module": CourseModule.select().order_by(CourseModule.id).first().id,
    }


def _agency_application():
    from portal.services import agency_applications
    from tests.services.test_agency_applications import application_values

    return agency_applications.submit(SYSTEM, application_values()).id


def build_world(app):
    """The subject consumer (a submitted application asking for documents, with its case,
    notices, verification request and an enrollment in progress), their navigator, a consumer
    who is drafting an application with the same navigator, another consumer (enrolled, with a
    broker of their own), staff and an agency administrator: each signed in on a client."""
    _in_app(app, plan_data.load_plans, SYSTEM, 2026)
    # Neither has taken this year's course yet: each has an attempt at its assessment open.
    navigator = _in_app(app, factories.assister, "navigator", with_account=True,
                        mastered_course_year=None)
    broker = _in_app(app, factories.assister, "broker", with_account=True,
                     mastered_course_year=None)
    subject = _in_app(app, factories.consumer, first_name="Carl", last_name="Consumer")
    drafting = _in_app(app, factories.consumer, first_name="Carl", last_name="Consumer")
    other = _in_app(app, factories.consumer, first_name="Carl", last_name="Consumer")
    association = _in_app(app, factories.association, subject, navigator)
    _in_app(app, factories.association, drafting, navigator)
    other_association = _in_app(app, factories.association, other, broker)
    agency_admin = _in_app(app, factories.agency_admin, navigator.agency)
    users = {
        "anonymous": None,
        "consumer": subject.user,
        "other_consumer": other.user,
        "assister": navigator.user,
        "other_assister": broker.user,
        "staff": _in_app(app, factories.staff),
        # The subject's navigator's agency's administrator.
        "agency_admin": agency_admin.user,
    }
    clients = {role: signed_in_client(app, users[role], ROLE_ADDRESSES[role])
               for role in SIGNED_IN_ROLES}

    # The navigator applies for the subject (a lawfully present immigrant: documents are asked
    # for, and the subject uploads one) and starts one for the drafting consumer; the subject
    # starts enrolling. The other consumer is asked for documents too (a request to forge).
    acknowledge(clients["assister"], subject.id, drafting.id)
    assister = clients["assister"]
    subject_url = submitted(assister, poster(assister), subject.id,
                            f"/assister/clients/{subject.id}",
                            immigration_status="lawfully_present")
    draft_url = start(assister, poster(assister), drafting.id, f"/assister/clients/{drafting.id}")
    complete_to_signature(assister, draft_url)
    enrollment_url, plan_id = _enroll_up_to_tax_credit(clients["consumer"],
                                                       f"{subject_url}/results")
    other_url = submitted(clients["other_consumer"], poster(clients["other_consumer"]),
                          other.id, "/consumer/", immigration_status="lawfully_present")
    _enrolled(clients["other_consumer"], f"{other_url}/results")

    own = _records_of(app, subject, association, subject_url)
    assert own["enrollment"] == int(enrollment_url.rsplit("/", 1)[1])
    from db.certifications import Certification
    from db.mail import OutgoingMail
    from db.plans import Plan

    with app.app_context():
        plan = Plan.get_by_id(plan_id)
    own |= {
        "assister": navigator.id,
        "agency": navigator.agency_id,
        "plan": plan.id,
        "carrier": plan.carrier_id,
        "drafting_consumer": drafting.id,
        # The navigator's first certification period (staff enrolled them: confirmed).
        "certification": _in_app(app, lambda: Certification.get(
            Certification.assister == navigator.id).id),
        "reference_number": broker.reference_number,
        # The development mailbox shows every message to everyone (never in production).
        "mail": _in_app(app, lambda: OutgoingMail.select().order_by(OutgoingMail.id).first().id),
        "draft_application": int(draft_url.rsplit("/", 1)[1]),
        "agency_admin": agency_admin.id,
        # An organization's application to be an agency, waiting for staff.
        "agency_application": _in_app(app, _agency_application),
        "document": _uploaded(app, clients["consumer"], own["verification"]),
    }
    # Requests from Find local help: the subject's to the other consumer's broker, the other
    # consumer's to the subject's navigator.
    own["assister_request"] = _in_app(app, _requested, subject, broker)
    own |= _in_app(app, _course_records)
    own["attempt"] = _in_app(app, _attempted, navigator)
    forged = _records_of(app, other, other_association, other_url)
    forged["assister_request"] = _in_app(app, _requested, other, navigator)
    forged["attempt"] = _in_app(app, _attempted, broker)
    world = World(app=app, own=own, forged=forged, users=users, clients=clients)
    world.csrf = {role: csrf_token_of(clients[role], role) for role in SIGNED_IN_ROLES}
    return world
