"""The consumer's own account pages."""

from flask import Blueprint, render_template
from flask_login import current_user

from db.associations import Association
from portal.auth import require_role

bp = Blueprint("consumer", __name__, url_prefix="/consumer")
bp.before_request(require_role("consumer"))


@bp.get("/")
def home():
    consumer = current_user.consumer_profile.get()
    current = (
        Association.select()
        .where(Association.consumer == consumer, Association.ended_at.is_null())
        .order_by(Association.assister_type)
    )
    return render_template("consumer/home.html", consumer=consumer, associations=current)
