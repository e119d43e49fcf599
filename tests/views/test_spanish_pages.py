"""Every consumer-facing page has its Spanish (S13): a walk through them in Spanish, each marked
`lang="es"` with no English left (tests/spanish.py), and a check that the walk misses none.

Each area's walk is a test below that records the endpoints it opened in WALKED."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from db import utcnow
from db.accounts import User, UserSession
from db.mail import OutgoingMail
from portal import languages
from portal.services import security_questions
from tests.conftest import csrf_token_from, emailed_code
from tests.spanish import assert_spanish, english_left, in_spanish

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


def _spanish_consumer(factories):
    from db.accounts import User

    consumer = factories.consumer(first_name="Ana", last_name="Ruiz")
    User.update(language="es").where(User.id == consumer.user_id).execute()
    return consumer


# The consumer home's application overview (templates/macros/application.html) is the
# application wizard's branch (es-application): until it is merged, its English is let pass here.
APPLICATION_OVERVIEW = (
    "No case yet (a case is created when an application is submitted)",
    "Not enrolled",
    "Apply for assistance with Health Care",
    "Upload documents",
)


def _consent(**extra):
    return {
        "may_apply": "y",
        "may_enroll": "y",
        "may_see_documents": "y",
        "may_report_changes": "y",
        **extra,
    }


def test_manage_assister_pages(app, walk, factories, sign_in, client):
    """Manage Assister (S3, S13) in Spanish: home, Assister Details in each state, the
    authorization screens and their print views, a request, remove, renew and the activity log;
    the authorization form's 422 in Spanish."""
    from db import utcnow
    from db.assisters import Assister
    from db.associations import AssisterRequest, Association
    from portal.services import associations, standing

    consumer = _spanish_consumer(factories)
    sign_in(consumer.user)
    walk("/consumer/", allow=APPLICATION_OVERVIEW)
    walk("/consumer/assisters")
    walk("/consumer/assisters/activity")

    with app.app_context():
        actor = factories.actor(consumer.user)
        navigator = factories.assister("navigator", with_account=True)
        current = associations.associate(actor, consumer, navigator)
        associations.record_first_opening(factories.actor(navigator.user), current)
        # A suspended one (its assister is no longer certified) and an ended one.
        cac = factories.assister("cac", with_account=True)
        suspended = associations.associate(actor, consumer, cac)
        Assister.update(certification_status="pending").where(Assister.id == cac.id).execute()
        standing.end_access(factories.actor(None), Assister.get_by_id(cac.id),
                            standing.lapse_of(Assister.get_by_id(cac.id)))
        broker = factories.assister("broker")
        ended = associations.associate(actor, consumer, broker)
        associations.end_association(actor, ended, "Removed by consumer")
        # A pending request, and a hand-over waiting for the consumer.
        requested = factories.assister("broker", with_account=True)
        pending = AssisterRequest.create(
            consumer=consumer, assister=requested, assister_type="broker"
        )
    assert Association.get_by_id(suspended.id).is_suspended

    walk("/consumer/", allow=APPLICATION_OVERVIEW)
    page = walk("/consumer/assisters")
    assert "Usted aceptó" in page and "en español" in page and "No tiene certificación." in page
    walk("/consumer/assisters/activity")
    walk("/consumer/assisters/select")
    walk(f"/consumer/assisters/select?reference_number={requested.reference_number}")
    # The look-up's message is assister_search's (the directory's branch, es-directory).
    walk("/consumer/assisters/select?reference_number=12345", status=422,
         allow=("A Reference Number has 10 digits, like 123-456-7890. Check what you typed.",))
    # The published Spanish text (migration 041) names the English term once.
    published = ("(Agent of Record)",)
    page = walk(f"/consumer/assisters/authorize?reference_number={requested.reference_number}",
                allow=published)
    assert "Autorización de Agente Registrado" in page and "(versión 1)" in page
    walk(f"/consumer/assisters/authorize/print?reference_number={requested.reference_number}",
         allow=published)
    walk(f"/consumer/assisters/requests/{pending.id}/authorize", allow=published)
    walk(f"/consumer/assisters/requests/{pending.id}/authorize/print", allow=published)
    listed = factories.assister("navigator", with_account=True)
    walk(f"/consumer/assisters/request/{listed.id}")
    walk(f"/consumer/assisters/{current.id}/remove")
    walk(f"/consumer/assisters/{current.id}/renew")

    # The authorization form sent with a bad expiry date: 422, in Spanish, the date kept.
    other = factories.assister("cac")
    url = f"/consumer/assisters/authorize?reference_number={other.reference_number}"
    token = csrf_token_of(client.get(url))
    response = client.post(
        "/consumer/assisters/authorize",
        data={"csrf_token": token, "reference_number": other.reference_number,
              **_consent(expires_on="2001-01-01")},
    )
    assert response.status_code == 422
    html = assert_spanish(response)
    assert "Elija una fecha posterior a hoy" in html and 'value="2001-01-01"' in html
    # And renewing with one.
    url = f"/consumer/assisters/{current.id}/renew"
    response = client.post(url, data={"csrf_token": csrf_token_of(client.get(url)),
                                      **_consent(expires_on="2001-01-01")})
    assert response.status_code == 422
    assert "Elija una fecha posterior a hoy" in assert_spanish(response)
    assert utcnow()  # the clock the pages read


