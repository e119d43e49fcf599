"""Manage Assister (S3, the manual's "Associating with a Consumer"): Assister Details, Select
the Assister Helping You, Assister Authorization / Agent of Record, Remove, Renew, and who acted
on the consumer's behalf."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from db import utcnow
from db.associations import Association
from portal import languages
from portal.auth import current_actor
from portal.errors import DomainError
from portal.extensions import limiter
from portal.services import (
    activity,
    assister_requests,
    assister_search,
    associations,
    authorization_texts,
    consent_expiry,
    standing,
)
from views import form_errors
from views.consumer import bp, current_consumer
from views.consumer.forms import ConsentForm, EndForm, ReferenceAuthorizationForm, SearchForm

# Reference-number look-ups per consumer and per address (S3: no enumeration), one budget
# shared by every route that resolves a Reference Number: a limit on searching alone let the
# authorization screen and its printable form walk the numbers.
SEARCH_LIMITS = ("20 per hour", "60 per hour")
LOOK_UP_SCOPE = "reference-number"
# How a request ended, and who ended an association, as Assister Details says it (the stored
# values' labels are the staff pages' English).
OUTCOMES = {
    "confirmed": _l("Confirmed by the consumer"),
    "withdrawn": _l("Withdrawn by the consumer"),
    "declined": _l("Declined by the assister"),
    "lapsed": _l("Assister no longer available"),
}
ENDED_BY_ROLES = {
    "consumer": _l("Consumer"),
    "assister": _l("Assister"),
    "staff": _l("Staff"),
    "agency_admin": _l("Agency administrator"),
    "system": _l("System"),
}


def _nothing_to_look_up():
    # The empty search form, or a form sent without a number, resolves nothing.
    return not request.values.get("reference_number")


def _per_consumer():
    return f"consumer:{current_user.id}"


look_ups_per_consumer = limiter.shared_limit(
    SEARCH_LIMITS[0], LOOK_UP_SCOPE, key_func=_per_consumer, exempt_when=_nothing_to_look_up
)
look_ups_per_address = limiter.shared_limit(
    SEARCH_LIMITS[1], LOOK_UP_SCOPE, exempt_when=_nothing_to_look_up
)


@bp.get("/assisters")
def assister_details():
    consumer = current_consumer()
    current = list(associations.current_for_consumer(consumer))
    today = utcnow().date()
    pending = list(assister_requests.pending_for_consumer(consumer))
    return render_template(
        "consumer/assister_details.html",
        current=current,
        past=list(associations.past_for_consumer(consumer)),
        expiring=[
            a
            for a in current
            if (a.expires_on - today).days <= consent_expiry.NOTICE_DAYS and not a.is_suspended
        ],
        standing_notices=list(standing.notices_for(consumer)),
        # A suspension's reason and an ending's, in the page's language.
        suspended_reason=lambda a: standing.consumer_reason(a, a.assister),
        end_reason=associations.end_reason,
        outcomes=OUTCOMES,
        ended_by_roles=ENDED_BY_ROLES,
        text_language=authorization_texts.text_language,
        scopes=associations.SCOPES,
        activity=activity.for_consumer(consumer, limit=10),
        # Hand-overs (S13): the agency asked, not the consumer; they read differently.
        handed_over=[sent for sent in pending if sent.handed_over_from_id],
        pending_requests=[sent for sent in pending if not sent.handed_over_from_id],
        ended_requests=list(assister_requests.recent_for_consumer(consumer)),
    )


@bp.get("/assisters/activity")
def activity_log():
    return render_template(
        "consumer/activity.html", activity=activity.for_consumer(current_consumer())
    )


@bp.get("/assisters/select")
@look_ups_per_consumer
@look_ups_per_address
def select_assister():
    form = SearchForm(request.args)
    assister, status = None, 200
    if request.args.get("reference_number") is not None:
        if form.validate():
            try:
                assister = assister_search.find(
                    current_actor(), current_consumer(), form.reference_number.data
                )
            except DomainError as error:
                form.reference_number.errors = [error.message]
                status = 422
        else:
            status = 422
    return render_template("consumer/select_assister.html", form=form, assister=assister), status


@bp.route("/assisters/authorize", methods=["GET", "POST"])
@look_ups_per_consumer
@look_ups_per_address
def authorize():
    consumer = current_consumer()
    form = ReferenceAuthorizationForm()
    typed = (
        form.reference_number.data if form.is_submitted() else request.args.get("reference_number")
    )
    try:
        # Looked up again on Confirm: only the Reference Number travels, never an assister id.
        assister = assister_search.find(current_actor(), consumer, typed)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("consumer.select_assister", reference_number=typed or ""))
    if not form.is_submitted():
        form.reference_number.data = assister.reference_number
    return authorization_screen(
        form,
        consumer,
        assister,
        lambda **consent: associations.associate(current_actor(), consumer, assister, **consent),
        action=url_for("consumer.authorize"),
        print_url=url_for(
            "consumer.authorization_print", reference_number=assister.reference_number
        ),
    )


def shown_text(assister_type):
    """The authorization text of this kind in the page's language (S13)."""
    return authorization_texts.current_text(assister_type, languages.request_language())


