"""The dashboard's name search: each word typed begins a word of the client's name, as the
association's sort name keeps it (migration 023)."""

import importlib
from datetime import timedelta

import pytest

from db import database, utcnow
from db.associations import Association
from db.consumers import Consumer
from portal.services import associations, client_names, clients, consumers
from portal.services.client_listing import Listing

PEOPLE = [
    ("José", "García"),
    ("Ana", "De La Cruz"),
    ("Mai", "Smith-Jones"),
    ("John", "Smith"),
    ("Ahmed", "Abdi Mohamed"),
]


@pytest.fixture
def people(factories):
    assister = factories.assister("navigator")
    made = {}
    for first, last in PEOPLE:
        consumer = factories.consumer(with_account=False, first_name=first, last_name=last)
        made[first] = factories.association(for_consumer=consumer, for_assister=assister)
    return assister, made


def found(assister, q):
    return sorted(row.full_name for row in clients.client_page(assister, Listing(q=q)).rows)


def test_the_name_words():
    assert client_names.name_words("  José  DE la Cruz ") == ["jose", "de", "la", "cruz"]
    assert client_names.name_words("Gus O'Brien-Smith") == ["gus", "obrien", "smith"]
    assert client_names.name_words("Anna anna") == ["anna"]
    assert client_names.name_words("%_--") == []


def test_the_sort_name_is_the_words_last_name_first(people):
    _, made = people
    assert made["Ana"].consumer_sort_name == "de la cruz ana"
    assert made["José"].consumer_sort_name == "garcia jose"
    assert made["Mai"].consumer_sort_name == "smith jones mai"


def test_any_word_of_the_name_in_any_order_accents_and_punctuation_aside(people):
    assister, _ = people
    assert found(assister, "cruz") == ["Ana De La Cruz"]
    assert found(assister, "jones") == ["Mai Smith-Jones"]
    assert found(assister, "smith") == ["John Smith", "Mai Smith-Jones"]
    assert found(assister, "jose") == ["José García"]
    assert found(assister, "GARCÍA, José") == ["José García"]
    assert found(assister, "joh sm") == ["John Smith"]
    assert found(assister, "jo sm") == ["John Smith", "Mai Smith-Jones"]
    assert found(assister, "mohamed ahm") == ["Ahmed Abdi Mohamed"]
    assert found(assister, "ith") == []
    assert found(assister, "%") == []


def test_a_renamed_consumer_is_found_by_the_new_name_only(people, factories):
    assister, made = people
    consumer = made["John"].consumer
    consumers.update_consumer(factories.actor(None), consumer, {"last_name": "Zimmerman"})
    assert found(assister, "smith") == ["Mai Smith-Jones"]
    assert found(assister, "zimm") == ["John Zimmerman"]
    assert found(assister, "joh zimm") == ["John Zimmerman"]
    assert found(assister, "joh smi") == []


def test_an_edit_that_keeps_the_name_leaves_the_associations_alone(people, factories, sql_log):
    _, made = people
    consumer = made["John"].consumer
    sql_log.clear()
    consumers.update_consumer(factories.actor(None), consumer, {"phone": "612-555-0199"})
    assert consumer.phone == "612-555-0199"
    assert not [sql for sql in sql_log if "association" in sql]


def test_an_association_handed_to_another_assister_is_found_by_them(people, factories):
    assister, made = people
    other = factories.assister("navigator")
    Association.update(assister=other).where(Association.id == made["Ana"].id).execute()
    assert found(assister, "cruz") == []
    assert found(other, "cruz") == ["Ana De La Cruz"]


def test_the_migration_gives_the_associations_already_there_their_words(people):
    assister, made = people
    Association.update(consumer_sort_name="garcía josé").where(
        Association.id == made["José"].id
    ).execute()
    assert found(assister, "garcia") == []
    migration = importlib.import_module("db.migrations.023_name_search_on_the_sort_name")
    migration._sort_names(database.obj, migration.words_sort_name)
    assert found(assister, "garcia") == ["José García"]
    assert Association.get_by_id(made["Ana"].id).consumer_sort_name == "de la cruz ana"


def _search(assister, **listing):
    page = clients.client_page(assister, Listing(**listing))
    return page.total, [row.full_name for row in page.rows]


def test_a_search_filters_counts_and_sorts_as_the_whole_list_does(people, factories):
    assister, made = people
    actor = factories.actor(None)
    associations.record_first_opening(actor, made["John"])
    Consumer.update(application_status="in_progress").where(
        Consumer.id == made["Mai"].consumer_id
    ).execute()
    soon = utcnow().date() + timedelta(days=10)
    associations.renew(actor, made["John"], expires_on=soon)
    # "smith" begins John Smith's last name and two words of Mai Smith-Jones's.
    assert _search(assister, q="smith", sort="name") == (2, ["John Smith", "Mai Smith-Jones"])
    assert _search(assister, q="smith", sort="status") == (2, ["Mai Smith-Jones", "John Smith"])
    assert _search(assister, q="smith", sort="-status") == (2, ["John Smith", "Mai Smith-Jones"])
    assert _search(assister, q="smith", status="new") == (1, ["Mai Smith-Jones"])
    assert _search(assister, q="smith", status="in_progress") == (1, ["John Smith"])
    assert _search(assister, q="smith", status="expiring") == (1, ["John Smith"])
    assert _search(assister, q="smith", status="application_in_progress") == (
        1,
        ["Mai Smith-Jones"],
    )
    assert _search(assister, q="mai s", sort="requested") == (1, ["Mai Smith-Jones"])
    assert _search(assister, q="sm jo", sort="-name") == (2, ["Mai Smith-Jones", "John Smith"])
    # Two words of Ahmed Abdi Mohamed's name begin with "a": he is still one client.
    assert _search(assister, q="a", sort="name") == (2, ["Ahmed Abdi Mohamed", "Ana De La Cruz"])


def test_only_the_assisters_own_current_clients_are_found(people, factories):
    assister, made = people
    associations.end_association(factories.actor(None), made["Mai"], "Moved away")
    assert found(assister, "smith") == ["John Smith"]
    assert found(factories.assister("cac"), "smith") == []