def csrf_token_of(response):
    from tests.conftest import csrf_token_from

    return csrf_token_from(response.get_data(as_text=True))


def _confirm(client, assister, **extra):
    url = f"/consumer/assisters/authorize?reference_number={assister.reference_number}"
    page = client.get(url).get_data(as_text=True)
    import re

    shown = re.search(r'name="text_id" type="hidden" value="(\d+)"', page)
    shown = shown or re.search(r'id="text_id" name="text_id" type="hidden" value="(\d+)"', page)
    data = {
        "csrf_token": csrf_token_of_html(page),
        "reference_number": assister.reference_number,
        "text_id": shown.group(1),
        **_consent(),
        **extra,
    }
    return client.post("/consumer/assisters/authorize", data=data), int(shown.group(1))


def csrf_token_of_html(html):
    from tests.conftest import csrf_token_from

    return csrf_token_from(html)


@pytest.mark.parametrize("language", ["es", "en"])
def test_confirming_records_the_text_shown(factories, sign_in, client, language):
    from db.accounts import User
    from db.associations import Association, AuthorizationText

    consumer = factories.consumer()
    User.update(language=language).where(User.id == consumer.user_id).execute()
    sign_in(consumer.user)
    navigator = factories.assister("navigator")
    response, shown = _confirm(client, navigator)
    assert response.status_code == 302
    association = Association.get(Association.consumer == consumer)
    text = AuthorizationText.get_by_id(association.authorization_text_id)
    assert text.id == shown and (text.language, text.version) == (language, 1)
    assert text.kind == "assister_authorization"
    page = client.get("/consumer/assisters").get_data(as_text=True)
    if language == "es":
        assert "versión 1, en español" in page
    else:
        assert "version 1, in English" in page


@pytest.mark.parametrize("forged", ["stale", "other kind", "no such", "not a number"])
def test_a_forged_or_stale_text_is_refused(factories, sign_in, client, forged):
    from db.accounts import User
    from db.associations import Association, AuthorizationText

    consumer = factories.consumer()
    User.update(language="es").where(User.id == consumer.user_id).execute()
    sign_in(consumer.user)
    navigator = factories.assister("navigator")
    current = AuthorizationText.get(
        AuthorizationText.kind == "assister_authorization", AuthorizationText.language == "es"
    )
    if forged == "stale":
        # A version published after the page opened: the one shown is no longer current.
        AuthorizationText.create(kind=current.kind, language="es", version=2,
                                 title=current.title, body=current.body + "\nNuevo.")
        text_id = str(current.id)
    elif forged == "other kind":
        text_id = str(AuthorizationText.get(AuthorizationText.kind == "agent_of_record",
                                            AuthorizationText.language == "es").id)
    elif forged == "no such":
        text_id = "999999"
    else:
        text_id = "uno"
    response, _shown = _confirm(client, navigator, text_id=text_id)
    assert response.status_code == 422
    html = assert_spanish(response)
    assert "El texto de la autorización cambió" in html
    assert Association.select().where(Association.consumer == consumer).count() == 0


