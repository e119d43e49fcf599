"""The dashboard's name search: the words of each client's name (migration 013)."""

import importlib

import pytest

from db import database
from db.associations import Association, ClientNameWord
from portal.services import associations, clients, consumers
from portal.services.clients import Listing, _after_prefix

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
    assert associations.name_words("  José  DE la Cruz ") == ["jose", "de", "la", "cruz"]
    assert associations.name_words("Gus O'Brien-Smith") == ["gus", "obrien", "smith"]
    assert associations.name_words("Anna anna") == ["anna"]
    assert associations.name_words("%_--") == []


@pytest.mark.parametrize(
    ("prefix", "end"), [("smi", "smj"), ("az", "b"), ("a9", "aa"), ("zz", None), ("9", "a")]
)
def test_a_prefix_range_ends_where_no_word_with_it_can_be(prefix, end):
    assert _after_prefix(prefix) == end


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


def test_an_edit_that_keeps_the_name_leaves_the_associations_alone(people, factories, sql_log):
    _, made = people
    consumer = made["John"].consumer
    sql_log.clear()
    consumers.update_consumer(factories.actor(None), consumer, {"phone": "612-555-0199"})
    assert consumer.phone == "612-555-0199"
    assert not [sql for sql in sql_log if "association" in sql or "client_name_word" in sql]


def test_an_association_handed_to_another_assister_takes_its_words_along(people, factories):
    assister, made = people
    other = factories.assister("navigator")
    Association.update(assister=other).where(Association.id == made["Ana"].id).execute()
    assert found(assister, "cruz") == []
    assert found(other, "cruz") == ["Ana De La Cruz"]


def test_the_migration_writes_the_words_of_the_associations_already_there(people):
    assister, _ = people
    ClientNameWord.delete().execute()
    assert found(assister, "cruz") == []
    migration = importlib.import_module("db.migrations.013_client_name_words")
    migration._fill(database)
    assert found(assister, "cruz") == ["Ana De La Cruz"]
    assert ClientNameWord.select().count() == 14


def test_only_the_assisters_own_current_clients_are_found(people, factories):
    assister, made = people
    associations.end_association(factories.actor(None), made["Mai"], "Moved away")
    assert found(assister, "smith") == ["John Smith"]
    assert found(factories.assister("cac"), "smith") == []
