"""Consumers: the account holders who apply for coverage."""

from db import database
from db.accounts import User
from db.associations import Association
from db.consumers import Consumer
from portal import languages
from portal.services import records
from portal.services.client_names import sort_name

UNIQUE = {"email": "A consumer with this email address already exists."}


def _itself(consumer):
    return consumer


def create_consumer(actor, values):
    return records.create(actor, Consumer, values, UNIQUE, consumer_of=_itself)


def update_consumer(actor, consumer, values):
    name = (consumer.first_name, consumer.last_name)
    with database.atomic():
        consumer = records.update(actor, consumer, values, UNIQUE, consumer_of=_itself)
        if (consumer.first_name, consumer.last_name) == name:
            return consumer
        # The dashboard sorts and searches by the name kept with each association.
        Association.update(consumer_sort_name=sort_name(consumer)).where(
            Association.consumer == consumer
        ).execute()
    return consumer


def language_of(consumer_id):
    """The language a consumer's notices and mail are written in: their account's (S13)."""
    language = (
        User.select(User.language)
        .join(Consumer, on=(Consumer.user == User.id))
        .where((Consumer.id == consumer_id) & (User.role == "consumer"))
        .scalar()
    )
    return language if languages.is_language(language) else languages.DEFAULT
