"""Staff administration at /admin (flask-admin): one secure base view, one view per model."""

from urllib.parse import urlencode

from flask_admin import Admin
from flask_admin.menu import MenuLink
from flask_admin.theme import Bootstrap4Theme

from admin.agency_applications import AgencyAdminView, AgencyApplicationView
from admin.associations import AssociationView
from admin.audit import AuditEventView
from admin.base import SecureAdminIndexView
from admin.cases import ApplicationView, CaseView
from admin.certifications import EXPIRING_DAYS, TO_CONFIRM, CertificationView, expiring_link
from admin.documents import WAITING, DocumentView
from admin.enrollments import EnrollmentView
from admin.invoices import OVERDUE, PremiumInvoiceView
from admin.notices import NoticeView
from admin.plans import CarrierView, PlanView
from admin.records import AgencyView, AssisterView, ConsumerView
from admin.reports import ReportsView
from admin.training import AssessmentAttemptView, AssessmentQuestionView, CourseModuleView
from admin.users import UserView
from admin.verifications import VerificationRequestView
from db.accounts import User
from db.applications import Application
from db.assisters import Agency, AgencyAdmin, Assister
from db.associations import Association
from db.audit import AuditEvent
from db.cases import Case
from db.certifications import AgencyApplication, Certification
from db.consumers import Consumer
from db.documents import Document
from db.enrollments import Enrollment
from db.invoices import PremiumInvoice
from db.notices import Notice
from db.plans import Carrier, Plan
from db.training import AssessmentAttempt, AssessmentQuestion, CourseModule
from db.verifications import VerificationRequest


def init_admin(app):
    admin = Admin(
        app,
        name="Assister Portal administration",
        index_view=SecureAdminIndexView(name="Overview", url="/admin"),
        theme=Bootstrap4Theme(base_template="admin/portal_master.html"),
    )
    admin.add_view(AgencyView(Agency, name="Agencies", endpoint="admin_agency"))
    admin.add_view(
        AgencyApplicationView(
            AgencyApplication, name="Agency applications", endpoint="admin_agency_application"
        )
    )
    admin.add_view(
        AgencyAdminView(AgencyAdmin, name="Agency administrators", endpoint="admin_agency_admin")
    )
    admin.add_view(AssisterView(Assister, name="Assisters", endpoint="admin_assister"))
    admin.add_view(
        CertificationView(Certification, name="Certifications", endpoint="admin_certification")
    )
    admin.add_link(
        MenuLink("Certifications to confirm",
                 url=f"/admin/admin_certification/?{urlencode(TO_CONFIRM)}")
    )
    for days in EXPIRING_DAYS:
        admin.add_link(MenuLink(f"Certifications expiring in {days} days",
                                url=expiring_link(days)))
    admin.add_view(ConsumerView(Consumer, name="Consumers", endpoint="admin_consumer"))
    admin.add_view(AssociationView(Association, name="Associations", endpoint="admin_association"))
    admin.add_view(
        ApplicationView(Application, name="Applications", endpoint="admin_application")
    )
    admin.add_view(CaseView(Case, name="Cases", endpoint="admin_case"))
    admin.add_view(NoticeView(Notice, name="Notices", endpoint="admin_notice"))
    admin.add_view(PlanView(Plan, name="Plans", endpoint="admin_plan"))
    admin.add_view(CarrierView(Carrier, name="Carriers", endpoint="admin_carrier"))
    admin.add_view(EnrollmentView(Enrollment, name="Enrollments", endpoint="admin_enrollment"))
    admin.add_view(
        VerificationRequestView(
            VerificationRequest, name="Verification requests", endpoint="admin_verification"
        )
    )
    admin.add_view(DocumentView(Document, name="Documents", endpoint="admin_document"))
    admin.add_link(
        MenuLink("Documents to review", url=f"/admin/admin_document/?{urlencode(WAITING)}")
    )
    admin.add_view(
        PremiumInvoiceView(PremiumInvoice, name="MinnesotaCare premiums", endpoint="admin_invoice")
    )
    admin.add_link(
        MenuLink("Premiums overdue", url=f"/admin/admin_invoice/?{urlencode(OVERDUE)}")
    )
    admin.add_view(
        AssessmentQuestionView(
            AssessmentQuestion, name="Assessment questions", endpoint="admin_question"
        )
    )
    admin.add_view(CourseModuleView(CourseModule, name="Course modules", endpoint="admin_module"))
    admin.add_view(
        AssessmentAttemptView(
            AssessmentAttempt, name="Assessment attempts", endpoint="admin_attempt"
        )
    )
    admin.add_view(UserView(User, name="Users", endpoint="admin_user"))
    admin.add_view(AuditEventView(AuditEvent, name="Audit log", endpoint="admin_audit"))
    admin.add_view(ReportsView(name="Reports", endpoint="admin_reports", url="/admin/reports"))
    return admin
