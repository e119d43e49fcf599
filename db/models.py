"""Every model, in dependency order: what migrations are checked against and tests rebuild."""

from db.accounts import AccountToken, AuthFailure, OneTimeCode, SecurityAnswer, User, UserSession
from db.applications import AnswerProvenance, Application, ApplicationMember
from db.assisters import Agency, AgencyAdmin, Assister, RegistrationNumber
from db.associations import AssisterRequest, Association, AuthorizationText, ClientCount
from db.audit import AuditEvent
from db.cases import Case, CaseChange, Determination, MemberDetermination, TaxHouseholdDetermination
from db.certifications import AgencyApplication, Certification, RosterUpload
from db.consumers import Consumer, HouseholdMember
from db.deactivations import Deactivation
from db.documents import Document
from db.enrollments import Enrollment, EnrollmentPremium
from db.invoices import PremiumInvoice
from db.mail import OutgoingMail
from db.notices import Notice, NoticeRead
from db.plans import Carrier, Plan
from db.training import (
    AssessmentAnswer,
    AssessmentAttempt,
    AssessmentQuestion,
    Course,
    CourseModule,
    ModuleProgress,
)
from db.verifications import VerificationRequest

MODELS = [
    User,
    SecurityAnswer,
    AccountToken,
    OneTimeCode,
    AuthFailure,
    UserSession,
    Agency,
    Assister,
    AgencyAdmin,
    RegistrationNumber,
    Deactivation,
    AgencyApplication,
    Certification,
    RosterUpload,
    Course,
    CourseModule,
    ModuleProgress,
    AssessmentQuestion,
    AssessmentAttempt,
    AssessmentAnswer,
    Consumer,
    HouseholdMember,
    AuthorizationText,
    Association,
    ClientCount,
    AssisterRequest,
    Application,
    ApplicationMember,
    AnswerProvenance,
    Case,
    CaseChange,
    Determination,
    MemberDetermination,
    TaxHouseholdDetermination,
    Carrier,
    Plan,
    Enrollment,
    EnrollmentPremium,
    Notice,
    NoticeRead,
    VerificationRequest,
    Document,
    PremiumInvoice,
    OutgoingMail,
    AuditEvent,
]
