"""Two Confirms for the same type at the same moment, on two connections: exactly one wins."""

import threading

import pytest

from db import database
from db.associations import Association
from portal.errors import DomainError
from portal.services import associations, authorization_texts
from tests.conftest import ON_POSTGRES


@pytest.mark.skipif(not ON_POSTGRES, reason="needs two concurrent writers (PostgreSQL)")
def test_two_racing_confirms_leave_exactly_one_broker(app, factories, monkeypatch):
    consumer = factories.consumer()
    brokers = [factories.assister("broker") for _ in range(2)]
    both_checked = threading.Barrier(2, timeout=10)
    real_current_text = authorization_texts.current_text

    def after_the_check(assister_type, *language):
        # Both transactions have looked for a broker held and found none: now both insert.
        both_checked.wait()
        return real_current_text(assister_type, *language)

    monkeypatch.setattr(authorization_texts, "current_text", after_the_check)
    outcomes = []

    def confirm(broker):
        with app.app_context(), database.connection_context():
            try:
                associations.associate(factories.actor(consumer.user), consumer, broker)
                outcomes.append("won")
            except DomainError as error:
                outcomes.append(error.message)

    threads = [threading.Thread(target=confirm, args=(b,)) for b in brokers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "won" and outcomes.count("won") == 1
    assert "changed while you were confirming" in next(o for o in outcomes if o != "won")
    assert Association.select().where(Association.ended_at.is_null()).count() == 1