def test_association_started_mail_and_notice_in_the_consumers_language(
    mail_app, smtp_server, factories
):
    from db.accounts import User
    from db.mail import OutgoingMail
    from db.notices import Notice
    from portal.services import associations
    from tests.spanish import english_left

    with mail_app.app_context():
        spanish = factories.consumer()
        User.update(language="es").where(User.id == spanish.user_id).execute()
        english = factories.consumer()
        associations.associate(factories.actor(spanish.user), spanish,
                               factories.assister("navigator"))
        associations.associate(factories.actor(english.user), english,
                               factories.assister("navigator"))
    received = [m for m in smtp_server.messages if m["To"] == spanish.email]
    assert [m["Subject"] for m in received] == ["Usted autorizó a un asistente a ayudarle"]
    body = received[0].get_content()
    assert "Usted autorizó a" in body and "Inscribirme en un plan de salud" in body
    assert not english_left(body.replace("Ada Assister", "")), body
    stored = OutgoingMail.get(OutgoingMail.to_address == spanish.email)
    assert "Administrar asistente" in stored.body
    notice = Notice.get(Notice.consumer == spanish.id, Notice.kind == "association_started")
    assert notice.language == "es" and notice.title.startswith("Usted autorizó a ")
    assert "Esta autorización termina el" in notice.body
    assert not english_left(notice.body.replace("Ada Assister", "")), notice.body

    english_mail = [m for m in smtp_server.messages if m["To"] == english.email]
    assert english_mail[0]["Subject"] == "You authorized an assister to help you"
    english_notice = Notice.get(Notice.consumer == english.id)
    assert english_notice.language == "en" and "You authorized" in english_notice.title


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


# Public pages, sign-in, MFA, account, account creation and recovery (helper H1) ----------------


QUESTIONS = security_questions.QUESTIONS
SPANISH_PASSWORD = "linterna violeta puerto diecinueve"
SPANISH_SIGN_UP = {
    "first_name": "Rosa",
    "last_name": "Martínez",
    "email": "rosa@example.org",
    "confirm_email": "rosa@example.org",
    "username": "rosa.m",
    "password": SPANISH_PASSWORD,
    "confirm_password": SPANISH_PASSWORD,
    "question_1": QUESTIONS[0],
    "answer_1": "Canela",
    "question_2": QUESTIONS[1],
    "answer_2": "Lupita",
    "question_3": QUESTIONS[2],
    "answer_3": "Calle Robles",
}
ANSWERS = {"answer_1": "canela", "answer_2": "LUPITA", "answer_3": "calle  robles"}


def _newest_mail(kind):
    return (
        OutgoingMail.select()
        .where(OutgoingMail.kind == kind)
        .order_by(OutgoingMail.id.desc())
        .first()
    )


def _link(mail, path):
    return re.search(rf"http\S*({path}/[^\s?]+)", mail.body).group(1)


def _without_links(text):
    # A link's random token can hold letters that spell "to" or "in".
    return re.sub(r"\S+://\S+", "", text)


def test_public_pages(walk):
    walk("/")
    walk("/contact")
    walk("/sign-in")
    walk("/sign-in?timeout=1")


