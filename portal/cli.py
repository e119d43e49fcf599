"""Command-line tasks: `flask --app wsgi db upgrade`, `flask --app wsgi seed-demo`."""

import click
from flask.cli import AppGroup

from db import database
from db.migrate import upgrade


def register(app):
    db_cli = AppGroup("db", help="Database schema.")

    @db_cli.command("upgrade")
    def db_upgrade():
        """Apply every migration not yet applied."""
        with database.connection_context():
            applied = upgrade(database.obj)
        click.echo(f"Applied {len(applied)} migration(s): {', '.join(applied) or 'none needed'}.")

    @app.cli.command("seed-demo")
    def seed_demo():
        """Load the demo data once; a second run changes nothing."""
        from portal import demo

        with database.connection_context():
            created = demo.seed()
        click.echo("Demo data loaded." if created else "Demo data already present: nothing added.")
        click.echo("Demo sign-ins (username / password):")
        for username, role, password in demo.SIGN_INS:
            click.echo(f"  {username:<10} {password}   ({role})")

    app.cli.add_command(db_cli)
