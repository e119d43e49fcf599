"""The admin lists under load (issue 28): four staff connections on the 1M-consumer data set.

    .venv/bin/python -m bench.admin                     # the SQLite file bench.generate made
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python -m bench.admin

The portal under gunicorn as bench/load.py runs it (2 sync workers, production settings),
signed in as bench_staff (bench/activity.py) through the real screens: password, then the MFA
code read from outgoing_mail. Then wrk (`-t2 -c4 --latency`, the session cookie) on:

- the Consumers list, page 1 (by last name, the default order);
- page 40,000 (rows 999,976 to 1,000,000 of 1M: the last), reached as its Next link reaches
  it: the row before its first is found with SQL (`ORDER BY lower(last_name), id OFFSET
  999974`) and its keys made into the token the portal's own pager would put in that link
  (portal/services/admin_lists.py, signed with the server's SECRET_KEY, which this script
  chose). The page is checked to be that one before it is measured: 200, "Page 40,000",
  and its first row the one SQL puts there;
- a search: the last names starting "joh" (Johnson, Johnston ...);
- the audit log filtered by the consumer with 200 entries, newest first.

The URLs are measured in turns, `--rounds` times (page 1, page 40,000, search, audit, page 1,
...) after a warm-up of each; a line gives the medians of its rounds and the ratio of its median
p99 to page 1's, then the median and minimum of `--sequential` requests of it made one at a
time (the URLs in turns): the server's work without queueing; and the median and minimum
of the page's own SQL statement run alone (taken from an in-process request). Targets:
page 1 p99 < 20 ms; page 40,000 within 1.2x of page 1; the audit log filtered by consumer
within 1.5x. Page 40,000 by number (OFFSET, no token) is timed once, for comparison.
Results: bench/out/admin-<database>.json.
"""

import argparse
import json
import logging
import os
import re
import time
from statistics import median
from urllib.parse import urlencode

from bench import activity, loadgen
from bench.client import Client, TestClient, expect, sign_in
from bench.generate import DEFAULT_URL, OUT
from bench.load import PORTAL_PORT, gunicorn, refresh_statistics, server_env
from bench.queries import Capture
from db import database
from db.connection import open_database
from portal.services import admin_lists

CONSUMERS = "/admin/admin_consumer/"
AUDIT = "/admin/admin_audit/"
PAGE_SIZE = 25
DEEP_PAGE = 40_000
TARGET_P99_MS = 20.0
ROW = re.compile(r"details/\?id=(\d+)")
FILTERS = re.compile(r'id="filter-groups-data" class="d-none">(.*?)</div>', re.S)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=int, default=5, help="per round of a URL")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--warmup", type=int, default=3, help="seconds of unreported load per URL")
    p.add_argument("--connections", type=int, default=4)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--q", default="joh", help="the search (a common last-name prefix)")
    p.add_argument("--env", default="production", choices=("production", "development"))
    p.add_argument("--sequential", type=int, default=60,
                   help="requests of each URL one at a time, after the load rounds")
    return p.parse_args()


def sql(text, params=()):
    marked = text.replace("%s", database.param)
    return database.execute_sql(marked, params).fetchall()


