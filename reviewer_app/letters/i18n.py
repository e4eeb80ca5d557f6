"""Member-facing letter text goes through gettext: ``_("Dear {name},").format(name=...)``.

The translations in force are those of the letter being built (a context variable set by
:func:`letter_locale`), so the builders need no extra argument; with none set, text stays
English. New member-facing strings anywhere in the letters must be written as ``_(...)``
calls, with placeholders named, never concatenated sentence pieces.

Catalogs are ``<dir>/<lang>/LC_MESSAGES/letters.mo`` (sources ``letters.po`` beside them,
managed with Babel: ``make i18n-extract i18n-update i18n-compile``). ``<dir>`` is the
package's ``reviewer_app/locale`` unless ``REVIEWER_APP_LOCALE_DIR`` names another folder:
adding a language is adding its catalog there, with no code change.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DOMAIN = "letters"
ENGLISH = "en"
LOCALE_DIR_ENV = "REVIEWER_APP_LOCALE_DIR"
# Babel's locale for dates and numbers, per letter language (US members: es_US).
_BABEL_LOCALES = {"en": "en_US", "es": "es_US"}


class _Catalog(gettext.GNUTranslations):
    def has(self, message: str) -> bool:
        """Whether the catalog holds a (non-empty) translation of ``message``."""
        return bool(self._catalog.get(message))  # type: ignore[attr-defined]


@dataclass
class LetterLocale:
    """The language a letter is being built in, and what had no translation."""

    language: str = ENGLISH
    catalog: _Catalog | None = None
    missing: set[str] = field(default_factory=set)

    @property
    def babel_locale(self) -> str:
        return _BABEL_LOCALES.get(self.language, self.language)

    def gettext(self, message: str) -> str:
        if self.catalog is None:
            return message
        if not self.catalog.has(message):
            self.missing.add(message)
            return message
        return self.catalog.gettext(message)


_ENGLISH = LetterLocale()
_current: contextvars.ContextVar[LetterLocale | None] = contextvars.ContextVar(
    "letter_locale", default=None
)


def _(message: str) -> str:
    """``message`` in the language of the letter being built."""
    locale = _current.get()
    if locale is None or not message.strip():
        return message  # gettext("") would be the catalog's header
    return locale.gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it here (tables of text)."""
    return message


def current() -> LetterLocale:
    """The locale of the letter being built (English when none is set)."""
    return _current.get() or _ENGLISH


def locale_dir() -> Path:
    """Where the letter catalogs are: ``REVIEWER_APP_LOCALE_DIR`` or the package's own."""
    override = os.environ.get(LOCALE_DIR_ENV, "").strip()
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "locale"


def language_code(tag: str) -> str:
    """The primary language of a tag such as ``es-MX`` (lower case), ``en`` if empty;
    a three-letter code with a two-letter one (``spa``) becomes that (``es``)."""
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return _two_letter(primary) if len(primary) == 3 else primary or ENGLISH


@cache
def _two_letter(code: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code).language)
    except (UnknownLocaleError, ValueError):
        return code


def has_catalog(language: str, directory: Path | None = None) -> bool:
    code = language_code(language)
    if code == ENGLISH:
        return True
    return _mo_path(directory or locale_dir(), code).is_file()


def available_languages(directory: Path | None = None) -> list[str]:
    """English and every language with a compiled catalog."""
    root = directory or locale_dir()
    found = {p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return sorted(found | {ENGLISH})


def _mo_path(root: Path, code: str) -> Path:
    return root / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


def load_catalog(language: str, directory: Path | None = None) -> _Catalog | None:
    """The compiled catalog for ``language``; None for English or when there is none."""
    code = language_code(language)
    if code == ENGLISH:
        return None
    path = _mo_path(directory or locale_dir(), code)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read_catalog(str(path), stat.st_mtime_ns, stat.st_size)


@cache
def _read_catalog(path: str, mtime_ns: int, size: int) -> _Catalog:
    # Keyed by modification time and size as well: a catalog replaced while the app
    # runs (or in a test) is read again.
    with open(path, "rb") as handle:
        return _Catalog(handle)


@contextmanager
def letter_locale(language: str, directory: Path | None = None) -> Iterator[LetterLocale]:
    """Build a letter in ``language`` (English when it has no catalog) inside this block."""
    catalog = load_catalog(language, directory)
    locale = LetterLocale(
        language=ENGLISH if catalog is None else language_code(language), catalog=catalog
    )
    token = _current.set(locale)
    try:
        yield locale
    finally:
        _current.reset(token)


def long_date(day: dt.date | None) -> str:
    """A date as a member reads it in the letter's language ("15 de mayo de 2025")."""
    if day is None:
        return _("(date not set)")
    from babel.dates import format_date

    return str(format_date(day, format="long", locale=current().babel_locale))


def number(value: float) -> str:
    """A number in the letter's language (decimal comma in Spanish)."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=current().babel_locale))


def language_name(language: str, in_language: str = ENGLISH) -> str:
    """The name of a language ("Spanish", "French"); the code itself if Babel has none."""
    from babel import Locale, UnknownLocaleError

    code = language_code(language)
    try:
        name = Locale.parse(code).get_display_name(_BABEL_LOCALES.get(in_language, in_language))
    except (UnknownLocaleError, ValueError):
        return code
    return str(name) if name else code


def missing_translations(
    language: str, messages: tuple[str, ...] | list[str], rationale: str = ""
) -> list[str]:
    """The letter check's words for messages a letter in ``language`` had no translation
    of: each names the message, so a translator can find it in the catalog. The
    reviewer's ``rationale`` is named as such: its translation is typed, not catalogued."""
    name = language_name(language)
    out = []
    for message in sorted(messages):
        if rationale and message == rationale:
            out.append(f"clinical rationale in {name} (the rationale, translated for the letter)")
            continue
        short = " ".join(message.split())
        short = short if len(short) <= 70 else short[:69] + "…"
        out.append(f"translation into {name} of the message “{short}”")
    return out
