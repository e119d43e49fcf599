"""Notices (S6.2): every notice of a consumer, newest first, read or unread for whoever reads
the list, and one notice, printable. The same pages for the consumer themself and for an
assister acting for them with consent to read notices (`acting_for`); each page an assister is
shown is an audited read of the client's private data. Opening a notice records that its
reader has read it (the one write a GET here makes, and only when the page is shown).

A notice prints in the language it was issued in (S13): its print layout is written in that
language whoever opens it, so an assister on English pages prints a Spanish-speaking client's
notice in Spanish, headings and dates included."""

from flask import Blueprint, render_template

from portal import languages
from portal.auth import current_actor, require_role
from portal.services import notices
from views.acting_for import acting_for, audits_reads, showing

bp = Blueprint("notices", __name__, url_prefix="/clients")
bp.before_request(require_role("consumer", "assister"))
# What an assister was shown, as the consumer reads it in "Who acted on my behalf".
bp.after_request(
    audits_reads(
        {
            "notices.index": "notices",
            "notices.notice": "notice “{record}”",
            "notices.notice_print": "notice “{record}” to print",
        },
        {},
    )
)

ACTION = "notices"


@bp.get("/<int:consumer_id>/notices")
def index(consumer_id):
    """The consumer's notices, newest first, each marked Unread or Read for this reader."""
    acting = acting_for(consumer_id, ACTION)
    return render_template(
        "notices/notices.html",
        acting=acting,
        notices=notices.for_reader(acting.consumer, current_actor().user),
    )


@bp.get("/<int:consumer_id>/notices/<int:notice_id>")
def notice(consumer_id, notice_id):
    """One notice as it was issued, printable; this reader has now read it."""
    acting = acting_for(consumer_id, ACTION)
    found = notices.find(acting.consumer, notice_id)  # NotFound: a 404 page
    showing(found)
    notices.mark_read(current_actor().user, found, acting.association)
    return render_template("notices/notice.html", acting=acting, notice=found)


@bp.get("/<int:consumer_id>/notices/<int:notice_id>/print")
def notice_print(consumer_id, notice_id):
    """The notice laid out for paper, in its own language. Opening it marks nothing read: the
    notice page it is printed from did."""
    acting = acting_for(consumer_id, ACTION)
    found = notices.find(acting.consumer, notice_id)  # NotFound: a 404 page
    showing(found)
    with languages.writing_in(found.language):
        return render_template(
            "notices/notice_print.html", consumer=acting.consumer, notice=found
        )
