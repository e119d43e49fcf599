"""Putting a service's refusal on the form the user sent."""


def show(form, error):
    """A DomainError beside its field, or in the error summary when it names no field."""
    if error.field and error.field in form:
        # `errors` is a tuple until validation has run: build a new list either way.
        form[error.field].errors = [*form[error.field].errors, error.message]
    else:
        form.form_errors.append(error.message)


def status(form):
    """422 when the form is shown again because of what was typed, 200 otherwise."""
    has_errors = form.form_errors or any(field.errors for field in form)
    return 422 if has_errors else 200
