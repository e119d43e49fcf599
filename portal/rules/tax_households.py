"""Who is counted with whom: the tax returns on an application, whose income and size the
premium tax credit reads (26 USC 36B(d)), and each member's Medicaid household, whose income and
size Medical Assistance and MinnesotaCare read (42 CFR 435.603(f)).

Relationships are asked to the primary applicant only, so a member's parents, children, spouse
and siblings are read from that: a "child" is a child of the primary applicant and their spouse,
a "parent" a parent of the primary applicant and of every "sibling". People claimed as
dependents by someone on the application are claimed on the primary applicant's return, or on
the first return of the application when the primary applicant is the one claimed.
"""

from dataclasses import dataclass
from decimal import Decimal

from portal.rules.amounts import cents
from portal.rules.household import Member
from portal.rules.plan_year import PlanYear

# The answers that put a member on a return of their own (or a joint one).
FILES_A_RETURN = ("filer", "joint", "separately")
CHILD_BELOW_AGE = 19  # 42 CFR 435.603(f)(3): children under 19 count with their parents


@dataclass(frozen=True)
class TaxReturn:
    members: tuple[Member, ...]  # the filers, then their dependents, in application order
    filers: tuple[Member, ...]
    magi: Decimal  # what counts of their income: a dependent's only if required to file

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def filed_separately(self) -> bool:
        """Married filing separately without the domestic-abuse or abandonment exception: no
        credit on this return (26 USC 36B(c)(1)(C), 26 CFR 1.36B-2(b)(2)(ii))."""
        return any(
            filer.tax_filing == "separately" and not filer.separate_filing_exception
            for filer in self.filers
        )


def required_to_file(member: Member, figures: PlanYear) -> bool:
    """Whether a dependent must file a return for the year (26 USC 6012(a)(1)): gross income
    above the threshold for income from work or for other income."""
    threshold = (
        figures.dependent_earned_income_threshold
        if member.income_from_work
        else figures.dependent_unearned_income_threshold
    )
    return member.annual_income > threshold


def tax_returns(members: tuple[Member, ...], figures: PlanYear) -> tuple[TaxReturn, ...]:
    """The returns filed by members of the application, the claiming return first."""
    primary = members[0]
    spouse = next((m for m in members[1:] if m.relationship == "spouse"), None)
    filers = [m for m in members if m.tax_filing in FILES_A_RETURN]
    claimer = primary if primary.tax_filing in FILES_A_RETURN else next(iter(filers), None)
    if claimer is None:
        return ()
    claiming = [claimer]
    if (
        claimer is primary
        and spouse is not None
        and primary.tax_filing == spouse.tax_filing == "joint"
    ):
        claiming.append(spouse)
    dependents = [m for m in members if m.tax_filing == "dependent"]
    returns = [_return(tuple(claiming), tuple(dependents), figures)]
    returns += [
        _return((filer,), (), figures)
        for filer in filers
        if not any(filer is m for m in claiming)
    ]
    return tuple(returns)


def _return(filers, dependents, figures) -> TaxReturn:
    counted = [m.magi for m in filers] + [
        m.magi for m in dependents if required_to_file(m, figures)
    ]
    return TaxReturn(
        members=filers + dependents,
        filers=filers,
        magi=cents(sum(counted, Decimal(0))),
    )


def medicaid_household(
    member: Member,
    members: tuple[Member, ...],
    filed: TaxReturn | None,
) -> tuple[Member, ...]:
    """42 CFR 435.603(f): a filer's household is their return (`filed`, the one the member is
    on); a dependent's is the return that claims them, unless an exception of (f)(2) sends them
    to the non-filer rule (f)(3)."""
    if filed is not None and (
        any(member is filer for filer in filed.filers) or _counted_with_claimer(member, filed)
    ):
        return filed.members
    return _non_filer_household(member, members)


def _counted_with_claimer(dependent: Member, filed: TaxReturn) -> bool:
    """(f)(2): the claimer's household, for a spouse or child of the claimer only, and not for
    a child under 19 living with both parents who do not file jointly."""
    claimer = filed.filers[0]
    if not _is_child_of(dependent, claimer):
        return False
    both_parents_apart = claimer.relationship == "self" and len(filed.filers) == 1 and any(
        m.relationship == "spouse" for m in filed.members
    )
    return not (dependent.age < CHILD_BELOW_AGE and both_parents_apart)


def _is_child_of(member: Member, parent: Member) -> bool:
    if parent.relationship in ("self", "spouse"):
        return member.relationship == "child"
    if parent.relationship == "parent":
        return member.relationship in ("self", "sibling")
    return False


def _non_filer_household(member: Member, members: tuple[Member, ...]) -> tuple[Member, ...]:
    """(f)(3): the member, a spouse, their children under 19, and for a member under 19 their
    parents and their siblings under 19."""
    family = {id(member)}
    family |= {id(m) for m in members if _are_spouses(member, m)}
    family |= {
        id(m) for m in members if _is_child_of(m, member) and m.age < CHILD_BELOW_AGE
    }
    if member.age < CHILD_BELOW_AGE:
        family |= {id(m) for m in members if _is_child_of(member, m)}
        family |= {
            id(m)
            for m in members
            if m is not member and m.age < CHILD_BELOW_AGE and _are_siblings(member, m)
        }
    return tuple(m for m in members if id(m) in family)


def _are_spouses(a: Member, b: Member) -> bool:
    pair = {a.relationship, b.relationship}
    return a is not b and (pair == {"self", "spouse"} or pair == {"parent"})


def _are_siblings(a: Member, b: Member) -> bool:
    generation = ("self", "sibling")
    return (a.relationship == b.relationship == "child") or (
        a.relationship in generation and b.relationship in generation
    )


def counted_incomes(members: tuple[Member, ...], figures: PlanYear) -> dict[int, Decimal]:
    """Each member's income as a Medicaid household counts it, by id(member): 42 CFR
    435.603(d)(2) leaves out the income of a dependent, or of a child living with a parent, who
    is not required to file."""
    return {
        id(member): Decimal(0) if _income_left_out(member, members, figures) else member.magi
        for member in members
    }


def _income_left_out(member: Member, members: tuple[Member, ...], figures: PlanYear) -> bool:
    if member.tax_filing in FILES_A_RETURN:
        return False
    claimed = member.tax_filing in ("dependent", "dependent_outside")
    child_at_home = member.age < CHILD_BELOW_AGE and any(
        _is_child_of(member, other) for other in members
    )
    return (claimed or child_at_home) and not required_to_file(member, figures)
