"""One member's tests, in the order a MNsure determination takes them: Medicare, Medical
Assistance (by status, age and group), incarceration, immigration status, then MinnesotaCare and
what bars the premium tax credit (financial_help.py).

Each test returns the member's outcome, or None to go on to the next; what a member's tests read
of the household is worked out once, in a Person (person.py).
"""

from portal.rules.amounts import as_percent
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
