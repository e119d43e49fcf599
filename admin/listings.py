"""Find local help in the admin: how an agency's or an assister's listing stands, and staff
hiding it (with the reason, which the assister is told) or showing it again."""

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.template import EndpointLinkRowAction
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from admin.forms import show_refusal
from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import listings

LABELS = {
    "listed": "Listed in Find local help",
    "hidden_by_staff": "Hidden by staff",
    "hidden_reason": "Why hidden",
}
FILTERS = ("listed", "hidden_by_staff")
ROW_ACTION = EndpointLinkRowAction(
    "fa fa-eye-slash", ".listing_view", title="Hide or show in Find local help"
)


class ListingForm(PortalForm):
    # What the page offered ("hide" or "show"): a page sent twice, or after another staff
    # member's change, is refused by the service rather than undoing what was done.
    action = HiddenField()
    reason = TextAreaField(
        "Reason for hiding",
        validators=[
            Length(
                max=listings.REASON_MAX,
                message=f"Keep the reason to {listings.REASON_MAX} characters or fewer.",
            ),
        ],
    )


def state(listing):
    """How the listing stands, in the list's words."""
    if listing.hidden_by_staff:
        return f"Hidden by staff: {listing.hidden_reason}"
    return "Listed" if listing.listed else "Not listed (their choice)"


def state_column(view, context, model, name):
    return state(model)


class ListingActions:
    """The hide and show page of a model view whose rows are listings (Agency, Assister); its
    edit and details pages link to it, and so does a row action."""

    edit_template = "admin/model/listing_edit.html"
    details_template = "admin/model/listing_details.html"

    @expose("/listing/", methods=("GET", "POST"))
    def listing_view(self):
        listing = self.get_one(request.args.get("id"))
        if listing is None:
            flash("That record does not exist.", "error")
            return redirect(url_for(".index_view"))
        form = ListingForm()
        status = 200
        if form.validate_on_submit():
            try:
                if form.action.data == "show":
                    listings.show(current_actor(), listing)
                else:
                    listings.hide(current_actor(), listing, form.reason.data)
            except DomainError as error:
                if not show_refusal(form, error):
                    # Changed since the page was read: show it as it is now.
                    listing = type(listing).get_by_id(listing.id)
                status = 422
            else:
                flash(self.done_message(listing), "success")
                return redirect(url_for(".details_view", id=listing.id))
        elif form.is_submitted():
            status = 422
        page = self.render(
            "admin/listing.html", listing=listing, form=form, state=state(listing)
        )
        return page, status

    # Whether the listing's owner is told by email (an assister; an agency has no one to tell
    # until agency administrators exist).
    owner_is_told = False

    def listing_state(self, listing):
        return state(listing)

    def done_message(self, listing):
        told = " They are told by email." if self.owner_is_told else ""
        if listing.hidden_by_staff:
            return f"{listing} is hidden from Find local help.{told}"
        return f"{listing} is no longer hidden from Find local help ({state(listing)}).{told}"
