"""`flask --app wsgi staff create`: a deployment's first staff account, made from the command
line (portal/services/staff_accounts.py), and its first sign-in, which registers MFA."""

import pytest

from db.accounts import User
from db.audit import AuditEvent
from portal.app import create_app
from portal.services import accounts, passwords
from tests.conftest import emailed_code

PASSWORD = "a staff passphrase long enough"
GOOD_ANSWERS = ["sam.admin", "sam@example.org", "Sam Admin"]


def _create(app, answers=(), args=(), **env):
    """The command run as a person at a terminal runs it, `answers` typed one a line."""
    typed = "".join(f"{answer}\n" for answer in answers)
    return app.test_cli_runner().invoke(args=["staff", "create", *args], input=typed, env=env)


def _staff():
    return list(User.select().where(User.role == "staff"))


def test_a_good_run_creates_one_staff_account_that_registers_mfa_at_first_sign_in(
    app, client, post_form
):
    result = _create(app, [*GOOD_ANSWERS, PASSWORD, PASSWORD])

    assert result.exit_code == 0, result.output
    assert "Staff account sam.admin created for Sam Admin <sam@example.org>." in result.output
    assert "register MFA" in result.output and "/sign-in" in result.output
    assert PASSWORD not in result.output
    (user,) = _staff()
    assert (user.username, user.email, user.full_name) == tuple(GOOD_ANSWERS)
    assert user.password_hash.startswith("$argon2id$") and accounts.password_matches(user, PASSWORD)
    assert user.email_verified_at is not None and user.mfa_mode is None
    (created,) = AuditEvent.select().where(AuditEvent.action == "user.created")
    assert (created.actor_role, created.object_id, created.detail) == (
        "system", str(user.id), "role: staff"
    )

    # The first factor passes, and MFA is registered before anything else opens.
    signed = post_form("/sign-in", {"username": "Sam.Admin", "password": PASSWORD})
    assert signed.headers["Location"] == "/sign-in/mfa/register"
    assert client.get("/admin/").status_code == 302
    registered = post_form("/sign-in/mfa/register", {"email": user.email, "agree": "y"})
    assert registered.status_code == 200
    done = post_form("/sign-in/mfa/code", {"code": emailed_code(user)})
    assert done.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert User.get_by_id(user.id).mfa_mode == "email"


def test_a_weak_or_common_password_is_refused_with_the_rules_and_asked_again(app):
    result = _create(app, [*GOOD_ANSWERS, "qwertyuiop", "password1234", PASSWORD, PASSWORD])

    assert result.exit_code == 0, result.output
    assert "Use at least 12 characters." in result.output
    assert str(passwords.COMMON_MESSAGE) in result.output
    assert result.output.count("Password:") == 3
    (user,) = _staff()
    assert accounts.password_matches(user, PASSWORD)


def test_a_password_like_the_username_is_refused(app):
    result = _create(app, [*GOOD_ANSWERS, "SAM.ADMIN", PASSWORD, PASSWORD])

    assert "Don't use your username as your password." in result.output
    assert "Use at least 12 characters." in result.output
    assert result.exit_code == 0 and len(_staff()) == 1


def test_a_confirmation_that_does_not_match_asks_for_the_password_again(app):
    result = _create(app, [*GOOD_ANSWERS, PASSWORD, f"{PASSWORD}!", PASSWORD, PASSWORD])

    assert result.exit_code == 0, result.output
    assert "The two entered values do not match." in result.output
    assert result.output.count("Password:") == 2
    (user,) = _staff()
    assert accounts.password_matches(user, PASSWORD)


def test_each_bad_answer_at_a_prompt_says_why_and_is_asked_again(app, factories):
    factories.user("staff", username="Sam.Admin")
    answers = [
        "sam.admin", "s a m", "sam.admin2",
        "sam@", "sam@example.org",
        "Sam\x07Admin", "Sam   Admin",
        PASSWORD, PASSWORD,
    ]  # fmt: skip
    result = _create(app, answers)

    assert result.exit_code == 0, result.output
    assert "This username is taken: choose another." in result.output
    assert "A username has 3 to 64 characters" in result.output
    assert "Enter an email address like name@example.org." in result.output
    assert "Remove the invisible control characters" in result.output
    assert result.output.count("Username:") == 3
    assert result.output.count("Email address:") == 2
    assert result.output.count("Full name:") == 2
    assert {(user.username, user.full_name) for user in _staff()} == {
        ("Sam.Admin", "Test Person"), ("sam.admin2", "Sam Admin")
    }


@pytest.mark.parametrize(
    ("args", "env", "reason"),
    [
        (["--username", "JO.STAFF"], {}, "This username is taken"),
        (["--username", "sam admin"], {}, "A username has 3 to 64 characters"),
        (["--email", "sam@localhost"], {}, "Enter an email address like name@example.org."),
        (["--email", "x" * 250 + "@example.org"], {}, "254 characters or fewer"),
        (["--full-name", "   "], {}, "Enter a full name."),
        (["--full-name", "x" * 201], {}, "Keep the full name to 200 characters or fewer."),
        ([], {"STAFF_PASSWORD": "password1234"}, str(passwords.COMMON_MESSAGE)),
        ([], {"STAFF_PASSWORD": "sam@example.org"}, "Don't use your email address"),
    ],
)
def test_a_bad_value_given_without_prompts_stops_and_creates_nothing(
    app, factories, args, env, reason
):
    taken = factories.user("staff", username="jo.staff")
    given = dict(zip(["--username", "--email", "--full-name"], GOOD_ANSWERS, strict=True))
    given.update(zip(args[::2], args[1::2], strict=True))
    env = {"STAFF_PASSWORD": PASSWORD, **env}

    result = _create(app, args=[part for pair in given.items() for part in pair], **env)

    assert result.exit_code != 0
    assert reason in result.output
    assert "Password" not in result.output and "created" not in result.output
    assert [user.id for user in _staff()] == [taken.id]
    assert AuditEvent.select().where(AuditEvent.action == "user.created").count() == 1


def test_staff_password_from_the_environment_needs_no_prompt(app):
    args = ["--username", "sam.admin", "--email", "sam@example.org", "--full-name", "Sam Admin"]

    result = _create(app, args=args, STAFF_PASSWORD=PASSWORD)

    assert result.exit_code == 0, result.output
    assert "Password" not in result.output and PASSWORD not in result.output
    (user,) = _staff()
    assert accounts.password_matches(user, PASSWORD)


def test_it_works_in_production_settings(app):
    production = create_app(
        {"DATABASE_URL": app.config["DATABASE_URL"]},
        environ={"PORTAL_ENV": "production", "SECRET_KEY": "s" * 64},
    )
    result = _create(production, [*GOOD_ANSWERS], STAFF_PASSWORD=PASSWORD)

    assert result.exit_code == 0, result.output
    assert [user.username for user in _staff()] == ["sam.admin"]
