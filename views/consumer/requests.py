"""Request this assister (S13): from a Find local help listing the consumer sends a request,
then authorizes the assister on the same Authorization / Agent of Record screen as Manage
Assister's, or withdraws it. Only the request's id travels, never a Reference Number."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import current_actor
from portal.errors import DomainError, NotFound
from portal.extensions import limiter
from portal.services import assister_requests
from views import form_errors
from views.consumer import bp, current_consumer
from views.consumer.forms import AuthorizationForm, RequestForm, WithdrawForm
from views.consumer.manage_assister import authorization_screen, printable_authorization

# Requests sent per consumer and per address: each one mails an assister, so a script must not
# send many; a household sharing one address still has room.
SEND_LIMITS = ("10 per day", "30 per day")


def _per_consumer():
    return f"consumer:{current_user.id}"


@bp.route("/assisters/request/<int:assister_id>", methods=["GET", "POST"])
@limiter.limit(SEND_LIMITS[0], key_func=_per_consumer, methods=["POST"])
@limiter.limit(SEND_LIMITS[1], methods=["POST"])
def request_assister(assister_id):
    consumer = current_consumer()
    try:
        assister = assister_requests.listed_assister(assister_id)
    except NotFound:
        abort(404)
    form = RequestForm()
    if form.validate_on_submit():
        try:
            assister_requests.send(current_actor(), consumer, assister, form.message.data)
        except DomainError as error:
            form_errors.show(form, error)
        else:
            flash(
                _(
                    "Your request was sent to %(name)s. They can't see your information or act "
                    "for you until you authorize them.",
                    name=assister.full_name,
                ),
                "success",
            )
            return redirect(url_for("consumer.assister_details"))
    # Before sending, say at once why this assister can't be asked (after, the form says it).
    refused = None if form.is_submitted() else assister_requests.refusal(consumer, assister)
    return render_template(
        "consumer/request_assister.html", form=form, assister=assister, refused=refused
    ), form_errors.status(form)


@bp.route("/assisters/requests/<int:request_id>/authorize", methods=["GET", "POST"])
def authorize_request(request_id):
    consumer = current_consumer()
    # Confirm posted again (a double click) answers as the first did; an ended request is
    # otherwise no longer there to authorize.
    pending = _own(consumer, request_id, pending=request.method == "GET")
    return authorization_screen(
        AuthorizationForm(),
        consumer,
        pending.assister,
        lambda **consent: assister_requests.confirm(current_actor(), pending, **consent),
        action=url_for("consumer.authorize_request", request_id=pending.id),
        print_url=url_for("consumer.authorize_request_print", request_id=pending.id),
    )


@bp.get("/assisters/requests/<int:request_id>/authorize/print")
def authorize_request_print(request_id):
    consumer = current_consumer()
    pending = _own(consumer, request_id, pending=True)
    return printable_authorization(
        consumer,
        pending.assister,
        url_for("consumer.authorize_request", request_id=pending.id),
    )


@bp.post("/assisters/requests/<int:request_id>/withdraw")
def withdraw_request(request_id):
    # Any of the consumer's own: withdrawn already (a double click), the same answer.
    pending = _own(current_consumer(), request_id)
    if WithdrawForm().validate_on_submit():
        try:
            assister_requests.withdraw(current_actor(), pending)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_withdrawn(pending), "success")
    return redirect(url_for("consumer.assister_details"))


def _withdrawn(sent):
    if sent.handed_over_from_id:  # a hand-over: the agency asked, the consumer said no
        return _(
            "You said no thanks: %(name)s won't take over. Choose Add or change my assister to "
            "have someone else help you.",
            name=sent.assister.full_name,
        )
    return _("Your request to %(name)s is withdrawn.", name=sent.assister.full_name)


def _own(consumer, request_id, pending=False):
    """The consumer's own request (and, if `pending`, one still pending), or 404."""
    try:
        sent = assister_requests.consumer_request(consumer, request_id)
    except NotFound:
        abort(404)
    if pending and not sent.is_pending:
        abort(404)
    return sent
