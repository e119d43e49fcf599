"""Find local help in the demo: agencies and assisters across Minnesota's counties, each with a
street address, office hours and languages; one assister who chose not to be listed, and one
listing marketplace staff hid, with the reason.

Made after the sign-in assisters and with values of its own, not from the seed's random
generator: the consumers the tours name come out of that generator, and stay who they are.
"""

from dataclasses import replace
from datetime import date, timedelta

from portal.actors import SYSTEM
from portal.services import accounts, agencies, assisters, courses, listings

AGENCIES = [
    {
        "name": "Red River Valley Navigators",
        "kind": "navigator",
        "street": "810 4th Ave S",
        "city": "Moorhead",
        "zip_code": "56560",
        "county": "Clay",
        "phone": "218-555-0160",
        "email": "help@redrivernavigators.example",
        "website": "https://redrivernavigators.example.org",
        "hours": "Mon–Fri 8:30–16:30",
        "languages": "English, Spanish, Somali",
    },
    {
        "name": "Headwaters Health Access",
        "kind": "cac",
        "street": "403 4th St NW",
        "city": "Bemidji",
        "zip_code": "56601",
        "county": "Beltrami",
        "phone": "218-555-0175",
        "email": "coverage@headwatershealth.example",
        "website": "https://headwatershealth.example.org",
        "hours": "Mon–Thu 9:00–17:00, Fri 9:00–12:00",
        "languages": "English",
    },
    {
        "name": "Zumbro Valley Clinic",
        "kind": "cac",
        "street": "1030 2nd St SW",
        "city": "Rochester",
        "zip_code": "55902",
        "county": "Olmsted",
        "phone": "507-555-0130",
        "email": "enroll@zumbrovalley.example",
        "website": "https://zumbrovalley.example.org",
        "hours": "Mon–Fri 8:00–18:00",
        "languages": "English, Spanish, Somali, Arabic",
    },
    {
        "name": "Gateway Insurance Partners",
        "kind": "broker",
        "street": "121 S 8th St",
        "city": "Minneapolis",
        "zip_code": "55403",
        "county": "Hennepin",
        "phone": "612-555-0188",
        "email": "office@gatewayinsurance.example",
        "website": "https://gatewayinsurance.example.org",
        "hours": "Mon–Fri 9:00–17:30",
        "languages": "English, Vietnamese, Chinese",
    },
]

# (type, first, last, agency name or None, street, city, county, ZIP, languages, hours,
#  shows the street, phone)
ASSISTERS = [
    ("navigator", "Abdi", "Warsame", "Red River Valley Navigators", "810 4th Ave S", "Moorhead",
     "Clay", "56560", "English, Somali", "Mon–Fri 8:30–16:30", True, "218-555-0161"),
    ("navigator", "Ingrid", "Solberg", "Red River Valley Navigators", "810 4th Ave S",
     "Moorhead", "Clay", "56560", "English, Spanish", "Tue–Sat 10:00–18:00", True,
     "218-555-0162"),
    ("cac", "Hannah", "Lund", "Headwaters Health Access", "403 4th St NW", "Bemidji",
     "Beltrami", "56601", "English", "Mon–Thu 9:00–17:00", True, "218-555-0176"),
    ("cac", "Hodan", "Farah", "Zumbro Valley Clinic", "1030 2nd St SW", "Rochester", "Olmsted",
     "55902", "English, Somali, Arabic", "Mon–Fri 8:00–18:00", True, "507-555-0131"),
    ("cac", "Yusuf", "Abdullahi", "Lakes Community Health Center", "1402 E Superior St",
     "Duluth", "St. Louis", "55811", "English, Somali, Oromo", "Mon–Thu 9:00–18:00", True,
     "218-555-0191"),
    ("navigator", "Mai", "Lor", "North Star Navigators", "985 E 7th St", "Saint Paul", "Ramsey",
     "55106", "English, Hmong, Karen", "Mon–Fri 9:00–17:00, Sat 9:00–13:00", True,
     "651-555-0142"),
    ("broker", "Linh", "Tran", "Gateway Insurance Partners", "121 S 8th St", "Minneapolis",
     "Hennepin", "55403", "English, Vietnamese", "Mon–Fri 9:00–17:30", True, "612-555-0189"),
    ("broker", "Erik", "Haugen", None, "2210 Irvine Ave NW", "Bemidji", "Beltrami", "56601",
     "English", "By appointment, evenings and Saturdays", False, "218-555-0177"),
    ("broker", "Carmen", "Ortiz", None, "33 Wilson Ave NE", "Saint Cloud", "Stearns", "56303",
     "English, Spanish", "Mon–Fri 10:00–18:00", True, "320-555-0124"),
]

