"""Ending a session from the account page: only a name the page gives ends one."""

import pytest

from portal.errors import NotFound
from portal.services import sessions


@pytest.mark.parametrize("id_hash", ["", "\x00", "a" * 63, "A" * 64, "g" * 64, "a" * 64 + "\x00"])
def test_a_malformed_session_name_ends_nothing(factories, app, id_hash):
    user = factories.user()
    with app.app_context(), pytest.raises(NotFound, match="already ended"):
        sessions.end(factories.actor(user), user, id_hash)
