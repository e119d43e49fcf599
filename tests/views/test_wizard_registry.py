"""Each wizard registers its steps in the order its service keeps them (the service decides
which step may open and where Resume goes), each drawn with a template of its own."""

import pytest

from portal.services import applications, enrollments
from views.application import WIZARD as APPLICATION
from views.enrollment import WIZARD as ENROLLMENT


@pytest.mark.parametrize(
    ("wizard", "service"), [(APPLICATION, applications), (ENROLLMENT, enrollments)]
)
def test_the_registry_follows_the_services_steps(app, wizard, service):
    assert tuple(wizard.steps) == service.STEP_KEYS
    for key, step in wizard.steps.items():
        assert step.title == service.STEPS[key]
        assert app.jinja_env.get_template(step.template).name == f"{wizard.name}/{key}.html"
