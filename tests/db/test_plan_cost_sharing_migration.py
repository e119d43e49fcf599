"""Migration 024 (a silver plan's cost-sharing variants, an enrollment's level) rolls back and
applies again, whatever came after it."""

from db.migrate import router, upgrade
from tests.db.test_migrations import _schema, empty_database  # noqa: F401  (a fixture)

MIGRATION = "024_plan_cost_sharing_variants"


def test_024_rolls_back_and_applies_again(empty_database):  # noqa: F811
    with empty_database.connection_context():
        upgrade(empty_database)
        schema = _schema(empty_database)
        while MIGRATION in router(empty_database).done:
            router(empty_database).rollback()
        plan = {column.name for column in empty_database.get_columns("plan")}
        enrollment = {column.name for column in empty_database.get_columns("enrollment")}
        assert "deductible" in plan and not {name for name in plan if name.startswith("csr")}
        assert "cost_sharing" not in enrollment
        assert MIGRATION in upgrade(empty_database)
        assert _schema(empty_database) == schema
