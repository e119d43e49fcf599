"""What the Plan Summary, the read-only view and Thank You show of an enrollment."""

from portal.services import enrollments, plans


def summary_context(enrollment):
    covered = enrollments.household(enrollment.case)
    quote = sharing = None
    if enrollment.plan_id is not None:
        level = enrollments.cost_sharing_level(enrollment, covered)
        sharing = plans.cost_sharing(enrollment.plan, level)
    if enrollment.plan_id is not None and enrollment.aptc_choice:
        quote = enrollments.effect(enrollment, enrollments.applied_aptc(enrollment))
    return {
        "enrollment": enrollment,
        "covered": covered,
        "quote": quote,
        "sharing": sharing,
        "steps": enrollments.STEPS,
    }
