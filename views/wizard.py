"""The base the two wizards (the application, Enroll in a plan) share.

A wizard's steps are objects registered on it in order, each saying only what is its own: its
form, its template, how its answers are read from the record and how they are saved. Each
wizard has one route that finds the step in the registry; the checks every step makes (the
record still a draft, the steps before it done, who holds it) are made here, once."""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice

from portal.auth import current_actor
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import editing
from views.acting_for import ActingFor, acting_for
from views.form_errors import show

SELECT = _l("- Select -")


def choices(pairs, blank=SELECT):
    """SelectChoice objects (wtforms 3.3 deprecates tuples), optionally after a blank prompt."""
    options = [SelectChoice(value, label) for value, label in pairs]
    return [SelectChoice("", blank), *options] if blank else options


class StepForm(PortalForm):
    # The version of the record the page was drawn from: a stale save is refused.
    version = HiddenField()


def based_on(form):
    """The version a step's page was drawn from (0 when missing or forged: always stale)."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return 0


def refusal_status(error):
    """409 when someone else holds the record or it moved on since the page was drawn; 422
    for a rule the answers break."""
    return 409 if isinstance(error, editing.HeldByOther | editing.StaleVersion) else 422


@dataclass(frozen=True)
class Opened(ActingFor):
    """A wizard's record (an application, an enrollment), opened by its consumer or by an
    assister acting for them."""

    record: object


class Wizard:
    """One wizard. `name` is its blueprint's: its endpoints are `<name>.step` and `done`, its
    templates `<name>/<step>.html`, and its routes name the record's id `<name>_id`. `service`
    keeps the record (STEPS, its steps' titles in the page's language, may_open,
    first_open_step, save_step); `summary` is what its
    read-only summary shows of a record; `action` is what an assister's consent must cover."""

    def __init__(self, name, model, service, *, action, summary, done, saved_message):
        self.name = name
        self.model = model
        self.service = service
        self.action = action
        self.summary = summary
        self.done = done
        # Flashed when Save & Exit has saved a step (a lazy string: flashed as the page's words).
        self.saved_message = saved_message
        self.steps = {}

    def step(self, key):
        """A class decorator: the Step class is the wizard's next step, `key`."""

        def register(step_class):
            self.steps[key] = step_class(self, key)
            return step_class

        return register

    def open(self, record_id, action=None):
        """The record, for its consumer or an assister acting for them (see `acting_for`); a
        made-up id is a 404."""
        record = self.model.get_or_none(self.model.id == record_id)
        if record is None:
            abort(404)
        acting = acting_for(record.consumer_id, action or self.action_on(record), record)
        return Opened(acting.consumer, acting.association, record)

    def action_on(self, record):
        """What an assister's consent must cover to open `record` (a wizard whose records
        differ in that says so here)."""
        return self.action

    def start(self, consumer_id, begin, action=None):
        """Start or resume the record for the consumer: `begin(acting_for)` returns it, or
        refuses with a DomainError shown where the user came from."""
        acting = acting_for(consumer_id, action or self.action)
        try:
            record = begin(acting)
        except DomainError as error:
            flash(error.message, "error")
            return redirect(acting.back_url)
        return redirect(self.resume_url(record))

    def url(self, record, step):
        return url_for(f"{self.name}.step", step=step, **{f"{self.name}_id": record.id})

    def done_url(self, record):
        return url_for(self.done, **{f"{self.name}_id": record.id})

    def resume_url(self, record):
        """Where Resume goes: the step after the last one saved, or once the record has moved
        on (submitted, enrolled), its result."""
        if record.status != "draft":
            return self.done_url(record)
        return self.url(record, record.current_step)

    def page(self, way_in, key):
        """The registered step `key` of the record `way_in` opened, after every step's checks."""
        step = self.steps[key]
        record = way_in.record
        if record.status != "draft":
            if step.closed_message:
                flash(str(step.closed_message), "info")
            return redirect(self.resume_url(record))
        if not self.service.may_open(record, key):
            first = self.steps[self.service.first_open_step(record)]
            flash(_("Finish “%(step)s” first.", step=first.title), "error")
            return redirect(self.resume_url(record))
        # Opening a step only shows who holds the record; a save takes the hold itself (in the
        # statement that claims the version, or require_hold for a signature), refused with
        # what was typed kept when someone else has it.
        hold = editing.current_hold(current_actor(), record)
        if request.method == "GET" and not hold.mine:
            # Someone else is working on it: the read-only summary.
            return render_template(
                f"{self.name}/summary.html", way_in=way_in, hold=hold, read_only=True,
                **self.summary(record),
            )
        return step.page(way_in, hold)


