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
