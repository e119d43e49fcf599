"""Results and the eligibility notice for the programs and figures issue 23 added: Emergency
Medical Assistance, the county's Medical Assistance for people 65 and over or with Medicare, the
rule behind each outcome and each return's credit, from a submission through the wizard."""

from db.applications import ApplicationMember
from db.cases import MemberDetermination
from db.notices import Notice
from tests.views.wizard import page, submitted


def test_emergency_medical_assistance_for_an_undocumented_adult(
    client, post_form, factories, sign_in
):
    # $1,500 a month: 18,000 / 15,960 = 112.78%, within the adults' 138%.
    consumer = factories.consumer()
    sign_in(consumer.user)
    url = submitted(client, post_form, consumer.id, "/consumer/", income="1500",
                    immigration_status="not_lawfully_present")
    assert MemberDetermination.get().program == "emergency_medical_assistance"
    html = page(client, f"{url}/results")
    assert "<h3>Emergency Medical Assistance</h3>" in html
    assert "Rule: 42 USC 1396b(v)(2)" in html
    notice = Notice.get(Notice.kind == "eligibility")
    assert "Emergency Medical Assistance" in notice.body
    assert "(Rule: 42 USC 1396b(v)(2)" in notice.body


def test_the_notice_names_who_each_credit_covers(client, post_form, factories, sign_in):
    # The wizard's plain household: one adult at $3,300 a month, with the credit.
    consumer = factories.consumer()
    sign_in(consumer.user)
    submitted(client, post_form, consumer.id, "/consumer/")
    assert MemberDetermination.get().program == "qhp_with_aptc"
    name = ApplicationMember.get().full_name
    body = Notice.get(Notice.kind == "eligibility").body
    assert f"{name} can receive up to $" in body
    assert "(Rule: 26 USC 36B(b); 45 CFR 155.305(f).)" in body


def test_a_notice_page_shows_the_notice_as_paragraphs(client, post_form, factories, sign_in):
    consumer = factories.consumer()
    sign_in(consumer.user)
    submitted(client, post_form, consumer.id, "/consumer/")
    notice = Notice.get(Notice.kind == "eligibility")
    html = page(client, f"/clients/{consumer.id}/notices/{notice.id}")
    assert f"<p>Dear {ApplicationMember.get().full_name},</p>" in html
    assert "('paragraph'" not in html


def test_the_eligibility_notice_is_in_the_consumers_language(
    app, client, post_form, factories, sign_in
):
    from db.accounts import User
    from tests.spanish import english_left

    spanish = factories.consumer()
    User.update(language="es").where(User.id == spanish.user_id).execute()
    sign_in(spanish.user)
    submitted(client, post_form, spanish.id, "/consumer/")
    notice = Notice.get((Notice.kind == "eligibility") & (Notice.consumer == spanish.id))
    assert notice.language == "es"
    assert notice.title.startswith("Determinación de elegibilidad para ")
    assert "Hemos decidido quién en su hogar califica para cobertura de salud" in notice.body
    assert "así que el crédito puede ser de hasta $" in notice.body
    name = ApplicationMember.get(ApplicationMember.application == notice.case.application).full_name
    assert not english_left(f"<p>{notice.title}</p><p>{notice.body}</p>", allow=(name,))

    client.delete_cookie(app.config["SESSION_COOKIE_NAME"])
    english = factories.consumer()
    sign_in(english.user)
    submitted(client, post_form, english.id, "/consumer/")
    notice = Notice.get((Notice.kind == "eligibility") & (Notice.consumer == english.id))
    assert notice.language == "en"
    assert "We have decided who in your household qualifies" in notice.body
    assert "so the credit can be up to $" in notice.body
