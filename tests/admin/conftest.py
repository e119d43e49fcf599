import pytest


@pytest.fixture
def staff(factories):
    """A staff member (their User row)."""
    return factories.staff()


@pytest.fixture
def staff_client(client, sign_in, staff):
    """The test client, signed in as `staff`."""
    sign_in(staff)
    return client
