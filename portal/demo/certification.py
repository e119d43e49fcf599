"""Demo data for certification, training and agencies (S8): North Star Navigators' agency
administrator, an organization's application waiting for staff, a navigator and a broker who
registered and wait (the navigator's Training ID is in the Dev mailbox), and Nora Vang's
certification ending within the renewal window."""

from portal.actors import SYSTEM
from portal.services import accounts, agency_admins, agency_applications, certifications

AGENCY_ADMIN = ("agency", "Agnes", "Berg", "651-555-0141")

APPLICATION = {
    "legal_name": "Prairie Health Access",
    "kind": "cac",
    "street": "410 S Front St",
    "city": "Mankato",
    "state": "MN",
    "zip_code": "56001",
    "county": "Blue Earth",
    "counties_served": ["Blue Earth", "Nicollet", "Le Sueur", "Waseca"],
    "languages": ["English", "Spanish"],
    "phone": "507-555-0170",
    "website": "https://prairiehealthaccess.example.org",
    "contact_first_name": "Rosa",
    "contact_last_name": "Lindgren",
    "contact_email": "rosa.lindgren@prairiehealthaccess.example",
    "contact_phone": "507-555-0171",
}

REGISTRANTS = (
    # Waits for Agnes to approve him on North Star's roster; his course is not started.
    {"assister_type": "navigator", "first_name": "Kofi", "last_name": "Mensah",
     "city": "Saint Paul", "zip_code": "55104", "county": "Ramsey", "phone": "651-555-0177",
     "languages": ["English"]},
    # An independent broker waiting for staff (the Broker Line) to confirm her license.
    {"assister_type": "broker", "first_name": "Linnea", "last_name": "Sorensen",
     "city": "Edina", "zip_code": "55435", "county": "Hennepin", "phone": "952-555-0178",
     "languages": ["English", "Russian"], "license_number": "MN-40417788"},
)


def certification(staff_actor, north_star, password, today):
    """North Star's administrator (username `agency`), the waiting application and the two
    registrations."""
    username, first, last, phone = AGENCY_ADMIN
    email = f"{username}@assister-portal.test"
    user = accounts.create_user(
        SYSTEM, username, email, f"{first} {last}", "agency_admin", password
    )
    agency_admins.create_agency_admin(
        staff_actor,
        {"agency": north_star, "user": user, "first_name": first, "last_name": last,
         "email": email, "phone": phone},
    )
    agency_applications.submit(SYSTEM, APPLICATION)
    for values in REGISTRANTS:
        certifications.register(
            SYSTEM,
            {
                **values,
                "email": f"{values['first_name']}.{values['last_name']}@assisters.example".lower(),
                "street": "500 Cedar St",
                "agency_id": north_star.id if values["assister_type"] == "navigator" else None,
                "license_expires_on": today.replace(year=today.year + 2)
                if values["assister_type"] == "broker" else None,
            },
            today=today,
        )
