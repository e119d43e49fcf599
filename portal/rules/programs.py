"""One member's tests, in the order a MNsure determination takes them: Medicare, Medical
Assistance (by status, age and group), incarceration, immigration status, then MinnesotaCare and
what bars the premium tax credit (financial_help.py).

Each test returns the member's outcome, or None to go on to the next; what a member's tests read
of the household is worked out once, in a Person (person.py).
"""

from portal.rules.explanations import N_, Explanation, Joined, Percent
from portal.rules.financial_help import (
    bar_to_credit,
    bar_to_financial_help,
    minnesotacare,
    minnesotacare_outcome,
    status_below_credit,
)
from portal.rules.outcomes import MemberOutcome
from portal.rules.person import Person
from portal.rules.plan_year import MedicalAssistanceGroup

RULE_MEDICARE = "Social Security Act 1882(d)(3); 45 CFR 155.305(a)"
RULE_PART_A = "26 USC 5000A(f)(1)(A)(i); 26 CFR 1.36B-2(c)(2)(iv)"
RULE_FOSTER_CARE = "42 CFR 435.150"
RULE_INCARCERATED = "45 CFR 155.305(a)(2); Minn. Stat. 256L.04 subd. 7a"
RULE_NOT_LAWFULLY_PRESENT = "45 CFR 155.305(a)(1); 42 USC 18032(f)(3)"
RULE_EMERGENCY = "42 USC 1396b(v)(2); 42 CFR 435.406(b), 440.255"
RULE_MINNESOTACARE_CHILDREN = "Minn. Stat. 256L.04 subd. 10 (2025 amendment)"
# The names of the groups the plan year's figures (db/data/plan_year_<year>.toml) give, marked for
# the catalog: a reason names its group in the reader's language.
GROUP_NAMES = (
    N_("adults"),
    N_("children aged 2 to 18"),
    N_("infants under 2"),
    N_("people 65 and over"),
    N_("pregnant people"),
    N_("young adults aged 19 and 20"),
)


def outcome(person: Person) -> MemberOutcome | None:
    """The member's outcome, or None when the member goes on to the credit's test."""
    member = person.member
    if not member.applying:
        return MemberOutcome(
            member.key,
            "not_applying",
            Explanation(
                N_("Not applying for coverage; still counted in the household's size and income.")
            ),
        )
    return (
        _medicare(person)
        or _former_foster_care(person)
        or _medical_assistance(person)
        or _incarcerated(person)
        or _not_lawfully_present(person)
        or minnesotacare(person)
        or status_below_credit(person)
        or bar_to_credit(person)
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
        Explanation(
            N_(
                "%(why)s. %(income)s, within the %(limit)s limit for %(who)s; the county decides "
                "Medical Assistance on this basis, which also counts savings and property, and "
                "will write."
            ),
            why=why,
            income=person.income_sentence,
            limit=Percent(group.effective_limit),
            who=Explanation(group.who),
        ),
        rule=group.rule,
    )


def _medicare(person: Person) -> MemberOutcome | None:
    member = person.member
    if member.has_medicare:
        return _non_magi_referral(person, Explanation(N_("Has Medicare"))) or MemberOutcome(
            member.key,
            "not_eligible",
            Explanation(
                N_(
                    "Has Medicare, so the marketplace cannot sell a plan with or without a "
                    "premium tax credit, and MinnesotaCare is not available."
                )
            ),
            rule=RULE_MEDICARE,
        )
    if member.age >= person.figures.non_magi_group.min_age:
        referred = _non_magi_referral(
            person, Explanation(N_("Is %(age)s on the day coverage starts"), age=member.age)
        )
        if referred:
            return referred
    if member.premium_free_part_a and member.immigration_status != "not_lawfully_present":
        return MemberOutcome(
            member.key,
            "qhp_without_aptc",
            Explanation(
                N_(
                    "Can get Medicare Part A without paying a premium, so no premium tax credit "
                    "or MinnesotaCare; a plan can still be bought at its full price."
                )
            ),
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
        Explanation(
            N_(
                "Was in foster care on turning 18: Medical Assistance covers former foster "
                "youth until age %(age)s whatever their income."
            ),
            age=below,
        ),
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
    reason = Explanation(
        N_("%(income)s; Medical Assistance covers %(who)s up to %(limit)s."),
        income=person.income_sentence,
        who=Explanation(group.who),
        limit=Percent(group.effective_limit),
    )
    if person.member.incarcerated:
        reason = Joined(
            reason,
            Explanation(N_("While serving a sentence it pays only for inpatient hospital care.")),
        )
    return MemberOutcome(
        person.member.key,
        "medical_assistance",
        reason,
        rule=group.rule,
    )


def _incarcerated(person: Person) -> MemberOutcome | None:
    if not person.member.incarcerated:
        return None
    return MemberOutcome(
        person.member.key,
        "not_eligible",
        Explanation(
            N_(
                "Is serving a jail or prison sentence: a marketplace plan and MinnesotaCare are "
                "not available until release (people only awaiting trial can enroll)."
            )
        ),
        rule=RULE_INCARCERATED,
    )


def _emergency(person: Person, why: str) -> MemberOutcome | None:
    group = _within_medical_assistance(person)
    if group is None:
        return None
    return MemberOutcome(
        person.member.key,
        "emergency_medical_assistance",
        Explanation(
            N_(
                "%(why)s; %(income)s, within Medical Assistance's %(limit)s for %(who)s, so "
                "Emergency Medical Assistance pays for treatment of an emergency medical "
                "condition, labor and delivery included."
            ),
            why=why,
            income=person.income_clause,
            limit=Percent(group.effective_limit),
            who=Explanation(group.who),
        ),
        rule=RULE_EMERGENCY,
    )


def _not_lawfully_present(person: Person) -> MemberOutcome | None:
    member = person.member
    if member.immigration_status != "not_lawfully_present":
        return None
    figures = person.figures
    below = figures.minnesotacare_any_status_below_age
    if member.age < below:
        limit = figures.minnesotacare_limit_percent
        blocker = bar_to_financial_help(person)
        if not blocker and person.programs_percent <= limit:
            return minnesotacare_outcome(
                person,
                Explanation(
                    N_(
                        "%(income)s, within MinnesotaCare's %(limit)s; children under %(age)s "
                        "can have it whatever their immigration status (state-funded)."
                    ),
                    income=person.income_sentence,
                    limit=Percent(limit),
                    age=below,
                ),
                RULE_MINNESOTACARE_CHILDREN,
            )
        why = blocker[0] if blocker else Explanation(
            N_("%(income)s, above MinnesotaCare's limit"), income=person.income_sentence
        )
    else:
        why = Explanation(
            N_(
                "From %(year)s MinnesotaCare covers people who are not lawfully present only "
                "under age %(age)s"
            ),
            year=figures.year,
            age=below,
        )
    not_present = Explanation(N_("Not lawfully present, so full coverage is not available"))
    return _emergency(person, not_present) or (
        MemberOutcome(
            member.key,
            "not_eligible",
            Explanation(
                N_(
                    "%(why)s; income is above Medical Assistance's limit for Emergency Medical "
                    "Assistance; and people who are not lawfully present cannot buy a "
                    "marketplace plan."
                ),
                why=why,
            ),
            rule=RULE_NOT_LAWFULLY_PRESENT,
        )
    )
