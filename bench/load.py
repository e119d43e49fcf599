"""Load test (S11): gunicorn with 2 sync workers on loopback, 16 concurrent users, bounded time.

    .venv/bin/python -m bench.load                      # the SQLite file bench.generate made
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python -m bench.load

Starts the portal (wsgi:app) and the ceiling app (bench/ceiling.py), signs in as the
5,000-client assister through the real screens (password, MFA by email with the code read from
outgoing_mail), confirms Assist Client for one client, then drives each URL with wrk
(`-t2 -c16 -d<seconds>s --latency`) and prints requests/s, p50, p99 and p99 / the ceiling's p99:
the dashboard's, then Find local help's searches as a visitor makes them (no sign-in).
Without wrk it falls back to a Python thread-pool load generator (and says so).

The ceiling and each URL are measured in turns, `--rounds` times each (ceiling, URL, ceiling,
URL, ...), and a URL's line gives the median of its rounds, its ratio the median p99 of the
URL to the median p99 of the ceiling's rounds beside it: on the shared VM one p99 moves by 30 %
and more from one run of a few seconds to the next, and the ceiling's own drifts over the
minutes of a run (the rounds of each are kept in the saved JSON).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from statistics import median

from bench import loadgen
from bench.client import Client, sign_in
from bench.generate import BENCH_EMAIL, BENCH_PASSWORD, BENCH_USERNAME, DEFAULT_URL, OUT
from db import database
from db.connection import open_database

ROOT = Path(__file__).resolve().parent.parent
PORTAL_PORT, CEILING_PORT = 8611, 8612
# Production refuses more than one worker without shared rate-limit counters (portal/config.py):
# the local Redis the test suite uses too, in a database of the benchmark's own.
REDIS_URL = "redis://127.0.0.1:6379/14"
TARGET_P99_MS, TARGET_RATIO = 30.0, 2.0
# wrk's users all come from one address: Find local help's limit per address would answer them
# 429. Lifted, not switched off, so each search still pays for its count in Redis.
DIRECTORY_RATE_LIMIT = "1000000 per minute"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=int, default=4, help="per round of a URL (and of the ceiling)")
    p.add_argument("--rounds", type=int, default=3, help="turns of ceiling and URL per URL")
    p.add_argument("--warmup", type=int, default=3, help="seconds of unreported load per URL")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--q", default="joh", help="the name search (a common last-name prefix)")
    p.add_argument("--env", default="production", choices=("production", "development"))
    p.add_argument("--python", action="store_true", help="use the Python load generator")
    p.add_argument("--only", help="comma-separated labels to run (plus the ceiling)")
    p.add_argument("--tag", default="", help="suffix of the saved results file")
    return p.parse_args()


@contextmanager
def gunicorn(app, port, workers, env):
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "-w",
        str(workers),
        "-k",
        "sync",
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        app,
    ]
    env = {"REDIS_URL": REDIS_URL, **env}
    proc = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - fixed command
    try:
        _wait_ready(port, proc)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _wait_ready(port, proc):
    client = Client(port)
    for _ in range(150):
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} exited with {proc.returncode}")
        try:
            client.get("/")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn on port {port} did not start")


def server_env(url, portal_env):
    """The environment of the portal under gunicorn: `portal_env` settings (production: a
    throwaway SECRET_KEY, which the caller may read back) on the database at `url`."""
    return {
        **os.environ,
        "PORTAL_ENV": portal_env,
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": url,
        "PUBLIC_URL": f"http://127.0.0.1:{PORTAL_PORT}",
        "PYTHONPATH": str(ROOT),
        "DIRECTORY_RATE_LIMIT": DIRECTORY_RATE_LIMIT,
    }


def pick_client(url):
    """An active client of the benchmark assister (the lowest consumer id)."""
    database.initialize(open_database(url))
    with database.connection_context():
        return database.execute_sql(
            "SELECT a.consumer_id FROM association a JOIN assister s ON s.id = a.assister_id "
            "JOIN user_account u ON u.id = s.user_id WHERE u.username = %s "
            "AND a.ended_at IS NULL ORDER BY a.consumer_id LIMIT 1".replace(
                "%s", "?" if url.startswith("sqlite") else "%s"
            ),
            (BENCH_USERNAME,),
        ).fetchone()[0]


def refresh_statistics(url):
    """ANALYZE on PostgreSQL: each run writes audit rows and sessions, and with autovacuum off
    (as on the development machine's server) the planner would keep the generated data set's
    statistics for them. A Client Details timeline planned for the 5 audit rows of that
    statistics, not the 9,000 of earlier runs, took 7.9 ms instead of 0.2 ms."""
    if url.startswith("sqlite"):
        return
    with database.connection_context():
        database.execute_sql("ANALYZE")


NEXT_LINK = re.compile(r'href="([^"]+)" hx-get="[^"]*" rel="next"')


def next_page(client, page):
    """The URL of page `page` + 1 as a user reaches it: the Next link of page `page` (it
    continues from that page's last row)."""
    _status, _headers, html = client.get(f"/assister/?page={page}")
    return unescape(NEXT_LINK.search(html).group(1))


def dashboard_urls(q, consumer_id, page_150_by_next):
    return [
        ("dashboard first page", "/assister/"),
        # Typed or jumped to: index entries skipped from the nearer end.
        ("deep page (150)", "/assister/?page=150"),
        # Reached with Next from page 149: a keyset page.
        ("deep page (150) by Next", page_150_by_next),
        ("sort name", "/assister/?sort=name"),
        ("sort -name", "/assister/?sort=-name"),
        ("sort requested", "/assister/?sort=requested"),
        ("sort -requested", "/assister/?sort=-requested"),
        ("sort status", "/assister/?sort=status"),
        ("sort -status", "/assister/?sort=-status"),
        (f"name search q={q}", f"/assister/?q={q}"),
        # Two words: each must begin a word of the name (the second a single letter, which
        # matches a fifth of the clients).
        (f"name search q={q} s", f"/assister/?q={q}+s"),
        ("status filter new", "/assister/?status=new"),
        # About 200 of the 5,000 have documents due: read from their own small index, sorted.
        ("queue filter verification", "/assister/?status=verification"),
        ("Client Details", f"/assister/clients/{consumer_id}"),
        # The cheapest signed-in page (session, user, assister, a small template): the floor
        # under any dashboard figure, for comparison; no target of its own.
        ("floor: Your profile", "/assister/profile"),
    ]


def directory_urls():
    """Find local help (S7) by ZIP code: Saint Paul, in the metro where most listings are, and
    Rochester, a city of its own."""
    return [
        ("Find local help 55101 25 mi", "/find-help?zip=55101&distance=25"),
        ("Find local help 55901 25 mi", "/find-help?zip=55901&distance=25"),
    ]


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    use_wrk = not args.python and shutil.which("wrk")
    tool = "wrk" if use_wrk else "python thread pool (wrk not installed)"
    env = server_env(url, args.env)
    consumer_id = pick_client(url)
    refresh_statistics(url)
    print(f"Database: {url}  backend: {backend}  PORTAL_ENV={args.env}  load: {tool}")
    print(
        f"gunicorn {args.workers} sync workers, {args.connections} concurrent connections, "
        f"{args.rounds} rounds of {args.seconds} s per URL and as many of the ceiling beside "
        f"them, after {args.warmup} s warm-up; medians shown; CPUs: {os.cpu_count()}"
    )
    if args.env == "production":
        print(
            "The session cookie is Secure in production; the benchmark client sends it itself "
            "over loopback http, so production settings are measured unchanged."
        )
    run = loadgen.wrk if use_wrk else loadgen.python_load
    results = []

    def answers(label, port, path, cookie=None):
        check = Client(port)
        if cookie:
            check.cookies["portal_session"] = cookie
        status, headers, body = check.get(path)
        if status != 200:
            print(
                f"  {label}: {path} answers HTTP {status} "
                f"(Location {headers.get('Location')}) — skipped"
            )
            results.append({"label": label, "path": path, "status": status})
            return None
        return len(body.encode())

    def drive(port, path, header, seconds):
        return run(port, path, header, seconds, args.connections)

    def measure(label, port, path, cookie=None):
        """Rounds of the ceiling and of `path` in turns; the medians, and the ratio of the
        median p99s (for the ceiling itself, its own rounds)."""
        size = answers(label, port, path, cookie)
        if size is None:
            return None
        header = f"portal_session={cookie}" if cookie else None
        paired = port != CEILING_PORT
        if args.warmup:
            drive(port, path, header, args.warmup)
            if paired:
                drive(CEILING_PORT, "/", None, args.warmup)
        rounds, ceiling_rounds = [], []
        for _ in range(args.rounds):
            if paired:
                ceiling_rounds.append(drive(CEILING_PORT, "/", None, args.seconds))
            rounds.append(drive(port, path, header, args.seconds))
        r = {key: median(x[key] for x in rounds) for key in ("rps", "p50_ms", "p99_ms")}
        r.update(
            label=label,
            path=path,
            status=200,
            bytes=size,
            errors=sum(x["errors"] for x in rounds + ceiling_rounds),
            # The 1-minute load average: above ~3 on 2 cores, something else was running too.
            load=os.getloadavg()[0],
            rounds=rounds,
            ceiling_rounds=ceiling_rounds,
        )
        r["ceiling_p99_ms"] = median(x["p99_ms"] for x in ceiling_rounds or rounds)
        r["ratio"] = r["p99_ms"] / r["ceiling_p99_ms"]
        return r

    print(_header())
    with (
        gunicorn("bench.ceiling:app", CEILING_PORT, args.workers, env),
        gunicorn("wsgi:app", PORTAL_PORT, args.workers, env),
    ):
        first = measure("ceiling (bare Flask, 25 rows)", CEILING_PORT, "/")
        if first is None:
            raise SystemExit("The ceiling app did not answer 200: no ratio can be measured.")
        results.append(first)
        print(_line(first), flush=True)
        client = Client(PORTAL_PORT)
        landing = sign_in(client, BENCH_USERNAME, BENCH_PASSWORD, BENCH_EMAIL)
        if landing and not landing.endswith("/assister/"):
            raise SystemExit(f"Sign-in ended on {landing}, not the dashboard.")
        try:
            status = client.post_form(f"/assister/clients/{consumer_id}/assist", {})[0]
        except RuntimeError as error:
            status = str(error)
        print(
            f"  (signed in as {BENCH_USERNAME} through /sign-in and MFA by email, landed on "
            f"{landing}; Assist Client → Confirm for consumer {consumer_id}: {status})"
        )
        only = set(args.only.split(",")) if args.only else None
        for label, path in dashboard_urls(args.q, consumer_id, next_page(client, 149)):
            if only and label not in only:
                continue
            r = measure(label, PORTAL_PORT, path, client.session_cookie)
            if r is not None:
                results.append(r)
                print(_line(r), flush=True)
        for label, path in directory_urls():
            if only and label not in only:
                continue
            r = measure(label, PORTAL_PORT, path)
            if r is not None:
                results.append(r)
                print(_line(r), flush=True)
    summary(results)
    OUT.mkdir(exist_ok=True)
    out = OUT / f"load-{backend}{'-' + args.tag if args.tag else ''}.json"
    out.write_text(
        json.dumps(
            {
                "database": url,
                "tool": tool,
                "env": args.env,
                "seconds": args.seconds,
                "rounds": args.rounds,
                "results": results,
            },
            indent=2,
        )
    )
    print(f"Saved {out}")


def _header():
    return (
        f"{'URL':<32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ceil p99':>9} {'p99/ceil':>9} "
        f"{'bytes':>7} {'errors':>6} {'load':>5}  target"
    )


def _line(r):
    verdict = _verdict(r) if _targets(r) else "(no S11 target)"
    return (
        f"{r['label']:<32} {r['rps']:8.1f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
        f"{r['ceiling_p99_ms']:9.2f} {r['ratio']:8.2f}x {r['bytes']:7d} {r['errors']:6d} "
        f"{r['load']:5.1f}  {verdict}"
    )


def _verdict(r):
    """Each of the two targets apart: the ratio can be met where this VM's ceiling alone is
    slower than the absolute one."""
    missed = [
        f"p99 ≥ {TARGET_P99_MS:.0f} ms" if r["p99_ms"] >= TARGET_P99_MS else "",
        f"ratio > {TARGET_RATIO:.0f}"
        if "ratio" in _targets(r) and r["ratio"] > TARGET_RATIO
        else "",
    ]
    missed = [what for what in missed if what]
    return f"MISSED: {', '.join(missed)}" if missed else "met"


def _targets(r):
    """S11's targets are the dashboard's, every sort, filter and page: p99 and the ratio; Find
    local help's (issue 25) is its p99."""
    path = r["path"]
    if path.startswith("/find-help"):
        return ("p99",)
    if path.startswith("/assister/") and not path.startswith(("/assister/c", "/assister/p")):
        return ("p99", "ratio")
    return ()


def summary(results):
    measured = [r for r in results[1:] if "p99_ms" in r and _targets(r)]
    slow = [r["label"] for r in measured if r["p99_ms"] >= TARGET_P99_MS]
    paired = [r for r in measured if "ratio" in _targets(r)]
    over = [r["label"] for r in paired if r["ratio"] > TARGET_RATIO]
    skipped = [r["label"] for r in results if "p99_ms" not in r]
    if not measured:
        print("Targets: no dashboard or Find local help URL measured")
    for target, missed, held_to in (
        (f"median p99 < {TARGET_P99_MS:.0f} ms", slow, measured),
        (
            f"median p99 ≤ {TARGET_RATIO:.0f}× the ceiling's median p99 in the rounds beside it",
            over,
            paired,
        ),
    ):
        if held_to:
            print(
                f"Target {target}: "
                + (f"missed for {', '.join(missed)}" if missed else f"met by all {len(held_to)}")
            )
    ceiling = [x["p99_ms"] for r in results if "rounds" in r for x in r["ceiling_rounds"]]
    ceiling += [x["p99_ms"] for x in results[0]["rounds"]]
    print(
        f"The ceiling alone: p99 {min(ceiling):.1f}–{max(ceiling):.1f} ms over its "
        f"{len(ceiling)} rounds."
    )
    print(
        "load = the machine's 1-minute load average after the URL's run: wrk and 2 workers make "
        "about 2-3 on their own; more means other processes shared the cores."
    )
    if skipped:
        print(f"Not measured (page not answering 200 yet): {', '.join(skipped)}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
