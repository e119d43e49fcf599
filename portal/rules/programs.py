"""One member's tests, in the order a MNsure determination takes them: Medicare, Medical
Assistance (by status, age and group), MinnesotaCare, and what bars the premium tax credit.

Each test returns the member's outcome, or None to go on to the next; what a member's tests read
of the household (the Medicaid household's income, the tax return's) is worked out once, in a
Person. The credit itself is worked out per return in determination.py.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from portal.rules.amounts import as_money, as_percent, cents
from portal.rules.household import Member
from portal.rules.outcomes import MemberOutcome
from portal.rules.plan_year import MedicalAssistanceGroup, PlanYear
from portal.rules.tax_households import TaxReturn

RULE_MEDICARE = "Social Security Act 1882(d)(3); 45 CFR 155.305(a)"
RULE_PART_A = "26 USC 5000A(f)(1)(A)(i); 26 CFR 1.36B-2(c)(2)(iv)"
RULE_FOSTER_CARE = "42 CFR 435.150"
RULE_INCARCERATED = "45 CFR 155.305(a)(2); Minn. Stat. 256L.04 subd. 7a"
RULE_NOT_LAWFULLY_PRESENT = "45 CFR 155.305(a)(1); 42 USC 18032(f)(3)"
RULE_EMERGENCY = "42 USC 1396b(v)(2); 42 CFR 435.406(b), 440.255"
RULE_MINNESOTACARE = "Minn. Stat. 256L.04; 42 CFR 600.305"
RULE_MINNESOTACARE_STATUS = "Minn. Stat. 256L.04 subd. 10; 42 CFR 600.305(a)(1)(ii)"
RULE_MINNESOTACARE_CHILDREN = "Minn. Stat. 256L.04 subd. 10 (2025 amendment)"
RULE_OTHER_COVERAGE = "26 USC 36B(c)(2)(B); 42 CFR 600.305(a)(2)"
RULE_EMPLOYER = "26 USC 36B(c)(2)(C); 26 CFR 1.36B-2(c)(3)(v)(A)"
RULE_NO_RETURN = "26 USC 36B(c)(1)(A); 45 CFR 155.305(f)(4)"
RULE_SEPARATELY = "26 USC 36B(c)(1)(C); 26 CFR 1.36B-2(b)(2)"
RULE_CREDIT_RANGE = "26 USC 36B(c)(1)(A)"
RULE_STATUS_BELOW_100 = "26 USC 36B(c)(1)(B) as amended by P.L. 119-21 s. 71302"
RULE_NO_FINANCIAL_HELP = "45 CFR 155.305(a)"


@dataclass(slots=True)
class Person:
    """A member with what their tests read of the household, worked out once."""

    member: Member
    figures: PlanYear
    starts_on: date
    programs_size: int  # the Medicaid household (42 CFR 435.603(f)), without an expected baby
    programs_magi: Decimal
    tax_return: TaxReturn | None
    # The return's household income, or the Medicaid household's for a member on no return.
    credit_income: Decimal
    credit_percent: Decimal  # of the credit's guideline, unrounded
    household: tuple[Member, ...]  # the return's members, else the Medicaid household's
    # Of the programs' guideline; 42 CFR 435.603(b): a pregnant woman's own household counts the
    # expected baby.
    programs_percent: Decimal = field(init=False)
    within_bar: bool = field(init=False)
    full_medical_assistance_status: bool = field(init=False)

    def __post_init__(self):
        member = self.member
        size = self.programs_size + (1 if member.pregnant else 0)
        guideline = self.figures.health_care_programs_guideline.amount(size)
        self.programs_percent = self.programs_magi * 100 / guideline
        # 8 USC 1613: a permanent resident within five years of the date status was granted.
        self.within_bar = (
            member.immigration_status == "permanent_resident"
            and member.status_since is not None
            and self.starts_on < bar_ends(member.status_since, self.figures.five_year_bar_years)
        )
        # Full Medical Assistance: citizens, humanitarian statuses, permanent residents past
        # the bar, and lawfully residing children and pregnant people (Minnesota's option,
        # 42 USC 1396b(v)(4)).
        status = member.immigration_status
        exempt = member.age < self.figures.status_exemption_below_age or member.pregnant
        self.full_medical_assistance_status = (
            status in ("citizen", "humanitarian")
            or (status == "permanent_resident" and not self.within_bar)
            or (status != "not_lawfully_present" and exempt)
        )

    @property
    def income_sentence(self) -> str:
        baby = ", counting the expected baby" if self.member.pregnant else ""
        return (
            f"Household income is {as_percent(self.programs_percent)} of the federal poverty "
            f"guideline{baby}"
        )


def bar_ends(status_since: date, years: int) -> date:
    """The anniversary `years` after the status date; a February 29 anniversary falls on
    March 1 in a year without one."""
    try:
        return status_since.replace(year=status_since.year + years)
    except ValueError:
        return date(status_since.year + years, 3, 1)


def outcome(person: Person) -> MemberOutcome | None:
    """The member's outcome, or None when the member goes on to the credit's test."""
    member = person.member
    if not member.applying:
        return MemberOutcome(
            member.key,
            "not_applying",
            "Not applying for coverage; still counted in the household's size and income.",
        )
    return (
        _medicare(person)
        or _former_foster_care(person)
        or _medical_assistance(person)
        or _incarcerated(person)
        or _not_lawfully_present(person)
        or _minnesotacare(person)
        or _status_below_credit(person)
        or _bar_to_credit(person)
    )


def _non_magi_referral(person: Person, why: str) -> MemberOutcome | None:
    """People 65 and over and people with Medicare are tested on the non-MAGI basis, which
    also looks at assets the application does not ask about: the county decides."""
    group = person.figures.non_magi_group
    percent = person.programs_percent
    if not person.full_medical_assistance_status or percent > group.effective_limit:
        return None
    return MemberOutcome(
        person.member.key,
        "medical_assistance_referral",
        f"{why}. {person.income_sentence}, within the {as_percent(group.effective_limit)} "
        f"limit for {group.who}; the county decides Medical Assistance on this basis, which "
        f"also counts savings and property, and will write.",
        rule=group.rule,
    )


def _medicare(person: Person) -> MemberOutcome | None:
    member = person.member
    if member.has_medicare:
        return _non_magi_referral(person, "Has Medicare") or MemberOutcome(
            member.key,
            "not_eligible",
            "Has Medicare, so the marketplace cannot sell a plan with or without a premium tax "
            "credit, and MinnesotaCare is not available.",
            rule=RULE_MEDICARE,
        )
    if member.age >= person.figures.non_magi_group.min_age:
        referred = _non_magi_referral(person, f"Is {member.age} on the day coverage starts")
        if referred:
            return referred
    if member.premium_free_part_a and member.immigration_status != "not_lawfully_present":
        return MemberOutcome(
            member.key,
            "qhp_without_aptc",
            "Can get Medicare Part A without paying a premium, so no premium tax credit or "
            "MinnesotaCare; a plan can still be bought at its full price.",
            cost_sharing="limited" if member.american_indian else None,
            rule=RULE_PART_A,
        )
    return None


def _former_foster_care(person: Person) -> MemberOutcome | None:
    member = person.member
    below = person.figures.former_foster_care_below_age
    if not (
        member.former_foster_care and member.age < below and person.full_medical_assistance_status
    ):
        return None
    return MemberOutcome(
        member.key,
        "medical_assistance",
        f"Was in foster care on turning 18: Medical Assistance covers former foster youth "
        f"until age {below} whatever their income.",
        rule=RULE_FOSTER_CARE,
    )


def _within_medical_assistance(person: Person) -> MedicalAssistanceGroup | None:
    member = person.member
    if member.age >= person.figures.non_magi_group.min_age and not member.pregnant:
        return None
    group = person.figures.medical_assistance_group(member.age, member.pregnant)
    return group if person.programs_percent <= group.effective_limit else None


def _medical_assistance(person: Person) -> MemberOutcome | None:
    if not person.full_medical_assistance_status:
        return None
    group = _within_medical_assistance(person)
    if group is None:
        return None
    jail = (
        " While serving a sentence it pays only for inpatient hospital care."
        if person.member.incarcerated
        else ""
    )
    return MemberOutcome(
        person.member.key,
        "medical_assistance",
        f"{person.income_sentence}; Medical Assistance covers {group.who} up to "
        f"{as_percent(group.effective_limit)}.{jail}",
        rule=group.rule,
    )


def _incarcerated(person: Person) -> MemberOutcome | None:
    if not person.member.incarcerated:
        return None
    return MemberOutcome(
        person.member.key,
        "not_eligible",
        "Is serving a jail or prison sentence: a marketplace plan and MinnesotaCare are not "
        "available until release (people only awaiting trial can enroll).",
        rule=RULE_INCARCERATED,
    )


def _emergency(person: Person, why: str) -> MemberOutcome | None:
    group = _within_medical_assistance(person)
    if group is None:
        return None
    return MemberOutcome(
        person.member.key,
        "emergency_medical_assistance",
        f"{why}; {person.income_sentence.lower()}, within Medical Assistance's "
        f"{as_percent(group.effective_limit)} for {group.who}, so Emergency Medical Assistance "
        f"pays for treatment of an emergency medical condition, labor and delivery included.",
        rule=RULE_EMERGENCY,
    )


def _not_lawfully_present(person: Person) -> MemberOutcome | None:
    member = person.member
    if member.immigration_status != "not_lawfully_present":
        return None
    figures = person.figures
    cannot_buy = "people who are not lawfully present cannot buy a marketplace plan"
    below = figures.minnesotacare_any_status_below_age
    if member.age < below:
        limit = figures.minnesotacare_limit_percent
        blocker = bar_to_financial_help(person)
        if not blocker and person.programs_percent <= limit:
            return minnesotacare_outcome(
                person,
                f"{person.income_sentence}, within MinnesotaCare's {as_percent(limit)}; "
                f"children under {below} can have it whatever their immigration status "
                f"(state-funded).",
                RULE_MINNESOTACARE_CHILDREN,
            )
        why = blocker[0] if blocker else f"{person.income_sentence}, above MinnesotaCare's limit"
    else:
        why = (
            f"From {figures.year} MinnesotaCare covers people who are not lawfully present only "
            f"under age {below}"
        )
    return _emergency(person, "Not lawfully present, so full coverage is not available") or (
        MemberOutcome(
            member.key,
            "not_eligible",
            f"{why}; income is above Medical Assistance's limit for Emergency Medical "
            f"Assistance; and {cannot_buy}.",
            rule=RULE_NOT_LAWFULLY_PRESENT,
        )
    )


def bar_to_financial_help(person: Person) -> tuple[str, str] | None:
    """Why MinnesotaCare and the premium tax credit are ruled out whatever the income, with
    the rule: other public coverage, or an affordable job-based offer that meets minimum value
    (for a family member, the family premium counts: the 2023 family-glitch fix)."""
    member = person.member
    if member.has_other_public_coverage:
        return "Already has other public coverage", RULE_OTHER_COVERAGE
    share = person.figures.affordability_percent
    limit = share * person.credit_income / 1200
    if member.employer_offer and member.employer_offer_minimum_value:
        premium = member.employer_premium_monthly
        if premium <= limit:
            return (
                f"A job offers coverage that costs the employee {as_money(premium)} a month "
                f"for self-only coverage, no more than {as_percent(share)} of household income "
                f"({as_money(limit)} a month), which counts as affordable",
                RULE_EMPLOYER,
            )
    for employee in person.household:
        premium = employee.employer_family_premium_monthly
        if (
            employee is member
            or not (employee.employer_offer and employee.employer_offer_minimum_value)
            or premium is None
        ):
            continue
        if premium <= limit:
            return (
                f"A family member's job offers coverage for the family at {as_money(premium)} "
                f"a month, no more than {as_percent(share)} of household income "
                f"({as_money(limit)} a month), which counts as affordable",
                RULE_EMPLOYER,
            )
    return None


def _minnesotacare(person: Person) -> MemberOutcome | None:
    member = person.member
    figures = person.figures
    percent = person.programs_percent
    if (
        member.age >= figures.minnesotacare_below_age
        or percent > figures.minnesotacare_limit_percent
        or bar_to_financial_help(person)
    ):
        return None
    limit = as_percent(figures.minnesotacare_limit_percent)
    if not person.full_medical_assistance_status:
        why = (
            "A permanent resident within five years of getting that status"
            if person.within_bar
            else "An immigrant status for which Medical Assistance is not available"
        )
        return minnesotacare_outcome(
            person,
            f"{why}, so MinnesotaCare covers them instead: {person.income_sentence.lower()}, "
            f"within its {limit}.",
            RULE_MINNESOTACARE_STATUS,
        )
    group = figures.medical_assistance_group(member.age, member.pregnant)
    return minnesotacare_outcome(
        person,
        f"{person.income_sentence}: above Medical Assistance's "
        f"{as_percent(group.effective_limit)} for {group.who} and within MinnesotaCare's "
        f"{limit}.",
        RULE_MINNESOTACARE,
    )


def minnesotacare_outcome(person: Person, reason: str, rule: str) -> MemberOutcome:
    member = person.member
    figures = person.figures
    premium = figures.minnesotacare_premium(member.age, person.programs_percent)
    if member.age < figures.minnesotacare_premium_free_below_age:
        cost = f" No premium for people under {figures.minnesotacare_premium_free_below_age}."
    elif member.american_indian:
        premium = cents(Decimal(0))
        cost = " No premium for American Indians and Alaska Natives."
    elif premium:
        cost = f" The premium is {as_money(premium)} a month."
    else:
        cost = " No premium at this income."
    return MemberOutcome(member.key, "minnesotacare", reason + cost, premium, rule=rule)


def _status_below_credit(person: Person) -> MemberOutcome | None:
    """Below 100 %, an immigrant barred from Medical Assistance by status could once have the
    credit; whether they still can is the plan year's law."""
    if (
        person.full_medical_assistance_status
        or person.figures.credit_below_100_for_status_barred
        or person.credit_percent >= person.figures.credit_min_percent
    ):
        return None
    return MemberOutcome(
        person.member.key,
        "qhp_without_aptc",
        f"Household income is {as_percent(person.credit_percent)} of the poverty guideline the "
        f"tax credit uses, below {as_percent(person.figures.credit_min_percent)}; from "
        f"{person.figures.year} immigrants who cannot have Medical Assistance because of their "
        f"status no longer get the credit below that.",
        cost_sharing="limited" if person.member.american_indian else None,
        rule=RULE_STATUS_BELOW_100,
    )