def test_account_pages(walk, client, post_form):
    # Create an account in Spanish: a 422 first, in Spanish, keeping what was typed.
    walk("/create-account")
    bad = {
        **SPANISH_SIGN_UP,
        "confirm_email": "rosa@example.com",
        "answer_2": "",
        "password": "corta",
        "confirm_password": "corta",
    }
    response = post_form("/create-account", bad)
    assert response.status_code == 422
    page = assert_spanish(response, allow=("Martínez",))
    assert "Los dos correos electrónicos no coinciden." in page
    assert "Responda esta pregunta." in page and "Use al menos 15 caracteres" in page
    assert 'value="Rosa"' in page and 'value="rosa.m"' in page
    assert "corta" not in page and "Canela" not in page and "Calle Robles" not in page
    # The questions are offered in Spanish; the value sent stays the stored English question.
    assert f'value="{QUESTIONS[0]}"' in page and "¿Cómo se llamaba su primera mascota?" in page

    response = post_form("/create-account", SPANISH_SIGN_UP)
    assert response.status_code == 302
    user = User.get(User.username == "rosa.m")
    assert user.language == "es"
    walk("/create-account/check-email")
    verification = _newest_mail("verify_email")
    assert verification.subject == "Confirme su correo electrónico para el Portal de Asistentes"
    assert not english_left(_without_links(verification.body), allow=("Martínez",))

    # Confirm the address: a real link, then a made-up one.
    link = _link(verification, "/verify-email")
    walk(link)
    walk("/verify-email/made-up-token", status=404)
    walk("/verify-email/resend")
    assert_spanish(post_form("/verify-email/resend", {"email": "nadie"}))
    response = post_form(link, {})
    assert response.status_code == 302
    walk(response.headers["Location"])  # sign-in, with the flash

    # Forgot your password? and username?, each step.
    walk("/forgot-password")
    step_1 = post_form("/forgot-password", {"username": "rosa.m"})
    page = assert_spanish(step_1, allow=("rosa.m",))
    assert "¿Cómo se llamaba su primera mascota?" in page
    WALKED.add("accounts.forgot_password_questions")
    wrong = post_form(
        "/forgot-password/questions",
        {"username": "rosa.m", "answer_1": "x"},
        page="/forgot-password",
    )
    assert wrong.status_code == 422
    assert "Responda esta pregunta." in assert_spanish(wrong, allow=("rosa.m",))
    response = post_form(
        "/forgot-password/questions", {"username": "rosa.m", **ANSWERS}, page="/forgot-password"
    )
    assert response.status_code == 302
    walk(response.headers["Location"])
    walk("/forgot-username")
    step_1 = post_form("/forgot-username", {"email": "rosa@example.org"})
    assert_spanish(step_1, allow=("rosa@example.org",))
    WALKED.add("accounts.forgot_username_questions")
    response = post_form(
        "/forgot-username/questions",
        {"email": "rosa@example.org", **ANSWERS},
        page="/forgot-username",
    )
    assert response.status_code == 302
    walk(response.headers["Location"])
    reminder = _newest_mail("username_reminder")
    assert reminder.subject == "Su nombre de usuario del Portal de Asistentes"

    # Choose a new password: a real link (with a 422), then a made-up one.
    reset = _link(_newest_mail("password_reset"), "/reset-password")
    walk(reset)
    mismatch = post_form(reset, {"password": SPANISH_PASSWORD, "confirm_password": "otra"})
    assert "Las dos contraseñas no coinciden." in assert_spanish(mismatch)
    walk("/reset-password/made-up-token", status=404)

    # Sign-in refusals in Spanish: a wrong password, then a locked account.
    wrong = post_form("/sign-in", {"username": "rosa.m", "password": "no es esta"})
    assert wrong.status_code == 422
    assert "El nombre de usuario o la contraseña no son correctos." in assert_spanish(wrong)
    User.update(locked_until=utcnow() + timedelta(minutes=30)).where(User.id == user.id).execute()
    locked = post_form("/sign-in", {"username": "rosa.m", "password": SPANISH_PASSWORD})
    assert "Su cuenta está bloqueada" in assert_spanish(locked)
    User.update(locked_until=None).where(User.id == user.id).execute()

    # Signed in (no MFA yet): the account, its sessions and the authenticator app.
    assert (
        post_form("/sign-in", {"username": "rosa.m", "password": SPANISH_PASSWORD}).status_code
        == 302
    )
    allow = ("Rosa Martínez", "rosa.m", "rosa@example.org")
    page = walk("/account", allow=allow)
    assert "Idioma de sus páginas, correos y avisos" in page and "Español" in page
    walk("/account/sessions", allow=allow)
    walk("/account/authenticator", allow=allow)
    wrong = post_form("/account/authenticator", {"password": "no es esta", "code": "123456"})
    assert wrong.status_code == 422
    assert "La contraseña no es correcta." in assert_spanish(wrong, allow=allow)
    response = post_form("/account/mfa/email", {"agree": "y"}, page="/account")
    assert "La autenticación de múltiples factores está activada" in walk(
        response.headers["Location"], allow=allow
    )

    # Signed out in Spanish; then sign-in asks for the emailed code.
    page = client.get("/account").get_data(as_text=True)
    response = client.post("/sign-out", data={"csrf_token": csrf_token_from(page)})
    assert "Cerró la sesión." in walk(response.headers["Location"])
    response = post_form("/sign-in", {"username": "rosa.m", "password": SPANISH_PASSWORD})
    assert response.headers["Location"] == "/sign-in/mfa"
    walk("/sign-in/mfa", allow=("r***@example.org",))
    assert post_form("/sign-in/mfa", {"mode": "email"}).status_code == 302
    walk("/sign-in/mfa/code", allow=("r***@example.org",))
    code_mail = _newest_mail("one_time_code")
    assert code_mail.subject == "Contraseña de un solo uso"
    assert "Su código de acceso de un solo uso" in code_mail.body
    assert not english_left(code_mail.body, allow=("Rosa Martínez",))
    wrong = post_form("/sign-in/mfa/code", {"code": "000000"})
    assert wrong.status_code == 422
    assert "Ese código no es correcto." in assert_spanish(wrong, allow=("r***@example.org",))
    # Registration, as if their MFA had been reset while this sign-in waited.
    User.update(mfa_mode=None).where(User.id == user.id).execute()
    walk("/sign-in/mfa/register")
    registered = post_form("/sign-in/mfa/register", {"email": "rosa@example.org", "agree": "y"})
    assert "Registro completado" in assert_spanish(registered, allow=("r***@example.org",))
    response = post_form("/sign-in/mfa/code", {"code": emailed_code(user)})
    assert response.status_code == 302


