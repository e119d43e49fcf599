"""Upload documents (S6.3): the same pages for a consumer and for an assister acting for them
(from Client Details, with consent to apply): for an open verification request, or as "other"
(from the actions on the home page and Client Details). A template per page; an htmx request
gets its upload section, and the pages work as plain forms without JavaScript. Refusals are said
on the form with what was chosen kept; nothing is stored then (portal/services/documents.py)."""

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jinja2_fragments.flask import render_block
from wtforms import MultipleFileField, SelectField, StringField
from wtforms.validators import InputRequired

from db.documents import NOTE_MAX, OTHER_DOCUMENTS
from portal.auth import current_actor, require_role
from portal.display import local_time
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import documents, verifications
from views.acting_for import acting_for, audits_reads
from views.form_errors import show
from views.form_errors import status as form_status
from views.wizard import choices

bp = Blueprint("documents", __name__, url_prefix="/documents")
bp.before_request(require_role("consumer", "assister"))
# What an assister was shown, as the consumer reads it in "Who acted on my behalf".
bp.after_request(audits_reads({"documents.upload": "verification request: {record}",
                               "documents.upload_other": "documents"}, {}))

# Uploading stands for the consumer in what the application asked of them: the same consent.
ACTION = "apply"
MEGABYTE = 1024 * 1024


class UploadForm(PortalForm):
    document_type = SelectField(
        _l("Which document is it?"),
        validators=[InputRequired(_l("Choose which document this is."))],
    )
    # Checked by the service, by content: the browser's `accept` only narrows the picker.
    files = MultipleFileField(_l("Files"))


class OtherUploadForm(UploadForm):
    note = StringField(
        _l("What is it for? (optional, up to %(count)s characters)", count=NOTE_MAX)
    )


@bp.route("/verifications/<int:verification_id>/upload", methods=["GET", "POST"])
def upload(verification_id):
    """Upload documents for an open verification request: choose the document, then files."""
    verification = documents.find_request(verification_id)  # NotFound: a 404 page
    acting = acting_for(verification.consumer_id, ACTION, verification)
    form = UploadForm()
    form.document_type.choices = choices(verification.accepted_documents, blank=_("- Select -"))
    received = receive(form, lambda sent: documents.upload(
        current_actor(), verification, form.document_type.data, sent,
        current_app.config["DOCUMENTS_DIR"],
    ))
    return answer("documents/upload.html", form, received, acting=acting,
                  verification=verification, reason=verifications.reason(verification),
                  documents=documents.for_request(verification))


@bp.route("/consumers/<int:consumer_id>/upload", methods=["GET", "POST"])
def upload_other(consumer_id):
    """Upload documents as "other", asked for by no verification request: choose what the
    document is, say what it is for if you like, then the files."""
    acting = acting_for(consumer_id, ACTION)  # another's consumer id: a 404 page
    form = OtherUploadForm()
    form.document_type.choices = choices(OTHER_DOCUMENTS, blank=_("- Select -"))
    received = receive(form, lambda sent: documents.upload_other(
        current_actor(), acting.consumer, form.document_type.data, form.note.data, sent,
        current_app.config["DOCUMENTS_DIR"],
    ))
    return answer("documents/upload_other.html", form, received, acting=acting,
                  documents=documents.other_for(acting.consumer))


def receive(form, store):
    """The files of a valid post, given to `store`: what it received, or None (nothing sent,
    or a refusal, which is then on the form)."""
    if not form.validate_on_submit():
        return None
    sent = [(file.filename, file.stream) for file in request.files.getlist("files")
            if file.filename or file.content_length]
    try:
        return store(sent)
    except documents.FilesRefused as refused:
        form.files.errors = [*form.files.errors, *refused.problems]
    except DomainError as error:
        show(form, error)
    return None


def answer(template, form, received, **context):
    """After an upload without JavaScript, the page again with what it did (so a reload sends
    nothing twice); otherwise the page, or for htmx its upload section."""
    if received is not None and not request.htmx:
        for message in received_messages(received):
            flash(message, "success")
        return redirect(request.path, code=303)
    context |= {
        "form": form,
        "received": received_messages(received) if received else [],
        "file_max_mb": documents.FILE_MAX // MEGABYTE,
        "upload_max_mb": documents.UPLOAD_MAX // MEGABYTE,
    }
    if request.htmx:
        # htmx swaps only 2xx answers: the section comes back 200 with the refusal in it.
        return render_block(template, "upload_section", **context)
    return render_template(template, **context), form_status(form)


@bp.errorhandler(413)
def too_large(_error):
    """More than MAX_CONTENT_LENGTH was sent: the request was not read (not even its CSRF
    token), so the form is shown again, saying why, in place of an error page."""
    flash(
        _(
            "Nothing was uploaded: the files sent together were larger than %(upload_max)s MB. "
            "Send at most %(file_max)s MB a file, a few files at a time.",
            upload_max=documents.UPLOAD_MAX // MEGABYTE,
            file_max=documents.FILE_MAX // MEGABYTE,
        ),
        "error",
    )
    if request.htmx:
        # The section alone has no place for the message: the whole page shows it.
        return Response(headers={"HX-Redirect": request.path})
    return redirect(request.path, code=303)


def received_messages(received):
    """What an upload did, one sentence a file."""
    messages = [
        _("Received %(file)s (%(type)s).", file=document.file_name,
          type=document.get_document_type_display())
        for document in received.stored
    ]
    messages += [
        _("%(file)s was already received on %(time)s: it was not stored again.",
          file=sent, time=local_time(document.uploaded_at))
        if sent == document.file_name
        else _("%(file)s was already received on %(time)s (as %(stored)s): it was not stored "
               "again.", file=sent, time=local_time(document.uploaded_at),
               stored=document.file_name)
        for sent, document in received.already
    ]
    return messages
