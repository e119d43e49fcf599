"""What a screen reader is given on admin pages beyond what the browser checks find: row actions
named in words with their row, form errors and hints tied to their field, a set of radio buttons
grouped under a legend. (tests/browser/test_admin_accessibility.py runs axe and HTML_CodeSniffer
on every admin page.)"""

import re

import pytest
from flask import render_template_string
from wtforms import Form, RadioField
from wtforms.fields.choices import SelectChoice

from db.assisters import Assister


@pytest.fixture
def staff_client(client, factories, sign_in):
    sign_in(factories.staff())
    return client


def test_each_row_action_is_named_in_words_with_its_row(staff_client, factories):
    grace = factories.assister("broker", first_name="Grace", last_name="Lindqvist")
    html = staff_client.get("/admin/admin_assister/").get_data(as_text=True)
    # The row's first column is its header; View and Edit are read with it ("View 303-…").
    assert re.search(rf'<th scope="row" id="row-{grace.id}"[^>]*>\s*{grace.reference_number[:3]}',
                     html)
    for verb in ("view", "edit"):
        assert f'aria-labelledby="{verb}-{grace.id} row-{grace.id}"' in html
        assert f'id="{verb}-{grace.id}">{verb.title()}</span>' in html
    # An action of the portal's own is read by its title, its glyph hidden.
    assert ('<span class="fa fa-envelope" aria-hidden="true"></span>\n'
            '  <span class="sr-only">Send or re-send the activation email</span>') in html
    assert '<th scope="col"><span class="sr-only">Actions</span></th>' in html


def test_a_sorted_column_says_how_it_is_sorted(staff_client, factories):
    factories.assister("broker")
    html = staff_client.get("/admin/admin_assister/?sort=1&desc=1").get_data(as_text=True)
    assert re.search(r'<th scope="col" class="column-header col-last_name" '
                     r'aria-sort="descending">', html)


def test_a_refused_form_ties_each_error_to_its_field(staff_client, post_form):
    response = post_form("/admin/admin_assister/new/", {"assister_type": "broker"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and Assister.select().count() == 0
    field = re.search(r'<input[^>]*id="first_name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="first_name-error"' in field
    assert re.search(r'<ul class="[^"]*" id="first_name-error">\s*<li>This field is required.',
                     html)
    # Required fields carry the marker the page explains; a date is the browser's date field.
    assert "Fields marked" in html and re.search(
        r'for="first_name">First Name <span class="text-danger" aria-hidden="true">\*</span>', html)
    assert re.search(r'<input[^>]*id="certified_on"[^>]*type="date"', html)
    assert 'data-role="datepicker"' not in html


def test_a_radio_group_is_a_fieldset_named_by_its_legend(app):
    class Choice(Form):
        kind = RadioField("Kind", choices=[SelectChoice("a", "Navigator"),
                                           SelectChoice("b", "Broker")])

    form = Choice()
    form.validate()
    with app.test_request_context():
        html = render_template_string(
            '{% import "admin/model/_form.html" as f %}{{ f.render_field(form.kind) }}', form=form
        )
    assert re.search(r'<fieldset class="form-group" aria-describedby="kind-error">\s*'
                     r'<legend class="col-form-label">Kind</legend>', html)
    assert html.count('type="radio"') == 2
    assert '<label class="form-check-label" for="kind-0">Navigator</label>' in html
