"""Hand over clients (S13): the agency administrator chooses an assister who left, lapsed or
is leaving, then who takes over from the agency's assisters of the same type, and confirms.
Choosing is a plain GET (nothing is written until the confirmation's POST)."""

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms import HiddenField, SelectField
from wtforms.validators import ValidationError

from portal.auth import current_actor
from portal.errors import DomainError, NotFound
from portal.forms import PortalForm
from portal.services import handover
from views import form_errors
from views.agency import bp, current_agency_admin
from views.wizard import choices

CHOOSE_FROM_LIST = "Choose who takes over from the list."


class ChooseForm(PortalForm):
    """Who takes over: sent by GET to the confirmation, which changes nothing."""

    class Meta:
        csrf = False

    # Checked here rather than by wtforms' choice check, whose message repeats what was sent.
    to_assister = SelectField("Who takes over", validate_choice=False)

    def validate_to_assister(self, field):
        if field.data not in {choice.value for choice in field.choices if choice.value}:
            raise ValidationError(CHOOSE_FROM_LIST)


class HandOverForm(PortalForm):
    """The confirmation's Hand over button: who takes over travels as chosen."""

    to_assister = HiddenField()


@bp.get("/handover")
def handover_list():
    admin = current_agency_admin()
    departing = handover.departing(admin.agency)
    return render_template(
        "agency/handover.html",
        lapsed=[row for row in departing if row.lapse is not None],
        leaving=[row for row in departing if row.lapse is None],
    )


@bp.route("/handover/<int:assister_id>", methods=["GET", "POST"])
def hand_over(assister_id):
    agency = current_agency_admin().agency
    try:
        departing = handover.departing_assister(agency, assister_id)
    except NotFound:
        abort(404)
    refused = handover.refusal(agency, departing)
    successors = [] if refused else handover.successors(departing)
    by_id = {str(successor.id): successor for successor in successors}
    choose = ChooseForm(request.args)
    choose.to_assister.choices = choices(
        (str(successor.id), successor.full_name) for successor in successors
    )
    confirm, successor = HandOverForm(), None
    if request.method == "POST":
        # The confirmation's Hand over: the chosen successor, checked again by the service.
        successor = by_id.get(confirm.to_assister.data or "")
        if refused is not None:
            confirm.form_errors.append(refused.message)
        elif successor is None:
            confirm.form_errors.append(CHOOSE_FROM_LIST)
        elif confirm.validate_on_submit():
            try:
                result = handover.hand_over(current_actor(), agency, departing, successor)
            except DomainError as error:
                form_errors.show(confirm, error)
            else:
                _tell(departing, successor, result)
                return redirect(url_for("agency.hand_over", assister_id=departing.id))
    elif "to_assister" in request.args and choose.validate():
        successor = by_id[choose.to_assister.data]
        confirm.to_assister.data = str(successor.id)
    status = max(form_errors.status(confirm), form_errors.status(choose))
    return render_template(
        "agency/hand_over.html",
        departing=departing,
        refused=refused,
        successors=successors,
        clients=handover.clients(departing) if refused is None else [],
        history=list(handover.handed_over(departing)),
        choose=choose,
        confirm=confirm,
        successor=successor,
    ), status


def _tell(departing, successor, result):
    """What the hand-over did, as flashed messages (the page below shows the requests)."""
    count = len(result.handed_over)
    if count:
        flash(
            f"{count} {'client' if count == 1 else 'clients'} of {departing.full_name} "
            f"handed over to {successor.full_name}. Each must now authorize "
            f"{successor.first_name} on Manage Assister; until then nobody can act for them.",
            "success",
        )
    for _consumer, why in result.not_handed_over:
        flash(f"Not handed over: {why}", "error")
