"""How long each staff report takes (S9, S11: each renders in under a second on the benchmark
data set): the report's queries alone, then the whole page through the app, as staff.

    .venv/bin/python -m bench.reports [--repeat 5] [--months 12]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python -m bench.reports

Runs in-process (Flask test client, PORTAL_ENV=development as bench.queries does) on the data
set in DATABASE_URL, whatever rows it holds. Signs in as the generator's staff account
(bench/activity.py, MFA by email) through the real screens, then for each report prints
the mean, median and fastest of `--repeat` runs of the service call (its tables, a list's first
page) and of the page (with its chart's data and tables), for the `--months` months to this
one; and the page's CPU time, which SQLite's work is part of (in-process) and which other
work on a shared machine does not inflate. Also the CSV of the Agent of Record list.
"""

import argparse
import os
import time

from bench import activity
from bench.generate import DEFAULT_URL
from bench.queries import timed


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--months", type=int, default=12)
    args = p.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    os.environ.update(PORTAL_ENV="development", DATABASE_URL=url, SECRET_KEY="bench-" + "x" * 40)

    from admin.reports import REPORTS
    from bench.client import TestClient, sign_in
    from db import database
    from portal.app import create_app
    from portal.services import reports, standing

    app = create_app()
    client = TestClient(app.test_client())
    sign_in(client, activity.STAFF_USERNAME, activity.STAFF_PASSWORD, activity.STAFF_EMAIL)

    today = standing.minnesota_today()
    last = today.replace(day=1)
    first = reports.add_months(last, 1 - args.months)
    query = f"from={first:%Y-%m}&to={last:%Y-%m}"
    filters = reports.Filters.parse({"from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"}, today)
    print(f"Database: {url.split('@')[-1]}; {args.months} months from {first:%Y-%m}; "
          f"{args.repeat} runs each")
    print(f"{'':<32} {'query (ms)':^24} {'page (ms)':^24} {'page CPU (ms)':^24}")
    print(f"{'report':<24} {'rows':>7}" + f" {'mean':>8} {'p50':>7} {'min':>7}" * 3 + "  status")
    for slug, report in REPORTS.items():

        def service(report=report):
            with app.app_context(), database.connection_context():
                return [table.page(1)[0] for table in report.tables(filters)]

        def page(slug=slug):
            return client.get(f"/admin/reports/{slug}/?{query}")

        rows = sum(len(found) for found in service())
        status = page()[0]
        print(f"{slug:<24} {rows:7d} {timed(service, args.repeat)} {timed(page, args.repeat)} "
              f"{timed(page, args.repeat, time.process_time)}  {status}")
    path = f"/admin/reports/agent-of-record/enrollments.csv?{query}"
    status, _, body = client.get(path)
    print(f"{'agent-of-record CSV':<24} {body.count(chr(10)) - 1:7d} {'':>24} "
          f"{timed(lambda: client.get(path), args.repeat)} "
          f"{timed(lambda: client.get(path), args.repeat, time.process_time)}  {status}")

if __name__ == "__main__":
    main()
