"""Putting a service's refusal on the form the user sent."""


def show(form, error):
    """A DomainError beside its field, or in the error summary when it names no field."""
    if error.field and error.field in form:
        # `errors` is a tuple until validation has run: build a new list either way.
        form[error.field].errors = [*form[error.field].errors, error.message]
    else:
        form.form_errors.append(error.message)
