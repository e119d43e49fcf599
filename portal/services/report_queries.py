"""The staff reports' queries (S9), each for a period, county and agency (reports.Filters).

What the counts mean, stated on each report's page too:
- A consumer's county is the county on their submitted application (Application.county; a
  consumer with none is counted only when no county is chosen). An application's county is its
  own. An assister's county is the assister's own address's.
- The agency is the assister's: a count without an assister (an enrollment made alone) belongs to
  no agency and is left out when an agency is chosen.
- An association starts when the consumer confirms it (`confirmed_at`; the portal records the
  confirmation as it makes the association, so one never confirmed gave no access and has not
  started) and ends at `ended_at`.
- An enrollment is a household's enrollment (status enrolled) at the time it was confirmed
  (`enrolled_at`); its assister is the one whose association it was made through.
"""

from collections import Counter, defaultdict
from datetime import timedelta

import peewee as pw

from db.applications import Application
from db.assisters import ASSISTER_TYPES, Agency, Assister
from db.associations import Association
from db.certifications import Certification
from db.consumers import Consumer
from db.enrollments import Enrollment
from db.plans import Plan
from portal import rules
from portal.services import standing
from portal.services.reports import Listing, Table, month_of

TYPE_NAMES = dict(ASSISTER_TYPES)
# Why an association ended: who ended it, the consumer's replacing it told apart from their
# removing it (the reason the portal writes, associations.END_REASONS).
REPLACED = "Replaced by consumer"
END_CATEGORIES = (
    ("replaced", "Consumer replaced the assister"),
    ("consumer", "Consumer removed the assister"),
    ("assister", "Assister ended it"),
    ("staff", "Staff ended it"),
    ("agency_admin", "Agency handed the client over"),
    ("system", "Authorization expired"),
)
EXPIRING_DAYS = (30, 60, 90)
NO_AGENCY = "Independent"


def _consumers_in(county):
    return Application.select(Application.consumer).where(
        Application.status == "submitted", Application.county == county
    )


def _assisters_of(agency):
    return Assister.select(Assister.id).where(Assister.agency == agency)


def _consumer_filters(filters, consumer, assister):
    """Conditions for the filters' county (the consumer's) and agency (the assister's; the
    navigator report filters its navigators by agency itself, giving no `assister`)."""
    conditions = []
    if filters.county:
        conditions.append(consumer.in_(_consumers_in(filters.county)))
    if filters.agency and assister is not None:
        conditions.append(assister.in_(_assisters_of(filters.agency)))
    return conditions


def _grouped(query, keys):
    """An aggregate query grouped by its first `keys` columns (by position: a month's CASE
    carries parameters, and PostgreSQL matches a GROUP BY expression by its text)."""
    return query.group_by(*(pw.SQL(str(n)) for n in range(1, keys + 1))).tuples()


def _named(counted, most_first):
    """The assisters of `counted` (an aggregate of assister_id, enrollments) with their names,
    type and agency, joined once the rows are counted (not for each row counted); the most
    enrollments first, or by agency."""
    counted = counted.alias("counted")
    order = counted.c.enrollments.desc() if most_first else Agency.name
    return (
        Assister.select(Assister.first_name, Assister.last_name, Assister.assister_type,
                        Agency.name, counted.c.enrollments)
        .join(counted, on=(counted.c.assister_id == Assister.id))
        .join_from(Assister, Agency, pw.JOIN.LEFT_OUTER)
        .order_by(order, Assister.last_name, Assister.first_name, Assister.id)
        .tuples()
    )


# Associations by assister type and month --------------------------------------------------

def associations(filters):
    """Associations started and ended per month and assister type, and why they ended."""
    months = filters.months
    started = _grouped(
        Association.select(
            month_of(Association.confirmed_at, months), Association.assister_type,
            pw.fn.COUNT(Association.id),
        ).where(
            filters.within(Association.confirmed_at),
            *_consumer_filters(filters, Association.consumer, Association.assister),
        ),
        2,
    )
    why = pw.Case(None, [(Association.end_reason == REPLACED, "replaced")],
                  Association.ended_by_role)
    ended = _grouped(
        Association.select(
            month_of(Association.ended_at, months), Association.assister_type, why,
            pw.fn.COUNT(Association.id),
        ).where(
            filters.within(Association.ended_at),
            *_consumer_filters(filters, Association.consumer, Association.assister),
        ),
        3,
    )
    starts = {(month, kind): count for month, kind, count in started}
    ends = defaultdict(Counter)
    for month, kind, category, count in ended:
        ends[month, kind][category] += count
    rows = tuple(
        (
            month.label, name, starts.get((month.label, kind), 0),
            sum(ends[month.label, kind].values()),
            *(ends[month.label, kind][category] for category, _ in END_CATEGORIES),
        )
        for month in months
        for kind, name in ASSISTER_TYPES
    )
    columns = ("Month", "Assister type", "Started", "Ended",
               *(f"Ended: {label}" for _, label in END_CATEGORIES))
    return (Table("by-month", "Associations started and ended, by month and assister type",
                  columns, rows),)


