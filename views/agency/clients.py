"""The agency's Clients (S8's agency dashboard): every client of the agency's assisters, and one
client's status page. Read-only; the service audits every look."""

from flask import render_template, request

from db.consumers import APPLICATION_STATUSES
from portal.auth import current_actor
from portal.services import agency_clients
from portal.services.client_tables import PER_PAGE_CHOICES, SEARCH_MAX
from views.agency import bp, current_agency_admin
from views.client_tables import render_table


@bp.get("/clients")
def clients():
    """The table of clients; an htmx request gets only the table. What the address asked for
    and this table does not have (a sort, a filter, a page) gives the first page, and says so."""
    admin = current_agency_admin()
    listing = agency_clients.AgencyListing.from_query(request.args)
    page = agency_clients.client_page(current_actor(), admin.agency, listing)
    return render_table(
        "agency/clients.html",
        "client_table",
        admin=admin,
        page=page,
        listing=page.listing,
        listing_endpoint="agency.clients",
        refused=bool(page.refused) or listing.refused(request.args),
        application_statuses=APPLICATION_STATUSES,
        per_page_choices=PER_PAGE_CHOICES,
        search_max=SEARCH_MAX,
    )


@bp.get("/clients/<int:association_id>")
def client_status(association_id):
    """One client's application, enrollment and verification status: no private details."""
    admin = current_agency_admin()
    status = agency_clients.client_status(current_actor(), admin.agency, association_id)
    return render_template("agency/client_status.html", admin=admin, status=status)
