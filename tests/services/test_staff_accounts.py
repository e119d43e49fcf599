"""Staff accounts made from the command line (portal/services/staff_accounts.py): create() checks
every answer itself, whoever calls it; the command's prompts are in tests/test_cli_staff.py."""

import pytest

from db.accounts import User
from portal.actors import SYSTEM
from portal.errors import DomainError
from portal.services import staff_accounts

GOOD = {
    "username": " sam.admin ",
    "email": " sam@example.org ",
    "full_name": "Sam   Admin",
    "password": "a staff passphrase long enough",
}


def test_create_makes_a_staff_account_from_cleaned_answers(app):
    user = staff_accounts.create(SYSTEM, **GOOD)

    stored = User.get_by_id(user.id)
    assert (stored.username, stored.email, stored.full_name, stored.role) == (
        "sam.admin", "sam@example.org", "Sam Admin", "staff"
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "ab"),
        ("email", "sam@example.test"),
        ("full_name", "Sam\x00Admin"),
        ("password", "sam@example.org"),
        ("password", "short"),
    ],
)
def test_create_refuses_a_bad_answer_and_creates_nothing(app, field, value):
    with pytest.raises(DomainError) as refused:
        staff_accounts.create(SYSTEM, **(GOOD | {field: value}))

    assert refused.value.field == field
    assert not User.select().exists()


def test_a_username_taken_in_another_case_is_refused(app, factories):
    factories.user("consumer", username="Sam.Admin")

    with pytest.raises(DomainError, match="This username is taken"):
        staff_accounts.create(SYSTEM, **GOOD)
    assert User.select().count() == 1
