"""An application and a case as staff read them in the admin (S9): the household as the answers
describe it, and the case's versions, each with its determination (household size, income,
poverty-guideline percentage, each member's program, the premium tax credit). Reads only; the
admin view that shows one audits the look (SecureModelView.get_one)."""

from dataclasses import dataclass

from portal.services import applications, changes, determinations


@dataclass(frozen=True)
class Version:
    """One version of a case: its determination, the change report that made it (None for
    version 1), each member's outcome [(member, MemberDetermination)] and each tax return's
    credit {return number: TaxHouseholdDetermination}."""

    determination: object
    change: object
    outcomes: list
    credits: dict


@dataclass(frozen=True)
class ApplicationRecord:
    """An application's household, who entered its answers, the case it belongs to, the change
    report it holds (None: an application of its own) and the version it made (None: not
    submitted)."""

    members: list
    entered_by: list
    case: object
    change: object
    version: Version | None


def versions(case):
    """Every version of `case`, the first first."""
    return [_version(case, determination, change)
            for determination, change in changes.versions(case)]


def of_application(application):
    """What the admin shows of one application."""
    determination = determinations.of_application(application)
    change = changes.reported_in(application)
    if determination is not None:
        case = determination.case
    else:
        case = change.case if change is not None else None
    return ApplicationRecord(
        members=applications.members(application),
        entered_by=entered_by(application),
        case=case,
        change=change,
        version=_version(case, determination, change) if determination is not None else None,
    )


def entered_by(application):
    """Who entered the application's answers: [(name, role, how many answers, last entered)],
    most answers first."""
    counted = {}
    for user, role, at in applications.provenance(application).values():
        name, role, answers, last = counted.get(user.id, (user.full_name, role, 0, at))
        counted[user.id] = (name, role, answers + 1, max(last, at))
    return sorted(counted.values(), key=lambda row: (-row[2], row[0]))


def _version(case, determination, change):
    return Version(
        determination=determination,
        change=change,
        outcomes=determinations.results(case, determination),
        credits=determinations.credits(case, determination),
    )
