"""The assister portal course and its assessment (S8), and the Training ID that lets a learner
without a portal account into them."""

from db import database
from db.assisters import Assister
from portal.services import audit, mail, registration


# A Training ID: the same shape and alphabet as a Registration Number (a secret of 2**60), so the
# course's sign-in takes the same care; only its SHA-256 is kept.
def issue_training_id(actor, assister):
    """Give the assister a new Training ID by email (any earlier one stops working): how a
    learner without a portal account signs in to the course. Returns the plain ID, which is
    never stored."""
    training_id = registration.new_number()
    with database.atomic():
        Assister.update(training_id_hash=registration.hash_number(training_id)).where(
            Assister.id == assister.id
        ).execute()
        mail.send(
            "training_id",
            assister.email,
            "training_id",
            assister=assister,
            training_id=registration.display(training_id),
        )
        audit.record(actor, "assister.training_id_sent", obj=assister)
    return training_id


def learner_for(email, training_id):
    """The assister whose email and Training ID these are, or None (either may be wrong)."""
    if not registration.looks_like_number(training_id):
        return None
    assister = Assister.get_or_none(
        Assister.training_id_hash == registration.hash_number(training_id)
    )
    if assister is None or " ".join((email or "").split()).casefold() != assister.email.casefold():
        return None
    return assister
