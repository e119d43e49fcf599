"""The portal's Jinja environment writes `{{ value }}` through `escape_output`: the same text
as markupsafe's escape, without a Markup object for each value."""

from datetime import date

import flask
import pytest
from jinja2 import StrictUndefined, UndefinedError
from markupsafe import Markup, escape

from portal.templating import PortalEnvironment, escape_output


class Html:
    def __html__(self):
        return "<i>trusted</i>"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "Ann Smith",
        "Gus O'Brien",
        'say "hi"',
        "<script>alert(1)</script>",
        "Tom & Jerry",
        "a > b",
        "naïve café – ok",
        0,
        -42,
        12345678901234567890,
        True,
        None,
        3.5,
        date(2026, 11, 30),
        Markup("<b>safe</b>"),
        Html(),
        ["<li>"],
    ],
    ids=repr,
)
def test_escape_output_writes_what_escape_writes(value):
    assert str(escape_output(value)) == str(escape(value))


def test_plain_text_and_numbers_are_not_wrapped_and_markup_is_passed_through():
    assert type(escape_output("Ann Smith")) is str
    assert type(escape_output(7)) is str
    markup = Markup("<b>x</b>")
    assert escape_output(markup) is markup
    # Anything that needs escaping is escape's result.
    assert escape_output("<b>") == Markup("&lt;b&gt;")


@pytest.fixture
def environment():
    app = flask.Flask(__name__)
    app.jinja_environment = PortalEnvironment
    with app.app_context():
        yield app.jinja_env


def test_templates_compile_to_escape_output(environment):
    code = environment.compile("<p>{{ name }}</p>", raw=True)
    assert "escape_output(" in code
    assert "escape(" not in code.replace("escape_output(", "")


def test_output_is_escaped_in_pages_macros_and_blocks(environment):
    template = environment.from_string(
        "{% macro cell(v) %}<td>{{ v }}</td>{% endmacro %}"
        "{% set joined %}{{ name }}!{% endset %}"
        "<p>{{ name }}|{{ count }}|{{ cell(name) }}|{{ joined }}|{{ safe }}|{{ name ~ '&' }}</p>"
    )
    html = template.render(name='<O\'Neil & "Co">', count=3, safe=Markup("<em>ok</em>"))
    name = "&lt;O&#39;Neil &amp; &#34;Co&#34;&gt;"
    assert html == f"<p>{name}|3|<td>{name}</td>|{name}!|<em>ok</em>|{name}&amp;</p>"


def test_autoescape_switched_in_a_template_keeps_jinjas_code(environment):
    template = environment.from_string(
        "{{ v }}{% autoescape false %}{{ v }}{% endautoescape %}{{ v }}"
    )
    assert template.render(v="<b>") == "&lt;b&gt;<b>&lt;b&gt;"


def test_an_undefined_value_still_fails_under_strict_undefined(environment):
    environment.undefined = StrictUndefined
    with pytest.raises(UndefinedError):
        environment.from_string("{{ missing }}").render()
