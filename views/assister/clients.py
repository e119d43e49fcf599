"""One client's pages: Assist Client (the acknowledgement), Client Details, creating an account
for the client and ending the association. Each starts with `require_access`, so another
assister's client, an ended or expired association and a made-up id are all a 404."""

from flask import abort, flash, redirect, render_template, url_for
from wtforms import EmailField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from db import utcnow
from db.consumers import RELATIONSHIPS
from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import associations, audit, consent_expiry, consumer_accounts
from portal.services import client_details as client_record
from views import form_errors
from views.acting_for import acknowledged, current_assister, remember_acknowledgement
from views.assister import bp


class AcknowledgeForm(PortalForm):
    pass


class EndForm(PortalForm):
    reason = TextAreaField(
        "Why are you ending this association?",
        validators=[
            DataRequired("Give the reason for ending this association."),
            Length(
                max=associations.REASON_MAX,
                message=f"Keep the reason to {associations.REASON_MAX} characters or fewer.",
            ),
        ],
    )


class ClaimForm(PortalForm):
    email = EmailField(
        "Your client's email address",
        validators=[
            DataRequired("Enter your client's email address."),
            Length(max=254, message="Keep the email address to 254 characters or fewer."),
            Email("Enter an email address like name@example.com.", check_deliverability=False),
        ],
    )
    # The account's language (S13): the email goes out in it, and its link opens the account's
    # creation in it. Stored values are the language codes.
    language = RadioField(
        "Your client's language",
        choices=[SelectChoice("en", "English"), SelectChoice("es", "Spanish")],
        validators=[Optional()],
    )


def _access(consumer_id, action="view"):
    return associations.require_access(current_assister(), consumer_id, action)


@bp.route("/clients/<int:consumer_id>/assist", methods=["GET", "POST"])
def assist(consumer_id):
    """Acknowledgement of Assister Authorization / Agent of Record: Confirm or Cancel."""
    association = _access(consumer_id)
    form = AcknowledgeForm()
    if form.validate_on_submit():
        client_record.acknowledge(current_actor(), association)
        remember_acknowledgement(consumer_id)
        return redirect(url_for("assister.client_details", consumer_id=consumer_id))
    return render_template(
        "assister/acknowledgement.html",
        association=association,
        consumer=association.consumer,
        form=form,
        agent_of_record=association.assister_type == "broker",
        scopes=_scopes(association),
    )


@bp.get("/clients/<int:consumer_id>")
def client_details(consumer_id):
    """Client Details: only after this session's acknowledgement; every view is audited."""
    association = _access(consumer_id)
    if not acknowledged(consumer_id):
        return redirect(url_for("assister.assist", consumer_id=consumer_id))
    shown = client_record.details(current_actor(), association)
    return render_template(
        "assister/client_details.html",
        association=association,
        scopes=_scopes(association),
        not_allowed=[
            words
            for name, words in associations.SCOPES_FOR_ASSISTER.items()
            if not getattr(association, name)
        ],
        notice_days=consent_expiry.NOTICE_DAYS,
        today=utcnow().date(),
        relationships=dict(RELATIONSHIPS),
        **shown,
    )


@bp.route("/clients/<int:consumer_id>/end", methods=["GET", "POST"])
def end(consumer_id):
    """End this association: the assister can do it online (S3); access stops at once."""
    association = _access(consumer_id)
    if not acknowledged(consumer_id):
        return redirect(url_for("assister.assist", consumer_id=consumer_id))
    form = EndForm()
    status = 200
    if form.validate_on_submit():
        try:
            associations.end_association(current_actor(), association, form.reason.data)
        except DomainError as error:
            if error.field != "reason":
                abort(404)
            form.reason.errors = [error.message]
        else:
            remember_acknowledgement(consumer_id, keep=False)
            flash(
                f"You ended your association with {association.consumer.full_name}. "
                "You no longer have access to their information.",
                "success",
            )
            return redirect(url_for("assister.home"))
    if form.is_submitted():
        status = 422
    return render_template(
        "assister/end_association.html",
        association=association,
        consumer=association.consumer,
        form=form,
    ), status


@bp.route("/clients/<int:consumer_id>/create-account", methods=["GET", "POST"])
def create_account(consumer_id):
    """Create an account for this client (S6.4): they are emailed how to make it their own."""
    association = _access(consumer_id)
    if not acknowledged(consumer_id):
        return redirect(url_for("assister.assist", consumer_id=consumer_id))
    consumer = association.consumer
    form = ClaimForm(
        data={"email": consumer.email, "language": consumer_accounts.language_of_record(consumer)}
    )
    if form.validate_on_submit():
        try:
            invitation = consumer_accounts.invite_to_claim(
                current_actor(), consumer, form.email.data, form.language.data
            )
        except DomainError as error:
            form_errors.show(form, error)
        else:
            flash(f"The email was sent to {invitation.email}.", "success")
            return redirect(url_for("assister.client_details", consumer_id=consumer_id))
    if not form.is_submitted():
        audit.viewed(current_actor(), consumer, consumer, "email address")
    return render_template(
        "assister/create_account.html", consumer=consumer, form=form
    ), form_errors.status(form)


def _scopes(association):
    return [
        (words, bool(getattr(association, name))) for name, words in associations.SCOPES.items()
    ]
