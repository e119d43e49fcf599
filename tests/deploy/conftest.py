"""The cluster the two-host test runs on, built once for the module: nginx over two app hosts of
two gunicorn workers, production settings, a database of its own on the test PostgreSQL server
with the demo data, Redis, and an SMTP server in this process for the one-time codes."""

import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import redis
from playwright.sync_api import sync_playwright
from psycopg import sql

from portal.deploy.cluster import NGINX, Cluster
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS
from tests.conftest import ON_POSTGRES, POSTGRES_SERVER_URL
from tests.deploy.traffic import Traffic
from tests.mail_server import free_port, running_mailbox

REDIS_URL = "redis://127.0.0.1:6379/12"
APP_ROLE = "portal_cluster_app"


@pytest.fixture(scope="module")
def mailbox():
    """The SMTP server the hosts send their mail to (MAIL_URL)."""
    with running_mailbox() as received:
        yield received


@pytest.fixture(scope="module")
def cluster(mailbox, tmp_path_factory):
    """Started, with the demo data; stopped at the end, its database and role dropped."""
    if not ON_POSTGRES:
        pytest.skip("the cluster runs on PostgreSQL: set TEST_DATABASE_URL")
    if not Path(NGINX).exists():
        pytest.skip(f"no nginx at {NGINX}: the two-host test needs Debian's nginx")
    # Nothing counted by an earlier run: the rate limit is counted from zero.
    redis.Redis.from_url(REDIS_URL).flushdb()
    name = f"portal_cluster_{uuid.uuid4().hex[:10]}"
    server = psycopg.connect(POSTGRES_SERVER_URL, autocommit=True)
    server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    running = Cluster(
        tmp_path_factory.mktemp("cluster"),
        urlunsplit(urlsplit(POSTGRES_SERVER_URL)._replace(path=f"/{name}")),
        REDIS_URL,
        port=free_port(),
        host_ports=(free_port(), free_port()),
        workers=2,
        app_role=APP_ROLE,
        settings={"MAIL_URL": mailbox.url},
    )
    try:
        running.prepare(seed_demo=True)
        with running:
            yield running
    finally:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)
        ))
        # A role belongs to the server: dropped once the one database it had rights on is gone.
        server.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(APP_ROLE)))
        server.close()


@pytest.fixture(scope="module")
def traffic(cluster):
    return Traffic(cluster)


@pytest.fixture(scope="module")
def browser(cluster):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def owner(cluster):
    """A connection to the cluster's database as its owner, for what a test checks is stored."""
    with psycopg.connect(cluster.owner_url, autocommit=True) as connection:
        yield connection
