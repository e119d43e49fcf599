"""Password rules: 12-128 characters (15 without MFA), any characters, no common or breached
password, not the username or email."""

import unicodedata

import pytest

from portal.errors import DomainError
from portal.services import passwords
from portal.services.passwords import COMMON_MESSAGE, problems, require_acceptable

# Not on the list, no username or email: only the length matters.
FILLER = "violet kettle lantern marsh quill harbor zephyr"


def padded(size):
    return (FILLER * 4)[:size]


@pytest.mark.parametrize(("size", "accepted"), [(11, False), (12, True), (128, True), (129, False)])
def test_length_bounds_with_mfa(size, accepted):
    password = padded(size)
    assert len(password) == size
    assert (problems(password) == []) is accepted
    if accepted:
        require_acceptable(password)
    else:
        with pytest.raises(DomainError) as raised:
            require_acceptable(password)
        assert raised.value.field == "password"
        expected = "Use at least 12 characters." if size < 12 else "Use 128 characters or fewer."
        assert raised.value.message == expected


@pytest.mark.parametrize(("size", "accepted"), [(14, False), (15, True), (128, True)])
def test_fifteen_characters_without_mfa(size, accepted):
    password = padded(size)
    assert (problems(password, without_mfa=True) == []) is accepted
    # The same password is fine for an account with MFA.
    assert problems(password) == []
    if not accepted:
        with pytest.raises(DomainError, match="at least 15 characters"):
            require_acceptable(password, without_mfa=True)


def test_empty_password():
    assert problems("") == ["Enter a password."]
    assert problems(None) == ["Enter a password."]


def test_any_characters_spaces_and_symbols_welcome():
    for password in ("  leading and trailing  ", "tab\tand newline\n ok!", "<>&\"'%;--/*"):
        password = password.ljust(12, "#")
        assert problems(password) == [], password


def test_unicode_counted_as_characters_not_bytes():
    # 12 characters, 24 bytes in UTF-8: accepted. 11 such characters: refused.
    assert len("é" * 12) == 12 and len(("é" * 12).encode()) == 24
    assert problems("é" * 12) == []
    assert problems("é" * 11) == ["Use at least 12 characters."]
    # Emoji and CJK: each is one character.
    assert problems("密码很长很长很长很长很长长") == []
    assert problems("🔑" * 11) == ["Use at least 12 characters."]
    # An accent typed as a separate combining mark still counts once.
    decomposed = unicodedata.normalize("NFD", "é" * 11)
    assert len(decomposed) == 22
    assert problems(decomposed) == ["Use at least 12 characters."]


@pytest.mark.parametrize("password", ["1qaz2wsx3edc4rfv", "1QAZ2WSX3EDC4RFV", "1Qaz2Wsx3Edc4Rfv"])
def test_listed_password_refused_in_any_case(password):
    with pytest.raises(DomainError) as raised:
        require_acceptable(password)
    assert raised.value.message == COMMON_MESSAGE
    assert raised.value.field == "password"


def test_short_listed_password_names_both_problems():
    found = problems("Password")
    assert found == ["Use at least 12 characters.", COMMON_MESSAGE]
    with pytest.raises(DomainError) as raised:
        require_acceptable("Password")
    assert "12 characters" in raised.value.message and "breaches" in raised.value.message


def test_the_shipped_list_is_large_loaded_once_and_a_set():
    listed = passwords.common_passwords()
    assert isinstance(listed, frozenset)
    assert len(listed) >= 100_000
    assert passwords.common_passwords() is listed
    assert "123456" in listed and "password" in listed
    assert all(entry == entry.lower() for entry in listed)
    # A long passphrase that is not on it.
    assert FILLER not in listed


def test_not_the_username_or_email_in_any_case():
    assert problems("Marta.Lindqvist", username="marta.lindqvist") == [
        "Don't use your username as your password."
    ]
    assert problems("MARTA@EXAMPLE.ORG", email="marta@example.org") == [
        "Don't use your email address as your password."
    ]
    with pytest.raises(DomainError, match="username"):
        require_acceptable("marta.lindqvist", username="Marta.Lindqvist")
    # Containing the username is allowed: only the same word is refused.
    assert problems("marta.lindqvist likes rain", username="marta.lindqvist") == []
    assert problems(padded(20), username=None, email=None) == []
