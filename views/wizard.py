"""What the two wizards (the application, Enroll in a plan) share: the record a page opened for
whom, the version a step's form was drawn from, and the forms' choices."""

from dataclasses import dataclass

from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice

from portal.forms import PortalForm
from views.acting_for import ActingFor


def choices(pairs, blank="- Select -"):
    """SelectChoice objects (wtforms 3.3 deprecates tuples), optionally after a blank prompt."""
    options = [SelectChoice(value, label) for value, label in pairs]
    return [SelectChoice("", blank), *options] if blank else options


class StepForm(PortalForm):
    # The version of the record the page was drawn from: a stale save is refused.
    version = HiddenField()


def based_on(form):
    """The version a step's page was drawn from (0 when missing or forged: always stale)."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return 0


@dataclass(frozen=True)
class Opened(ActingFor):
    """A wizard's record (an application, an enrollment), opened by its consumer or by an
    assister acting for them."""

    record: object
