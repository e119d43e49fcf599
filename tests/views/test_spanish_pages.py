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


def test_application_wizard_pages(walk, client, post_form, factories, sign_in):
    """The application wizard in Spanish (H3): every step, the Notice of Rights, the Signature,
    the 422 of the household and income steps with the Spanish message beside the field and
    what was typed kept, then a Spanish submission that stores the same codes as in English,
    Next Steps and Rescind."""
    from db.accounts import User
    from db.applications import Application, ApplicationMember
    from db.cases import Case
    from tests.conftest import csrf_token_from
    from tests.views import wizard

    consumer = factories.consumer()
    sign_in(consumer.user)
    # A signed-in consumer's pages are in their account's language.
    User.update(language="es").where(User.id == consumer.user_id).execute()
    names = ("Carl Consumer", consumer.user.full_name, consumer.full_name, "Saint Paul",
             "12 Elm St", "Ramsey", "carl@example.org", "Lake of the Woods")  # a county
    url = wizard.start(client, post_form, consumer.id, "/consumer/")
    html = walk(f"{url}/contact", allow=names)
    assert "Solicitante principal y contacto" in html
    response = wizard.post_step(client, f"{url}/contact", wizard.CONTACT)
    assert response.status_code == 302

    # Household: the primary applicant's answers missing, a person half typed.
    html = walk(f"{url}/household", allow=names)
    assert "Miembros del hogar" in html and "Seleccione" in html
    data = wizard.per_member(html, [{"applying": "yes"}])
    data |= {"new_member-first_name": "Ana", "new_member-last_name": "Consumer",
             "new_member-date_of_birth": "2999-01-01"}
    response = wizard.post_step(client, f"{url}/household", data)
    assert response.status_code == 422
    html = assert_spanish(response, allow=names + ("Ana",))
    assert "Elija cómo presentará esta persona sus impuestos." in html
    assert "La fecha de nacimiento no puede ser una fecha futura." in html
    assert "Elija el parentesco de esta persona con el solicitante principal." in html
    assert 'value="Ana"' in html and 'value="2999-01-01"' in html
    assert 'value="yes" checked' in html or "checked" in html

    html = walk(f"{url}/household", allow=names)
    response = wizard.post_step(
        client, f"{url}/household", wizard.per_member(html, [wizard.PRIMARY_HOUSEHOLD])
    )
    assert response.status_code == 302

    # Income: an amount that is no amount.
    html = walk(f"{url}/income", allow=names)
    assert "Ingresos antes de impuestos" in html and "Cada dos semanas" in html
    response = wizard.post_step(client, f"{url}/income", wizard.per_member(
        html, [{"income_amount": "mucho", "income_frequency": "biweekly"}]
    ))
    assert response.status_code == 422
    html = assert_spanish(response, allow=names)
    assert "Escriba una cantidad en dólares, como 2400.00." in html
    assert 'value="mucho"' in html
    assert '<option selected value="biweekly">' in html or 'value="biweekly" selected' in html
    # About 153% of the poverty guideline for one: MinnesotaCare, so Next Steps.
    html = walk(f"{url}/income", allow=names)
    response = wizard.post_step(client, f"{url}/income", wizard.per_member(
        html, [{"income_amount": "2,000", "income_frequency": "monthly"}]
    ))
    assert response.status_code == 302

    html = walk(f"{url}/coverage", allow=names)
    assert "Otra cobertura médica" in html
    no_coverage = {"has_medicare": "no", "has_other_public_coverage": "no", "employer_offer": "no"}
    response = wizard.post_step(client, f"{url}/coverage", wizard.per_member(html, [no_coverage]))
    assert response.status_code == 302

    html = walk(f"{url}/summary", allow=names)
    assert "$2,000.00 cada mes ($24,000.00 al año)" in html
    assert "Respuesta de" in html and "(el consumidor)" in html
    response = wizard.post_step(client, f"{url}/summary", {})
    assert response.headers["Location"].endswith("/signature")

    # Signing before reading the notice is refused, in Spanish.
    html = walk(f"{url}/signature", allow=names)
    assert "Lea el Aviso de derechos y responsabilidades" in html
    response = wizard.post_step(
        client, f"{url}/signature", {"attested": "y", "signed_name": "Carl Consumer"},
        action="submit",
    )
    assert response.status_code == 422
    html = assert_spanish(response, allow=names)
    assert "Abra y lea el Aviso de derechos y responsabilidades antes de firmar." in html

    html = walk(f"{url}/rights", allow=names)
    assert "Sus derechos" in html
    response = client.post(f"{url}/rights", data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 302
    html = walk(f"{url}/rights", allow=names)
    assert "Usted ya confirmó que leyó este aviso." in html
    response = wizard.post_step(
        client, f"{url}/signature", {"attested": "y", "signed_name": "carl  consumer"},
        action="submit",
    )
    assert response.status_code == 302, response.get_data(as_text=True)

    # The Spanish submission stored the same codes an English one does.
    application = Application.get(Application.consumer == consumer.id)
    assert application.status == "submitted"
    primary = ApplicationMember.get(ApplicationMember.application == application)
    assert (primary.tax_filing, primary.immigration_status, primary.income_frequency) == (
        "filer", "citizen", "monthly")
    assert (primary.applying, primary.american_indian, primary.has_medicare) == (
        True, False, False)
    case = Case.get(Case.application == application)

    allow = names + (case.case_number,)
    html = walk(f"{url}/next-steps", allow=allow)
    assert "Próximos pasos" in html and "Prima de MinnesotaCare" in html
    html = walk(f"{url}/rescind", allow=allow)
    assert "Anular la solicitud" in html
    response = post_form(f"{url}/rescind", {"reason": " "})
    assert response.status_code == 422
    html = assert_spanish(response, allow=allow)
    assert "Indique el motivo para anular esta solicitud." in html
    # A step of a submitted application goes on to the results, saying so in Spanish.
    response = client.get(f"{url}/contact")
    assert response.status_code == 302
