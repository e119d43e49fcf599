"""`make prod-demo`: the demo data served as production serves it, until Ctrl-C.

nginx on https://127.0.0.1:8443 (a self-signed certificate) over two app hosts of two gunicorn
workers each, on the local PostgreSQL (database `portal_demo`, made when missing) and Redis.
Production has no Dev mailbox: the portal's mail goes to an SMTP server in this process, which
writes each message to the run directory's mail.log (the one-time access codes are there).
"""

import argparse
import email
import email.policy
import signal
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from aiosmtpd.controller import Controller
from psycopg import sql

from portal.deploy.cluster import ROOT, Cluster


def main():
    arguments = parse_arguments()
    create_database(arguments.database)
    run_dir = Path(arguments.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    mail_log = MailLog(run_dir / "mail.log")
    mailbox = Controller(mail_log, hostname="127.0.0.1", port=arguments.mail_port)
    cluster = Cluster(
        run_dir,
        arguments.database,
        arguments.redis,
        port=arguments.port,
        host_ports=arguments.hosts,
        workers=arguments.workers,
        settings={"MAIL_URL": f"smtp://127.0.0.1:{arguments.mail_port}"},
    )
    mailbox.start()
    try:
        cluster.prepare(seed_demo=True)
        with cluster:
            print(
                f"\nThe portal: {cluster.url} (self-signed certificate: accept it once).\n"
                f"nginx over app hosts on ports {', '.join(map(str, arguments.hosts))}; "
                f"logs in {cluster.run_dir}.\n"
                f"One-time access codes and every other message: {mail_log.path}.\n"
                "Ctrl-C stops it."
            )
            stopping = threading.Event()
            for stop_signal in (signal.SIGINT, signal.SIGTERM):
                signal.signal(stop_signal, lambda *_: stopping.set())
            stopping.wait()
    finally:
        mailbox.stop()


def parse_arguments():
    parser = argparse.ArgumentParser(prog="python -m portal.deploy", description=__doc__)
    parser.add_argument("--port", type=int, default=8443, help="nginx's HTTPS port")
    parser.add_argument(
        "--hosts", type=lambda ports: tuple(map(int, ports.split(","))), default=(8001, 8002),
        help="the app hosts' ports, comma-separated",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per host")
    parser.add_argument(
        "--database", default="postgresql://postgres@127.0.0.1:5432/portal_demo",
        help="the database, as its owner (who migrates and creates the portal's role)",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/1")
    parser.add_argument("--mail-port", type=int, default=8025, help="the demo's SMTP server")
    parser.add_argument("--run-dir", default=str(ROOT / "instance" / "prod-demo"))
    return parser.parse_args()


def create_database(owner_url):
    """Create the URL's database when it is missing, from the server's `postgres` database."""
    parts = urlsplit(owner_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


class MailLog:
    """An SMTP server's handler that writes each message, decoded, to a file."""

    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        body = message.get_body(("plain",))
        with self.path.open("a") as log:
            log.write(
                f"To: {message['To']}\nSubject: {message['Subject']}\n\n"
                f"{body.get_content() if body else ''}\n{'-' * 72}\n"
            )
        return "250 Message accepted for delivery"


if __name__ == "__main__":
    main()
