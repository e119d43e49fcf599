import pytest


@pytest.fixture(autouse=True)
def app_context(request):
    """Services run inside the app (settings, mail): a test that builds an app gets its context."""
    # A test with `mail_app` pushes that app's contexts itself (the CLI runner reuses any open one).
    if "app" not in request.fixturenames or "mail_app" in request.fixturenames:
        yield
        return
    with request.getfixturevalue("app").app_context():
        yield


@pytest.fixture
def staff(factories):
    """A staff member acting (an actor)."""
    return factories.actor(factories.staff())


@pytest.fixture
def navigator(factories):
    """A navigator with a portal account."""
    return factories.assister("navigator", with_account=True)


@pytest.fixture
def agency_admin(factories):
    """An agency administrator, with an account."""
    return factories.agency_admin()


@pytest.fixture
def admin_actor(factories, agency_admin):
    """The agency administrator acting."""
    return factories.actor(agency_admin.user)