# Enrollments and applications by month and type; enrollments by assister -------------------

def _enrolled(filters):
    """The enrollments made in the period, within the filters, with their association."""
    return (
        Enrollment.select()
        .join(Association, pw.JOIN.LEFT_OUTER, on=(Enrollment.association == Association.id))
        .where(
            Enrollment.status == "enrolled",
            filters.within(Enrollment.enrolled_at),
            *_consumer_filters(filters, Enrollment.consumer, Association.assister),
        )
    )


def enrollments(filters):
    """Per month: enrollments by the type of assister they were made through (or none), and
    applications submitted with an assister named in their Assister section and without.
    Then, for the period, the enrollments of each assister."""
    months = filters.months
    enrolled = _grouped(
        _enrolled(filters).select(
            month_of(Enrollment.enrolled_at, months), Association.assister_type,
            pw.fn.COUNT(Enrollment.id),
        ),
        2,
    )
    assisted = Application.assisted_by.is_null(False)
    applied = Application.select(
        month_of(Application.submitted_at, months), assisted, pw.fn.COUNT(Application.id),
    ).where(filters.within(Application.submitted_at))
    if filters.county:
        applied = applied.where(Application.county == filters.county)
    if filters.agency:
        # Only then is the association read (the assister's agency): the counts alone come
        # from the index of migration 044.
        applied = applied.join(
            Association, on=(Application.assisted_by == Association.id)
        ).where(Association.assister.in_(_assisters_of(filters.agency)))
    by_type = {(month, kind): count for month, kind, count in enrolled}
    by_help = {(month, bool(helped)): count for month, helped, count in _grouped(applied, 2)}
    rows = tuple(
        (
            month.label,
            *(by_type.get((month.label, kind), 0) for kind, _ in ASSISTER_TYPES),
            by_type.get((month.label, None), 0),
            by_help.get((month.label, True), 0),
            by_help.get((month.label, False), 0),
        )
        for month in months
    )
    columns = (
        "Month", *(f"Enrollments through a {name.lower()}" for _, name in ASSISTER_TYPES),
        "Enrollments without an assister", "Applications submitted with an assister",
        "Applications submitted without an assister",
    )
    counted = _grouped(
        _enrolled(filters).select(Association.assister.alias("assister_id"),
                                  pw.fn.COUNT(Enrollment.id).alias("enrollments"))
        .where(Association.assister.is_null(False)),
        1,
    )
    return (
        Table("by-month", "Enrollments and applications, by month", columns, rows),
        # As many rows as assisters (10,000 in a state): a page at a time.
        Listing("by-assister", "Enrollments by assister, most first",
                ("Assister", "Assister type", "Agency", "Enrollments"),
                _named(counted, most_first=True), _assister_row),
    )


def _assister_row(row):
    first, last, kind, agency, enrolled = row
    return (f"{first} {last}", TYPE_NAMES[kind], agency or NO_AGENCY, enrolled)


# Agent of Record ---------------------------------------------------------------------------

def agent_of_record(filters):
    """Per month, the enrollments with a broker as Agent of Record; then each of them: the
    consumer, the plan, when coverage starts, the broker and the broker's license."""
    base = (
        Enrollment.select()
        .join(Assister, on=(Enrollment.agent_of_record == Assister.id))
        .where(
            Enrollment.status == "enrolled",
            filters.within(Enrollment.enrolled_at),
            *_consumer_filters(filters, Enrollment.consumer, Enrollment.agent_of_record),
        )
    )
    per_month = dict(_grouped(
        base.select(month_of(Enrollment.enrolled_at, filters.months),
                    pw.fn.COUNT(Enrollment.id)),
        1,
    ))
    summary = tuple((month.label, per_month.get(month.label, 0)) for month in filters.months)
    rows = (
        base.select(
            Enrollment.enrolled_at, Consumer.first_name, Consumer.last_name, Plan.name,
            Enrollment.plan_year, Assister.first_name, Assister.last_name,
            Assister.license_number, Enrollment.confirmation_number,
        )
        .join_from(Enrollment, Consumer)
        .join_from(Enrollment, Plan)
        .order_by(Enrollment.enrolled_at, Enrollment.id)
        .tuples()
    )
    return (
        Table("by-month", "Enrollments with a broker as Agent of Record, by month",
              ("Month", "Enrollments"), summary),
        Listing("enrollments", "Enrollments with a broker as Agent of Record",
                ("Enrolled on (UTC)", "Consumer", "Plan", "Plan year", "Coverage starts",
                 "Broker", "License number", "Confirmation number"),
                rows, _agent_of_record_row),
    )


