"""The agency's roster (S8): its navigators and CACs with their certification, training and
portal access; approve, mark inactive and confirm a renewal, one person at a time or by CSV
upload with a report of every row."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_wtf.file import FileField

from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import roster, roster_upload
from views import form_errors
from views.agency import bp, current_agency_admin

LISTING_ARGS = ("q", "status", "page")
# What each button's flash says: the state reached, the same whether this click or an earlier
# one (a double click) reached it.
DONE = {
    "approve": "{name} is approved for portal access.",
    "inactive": "{name} is inactive on your roster: their portal access has ended.",
}


class ActionForm(PortalForm):
    """A roster button: the CSRF token only (checked for every post by CSRFProtect)."""


class UploadForm(PortalForm):
    # The file is read by the service (roster_upload.read), which says what is wrong with it.
    file = FileField("Roster file (CSV UTF-8)")


def listing_args(source):
    """The roster page's search, filter and page, cleaned, for its links and redirects."""
    args = {
        "q": roster.clean_search(source.get("q")),
        "status": roster.clean_status(source.get("status")),
        "page": source.get("page", type=int) or 1,
    }
    return {name: value for name, value in args.items() if value and value != 1}


@bp.get("/roster")
def roster_page():
    """The roster: search by name or email, filter by roster status, by name, in pages."""
    return _roster(current_agency_admin(), UploadForm(formdata=None))


def _roster(admin, upload_form, status=None):
    """The roster page; with the upload form's refusal when it comes back with one."""
    args = listing_args(request.args)
    page = roster.page_of(
        admin.agency, args.get("q", ""), args.get("status", ""), min(args.get("page", 1), 10**6)
    )
    return render_template(
        "agency/roster.html",
        admin=admin,
        page=page,
        args=args,
        statuses=roster.STATUS_LABELS,
        certification_labels=roster.CERTIFICATION_LABELS,
        action_form=ActionForm(formdata=None),
        form=upload_form,
        max_bytes=current_app.config["ROSTER_UPLOAD_MAX_BYTES"],
        max_rows=current_app.config["ROSTER_UPLOAD_MAX_ROWS"],
        search_max=roster.SEARCH_MAX,
    ), status or form_errors.status(upload_form)


@bp.post("/roster/<int:assister_id>/approve")
def approve(assister_id):
    return _act(assister_id, roster.approve, "approve")


@bp.post("/roster/<int:assister_id>/inactive")
def mark_inactive(assister_id):
    return _act(assister_id, roster.mark_inactive, "inactive")


@bp.post("/roster/<int:assister_id>/renewal")
def confirm_renewal(assister_id):
    return _act(assister_id, roster.confirm_renewal)


def _act(assister_id, action, done=None):
    """One roster button: the person must be on this agency's roster (NotFound: a 404), then
    back to the roster page as it was, with what came of it."""
    admin = current_agency_admin()
    person = roster.person(admin.agency, assister_id)
    try:
        outcome = action(current_actor(), person)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(DONE[done].format(name=person.full_name) if done else outcome.what, "success")
    return redirect(url_for("agency.roster_page", **listing_args(request.args)))


@bp.post("/roster/upload")
def upload():
    """Apply an uploaded roster: the report of every row, or the form again saying why the file
    was refused (nothing applied)."""
    admin = current_agency_admin()
    form = UploadForm()
    limit = current_app.config["ROSTER_UPLOAD_MAX_BYTES"]
    if form.validate_on_submit():
        sent = request.files.get("file")
        try:
            if sent is None or not sent.filename:
                raise DomainError("Choose the roster file to upload.", field="file")
            report = roster_upload.upload(
                current_actor(), admin.agency, admin, sent.filename,
                sent.stream.read(limit + 1),  # one byte more than allowed says it is too large
                limit, current_app.config["ROSTER_UPLOAD_MAX_ROWS"],
            )
        except DomainError as error:
            form_errors.show(form, error)
        else:
            return render_template("agency/roster_report.html", admin=admin, report=report)
    return _roster(admin, form)


@bp.errorhandler(413)
def upload_too_large(_error):
    """Larger than any request the portal reads (MAX_CONTENT_LENGTH): not even its CSRF token
    was read, so the upload form is shown again, saying why."""
    form = UploadForm(formdata=None)
    limit = current_app.config["ROSTER_UPLOAD_MAX_BYTES"]
    form.form_errors.append(
        f"This file is far larger than a roster can be (at most {limit // 1024:,} KB). "
        "Nothing was applied."
    )
    return _roster(current_agency_admin(), form, status=413)


@bp.get("/roster/template.csv")
def roster_template():
    """The roster as it is now, in the upload's format: mark each row and upload it."""
    admin = current_agency_admin()
    return Response(
        roster_upload.download(admin.agency),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="roster.csv"'},
    )
