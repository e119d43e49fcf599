"""Sign-in accounts: staff look people up, unlock them, reset their MFA, end their sessions and
deactivate them (with the reason) or make them active again.

Nothing secret is listed, shown or exported: no password, TOTP secret or hash of any kind.
"""

from dataclasses import dataclass

from flask import flash, redirect, request, session, url_for
from flask_admin import expose
from flask_admin.contrib.peewee.filters import (
    BasePeeweeFilter,
)
from flask_admin.model.template import EndpointLinkRowAction
from flask_login import current_user
from peewee import fn

from admin import deactivation
from admin.base import SecureModelView
from admin.deactivation import DeactivationActions
from admin.filters import BooleanEqualTo, EqualFilter, date_range_filters
from db import utcnow
from db.accounts import ROLES, User
from portal.auth import current_actor
from portal.display import local_time
from portal.errors import DomainError
from portal.forms import PortalForm
from portal.services import admin_lists, lockout, mfa, sessions

MFA_MODES = (("email", "Email"), ("totp", "Authenticator app"))


class LockedFilter(BasePeeweeFilter):
    """Accounts locked right now (a lock whose time has passed no longer counts)."""

    def apply(self, query, value):
        locked = User.locked_until > utcnow()
        if value == "yes":
            return query.where(locked)
        return query.where(User.locked_until.is_null() | ~locked)

    def operation(self):
        return "is"


class ConfirmForm(PortalForm):
    """Nothing to fill in: the button, and the CSRF token that proves it came from this page."""


@dataclass(frozen=True)
class Action:
    title: str
    explanation: str
    button: str
    done: str


ACTIONS = {
    "unlock": Action(
        title="Unlock account",
        explanation=(
            "The account can be signed in to again at once, and earlier failed attempts stop "
            "counting. Check the person's identity first."
        ),
        button="Unlock account",
        done="The account is unlocked. The person can sign in again.",
    ),
    "reset_mfa": Action(
        title="Reset multi-factor authentication",
        explanation=(
            "The person's email or authenticator-app registration is removed and every session "
            "they have open ends. At their next sign-in they register again, before the end of "
            "today. Check the person's identity first."
        ),
        button="Reset MFA",
        done="MFA is reset. The person registers again at their next sign-in, before the end of "
        "today.",
    ),
    "end_sessions": Action(
        title="End sessions",
        explanation=(
            "Every session the person has open ends at once, on every device: they must sign in "
            "again."
        ),
        button="End sessions",
        done="Sessions ended: {count}. The person must sign in again.",
    ),
}

SHOWN = (
    "username",
    "full_name",
    "email",
    "role",
    "is_active",
    "mfa_mode",
    "mfa_registered_at",
    "locked_until",
    "last_sign_in_at",
)


def _mfa_shown(view, context, model, name):
    return dict(MFA_MODES).get(model.mfa_mode, "Not registered")


def _lock_shown(view, context, model, name):
    # A lock whose time has passed is no lock: show nothing rather than a past time.
    until = model.locked_until
    return local_time(until) if until is not None and until > utcnow() else ""


class UserView(DeactivationActions, SecureModelView):
    can_create = False
    can_edit = False
    can_export = True
    column_list = SHOWN
    column_details_list = (
        *SHOWN,
        "mfa_email",
        "mfa_reset_until",
        "email_verified_at",
        "password_changed_at",
        "created_at",
    )
    column_export_list = column_details_list
    column_searchable_list = ("username", "email")
    search_hint = "Username or email: from the start"
    # An account per consumer who signs in: each filter and sort is an index walk (042).
    column_filters = (
        EqualFilter(User.role, "Role"),
        BooleanEqualTo(User.is_active, "Active"),
        LockedFilter(User.locked_until, "Locked", options=(("yes", "Yes"), ("no", "No"))),
        *date_range_filters(User.last_sign_in_at, "Last sign-in"),
    )
    column_sortable_list = ("username", "last_sign_in_at")
    column_default_sort = "username"
    column_choices = {"role": ROLES, "mfa_mode": MFA_MODES}
    column_labels = {
        "full_name": "Full name",
        "is_active": "Active",
        "mfa_mode": "MFA by",
        "mfa_registered_at": "MFA registered",
        "mfa_email": "MFA email",
        "mfa_reset_until": "MFA to register again by",
        "locked_until": "Locked until",
        "last_sign_in_at": "Last sign-in",
        "email_verified_at": "Email verified",
        "password_changed_at": "Password changed",
        "created_at": "Created",
    }
    column_formatters = {"locked_until": _lock_shown, "mfa_mode": _mfa_shown}
    column_formatters_export = {"locked_until": _lock_shown, "mfa_mode": _mfa_shown}
    column_extra_row_actions = [
        EndpointLinkRowAction("fa fa-unlock", ".unlock_view", title="Unlock account"),
        EndpointLinkRowAction("fa fa-key", ".reset_mfa_view", title="Reset MFA"),
        EndpointLinkRowAction("fa fa-sign-out", ".end_sessions_view", title="End sessions"),
        deactivation.ROW_ACTION,
    ]
    deactivation_effect = (
        "The person can no longer sign in: every session they have open ends at once. For an "
        "assister, deactivate their assister record too, so that their clients are told and "
        "their associations suspended."
    )

    @expose("/unlock/", methods=("GET", "POST"))
    def unlock_view(self):
        return self._confirm("unlock")

    @expose("/reset-mfa/", methods=("GET", "POST"))
    def reset_mfa_view(self):
        return self._confirm("reset_mfa")

    @expose("/end-sessions/", methods=("GET", "POST"))
    def end_sessions_view(self):
        return self._confirm("end_sessions")

    def search_condition(self, position, word):
        return admin_lists.any_of((
            admin_lists.starts_with(fn.LOWER(User.username), word),
            admin_lists.starts_with(fn.LOWER(User.email), word),
        ))

    def consumer_of(self, row):
        # A consumer's sign-in account (name, email, sign-ins) is their private data.
        if row.role == "consumer":
            return row.consumer_profile.first()
        return None

    def _confirm(self, name):
        """The confirmation page of one action; its POST (with CSRF) does it, through a service."""
        user = self.get_one(request.args.get("id", type=int))
        if user is None:
            flash("That account does not exist.", "error")
            return redirect(url_for(".index_view"))
        action = ACTIONS[name]
        form = ConfirmForm()
        if form.validate_on_submit():
            try:
                result = self._perform(name, user)
            except DomainError as error:
                flash(error.message, "error")
            else:
                flash(action.done.format(count=result), "success")
                return redirect(url_for(".details_view", id=user.id))
        return self.render(
            "admin/user_action.html",
            user=user,
            action_name=name,
            role_label=dict(ROLES).get(user.role, user.role),
            action=action,
            form=form,
            locked_until=lockout.locked_until(user),
            open_sessions=sessions.active_for(user).count(),
        )

    def _perform(self, name, user):
        actor = current_actor()
        if name == "unlock":
            return lockout.unlock(actor, user)
        if name == "reset_mfa":
            return mfa.reset_mfa(actor, user)
        # Staff ending their own sessions keep the one they are using.
        keep = getattr(session, "id_hash", None) if user.id == current_user.id else None
        return sessions.end_all(actor, user, keep_id_hash=keep)
