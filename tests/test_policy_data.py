"""Coverage Policy 0261 as shipped in policy_data/: complete, clean and cross-linked."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from reviewer_app.policy import Policy, load_policy
from reviewer_app.policy.models import Citation, Reference
from reviewer_app.resources import policy_data_dir

SECTIONS = [
    ("instructions-for-use", "Instructions for Use", 1),
    ("overview", "Overview", 1),
    ("coverage-policy", "Coverage Policy", 1),
    ("health-equity", "Health Equity Considerations", 1),
    ("general-background", "General Background", 1),
    ("dli-background", "Donor Lymphocyte Infusion (DLI)", 2),
    ("dli-literature-review", "Literature Review", 3),
    ("hpc-boost-background", "Hematopoietic Progenitor Cell (HPC) Boost", 2),
    ("hpc-boost-literature-review", "Literature Review", 3),
    ("professional-societies", "Professional Societies/Organizations", 2),
    ("medicare", "Medicare Coverage Determinations", 1),
    ("coding", "Coding Information", 1),
    ("references", "References", 1),
    ("revision-details", "Revision Details", 1),
]

# The issuing payer's names, rot13-encoded so that they never sit in the tree themselves.
PAYER_NAMES = [codecs.decode(name, "rot13") for name in ("Pvtan", "Rireabegu")]

YEAR = r"(?:19|20)\d\d[a-z]?"
SURNAME = r"[A-Z][\w'-]+(?: (?:de|van|von|der) [A-Z][\w'-]+)?"
PAREN = re.compile(r"\(([^()]+)\)")
PAREN_ITEM = re.compile(rf"^{SURNAME}(?: and {SURNAME})?(?:,? et al\.)?, {YEAR}$")
NARRATIVE = re.compile(rf"{SURNAME}(?: and {SURNAME}|,? et al\.)? \({YEAR}\)")


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(policy_data_dir() / "cp0261")


def detect_citations(text: str) -> tuple[list[str], list[str]]:
    """Author-year citations in a text, and year-bearing parentheticals it cannot read."""
    found: list[str] = []
    unreadable: list[str] = []
    for group in PAREN.finditer(text):
        for item in (part.strip() for part in group.group(1).split(";")):
            if PAREN_ITEM.match(item):
                found.append(item)
            elif re.search(rf"\b{YEAR}\b", item) and item[:1].isupper():
                unreadable.append(item)
    found.extend(m.group(0) for m in NARRATIVE.finditer(text))
    return found, unreadable


def all_text(policy: Policy) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for section, block in policy.iter_blocks():
        out.append((block.anchor, section.title))
        out.append((block.anchor, block.text))
        out.extend((block.anchor, cell) for row in block.rows for cell in row)
    return out


def test_detector_reads_the_citation_forms_used_in_policies() -> None:
    text = (
        "Shown before (Soiffer, 2008; Huff, et al., 2006; Luznik and Fuchs, 2002). "
        "In a review by Kirtane and Lee (2017) and by Miranda-Galvis, et al. (2023), "
        "Van de Donk et al. (2006) and Kolb (2008) found (42% vs 36%; p < 0.001) in "
        "(n=26) patients (NCI, 2025a)."
    )
    found, unreadable = detect_citations(text)
    assert sorted(found) == sorted(
        [
            "Soiffer, 2008",
            "Huff, et al., 2006",
            "Luznik and Fuchs, 2002",
            "NCI, 2025a",
            "Kirtane and Lee (2017)",
            "Miranda-Galvis, et al. (2023)",
            "Van de Donk et al. (2006)",
            "Kolb (2008)",
        ]
    )
    assert unreadable == []
    assert detect_citations("(Some Guideline 2019)")[1] == ["Some Guideline 2019"]


def test_metadata(policy: Policy) -> None:
    meta = policy.meta
    assert (meta.id, meta.number) == ("cp0261", "0261")
    assert meta.title == "Donor Lymphocyte Infusion and Hematopoietic Progenitor Cell (HPC) Boost"
    assert meta.short_title == "Donor Lymphocyte Infusion and HPC Boost"
    assert meta.effective_date.isoformat() == "2025-05-15"
    assert meta.next_review_date.isoformat() == "2026-05-15"
    assert [(r.type, r.date.isoformat()) for r in meta.revisions] == [
        ("Annual Review", "2025-05-15"),
        ("Annual Review", "2024-05-15"),
    ]
    assert meta.related_policies == ["Stem Cell Transplantation: Blood Cancers"]
    omitted = " ".join(meta.omitted).lower()
    assert "instructions for use" in omitted
    assert "footer" in omitted


def test_sections_present_in_order(policy: Policy) -> None:
    got = [(s.anchor, s.title, s.level) for s in policy.document.sections]
    assert got == SECTIONS


def test_block_anchors_number_each_section_from_one(policy: Policy) -> None:
    for section in policy.document.sections:
        anchors = [b.anchor for b in section.blocks]
        if section.anchor == "references":
            expected = [f"references.r{n}" for n in range(1, 44)]
        else:
            expected = [f"{section.anchor}.p{n}" for n in range(1, len(anchors) + 1)]
        assert anchors == expected


def test_coverage_policy_blocks(policy: Policy) -> None:
    assert "The donor source for DLI and HPC boost is the same as that for the HSCT." in (
        policy.block("overview.p1").text
    )
    assert policy.block("coverage-policy.p1").text.startswith("Donor lymphocyte infusion (DLI)")
    assert policy.block("coverage-policy.p2").text.endswith("EITHER of the following indications:")
    assert (policy.block("coverage-policy.p3").kind, policy.block("coverage-policy.p3").text) == (
        "bullet",
        "promote engraftment",
    )
    assert policy.block("coverage-policy.p4").text == (
        "enhancement of chimerism when studies reveal <100% donor cells"
    )
    assert policy.block("coverage-policy.p5").text == (
        "DLI and HPC boost are considered not medically necessary for any other indication."
    )


def test_every_criterion_source_is_in_its_block(policy: Policy) -> None:
    # load_policy already refuses a missing quote; this names any that slipped through.
    missing = [
        (node.id, ref.anchor)
        for cs in policy.criteria_sets
        for node in cs.root.walk()
        for ref in [*node.sources, *([node.otherwise] if node.otherwise else [])]
        if ref.quote not in policy.block(ref.anchor).text
    ]
    assert missing == []
    assert {cs.id for cs in policy.criteria_sets} == {"dli", "hpc_boost"}


def test_references_complete(policy: Policy) -> None:
    refs = policy.references
    assert [r.number for r in refs] == list(range(1, 44))
    for ref in refs:
        assert ref.authors and ref.title and ref.year and ref.text, ref.number
        assert policy.block(f"references.r{ref.number}").text == f"{ref.number}. {ref.text}"
    assert refs[7].authors.startswith("Depil S")
    assert refs[36].pages == "877.e1-877.e8"
    assert refs[42].journal == "Haematologica"
    assert refs[26].title == "Acute Lymphoblastic Leukemia"
    assert refs[22].url == "https://www.cancer.gov/types/myeloma/hp/myeloma-treatment-pdq"


def test_no_extraction_artifacts_remain(policy: Policy) -> None:
    texts = [*all_text(policy), *((f"ref {r.number}", r.text) for r in policy.references)]
    for where, text in texts:
        assert "$" not in text, where
        assert "*" not in text, where
        assert "](" not in text, where
        assert "<http" not in text, where
    assert (
        "p<.001, p<.001, and p<.25, respectively" in policy.block("dli-literature-review.p3").text
    )
    assert "(P = 0.07)" in policy.block("hpc-boost-literature-review.p4").text


def test_page_breaks_joined(policy: Policy) -> None:
    assert "Twelve of these studies showed that residing in low-education areas" in (
        policy.block("health-equity.p6").text
    )
    assert "The strongest prognostic factor predicting response is" in (
        policy.block("dli-literature-review.p7").text
    )
    assert "78.8% of patients resolved one or two of their cytopenias" in (
        policy.block("hpc-boost-literature-review.p4").text
    )
    starts_lower = [
        b.anchor for _, b in policy.iter_blocks() if b.kind == "paragraph" and b.text[0].islower()
    ]
    assert starts_lower == []


def test_source_typos_kept(policy: Policy) -> None:
    assert "National Comprehensive Cancer Network Network™" in (
        policy.block("professional-societies.p5").text
    )
    assert "original HCST donor" in policy.block("hpc-boost-background.p1").text
    assert "Depril, et al., 2004" in policy.block("dli-literature-review.p5").text


def test_every_citation_in_the_text_is_linked(policy: Policy) -> None:
    detected: set[tuple[str, str]] = set()
    unreadable: list[str] = []
    for section, block in policy.iter_blocks():
        if section.anchor == "references":
            continue
        texts = [block.text, *(cell for row in block.rows for cell in row)]
        for text in texts:
            found, bad = detect_citations(text)
            detected.update((block.anchor, item) for item in found)
            unreadable.extend(f"{block.anchor}: {item}" for item in bad)
    linked = {(c.block, c.text) for c in policy.citations}
    unresolved = sorted(detected - linked)
    assert not unreadable, f"parentheticals with a year not read as citations: {unreadable}"
    assert not unresolved, "citations without an entry in citations.json:\n" + "\n".join(
        f"  {anchor}: {text}" for anchor, text in unresolved
    )
    assert sorted(linked - detected) == [], "citations.json entries not found in the text"
    assert len(policy.citations) == len(linked), "a citation is listed twice for one block"


def _surname_and_year(citation: Citation) -> tuple[str, str]:
    surname = re.match(SURNAME, citation.text)
    year = re.search(YEAR, citation.text)
    assert surname and year, citation
    return surname.group(0), year.group(0)


def _names_reference(ref: Reference, surname: str) -> bool:
    return ref.authors.startswith(f"{surname} ") or f"({surname})" in ref.authors


def test_citations_match_their_reference_or_record_why_not(policy: Policy) -> None:
    wrong: list[str] = []
    for cit in policy.citations:
        ref = policy.reference(cit.reference)
        surname, year = _surname_and_year(cit)
        matches = _names_reference(ref, surname) and ref.year == year
        if matches == bool(cit.mismatch):
            wrong.append(f"{cit.block}: {cit.text} -> {ref.number} (mismatch={cit.mismatch!r})")
    assert wrong == []


def test_depil_mismatch_recorded(policy: Policy) -> None:
    depril = [c for c in policy.citations if c.text == "Depril, et al., 2004"]
    assert len(depril) == 1
    assert depril[0].reference == 8
    assert depril[0].mismatch and "Depil" in depril[0].mismatch
    assert [c.text for c in policy.mismatched_citations] == ["Depril, et al., 2004"]


def test_organisation_citations_follow_their_letters(policy: Policy) -> None:
    by_text = {c.text: c.reference for c in policy.citations}
    assert by_text["NCI, 2025a"] == 23
    assert by_text["NCI, 2025b"] == 24
    assert by_text["NCI, 2024"] == 25
    assert by_text["NCCN, 2025a"] == 26
    assert by_text["NCCN, 2025b"] == 27
    assert by_text["NCCN, 2025c"] == 28


def test_coding_matches_the_code_table(policy: Policy) -> None:
    coding = policy.coding
    assert [(c.code, c.system, c.criteria_set) for c in coding.codes] == [
        ("38242", "CPT", "dli"),
        ("38243", "CPT", "hpc_boost"),
    ]
    table = policy.block("coding.p5").rows
    assert [[c.code, c.description] for c in coding.codes] == table[1:]
    assert len(coding.notes) == 2
    assert coding.footnote.startswith("Current Procedural Terminology (CPT®) ©2024")
    assert policy.criteria_for_cpt("38243") is policy.criteria_set("hpc_boost")


def _shipped_files() -> list[Path]:
    roots = [policy_data_dir(), Path(__file__).resolve().parent]
    return [
        p for root in roots for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ]


def test_payer_name_appears_nowhere() -> None:
    files = _shipped_files()
    assert any(p.name == "document.json" for p in files)
    hits = [
        f"{path}: {name}"
        for path in files
        for name in PAYER_NAMES
        if name.lower() in path.read_text(encoding="utf-8", errors="ignore").lower()
    ]
    assert hits == []
