"""Load through nginx (issue 29): one app host against two in the same run, with where the CPU
went, and the figures per core a capacity plan reads.

    .venv/bin/python -m bench.cluster [--seconds 10]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python -m bench.cluster

The portal runs as production runs it (portal/deploy/cluster.py): nginx on https://127.0.0.1:9443
over app hosts on ports 9001 and 9002 of 2 gunicorn workers each (`--workers`), on PostgreSQL
at DATABASE_URL as the tables' owner (default: the database bench_cluster, given the 10k data
set when it has none), Redis database 11. First ONE host behind nginx, then TWO, each measured
the same way, for `--seconds` each:

- the dashboard's first page of the 5,000-client assister, signed in through the real screens:
  wrk -t2 -c16 over HTTPS, after a warm-up;
- the application's contact step saved (Next) again and again by 16 consumers, each signed in
  from a loopback address of their own (bench/wizard.py): bench_editor01 … 16, consumers with
  accounts made in the data set once (the generated consumers have none);
- sign-ins: the password POST (argon2) of the benchmark assister by 16 users at a time, each
  sign-in from a loopback address of its own (the portal allows 10 a minute from one address
  by default, SIGN_IN_RATE_LIMIT, kept here as production has it), its form fetched before the
  run.

Around each measured run the CPU seconds of each group of processes are read from /proc
(bench/cpu.py). Prints the tables and writes bench/out/cluster.json.
"""

import argparse
import json
import os
import queue
import subprocess  # noqa: S404 - the data set is made by bench.generate, as `make bench` does
import sys
from datetime import date, datetime

import redis

from bench import cpu, loadgen, wizard
from bench.client import Client, expect, sign_in
from bench.dbload import bench_ready
from bench.generate import BENCH_CLIENTS, BENCH_EMAIL, BENCH_PASSWORD, BENCH_USERNAME, OUT
from bench.load import ROOT, refresh_statistics
from db import database
from db.accounts import User
from portal.actors import SYSTEM
from portal.app import create_app
from portal.deploy.cluster import Cluster
from portal.services import accounts, consumers

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/bench_cluster"
REDIS_URL = "redis://127.0.0.1:6379/11"
RUN_DIR = OUT / "cluster"
NGINX_PORT = 9443
HOST_PORTS = (9001, 9002)
WORKERS = 2
# A role of the benchmark's own: Cluster sets its password, which must not be another cluster's.
APP_ROLE = "bench_app"
# wrk's connections and the wizard's and the sign-ins' users alike.
USERS = wizard.USERS
DASHBOARD = "/assister/"
EDITORS = [f"bench_editor{number:02d}" for number in range(1, USERS + 1)]
# Sign-in forms fetched before the sign-in run, per second of it: more than the 2-core machine
# can take (argon2 alone allows about 87 a second on both cores: bench.signins).
SIGN_IN_FORMS_PER_SECOND = 100
# Which processes are whose (bench/cpu.py). PostgreSQL: the postmaster's processes serving
# this database, and its background processes (the WAL writer, the checkpointer …).
SERVING_THIS_DATABASE = (
    "SELECT pid FROM pg_stat_activity "
    "WHERE datname = current_database() OR backend_type <> 'client backend'"
)
WORKLOADS = ("dashboard", "wizard save", "sign-in")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="of each measured run")
    parser.add_argument("--warmup", type=int, default=3, help="unreported dashboard seconds")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers per host")
    return parser.parse_args()


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    make_data_set(url)
    make_editors(url)
    report = {
        "database": url,
        "cores": os.cpu_count(),
        "seconds": args.seconds,
        "connections": USERS,
        "workers_per_host": args.workers,
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "load_average_at_start": os.getloadavg(),
        "hosts": {},
    }
    print(
        f"Database: {url}  nginx https://127.0.0.1:{NGINX_PORT}, hosts of {args.workers} workers, "
        f"{USERS} users, {args.seconds} s per run; cores: {os.cpu_count()}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    for hosts in (HOST_PORTS[:1], HOST_PORTS):
        cluster = Cluster(
            RUN_DIR, url, REDIS_URL,
            port=NGINX_PORT, host_ports=hosts, workers=args.workers, app_role=APP_ROLE,
        )
        cluster.prepare()
        refresh_statistics(url)
        with cluster:
            results = measure(cluster, args)
        report["hosts"][len(hosts)] = results
        print_hosts(len(hosts), results)
    report["two_over_one"] = {
        workload: {
            key: report["hosts"][2][workload][key] / report["hosts"][1][workload][key]
            for key in ("rps", "p50_ms", "p99_ms")
        }
        for workload in WORKLOADS
    }
    print_ratios(report["two_over_one"])
    OUT.mkdir(exist_ok=True)
    (OUT / "cluster.json").write_text(json.dumps(report, indent=2))
    print(f"Saved {OUT / 'cluster.json'}")


def make_data_set(url):
    """The benchmark assister's data set: the 10k one, made when the database has none."""
    if bench_ready(url, BENCH_CLIENTS):
        return
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.generate",
         "--consumers", "10000", "--assisters", "100", "--agencies", "10"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}, check=True,
    )


