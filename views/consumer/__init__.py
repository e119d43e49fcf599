"""The consumer's own account pages."""

from flask import Blueprint, render_template

from portal.auth import current_actor, require_role
from portal.services import associations, invoices, notices, submission
from views.acting_for import current_consumer

bp = Blueprint("consumer", __name__, url_prefix="/consumer")
bp.before_request(require_role("consumer"))


@bp.get("/")
def home():
    consumer = current_consumer()
    return render_template(
        "consumer/home.html",
        consumer=consumer,
        associations=list(associations.current_for_consumer(consumer)),
        overview=submission.overview(consumer),
        # The consumer may do for themself all an assister's consent can allow.
        everything=dict.fromkeys(associations.SCOPES, True),
        invoices=invoices.for_consumer(consumer),
        unread_notices=notices.unread_count(consumer, current_actor().user),
    )


from views.consumer import manage_assister, requests  # noqa: E402, F401  (routes on bp)
