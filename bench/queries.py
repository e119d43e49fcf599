"""Why a page costs what it costs: per-request SQL queries, in-process time, query plans.

    .venv/bin/python -m bench.queries [--explain] [--repeat 30]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python -m bench.queries

Runs the portal in-process (Flask test client, PORTAL_ENV=development so the session cookie
works over the test client's http), signs in as the benchmark assister through the real screens,
then for each benchmark URL (Find local help's too): the number of SQL statements of one
request, the mean and p50 in-process time of `--repeat` requests (no network, no queueing: the
service time a gunicorn worker spends), and with --explain the plan of each statement that
reads `association`.
"""

import argparse
import logging
import os
import statistics
import time

from bench.generate import BENCH_EMAIL, BENCH_PASSWORD, BENCH_USERNAME, DEFAULT_URL


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.statements = []

    def emit(self, record):
        if isinstance(record.msg, tuple):
            self.statements.append(record.msg)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=30)
    p.add_argument("--explain", action="store_true")
    p.add_argument("--q", default="joh")
    p.add_argument("--show-sql", action="store_true")
    p.add_argument("--profile", metavar="LABEL", help="cProfile --repeat requests of one page")
    args = p.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    os.environ.update(PORTAL_ENV="development", DATABASE_URL=url, SECRET_KEY="bench-" + "x" * 40)

    from bench.ceiling import app as ceiling_app
    from bench.client import TestClient, sign_in
    from bench.load import dashboard_urls, directory_urls, next_page, pick_client
    from db import database
    from portal.app import create_app

    consumer_id = pick_client(url)
    app = create_app()
    client = TestClient(app.test_client())
    sign_in(client, BENCH_USERNAME, BENCH_PASSWORD, BENCH_EMAIL)
    client.post_form(f"/assister/clients/{consumer_id}/assist", {})
    logger = logging.getLogger("peewee")
    capture = Capture()
    logger.addHandler(capture)

    ceiling = ceiling_app.test_client()
    print(f"{'page':<32} {'queries':>7} {'mean ms':>8} {'p50 ms':>7} {'min ms':>7}  status")
    print(f"{'ceiling (bare Flask)':<32} {0:7d} {timed(lambda: ceiling.get('/'), args.repeat)}")
    urls = dashboard_urls(args.q, consumer_id, next_page(client, 149)) + directory_urls()
    for label, path in urls:
        if args.profile:
            if label == args.profile:
                _profile(lambda path=path: client.get(path), args.repeat)
            continue
        status = client.get(path)[0]
        capture.statements.clear()
        logger.setLevel(logging.DEBUG)
        client.get(path)
        logger.setLevel(logging.WARNING)
        statements = list(capture.statements)
        timing = timed(lambda path=path: client.get(path), args.repeat)
        print(f"{label:<32} {len(statements):7d} {timing}  {status}")
        if args.show_sql:
            for sql, params in statements:
                print(f"      {sql[:300]}  {list(params)[:6]}")
        if args.explain:
            for sql, params in statements:
                if "association" in sql and sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    _explain(database, sql, params)


def _profile(call, repeat):
    import cProfile
    import pstats

    call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(45)


def timed(call, repeat, clock=time.perf_counter):
    """Mean, median and fastest of `repeat` calls in ms, by `clock` (time.process_time: the CPU
    this process spent, the database's included when it is SQLite, in-process)."""
    samples = []
    for _ in range(repeat):
        start = clock()
        call()
        samples.append((clock() - start) * 1000)
    # The minimum is what a request costs when nothing else wants the cores (the machine is
    # shared); the median, what it cost in this run.
    mean, median = statistics.mean(samples), statistics.median(samples)
    return f"{mean:8.2f} {median:7.2f} {min(samples):7.2f}"


def _explain(database, sql, params):
    with database.connection_context():
        sqlite = "sqlite" in type(database.obj).__name__.lower()
        prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, BUFFERS) "
        rows = database.execute_sql(prefix + sql, params).fetchall()
    print(f"      SQL: {sql[:400]}")
    for row in rows:
        print(f"        {row[-1] if sqlite else row[0]}")


if __name__ == "__main__":
    main()
