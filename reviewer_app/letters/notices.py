"""The nondiscrimination notice and language-assistance taglines every letter ends with.

The text lives in ``resources/letters/notices.json`` so the font subset scripts can read
the same strings the letters print. Which taglines a letter carries is a rule, read from
the dated ``resources/letters/tagline_rules.json``: Medicare Advantage prints CMS's
15-language insert; every letter prints the Section 1557 notice of availability in the 15
languages most spoken in the member's state; commercial and ACA individual letters add
the languages that meet the county threshold (Spanish, Chinese, Tagalog, Navajo).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from reviewer_app.letters.content import Organization
from reviewer_app.letters.i18n import _
from reviewer_app.resources import resource


@dataclass(frozen=True)
class Tagline:
    language: str
    script: str  # "latin", "cjk", "arabic" or "devanagari" (fonts.SCRIPT_FONTS)
    text: str
    code: str = ""


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
            Tagline(t["language"], t["script"], t["text"], t.get("code", ""))
            for t in raw["taglines"]
        ),
    )


@cache
def _rules() -> dict[str, Any]:
    rules: dict[str, Any] = json.loads(
        resource("letters", "tagline_rules.json").read_text(encoding="utf-8")
    )
    return rules


def tagline_templates() -> tuple[Tagline, ...]:
    """Taglines with their {phone}/{tty} placeholders, as shipped."""
    return _templates().taglines


def tagline_codes(line_of_business: str, state: str) -> tuple[str, ...]:
    """The language codes a letter's taglines are in, in the order they print."""
    rules = _rules()
    state = state.upper()

    def by_state(rule: dict[str, Any]) -> list[str]:
        return list(rule.get("states", {}).get(state, rule["default"]))

    codes = by_state(rules["section_1557"])
    if line_of_business == "medicare_advantage":
        codes = list(rules["medicare_advantage"]["languages"]) + codes
    elif line_of_business == "commercial":
        codes = by_state(rules["county_threshold"]) + codes
    return tuple(dict.fromkeys(codes))  # each once, first place kept


def notices_for(org: Organization, line_of_business: str = "", state: str = "") -> Notices:
    """The notices with the organization's name, phone and TTY filled in; the taglines
    the rules give for ``line_of_business`` and the member's ``state`` (all of them when
    no line of business is given)."""
    values = {"org": org.name, "phone": org.phone, "tty": org.tty}
    templates = _templates()
    taglines = templates.taglines
    if line_of_business:
        by_code = {t.code: t for t in taglines}
        taglines = tuple(by_code[c] for c in tagline_codes(line_of_business, state))
    return Notices(
        nondiscrimination=tuple(_(p).format(**values) for p in templates.nondiscrimination),
        taglines=tuple(
            Tagline(t.language, t.script, t.text.format(**values), t.code) for t in taglines
        ),
    )