def test_account_created_on_an_english_page_is_english(client, post_form):
    response = post_form("/create-account", SPANISH_SIGN_UP)
    assert response.status_code == 302
    assert User.get(User.username == "rosa.m").language == "en"
    assert _newest_mail("verify_email").subject == (
        "Confirm your email address for the Assister Portal"
    )


def test_spanish_reset_mail_through_smtp(mail_app, smtp_server):
    from portal.services import consumer_accounts
    from tests.factories import actor

    with mail_app.app_context():
        consumer_accounts.sign_up(
            actor(None),
            "Rosa",
            "Martínez",
            "rosa@example.org",
            "rosa.m",
            SPANISH_PASSWORD,
            [(SPANISH_SIGN_UP[f"question_{n}"], SPANISH_SIGN_UP[f"answer_{n}"]) for n in (1, 2, 3)],
            language="es",
        )
    # Forgot password from an English page: the mail follows the account's language.
    client = mail_app.test_client()
    page = client.get("/forgot-password").get_data(as_text=True)
    response = client.post(
        "/forgot-password/questions",
        data={"csrf_token": csrf_token_from(page), "username": "rosa.m", **ANSWERS},
    )
    assert response.status_code == 302
    reset = [m for m in smtp_server.messages if m["To"] == "rosa@example.org"][-1]
    assert reset["Subject"] == "Restablezca su contraseña del Portal de Asistentes"
    body = reset.get_content()
    assert "Hola, Rosa Martínez:" in body
    assert "Abra este enlace para elegir una nueva contraseña:" in body
    assert "/reset-password/" in body
    assert not english_left(_without_links(body), allow=("Rosa Martínez",))


