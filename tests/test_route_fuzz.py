"""Every route driven with arbitrary input (hypothesis): as a role that may use it, every form
field its pages send, the query arguments the portal reads, and arbitrary path ids — text with
NUL and control characters, huge and negative numbers, NaN, sNaN, Infinity, ids that are not
numbers, very long strings, any Unicode. No input gives a server error (with PORTAL_ENV=testing
an exception reaches the test client: it counts as one), and a request that does not succeed
writes nothing (every table but the audit log, the session rows and the sign-in failures keeps
its row count)."""

import re
from html import unescape
from urllib.parse import quote, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import routes
from tests.test_route_access import EXPECTED, OPEN

# Who drives a route: the first of these the matrix lets in (the assister for the application
# and enrollment screens, where a client's draft application is theirs to edit too).
DRIVERS = ("consumer", "assister", "staff", "anonymous", "other_consumer", "other_assister",
           "agency_admin")
DRIVEN_BY_ASSISTER = ("application.", "enrollment.")
# Query arguments the portal's pages and flask-admin read.
QUERY_ARGUMENTS = (
    "sort", "desc", "q", "search", "status", "page", "per_page", "page_size", "reference_number",
    "id", "url", "next", "timeout", "compare", "name", "query", "flt0_0", "flt1_3", "flt2_12",
    "rowid", "action", "zip", "distance", "county", "type", "language", "expiring",
    "to_confirm", "assister", "to_assister", "lang", "from", "to", "agency", "after",
    "before",
)
# Form fields of POST-only rules whose form lives on no page of this world.
POST_ONLY_FIELDS = {
    "delete_view": ("id", "url"),
    "action_view": ("action", "rowid", "url"),
    "ajax_update": ("list_form_pk", "value", "name"),
}
NASTY = (
    "", "0", "-1", "1.5", "NaN", "nan", "sNaN", "-sNaN", "Infinity", "-Infinity", "inf", "1e309",
    "-1e309", "9" * 30, str(2**63), str(-(2**63) - 1), str(2**64), "0x10", "1_000", "١٢٣",
    "\x00", "a\x00b", "\x1b[2J", "\r\n\t", "%00", "' OR '1'='1", "<script>alert(1)</script>",
    "../../etc/passwd", "😀" * 3, "\u202e\u200b", "x" * 5000, "2026-02-30", "y", "on", "none",
)
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers().map(str),
    st.floats().map(str),
    st.decimals(allow_nan=True).map(str),
)

EXAMPLES = 10


def driver(endpoint):
    expected = EXPECTED[endpoint]
    order = DRIVERS
    if endpoint.startswith(DRIVEN_BY_ASSISTER):
        order = ("assister", *DRIVERS)
    return next((role for role in order if expected[role] == OPEN), "anonymous")


FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
ACTION = re.compile(r'\baction="([^"]*)"')
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')


def form_fields(world):
    """{form action path: field names} from every page each role opens in this world."""
    fields = {}
    for rule in routes.rules(world.app):
        if "GET" not in rule.methods or rule.endpoint.endswith((".static", ".export")) \
                or rule.endpoint == "static":
            continue
        for role in ("consumer", "assister", "staff", "anonymous"):
            if EXPECTED[rule.endpoint][role] != OPEN:
                continue
            url = world.url(rule)
            answer = routes.send(world.client(role), "GET", url)
            for attributes, body in FORM.findall(answer.text):
                action = ACTION.search(attributes)
                path = urlsplit(unescape(action.group(1)) if action else url).path or \
                    urlsplit(url).path
                fields.setdefault(path, set()).update(FIELD.findall(body))
    return fields


