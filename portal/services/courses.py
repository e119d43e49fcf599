"""Which course is current, and whether an assister has mastered it (S8): the activation email
and a renewal wait for mastery of the current year's course."""

from db.training import Course
from portal.services.standing import minnesota_today


def current_course(today=None):
    """This year's course, or the latest before it while this year's is not published."""
    year = (today or minnesota_today()).year
    return Course.select().where(Course.year <= year).order_by(Course.year.desc()).first()


def has_mastered(assister, today=None):
    """Whether the assister mastered the current course's assessment."""
    return mastered(assister, current_course(today))


def mastered(assister, course):
    """Whether the assister mastered `course` (None: there is no course to master)."""
    return course is not None and assister.mastered_course_year == course.year
