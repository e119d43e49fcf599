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
