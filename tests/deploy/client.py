"""A scripted person for the cluster: HTTPS through nginx from a loopback address of their own,
keeping cookies and the page they are on as a browser does.

Production's settings shape it: cookies are Secure (so HTTPS), a POST needs a same-origin https
Referer (WTF_CSRF_SSL_STRICT), and nginx's $remote_addr is the client (TRUSTED_PROXIES=1), so a
person's address is the source address of their connections: sign-in is rate limited per
address, and a session is tied to it (flask-login's strong session protection).
"""

import http.client
import ssl
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


@dataclass(frozen=True)
class Response:
    method: str
    path: str
    status: int
    headers: dict  # lower-case names
    text: str

    @property
    def request_id(self):
        """nginx's id for the request, returned by the host that served it."""
        return self.headers.get("x-request-id")

    @property
    def location(self):
        return self.headers.get("location")


class Client:
    """One person's requests to `base_url` (https://127.0.0.1:PORT) from `address`; each
    request on a connection of its own, as nginx balances requests, not connections."""

    def __init__(self, base_url, certificate, address):
        parts = urlsplit(base_url)
        self.base_url = base_url
        self.host, self.port = parts.hostname, parts.port
        self.context = ssl.create_default_context(cafile=str(certificate))
        self.address = address
        self.cookies = {}
        self.page_url = None
        self.responses = []

    def request(self, method, path, form=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if self.page_url:
            headers["Referer"] = self.page_url
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPSConnection(
            self.host, self.port, timeout=60, context=self.context,
            source_address=(self.address, 0),
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(
                method, path, answer.status,
                {name.lower(): value for name, value in answer.getheaders()},
                answer.read().decode("utf-8", "replace"),
            )
            self.keep_cookies(answer.headers.get_all("Set-Cookie") or [])
        finally:
            connection.close()
        # The page a person is on: the next request's Referer.
        if response.status == 200 and response.headers.get("content-type", "").startswith(
            "text/html"
        ):
            self.page_url = self.base_url + path
        self.responses.append(response)
        return response

    def keep_cookies(self, set_cookies):
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                # The session cookie is cleared with an expiry in the past and no value.
                if morsel.value and "1970" not in morsel["expires"]:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def get(self, path):
        return self.request("GET", path)

    def follow(self, response):
        """GET where a redirect points (a path on the same site)."""
        assert response.status in (302, 303), (response.status, response.text[:500])
        return self.get(urlsplit(response.location).path)

    def submit(self, path, answers, page=None):
        """Open `page` (default: `path`) and post its form to `path` as a browser does: the
        fields as the page drew them (the CSRF token, the version, hidden ids), then `answers`."""
        return self.post(path, {**form_fields(self.get(page or path).text), **answers})

    def post(self, path, fields):
        return self.request("POST", path, fields)


def form_fields(html):
    """The fields a browser would send from the page's main form, as the page drew them: inputs
    with their values (radios and checkboxes when checked) and each select's chosen option."""
    reader = FormReader()
    reader.feed(html)
    return reader.fields


class FormReader(HTMLParser):
    """Reads the first form inside <main> (the page's own, not the header's sign-out)."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self.in_main = self.in_form = self.done = False
        self.select = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self.in_main = True
        elif tag == "form" and self.in_main and not self.done:
            self.in_form = True
        elif not self.in_form:
            return
        elif tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in attributes:
                return
            if kind not in ("submit", "button"):
                self.fields[attributes["name"]] = attributes.get("value") or ""
        elif tag == "select":
            self.select = attributes.get("name")
        elif tag == "option" and self.select and "selected" in attributes:
            self.fields[self.select] = attributes.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True