def deep_page(secret):
    """Page 40,000 (or the last, on a smaller data set) as Next reaches it, and the id of the
    row SQL puts first on it."""
    total = sql("SELECT COUNT(*) FROM consumer")[0][0]
    page = min(DEEP_PAGE, -(-total // PAGE_SIZE)) - 1  # flask-admin counts pages from 0
    (name, before), (first,) = (
        sql(
            "SELECT lower(last_name), id FROM consumer ORDER BY lower(last_name), id "
            "LIMIT 1 OFFSET %s",
            (page * PAGE_SIZE - 1,),
        )[0],
        sql(
            "SELECT id FROM consumer ORDER BY lower(last_name), id LIMIT 1 OFFSET %s",
            (page * PAGE_SIZE,),
        )[0],
    )
    context = admin_lists.token_context("admin_consumer", None, None, None, [], PAGE_SIZE,
                                        page, "after")
    token = admin_lists.make_token([name, before], context, secret)
    query = urlencode({"page": page, "page_size": PAGE_SIZE, "after": token})
    return f"{CONSUMERS}?{query}", page, first


def filter_key(html, group, operation):
    groups = json.loads(FILTERS.search(html).group(1))
    return next(f["arg"] for f in groups[group] if f["operation"] == operation)


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    env = server_env(url, args.env)
    database.initialize(open_database(url))
    refresh_statistics(url)
    with database.connection_context():
        deep_url, deep_index, deep_first = deep_page(env["SECRET_KEY"])
        busy = activity.busy_consumer()
        busy_rows = sql("SELECT COUNT(*) FROM audit_event WHERE on_behalf_of_id = %s",
                        (busy,))[0][0]
        audit_rows = sql("SELECT COUNT(*) FROM audit_event")[0][0]
    print(f"Database: {url}  backend: {backend}  PORTAL_ENV={args.env}  CPUs: {os.cpu_count()}")
    print(
        f"gunicorn {args.workers} sync workers, wrk -t2 -c{args.connections}, {args.rounds} "
        f"rounds of {args.seconds} s per URL in turns after {args.warmup} s warm-up; medians."
    )
    with gunicorn("wsgi:app", PORTAL_PORT, args.workers, env):
        client = Client(PORTAL_PORT)
        landing = sign_in(client, activity.STAFF_USERNAME, activity.STAFF_PASSWORD,
                          activity.STAFF_EMAIL)
        print(f"  (signed in as {activity.STAFF_USERNAME} through /sign-in and MFA by email, "
              f"landed on {landing})")
        html = expect(client.get(deep_url), (200,), deep_url)[2]
        shown = [int(found) for found in ROW.findall(html)]
        if f"Page {deep_index + 1:,}" not in html or not shown or shown[0] != deep_first:
            raise SystemExit(f"{deep_url} is not page {deep_index + 1:,} (first row {deep_first})")
        started = time.perf_counter()
        expect(client.get(f"{CONSUMERS}?page={deep_index}"), (200,), "page by number")
        by_number = (time.perf_counter() - started) * 1000
        key = filter_key(expect(client.get(AUDIT), (200,), AUDIT)[2], "Consumer id", "equals")
        # Each URL with its target: page 1's p99, or the others' p99 over page 1's.
        urls = {
            "page 1": (CONSUMERS, ("p99", TARGET_P99_MS)),
            f"page {deep_index + 1:,} by Next": (deep_url, ("ratio", 1.2)),
            f"search {args.q}": (f"{CONSUMERS}?{urlencode({'search': args.q})}", None),
            "audit log by consumer": (f"{AUDIT}?flt0_{key}={busy}", ("ratio", 1.5)),
        }
        print(f"  page {deep_index + 1:,}: {deep_url[:90]}…; by number (OFFSET) it took "
              f"{by_number:,.0f} ms once")
        print(f"  audit log: {audit_rows:,} rows; consumer {busy} has {busy_rows}")
        cookie = f"portal_session={client.session_cookie}"
        for path, _target in urls.values():
            expect(client.get(path), (200,), path)
            if args.warmup:
                loadgen.wrk(PORTAL_PORT, path, cookie, args.warmup, args.connections)
        rounds = {label: [] for label in urls}
        for _ in range(args.rounds):
            for label, (path, _target) in urls.items():
                rounds[label].append(
                    loadgen.wrk(PORTAL_PORT, path, cookie, args.seconds, args.connections)
                )
        alone = one_at_a_time(client, urls, args.sequential)
    statements = statement_times(env, urls, args.sequential)
    results = summarise(urls, rounds, alone, statements)
    OUT.mkdir(exist_ok=True)
    out = OUT / f"admin-{backend}.json"
    out.write_text(json.dumps({
        "database": url, "env": args.env, "connections": args.connections,
        "seconds": args.seconds, "rounds": args.rounds, "page_by_number_ms": by_number,
        "audit_rows": audit_rows, "results": results,
    }, indent=2))
    print(f"Saved {out}")


def one_at_a_time(client, urls, count):
    """Each URL's response times one request at a time, the URLs in turns: the server's own
    work without the queueing of concurrent users; the minimum is what other processes on
    the machine leave least disturbed."""
    times = {label: [] for label in urls}
    for _ in range(count):
        for label, (path, _target) in urls.items():
            started = time.perf_counter()
            client.get(path)
            times[label].append((time.perf_counter() - started) * 1000)
    return times


def statement_times(env, urls, count):
    """Each page's own statement (the rows of the list: the one with a LIMIT of a page), taken
    from a request to the portal in this process (the Flask test client, the server's
    SECRET_KEY so the token holds) and run `count` times on its own: its minimum and median
    ms. Page 40,000's cost the same as page 1's if no row before it is read."""
    os.environ.update(
        PORTAL_ENV="development", SECRET_KEY=env["SECRET_KEY"], DATABASE_URL=env["DATABASE_URL"]
    )
    from portal.app import create_app

    client = TestClient(create_app().test_client())
    sign_in(client, activity.STAFF_USERNAME, activity.STAFF_PASSWORD, activity.STAFF_EMAIL)
    logger, capture = logging.getLogger("peewee"), Capture()
    logger.addHandler(capture)
    times = {}
    for label, (path, _target) in urls.items():
        capture.statements.clear()
        logger.setLevel(logging.DEBUG)
        client.get(path)
        logger.setLevel(logging.WARNING)
        page_sql, params = next(
            (text, params) for text, params in capture.statements
            if " LIMIT " in text and PAGE_SIZE in list(params)[-2:]
        )
        samples = []
        with database.connection_context():
            for _ in range(count):
                started = time.perf_counter()
                database.execute_sql(page_sql, params).fetchall()
                samples.append((time.perf_counter() - started) * 1000)
        times[label] = samples
    return times


def summarise(urls, rounds, alone, statements):
    results = []
    first = None
    print(f"{'URL':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'/ page 1':>9} {'errors':>6}"
          f" {'load':>5} {'alone p50':>9} {'min':>6} {'SQL p50':>7} {'min':>6}  target")
    for label, (path, target) in urls.items():
        r = {key: median(x[key] for x in rounds[label]) for key in ("rps", "p50_ms", "p99_ms")}
        first = first or r
        r.update(label=label, path=path, rounds=rounds[label], load=os.getloadavg()[0],
                 errors=sum(x["errors"] for x in rounds[label]),
                 ratio=r["p99_ms"] / first["p99_ms"],
                 alone_p50_ms=median(alone[label]), alone_min_ms=min(alone[label]),
                 sql_p50_ms=median(statements[label]), sql_min_ms=min(statements[label]))
        r["verdict"] = verdict(r, target)
        results.append(r)
        print(f"{label:<28} {r['rps']:8.1f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
              f"{r['ratio']:8.2f}x {r['errors']:6d} {r['load']:5.1f} "
              f"{r['alone_p50_ms']:9.2f} {r['alone_min_ms']:6.2f} {r['sql_p50_ms']:7.2f} "
              f"{r['sql_min_ms']:6.2f}  {r['verdict']}")
    return results


def verdict(r, target):
    if target is None:
        return "(no target)"
    kind, limit = target
    if kind == "p99":
        return "met" if r["p99_ms"] < limit else f"MISSED: p99 ≥ {limit:.0f} ms"
    return "met" if r["ratio"] <= limit else f"MISSED: > {limit}x page 1"


if __name__ == "__main__":
    main()
