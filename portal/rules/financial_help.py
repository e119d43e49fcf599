"""MinnesotaCare and the premium tax credit for one member: what bars them whatever the income
(other public coverage, an affordable job-based offer, no tax return, filing separately), and
the income limits. The credit itself is worked out per return in determination.py."""

from decimal import Decimal

from portal.rules.amounts import as_money, as_percent, cents
from portal.rules.outcomes import MemberOutcome
from portal.rules.person import Person

RULE_MINNESOTACARE = "Minn. Stat. 256L.04; 42 CFR 600.305"
RULE_MINNESOTACARE_STATUS = "Minn. Stat. 256L.04 subd. 10; 42 CFR 600.305(a)(1)(ii)"
RULE_OTHER_COVERAGE = "26 USC 36B(c)(2)(B); 42 CFR 600.305(a)(2)"
RULE_EMPLOYER = "26 USC 36B(c)(2)(C); 26 CFR 1.36B-2(c)(3)(v)(A)"
RULE_NO_RETURN = "26 USC 36B(c)(1)(A); 45 CFR 155.305(f)(4)"
RULE_SEPARATELY = "26 USC 36B(c)(1)(C); 26 CFR 1.36B-2(b)(2)"
RULE_CREDIT_RANGE = "26 USC 36B(c)(1)(A)"
RULE_STATUS_BELOW_100 = "26 USC 36B(c)(1)(B) as amended by P.L. 119-21 s. 71302"


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


def minnesotacare(person: Person) -> MemberOutcome | None:
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


def status_below_credit(person: Person) -> MemberOutcome | None:
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


def bar_to_credit(person: Person) -> MemberOutcome | None:
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
