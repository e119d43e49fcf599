"""Every model, in dependency order: what migrations are checked against and tests rebuild."""

from db.accounts import User
from db.assisters import Agency, Assister
from db.associations import Association, AuthorizationText
from db.audit import AuditEvent
from db.consumers import Consumer, HouseholdMember
from db.mail import OutgoingMail

MODELS = [
    User,
    Agency,
    Assister,
    Consumer,
    HouseholdMember,
    AuthorizationText,
    Association,
    OutgoingMail,
    AuditEvent,
]
