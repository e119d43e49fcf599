"""Security headers on every response (S10): a CSP without inline script, no framing, nosniff."""

from urllib.parse import urlsplit

from portal.config import ConfigError

POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)


def tile_origin(tile_url):
    """The origin of Find local help's optional tile server (a Leaflet URL template such as
    `https://{s}.tiles.example.org/{z}/{x}/{y}.png`; `{s}`, the subdomain, becomes a wildcard)."""
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"DIRECTORY_TILE_URL must be an http(s) URL template, like "
            f"https://tiles.example.org/{{z}}/{{x}}/{{y}}.png (got {tile_url!r})."
        )
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def content_security_policy(tile_url=None):
    """The portal's CSP. The map's tiles are the only images from elsewhere, and only when a tile
    server is configured: without one the map draws shipped county outlines and needs none."""
    policy = list(POLICY)
    if tile_url:
        policy[policy.index("img-src 'self' data:")] += f" {tile_origin(tile_url)}"
    return "; ".join(policy)

HEADERS = {
    "Content-Security-Policy": content_security_policy(),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """An after-request hook adding HEADERS, with the CSP for the configured tile server."""

    def __init__(self, tile_url=None):
        self.headers = {**HEADERS, "Content-Security-Policy": content_security_policy(tile_url)}

    def __call__(self, response):
        # A header a view set itself stays. One look at the names already there: `setdefault`
        # finds a missing header by raising and catching a KeyError, eight times a page.
        present = {name.lower() for name in response.headers.keys()}
        response.headers.extend(
            (name, value) for name, value in self.headers.items() if name.lower() not in present
        )
        if response.mimetype == "text/html" and "cache-control" not in present:
            # Private data must not linger in shared caches or the browser's back-forward store.
            response.headers["Cache-Control"] = "no-store"
        return response


add_security_headers = SecurityHeaders()


def add_hsts(response):
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response