class Worlds:
    """The module's world, built again when a successful request ended part of it."""

    def __init__(self, database_url, tmp_path_factory, compiled_templates):
        self.database_url = database_url
        self.tmp_path_factory = tmp_path_factory
        self.compiled_templates = compiled_templates
        self.context = None
        self.world = None
        self.fields = {}  # form action path -> field names
        self.built_state = None

    def build(self):
        self.close()
        self.context = routes.world_app(self.database_url, self.tmp_path_factory.mktemp("fuzz"),
                                        self.compiled_templates)
        self.world = routes.build_world(self.context.__enter__())
        self.fields = form_fields(self.world)
        self.built_state = self.state()

    def state(self):
        """What the routes need of the world: who may sign in and act (accounts, assisters'
        standing, their agencies), the associations, requests from the directory, applications
        and enrollments as built."""
        from db.accounts import User
        from db.applications import Application
        from db.assisters import Agency, AgencyAdmin, Assister
        from db.associations import AssisterRequest, Association
        from db.enrollments import Enrollment

        with self.world.app.app_context():
            return [
                list(model.select(*columns).order_by(model.id).tuples())
                for model, columns in (
                    (User, (User.id, User.is_active, User.locked_until, User.mfa_mode,
                            User.password_hash)),
                    (Assister, (Assister.id, Assister.is_active,
                                Assister.certification_expires_on, Assister.roster_status)),
                    (Agency, (Agency.id, Agency.is_active)),
                    (AgencyAdmin, (AgencyAdmin.id, AgencyAdmin.is_active)),
                    (Association, (Association.id, Association.ended_at)),
                    (AssisterRequest, (AssisterRequest.id, AssisterRequest.ended_at)),
                    (Application, (Application.id, Application.status)),
                    (Enrollment, (Enrollment.id, Enrollment.status)),
                )
            ]

    def ready(self):
        if self.world is None or self.state() != self.built_state:
            self.build()
        for role in routes.SIGNED_IN_ROLES:
            if not self.world.is_signed_in(role):
                self.world.sign_in_again(role)
        return self.world

    def close(self):
        if self.context is not None:
            self.context.__exit__(None, None, None)
            self.context = None


@pytest.fixture(scope="module")
def worlds(database_url, tmp_path_factory, compiled_templates):
    worlds = Worlds(database_url, tmp_path_factory, compiled_templates)
    yield worlds
    worlds.close()


def path_value(world, rule, name):
    """An id the world has (own, another consumer's, a draft), or anything at all."""
    known = []
    if name in routes.ID_ARGUMENTS:
        key = routes.ID_ARGUMENTS[name]
        known = [world.id_of(key, kind) for kind in ("own", "forged", "missing")]
        if key == "application":
            known.append(world.own["draft_application"])
    elif name in routes.FIXED_ARGUMENTS.get(rule.endpoint, {}):
        known = [routes.FIXED_ARGUMENTS[rule.endpoint][name]]
    elif name == "export_type":
        known = ["csv"]
    return st.one_of(st.sampled_from(known or ["x"]).map(str),
                     st.integers(min_value=-(2**70), max_value=2**70).map(str), values)


def path_of(rule, drawn):
    """The rule's path with each argument replaced by the drawn text, as a browser would send
    it (quoted; a value that is not a number reaches the router, which answers 404)."""
    return re.sub(r"<(?:[^>:]+:)?([^>]+)>",
                  lambda m: quote(drawn[m.group(1)], safe="" if "path" not in m.group(0) else "/"),
                  rule.rule)


def fuzz(world, fields, rule, method):
    role = driver(rule.endpoint)
    path = urlsplit(world.url(rule, method)).path
    names = sorted(fields.get(path, set()) - {"csrf_token"})
    names += POST_ONLY_FIELDS.get(rule.endpoint.partition(".")[2], ())
    arguments = {name: path_value(world, rule, name) for name in rule.arguments}
    if "id" in routes.id_arguments(rule):
        arguments["?id"] = path_value(world, rule, "id")

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(
        drawn=st.fixed_dictionaries(arguments),
        query=st.dictionaries(st.sampled_from(QUERY_ARGUMENTS), values, max_size=4),
        form=st.fixed_dictionaries({}, optional=dict.fromkeys(names, values)),
    )
    def request_gives_no_server_error(drawn, query, form):
        if "?id" in drawn:
            query = {**query, "id": drawn["?id"]}
        url = path_of(rule, drawn) + ("?" + urlencode(query) if query else "")
        client = world.client(role)
        data = None
        if method == "POST":
            token = world.token(role, client)
            data = {**form, "csrf_token": token}
        before = routes.row_counts(world.app)
        answer = routes.send(client, method, url, data=data)
        assert answer.status < 500, f"{answer.status} from {method} {url} {data}"
        if answer.status >= 400:
            assert routes.row_counts(world.app) == before, f"{answer.status} wrote rows"

    request_gives_no_server_error()


@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_no_input_gives_a_server_error_or_a_partial_write(worlds, endpoint):
    world = worlds.ready()
    rule = next(rule for rule in routes.rules(world.app) if rule.endpoint == endpoint)
    for method in routes.methods(rule):
        fuzz(world, worlds.fields, rule, method)
