"""Load test (issue 7): saving a wizard step (Next) with 16 concurrent users, beside the ceiling.

    .venv/bin/python -m bench.wizard [--seconds 10]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_wizard .venv/bin/python -m bench.wizard

Each of 16 demo consumers signs in through the real screens and starts their own application;
then each, in its own thread, posts the contact step again and again (a real save: the version
moves on, provenance and the audit row are written, in one transaction) against gunicorn with 2
sync workers. The ceiling is the bare Flask page (bench/ceiling.py) under the same 16 threads.
The database is rebuilt each run: migrations and the demo seed. Target: p99 < 100 ms.
"""

import argparse
import os
import re
import secrets

import psycopg

from bench.client import Client, expect
from bench.load import CEILING_PORT, PORTAL_PORT, gunicorn
from bench.loadgen import concurrently, python_load
from db import database
from db.connection import open_database
from db.migrate import upgrade
from portal.app import create_app
from portal.demo import PASSWORD

TARGET_P99_MS = 100.0
USERS = 16
DEFAULT_URL = "sqlite:///bench/out/wizard.db"
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')
# consumer01 has a submitted application in the demo: its editors are consumer02 on.
DEMO_EDITORS = [f"consumer{number:02d}" for number in range(2, USERS + 2)]
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CONTACT = {
    "first_name": "Bench",
    "last_name": "Consumer",
    "date_of_birth": "1984-03-09",
    "city": "Saint Paul",
    "zip_code": "55101",
    "county": "Ramsey",
    "phone": "651-555-0100",
    "email": "bench@example.org",
}


def fresh_database(url):
    """Drop and rebuild the benchmark's database: migrations, then the demo seed."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    else:
        server, name = url.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    migrated = open_database(url)
    upgrade(migrated)
    migrated.close()
    app = create_app({"DATABASE_URL": url}, environ={"PORTAL_ENV": "development"})
    with app.app_context():
        from portal import demo

        demo.seed()


def loopback(number):
    """User `number`'s own loopback address: sign-in is rate limited per address."""
    return (f"127.0.0.{number + 10}", 0)


def signed_in_editor(client, username, password):
    """Consumer `username`, signed in through `client`, with their application's contact step
    open: (client, the step's URL, its version), the client holding the step's CSRF token."""
    expect(client.post_form("/sign-in", {"username": username, "password": password}),
           (302, 303), f"sign in {username}")
    _, _, home = expect(client.get("/consumer/"), (200,), f"{username} home")
    start = re.search(r'action="(/applications/start/\d+)"', home).group(1)
    _, headers, _ = expect(client.post_form(start, {}, page="/consumer/"), (302,), "start")
    step_url = headers["Location"].rsplit("/", 1)[0] + "/contact"
    return opened(client, step_url)


def opened(client, step_url):
    """The contact step as its page stands: its version, and the client's CSRF token."""
    _, _, html = expect(client.get(step_url), (200,), step_url)
    client.csrf = CSRF.search(html).group(1)
    return client, step_url, int(VERSION.search(html).group(1))


def ready_editors(make_client, usernames, password):
    """The consumers `usernames`, the nth through `make_client(n)`'s client, saving after a
    warm-up (2 s, unreported) from the step's version as it then stands."""
    editors = [
        signed_in_editor(make_client(number), username, password)
        for number, username in enumerate(usernames)
    ]
    post_steps(editors, 2)
    return [opened(client, step_url) for client, step_url, _ in editors]


def post_steps(editors, seconds):
    """Each editor saves the contact step (Next) again and again, each from the version its
    last save made."""

    def saver(client, url, version):
        def save():
            nonlocal version
            form = {**CONTACT, "street": f"{secrets.randbelow(9000) + 100} Grand Ave",
                    "version": str(version), "action": "next", "csrf_token": client.csrf}
            status, _, _ = client.request("POST", url, form)
            if status == 302:
                version += 1
            return status == 302

        return save

    return concurrently([saver(*editor) for editor in editors], seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    print(f"Rebuilding {url} (migrations and demo seed) …", flush=True)
    fresh_database(url)
    database.initialize(open_database(url))
    env = {**os.environ, "DATABASE_URL": url, "PORTAL_ENV": "production",
           "SECRET_KEY": secrets.token_hex(32)}
    with gunicorn("bench.ceiling:app", CEILING_PORT, 2, env):
        ceiling = python_load(CEILING_PORT, "/", "", args.seconds, USERS)
    with gunicorn("wsgi:app", PORTAL_PORT, 2, env):
        editors = ready_editors(
            lambda number: Client(PORTAL_PORT, source_address=loopback(number)), DEMO_EDITORS,
            PASSWORD,
        )
        saves = post_steps(editors, args.seconds)
    print(f"{'':34}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, result in (("ceiling (bare Flask, 25 rows)", ceiling),
                          ("wizard step save (Next)", saves)):
        print(f"{label:34}{result['rps']:9.1f}{result['p50_ms']:9.2f}{result['p99_ms']:9.2f}"
              f"{result['errors']:8d}")
    verdict = "met" if saves["p99_ms"] < TARGET_P99_MS and not saves["errors"] else "MISSED"
    print(f"Target: step save p99 < {TARGET_P99_MS:.0f} ms with {USERS} users: {verdict} "
          f"({saves['p99_ms'] / ceiling['p99_ms']:.1f}× the ceiling's p99).")


if __name__ == "__main__":
    main()
