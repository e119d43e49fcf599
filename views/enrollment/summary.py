"""What the Plan Summary, the read-only view and Thank You show of an enrollment."""

from portal.services import enrollments


def summary_context(enrollment):
    covered = enrollments.household(enrollment.case)
    quote = None
    if enrollment.plan_id is not None and enrollment.aptc_choice:
        quote = enrollments.effect(enrollment, enrollments.applied_aptc(enrollment))
    return {
        "enrollment": enrollment,
        "covered": covered,
        "quote": quote,
        "steps": enrollments.STEPS,
    }
