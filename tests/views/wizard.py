"""Walking the application wizard through the test client, as a browser posts it."""

import re

from db.assisters import Assister
from tests.conftest import csrf_token_from

CONTACT = {
    "first_name": "Carl",
    "last_name": "Consumer",
    "date_of_birth": "1980-05-17",
    "street": "12 Elm St",
    "city": "Saint Paul",
    "zip_code": "55101",
    "county": "Ramsey",
    "phone": "651 555 0100",
    "email": "carl@example.org",
}
PRIMARY_HOUSEHOLD = {"applying": "yes", "tax_filing": "filer", "immigration_status": "citizen",
                     "american_indian": "no", "incarcerated": "no"}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def version_of(html):
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)


def member_ids(html):
    return [int(i) for i in re.findall(r'name="members-\d+-id" type="hidden" value="(\d+)"', html)]


def post_step(client, url, data, action="next"):
    """Post a step with the CSRF token and version of the page as it stands now."""
    html = page(client, url)
    fields = {"csrf_token": csrf_token_from(html), "version": version_of(html), "action": action}
    return client.post(url, data={**fields, **data})


def per_member(html, answers_by_position):
    """Form fields for each member on the page: `answers_by_position[n]` for the nth member."""
    data = {}
    for n, member_id in enumerate(member_ids(html)):
        data[f"members-{n}-id"] = str(member_id)
        for name, value in answers_by_position[min(n, len(answers_by_position) - 1)].items():
            data[f"members-{n}-{name}"] = value
    return data


def start(client, post_form, consumer_id, page_url):
    """Apply for assistance with Health Care (or Resume application): the application's URL."""
    response = post_form(f"/applications/start/{consumer_id}", {}, page=page_url)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[0]


def complete_to_signature(
    client, application_url, income="1500", frequency="monthly", immigration_status="citizen"
):
    """Contact, household (primary only), income, coverage and summary, each with Next."""
    response = post_step(client, f"{application_url}/contact", CONTACT)
    assert response.status_code == 302, response.get_data(as_text=True)
    household_html = page(client, f"{application_url}/household")
    primary = {**PRIMARY_HOUSEHOLD, "immigration_status": immigration_status}
    response = post_step(
        client, f"{application_url}/household", per_member(household_html, [primary])
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    income_html = page(client, f"{application_url}/income")
    response = post_step(
        client,
        f"{application_url}/income",
        per_member(income_html, [{"income_amount": income, "income_frequency": frequency}]),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    coverage_html = page(client, f"{application_url}/coverage")
    no_coverage = {"has_medicare": "no", "has_other_public_coverage": "no", "employer_offer": "no"}
    response = post_step(
        client, f"{application_url}/coverage", per_member(coverage_html, [no_coverage])
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    response = post_step(client, f"{application_url}/summary", {})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/signature")


def read_rights(client, application_url):
    """The signer opens the Notice of Rights and Responsibilities and chooses "I have read"."""
    html = page(client, f"{application_url}/rights")
    response = client.post(f"{application_url}/rights",
                           data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/signature")


def submitted(
    client, post_form, consumer_id, page_url, income="3300", immigration_status="citizen"
):
    """A submitted application: one adult in Ramsey County earning $39,600 a year (about 253% of
    the 2025 guideline), so a Qualified Health Plan with premium tax credit. An assister signs
    the Assister section where the page has one."""
    url = start(client, post_form, consumer_id, page_url)
    complete_to_signature(client, url, income=income, immigration_status=immigration_status)
    read_rights(client, url)
    html = page(client, f"{url}/signature")
    data = {"attested": "y", "signed_name": "Carl Consumer"}
    if "Assister section" in html:
        assister = Assister.get()
        data |= {"assister_section": "yes", "assister_reference_number": assister.reference_number,
                 "assister_organization": assister.organization}
    response = post_step(client, f"{url}/signature", data, action="submit")
    assert response.status_code == 302, response.get_data(as_text=True)
    return url
