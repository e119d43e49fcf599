"""Domain errors: what a service raises when a rule says no. Views turn them into messages."""


class DomainError(Exception):
    """A rule refused the request. `field` names the form field the message belongs beside."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class Refusals(DomainError):
    """Several fields refused at once (a search's, a report's filters): `problems` holds one
    DomainError per field, the first of them the message."""

    def __init__(self, problems):
        super().__init__(problems[0].message, problems[0].field)
        self.problems = tuple(problems)


class NotFound(DomainError):
    """The object does not exist, or the caller may not know that it does (shown as 404)."""


def required_text(text, field, missing, limit, noun="reason"):
    """`text` with its runs of spaces made one, or a DomainError beside `field`: `missing` when
    there is none, another when it is longer than `limit`."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise DomainError(missing, field=field)
    if len(cleaned) > limit:
        raise DomainError(f"Keep the {noun} to {limit} characters or fewer.", field=field)
    return cleaned
