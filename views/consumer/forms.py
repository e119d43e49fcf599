"""The Manage Assister forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.forms import PortalForm
from portal.services import associations


class SearchForm(PortalForm):
    # A GET form: the search is a look-up, nothing is written (CSRF is for state changes).
    class Meta:
        csrf = False

    reference_number = StringField(_l("Reference Number"), validators=[Length(max=20)])


class ConsentForm(PortalForm):
    """The scope and expiry the consumer grants, on Confirm and on Renew."""

    may_apply = BooleanField(associations.SCOPES["may_apply"], default=True)
    may_enroll = BooleanField(associations.SCOPES["may_enroll"], default=True)
    may_see_documents = BooleanField(associations.SCOPES["may_see_documents"], default=True)
    may_report_changes = BooleanField(associations.SCOPES["may_report_changes"], default=True)
    expires_on = DateField(
        _l("This authorization ends on"),
        validators=[Optional()],
        render_kw={"type": "date"},
    )

    # The text the screen showed (authorization_texts.agreed_text): Confirm agrees to it.
    text_id = HiddenField()

    def scope(self):
        return tuple(name for name in associations.SCOPES if self[name].data)


class AuthorizationForm(ConsentForm):
    """Confirm on the Authorization / Agent of Record screen, reached from a request."""

    replace = BooleanField(_l("Yes, replace my current assister of this type"))


class ReferenceAuthorizationForm(AuthorizationForm):
    """The same, reached by a Reference Number, which the Confirm carries to look it up again."""

    reference_number = HiddenField()


class RequestForm(PortalForm):
    # Its length is the service's rule (assister_requests.MESSAGE_MAX), said in its words.
    message = TextAreaField(_l("Message to the assister (optional)"))


class WithdrawForm(PortalForm):
    """Only the CSRF token: withdrawing a request asks nothing more."""


class EndForm(PortalForm):
    reason = TextAreaField(
        _l("Why are you removing this assister? (optional)"),
        validators=[Length(max=associations.REASON_MAX)],
    )
