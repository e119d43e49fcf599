"""Command-line tasks: `flask --app wsgi db upgrade`, `flask --app wsgi seed-demo`,
`flask --app wsgi load-plans`, `flask --app wsgi mail deliver`, the daily jobs
`flask --app wsgi associations notify-expiring` and
`flask --app wsgi assisters end-lapsed-access`, the monthly
`flask --app wsgi invoices issue`, and `flask --app wsgi staff create` (a deployment's first
staff account, and later ones)."""

import os
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup

from db import database
from db.migrate import upgrade
from portal.errors import DomainError


def register(app):
    db_cli = AppGroup("db", help="Database schema.")

    @db_cli.command("upgrade")
    def db_upgrade():
        """Apply every migration not yet applied."""
        with database.connection_context():
            applied = upgrade(database.obj)
        click.echo(f"Applied {len(applied)} migration(s): {', '.join(applied) or 'none needed'}.")

    @db_cli.command("create-app-role")
    @click.argument("name")
    def db_create_app_role(name):
        """Create or update NAME, the PostgreSQL role the portal connects as in production: it
        reads and writes the portal's tables, only appends to the audit log, and owns and creates
        nothing. Run it as the tables' owner, again after every `db upgrade`. The password comes
        from APP_ROLE_PASSWORD; without it a new role gets a random one, printed once."""
        from db.roles import RoleRefused, grant_app_role

        try:
            with database.connection_context():
                role = grant_app_role(database.obj, name, os.environ.get("APP_ROLE_PASSWORD"))
        except RoleRefused as refused:
            raise click.ClickException(str(refused)) from None
        done = "created" if role.created else "exists: its privileges are granted again"
        click.echo(f"Role {name} {done}.")
        if role.made_up_password:
            click.echo(f"Its password (shown once, stored nowhere): {role.made_up_password}")
        click.echo(
            f"Connect the portal as it: DATABASE_URL=postgresql://{name}:PASSWORD@host:port/database"
        )

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

    @app.cli.command("load-plans")
    @click.option("--year", type=int, help="Plan year (default: the latest with figures).")
    def load_plans(year):
        """Add the year's carriers and plans from db/data/plans_<year>.toml; rows already there
        (and staff's edits to them) are left as they are."""
        from portal.actors import SYSTEM
        from portal.rules import latest_plan_year
        from portal.services import plan_data

        year = year or latest_plan_year()
        with database.connection_context():
            report = plan_data.load_plans(SYSTEM, year)
        click.echo(
            f"Plan year {year}: added {report.carriers_added} carrier(s) and "
            f"{report.plans_added} plan(s); {report.plans_present} plan(s) already there."
        )

    app.cli.add_command(db_cli)
    app.cli.add_command(_mail_cli())
    app.cli.add_command(_associations_cli())
    app.cli.add_command(_assisters_cli())
    app.cli.add_command(_invoices_cli())
    app.cli.add_command(_staff_cli())


def _mail_cli():
    mail_cli = AppGroup("mail", help="Outgoing mail.")

    @mail_cli.command("deliver")
    @click.option("--limit", default=500, show_default=True, help="Most messages to try.")
    def mail_deliver(limit):
        """Send every stored message not yet sent (retries the failed ones)."""
        from portal.services import mail

        if not current_app.config.get("MAIL_URL"):
            click.echo(
                f"MAIL_URL is not set: {mail.pending_count()} message(s) kept in the outbox "
                "(see /dev/mailbox in development)."
            )
            return
        report = mail.deliver_pending(limit=limit)
        click.echo(
            f"Sent {report.sent} message(s); {report.failed} failed "
            "(kept in the outbox for the next run)."
        )
        if report.failed:
            raise SystemExit(1)

    return mail_cli


def _associations_cli():
    associations_cli = AppGroup("associations", help="Consumers' authorizations of assisters.")

    @associations_cli.command("notify-expiring")
    def notify_expiring():
        """Tell both sides of each consent ending within 30 days (run daily, e.g. from cron)."""
        from portal.actors import SYSTEM
        from portal.services import consent_expiry

        with database.connection_context():
            sent = consent_expiry.send_expiry_notices(SYSTEM)
        click.echo(f"Expiry notices sent for {sent} association(s).")

    return associations_cli