def _agent_of_record_row(row):
    enrolled_at, first, last, plan, year, broker_first, broker_last, license, confirmation = row
    # Coverage starts as the enrollment service took it when quoting: the first of the month
    # after the (UTC) day of enrollment, within the plan year (45 CFR 155.410(f)).
    starts = rules.coverage_start(year, enrolled_at.date())
    return (enrolled_at.date(), f"{first} {last}", plan, year, starts,
            f"{broker_first} {broker_last}", license or "", confirmation or "")


# Navigator per-enrollee payment ------------------------------------------------------------

def navigators(filters):
    """The enrollments made while a navigator was associated with the household, counted once
    each, for the navigator whose association covered the moment of enrollment (confirmed at
    or before it, not ended by then); per agency, then per navigator."""
    later = Association.alias()
    # Two covering the moment (a replacement's instant): the later confirmed has it, the new one.
    replaced = later.select(pw.SQL("1")).where(
        _covers(later),
        (later.confirmed_at > Association.confirmed_at)
        | ((later.confirmed_at == Association.confirmed_at) & (later.id > Association.id)),
    )
    counted = (
        Enrollment.select(Association.assister.alias("assister_id"),
                          pw.fn.COUNT(Enrollment.id).alias("enrollments"))
        .join(Association, on=_covers(Association))
        .where(
            Enrollment.status == "enrolled",
            filters.within(Enrollment.enrolled_at),
            *_consumer_filters(filters, Enrollment.consumer, None),
            ~pw.fn.EXISTS(replaced),
        )
        .group_by(Association.assister)
    )
    per_navigator = _named(counted, most_first=False)
    if filters.agency:
        per_navigator = per_navigator.where(Assister.agency == filters.agency)
    rows = tuple(
        (name, agency, enrolled)
        for name, _kind, agency, enrolled in map(_assister_row, per_navigator)
    )
    agencies = defaultdict(lambda: [0, 0])
    for _navigator, agency, enrolled in rows:
        agencies[agency][0] += 1
        agencies[agency][1] += enrolled
    by_agency = tuple(
        (agency, navigators, enrolled)
        for agency, (navigators, enrolled) in sorted(
            agencies.items(), key=lambda item: (-item[1][1], item[0]))
    )
    return (
        Table("by-agency", "Enrollees while a navigator was associated, by agency, most first",
              ("Agency", "Navigators", "Enrollees"), by_agency),
        Table("by-navigator", "Enrollees while a navigator was associated, by navigator",
              ("Navigator", "Agency", "Enrollees"), rows),
    )


def _covers(association):
    """`association` is a navigator's with the enrollment's household, confirmed at or before
    the moment of enrollment and not ended by then."""
    return (
        (association.consumer == Enrollment.consumer)
        & (association.assister_type == "navigator")
        & (association.confirmed_at <= Enrollment.enrolled_at)
        & (association.ended_at.is_null() | (association.ended_at > Enrollment.enrolled_at))
    )


# Certifications expiring -------------------------------------------------------------------

def certifications(filters, today=None):
    """Per assister type, the confirmed certifications expiring within 30, 60 and 90 days of
    today (each count includes the shorter windows'), as the admin's lists of them count."""
    today = today or standing.minnesota_today()
    within = [
        pw.fn.SUM(pw.Case(None, [(Certification.expires_on <= today + timedelta(days=days), 1)],
                          0))
        for days in EXPIRING_DAYS
    ]
    query = (
        Certification.select(Assister.assister_type, *within)
        .join(Assister)
        .where(standing.expiring_within(max(EXPIRING_DAYS), today))
        .group_by(Assister.assister_type)
        .tuples()
    )
    if filters.county:
        query = query.where(Assister.county == filters.county)
    if filters.agency:
        query = query.where(Assister.agency == filters.agency)
    found = {kind: tuple(map(int, counts)) for kind, *counts in query}
    rows = tuple(
        (name, *found.get(kind, (0,) * len(EXPIRING_DAYS))) for kind, name in ASSISTER_TYPES
    )
    return (Table("by-type", "Certifications expiring, by assister type",
                  ("Assister type", *(f"Within {days} days" for days in EXPIRING_DAYS)), rows),)
