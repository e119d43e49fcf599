"""Authorization texts (S3, S13): the published wording a consumer agrees to, versioned per
kind and language, and the check that a Confirm agrees to the very text its screen showed."""

from flask_babel import gettext as _

from db.associations import AuthorizationText
from portal import languages
from portal.errors import DomainError

AUTHORIZATION_KIND = {
    "broker": "agent_of_record",
    "navigator": "assister_authorization",
    "cac": "assister_authorization",
}


class TextChanged(DomainError):
    """The text the consumer confirmed is not the current one (a newer version was published,
    or the form was altered): nothing is written, and the screen shows the current text."""

    def __init__(self):
        super().__init__(
            _(
                "The authorization text has changed since you opened this page. Read the text "
                "below, then select Confirm again."
            )
        )


def current_text(assister_type, language="en"):
    """The latest published authorization text for this type of assister, in the consumer's
    language (S13)."""
    return (
        AuthorizationText.select()
        .where(
            (AuthorizationText.kind == AUTHORIZATION_KIND[assister_type])
            & (AuthorizationText.language == language)
        )
        .order_by(AuthorizationText.version.desc())
        .get()
    )


def agreed_text(assister_type, text_id, language="en"):
    """The authorization text the consumer confirms: the one with `text_id`, the text their
    screen showed, only while it is the current one of its kind in its language (S13: nobody
    agrees to a text published after their screen opened, unseen). Without an id, the current
    text in `language`."""
    if text_id is None:
        return current_text(assister_type, language)
    try:
        text = AuthorizationText.get_or_none(AuthorizationText.id == int(text_id))
    except (TypeError, ValueError):
        text = None
    if (
        text is None
        or text.kind != AUTHORIZATION_KIND[assister_type]
        or text.id != current_text(assister_type, text.language).id
    ):
        raise TextChanged()
    return text


def text_language(text):
    """The language of an authorization text, as a sentence names it ("Spanish")."""
    return languages.NAMES.get(text.language, text.language)
