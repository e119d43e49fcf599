"""The consumer, or an assister acting for them: who the signed-in user is and whom they act
for, shared by every blueprint that shows a consumer's pages (the consumer's own, the
assister's client pages, the application and enrollment wizards). A plain module, not a
blueprint: blueprints never import each other, they import this.

An assister reaches a client's private information only through an active association whose
consent covers what they do, after this session's acknowledgement; every page they are then
shown is a read of the client's private data, audited (S10)."""

from dataclasses import dataclass

from flask import abort, g, redirect, request, session, url_for
from flask_login import current_user

from db.associations import Association
from db.consumers import Consumer
from portal.auth import current_actor
from portal.services import associations, audit

ACKNOWLEDGED_KEY = "acknowledged_clients"


def current_assister():
    # Loaded with the session row and the user in one statement (portal/sessions.py).
    assister = getattr(current_user, "assister", None)
    return assister if assister is not None else current_user.assister_profile.get()


def current_consumer():
    # Loaded with the session row and the user in one statement (portal/sessions.py).
    consumer = getattr(current_user, "consumer", None)
    if consumer is not None and consumer.id is not None:
        return consumer
    return current_user.consumer_profile.get()


def acknowledged(consumer_id):
    """The assister acknowledged their authorization for this client in this session."""
    return consumer_id in session.get(ACKNOWLEDGED_KEY, [])


def remember_acknowledgement(consumer_id, keep=True):
    # For this session only: a new sign-in means a new acknowledgement.
    ids = [i for i in session.get(ACKNOWLEDGED_KEY, []) if i != consumer_id]
    session[ACKNOWLEDGED_KEY] = [*ids, consumer_id] if keep else ids


@dataclass(frozen=True)
class ActingFor:
    consumer: Consumer
    association: Association | None  # the assister's, when an assister is acting

    @property
    def back_url(self):
        """Where Save & Exit goes: the consumer's home, or the assister's Client Details."""
        if self.association is None:
            return url_for("consumer.home")
        return url_for("assister.client_details", consumer_id=self.consumer.id)


@dataclass(frozen=True)
class ClientRead:
    consumer: Consumer
    record: object  # what the page shows: the application, enrollment or notice


def acting_for(consumer_id, action, record=None):
    """Whom the current user acts for: the consumer themself (another consumer's id is a 404),
    or an assister whose active association's consent covers `action` (see
    `associations.require_access`); the page that assister is then shown (`record`) is audited
    as their read."""
    if current_user.role == "consumer":
        consumer = current_consumer()
        if consumer.id != consumer_id:
            abort(404)
        return ActingFor(consumer, None)
    association = associations.require_access(current_assister(), consumer_id, action)
    if not acknowledged(consumer_id):
        # Private information opens only after this session's acknowledgement.
        abort(redirect(url_for("assister.assist", consumer_id=consumer_id)))
    g.client_read = ClientRead(association.consumer, record or association)
    return ActingFor(association.consumer, association)


def showing(record):
    """The page shows `record` (a notice of the case, say) rather than the one it opened."""
    if "client_read" in g:
        g.client_read = ClientRead(g.client_read.consumer, record)


def audits_reads(shown, step_titles):
    """An after_request hook of the blueprints whose pages open through `acting_for`: a page
    an assister was shown (a GET answered 200) is recorded, once, as a read for the consumer.
    Redirects and refusals showed nothing; a save writes its own audit row.

    `shown` names each endpoint's page as the consumer reads it in "Who acted on my behalf"
    ("Viewed your …"): {step} is the step's title (from `step_titles`), {record} the record."""

    def record_read(response):
        read = g.pop("client_read", None)
        if read is not None and request.method == "GET" and response.status_code == 200:
            step = step_titles.get((request.view_args or {}).get("step"), "")
            what = shown.get(request.endpoint, "information").format(step=step, record=read.record)
            audit.viewed(current_actor(), read.consumer, read.record, what)
        return response

    return record_read
