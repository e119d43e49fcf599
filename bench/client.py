"""A tiny HTTP client for the benchmark: keeps the session cookie itself (so the production
`Secure` flag does not stop it on loopback http) and signs in through the real screens. Over
plain http to a host, or HTTPS to nginx with the cluster's certificate as its only CA."""

import http.client
import re
import ssl
from urllib.parse import urlencode

from db import database
from db.mail import OutgoingMail

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
CODE = re.compile(r"^\s+(\d{6})\s*$", re.MULTILINE)


class TestClient:
    """The same interface over a Flask test client (in-process: for counting queries)."""

    def __init__(self, flask_client):
        self.flask = flask_client

    def request(self, method, path, form=None, headers=None):
        response = self.flask.open(path, method=method, data=form, headers=headers)
        return response.status_code, dict(response.headers), response.get_data(as_text=True)

    def get(self, path):
        return self.request("GET", path)

    def csrf_token(self, page):
        return Client.csrf_token(self, page)

    def post_form(self, path, data, page=None):
        return Client.post_form(self, path, data, page)


class Client:
    def __init__(self, port, cookie_name="portal_session", source_address=None, certificate=None):
        self.port = port
        # Each simulated user may come from its own loopback address (sign-in is rate limited
        # per address, and flask-login's strong session protection ties a session to it).
        self.source_address = source_address
        self.cookie_name = cookie_name
        self.cookies = {}
        self.tls = ssl.create_default_context(cafile=str(certificate)) if certificate else None
        self.connection = None

    def connect(self):
        if self.tls is not None:
            return http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=30, source_address=self.source_address,
                context=self.tls,
            )
        return http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=self.source_address
        )

    def request(self, method, path, form=None, headers=None):
        headers = dict(headers or {})
        if self.tls is not None:
            # Over HTTPS flask-wtf takes a form only with a Referer of this site, as a browser
            # sends: the page the form is on (by default the one it posts to).
            headers.setdefault("Referer", f"https://127.0.0.1:{self.port}{path}")
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = self.send(method, path, body, headers)
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookie = rest.split(";", 1)[0]
                if cookie and "expires=Thu, 01 Jan 1970" not in value:
                    self.cookies[key] = cookie
                else:
                    self.cookies.pop(key, None)
        if response.will_close:
            self.close()
        return response.status, dict(response.getheaders()), data.decode("utf-8", "replace")

    def send(self, method, path, body, headers):
        """Send on the open connection, as a browser keeps one (nginx does; a gunicorn sync
        worker closes each); once more on a new one when the server had closed the open one
        while it sat idle, before reading the request."""
        reused = self.connection is not None
        try:
            return self.exchange(method, path, body, headers)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            if not reused:
                raise
        return self.exchange(method, path, body, headers)

    def exchange(self, method, path, body, headers):
        if self.connection is None:
            self.connection = self.connect()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            return self.connection.getresponse()
        except OSError:
            self.close()
            raise

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def get(self, path):
        return self.request("GET", path)

    def csrf_token(self, page):
        """The CSRF token of `page`'s form (and of this session)."""
        status, _, html = self.get(page)
        match = TOKEN.search(html)
        if not match:
            raise RuntimeError(f"No CSRF token on {page} (status {status}).")
        return match.group(1) or match.group(2)

    def post_form(self, path, data, page=None):
        """Post `data` with the CSRF token of `page` (default: the same URL)."""
        token = self.csrf_token(page or path)
        referer = {"Referer": f"https://127.0.0.1:{self.port}{page}"} if page else None
        return self.request("POST", path, {**data, "csrf_token": token}, referer)

    @property
    def session_cookie(self):
        return self.cookies.get(self.cookie_name)


def expect(result, statuses, what):
    status, headers, body = result
    if status not in statuses:
        raise SystemExit(
            f"{what}: HTTP {status} (expected {statuses}); Location={headers.get('Location')}\n"
            f"{body[:500]}"
        )
    return result


def sign_in(client, username, password, email):
    """Password, then MFA by an emailed code read from the outgoing_mail table."""
    expect(
        client.post_form("/sign-in", {"username": username, "password": password}),
        (302, 303),
        "POST /sign-in",
    )
    before = newest_code_id(email)
    expect(client.post_form("/sign-in/mfa", {"mode": "email"}), (302, 303), "POST /sign-in/mfa")
    code = newest_code(email, after=before)
    status, headers, _ = expect(
        client.post_form("/sign-in/mfa/code", {"code": code}), (302, 303), "POST /sign-in/mfa/code"
    )
    return headers.get("Location")


def newest_code_id(email):
    with database.connection_context():
        row = (
            OutgoingMail.select(OutgoingMail.id)
            .where(OutgoingMail.to_address == email)
            .order_by(OutgoingMail.id.desc())
            .first()
        )
    return row.id if row else 0


def newest_code(email, after):
    with database.connection_context():
        mail = (
            OutgoingMail.select()
            .where(
                OutgoingMail.to_address == email,
                OutgoingMail.subject == "One Time Password",
                OutgoingMail.id > after,
            )
            .order_by(OutgoingMail.id.desc())
            .first()
        )
    if mail is None:
        raise SystemExit(f"No One Time Password mail to {email} in outgoing_mail.")
    return CODE.search(mail.body).group(1)