# The sign-in assisters' and their colleagues' listings, by last name: office hours, and
# whether the street is shown (an independent broker working from home shows only the city).
CHOICES = {
    "Lindqvist": ("Mon–Fri 9:00–17:00", True),
    "Okafor": ("Mon–Fri 8:00–16:00", True),
    "Delgado": ("Evenings and weekends, by appointment", False),
    "Berglund": ("Mon–Wed 9:00–15:00", True),
    "Vang": ("Mon–Fri 8:00–17:00, Sat 9:00–13:00", True),
    "Hassan": ("Mon–Fri 8:00–17:00", True),
    "Ramirez": ("Tue–Sat 10:00–18:00", True),
    "Johnson": ("Mon–Thu 9:00–16:00", True),
    "Anderson": ("Mon–Thu 9:00–18:00", True),
    "Ali": ("Mon–Thu 9:00–18:00", True),
    "Thao": ("Tue and Thu 9:00–17:00", True),
    "Nelson": ("Mon 12:00–18:00, Wed 9:00–13:00", True),
}
NOT_LISTED = "Okafor"
HIDDEN = (
    "Berglund",
    "Mail sent to this office comes back undelivered. Hidden until the broker confirms the "
    "address with the Broker Line.",
)


def directory(staff_actor, made_agencies, made_assisters, password):
    """The demo's listings: the agencies and assisters above, and the listing choices of the
    ones already made. The assisters above have accounts (username first.last, the demo
    password): the directory lists only assisters who can receive a request."""
    by_name = {agency.name: agency for agency in made_agencies}
    for values in AGENCIES:
        by_name[values["name"]] = agencies.create_agency(staff_actor, values)
    for row in ASSISTERS:
        assisters.create_assister(staff_actor, _values(row, by_name, password))
    for assister in made_assisters:
        hours, shows_street = CHOICES[assister.last_name]
        listings.update_assister_listing(
            replace(SYSTEM, user=assister.user) if assister.user_id else staff_actor,
            assister,
            {
                "listed": assister.last_name != NOT_LISTED,
                "listing_shows_street": shows_street,
                "hours": hours,
                "languages": listings.languages_of(assister),
            },
        )
        if assister.last_name == HIDDEN[0]:
            listings.hide(staff_actor, assister, HIDDEN[1])


def _values(row, by_name, password):
    (kind, first, last, agency, street, city, county, zip_code, languages, hours, shows_street,
     phone) = row
    certified_on = date.today() - timedelta(days=120)
    username = f"{first}.{last}".lower()
    return {
        "user": accounts.create_user(
            SYSTEM, username, f"{username}@assister-portal.test", f"{first} {last}", "assister",
            password,
        ),
        "assister_type": kind,
        "first_name": first,
        "last_name": last,
        "email": f"{first}.{last}@assisters.example".lower(),
        "phone": phone,
        "street": street,
        "city": city,
        "state": "MN",
        "zip_code": zip_code,
        "county": county,
        "languages": languages,
        "hours": hours,
        "listing_shows_street": shows_street,
        "agency": by_name[agency] if agency else None,
        "license_number": f"MN-4{zip_code}{len(last):02d}" if kind == "broker" else None,
        **certified_and_trained(kind, certified_on),
    }


def certified_and_trained(kind, certified_on, years=2):
    """What a demo assister enrolled by staff holds: a certification of `years` from
    `certified_on`, the roster's approval (agency staff) and this year's course mastered."""
    return {
        "certified_on": certified_on,
        "certification_expires_on": certified_on + timedelta(days=365 * years),
        "roster_status": "approved" if kind in ("navigator", "cac") else None,
        "mastered_course_year": courses.current_course().year,
        "is_active": True,
    }
