"""036: the 2026 assister portal course and the assessment's question bank, written here (a
migration is a frozen snapshot: it reads no file that could change under it). Staff change both
in the admin from here on; next year's course is a new course."""

import peewee as pw
from peewee_migrate import Migrator

YEAR = 2026
# About 45 minutes in all, as the manual's course: the topics of its Training section, in the
# order an assister meets them. A line "Link: <title> | <url>" is shown as a link.
MODULES = [
    {
        "title": "Creating your assister portal account",
        "minutes": 7,
        "body": """\
You can use the Assister Portal once three things are true: your certification is confirmed, you have mastered this course's assessment, and (for navigators and certified application counselors) your agency administrator has approved you on the agency's roster. The portal then sends you the activation email by itself.

The email's subject is "Action required: Activate your Assister Portal account". It holds two different numbers. Your Reference Number is near the top: it is permanent, and it is the number you give consumers so that they can choose you on their Manage Assister page. Your Registration Number is near the bottom: it is secret, it works once, and it expires (30 days after the email is sent). You type it only when you create your account.

Select the link in the email to open "Register for an Account". Review the Privacy Warning and the Rules of Behavior and choose Accept. Then enter your contact information exactly as the email shows it, your email address twice (the same address the email was sent to), tick "I do not wish to provide my Social Security Number" (assisters never give their SSN), the Registration Number and the CAPTCHA. The most common mistakes are an email address that differs from the one the email went to, and typing the Reference Number where the Registration Number belongs.

On Account Information choose a username, a passphrase of at least 12 characters and three security questions. Keep your username and passphrase to yourself: nobody else may ever sign in as you. You receive a "Successful User Creation" email when the account is made.

Every sign-in uses multi-factor authentication (MFA): federal rules require it wherever federal tax information can be seen. The first time, register your email for MFA and agree to the Terms and Conditions; each later time, after your passphrase, you choose how to receive a one-time access code (by email, subject "One Time Password", or from an authenticator app you add under Your account). A code works once, for 10 minutes. Five wrong passphrases or codes within 15 minutes lock the account for 30 minutes.

If your activation email is lost, or your Registration Number has expired, call the ARC (navigators and CACs) or the Broker Line (brokers) to have a new one sent.

Link: MNsure | https://www.mnsure.org/
""",
    },
    {
        "title": "Finding your way around the portal",
        "minutes": 5,
        "body": """\
After you sign in you land on Client Requests, your dashboard. It lists every consumer who has authorized you: Name (the account holder, not necessarily the primary applicant), Date Requested (when they associated with you) and Status. A client is New until you first open their account, then In Progress. You can sort by each column, search by name, and filter.

Above the table, the work queue gathers what needs you: new requests, applications in progress, verification deadlines, unread notices, consents about to expire, and premiums overdue, each with its due date.

To work with a client select Assist Client. The Acknowledgement of Assister Authorization / Agent of Record comes first: you confirm that the consumer authorized you and that you will protect their information. Only then does Client Details open, with their application, results, enrollment, documents and notices. Select Cancel if you do not agree; you will see nothing private.

One click on the privacy screen hides clients' names and details on the dashboard (initials only), for when someone could see your screen. Your Reference Number is always under Your Reference Number. Under Your listing in Find local help you choose whether and how consumers find you in the public directory; your Reference Number is never listed there.

For your clients' safety the portal signs you out after 15 minutes without activity (it warns you two minutes before), and after 12 hours in any case. Sign out yourself when you step away.
""",
    },
    {
        "title": "The consumer's authorization",
        "minutes": 6,
        "body": """\
You act for a consumer only with their recorded authorization. The consumer gives it in their own account: Manage Assister in the toolbar, then Add or change my assister, your Reference Number and Search. If your details are right they select Next, read the Assister Authorization / Agent of Record screen and select Confirm. Nothing is authorized until they confirm. A consumer who found you in Find local help can also send you a request; it gives you no access until they confirm it on the same authorization screen.

The authorization says what you may do (its scope: apply, enroll, documents, notices, report changes) and for how long. It expires after one year or at the end of the coverage year, and both of you are reminded before it does. An action the authorization does not cover is refused, and the portal says why. For a broker, the authorization also makes you the consumer's Agent of Record.

A consumer may have one assister of each type at a time: one broker, one navigator and one certified application counselor. Choosing a new assister of the same type ends the association with the previous one.

An association can end three ways: the consumer removes you on Manage Assister at any time, you end it yourself with End association on Client Details (with a reason), or marketplace staff end it. Your access stops at that instant. The consumer's Manage Assister page shows every action an assister took for them, so they always know who acted on their behalf.

Link: Assister Authorization / Agent of Record (MNsure) | https://www.mnsure.org/
""",
    },
    {
        "title": "Applying and enrolling on a consumer's behalf",
        "minutes": 8,
        "body": """\
On Client Details, Apply for assistance with Health Care starts an application and Resume application continues one. The screens are exactly the ones the consumer sees in their own account. Only one person at a time, the consumer or you, can be working on an application: while one of you is editing, the other sees "Being edited by" and a read-only Summary.

If you must stop, select Save & Exit: what you entered is saved and the application is freed at once. Without it, unsaved answers on the screen are lost. On Summary you can print a record of what was entered for the consumer.

On Signature, make sure the consumer has viewed the Notice of Rights and Responsibilities. Navigators and CACs complete the assister section (Yes, your Assister ID and your organization's full name), so that your help is recorded on the case. Enter the primary applicant's name at the bottom. By signing for the consumer you attest that the application is accurate as the consumer gave it to you. Your Health Care Results then shows the initial eligibility determination, with Enroll in a plan for a qualified health plan and Next Steps for MinnesotaCare.

To enroll, select Enroll in a plan. The consumer must have read and agreed to the Privacy Policy. Choose a plan with them (filter, sort, compare up to three). On Tax Credit Options, the amount of premium tax credit applied has tax consequences: discuss it with the consumer, make sure they agreed to the tax filer statements, and never give tax advice (refer them to a tax professional). Print the Plan Summary for their records. On Confirmation and Signature the electronic signature must match the primary applicant's name exactly; Thank You confirms the enrollment.

Navigators and CACs may not sell, solicit or negotiate insurance: enroll a consumer in a plan only at their request and in the plan they decided on. A broker who enrolls a consumer becomes their Agent of Record.

After a case exists, Report a change opens the same screens filled in from the case, for a new baby, a move or a change of income.

Link: HealthCare.gov: how to apply and enroll | https://www.healthcare.gov/apply-and-enroll/how-to-apply/
Link: HealthCare.gov: lower costs on coverage | https://www.healthcare.gov/lower-costs/
""",
    },
    {
        "title": "Documents and notices",
        "minutes": 5,
        "body": """\
When the marketplace cannot verify an answer electronically, the determination asks for proof in a verification request with a due date (usually 95 days after the notice). The work queue's Verification deadlines lists your clients who owe documents, soonest first.

Upload documents on Client Details (or the consumer does it in their own account): choose the kind of document and add the files. PDF, JPEG, PNG, HEIC and TIFF files are accepted, up to 10 MB each and 25 MB in all; files are judged by their content, not their names. A document nobody asked for can be sent as "other". Marketplace staff review each document and accept it or reject it with a reason; a notice tells the consumer either way.

Notices are the consumer's letters: determinations, verification requests and their outcomes, changes, premium invoices. The consumer sees each as Unread or Read. You see a client's notices only when their authorization covers notices, and the work queue shows Unread notices for the ones you have not opened. Reading a notice marks it read for you only.

For MinnesotaCare, each month's premium invoice is listed and printable; the work queue shows premiums overdue.
""",
    },
    {
        "title": "Safeguarding consumer information and privacy",
        "minutes": 7,
        "body": """\
Consumers trust you with their most private information: Social Security Numbers, income, immigration status, health coverage and federal tax information (FTI) from the IRS. Federal law protects FTI (IRS Publication 1075), and it is why every sign-in needs multi-factor authentication.

Look only at what you need, only for consumers who authorized you, and only to help them. Every look at a client's information and every change is written to an audit log that cannot be changed, and the consumer can see on their Manage Assister page each action taken for them.

Never write a Social Security Number, a tax figure or a password in an email, a text message, a note or a spreadsheet. Never give your own SSN when you create your account. Never share your username, passphrase or access codes with anyone, a colleague or a supervisor included, and never let anyone use the portal signed in as you.

Protect your screen: use the privacy screen when others can see it, lock your computer when you step away, and do not work on a consumer's account on a public computer or in a public place where the screen can be read. Keep printed Summaries and Plan Summaries for the consumer, not for your files, and shred what you must not keep.

If you think consumer information was seen by someone who should not have seen it (a lost laptop, a wrong email, a shared password, a suspicious call), report it at once to the ARC or the Broker Line, and to your agency. Report it even when you are not sure: an incident reported early can be contained.

Link: IRS Publication 1075 | https://www.irs.gov/pub/irs-pdf/p1075.pdf
Link: HHS: HIPAA for professionals | https://www.hhs.gov/hipaa/for-professionals/index.html
Link: HealthCare.gov privacy | https://www.healthcare.gov/privacy/
""",
    },
    {
        "title": "The Rules of Behavior and your responsibilities",
        "minutes": 5,
        "body": """\
Before you create your account you accept the Rules of Behavior. In short, as an assister you:
- follow the Rules of Behavior for the marketplace's employees and contractors, and keep up the required security and data privacy training;
- use the portal only to help consumers who authorized you, within what they authorized;
- never let anyone else use your username and passphrase;
- protect consumers' private information, also after you stop working on their behalf;
- report portal errors and system problems to the ARC or the Broker Line.

If you will no longer serve as an assister, for whatever reason, tell the marketplace immediately. Navigators and CACs: your agency administrator marks you inactive on the agency's roster, and your access ends at once. Brokers: call the Broker Line. Your agency administrator can then hand your clients over to another assister of your type; each consumer is told and must confirm the new assister before anyone has access again.

Contact the ARC (navigators and CACs, 1-844-520-8695, dial 2, navigators@mnsure.org) or the Broker Line (brokers, 1-844-520-8695, dial 1) for trouble with this course, a lost username, a lost activation email or Reference Number, or a change to your MFA email.

Link: Broker Line web inquiry form | https://www.mnsure.org/brokers/contact/index.jsp
""",
    },
    {
        "title": "Certification and renewal",
        "minutes": 4,
        "body": """\
Certification lasts one year. Navigators and CACs are certified under their agency, which confirms them; brokers are certified with their Minnesota insurance license number, which the Broker Line confirms.

Renewal opens 90 days before your certification expires. To renew you complete the current year's course and master its assessment again: each year has its own course, and the portal's access waits for this year's.

If your certification expires, your agency marks you inactive, or your agency is no longer active, your portal access ends at once: you are signed out, your clients' associations are suspended, and each client is told that their assister is no longer active. A renewal or reactivation gives access back where the consumer's authorization still runs.

The assessment that follows draws questions from every module. A score of 70 % or more masters it. If you score less you will see your score and when you can try again.
""",
    },
]
# (text, choices, the right choice's letter): drawn from the modules above.
QUESTIONS = [
    ("Which number do you give a consumer so that they can choose you as their assister?",
     ["Your Registration Number", "Your Reference Number", "Your Training ID",
      "Your Social Security Number"], "b"),
    ("Where in the activation email is the Registration Number?",
     ["Near the top", "In the subject line", "Near the bottom",
      "It is not in the email: the ARC reads it to you"], "c"),
    ("What do you tick when you create your account and the form asks about your Social Security Number?",
     ["Nothing: enter your SSN", "Enter the last four digits only",
      "\u201cI do not wish to provide my Social Security Number\u201d",
      "Enter the consumer's SSN instead"], "c"),
    ("Why does every sign-in to the Assister Portal use multi-factor authentication?",
     ["To make signing in faster", "Federal rules require it where federal tax information can be seen",
      "Only because the consumer asked for it", "It is optional for assisters"], "b"),
    ("A one-time access code for MFA can be used:",
     ["Once, within 10 minutes", "As often as you like for a day",
      "Once a week", "By any colleague who needs it"], "a"),
    ("What is the most common mistake when entering the Registration Number?",
     ["Typing it in lower case", "Typing the Reference Number instead",
      "Adding dashes", "Entering it twice"], "b"),
    ("On Client Requests, when does a client's status change from New to In Progress?",
     ["When you first open their account", "When the consumer submits an application",
      "After 30 days", "When staff approve the association"], "a"),
    ("What must you confirm before Client Details shows a client's private information?",
     ["The Acknowledgement of Assister Authorization / Agent of Record",
      "Your certification expiry date", "The consumer's password", "Nothing"], "a"),
    ("What does the privacy screen do?",
     ["Deletes your clients", "Signs you out", "Ends your associations",
      "Hides clients' names and details on the dashboard (initials only)"], "d"),
    ("After how many minutes without activity does the portal sign you out?",
     ["5", "60", "Never", "15"], "d"),
    ("Where does a consumer authorize you?",
     ["On Manage Assister in their own account", "By emailing you their password",
      "On your Client Requests page", "By calling the Broker Line only"], "a"),
    ("A consumer sent you a request from Find local help. What may you do for them before they confirm it?",
     ["Start their application", "Read their notices", "Nothing: a request gives no access",
      "Enroll them in a plan"], "c"),
    ("How long does a consumer's authorization last by default?",
     ["Forever", "One month", "One year or to the end of the coverage year",
      "Until the assister's certification expires"], "c"),
    ("A consumer who has a navigator chooses a different navigator. What happens?",
     ["They have two navigators", "The association with the first navigator ends",
      "The choice is refused", "Staff must approve it"], "b"),
    ("Who can end an association?",
     ["Only marketplace staff", "Only the consumer",
      "The consumer, the assister (with a reason) or marketplace staff", "Nobody: it lasts forever"], "c"),
    ("What should you select if you must stop in the middle of an application?",
     ["Close the browser", "Submit application", "Back", "Save & Exit"], "d"),
    ("The consumer is editing their application. What do you see if you open it?",
     ["Their screens, and you may edit too", "\u201cBeing edited by\u201d and a read-only Summary",
      "An error page", "Nothing: the application is deleted"], "b"),
    ("On Signature, what must the consumer have viewed?",
     ["The Plan Summary", "The Notice of Rights and Responsibilities",
      "The audit log", "Their tax return"], "b"),
    ("A navigator or CAC enrolls a consumer in a plan:",
     ["In the plan the navigator recommends for its price",
      "Only at the consumer's request and in the plan the consumer decided on",
      "In any plan, to save time", "Never: only brokers enroll"], "b"),
    ("The consumer asks how much premium tax credit to apply. What do you do?",
     ["Tell them what is best for their taxes", "Apply none without asking",
      "Discuss the choice with them and refer tax questions to a tax professional",
      "Apply all of it without asking"], "c"),
    ("On Confirmation and Signature, the electronic signature must:",
     ["Be your own name", "Match the primary applicant's name exactly",
      "Be the consumer's Reference Number", "Be left blank"], "b"),
    ("Which files can be uploaded as verification documents?",
     ["Only Word documents", "PDF, JPEG, PNG, HEIC and TIFF, up to 10 MB each",
      "Any file up to 1 GB", "Only paper copies by mail"], "b"),
    ("When can you see a client's notices?",
     ["When their authorization covers notices", "Always", "Never",
      "Only after staff approve it"], "a"),
    ("Which law protects the federal tax information you may see in the portal?",
     ["IRS Publication 1075 sets the safeguards for it", "None",
      "Only the consumer's own rules", "The Fair Credit Reporting Act"], "a"),
    ("Where may you write down a consumer's Social Security Number?",
     ["In an email to your supervisor", "In a spreadsheet of your clients",
      "Nowhere outside the application itself", "In a text message to the consumer"], "c"),
    ("A colleague asks to use your username and passphrase while you are away. You:",
     ["Share them if they are certified", "Share only the passphrase",
      "Never share them", "Share them with the ARC's permission"], "c"),
    ("You sent an email with a consumer's information to the wrong person. What do you do?",
     ["Nothing if it was only once", "Report it at once to the ARC or Broker Line and your agency",
      "Wait to see whether anyone complains", "Delete your sent mail"], "b"),
    ("Who can see each action an assister took for a consumer?",
     ["The consumer, on their Manage Assister page", "Nobody", "Only other assisters",
      "Only the assister"], "a"),
    ("You will stop serving as a navigator. What must happen?",
     ["Nothing: your access ends by itself after a year",
      "Tell the marketplace immediately; your agency administrator marks you inactive on the roster",
      "Give your clients your passphrase", "Delete your clients' applications"], "b"),
    ("How long are you responsible for protecting consumers' private information?",
     ["Only while you are their assister", "For 30 days",
      "Also after you stop working on their behalf", "Until the coverage year ends"], "c"),
    ("How long does a certification last?",
     ["Two years", "Five years", "For life", "One year"], "d"),
    ("When does renewal of your certification open?",
     ["The day after it expires", "90 days before it expires",
      "One year before it expires", "Only when staff call you"], "b"),
    ("What must you complete to renew your certification?",
     ["Nothing", "Last year's course again", "A new activation",
      "The current year's course and its assessment"], "d"),
    ("What happens when an assister's certification expires?",
     ["Nothing until they sign in next year", "Their portal access ends at once and their clients are told",
      "Their clients are deleted", "They get 90 more days of access"], "b"),
    ("Which score masters the assessment?",
     ["50 % or more", "60 % or more", "70 % or more", "100 %"], "c"),
]
COURSE = {"title": "Assister Portal 2026", "modules": MODULES, "questions": [
    {"text": text, "choices": choices, "correct": correct}
    for text, choices, correct in QUESTIONS
]}


