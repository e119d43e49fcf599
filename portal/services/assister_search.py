"""Finding an assister by the Reference Number they gave the consumer ("Select the Assister
Helping You"). A typo is caught by the check digit before any look-up; failed look-ups are
audited, and the screen is rate-limited, so numbers can't be walked (S3)."""

from flask_babel import gettext as _

from db.assisters import Assister
from portal.errors import DomainError
from portal.services import audit, reference_numbers, standing

FIELD = "reference_number"


def find(actor, consumer, typed):
    """The active assister with this Reference Number, or a DomainError that says what is wrong."""
    number = reference_numbers.normalize(typed)
    if not number:
        raise DomainError(_("Enter the Reference Number your assister gave you."), FIELD)
    if not number.isdigit() or len(number) != reference_numbers.LENGTH:
        raise DomainError(
            _("A Reference Number has 10 digits, like 123-456-7890. Check what you typed."),
            FIELD,
        )
    if not reference_numbers.is_valid(number):
        _failed(actor, consumer, number, "check digit")
        raise DomainError(
            _("This is not a valid Reference Number. Check each digit with your assister."),
            FIELD,
        )
    assister = Assister.get_or_none(Assister.reference_number == number)
    if assister is None:
        _failed(actor, consumer, number, "unknown")
        raise DomainError(
            _("No assister has this Reference Number. Check it with your assister."), FIELD
        )
    if standing.lapse_of(assister) is not None:
        _failed(actor, consumer, number, "inactive")
        raise DomainError(
            _(
                "%(name)s is no longer an active assister, so they can't be chosen. Find another "
                "assister through Find local help or the marketplace.",
                name=assister.full_name,
            ),
            FIELD,
        )
    return assister


def _failed(actor, consumer, number, why):
    audit.record(actor, "assister_search.failed", consumer, detail=f"{number} ({why})")
