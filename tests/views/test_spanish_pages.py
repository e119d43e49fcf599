"""Every consumer-facing page has its Spanish (S13): a walk through them in Spanish, each marked
`lang="es"` with no English left (tests/spanish.py), and a check that the walk misses none.

Each area's walk is a test below that records the endpoints it opened in WALKED."""

import re
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from db.accounts import UserSession
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


def test_directory_pages(walk, client, factories):
    """Find local help in Spanish: the empty form, results (with their pages), no result, a ZIP
    code that can't be used (422, what was typed kept), an agency's page and a listing's. The
    languages listed are named in Spanish; the stored values stay English."""
    agency = factories.agency(name="Capitol Navigators", zip_code="55101", hours="9-5",
                              languages="English, Hmong")
    navigator = factories.assister("navigator", with_account=True, first_name="Nia",
                                   last_name="Vang", agency=agency,
                                   languages="English, Spanish, Somali", zip_code="55101")
    factories.assister("broker", with_account=True, first_name="Bo", last_name="Berg",
                       zip_code="55403", listing_shows_street=False)
    for n in range(21):
        factories.agency(name=f"Helpers {n:02}", kind="cac", zip_code="55101")
    # Counties are names, as are the listings' (a street is an address).
    names = ("Lake of the Woods", "Capitol Navigators", "Nia Vang", "Bo Berg")

    html = walk("/find-help", allow=names)
    assert "Escriba un código postal, o elija un condado" in html
    assert '<option value="Spanish">español</option>' in html
    assert "En un radio de 25 millas" in html

    html = walk("/find-help?zip=55401&type=navigator", allow=names)
    assert "2 resultados en un radio de 25 millas de 55401 (Minneapolis)" in html
    assert "Ordenados por distancia. Página 1 de 1." in html
    assert "inglés, español, somalí" in html and "inglés, hmong" in html
    assert re.search(r"<dd>\d+\.\d millas</dd>", html)
    assert "Organización de navegadores" in html and "Navegador</dd>" in html
    assert 'data-label-zoom-in="Acercar"' in html
    assert 'data-label-several="Aquí hay {count} resultados: {names}"' in html

    html = walk("/find-help?type=cac&sort=name&page=2", allow=names)
    assert "21 resultados" in html and "Página 2 de 2." in html
    assert '<span class="usa-sr-only">Página </span>Anterior' in html

    html = walk("/find-help?name=Nadie", allow=names)
    assert "No hay resultados" in html

    html = walk("/find-help?zip=90210&name=Bo", allow=names, status=422)
    assert "90210 no es un código postal de Minnesota." in html
    assert 'name="zip" type="text" value="90210"' in html
    assert 'name="name" type="text" value="Bo"' in html
    html = walk("/find-help?zip=abcde&distance=far&language=Klingon", allow=names, status=422)
    assert "Escriba un código postal de 5 dígitos" in html
    assert "Elija una distancia de 5, 10, 25 o 50 millas." in html
    assert "Elija un idioma de la lista." in html

    html = walk(f"/find-help/agencies/{agency.id}", allow=names)
    assert "Asistentes de Capitol Navigators" in html and "Horario" in html
    html = walk(f"/find-help/assisters/{navigator.id}", allow=names)
    assert "Navegador en Capitol Navigators" in html and "Solicitar este asistente" in html
    walk("/find-help/assisters/987654", status=404)


def test_a_spanish_directory_page_starts_no_session(app, factories):
    """The language link on a visitor's directory page keeps the choice in its own cookie and
    starts no session."""
    agency = factories.agency(zip_code="55101")
    visitor = app.test_client()
    response = visitor.get("/find-help?zip=55101&lang=es")
    assert response.status_code == 200
    assert '<html lang="es"' in response.get_data(as_text=True)
    cookies = response.headers.getlist("Set-Cookie")
    assert [cookie.split("=")[0] for cookie in cookies] == ["portal_language"]
    assert "X-CSRFToken" not in response.get_data(as_text=True)
    # The choice kept: the next pages are Spanish, and nothing more is set.
    for url in (f"/find-help/agencies/{agency.id}", "/find-help?county=Ramsey"):
        response = visitor.get(url)
        assert '<html lang="es"' in response.get_data(as_text=True)
        assert "Set-Cookie" not in response.headers
    assert UserSession.select().count() == 0
