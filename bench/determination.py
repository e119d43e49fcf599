"""One eligibility determination (S5): the rules must answer well inside 1 ms.

Times portal.rules.determine() for a realistic mixed household of four in Hennepin (two parents
on a plan with the premium tax credit, one with an unaffordable employer offer; a child and an
infant on Medical Assistance), one call at a time so the tail shows, after a warm-up that loads
the plan-year file.

    .venv/bin/python -m bench.determination [--calls 20000]
"""

import argparse
import statistics
import timeit
from decimal import Decimal

from portal.rules import Household, Member, annual_income, determine

BUDGET_MICROSECONDS = 1000


def _member(key, age, income=Decimal(0), **answers):
    plain = {
        "applying": True,
        "pregnant": False,
        "immigration_status": "citizen",
        "annual_deductions": Decimal(0),
        "has_medicare": False,
        "has_other_public_coverage": False,
        "employer_offer": False,
        "employer_premium_monthly": None,
    }
    return Member(key=key, age=age, annual_income=income, **plain | answers)


HOUSEHOLD = Household(
    plan_year=2026,
    county="Hennepin",
    members=(
        _member(
            "parent-1",
            38,
            annual_income(Decimal("2150.00"), "biweekly"),
            annual_deductions=Decimal("2400.00"),
            tax_filing="joint",
        ),
        _member(
            "parent-2",
            41,
            annual_income(Decimal("2400.00"), "monthly"),
            immigration_status="lawfully_present",
            employer_offer=True,
            employer_premium_monthly=Decimal("720.00"),
            relationship="spouse",
            tax_filing="joint",
        ),
        _member("child", 9, relationship="child", tax_filing="dependent"),
        _member("infant", 1, relationship="child", tax_filing="dependent"),
    ),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    args = parser.parse_args()
    determination = determine(HOUSEHOLD)
    timings = timeit.Timer(lambda: determine(HOUSEHOLD)).repeat(repeat=args.calls, number=1)
    microseconds = sorted(seconds * 1_000_000 for seconds in timings)
    mean = statistics.fmean(microseconds)
    p99 = microseconds[int(len(microseconds) * 0.99) - 1]
    programs = ", ".join(f"{o.key} {o.program}" for o in determination.outcomes)
    print(f"household: {programs}; max APTC ${determination.max_aptc_monthly}/month")
    print(f"determine() x {args.calls}: mean {mean:6.1f} µs   p99 {p99:6.1f} µs per call")
    verdict = "within" if p99 < BUDGET_MICROSECONDS else "OVER"
    share = p99 / BUDGET_MICROSECONDS
    print(f"{verdict} the {BUDGET_MICROSECONDS} µs budget: p99 is {share:.0%} of it")


if __name__ == "__main__":
    main()
