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
import threading
import time

import psycopg

from bench.client import Client, expect
from bench.load import CEILING_PORT, PORTAL_PORT, gunicorn
from bench.loadgen import python_load
from db import database
from db.connection import open_database
from db.migrate import upgrade
from portal.app import create_app
from portal.demo import PASSWORD

TARGET_P99_MS = 100.0
USERS = 16
DEFAULT_URL = "sqlite:///bench/out/wizard.db"
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')
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


def signed_in_editor(number):
    """A demo consumer, signed in, with their application's contact step open.

    Each comes from its own loopback address: sign-in is rate limited per address.
    """
    client = Client(PORTAL_PORT, source_address=(f"127.0.0.{number + 1}", 0))
    username = f"consumer{number:02d}"
    expect(client.post_form("/sign-in", {"username": username, "password": PASSWORD}),
           (302, 303), f"sign in {username}")
    _, _, home = expect(client.get("/consumer/"), (200,), f"{username} home")
    start = re.search(r'action="(/applications/start/\d+)"', home).group(1)
    _, headers, _ = expect(client.post_form(start, {}, page="/consumer/"), (302,), "start")
    step_url = headers["Location"].rsplit("/", 1)[0] + "/contact"
    _, _, html = client.get(step_url)
    return client, step_url, int(VERSION.search(html).group(1))


def post_steps(editors, seconds):
    latencies, failures, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def edit(client, url, version):
        mine = []
        while time.perf_counter() < deadline:
            form = {**CONTACT, "street": f"{secrets.randbelow(9000) + 100} Grand Ave",
                    "version": str(version), "action": "next"}
            started = time.perf_counter()
            status, _, _ = client.request("POST", url, {**form, "csrf_token": client.csrf})
            mine.append((time.perf_counter() - started) * 1000)
            if status == 302:
                version += 1
            else:
                with lock:
                    failures[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=edit, args=editor) for editor in editors]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "requests": len(latencies),
        "errors": failures[0],
    }


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
        editors = []
        # consumer01 has a submitted application in the demo: start from consumer02.
        for number in range(2, USERS + 2):
            client, step_url, version = signed_in_editor(number)
            _, _, html = client.get(step_url)
            client.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                                    html).group(1)
            editors.append((client, step_url, version))
        post_steps(editors, 2)  # warm-up, unreported
        for editor_index, (client, step_url, _) in enumerate(editors):
            _, _, html = client.get(step_url)
            editors[editor_index] = (client, step_url, int(VERSION.search(html).group(1)))
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
