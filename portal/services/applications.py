"""The application for health coverage (S5): one wizard for a consumer and their assisters.

Every save names the version it was based on and is refused when the application has moved on
since; one editor at a time holds it (portal/services/editing.py). Each answer records who
entered it (S13 provenance).
"""

from dataclasses import dataclass, field
from datetime import date

import peewee as pw
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db import database, utcnow
from db.accounts import User
from db.applications import AnswerProvenance, Application, ApplicationMember
from db.cases import CaseChange
from db.consumers import Consumer
from portal import display, languages, rules
from portal.errors import DomainError, NotFound
from portal.services import audit, editing

# The wizard's steps in order, with what the step list calls them in the page's language (the
# audit log names them in English). Results follow submission.
STEPS = {
    "contact": _l("Primary applicant and contact"),
    "household": _l("Household members"),
    "income": _l("Income"),
    "coverage": _l("Other health coverage"),
    "summary": _l("Summary"),
    "signature": _l("Signature"),
}
STEP_KEYS = tuple(STEPS)
# Changing who is in the household makes the per-person steps incomplete again.
PER_MEMBER_STEPS = ("income", "coverage")


@dataclass(frozen=True)
class StepChanges:
    """What one step's form said: application fields, member fields by member id, additions
    and removals. Built by the view from validated forms; checked here against the household."""

    application_fields: dict = field(default_factory=dict)
    member_fields: dict = field(default_factory=dict)
    new_members: tuple = ()
    removed_member_ids: tuple = ()
    # A change report's contact step: the date of the change (db.cases.CaseChange).
    changed_on: date | None = None

    @property
    def household_changed(self):
        return bool(self.new_members or self.removed_member_ids)

    def check(self, current):
        named = set(self.member_fields) | set(self.removed_member_ids)
        if not named <= set(current):
            # A forged or stale member id: someone else's household, or a removed person.
            raise DomainError(_(
                "A person on this page is not in this application's household. Nothing was "
                "saved: reload the step and try again."
            ))
        if any(current[member_id].is_primary for member_id in self.removed_member_ids):
            raise DomainError(_("The primary applicant can't be removed from the application."))


def current_for(consumer):
    """The application the consumer's pages show: the one in progress, else the latest."""
    return (
        Application.select()
        .where(Application.consumer == consumer)
        .order_by((Application.status == "draft").desc(), Application.id.desc())
        .first()
    )


def start(actor, consumer):
    """Apply for assistance with Health Care, or Resume application when one is in progress.

    A consumer whose application for the plan year is submitted changes it by reporting a
    change, not by applying again; after a rescind they may apply again.
    """
    existing = current_for(consumer)
    if existing is not None and existing.status == "draft":
        return existing
    plan_year = rules.latest_plan_year()
    if existing is not None and existing.status == "submitted" and existing.plan_year == plan_year:
        raise DomainError(_(
            "An application for %(year)s has already been submitted for this household.",
            year=plan_year,
        ))
    with database.atomic():
        try:
            application = Application.create(
                consumer=consumer,
                plan_year=plan_year,
                created_by=actor.user,
                email=consumer.email,
                phone=consumer.phone,
            )
        except pw.IntegrityError:
            # Another tab or worker started one a moment ago: resume that one.
            return current_for(consumer)
        ApplicationMember.create(
            application=application,
            is_primary=True,
            first_name=consumer.first_name,
            last_name=consumer.last_name,
            date_of_birth=consumer.date_of_birth,
            relationship="self",
        )
        Consumer.update(application_status="in_progress").where(
            Consumer.id == consumer.id
        ).execute()
        audit.record(actor, "application.started", consumer, application)
    return application


def members(application):
    return list(
        ApplicationMember.select()
        .where(ApplicationMember.application == application)
        .order_by(ApplicationMember.is_primary.desc(), ApplicationMember.id)
    )


def first_open_step(application):
    return editing.first_open_step(application, STEP_KEYS)


def may_open(application, step):
    return editing.may_open(application, STEP_KEYS, step)