def make_editors(url):
    """The wizard's consumers, with accounts (the generated ones have none), made once through
    the services as a staff member's would be; binds `database` to `url`."""
    app = create_app({"DATABASE_URL": url}, environ={"PORTAL_ENV": "development"})
    with app.app_context(), database.connection_context():
        for number, username in enumerate(EDITORS, start=1):
            if User.select().where(User.username == username).exists():
                continue
            email = f"{username}@bench.example"
            user = accounts.create_user(
                SYSTEM, username, email, f"Bench Editor {number}", "consumer", BENCH_PASSWORD
            )
            consumers.create_consumer(
                SYSTEM,
                {
                    "user": user, "first_name": "Bench", "last_name": f"Editor {number}",
                    "email": email, "phone": f"651-555-{number:04d}",
                    "date_of_birth": date(1984, 3, number),
                },
            )


def measure(cluster, args):
    """The three workloads through `cluster`'s nginx, each with its CPU split and per-core
    figures."""
    groups = process_groups(cluster)
    app_hosts = [group.name for group in groups if group.name.startswith("host")]
    results = {}
    for workload, prepare in zip(WORKLOADS, (dashboard, wizard_saves, sign_ins), strict=True):
        run = prepare(cluster, args)
        with cpu.Window(groups) as window:
            result = run()
        result.update(
            cpu_seconds=window.seconds(),
            wall_seconds=window.wall,
            load_average=os.getloadavg()[0],
        )
        result["per_core"] = per_core(result, app_hosts)
        results[workload] = result
    return results


def dashboard(cluster, args):
    """The benchmark assister signed in through the real screens; wrk warmed up on the
    dashboard; the measured run, to call."""
    client = Client(cluster.port, certificate=cluster.certificate)
    landing = sign_in(client, BENCH_USERNAME, BENCH_PASSWORD, BENCH_EMAIL)
    if not (landing or "").endswith(DASHBOARD):
        raise SystemExit(f"Sign-in ended on {landing}, not the dashboard.")
    expect(client.get(DASHBOARD), (200,), "the dashboard")
    cookie = f"{client.cookie_name}={client.session_cookie}"

    def run(seconds):
        return loadgen.wrk(cluster.port, DASHBOARD, cookie, seconds, USERS, scheme="https")

    run(args.warmup)
    return lambda: run(args.seconds)


def wizard_saves(cluster, args):
    """The editors signed in, on their contact step, warmed up; the measured run, to call."""
    editors = wizard.ready_editors(
        lambda number: Client(
            cluster.port, source_address=wizard.loopback(number), certificate=cluster.certificate
        ),
        EDITORS,
        BENCH_PASSWORD,
    )
    return lambda: wizard.post_steps(editors, args.seconds)


def sign_ins(cluster, args):
    """Sign-in forms fetched, each by a client of its own; the measured run, to call: 16 users
    post them, one password POST each, until the time is up."""
    forms = queue.SimpleQueue()
    for index in range(SIGN_IN_FORMS_PER_SECOND * args.seconds):
        # 127.<hosts>.x.y: no address signs in twice in a run, and none is a wizard user's.
        address = f"127.{len(cluster.host_ports)}.{index // 250}.{index % 250 + 1}"
        client = Client(cluster.port, source_address=(address, 0), certificate=cluster.certificate)
        forms.put((client, client.csrf_token("/sign-in")))
        # Idle, its connection would hold one of nginx's until the run.
        client.close()

    def password_post():
        try:
            client, token = forms.get_nowait()
        except queue.Empty:
            return None
        form = {"username": BENCH_USERNAME, "password": BENCH_PASSWORD, "csrf_token": token}
        status, _, _ = client.request("POST", "/sign-in", form)
        client.close()
        # Accepted: on to MFA. A refused password answers 422, the rate limit 429.
        return status == 302

    return lambda: loadgen.concurrently([password_post] * USERS, args.seconds)


