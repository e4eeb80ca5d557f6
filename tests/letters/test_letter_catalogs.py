"""The letter catalogs a release ships (issue 21): complete, compiled from their source,
covering every message in the code, and a new language is only a new catalog.
"""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from pypdf import PdfReader

from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.service import draft
from reviewer_app.letters.content import Signer, demo_organization
from reviewer_app.letters.i18n import LOCALE_DIR_ENV, available_languages, locale_dir
from reviewer_app.policy.translation import (
    load_translation,
    translate_criteria,
)
from reviewer_app.resources import policy_data_dir

from helpers import make_case, open_case, registry

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def shipped_catalogs() -> list[Path]:
    return sorted(locale_dir().glob("*/LC_MESSAGES/letters.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def test_spanish_is_shipped_and_found() -> None:
    assert [p.parent.parent.name for p in shipped_catalogs()] == ["es"]
    assert available_languages() == ["en", "es"]


@pytest.mark.parametrize("po", shipped_catalogs(), ids=lambda p: p.parent.parent.name)
def test_a_shipped_catalog_translates_every_message(po: Path) -> None:
    problems = []
    for message in read(po):
        if not message.id:
            continue
        if not str(message.string).strip():
            problems.append(f"empty: {message.id}")
        elif message.fuzzy:
            problems.append(f"fuzzy (needs a translator's check): {message.id}")
        elif set(PLACEHOLDER.findall(str(message.string))) != set(
            PLACEHOLDER.findall(str(message.id))
        ):
            problems.append(f"placeholders differ in the translation of: {message.id}")
    assert problems == []


@pytest.mark.parametrize("po", shipped_catalogs(), ids=lambda p: p.parent.parent.name)
def test_the_compiled_catalog_is_the_source_compiled(po: Path) -> None:
    """The .mo is committed: it must be what `make i18n-compile` makes of the .po."""
    source = {m.id: m.string for m in read(po) if m.id and not m.fuzzy}
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = {m.id: m.string for m in read_mo(handle) if m.id}
    assert compiled == source, "run `make i18n-compile` and commit the .mo"


def test_every_message_in_the_code_is_in_every_catalog() -> None:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    in_code = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords
        )
    }
    assert len(in_code) > 100  # the extraction found the letters' text
    for po in shipped_catalogs():
        catalog = {m.id for m in read(po) if m.id and str(m.string).strip() and not m.fuzzy}
        missing = sorted(in_code - catalog)
        assert missing == [], f"{po}: run `make i18n-update`, translate, `make i18n-compile`"


def test_the_spanish_policy_translation_covers_every_criterion_and_is_current() -> None:
    policy = registry().get("cp0261")
    translation = load_translation(policy, "es")
    assert translation is not None
    for criteria in policy.criteria_sets:
        spanish = translate_criteria(criteria, translation)
        english_nodes = {n.id: n for n in criteria.root.walk()}
        for node in spanish.root.walk():
            before = english_nodes[node.id]
            for field in ("label", "evidence_label", "not_met_text"):
                if getattr(before, field):
                    assert getattr(node, field) != getattr(before, field), (node.id, field)


def test_a_stale_policy_translation_is_not_used(tmp_path: Path) -> None:
    policy = registry().get("cp0261")
    translation = load_translation(policy, "es")
    assert translation is not None
    criteria = policy.criteria_set("dli")
    node_id = "dli.allogeneic_hsct"
    entry = dict(translation.criteria[node_id])
    entry["label"] = {"en": "Prior allogeneic HSCT (older wording)", "text": "TCMH previo"}
    stale = type(translation)(**{**translation.__dict__, "criteria": {node_id: entry}})
    node = next(n for n in translate_criteria(criteria, stale).root.walk() if n.id == node_id)
    assert node.label == "Prior allogeneic HSCT"  # the English, which the letter check finds
    assert (policy_data_dir() / "cp0261" / "languages" / "es.json").is_file()


def test_a_french_catalog_alone_makes_a_french_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a language is adding its catalog: one message, no code change."""
    catalog = Catalog(locale="fr", domain="letters")
    catalog.add("Our decision", "Notre décision")
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "letters.mo").open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setenv(LOCALE_DIR_ENV, str(tmp_path / "locale"))
    path = make_case(tmp_path, "dli-relapsed-aml", member__preferred_language="fr-CA")
    with open_case(path) as case:
        case.confirm(None, "test")
        signer = Signer("Nora Nurse", "RN", "nurse_reviewer")
        d = draft(case, Decision.APPROVE, "", signer, demo_organization(), dt.date(2026, 11, 22))
    assert d.data.language == "fr"
    pages = PdfReader(BytesIO(d.preview().render())).pages
    letter = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    assert "Notre décision" in letter and "Our decision" not in letter
    assert "22 novembre 2026" in letter  # Babel's French date, with no French code
    # Everything else is still English: the letter check names each message, and signing
    # stays blocked until the catalog is complete.
    assert "translation into French of the message “Sincerely,”" in d.problems
    assert not any("Our decision" in p for p in d.problems)


def test_no_message_hides_inside_an_f_string() -> None:
    """Babel's extractor does not look inside f-strings: f"{_('…')}" would never reach
    the catalog, and a letter in another language would print it in English."""
    hidden = re.compile(r"\{_\(\s*['\"]")
    hits = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("letters", "decisions")
        for path in sorted((ROOT / "reviewer_app" / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if hidden.search(line)
    ]
    assert hits == []