def english_set_up(client):
    """Set-up through screens whose test helpers read English; the walk's Spanish comes after."""
    client.delete_cookie("portal_language")


def in_spanish_now(client, user):
    """The consumer switched to Spanish: their account, and this browser."""
    from db.accounts import User

    User.update(language="es").where(User.id == user.id).execute()
    in_spanish(client)


def plan_and_carrier_names():
    """What plans and carriers are called: names, shown as they are in both languages."""
    from db.plans import Carrier, Plan

    names = {plan.name for plan in Plan.select()} | {c.name for c in Carrier.select()}
    return tuple(sorted(names, key=len, reverse=True))


PAYMENT_ADDRESS = "Minnesota Department of Human Services, Box 64834, St. Paul, MN 55164-0834"


def test_enrollment_invoice_and_notice_pages(app, client, walk, post_form, sign_in, factories):
    import re

    from db.enrollments import Enrollment
    from db.invoices import PremiumInvoice
    from db.notices import Notice
    from portal.actors import SYSTEM
    from portal.services import plan_data
    from tests.spanish import english_left
    from tests.views.test_enrollment import enroll_start
    from tests.views.wizard import post_step, submitted

    with app.app_context():
        plan_data.load_plans(SYSTEM, 2026)
    english_set_up(client)
    consumer = factories.consumer()
    sign_in(consumer.user)
    application_url = submitted(client, post_form, consumer.id, "/consumer/")
    url = enroll_start(client, post_form, f"{application_url}/results")
    in_spanish_now(client, consumer.user)
    names = plan_and_carrier_names()

    assert "Política de privacidad" in walk(f"{url}/privacy", allow=names)
    assert post_step(client, f"{url}/privacy", {"agree": "y"}).status_code == 302
    plans_html = walk(f"{url}/plans", allow=names)
    assert "Elegir este plan" in plans_html and "Plata" in plans_html
    ids = re.findall(r'name="compare" value="(\d+)"', plans_html)
    compared = walk(f"{url}/plans?" + "&".join(f"compare={i}" for i in ids[:3]), allow=names)
    assert "Comparar planes" in compared and compared.count("antes del crédito") == 3
    refused = walk(f"{url}/plans?" + "&".join(f"compare={i}" for i in ids[:4]), allow=names)
    assert "Compare hasta 3 planes a la vez." in refused
    plan_id = re.findall(r'name="plan_id" value="(\d+)"', plans_html)[0]
    assert post_step(client, f"{url}/plans", {"plan_id": plan_id}).status_code == 302
    walk(f"{url}/tax_credit", allow=names)
    # Tax Credit Options refuses an amount over the maximum: in Spanish, what was typed kept.
    credit = {"aptc_choice": "part", "aptc_part_kind": "amount", "aptc_part_value": "99999",
              "statements_agreed": "y", "tax_filer_signature": "carl consumer"}
    response = post_step(client, f"{url}/tax_credit", credit)
    assert response.status_code == 422
    refused = assert_spanish(response, allow=names)
    assert "Escriba un monto entre $0.00 y su máximo de $" in refused
    assert 'value="99999' in refused
    assert post_step(client, f"{url}/tax_credit", credit | {"aptc_part_value": "100"}
                     ).status_code == 302
    assert "$100.00" in walk(f"{url}/summary", allow=names)
    assert post_step(client, f"{url}/summary", {}).status_code == 302
    walk(f"{url}/signature", allow=names)
    response = post_step(client, f"{url}/signature", {"signed_name": "Carl Consumer"},
                         action="confirm")
    assert response.status_code == 302
    thanks = walk(f"{url}/thank-you", allow=names)
    enrollment = Enrollment.get()
    assert enrollment.confirmation_number in thanks and "Próximos pasos" in thanks

    # The enrollment notice is written in Spanish; a notice issued before the switch stays as
    # it was issued, marked English on the Spanish page.
    notice = Notice.get(Notice.kind == "enrollment")
    assert notice.language == "es"
    assert notice.title == f"Confirmación de inscripción {enrollment.confirmation_number}"
    assert "Usted está inscrito en un plan de salud para 2026." in notice.body
    assert not english_left(f"<p>{notice.body}</p>", allow=names)
    listed = walk(f"/clients/{consumer.id}/notices", allow=names)
    assert "Aviso de confirmación de inscripción" in listed and "sin leer" in listed
    assert f'lang="es">{notice.title}</a>' in listed
    shown = walk(f"/clients/{consumer.id}/notices/{notice.id}", allow=names)
    assert '<div class="usa-prose" lang="es">' in shown
    # Printed, the notice is all in its own language.
    assert notice.title in walk(f"/clients/{consumer.id}/notices/{notice.id}/print", allow=names)
    earlier = Notice.select().where(Notice.kind != "enrollment").first()
    assert earlier.language == "en"
    # (Its title in the window's <title>, which can't be marked, is the notice's as issued.)
    assert '<div class="usa-prose" lang="en">' in walk(
        f"/clients/{consumer.id}/notices/{earlier.id}", allow=(earlier.title,))

    # A MinnesotaCare household's printable premium invoice.
    post_form("/sign-out", {}, page="/consumer/")
    english_set_up(client)
    member = factories.consumer(first_name="Carl", last_name="Consumer")
    sign_in(member.user)
    submitted(client, post_form, member.id, "/consumer/", income="2200")
    invoice = PremiumInvoice.get(PremiumInvoice.consumer == member.id)
    client.get("/consumer/")  # shows "Your application was submitted." while still English
    in_spanish_now(client, member.user)
    printed = walk(f"/invoices/{invoice.id}", allow=(PAYMENT_ADDRESS,))
    assert "Factura de la prima de MinnesotaCare" in printed and "$44.00" in printed
    assert "Cómo pagar" in printed and "Sin pagar" in printed