def process_groups(cluster):
    """nginx, each app host, PostgreSQL, Redis and this process (with wrk) as process groups."""
    with database.connection_context():
        own_backend = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    postmaster = cpu.process_table()[own_backend].parent
    redis_pid = redis.Redis.from_url(REDIS_URL).info("server")["process_id"]

    def postgresql(table):
        with database.connection_context():
            serving = {pid for (pid,) in database.execute_sql(SERVING_THIS_DATABASE)}
        return {pid for pid in serving if pid in table and table[pid].parent == postmaster}

    def tree_of(pid):
        return lambda table: cpu.tree(table, pid)

    return [
        cpu.Group("nginx", tree_of(cluster.nginx.pid)),
        *(
            cpu.Group(f"host {'AB'[index]} ({port})", tree_of(cluster.hosts[port].pid))
            for index, port in enumerate(cluster.host_ports)
        ),
        # A backend that ends in the window loses its time since the window began: the
        # hosts' connections are pooled, and the postmaster reaps every database's backends.
        cpu.Group("PostgreSQL", postgresql, owns_children=False),
        cpu.Group("Redis", lambda table: {redis_pid} & table.keys(), owns_children=False),
        # This process's threads (the wizard's and the sign-ins' users) and wrk, once reaped.
        cpu.Group("load generator", lambda _table: {os.getpid()}),
    ]


def per_core(result, app_hosts):
    """What one core of each part does: requests a second per core of app-host CPU (req/s ÷
    the app hosts' CPU-seconds per second), and the CPU milliseconds per request of PostgreSQL
    and nginx."""
    split, wall = result["cpu_seconds"], result["wall_seconds"]
    requests = result["rps"] * wall
    app_seconds = sum(split[name] for name in app_hosts)
    return {
        "app_host_cores": app_seconds / wall,
        "rps_per_app_core": result["rps"] / (app_seconds / wall),
        "app_host_cpu_ms_per_request": 1000 * app_seconds / requests,
        "postgresql_cpu_ms_per_request": 1000 * split["PostgreSQL"] / requests,
        "nginx_cpu_ms_per_request": 1000 * split["nginx"] / requests,
        "redis_cpu_ms_per_request": 1000 * split["Redis"] / requests,
    }


def print_hosts(hosts, results):
    print(f"\n{hosts} host{'s' if hosts > 1 else ''} behind nginx")
    print(
        f"{'':14}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'req/s/app core':>16}"
        f"{'app ms/req':>12}{'PG ms/req':>11}{'nginx ms/req':>14}{'load':>6}"
    )
    for workload, r in results.items():
        core = r["per_core"]
        print(
            f"{workload:<14}{r['rps']:9.1f}{r['p50_ms']:9.2f}{r['p99_ms']:9.2f}{r['errors']:8d}"
            f"{core['rps_per_app_core']:16.1f}{core['app_host_cpu_ms_per_request']:12.2f}"
            f"{core['postgresql_cpu_ms_per_request']:11.2f}"
            f"{core['nginx_cpu_ms_per_request']:14.2f}{r['load_average']:6.2f}"
        )
    groups = list(next(iter(results.values()))["cpu_seconds"])
    print("CPU-seconds per second of the run (cores) by process group:")
    print(f"{'':14}" + "".join(f"{group[:16]:>18}" for group in groups))
    for workload, r in results.items():
        print(
            f"{workload:<14}"
            + "".join(f"{r['cpu_seconds'][group] / r['wall_seconds']:18.2f}" for group in groups)
        )


def print_ratios(ratios):
    print("\nTwo hosts over one (target 1.7× the req/s at the same p99, on enough cores):")
    for workload, ratio in ratios.items():
        print(
            f"{workload:<14} req/s {ratio['rps']:.2f}×   p50 {ratio['p50_ms']:.2f}×   "
            f"p99 {ratio['p99_ms']:.2f}×"
        )


if __name__ == "__main__":
    main()
