import pytest


@pytest.fixture(autouse=True)
def app_context(request):
    """Services run inside the app (configuration, mail); tests that build an app get its context."""
    if "app" not in request.fixturenames:
        yield
        return
    with request.getfixturevalue("app").app_context():
        yield
