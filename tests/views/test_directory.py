"""Find local help's pages (S7) through the test client: the search with and without htmx, its
URL, what it says about bad input, the agency and listing pages, Contact us, the limit per
address, and never a Reference Number in anything the directory answers."""

import json
import re
from html import unescape

import pytest

from db.accounts import UserSession
from db.audit import AuditEvent
from portal.app import create_app
from portal.config import ConfigError
from portal.services import reference_numbers
from tests.conftest import ENVIRON

HX = {"HX-Request": "true"}


@pytest.fixture
def listed(factories):
    """A navigator at an agency in Saint Paul, and an independent broker in Minneapolis."""
    agency = factories.agency(name="Capitol Navigators", zip_code="55101", hours="Mon-Fri 9-5",
                              languages="English, Hmong", website="https://capitol.example.org")
    navigator = factories.assister("navigator", with_account=True, first_name="Nia",
                                   last_name="Vang", agency=agency, languages="English, Hmong",
                                   zip_code="55101")
    broker = factories.assister("broker", with_account=True, first_name="Bo", last_name="Berg",
                                zip_code="55403", listing_shows_street=False)
    return {"agency": agency, "navigator": navigator, "broker": broker}


def text_of(response):
    return response.get_data(as_text=True)


def result_names(html):
    found = re.findall(r'class="directory-result[^"]*"[^>]*data-name="([^"]*)"', html)
    return [unescape(name) for name in found]


def test_the_empty_form_invites_a_search_and_the_footer_links_here(client):
    response = client.get("/find-help")
    html = text_of(response)
    assert response.status_code == 200
    assert "Enter a ZIP code, or choose a county" in html
    assert 'hx-target="#directory-results"' in html and 'hx-push-url="true"' in html
    assert result_names(html) == []
    assert 'href="/find-help"' in text_of(client.get("/")) and 'href="/contact"' in html


def test_a_search_lists_by_distance_with_the_map_beside_it(client, listed):
    html = text_of(client.get("/find-help?zip=55401&distance=25"))
    assert result_names(html) == ["Bo Berg", "Capitol Navigators", "Nia Vang"]
    assert "3 results within 25 miles of 55401 (Minneapolis)" in html
    assert 'id="directory-map"' in html
    assert 'data-center-lat="44.9835"' in html and 'data-radius-miles="25"' in html
    assert f'data-href="/find-help/assisters/{listed["navigator"].id}"' in html
    assert f'href="/find-help/agencies/{listed["agency"].id}"' in html
    # The broker lists only the city; the map's scripts come after the page's own.
    broker_entry = html.split('data-name="Bo Berg"', 1)[1].split("</li>", 1)[0]
    assert "Minneapolis, MN 55403" in broker_entry and "Lake St" not in broker_entry
    assert html.index("js/portal.js") < html.index("js/directory-map.js")
    assert "vendor/leaflet/leaflet.css" in html


