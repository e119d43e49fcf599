"""Your certification: the period the assister holds, its history, the course, and renewal
(S8: renewal opens 90 days before expiry and needs the current year's course mastered)."""

from flask import flash, redirect, render_template, url_for
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional

from db.assisters import CERTIFICATION_STATUSES
from db.certifications import CERTIFICATION_KINDS
from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import certifications, courses
from views import form_errors
from views.acting_for import current_assister
from views.assister import bp


class RenewalForm(PortalForm):
    # Asked of brokers only (the template shows them to brokers); the service checks them.
    license_number = StringField(
        "Minnesota insurance license number",
        validators=[Length(max=40, message="Keep the license number to 40 characters or fewer.")],
    )
    license_expires_on = DateField(
        "License expiration date", validators=[Optional()], render_kw={"type": "date"}
    )


def _page(form, status=200):
    assister = current_assister()
    course = courses.current_course()
    page = render_template(
        "assister/certification.html",
        assister=assister,
        form=form,
        renewal=certifications.renewal_of(assister),
        history=list(certifications.history(assister)),
        course=course,
        mastered=courses.has_mastered(assister),
        statuses=dict(CERTIFICATION_STATUSES),
        kinds=dict(CERTIFICATION_KINDS),
    )
    return page, status


@bp.get("/certification")
def certification():
    """The current period, its history, the course and, when it is open, renewal."""
    assister = current_assister()
    return _page(RenewalForm(data={"license_number": assister.license_number or ""}))


@bp.post("/certification/renew")
def renew():
    """Ask to renew: a pending renewal the agency (navigators, CACs) or staff (brokers) confirm."""
    form = RenewalForm()
    if form.validate_on_submit():
        try:
            certifications.request_renewal(
                current_actor(),
                current_assister(),
                {"license_number": form.license_number.data,
                 "license_expires_on": form.license_expires_on.data},
            )
        except DomainError as error:
            form_errors.show(form, error)
        else:
            flash("Your renewal is requested. We email you when it is confirmed.", "success")
            return redirect(url_for("assister.certification"))
    return _page(form, form_errors.status(form))
