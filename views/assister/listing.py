"""The assister's listing in Find local help: whether and how consumers find them there (S7)."""

from flask import flash, redirect, render_template, url_for
from wtforms import RadioField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from db.assisters import LANGUAGES
from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import listings
from views import form_errors
from views.acting_for import current_assister
from views.assister import bp
from views.wizard import choices

YES_NO = (("yes", "Yes, list me"), ("no", "No, don't list me"))
ADDRESS = (("street", "My street address"), ("city", "Only my city"))


class ListingForm(PortalForm):
    listed = RadioField(
        "Show me in Find local help",
        choices=choices(YES_NO, blank=None),
        validators=[InputRequired("Choose whether consumers can find you in Find local help.")],
    )
    address = RadioField(
        "Address consumers see",
        choices=choices(ADDRESS, blank=None),
        validators=[InputRequired("Choose which address consumers see.")],
    )
    listing_phone = StringField(
        "Phone for consumers",
        validators=[Optional(), Regexp(listings.PHONE_PATTERN, message=listings.PHONE_MESSAGE)],
    )
    hours = StringField(
        "Office hours",
        validators=[
            Length(
                max=listings.HOURS_MAX,
                message=f"Keep the office hours to {listings.HOURS_MAX} characters or fewer.",
            )
        ],
    )
    # Checked here rather than by wtforms' choice check, whose message repeats what was sent.
    languages = SelectMultipleField(
        "Languages you help consumers in",
        choices=choices(((name, name) for name in LANGUAGES), blank=None),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError("Choose at least one language you help consumers in.")
        if not set(field.data) <= set(LANGUAGES):
            raise ValidationError("Choose the languages from the list.")

    @classmethod
    def of(cls, assister):
        """The form filled in from the saved listing (a POST's own values win)."""
        return cls(
            data={
                "listed": "yes" if assister.listed else "no",
                "address": "street" if assister.listing_shows_street else "city",
                "listing_phone": assister.listing_phone or "",
                "hours": assister.hours or "",
                "languages": listings.languages_of(assister),
            }
        )


@bp.route("/listing", methods=["GET", "POST"])
def listing():
    """Your listing in Find local help: the choices, and how consumers see them."""
    assister = current_assister()
    form = ListingForm.of(assister)
    if form.validate_on_submit():
        try:
            listings.update_assister_listing(
                current_actor(),
                assister,
                {
                    "listed": form.listed.data == "yes",
                    "listing_shows_street": form.address.data == "street",
                    "listing_phone": form.listing_phone.data,
                    "hours": form.hours.data,
                    "languages": form.languages.data,
                },
            )
        except DomainError as error:
            form_errors.show(form, error)
        else:
            flash("Your listing in Find local help is saved.", "success")
            return redirect(url_for("assister.listing"))
    return render_template(
        "assister/listing.html",
        assister=assister,
        form=form,
        shown=listings.shown(assister),
        hidden_message=listings.hidden_message(assister) if assister.hidden_by_staff else None,
    ), form_errors.status(form)
