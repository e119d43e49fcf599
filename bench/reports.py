"""How long each staff report takes (S9, S11: each renders in under a second on the benchmark
data set): the report's queries alone, then the whole page through the app, as staff.

    .venv/bin/python -m bench.reports [--repeat 5] [--months 12]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python -m bench.reports

Runs in-process (Flask test client, PORTAL_ENV=development as bench.queries does) on the data
set in DATABASE_URL, whatever rows it holds. Adds the staff account BENCH_STAFF (MFA by email,
registered) the first time, signs it in through the real screens, then for each report prints
the mean, median and fastest of `--repeat` runs (the fastest: what it costs when nothing
else wants the cores, on a shared machine): the service call (its tables, a list's first page) and
the page (with its chart's data and tables), for the `--months` months to this one. Also the
CSV of the Agent of Record list, every row.
"""

import argparse
import os

from bench.generate import DEFAULT_URL
from bench.queries import timed

BENCH_STAFF = "bench_staff"
BENCH_STAFF_PASSWORD = "bench staff passphrase 2026"
BENCH_STAFF_EMAIL = "bench.staff@bench.example"


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
    with app.app_context(), database.connection_context():
        staff_account()
    client = TestClient(app.test_client())
    sign_in(client, BENCH_STAFF, BENCH_STAFF_PASSWORD, BENCH_STAFF_EMAIL)

    today = standing.minnesota_today()
    last = today.replace(day=1)
    first = reports.add_months(last, 1 - args.months)
    query = f"from={first:%Y-%m}&to={last:%Y-%m}"
    filters = reports.Filters.parse({"from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"}, today)
    print(f"Database: {url.split('@')[-1]}; {args.months} months from {first:%Y-%m}; "
          f"{args.repeat} runs each")
    print(f"{'report':<24} {'rows':>7} {'query mean':>10} {'p50':>7} {'min':>7} "
          f"{'page mean':>9} {'p50':>7} {'min':>7}  status")
    for slug, report in REPORTS.items():

        def service(report=report):
            with app.app_context(), database.connection_context():
                return [table.page(1)[0] for table in report.tables(filters)]

        rows = sum(len(found) for found in service())
        queried = timed(service, args.repeat)
        status = client.get(f"/admin/reports/{slug}/?{query}")[0]
        paged = timed(lambda slug=slug: client.get(f"/admin/reports/{slug}/?{query}"),
                      args.repeat)
        print(f"{slug:<24} {rows:7d} {queried} {paged}  {status}")
    path = f"/admin/reports/agent-of-record/enrollments.csv?{query}"
    status, _, body = client.get(path)
    downloaded = timed(lambda: client.get(path), args.repeat)
    print(f"{'agent-of-record CSV':<24} {body.count(chr(10)) - 1:7d} {'':>26} {downloaded}"
          f"  {status}")


def staff_account():
    """BENCH_STAFF, made once, with MFA by email registered (as the generator's assisters)."""
    from db import utcnow
    from db.accounts import User
    from portal.actors import SYSTEM
    from portal.services import accounts

    if User.get_or_none(User.username == BENCH_STAFF) is None:
        user = accounts.create_user(SYSTEM, BENCH_STAFF, BENCH_STAFF_EMAIL, "Bench Staff",
                                    "staff", BENCH_STAFF_PASSWORD)
        User.update(mfa_mode="email", mfa_email=BENCH_STAFF_EMAIL,
                    mfa_registered_at=utcnow()).where(User.id == user.id).execute()


if __name__ == "__main__":
    main()
