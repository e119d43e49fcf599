"""The notices pages (S6.2) through the real screens: the consumer's own list and notice, their
assister's with consent to read notices (audited), read or unread per reader, forged ids, the
work queue's "Unread notices" on the dashboard."""

import re
from html import unescape

import pytest

from db.associations import Association
from db.audit import AuditEvent
from db.notices import Notice, NoticeRead
from portal.services import activity, notices
from tests.conftest import csrf_token_from
from tests.views.wizard import page, submitted


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def navigator(factories):
    return factories.assister("navigator", with_account=True)


@pytest.fixture
def consumer(factories, navigator):
    """A consumer who authorized the navigator: one notice so far, "You authorized …"."""
    consumer = factories.consumer(first_name="Rosa", last_name="Reyes")
    factories.association(for_consumer=consumer, for_assister=navigator)
    return consumer


def sign_in_assister(client, post_form, sign_in, navigator, consumer):
    sign_in(navigator.user)
    post_form(f"/assister/clients/{consumer.id}/assist", {})


def test_the_consumer_lists_opens_and_prints_their_notices(client, sign_in, consumer):
    sign_in(consumer.user)
    home = text(page(client, "/consumer/"))
    assert "Notices (1 unread)" in home
    listed = page(client, f"/clients/{consumer.id}/notices")
    notice = Notice.get(Notice.consumer == consumer)
    assert "Your notices" in listed and "1 notice, 1 unread." in text(listed)
    assert f'href="/clients/{consumer.id}/notices/{notice.id}"' in listed
    assert "Unread" in text(listed) and "Assister authorized notice" in text(listed)
    shown = page(client, f"/clients/{consumer.id}/notices/{notice.id}")
    assert f"<h1>{notice.title}</h1>" in unescape(shown)
    assert "Dear Rosa," in shown and "data-print" in shown and "portal-no-print" in shown
    assert NoticeRead.select().where(NoticeRead.user == consumer.user_id).count() == 1
    # Opened again: still one row; the list and the home page say it is read.
    page(client, f"/clients/{consumer.id}/notices/{notice.id}")
    assert NoticeRead.select().count() == 1
    assert "1 notice, 0 unread." in text(page(client, f"/clients/{consumer.id}/notices"))
    assert "Notices (0 unread)" in text(page(client, "/consumer/"))
    # A consumer's own reads are not an assister's: nothing audited as viewed.
    assert not AuditEvent.select().where(AuditEvent.action == "client.viewed").exists()


def test_forged_and_missing_ids_are_not_found(client, sign_in, factories, consumer):
    other = factories.consumer()
    factories.association(for_consumer=other, for_assister=factories.assister("broker"))
    theirs = Notice.get(Notice.consumer == other)
    sign_in(consumer.user)
    for url in (
        f"/clients/{other.id}/notices",
        f"/clients/{other.id}/notices/{theirs.id}",
        f"/clients/{consumer.id}/notices/{theirs.id}",
        f"/clients/{consumer.id}/notices/987654321",
        f"/clients/{consumer.id}/notices/99999999999999999999999",
    ):
        assert client.get(url).status_code == 404, url
    assert NoticeRead.select().count() == 0


def test_the_assister_reads_with_consent_audited_and_for_themself_only(
    client, post_form, sign_in, navigator, consumer
):
    sign_in_assister(client, post_form, sign_in, navigator, consumer)
    details = text(page(client, f"/assister/clients/{consumer.id}"))
    assert "Notices (1 unread)" in details
    assert f"Notice sent (You authorized {navigator.full_name} to help you)" in details
    listed = page(client, f"/clients/{consumer.id}/notices")
    assert "Notices for Rosa Reyes" in listed and "1 notice, 1 unread by you." in text(listed)
    notice = Notice.get(Notice.consumer == consumer)
    page(client, f"/clients/{consumer.id}/notices/{notice.id}")
    association = Association.get(Association.consumer == consumer)
    assert association.unread_notices == 0
    assert "Notices (0 unread)" in text(page(client, f"/assister/clients/{consumer.id}"))
    # The consumer has not read it.
    assert notices.unread_count(consumer, consumer.user) == 1
    viewed = {
        (row.object_type, row.detail)
        for row in AuditEvent.select().where(
            AuditEvent.action == "client.viewed", AuditEvent.actor == navigator.user_id
        )
    }
    assert ("Association", "notices") in viewed
    assert ("Notice", f"notice “{notice.title}”") in viewed
    said = [what for _when, _who, what in activity.for_consumer(consumer)]
    assert f"viewed your notice “{notice.title}”" in said


def test_without_consent_to_read_notices_the_assister_is_refused(
    client, post_form, sign_in, navigator, consumer
):
    Association.update(may_see_documents=False).where(
        Association.consumer == consumer.id
    ).execute()
    sign_in_assister(client, post_form, sign_in, navigator, consumer)
    details = page(client, f"/assister/clients/{consumer.id}")
    assert "has not authorized you to read their notices" in details
    assert f"/clients/{consumer.id}/notices" not in details
    notice = Notice.get(Notice.consumer == consumer)
    for url in (f"/clients/{consumer.id}/notices", f"/clients/{consumer.id}/notices/{notice.id}"):
        response = client.get(url)
        assert response.status_code == 403
        assert "has not authorized you to read their notices" in response.get_data(as_text=True)
    assert NoticeRead.select().count() == 0
    assert not AuditEvent.select().where(
        AuditEvent.action == "client.viewed", AuditEvent.object_type == "Notice"
    ).exists()


