"""A Statement gives what its query gives, composed once."""

from datetime import timedelta

from db.associations import Association
from db.consumers import Consumer
from db.statements import Statement


def _expiring_after(assister, day):
    query = Association.select(Association, Consumer).join(Consumer)
    return query.where((Association.assister == assister) & (Association.expires_on > day))


def test_the_rows_are_the_querys_with_each_calls_values(app, factories):
    made = [factories.association() for _ in range(3)]
    statement = Statement(_expiring_after)
    for association in made:
        # A model instance where the query takes a key, and a date: each converted as the
        # query converts it.
        values = (association.assister, association.expires_on - timedelta(days=1))
        (expected,) = _expiring_after(*values)
        found = statement.first(*values)
        assert found.id == association.id
        assert found.__data__ == expected.__data__
        assert found.consumer.__data__ == expected.consumer.__data__
    assert statement.first(made[0].assister, made[0].expires_on) is None
    assert list(statement.rows(made[1].assister, made[1].expires_on)) == []


def test_the_query_is_built_once(app, factories):
    built = []

    def build(assister, day):
        built.append(1)
        return _expiring_after(assister, day)

    statement = Statement(build)
    for association in [factories.association() for _ in range(3)]:
        statement.first(association.assister_id, association.expires_on)
    assert len(built) == 1
