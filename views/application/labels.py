"""The words the application's pages show for its stored codes, in the page's language (S13).

The application keeps English codes ("spouse", "biweekly", "permanent_resident"); the labels
here are the same as the English ones kept beside those codes (db.consumers.RELATIONSHIPS,
db.applications.TAX_FILING_STATUSES, portal.rules IMMIGRATION_STATUSES and FREQUENCIES), made
lazy so that a form's choices and the Summary read in Spanish on a Spanish page. A test holds
the keys and English words equal to those."""

from flask_babel import lazy_gettext as _l

RELATIONSHIPS = {
    "self": _l("Self"),
    "spouse": _l("Spouse"),
    "child": _l("Child"),
    "parent": _l("Parent"),
    "sibling": _l("Sibling"),
    "other": _l("Other relative"),
}
TAX_FILING = {
    "filer": _l("Will file a federal tax return"),
    "joint": _l("Will file jointly with a spouse"),
    "separately": _l("Married, will file separately from the spouse"),
    "dependent": _l("Will be claimed as a dependent by someone on this application"),
    "dependent_outside": _l("Will be claimed as a dependent by someone not on this application"),
    "not_filing": _l("Will not file and will not be claimed"),
}
IMMIGRATION_STATUSES = {
    "citizen": _l("U.S. citizen or U.S. national"),
    "permanent_resident": _l("Lawful permanent resident (green card holder)"),
    "humanitarian": _l("Refugee, asylee or another humanitarian status"),
    "lawfully_present": _l("Other lawfully present immigrant (for example a visa or TPS)"),
    "not_lawfully_present": _l("Not lawfully present (or prefers not to say)"),
}
FREQUENCIES = {
    "weekly": _l("Every week"),
    "biweekly": _l("Every two weeks"),
    "semimonthly": _l("Twice a month"),
    "monthly": _l("Every month"),
    "yearly": _l("Once a year"),
}
# What an application's status reads as on the consumer's home page (db.applications.STATUSES).
APPLICATION_STATUSES = {
    "draft": _l("In progress"),
    "submitted": _l("Submitted"),
    "replaced": _l("Replaced by a reported change"),
    "rescinded": _l("Rescinded"),
}
# The case's and the consumer's enrollment status on the home page (db.cases.CASE_STATUSES,
# db.consumers.ENROLLMENT_STATUSES): templates/macros/application.html translates the model's
# display with these entries.
CASE_STATUSES = {"open": _l("Open"), "rescinded": _l("Rescinded")}
ENROLLMENT_STATUSES = {"not_enrolled": _l("Not enrolled"), "enrolled": _l("Enrolled")}
