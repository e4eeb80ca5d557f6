"""The nondiscrimination notice and language-assistance taglines every letter ends with.

The text lives in ``resources/letters/notices.json`` so the CJK font subset script can
read the same strings the letters print.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from reviewer_app.letters.content import Organization
from reviewer_app.letters.i18n import _
from reviewer_app.resources import resource


@dataclass(frozen=True)
class Tagline:
    language: str
    script: str  # "latin" (DejaVu Sans) or "cjk" (the WenQuanYi subset)
    text: str


@dataclass(frozen=True)
class Notices:
    nondiscrimination: tuple[str, ...]
    taglines: tuple[Tagline, ...]


@cache
def _templates() -> Notices:
    raw = json.loads(resource("letters", "notices.json").read_text(encoding="utf-8"))
    return Notices(
        nondiscrimination=tuple(raw["nondiscrimination"]),
        taglines=tuple(
            Tagline(language=t["language"], script=t["script"], text=t["text"])
            for t in raw["taglines"]
        ),
    )


def tagline_templates() -> tuple[Tagline, ...]:
    """Taglines with their {phone}/{tty} placeholders, as shipped."""
    return _templates().taglines


def notices_for(org: Organization) -> Notices:
    """The notices with the organization's name, phone and TTY filled in."""
    values = {"org": org.name, "phone": org.phone, "tty": org.tty}
    templates = _templates()
    return Notices(
        nondiscrimination=tuple(_(p).format(**values) for p in templates.nondiscrimination),
        taglines=tuple(
            Tagline(t.language, t.script, t.text.format(**values)) for t in templates.taglines
        ),
    )