def test_another_assister_finds_nothing(client, sign_in, factories, consumer):
    stranger = factories.assister("cac", with_account=True)
    sign_in(stranger.user)
    notice = Notice.get(Notice.consumer == consumer)
    for url in (f"/clients/{consumer.id}/notices", f"/clients/{consumer.id}/notices/{notice.id}"):
        assert client.get(url).status_code == 404


def test_results_link_to_the_case_notices(client, post_form, sign_in, consumer):
    sign_in(consumer.user)
    url = submitted(client, post_form, consumer.id, "/consumer/")
    results = page(client, f"{url}/results")
    eligibility = Notice.get(Notice.kind == "eligibility")
    link = f'href="/clients/{consumer.id}/notices/{eligibility.id}"'
    assert link in results and f'href="/clients/{consumer.id}/notices"' in results
    shown = text(page(client, f"/clients/{consumer.id}/notices/{eligibility.id}"))
    case = eligibility.case
    assert f"case {case.case_number}" in shown
    # The old address of a case's notice is gone.
    assert client.get(f"{url}/notices/{eligibility.id}").status_code == 404


def test_the_work_queue_filters_clients_with_unread_notices(
    client, post_form, sign_in, factories, navigator, consumer
):
    other = factories.consumer(first_name="Otto", last_name="Olsen")
    other_association = factories.association(for_consumer=other, for_assister=navigator)
    for notice in notices.for_reader(other, navigator.user):
        notices.mark_read(navigator.user, notice, other_association)
    sign_in(navigator.user)
    html = page(client, "/assister/")
    link = 'href="/assister/?status=unread_notices"'
    assert f'{link} hx-get="/assister/?status=unread_notices"' in html
    assert "Unread notices: 1" in html
    for headers in ({}, {"HX-Request": "true"}):
        filtered = client.get("/assister/?status=unread_notices", headers=headers)
        shown = filtered.get_data(as_text=True)
        assert re.findall(r'<th scope="row">([^<]+)</th>', shown) == ["Rosa Reyes"]
        assert "Showing 1–1 of 1 client (with unread notices)." in unescape(shown)
        assert ("<html" in shown) is not bool(headers)
    # Read by the assister, the client leaves the queue.
    post_form(f"/assister/clients/{consumer.id}/assist", {}, page="/assister/")
    notice = Notice.get(Notice.consumer == consumer)
    page(client, f"/clients/{consumer.id}/notices/{notice.id}")
    assert "Unread notices: 0" in page(client, "/assister/")
    assert "No clients match." in page(client, "/assister/?status=unread_notices")


def test_opening_a_notice_is_a_get_that_needs_no_token(client, sign_in, consumer):
    """Reading is the only thing a GET here records, and a post is not answered."""
    sign_in(consumer.user)
    notice = Notice.get(Notice.consumer == consumer)
    url = f"/clients/{consumer.id}/notices/{notice.id}"
    html = page(client, "/consumer/")
    response = client.post(url, data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 405
    assert NoticeRead.select().count() == 0


def test_an_assister_prints_a_spanish_clients_notice_in_spanish(
    client, post_form, sign_in, factories, navigator, consumer
):
    """The print layout is in the notice's language (S13), English pages around it or not: its
    <html lang>, headings and date; the read is audited; opening it changes nothing else."""
    from tests.spanish import english_left

    consumer.user.language = "es"
    consumer.user.save()
    spanish = Notice.create(
        consumer=consumer, kind=Notice.get(Notice.consumer == consumer).kind, language="es",
        title="Aviso de prueba", body="Estimada Rosa:\n\nSu solicitud fue recibida.",
    )
    sign_in_assister(client, post_form, sign_in, navigator, consumer)
    shown = page(client, f"/clients/{consumer.id}/notices/{spanish.id}")
    assert '<html lang="en"' in shown
    url = f"/clients/{consumer.id}/notices/{spanish.id}/print"
    assert f'href="{url}"' in shown and "Print in the client's language (Español)" in shown
    reads_before = NoticeRead.select().count()
    audits_before = AuditEvent.select().count()
    printed = page(client, url)
    assert '<html lang="es"' in printed
    for heading in ("Emitido para", "Fecha de emisión", "Su aviso", "Imprimir"):
        assert heading in printed
    assert "Rosa Reyes" in printed and "Su solicitud fue recibida." in printed
    assert re.search(r"<dd>\d+ de \w+ de \d{4}</dd>", printed)
    assert english_left(printed, allow=("Rosa Reyes",)) == []
    # Audited as the assister's read of this notice; nothing else written.
    (read,) = AuditEvent.select().where(AuditEvent.id > 0).order_by(AuditEvent.id.desc()).limit(1)
    assert AuditEvent.select().count() == audits_before + 1
    assert (read.action, read.actor_id, read.on_behalf_of_id) == (
        "client.viewed", navigator.user_id, consumer.id
    )
    assert read.detail == "notice “Aviso de prueba” to print"
    assert NoticeRead.select().count() == reads_before
    # An English notice prints in English.
    english = Notice.get(Notice.consumer == consumer, Notice.language == "en")
    assert '<html lang="en"' in page(client, f"/clients/{consumer.id}/notices/{english.id}/print")


def test_another_assisters_client_notice_does_not_print(
    client, post_form, sign_in, factories, navigator, consumer
):
    other = factories.consumer()
    factories.association(for_consumer=other, for_assister=factories.assister("broker"))
    theirs = Notice.get(Notice.consumer == other)
    sign_in_assister(client, post_form, sign_in, navigator, consumer)
    for url in (f"/clients/{other.id}/notices/{theirs.id}/print",
                f"/clients/{consumer.id}/notices/{theirs.id}/print"):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.select().where(AuditEvent.detail.contains("to print")).exists()
