"""The portal as production runs it (S1, S11): app hosts (gunicorn, production settings) behind
nginx, on one PostgreSQL database and one Redis. `make prod-demo` serves the demo this way, the
two-host test proves no state lives in a host, and `make bench` measures one host against two.

Every step is the README's production steps, run as commands: the owner migrates and makes the
portal's least-privilege role, the hosts connect as that role, `flask digest compile` gives the
static files hashed names, and nginx serves them and passes the rest to the hosts round-robin.
"""

import http.client
import os
import secrets
import shutil
import signal
import ssl
import subprocess  # noqa: S404 - the cluster is processes: gunicorn, nginx, flask commands
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

ROOT = Path(__file__).resolve().parents[2]
NGINX = "/usr/sbin/nginx"
OPENSSL = "/usr/bin/openssl"
# The largest request the portal takes (portal/config.py's MAX_CONTENT_LENGTH), for nginx.
MAX_BODY_BYTES = 25 * 1024 * 1024 + 64 * 1024


class ClusterError(RuntimeError):
    pass


def require_nginx():
    """Debian's nginx (and openssl, for the demo's certificate), installed with apt when
    missing, as `make test` installs chromium."""
    needed = (("nginx", NGINX), ("openssl", OPENSSL))
    missing = [package for package, program in needed if not shutil.which(program)]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    environ = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
        done = subprocess.run([*sudo, *command], env=environ, capture_output=True, text=True)  # noqa: S603
        if done.returncode:
            raise ClusterError(f"Could not install {', '.join(missing)}: {done.stderr.strip()}")


