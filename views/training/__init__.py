"""The assister portal course (S8): its modules, and the assessment (`assessment.py`).

The learner is a signed-in assister (a renewal: the current year's course, taken from their
account) or a certified assister without an account yet, who signs in to the course alone
with their email and Training ID. That visitor's session holds only their assister id; it is
not a portal account and opens nothing else. Every other role gets a 403.
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from portal.auth import current_actor
from portal.errors import DomainError
from portal.extensions import limiter
from portal.forms import PortalForm
from portal.services import standing, training
from portal.sessions import rotate
from views import form_errors
from views.acting_for import current_assister

bp = Blueprint("training", __name__, url_prefix="/training")

LEARNER_KEY = "training_learner"


class LearnerSignInForm(PortalForm):
    email = StringField(
        "Email address",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
    )
    training_id = PasswordField(
        "Training ID",
        validators=[DataRequired("Enter your Training ID."), Length(max=40)],
    )


@bp.before_request
def learners_only():
    """Who the learner is (`g.learner`, and `g.with_account` for a signed-in assister); a
    visitor who has not signed in to the course is sent to do so."""
    if current_user.is_authenticated:
        if current_user.role != "assister":
            abort(403)
        assister = current_assister()
        # A lapsed assister's access ends here as on their other pages.
        standing.require(assister)
        g.learner, g.with_account = assister, True
        return None
    learner = training.learner_by_id(session.get(LEARNER_KEY))
    if learner is not None:
        g.learner, g.with_account = learner, False
        return None
    if request.endpoint == "training.sign_in":
        return None
    return redirect(url_for("training.sign_in"))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["TRAINING_SIGN_IN_RATE_LIMIT"], methods=["POST"])
def sign_in():
    """Sign in to the course with an email and Training ID: the same words whichever is wrong."""
    if "learner" in g:
        return redirect(url_for("training.course"))
    form = LearnerSignInForm()
    if form.validate_on_submit():
        try:
            learner = training.sign_in_learner(
                current_actor(), form.email.data, form.training_id.data
            )
        except DomainError as error:
            form_errors.show(form, error)
        else:
            # A fresh session: nothing from before it carries over (fixation).
            session.clear()
            session[LEARNER_KEY] = learner.id
            rotate(session)
            return redirect(url_for("training.course"))
    return render_template("training/sign_in.html", form=form), form_errors.status(form)


@bp.post("/leave")
def leave():
    """Leave the course: a visitor's course session ends (their progress is kept); an
    assister with an account goes back to their pages, still signed in."""
    if g.with_account:
        return redirect(url_for("assister.home"))
    session.clear()
    rotate(session)
    flash("You have left the course. Your progress is saved: sign in again to continue.", "info")
    return redirect(url_for("training.sign_in"))


def render_course(refusal=None):
    return render_template(
        "training/course.html",
        progress=training.progress_of(g.learner),
        refusal=refusal,
    )


@bp.get("/")
def course():
    """The course: its modules and what is done, and the assessment's state."""
    return render_course()


@bp.get("/modules/<int:module_id>")
def module(module_id):
    module = training.module_of(module_id)
    before, after = training.neighbours(module)
    return render_template(
        "training/module.html",
        module=module,
        before=before,
        after=after,
        done=training.is_done(g.learner, module),
    )


@bp.post("/modules/<int:module_id>/complete")
def complete(module_id):
    """Mark as complete and continue: on to the next module, or back to the course."""
    module = training.module_of(module_id)
    training.complete_module(current_actor(), g.learner, module)
    _before, after = training.neighbours(module)
    if after is None:
        return redirect(url_for("training.course"), code=303)
    return redirect(url_for("training.module", module_id=after.id), code=303)


from views.training import assessment  # noqa: E402, F401  (routes on bp)
