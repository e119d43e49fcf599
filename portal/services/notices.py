"""Issuing a notice (S6.2): its text written once from `templates/notices/<kind>.txt` and kept
as issued, whatever later changes to the case or the template."""

from flask import render_template

from db import utcnow
from db.notices import Notice


def issue(consumer_id, case, kind, title, issued_at=None, **context):
    return Notice.create(
        consumer=consumer_id,
        case=case,
        kind=kind,
        title=title,
        body=render_template(f"notices/{kind}.txt", case=case, **context),
        created_at=issued_at or utcnow(),
    )
