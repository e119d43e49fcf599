"""The dashboard's name search: the words of each client's name, with their association's
columns (migrations 013 and 015)."""

import importlib
from datetime import timedelta

import pytest

from db import database, utcnow
from db.associations import SEARCHED_COLUMNS, Association, ClientNameWord
from db.consumers import Consumer
from portal.services import associations, client_names, clients, consumers
from portal.services.clients import Listing
from portal.services.name_search import after_prefix

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


@pytest.mark.parametrize(
    ("prefix", "end"), [("smi", "smj"), ("az", "b"), ("a9", "aa"), ("zz", None), ("9", "a")]
)
def test_a_prefix_range_ends_where_no_word_with_it_can_be(prefix, end):
    assert after_prefix(prefix) == end


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
    assert not [sql for sql in sql_log if "association" in sql or "client_name_word" in sql]


def test_an_association_handed_to_another_assister_takes_its_words_along(people, factories):
    assister, made = people
    other = factories.assister("navigator")
    Association.update(assister=other).where(Association.id == made["Ana"].id).execute()
    assert found(assister, "cruz") == []
    assert found(other, "cruz") == ["Ana De La Cruz"]


def test_the_migration_writes_the_words_of_the_associations_already_there(people, factories):
    assister, made = people
    associations.record_first_opening(factories.actor(None), made["Ana"])
    ClientNameWord.delete().execute()
    assert found(assister, "cruz") == []
    migration = importlib.import_module("db.migrations.015_name_search_from_one_index")
    migration._fill(database)
    assert found(assister, "cruz") == ["Ana De La Cruz"]
    assert ClientNameWord.select().count() == 14
    assert _words_out_of_step() == []
    # Migration 019 gives each word the whole name, as the portal writes it.
    importlib.import_module("db.migrations.019_name_search_checks_further_words_on_the_row").fill(
        database.obj
    )
    assert found(assister, "cruz an") == ["Ana De La Cruz"]
    for word in ClientNameWord.select():
        consumer = Association.get_by_id(word.association_id).consumer
        expected = client_names.joined_words(
            client_names.name_words(f"{consumer.first_name} {consumer.last_name}")
        )
        assert sorted(word.name_words.split()) == sorted(expected.split())
        assert word.name_words.startswith(" ")


def _words_out_of_step():
    """Words whose copied columns differ from their association's."""
    association = {row.id: row for row in Association.select()}
    return [
        (word.word, column)
        for word in ClientNameWord.select()
        for column in SEARCHED_COLUMNS
        if getattr(word, column) != getattr(association[word.association_id], column)
    ]


def test_the_words_follow_every_change_of_their_association(people, factories):
    assister, made = people
    actor = factories.actor(None)
    associations.record_first_opening(actor, made["John"])
    assert _words_out_of_step() == []
    associations.renew(actor, made["Mai"], expires_on=made["Mai"].expires_on - timedelta(days=1))
    assert _words_out_of_step() == []
    # Whoever moves an application along: the database copies it to the association and on.
    Consumer.update(application_status="in_progress").where(
        Consumer.id == made["José"].consumer_id
    ).execute()
    assert _words_out_of_step() == []
    consumers.update_consumer(actor, made["Ahmed"].consumer, {"last_name": "Abdullahi"})
    assert _words_out_of_step() == []
    associations.end_association(actor, made["Ana"], "Moved away")
    assert _words_out_of_step() == []
    Association.update(assister=factories.assister("cac")).where(
        Association.id == made["Mai"].id
    ).execute()
    assert _words_out_of_step() == []
    assert ClientNameWord.select().where(ClientNameWord.word == "abdullahi").count() == 1


def _search(assister, **listing):
    page = clients.client_page(assister, Listing(**listing))
    return page.total, [row.full_name for row in page.rows]


def test_a_search_filters_counts_and_sorts_by_what_its_words_carry(people, factories):
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

