"""Member-facing letter text goes through gettext: ``_("Dear {name},").format(name=...)``.

The translations in force are those of the letter being built (a context variable), so
the builders need no extra argument; with none set, text stays English. Catalogs and
locale switching are added by the member's-language work (issue 21); new member-facing
strings anywhere in the letters must already be written as ``_(...)`` calls, with
placeholders named, never concatenated sentence pieces.
"""

from __future__ import annotations

import contextvars
import gettext

_current: contextvars.ContextVar[gettext.NullTranslations | None] = contextvars.ContextVar(
    "letter_translations", default=None
)


def _(message: str) -> str:
    """``message`` in the language of the letter being built."""
    translations = _current.get()
    return message if translations is None else translations.gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it here (tables of text)."""
    return message