def save_step(actor, application, step, based_on, changes, leave=False, household=None):
    """Save one step's answers in one transaction, or nothing at all.

    `changes` is a StepChanges (what the step's form said). `based_on` is the version the page
    was drawn from; `leave` is Save & Exit (the hold is released); `household` the members as
    the caller just read it (read again when not given).
    Raises StaleVersion, HeldByOther, DomainError (a rule, with the field it belongs to).
    """
    if step not in STEPS or step == "signature":
        raise NotFound("There is no such step.")
    if not may_open(application, step):
        first_open = STEPS[first_open_step(application)]
        raise DomainError(_("Finish “%(step)s” first.", step=first_open))
    now = utcnow()
    current = {member.id: member for member in (household or members(application))}
    changes.check(current)
    if changes.changed_on is not None:
        _check_changed_on(application, changes.changed_on, now.date())
    first_save = step not in application.completed
    done = application.completed | {step}
    if changes.household_changed:
        done -= set(PER_MEMBER_STEPS)
    if step != "summary":
        done.discard("summary")
    changed_fields = {
        name: value
        for name, value in changes.application_fields.items()
        if getattr(application, name) != value
    }
    with database.atomic():
        # One statement: the version, the hold, the step bookkeeping and the application's own
        # answers (Resume application opens the step after the one just saved).
        editing.claim_version(
            actor, application, based_on, now,
            also={
                "completed_steps": " ".join(s for s in STEP_KEYS if s in done),
                "current_step": _next_step(step),
                **changed_fields,
            },
        )
        answered = [f"application.{name}" for name in changed_fields]
        confirmed = [f"application.{name}" for name in changes.application_fields]
        member_answered, member_confirmed = _apply_members(application, current, changes)
        # Unchanged answers are recorded as entered only the first time the step is saved.
        _record_provenance(
            actor, application, answered + member_answered,
            (confirmed + member_confirmed) if first_save else [], now,
        )
        if step == "household":
            _check_household(application)
        if changes.changed_on is not None:
            CaseChange.update(changed_on=changes.changed_on).where(
                CaseChange.application == application
            ).execute()
        if leave:
            editing.release_hold(actor, application)
        audit.record(
            actor, "application.step_saved", application.consumer_id, application,
            languages.in_english(STEPS[step]),
        )
    return application


def _next_step(step):
    return STEP_KEYS[min(STEP_KEYS.index(step) + 1, len(STEP_KEYS) - 1)]


def _apply_members(application, current, changes):
    """Write the step's answers about people; return (the answer keys whose value changed,
    every key the step confirmed, changed or not: prefilled answers count as entered once
    saved)."""
    answered, confirmed = [], []
    for member_id, fields in changes.member_fields.items():
        confirmed += [f"member.{member_id}.{name}" for name in fields]
        member = current[member_id]
        changed = [name for name, value in fields.items() if getattr(member, name) != value]
        for name in changed:
            setattr(member, name, fields[name])
        if changed:
            member.save(only=[getattr(ApplicationMember, name) for name in changed])
            answered += [f"member.{member_id}.{name}" for name in changed]
    for fields in changes.new_members:
        member = ApplicationMember.create(application=application, **fields)
        answered += [f"member.{member.id}.{name}" for name in fields]
    for member_id in changes.removed_member_ids:
        AnswerProvenance.delete().where(
            (AnswerProvenance.application == application)
            & AnswerProvenance.answer.startswith(f"member.{member_id}.")
        ).execute()
        current[member_id].delete_instance()
    return answered, confirmed


def _record_provenance(actor, application, answered, confirmed, now):
    """A changed answer is now the actor's; an unchanged one keeps whoever entered it first."""

    def rows(keys):
        return [
            {
                "application": application.id,
                "answer": key,
                "entered_by": actor.user.id,
                "entered_role": actor.role,
                "entered_at": now,
            }
            for key in keys
        ]

    unchanged = [key for key in confirmed if key not in set(answered)]
    if unchanged:
        AnswerProvenance.insert_many(rows(unchanged)).on_conflict_ignore().execute()
    if answered:
        (
            AnswerProvenance.insert_many(rows(answered))
            .on_conflict(
                conflict_target=[AnswerProvenance.application, AnswerProvenance.answer],
                update={
                    AnswerProvenance.entered_by: actor.user.id,
                    AnswerProvenance.entered_role: actor.role,
                    AnswerProvenance.entered_at: now,
                },
            )
            .execute()
        )


def _check_changed_on(application, changed_on, today):
    """The date a reported change happened: within the case's plan year, not in the future."""
    first = date(application.plan_year, 1, 1)
    if changed_on > today:
        raise DomainError(
            _("The date of the change can't be in the future."), field="changed_on"
        )
    if changed_on < first:
        raise DomainError(
            _("Report a change that happened from %(first)s on: this case is for %(year)s.",
              first=display.long_date(first), year=application.plan_year),
            field="changed_on",
        )


def _check_household(application):
    household = members(application)
    if not any(member.applying for member in household):
        raise DomainError(
            _("At least one person in the household must be applying for coverage."),
            field="applying",
        )
    # A joint return is the primary applicant's and their spouse's: both say so, or neither.
    primary = household[0]
    spouses = [member for member in household if member.relationship == "spouse"]
    jointly = [member for member in [primary, *spouses] if member.tax_filing == "joint"]
    if jointly and (len(jointly) != 2 or primary not in jointly):
        raise DomainError(
            _("“Will file jointly with a spouse” is for the primary applicant and their spouse "
              "on this application: choose it for both of them, or for neither."),
            field="tax_filing",
        )


def provenance(application):
    """Who entered each answer: {answer key: (user, role, when)}."""
    rows = (
        AnswerProvenance.select(AnswerProvenance, User)
        .join(User, on=(AnswerProvenance.entered_by == User.id))
        .where(AnswerProvenance.application == application)
    )
    return {row.answer: (row.entered_by, row.entered_role, row.entered_at) for row in rows}
