"""The consumer's own account pages."""

from flask import Blueprint, render_template
from flask_login import current_user

from portal.auth import require_role
from portal.services import associations, submission

bp = Blueprint("consumer", __name__, url_prefix="/consumer")
bp.before_request(require_role("consumer"))


def current_consumer():
    # Loaded with the session row and the user in one statement (portal/sessions.py).
    consumer = getattr(current_user._get_current_object(), "consumer", None)
    if consumer is not None and consumer.id is not None:
        return consumer
    return current_user.consumer_profile.get()


@bp.get("/")
def home():
    consumer = current_consumer()
    return render_template(
        "consumer/home.html",
        consumer=consumer,
        associations=list(associations.current_for_consumer(consumer)),
        overview=submission.overview(consumer),
    )


from views.consumer import manage_assister  # noqa: E402, F401  (routes on bp)