def test_premium_invoice_notices_follow_the_consumers_language(
    app, client, post_form, sign_in, factories
):
    from db.cases import Case
    from db.invoices import PremiumInvoice
    from db.notices import Notice
    from portal.services import invoices
    from tests.spanish import english_left
    from tests.views.wizard import submitted

    english_set_up(client)
    cases = {}
    for language, first_name in (("en", "Carl"), ("es", "Rosa")):
        consumer = factories.consumer(first_name=first_name, last_name="Consumer")
        sign_in(consumer.user)
        submitted(client, post_form, consumer.id, "/consumer/", income="2200")
        post_form("/sign-out", {}, page="/consumer/")
        cases[language] = Case.get(Case.consumer == consumer.id)
        if language == "es":
            in_spanish_now(client, consumer.user)
            english_set_up(client)
    # The month's invoices issued again, now that one consumer reads Spanish.
    Notice.delete().where(Notice.kind == "premium_invoice").execute()
    PremiumInvoice.delete().execute()
    with app.app_context():
        for case in cases.values():
            invoices.issue_for_month(invoices.first_month(case))
    for language, case in cases.items():
        invoice = PremiumInvoice.get(PremiumInvoice.case == case.id)
        notice = Notice.get((Notice.case == case.id) & (Notice.kind == "premium_invoice"))
        assert notice.language == language
        assert invoice.invoice_number in notice.body and "$44.00" in notice.body
        if language == "es":
            assert notice.title.startswith("Prima de MinnesotaCare de ")
            assert "vence el " in notice.title and f"(caso {case.case_number})" in notice.title
            assert "Su prima de MinnesotaCare de " in notice.body
            assert "Cómo pagar: En línea, con una cuenta de cheques" in notice.body
            assert not english_left(f"<p>{notice.body}</p>", allow=(PAYMENT_ADDRESS,))
        else:
            month = f"{invoice.coverage_month:%B %Y}"
            assert notice.title.startswith(f"MinnesotaCare premium for {month}: $44.00 due ")
            assert f"(case {case.case_number})" in notice.title
            assert f"Your MinnesotaCare premium for {month} is $44.00." in notice.body