def _assisters_cli():
    assisters_cli = AppGroup("assisters", help="Assisters' standing.")

    @assisters_cli.command("end-lapsed-access")
    def end_lapsed_access():
        """End the access of assisters no longer in good standing (inactive, certification
        expired, agency inactive) who have not come back since: their sessions end, their
        associations are suspended and each consumer is told (run daily, e.g. from cron)."""
        from portal.actors import SYSTEM
        from portal.services import standing

        with database.connection_context():
            ended = standing.end_lapsed_access(SYSTEM)
        click.echo(f"Access ended for {ended} assister(s) no longer in good standing.")

    return assisters_cli


def _invoices_cli():
    invoices_cli = AppGroup("invoices", help="MinnesotaCare premium invoices.")

    @invoices_cli.command("issue")
    @click.option("--month", help="Coverage month, YYYY-MM (default: next month).")
    def issue(month):
        """Issue each MinnesotaCare household's premium invoice for a month of coverage (run
        monthly, e.g. from cron, before the month begins); a second run issues nothing twice."""
        from db import utcnow
        from portal.services import invoices

        if month:
            try:
                coverage_month = datetime.strptime(month, "%Y-%m").date()
            except ValueError:
                raise click.BadParameter("Give the month as YYYY-MM, like 2026-03.") from None
        else:
            coverage_month = invoices.next_month(utcnow().date())
        with database.connection_context():
            issued = invoices.issue_for_month(coverage_month)
        click.echo(f"Issued {len(issued)} invoice(s) for {coverage_month:%B %Y}.")

    return invoices_cli


def _staff_cli():
    staff_cli = AppGroup("staff", help="Marketplace staff accounts.")

    @staff_cli.command("create")
    @click.option("--username", help="Their username (asked for when not given).")
    @click.option("--email", help="Their email address (asked for when not given).")
    @click.option("--full-name", help="Their full name (asked for when not given).")
    def create(username, email, full_name):
        """Create a marketplace staff account. The password is asked for twice, unseen, or read
        from STAFF_PASSWORD (for scripts: an option would stay in the shell's history). The
        person registers MFA at their first sign-in."""
        from portal.actors import SYSTEM
        from portal.services import staff_accounts

        with database.connection_context():
            username = _answer("Username", username, "--username", staff_accounts.check_username)
            email = _answer("Email address", email, "--email", staff_accounts.check_email)
            full_name = _answer(
                "Full name", full_name, "--full-name", staff_accounts.check_full_name
            )
            password = _staff_password(staff_accounts.password_problems, username, email)
            try:
                user = staff_accounts.create(SYSTEM, username, email, full_name, password)
            except DomainError as refused:
                raise click.ClickException(refused.message) from None
        click.echo(f"Staff account {user.username} created for {user.full_name} <{user.email}>.")
        sign_in_url = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/sign-in"
        click.echo(
            f"Next: they sign in at {sign_in_url} with this username and password, then register "
            "MFA there (a one-time code emailed to this address), as every staff member does at "
            "the first sign-in."
        )

    return staff_cli


def _answer(prompt, given, option, check):
    """`given`, checked, or else what is typed at a prompt that asks until `check` accepts it.
    A refused option stops the command, naming the option and the reason."""

    def checked(text, hint=None):
        try:
            return check(text)
        except DomainError as refused:
            raise click.BadParameter(refused.message, param_hint=hint) from None

    if given is None:
        return click.prompt(prompt, value_proc=checked)
    return checked(given, option)


def _staff_password(problems, username, email):
    """STAFF_PASSWORD, or the password typed twice at a prompt; refused with every rule it
    breaks (a prompt asks again)."""

    def checked(password):
        found = problems(password, username, email)
        if found:
            raise click.BadParameter("\n".join(found))
        return password

    from_environment = os.environ.get("STAFF_PASSWORD")
    if from_environment is None:
        return click.prompt(
            "Password", hide_input=True, confirmation_prompt=True, value_proc=checked
        )
    try:
        return checked(from_environment)
    except click.BadParameter as refused:
        raise click.ClickException(f"STAFF_PASSWORD is refused: {refused.message}") from None
