"""One limit on resolving Reference Numbers, whichever screen resolves them (S3: no enumeration).

Searching, the authorization screen (opened and confirmed) and its printable form each turn a
typed Reference Number into an assister; a limit on one of them alone lets the others walk the
numbers. Every look-up counts against one budget per consumer and one per address.
"""

import ast
import inspect
import sys

import pytest

from db.associations import Association
from portal.app import create_app
from tests.conftest import ENVIRON, csrf_token_from

PER_CONSUMER = 20
PER_ADDRESS = 60
RESOLVER = ("portal.services.assister_search", "find")
KNOWN = {"consumer.select_assister", "consumer.authorize", "consumer.authorization_print"}


@pytest.fixture
def limited_app(test_database_url, factories):
    # Made after `factories`' own app: the limiter is one object, set up by the last app made.
    return create_app(
        {"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True}, environ=ENVIRON
    )


def _signed_in(app, factories, address="127.0.0.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    user = factories.consumer().user
    token = csrf_token_from(client.get("/sign-in").get_data(as_text=True))
    response = client.post(
        "/sign-in",
        data={"csrf_token": token, "username": user.username, "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    return client


def _look_up(client, rule, method, number):
    """Ask `rule` to resolve `number` the way its screen sends it."""
    url = rule.rule
    if method == "GET":
        return client.get(url, query_string={"reference_number": number})
    token = csrf_token_from(client.get("/consumer/assisters").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "reference_number": number})


def _refused(response):
    page = response.get_data(as_text=True)
    return response.status_code == 429 and "Too many attempts" in page


def test_the_21st_look_up_in_an_hour_is_refused_whichever_screen_asks(limited_app, factories):
    number = factories.assister("broker").reference_number
    client = _signed_in(limited_app, factories)
    screens = [
        lambda: client.get(f"/consumer/assisters/select?reference_number={number}"),
        lambda: client.get(f"/consumer/assisters/authorize?reference_number={number}"),
        lambda: client.get(f"/consumer/assisters/authorize/print?reference_number={number}"),
        lambda: client.post(
            "/consumer/assisters/authorize",
            data={
                "csrf_token": csrf_token_from(
                    client.get("/consumer/assisters").get_data(as_text=True)
                ),
                "reference_number": number,
            },
        ),
    ]
    statuses = [screens[n % len(screens)]().status_code for n in range(PER_CONSUMER)]
    assert 429 not in statuses and 200 in statuses
    confirmed = Association.select().count()
    for screen in screens:
        response = screen()
        assert _refused(response)
        assert "Wait a few minutes, then try again." in response.get_data(as_text=True)
    # A refused Confirm confirms nothing.
    assert Association.select().count() == confirmed
    # The empty search form resolves nothing, so it still opens.
    assert client.get("/consumer/assisters/select").status_code == 200


def test_look_ups_from_one_address_are_limited_across_consumers(limited_app, factories):
    number = factories.assister("broker").reference_number
    for _ in range(PER_ADDRESS // PER_CONSUMER):
        client = _signed_in(limited_app, factories)
        for n in range(PER_CONSUMER):
            url = "/consumer/assisters/authorize" if n % 2 else "/consumer/assisters/select"
            assert client.get(url, query_string={"reference_number": number}).status_code != 429
    another = _signed_in(limited_app, factories)
    assert _refused(
        another.get(
            "/consumer/assisters/authorize/print", query_string={"reference_number": number}
        )
    )
    elsewhere = _signed_in(limited_app, factories, address="192.0.2.77")
    response = elsewhere.get(
        "/consumer/assisters/authorize/print", query_string={"reference_number": number}
    )
    assert response.status_code == 200


def test_every_route_that_resolves_a_reference_number_is_under_the_shared_limit(
    test_database_url, factories
):
    app = create_app({"DATABASE_URL": test_database_url}, environ=ENVIRON)
    resolving = _routes_resolving_reference_numbers(app)
    assert KNOWN <= {rule.endpoint for rule, _ in resolving}, "the code path search found too few"
    number = factories.assister("broker").reference_number
    # Each route in turn spends the whole budget; then every route, itself included, refuses.
    for rule, method in resolving:
        app = create_app(
            {"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True}, environ=ENVIRON
        )
        client = _signed_in(app, factories)
        for _ in range(PER_CONSUMER):
            assert not _refused(_look_up(client, rule, method, number))
        for other, other_method in resolving:
            response = _look_up(client, other, other_method, number)
            assert _refused(response), (
                f"{other_method} {other.rule} answered {response.status_code} after "
                f"{PER_CONSUMER} look-ups through {method} {rule.rule}: not under the shared "
                "Reference Number limit"
            )


def _routes_resolving_reference_numbers(app):
    """(rule, method) of every route whose view reaches assister_search.find, read from the code.

    The calls of every function in the portal's views and services are followed, through names
    imported from other modules, so a view that resolves a number through a helper counts too.
    """
    calls = _call_graph()
    resolving = []
    for rule in app.url_map.iter_rules():
        view = inspect.unwrap(app.view_functions[rule.endpoint])
        if _reaches(calls, (view.__module__, view.__name__), RESOLVER):
            assert not rule.arguments, f"give {rule.rule}'s arguments a value in this test"
            resolving += [(rule, method) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return resolving


def _call_graph():
    """{(module, function): {(module, function) it calls}} for the views and services."""
    graph = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith(("views", "portal.services")) or module is None:
            continue
        tree = ast.parse(inspect.getsource(module))
        imported = _imported_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                graph.setdefault((name, node.name), set()).update(_callees(node, name, imported))
    return graph


def _imported_names(tree):
    """{local name: module or (module, function)} from the module's imports."""
    names = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                names[alias.asname or alias.name] = (
                    target if target in sys.modules else (node.module, alias.name)
                )
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name] = alias.name
    return names


def _callees(function, module_name, imported):
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        called = node.func
        if isinstance(called, ast.Name):
            target = imported.get(called.id, (module_name, called.id))
            if isinstance(target, tuple):
                yield target
        elif isinstance(called, ast.Attribute) and isinstance(called.value, ast.Name):
            module = imported.get(called.value.id)
            if isinstance(module, str):
                yield (module, called.attr)


def _reaches(graph, start, target):
    seen, todo = set(), [start]
    while todo:
        function = todo.pop()
        if function == target:
            return True
        if function not in seen:
            seen.add(function)
            todo.extend(graph.get(function, ()))
    return False
