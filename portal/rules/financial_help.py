"""MinnesotaCare and the premium tax credit for one member: what bars them whatever the income
(other public coverage, an affordable job-based offer, no tax return, filing separately), and
the income limits. The credit itself is worked out per return in determination.py."""

from decimal import Decimal

from portal.rules.amounts import cents
from portal.rules.explanations import N_, Explanation, Joined, Money, Percent
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
        return Explanation(N_("Already has other public coverage")), RULE_OTHER_COVERAGE
    share = person.figures.affordability_percent
    limit = share * person.credit_income / 1200
    if member.employer_offer and member.employer_offer_minimum_value:
        premium = member.employer_premium_monthly
        if premium <= limit:
            return (
                Explanation(
                    N_(
                        "A job offers coverage that costs the employee %(premium)s a month for "
                        "self-only coverage, no more than %(share)s of household income "
                        "(%(limit)s a month), which counts as affordable"
                    ),
                    premium=Money(premium),
                    share=Percent(share),
                    limit=Money(limit),
                ),
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
                Explanation(
                    N_(
                        "A family member's job offers coverage for the family at %(premium)s a "
                        "month, no more than %(share)s of household income (%(limit)s a month), "
                        "which counts as affordable"
                    ),
                    premium=Money(premium),
                    share=Percent(share),
                    limit=Money(limit),
                ),
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
    limit = Percent(figures.minnesotacare_limit_percent)
    if not person.full_medical_assistance_status:
        why = Explanation(
            N_("A permanent resident within five years of getting that status")
            if person.within_bar
            else N_("An immigrant status for which Medical Assistance is not available")
        )
        return minnesotacare_outcome(
            person,
            Explanation(
                N_(
                    "%(why)s, so MinnesotaCare covers them instead: %(income)s, within its "
                    "%(limit)s."
                ),
                why=why,
                income=person.income_clause,
                limit=limit,
            ),
            RULE_MINNESOTACARE_STATUS,
        )
    group = figures.medical_assistance_group(member.age, member.pregnant)
    return minnesotacare_outcome(
        person,
        Explanation(
            N_(
                "%(income)s: above Medical Assistance's %(ma_limit)s for %(who)s and within "
                "MinnesotaCare's %(limit)s."
            ),
            income=person.income_sentence,
            ma_limit=Percent(group.effective_limit),
            who=Explanation(group.who),
            limit=limit,
        ),
        RULE_MINNESOTACARE,
    )


def minnesotacare_outcome(person: Person, reason: str, rule: str) -> MemberOutcome:
    member = person.member
    figures = person.figures
    premium = figures.minnesotacare_premium(member.age, person.programs_percent)
    if member.age < figures.minnesotacare_premium_free_below_age:
        cost = Explanation(
            N_("No premium for people under %(age)s."),
            age=figures.minnesotacare_premium_free_below_age,
        )
    elif member.american_indian:
        premium = cents(Decimal(0))
        cost = Explanation(N_("No premium for American Indians and Alaska Natives."))
    elif premium:
        cost = Explanation(N_("The premium is %(premium)s a month."), premium=Money(premium))
    else:
        cost = Explanation(N_("No premium at this income."))
    return MemberOutcome(member.key, "minnesotacare", Joined(reason, cost), premium, rule=rule)


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
        Explanation(
            N_(
                "Household income is %(percent)s of the poverty guideline the tax credit uses, "
                "below %(limit)s; from %(year)s immigrants who cannot have Medical Assistance "
                "because of their status no longer get the credit below that."
            ),
            percent=Percent(person.credit_percent),
            limit=Percent(person.figures.credit_min_percent),
            year=person.figures.year,
        ),
        cost_sharing="limited" if person.member.american_indian else None,
        rule=RULE_STATUS_BELOW_100,
    )


def _credit_income_sentence(person: Person) -> Explanation:
    return Explanation(
        N_(
            "Household income is %(percent)s of the federal poverty guideline (the %(year)s "
            "guideline the tax credit uses)"
        ),
        percent=Percent(person.credit_percent),
        year=person.figures.premium_tax_credit_guideline.year,
    )


def bar_to_credit(person: Person) -> MemberOutcome | None:
    """A plan without financial help, with the reason; None when the credit applies."""
    member = person.member
    figures = person.figures
    filed = person.tax_return
    blocker = bar_to_financial_help(person)
    if blocker:
        why, rule = blocker
        why = Explanation(
            N_("%(why)s, so neither MinnesotaCare nor a premium tax credit is available."),
            why=why,
        )
    elif filed is None and member.tax_filing == "dependent_outside":
        why, rule = (
            Explanation(
                N_(
                    "Is claimed on the tax return of someone not on this application: the "
                    "premium tax credit can only come through that person's return."
                )
            ),
            RULE_NO_RETURN,
        )
    elif filed is None:
        why, rule = (
            Explanation(
                N_(
                    "The premium tax credit needs a federal tax return for the year, and no one "
                    "on this application files one that includes this person."
                )
            ),
            RULE_NO_RETURN,
        )
    elif filed.filed_separately:
        why, rule = (
            Explanation(
                N_(
                    "Married and filing separately: the premium tax credit needs a joint "
                    "return, unless filing separately because of domestic abuse or abandonment."
                )
            ),
            RULE_SEPARATELY,
        )
    elif person.credit_percent > figures.credit_max_percent:
        why, rule = (
            Explanation(
                N_("%(income)s, above the %(limit)s limit for a premium tax credit in %(year)s."),
                income=_credit_income_sentence(person),
                limit=Percent(figures.credit_max_percent),
                year=figures.year,
            ),
            RULE_CREDIT_RANGE,
        )
    elif person.credit_percent < figures.credit_min_percent:
        why, rule = (
            Explanation(
                N_("%(income)s, below the %(limit)s a premium tax credit requires."),
                income=_credit_income_sentence(person),
                limit=Percent(figures.credit_min_percent),
            ),
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