def agreed_text_id(form, shown):
    """The text the consumer agrees to: the one their screen showed (posted with the form), or,
    from a form that did not send one, the one this page shows now."""
    return form.text_id.data or shown.id


def authorization_screen(form, consumer, assister, confirm, action, print_url):
    """The Assister Authorization / Agent of Record screen, whichever way the consumer came to
    it (a Reference Number, or a request from Find local help): the text, the scope and expiry,
    the replacement rule. On a valid Confirm, `confirm(scope=, expires_on=, replace=,
    text_id=)` makes the association, agreeing to the text the screen showed."""
    today = utcnow().date()
    text = shown_text(assister.assister_type)
    if not form.is_submitted():
        form.expires_on.data = consent_expiry.default_expiry(today)
    if form.validate_on_submit():
        try:
            association = confirm(
                scope=form.scope(),
                expires_on=form.expires_on.data or consent_expiry.default_expiry(today),
                replace=form.replace.data,
                text_id=agreed_text_id(form, text),
            )
        except associations.ReplacementNeeded as error:
            form.replace.errors = [
                _(
                    "%(message)s Tick “Yes, replace my current assister” to continue.",
                    message=error.message,
                )
            ]
        except assister_requests.RequestEnded as error:
            # Nothing left to confirm: the request ended (the assister lapsed, or it was
            # withdrawn or declined meanwhile).
            flash(error.message, "error")
            return redirect(url_for("consumer.assister_details"))
        except DomainError as error:
            form_errors.show(form, error)
        else:
            flash(
                _(
                    "%(name)s can now help you, within what you allowed.",
                    name=association.assister.full_name,
                ),
                "success",
            )
            return redirect(url_for("consumer.assister_details"))
    status = form_errors.status(form)
    # Shown again, the form agrees to the text on the page now (a newer one, if it changed).
    form.text_id.data = text.id
    return render_template(
        "consumer/authorization.html",
        form=form,
        assister=assister,
        held=_held_of_type(consumer, assister),
        text=text,
        latest=consent_expiry.latest_expiry(today),
        action=action,
        print_url=print_url,
    ), status


@bp.get("/assisters/authorize/print")
@look_ups_per_consumer
@look_ups_per_address
def authorization_print():
    consumer = current_consumer()
    try:
        assister = assister_search.find(
            current_actor(), consumer, request.args.get("reference_number")
        )
    except DomainError:
        abort(404)
    return printable_authorization(
        consumer,
        assister,
        url_for("consumer.authorize", reference_number=assister.reference_number),
    )


def printable_authorization(consumer, assister, back_url):
    """The authorization as a form to print, sign and keep."""
    return render_template(
        "consumer/authorization_print.html",
        consumer=consumer,
        assister=assister,
        text=shown_text(assister.assister_type),
        scopes=associations.SCOPES,
        expires_on=consent_expiry.default_expiry(utcnow().date()),
        now=utcnow(),
        back_url=back_url,
    )


@bp.route("/assisters/<int:association_id>/remove", methods=["GET", "POST"])
def remove_assister(association_id):
    association = _own_current(association_id)
    form = EndForm()
    if form.validate_on_submit():
        reason = (form.reason.data or "").strip() or "Removed by consumer"
        try:
            associations.end_association(current_actor(), association, reason)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(
                _(
                    "%(name)s can no longer see your information or act for you.",
                    name=association.assister.full_name,
                ),
                "success",
            )
        return redirect(url_for("consumer.assister_details"))
    status = form_errors.status(form)
    return render_template("consumer/remove.html", form=form, association=association), status


@bp.route("/assisters/<int:association_id>/renew", methods=["GET", "POST"])
def renew(association_id):
    association = _own_current(association_id)
    today = utcnow().date()
    text = shown_text(association.assister_type)
    form = ConsentForm(obj=association if request.method == "GET" else None)
    if request.method == "GET":
        form.expires_on.data = consent_expiry.default_expiry(today)
    if form.validate_on_submit():
        try:
            associations.renew(
                current_actor(),
                association,
                scope=form.scope(),
                expires_on=form.expires_on.data or consent_expiry.default_expiry(today),
                text_id=agreed_text_id(form, text),
            )
        except DomainError as error:
            form_errors.show(form, error)
        else:
            flash(_("Your authorization is renewed."), "success")
            return redirect(url_for("consumer.assister_details"))
    status = form_errors.status(form)
    form.text_id.data = text.id
    return render_template(
        "consumer/renew.html",
        form=form,
        association=association,
        text=text,
        latest=consent_expiry.latest_expiry(today),
    ), status


def _own_current(association_id):
    association = Association.get_or_none(
        Association.id == association_id, Association.consumer == current_consumer()
    )
    if association is None or not associations.is_current(association):
        abort(404)
    return association


def _held_of_type(consumer, assister):
    return next(
        (
            a
            for a in associations.current_for_consumer(consumer)
            if a.assister_type == assister.assister_type and a.assister_id != assister.id
        ),
        None,
    )