def test_htmx_gets_the_results_and_the_form_out_of_band(client, listed):
    response = client.get("/find-help?zip=55401&sort=name", headers=HX)
    html = text_of(response)
    assert response.status_code == 200
    assert "<html" not in html and "<h1>" not in html
    assert result_names(html) == ["Bo Berg", "Capitol Navigators", "Nia Vang"]
    assert 'id="directory-search"' in html and 'hx-swap-oob="true"' in html
    assert "HX-Request" in response.headers["Vary"]
    # Back, once htmx's history cache is gone, asks for the whole page again.
    restore = client.get("/find-help?zip=55401",
                         headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in text_of(restore)


def test_pages_are_plain_links_holding_the_whole_search(client, factories):
    for n in range(21):
        factories.agency(name=f"Helpers {n:02d}", kind="cac", zip_code="55403")
    html = text_of(client.get("/find-help?zip=55401&type=cac&sort=name"))
    assert len(result_names(html)) == 20
    next_url = unescape(re.search(r'href="([^"]+)"[^>]*rel="next"', html).group(1))
    assert next_url == "/find-help?zip=55401&type=cac&sort=name&page=2"
    second = text_of(client.get(next_url))
    assert result_names(second) == ["Helpers 20"]
    assert "Page 2 of 2" in second and 'rel="prev"' in second


@pytest.mark.parametrize(("query", "messages"), [
    ("zip=90210&name=Bo", ["90210 is not a Minnesota ZIP code."]),
    ("zip=abcde&distance=far&page=x",
     ["Enter a 5-digit ZIP code", "Choose a distance of 5, 10, 25 or 50 miles.",
      "The page must be a whole number"]),
    ("name=" + "x" * 120, ["Keep the name to 100 characters or fewer."]),
])
def test_bad_input_is_named_on_the_form_and_what_was_typed_kept(client, listed, query, messages):
    response = client.get(f"/find-help?{query}")
    html = unescape(text_of(response))
    assert response.status_code == 422
    assert all(message in html for message in messages)
    typed = dict(part.split("=", 1) for part in query.split("&"))
    for name in ("zip", "name"):
        if name in typed:
            assert f'name="{name}" type="text" value="{typed[name]}"' in html
    assert result_names(html) == []
    # With htmx: swapped (a 2xx), the summary in the results and the form marking the fields.
    fragment = client.get(f"/find-help?{query}", headers=HX)
    assert fragment.status_code == 200
    fragment_html = unescape(text_of(fragment))
    assert "Please correct the following" in fragment_html
    assert 'hx-swap-oob="true"' in fragment_html and "usa-input--error" in fragment_html


@pytest.mark.parametrize("name", ["' OR '1'='1", "<script>alert(1)</script>", "%", "a\x00b"])
def test_sql_and_html_in_the_search_find_nothing_and_are_shown_as_text(client, listed, name):
    response = client.get("/find-help", query_string={"name": name})
    assert response.status_code == 200
    assert result_names(text_of(response)) == []
    assert "<script>alert(1)</script>" not in text_of(response)


def test_agency_page_shows_where_when_and_who(client, listed):
    html = unescape(text_of(client.get(f"/find-help/agencies/{listed['agency'].id}")))
    for shown in ("Capitol Navigators", "1 Main St, Saint Paul, MN 55101", "Mon-Fri 9-5",
                  "English, Hmong", "651-555-0100", 'href="https://capitol.example.org"',
                  "Nia Vang"):
        assert shown in html
    assert "Bo Berg" not in html


def test_listing_page_links_its_agency(client, listed):
    response = client.get(f"/find-help/assisters/{listed['navigator'].id}")
    html = text_of(response)
    assert response.status_code == 200
    assert "<h1>Nia Vang</h1>" in html
    assert f'href="/find-help/agencies/{listed["agency"].id}"' in html


def test_pages_of_unlisted_or_missing_listings_are_not_found(client, factories):
    hidden = factories.agency(hidden_by_staff=True)
    unactivated = factories.assister("broker")
    for url in (f"/find-help/agencies/{hidden.id}", f"/find-help/assisters/{unactivated.id}",
                "/find-help/agencies/987654321", "/find-help/assisters/987654321"):
        assert client.get(url).status_code == 404, url


def test_no_reference_number_in_anything_the_directory_answers(client, listed):
    numbers = [a.reference_number for a in (listed["navigator"], listed["broker"])]
    numbers += [reference_numbers.display(number) for number in numbers]
    pages = [
        client.get("/find-help?zip=55401"),
        client.get("/find-help?zip=55401", headers=HX),
        client.get("/find-help?name=berg&sort=name"),
        client.get(f"/find-help/agencies/{listed['agency'].id}"),
        client.get(f"/find-help/assisters/{listed['navigator'].id}"),
        client.get(f"/find-help/assisters/{listed['broker'].id}"),
    ]
    assert all(page.status_code == 200 for page in pages)
    for page in pages:
        assert [n for n in numbers if n in text_of(page)] == []
    assert "Reference Number" not in text_of(pages[0])


def test_the_directory_writes_no_audit_row(client, listed):
    before = AuditEvent.select().count()
    client.get("/find-help?zip=55401&name=Nia")
    client.get(f"/find-help/assisters/{listed['navigator'].id}")
    assert AuditEvent.select().count() == before


def test_a_visitor_gets_no_session_and_no_token_from_the_directory(client, listed):
    before = UserSession.select().count()
    for url in ("/find-help?zip=55401", f"/find-help/agencies/{listed['agency'].id}",
                f"/find-help/assisters/{listed['navigator'].id}"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        assert "X-CSRFToken" not in text_of(response)
    assert UserSession.select().count() == before
    # A page with a form to post still starts a session and carries its token.
    assert "X-CSRFToken" in text_of(client.get("/sign-in"))
    assert UserSession.select().count() == before + 1


def test_a_signed_in_consumer_keeps_the_token_on_the_directory(client, factories, sign_in):
    sign_in(factories.consumer().user)
    html = text_of(client.get("/find-help?zip=55401"))
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', html)
    assert token and f'name="csrf_token" value="{token.group(1)}"' in html  # Sign out


def test_the_selects_keep_what_was_chosen_and_choose_nothing_unknown(client, listed):
    html = text_of(client.get("/find-help?county=Ramsey&language=Hmong&distance=50&sort=name"))
    chosen = re.findall(r'<option selected value="([^"]*)">', html)
    assert chosen == ["50", "Ramsey", "Hmong", "name"]
    assert html.count("<option ") == 4 + 1 + 87 + 1 + 3 + 1 + 14 + 2
    html = text_of(client.get("/find-help?county=Atlantis&language=Klingon"))
    assert re.findall(r'<option selected value="([^"]*)">', html) == ["25"]
    assert ('<select aria-describedby="county-error" aria-invalid="true" '
            'class="usa-select usa-input--error" id="county" name="county">') in html


def test_contact_us_lists_the_configured_help_lines(client, test_database_url):
    html = text_of(client.get("/contact"))
    for shown in ("Assister Resource Center (ARC)", "1-844-520-8695 (dial 2)", "Broker Line",
                  "Consumer help line"):
        assert shown in html
    lines = [["Test Line", "1-800-555-0100", "Always", "Testers"]]
    app = create_app({"DATABASE_URL": test_database_url},
                     environ={**ENVIRON, "HELP_LINES": json.dumps(lines)})
    html = text_of(app.test_client().get("/contact"))
    assert "Test Line" in html and "1-800-555-0100" in html and "Broker Line" not in html
    with pytest.raises(ConfigError, match="HELP_LINES"):
        create_app({"DATABASE_URL": test_database_url},
                   environ={**ENVIRON, "HELP_LINES": '[["only a name"]]'})


def test_a_signed_in_consumer_finds_help_from_their_menu(client, factories, sign_in):
    sign_in(factories.consumer().user)
    html = text_of(client.get("/consumer/"))
    assert re.search(r'<nav aria-label="Account".*href="/find-help".*</nav>', html, re.S)


@pytest.fixture
def limited_app(test_database_url, factories):
    # Made after `factories`' own app: the limiter is one object, set up by the last app made.
    return create_app({"DATABASE_URL": test_database_url, "RATELIMIT_ENABLED": True,
                       "DIRECTORY_RATE_LIMIT": "3 per minute"}, environ=ENVIRON)


def test_the_directory_is_rate_limited_per_address_across_its_pages(limited_app, factories):
    agency = factories.agency()
    client = limited_app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.50"
    urls = ["/find-help?zip=55401", f"/find-help/agencies/{agency.id}", "/find-help"]
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    refused = client.get("/find-help?zip=55101")
    assert refused.status_code == 429
    assert "Too many searches" in text_of(refused)
    other = limited_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.51"
    assert other.get("/find-help").status_code == 200
    # Contact us is not the directory: still open.
    assert client.get("/contact").status_code == 200


def test_the_limit_page_is_in_the_visitors_language(limited_app, factories):
    client = limited_app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.52"
    client.set_cookie("portal_language", "es")
    statuses = [client.get("/find-help").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/find-help?zip=55101")
    html = text_of(refused)
    assert '<html lang="es"' in html and "Demasiadas búsquedas" in html
    assert "Espere un minuto y luego vuelva a buscar." in html
