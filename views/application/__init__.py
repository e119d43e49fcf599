"""The application wizard (S5): the exact same screens for a consumer in their own account and
for an assister acting for them. Every page opens the application through `opened()`, which is
the one access check: the consumer's own application, or an assister's client with an active
association whose consent covers applying (another id is a 404, a missing scope a 403). Every
page an assister is shown through it is a read of the client's private data, audited (S10)."""

from dataclasses import dataclass

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from db.applications import Application
from db.associations import Association
from db.consumers import Consumer
from portal.auth import current_actor, require_role
from portal.errors import DomainError
from portal.services import applications, associations, audit
from views.application.summary import summary_context
from views.assister import current_assister
from views.assister.clients import acknowledged
from views.consumer import current_consumer

bp = Blueprint("application", __name__, url_prefix="/applications")
bp.before_request(require_role("consumer", "assister"))

# What each page shows the assister, as the consumer reads it in "Who acted on my behalf"
# ("Viewed your …"); {step} is the step's title, {record} the record shown.
SHOWN = {
    "application.step": "application: {step}",
    "application.signature": "application: {step}",
    "application.rights": "application: Notice of Rights and Responsibilities",
    "application.results": "application results",
    "application.next_steps": "Next Steps and MinnesotaCare premium",
    "application.notice": "notice “{record}”",
    "application.rescind": "application: Rescind",
}


@dataclass(frozen=True)
class ClientRead:
    consumer: Consumer
    record: object  # what the page shows: the application, enrollment or notice


def showing(record):
    """The page shows `record` (a notice of the case, say) rather than the one it opened."""
    if "client_read" in g:
        g.client_read = ClientRead(g.client_read.consumer, record)


def audits_reads(shown, step_titles):
    """An after_request hook of the blueprints whose pages open through `way_in_to`: a page
    an assister was shown (a GET answered 200) is recorded, once, as a read for the consumer.
    Redirects and refusals showed nothing; a save writes its own audit row."""

    def record_read(response):
        read = g.pop("client_read", None)
        if read is not None and request.method == "GET" and response.status_code == 200:
            step = step_titles.get((request.view_args or {}).get("step"), "")
            what = shown.get(request.endpoint, "information").format(step=step, record=read.record)
            audit.viewed(current_actor(), read.consumer, read.record, what)
        return response

    return record_read


bp.after_request(audits_reads(SHOWN, applications.STEPS))


@dataclass(frozen=True)
class Opened:
    application: Application
    consumer: Consumer
    association: Association | None  # the assister's, when an assister is acting

    @property
    def back_url(self):
        """Where Save & Exit goes: the consumer's home, or the assister's Client Details."""
        if self.association is None:
            return url_for("consumer.home")
        return url_for("assister.client_details", consumer_id=self.consumer.id)


def way_in_to(consumer_id, action, record=None):
    """(consumer, association) for the current user: the consumer themself (association None),
    or an assister whose active association's consent covers `action`; the page they are then
    shown (`record`) is audited as their read."""
    if current_user.role == "consumer":
        consumer = current_consumer()
        if consumer.id != consumer_id:
            abort(404)
        return consumer, None
    assister = current_assister()
    association = associations.require_access(assister, consumer_id, action)
    if not acknowledged(consumer_id):
        # Private information opens only after this session's acknowledgement.
        abort(redirect(url_for("assister.assist", consumer_id=consumer_id)))
    g.client_read = ClientRead(association.consumer, record or association)
    return association.consumer, association


def opened(application_id, action="apply"):
    application = Application.get_or_none(Application.id == application_id)
    if application is None:
        abort(404)
    return Opened(application, *way_in_to(application.consumer_id, action, application))


@bp.post("/start/<int:consumer_id>")
def start(consumer_id):
    """Apply for assistance with Health Care / Resume application."""
    consumer, association = way_in_to(consumer_id, "apply")
    back = Opened(None, consumer, association).back_url
    try:
        application = applications.start(current_actor(), consumer)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(back)
    return redirect(resume_url(application))


def held_elsewhere(way_in, hold):
    """Someone else is working on the application: a read-only view; a post saves nothing."""
    return render_template(
        "application/summary.html", way_in=way_in, hold=hold, read_only=True,
        **summary_context(way_in.application),
    ), (409 if request.method == "POST" else 200)


def based_on(form):
    """The version a step's page was drawn from (0 when missing or forged: always stale)."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return 0


def resume_url(application):
    if application.status != "draft":
        return url_for("application.results", application_id=application.id)
    return url_for(
        "application.step", application_id=application.id, step=application.current_step
    )


from views.application import signing, steps  # noqa: E402,F401  (routes on bp)