def test_every_plan_years_online_payment_has_its_spanish():
    from portal import rules
    from portal.services import invoices

    for year in (2026,):
        online = rules.plan_year(year).minnesotacare_payment.online
        assert online in invoices.ONLINE_PAYMENT, year


def test_results_and_documents_pages(walk, app, client, post_form, factories, sign_in):
    """Results for Medical Assistance, MinnesotaCare, the premium tax credit with cost-sharing
    reductions and not eligible, with the rules' reasons in Spanish; then the upload pages of a
    lawfully present immigrant's verification request, and a file refused in Spanish."""
    from db.applications import ApplicationMember
    from db.cases import MemberDetermination
    from db.verifications import VerificationRequest
    from tests.conftest import csrf_token_from
    from tests.views.test_documents import GIF, post_files
    from tests.views.wizard import submitted

    def apply(income, immigration_status="citizen"):
        client.delete_cookie(app.config["SESSION_COOKIE_NAME"])
        consumer = factories.consumer()
        sign_in(consumer.user)
        url = submitted(client, post_form, consumer.id, "/consumer/", income=income,
                        immigration_status=immigration_status)
        member = ApplicationMember.select().order_by(ApplicationMember.id.desc()).get()
        row = MemberDetermination.get(MemberDetermination.member == member)
        return consumer, url, row, (member.full_name, member.first_name)

    # $1,000 a month: within the adults' 138% for Medical Assistance.
    _, url, row, names = apply("1000")
    assert row.program == "medical_assistance"
    html = walk(f"{url}/results", allow=names)
    assert "Medical Assistance cubre a los adultos hasta el 138%." in html
    # $2,000 a month: above Medical Assistance, within MinnesotaCare's 200%.
    _, url, row, names = apply("2000")
    assert row.program == "minnesotacare"
    html = walk(f"{url}/results", allow=names)
    assert "dentro del 200% de MinnesotaCare" in html
    # $3,000 a month: the credit, with the 73% silver variant.
    _, url, row, names = apply("3000")
    assert (row.program, row.cost_sharing) == ("qhp_with_aptc", "73")
    html = walk(f"{url}/results", allow=names)
    assert "así que el crédito puede ser de hasta $" in html
    assert "Plan plata con reducción de costos compartidos (valor actuarial del 73%)" in html
    # Not lawfully present, above Medical Assistance's limit: not eligible.
    _, url, row, names = apply("3300", "not_lawfully_present")
    assert row.program == "not_eligible"
    html = walk(f"{url}/results", allow=names)
    assert "las personas sin presencia legal no pueden comprar un plan" in html

    consumer, _, _, names = apply("3300", "lawfully_present")
    request = VerificationRequest.get(VerificationRequest.consumer == consumer.id)
    upload_url = f"/documents/verifications/{request.id}/upload"
    html = walk(upload_url, allow=names)
    assert "No pudimos confirmar la situación migratoria de" in html
    walk(f"/documents/consumers/{consumer.id}/upload", allow=names)
    token = csrf_token_from(client.get(upload_url).get_data(as_text=True))
    response = post_files(client, upload_url, {"csrf_token": token, "document_type": "i551"},
                          [("card.gif", GIF)])
    assert response.status_code == 422
    html = assert_spanish(response, allow=names)
    assert "card.gif no es un archivo PDF, JPEG, PNG, HEIC ni TIFF" in html


CONSUMER_BLUEPRINTS = {
    "public", "auth", "accounts", "consumer", "application", "enrollment", "documents",
    "invoices", "notices", "directory",
}


def test_the_walk_opens_every_consumer_facing_page(app):
    """Last in this file, after every area's walk: each GET page of a consumer's or visitor's
    blueprint was opened in Spanish."""
    pages = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint.split(".")[0] in CONSUMER_BLUEPRINTS
    }
    assert not CONSUMER_BLUEPRINTS & languages.ENGLISH_ONLY_BLUEPRINTS
    assert sorted(pages - WALKED) == []
