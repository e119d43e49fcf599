"""The assister's pages."""

from flask import Blueprint, render_template
from flask_login import current_user
from peewee import fn

from db.associations import Association
from portal.auth import require_role

bp = Blueprint("assister", __name__, url_prefix="/assister")
bp.before_request(require_role("assister"))


@bp.get("/")
def home():
    assister = current_user.assister_profile.get()
    counts = dict(
        Association.select(Association.status, fn.COUNT(Association.id))
        .where(Association.assister == assister, Association.ended_at.is_null())
        .group_by(Association.status)
        .tuples()
    )
    return render_template("assister/home.html", assister=assister, counts=counts)
