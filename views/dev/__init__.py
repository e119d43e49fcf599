"""Development-only pages (the mailbox). Registered only outside production.

Without MAIL_URL every outgoing message stays in the outbox table; the mailbox shows it so the demo
works end to end (activation links, one-time codes) without a mail server.
"""

import re

from flask import Blueprint, abort, render_template
from markupsafe import Markup, escape

from db.mail import OutgoingMail

bp = Blueprint("dev", __name__, url_prefix="/dev")

MAILBOX_SIZE = 200
URL = re.compile(r"https?://[^\s<>\"']+")
# Sentence punctuation after a link ("… at https://x/y.") is not part of it.
TRAILING = ".,;:!?)]}"


@bp.get("/mailbox")
def mailbox():
    messages = list(
        OutgoingMail.select()
        .order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc())
        .limit(MAILBOX_SIZE)
    )
    return render_template("dev/mailbox.html", messages=messages, limit=MAILBOX_SIZE)


@bp.get("/mailbox/<int:message_id>")
def message(message_id):
    mail = OutgoingMail.get_or_none(OutgoingMail.id == message_id)
    if mail is None:
        abort(404)
    return render_template("dev/message.html", mail=mail, paragraphs=body_paragraphs(mail.body))


def body_paragraphs(body):
    """The plain-text body as escaped paragraphs with its line breaks kept and its URLs as links."""
    blocks = re.split(r"\n\s*\n", body.strip())
    return [Markup("<br>\n").join(_linked(line) for line in block.split("\n")) for block in blocks]


def _linked(text):
    parts = []
    position = 0
    for match in URL.finditer(text):
        url = match.group(0).rstrip(TRAILING)
        parts.append(escape(text[position : match.start()]))
        parts.append(Markup('<a class="usa-link" href="{0}">{0}</a>').format(url))
        position = match.start() + len(url)
    parts.append(escape(text[position:]))
    return Markup("").join(parts)