def _credit_income_sentence(person: Person) -> str:
    year = person.figures.premium_tax_credit_guideline.year
    return (
        f"Household income is {as_percent(person.credit_percent)} of the federal poverty "
        f"guideline (the {year} guideline the tax credit uses)"
    )


def _bar_to_credit(person: Person) -> MemberOutcome | None:
    """A plan without financial help, with the reason; None when the credit applies."""
    member = person.member
    figures = person.figures
    filed = person.tax_return
    blocker = bar_to_financial_help(person)
    if blocker:
        why, rule = blocker
        why = f"{why}, so neither MinnesotaCare nor a premium tax credit is available."
    elif filed is None and member.tax_filing == "dependent_outside":
        why, rule = (
            "Is claimed on the tax return of someone not on this application: the premium tax "
            "credit can only come through that person's return.",
            RULE_NO_RETURN,
        )
    elif filed is None:
        why, rule = (
            "The premium tax credit needs a federal tax return for the year, and no one on "
            "this application files one that includes this person.",
            RULE_NO_RETURN,
        )
    elif filed.filed_separately:
        why, rule = (
            "Married and filing separately: the premium tax credit needs a joint return, "
            "unless filing separately because of domestic abuse or abandonment.",
            RULE_SEPARATELY,
        )
    elif person.credit_percent > figures.credit_max_percent:
        why, rule = (
            f"{_credit_income_sentence(person)}, above the "
            f"{as_percent(figures.credit_max_percent)} limit for a premium tax credit in "
            f"{figures.year}.",
            RULE_CREDIT_RANGE,
        )
    elif person.credit_percent < figures.credit_min_percent:
        why, rule = (
            f"{_credit_income_sentence(person)}, below the "
            f"{as_percent(figures.credit_min_percent)} a premium tax credit requires.",
            RULE_CREDIT_RANGE,
        )
    else:
        return None
    return MemberOutcome(
        member.key,
        "qhp_without_aptc",
        why,
        cost_sharing="limited" if member.american_indian else None,
        rule=rule,
    )