class Step:
    """A step whose Next and Save & Exit save its form through the wizard's service (or save
    nothing: the reasons on the form, what was typed kept). A subclass says what is its own."""

    form_class = StepForm
    # Flashed when the step is opened after the record has moved on.
    closed_message = None

    def __init__(self, wizard, key):
        self.wizard = wizard
        self.key = key
        self.template = f"{wizard.name}/{key}.html"

    @property
    def title(self):
        return self.wizard.service.STEPS[self.key]

    def prepare(self, way_in):
        """What the step reads once for its form, its save and its page (the household, say)."""
        return {}

    def form_options(self, way_in):
        return {}

    def answers(self, way_in, prepared):
        """The form's data from what is saved (None: the form's defaults)."""
        return None

    def changes(self, way_in, form, prepared):
        """What the validated form changes, as the service's save takes it; None with the
        reasons on the form. A DomainError (a rule) is shown beside its field."""
        raise NotImplementedError

    def save(self, actor, way_in, version, changes, leave, prepared):
        return self.wizard.service.save_step(
            actor, way_in.record, self.key, version, changes, leave=leave
        )

    def next_url(self, saved):
        """Where Next goes once the step is saved."""
        return self.wizard.resume_url(saved)

    def shown(self, way_in, form, prepared):
        """What the page shows besides the form and what `prepare` read."""
        return {}

    def form(self, way_in, prepared):
        """The form as posted, or for a GET as saved."""
        saved = None if request.method == "POST" else self.answers(way_in, prepared)
        return self.form_class(data=saved, **self.form_options(way_in))

    def page(self, way_in, hold):
        prepared = self.prepare(way_in)
        form = self.form(way_in, prepared)
        status = 200
        if request.method == "POST":
            status = 422
            if form.validate():
                actor = current_actor()
                leave = request.form.get("action") == "exit"
                try:
                    changes = self.changes(way_in, form, prepared)
                    if changes is not None:
                        saved = self.save(actor, way_in, based_on(form), changes, leave, prepared)
                        return self.saved(way_in, saved, leave)
                except DomainError as error:
                    # Refused with what was typed kept: a rule, someone else holds the record,
                    # or it moved on.
                    show(form, error)
                    status = refusal_status(error)
        return self.render(way_in, form, hold, status, prepared)

    def saved(self, way_in, saved, leave):
        if leave:
            flash(str(self.wizard.saved_message), "success")
            return redirect(way_in.back_url)
        return redirect(self.next_url(saved))

    def render(self, way_in, form, hold, status, prepared):
        if request.method == "GET":
            form.version.data = way_in.record.version
        context = {"steps": self.wizard.service.STEPS} | self.shown(way_in, form, prepared)
        return render_template(
            self.template, way_in=way_in, form=form, hold=hold, step=self.key,
            **context | prepared,
        ), status


class SigningStep(Step):
    """The last step: signing submits the record through a service call of its own, which
    takes the hold; nothing on the page is kept before that, so Save & Exit only lets the other
    side in. Opened once the record has moved on (a second click of Submit), it goes quietly to
    the result the first click made."""

    # Flashed after Save & Exit, and after signing.
    exit_message = ""
    signed_message = None

    def sign(self, actor, way_in, form):
        raise NotImplementedError

    def done_message(self, way_in):
        """Flashed once the record is signed."""
        return self.signed_message

    def page(self, way_in, hold):
        actor = current_actor()
        if request.form.get("action") == "exit":
            editing.release_hold(actor, way_in.record)
            flash(str(self.exit_message), "success")
            return redirect(way_in.back_url)
        form = self.form_class()
        status = 200
        if form.validate_on_submit():
            try:
                editing.require_hold(actor, way_in.record, self.wizard.name)
                self.sign(actor, way_in, form)
            except DomainError as error:
                show(form, error)
                status = refusal_status(error)
            else:
                if self.done_message(way_in):
                    flash(str(self.done_message(way_in)), "success")
                return redirect(self.wizard.done_url(way_in.record))
        elif form.is_submitted():
            status = 422
        return self.render(way_in, form, hold, status, self.prepare(way_in))