def _load(database):
    course = COURSE
    param = database.param
    database.execute_sql(
        f"INSERT INTO course (year, title) VALUES ({param}, {param})",  # noqa: S608
        (YEAR, course["title"]),
    )
    (course_id,) = database.execute_sql(
        f"SELECT id FROM course WHERE year = {param}", (YEAR,)  # noqa: S608
    ).fetchone()
    for position, module in enumerate(course["modules"], start=1):
        database.execute_sql(
            "INSERT INTO course_module (course_id, position, title, body, minutes)"
            f" VALUES ({param}, {param}, {param}, {param}, {param})",  # noqa: S608
            (course_id, position, module["title"], module["body"], module["minutes"]),
        )
    for question in course["questions"]:
        choices = list(question["choices"]) + [None] * (4 - len(question["choices"]))
        database.execute_sql(
            "INSERT INTO assessment_question (text, choice_a, choice_b, choice_c, choice_d,"
            " correct_choice, is_active, created_at)"
            f" VALUES ({param}, {param}, {param}, {param}, {param}, {param}, {param},"
            " CURRENT_TIMESTAMP)",  # noqa: S608
            (question["text"], *choices, question["correct"], True),
        )


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.run(_load, database)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DELETE FROM assessment_answer")
    migrator.sql("DELETE FROM assessment_attempt")
    migrator.sql("DELETE FROM assessment_question")
    migrator.sql("DELETE FROM module_progress")
    migrator.sql(f"DELETE FROM course_module WHERE course_id IN (SELECT id FROM course WHERE year = {YEAR})")
    migrator.sql(f"DELETE FROM course WHERE year = {YEAR}")
