"""Every consumer-facing page has its Spanish (S13): a walk through them in Spanish, each marked
`lang="es"` with no English left (tests/spanish.py), and a check that the walk misses none.

Each area's walk is a test below that records the endpoints it opened in WALKED."""

from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from tests.spanish import assert_spanish, in_spanish

WALKED = set()


@pytest.fixture
def walk(app, client):
    """Open pages in Spanish, recording which endpoints the walk saw."""
    in_spanish(client)
    routes = app.url_map.bind("localhost")

    def open_page(url, allow=(), status=200, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code == status, (url, response.status_code)
        try:
            WALKED.add(routes.match(urlsplit(url).path, method="GET")[0])
        except HTTPException:
            pass
        return assert_spanish(response, allow)

    return open_page


def test_error_pages(walk):
    walk("/no-such-page", status=404)
