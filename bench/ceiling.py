"""The ceiling (S11): a bare Flask app, no database, no session, rendering one page the size of
the Client Requests dashboard — the portal's layout with a 25-row client table.

Whatever the dashboard costs beyond this page is the portal's own work (session, sign-in check,
queries); the benchmark reports each dashboard p99 as a multiple of this endpoint's p99.

    .venv/bin/gunicorn -w 2 -b 127.0.0.1:8001 bench.ceiling:app
"""

import random
from datetime import datetime, timedelta

from flask import Flask, render_template

from bench.names import NameMaker

ROWS = 25

app = Flask(__name__, template_folder="templates", static_folder=None)


def _rows():
    rng = random.Random(25)
    names = NameMaker(25)
    firsts, lasts = names.first_names_for(ROWS), names.surnames_for(ROWS)
    start = datetime(2026, 11, 23, 9, 0)
    statuses = [("new", "New"), ("in_progress", "In Progress")]
    return [
        {
            "id": 100_000 + i * 37,
            "name": f"{lasts[i]}, {firsts[i]}",
            "requested": start - timedelta(hours=7 * i + rng.randint(0, 6)),
            "address": f"{rng.randint(1, 9999)} Main St, Minneapolis, MN 554{rng.randint(10, 99)}",
            "phone": f"612-555-{rng.randint(0, 9999):04d}",
            "status": statuses[rng.random() < 0.7],
            "application": rng.choice(["Not started", "In progress", "Submitted"]),
            "enrollment": rng.choice(["Not enrolled", "Enrolled", "—"]),
            "expires": (start + timedelta(days=rng.randint(5, 360))).date(),
        }
        for i in range(ROWS)
    ]


CLIENTS = _rows()


@app.get("/")
def table():
    return render_template(
        "ceiling.html",
        clients=CLIENTS,
        user_name="Bench Assister",
        csrf_token="c" * 91,
        total=5000,
        page=1,
        pages=200,
    )
