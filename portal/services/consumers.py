"""Consumers: the account holders who apply for coverage."""

from db.consumers import Consumer
from portal.services import records

UNIQUE = {"email": "A consumer with this email address already exists."}


def _itself(consumer):
    return consumer


def create_consumer(actor, values):
    return records.create(actor, Consumer, values, UNIQUE, consumer_of=_itself)


def update_consumer(actor, consumer, values):
    return records.update(actor, consumer, values, UNIQUE, consumer_of=_itself)