class Cluster:
    """nginx on 127.0.0.1:`port` (HTTPS) over one gunicorn host per port in `host_ports`, each
    with `workers` processes, on the PostgreSQL database at `owner_url` (the tables' owner, who
    migrates) and Redis at `redis_url`. Logs, pid files, the certificate and the secrets live in
    `run_dir`; `settings` are more environment variables for the hosts."""

    def __init__(
        self,
        run_dir,
        owner_url,
        redis_url,
        *,
        port=8443,
        host_ports=(8001, 8002),
        workers=2,
        app_role="portal_app",
        settings=None,
    ):
        self.run_dir = Path(run_dir).resolve()
        self.owner_url = owner_url
        self.redis_url = redis_url
        self.port = port
        self.host_ports = tuple(host_ports)
        self.workers = workers
        self.app_role = app_role
        self.settings = dict(settings or {})
        self.url = f"https://127.0.0.1:{port}"
        self.certificate = self.run_dir / "tls" / "portal.crt"
        self.hosts = {}
        self.nginx = None

    # -- set-up: the README's production steps ------------------------------------------------

    def prepare(self, seed_demo=False):
        """Migrate as the owner, create or update the app role, tag static files, write nginx's
        configuration, and (for the demo) load the demo data as the app role."""
        require_nginx()
        (self.run_dir / "temp").mkdir(parents=True, exist_ok=True)
        self._make_certificate()
        self.flask("db", "upgrade", database_url=self.owner_url)
        self.flask(
            "db", "create-app-role", self.app_role,
            database_url=self.owner_url, APP_ROLE_PASSWORD=self._kept_secret("app_role_password"),
        )
        self.flask("digest", "compile")
        if seed_demo:
            self.flask("seed-demo")
        self._write_nginx_conf()

    def flask(self, *arguments, database_url=None, **environ):
        """Run `flask --app wsgi ARGUMENTS` with production settings; its output on failure."""
        done = subprocess.run(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "flask", "--app", "wsgi", *arguments],
            cwd=ROOT,
            env={**self.environ(), **environ, "DATABASE_URL": database_url or self.app_url},
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise ClusterError(f"flask {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def environ(self):
        """The hosts' environment: production, one SECRET_KEY for all, the app role's database,
        one Redis, one documents directory, and nginx as the one trusted proxy."""
        return {
            **os.environ,
            **self.settings,
            "PORTAL_ENV": "production",
            "SECRET_KEY": self._kept_secret("secret_key"),
            "DATABASE_URL": self.app_url,
            "REDIS_URL": self.redis_url,
            "TRUSTED_PROXIES": "1",
            "PUBLIC_URL": self.url,
            "DOCUMENTS_DIR": str(self.run_dir / "documents"),
            "PYTHONPATH": str(ROOT),
        }

    @property
    def app_url(self):
        """The owner's database URL with the app role and its password instead."""
        parts = urlsplit(self.owner_url)
        address = parts.netloc.rpartition("@")[2]
        netloc = f"{self.app_role}:{self._kept_secret('app_role_password')}@{address}"
        return urlunsplit(parts._replace(netloc=netloc))

    def _kept_secret(self, name):
        # Made once and kept (readable by this user only): restarting the cluster keeps everyone
        # signed in and the role's password unchanged.
        path = self.run_dir / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_hex(32))
        return path.read_text().strip()

    def _make_certificate(self):
        # A self-signed certificate for 127.0.0.1: production's cookies are Secure, so the
        # portal is only usable over HTTPS. A real deployment uses its own certificate.
        if self.certificate.exists():
            return
        self.certificate.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603
            [
                OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", str(self.certificate.with_suffix(".key")),
                "-out", str(self.certificate),
            ],
            check=True,
            capture_output=True,
        )

    def _write_nginx_conf(self):
        # nginx's configuration, not HTML: nothing to escape.
        templates = Environment(  # noqa: S701
            loader=FileSystemLoader(Path(__file__).parent),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        conf = templates.get_template("nginx.conf.j2").render(
            worker_processes=1,
            run_dir=self.run_dir,
            max_body_bytes=MAX_BODY_BYTES,
            host_ports=self.host_ports,
            address="127.0.0.1",
            port=self.port,
            certificate=self.certificate,
            certificate_key=self.certificate.with_suffix(".key"),
            static_dir=ROOT / "static",
        )
        (self.run_dir / "nginx.conf").write_text(conf)

    # -- running -----------------------------------------------------------------------------

    def start(self):
        """Start the hosts, then nginx; if one fails, what started is stopped again."""
        try:
            for port in self.host_ports:
                self.start_host(port)
            self._nginx("-t")
            self.nginx = subprocess.Popen(self._nginx_command("-g", "daemon off;"))  # noqa: S603
            self._wait(lambda: self.get("/", port=self.port, tls=True), what="nginx")
        except BaseException:
            self.stop()
            raise

    def stop(self):
        if self.nginx is not None:
            # SIGQUIT: nginx finishes the requests it has begun, then stops.
            self.nginx.send_signal(signal.SIGQUIT)
            self.nginx.wait(timeout=30)
            self.nginx = None
        for port in list(self.hosts):
            self.stop_host(port)

    def start_host(self, port):
        log = self.run_dir / f"host-{port}"
        self.hosts[port] = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            [
                sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
                "-w", str(self.workers), "-b", f"127.0.0.1:{port}",
                "--access-logfile", f"{log}-access.log", "--error-logfile", f"{log}-error.log",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=self.environ(),
        )
        self._wait(
            lambda: self.get("/", port=port),
            what=f"the host on port {port}",
            process=self.hosts[port],
        )

    def stop_host(self, port):
        """Stop one host as an operator would (SIGTERM: its workers finish their requests)."""
        process = self.hosts.pop(port)
        process.terminate()
        process.wait(timeout=60)

    def access_log(self, port):
        return self.run_dir / f"host-{port}-access.log"

    def get(self, path, *, port, tls=False):
        """GET `path` from a host or (tls) from nginx; the status."""
        if tls:
            context = ssl.create_default_context(cafile=str(self.certificate))
            connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path)
            return connection.getresponse().status
        finally:
            connection.close()

    def _nginx_command(self, *arguments):
        return [
            NGINX, "-p", str(self.run_dir), "-e", str(self.run_dir / "nginx-error.log"),
            "-c", str(self.run_dir / "nginx.conf"), *arguments,
        ]

    def _nginx(self, *arguments):
        done = subprocess.run(self._nginx_command(*arguments), capture_output=True, text=True)  # noqa: S603
        if done.returncode:
            raise ClusterError(f"nginx {' '.join(arguments)}: {done.stderr.strip()}")

    def _wait(self, probe, *, what, process=None, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise ClusterError(
                    f"{what} stopped at start (exit {process.returncode}): see {self.run_dir}"
                )
            try:
                if probe() == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise ClusterError(f"{what} did not answer within {seconds} s: see {self.run_dir}")

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *_exc):
        self.stop()
