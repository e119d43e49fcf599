"""Marketplace staff accounts, made from the command line (`flask --app wsgi staff create`):
the first staff account of a deployment has no one to make it in the portal. Only the demo
data made staff before.

Each answer is checked as the portal's forms check it, one at a time, so a prompt can ask
again. A staff account starts without MFA: at the first sign-in the person registers it, as
every staff member, agency administrator and assister does (mfa.MFA_ROLES).
"""

import email_validator

from db.accounts import User
from portal.errors import DomainError, required_text
from portal.forms import TEXT_MESSAGE, has_control_characters
from portal.services import accounts, passwords

ROLE = "staff"
EMAIL_MAX = User.email.max_length
FULL_NAME_MAX = User.full_name.max_length


def check_username(username):
    """The username without the spaces around it, or a DomainError: it keeps the rule of every
    workforce account and no account has it, in any case."""
    username = accounts.checked_username(username)
    if accounts.username_taken(username):
        raise DomainError(accounts.USERNAME_TAKEN, field="username")
    return username


def check_email(email):
    """The address without the spaces around it, or a DomainError: email-validator's checks with
    the settings of the portal's forms (wtforms' Email: no DNS look-up).

    An address another account has is accepted, as activation accepts it: one person may be a
    consumer and staff, and the forgotten-username page chooses among their accounts.
    """
    email = (email or "").strip()
    if not email:
        raise DomainError("Enter an email address.", field="email")
    if len(email) > EMAIL_MAX:
        raise DomainError(
            f"Keep the email address to {EMAIL_MAX} characters or fewer.", field="email"
        )
    try:
        email_validator.validate_email(email, check_deliverability=False)
    except email_validator.EmailNotValidError as invalid:
        raise DomainError(
            f"Enter an email address like name@example.org. {invalid}", field="email"
        ) from None
    return email


def check_full_name(full_name):
    """The name with its runs of spaces made one, or a DomainError."""
    if has_control_characters(full_name or ""):
        raise DomainError(str(TEXT_MESSAGE), field="full_name")
    return required_text(
        full_name, "full_name", "Enter a full name.", FULL_NAME_MAX, noun="full name"
    )


def password_problems(password, username, email):
    """Every rule the password breaks. Staff always sign in with MFA: the shorter minimum."""
    return passwords.problems(password, username=username, email=email, without_mfa=False)


def create(actor, username, email, full_name, password):
    """Create a staff account, its email verified (the person who runs the command vouches for
    it) and MFA left for the first sign-in; audited as "user.created". Raises DomainError, the
    field named, for the first answer refused; then nothing is created."""
    username = check_username(username)
    email = check_email(email)
    full_name = check_full_name(full_name)
    passwords.require_acceptable(password, username=username, email=email)
    # create_user checks the username again inside its transaction: another run may have
    # taken it since check_username.
    return accounts.create_user(actor, username, email, full_name, ROLE, password)
