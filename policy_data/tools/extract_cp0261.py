"""Extract Coverage Policy 0261 from its text seed into the JSON files the app loads.

Usage: ``python policy_data/tools/extract_cp0261.py SEED [OUT_DIR]``.

Writes ``policy.json``, ``document.json``, ``coding.json``, ``references.json`` and
``citations.json`` into OUT_DIR (default: ``policy_data/cp0261`` beside this script).
``criteria.json`` is written by hand and only read here, to validate the result.

The seed is a text extraction of the printed policy. Cleaning is limited to the
extraction's artifacts: LaTeX ``$...$`` around statistics, markdown ``*`` and ``<url>``,
paragraphs split by a page break, and link syntax. The source's own wording, typos
included, is kept because letters quote it. The "Instructions for Use" section on the
cover page is kept as the document's first section (letters rely on it: the benefit plan
document governs, medical directors use clinical judgment), with the payer's name
replaced by ``[Payer]``; the closing corporate footer is left out (the product names no
payer).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

log = logging.getLogger("extract_cp0261")

POLICY_ID = "cp0261"
TITLE = "Donor Lymphocyte Infusion and Hematopoietic Progenitor Cell (HPC) Boost"
SHORT_TITLE = "Donor Lymphocyte Infusion and HPC Boost"

# (title as printed, anchor, level), in document order. "Literature Review" occurs twice,
# so headings are matched in sequence, never by title alone.
SECTIONS: list[tuple[str, str, int]] = [
    ("Overview", "overview", 1),
    ("Coverage Policy", "coverage-policy", 1),
    ("Health Equity Considerations", "health-equity", 1),
    ("General Background", "general-background", 1),
    ("Donor Lymphocyte Infusion (DLI)", "dli-background", 2),
    ("Literature Review", "dli-literature-review", 3),
    ("Hematopoietic Progenitor Cell (HPC) Boost", "hpc-boost-background", 2),
    ("Literature Review", "hpc-boost-literature-review", 3),
    ("Professional Societies/Organizations", "professional-societies", 2),
    ("Medicare Coverage Determinations", "medicare", 1),
    ("Coding Information", "coding", 1),
    ("References", "references", 1),
    ("Revision Details", "revision-details", 1),
]

CODE_CRITERIA_SETS = {"38242": "dli", "38243": "hpc_boost"}

INSTRUCTIONS = ("INSTRUCTIONS FOR USE", "instructions-for-use", "Instructions for Use")
PAYER_PLACEHOLDER = "[Payer]"
# The footer names the payer: '"<Name> Companies" refers to operating subsidiaries of ...'
_PAYER_IN_FOOTER = re.compile(r'^"(?P<name>[A-Z][A-Za-z]+) Companies" refers to')

OMITTED = [
    "The issuing payer's name in 'Instructions for Use', replaced by '[Payer]' (the rest of "
    "the section is kept word for word)",
    "Closing corporate footer and copyright line (names the issuing payer and its subsidiaries)",
    "Table of contents with page numbers (print layout; the sections are kept in order)",
    "Cover header lines (effective date, next review date, policy number, title): "
    "kept as policy metadata rather than document text",
    "Related Coverage Resources link: kept as related_policies (its link target was empty)",
    "Footnote asterisk after 'CPT®' in the code table header and before the CPT copyright "
    "line (the footnote sits directly under the table)",
]

# Printed citations that do not match the reference list, linked by hand.
CITATION_OVERRIDES: dict[str, tuple[int, str]] = {
    "Depril, et al., 2004": (
        8,
        "Printed 'Depril'; reference 8 lists the first author as 'Depil S'",
    ),
}

_MATH = re.compile(r"\$([^$\n]*)\$")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")

_YEAR = r"(?:19|20)\d{2}[a-z]?"
_NAME = r"[A-Z][A-Za-z'-]+(?: (?:de|van|von|der|den|la|le|du) [A-Z][A-Za-z'-]+)?"
_PAREN_GROUP = re.compile(r"\(([^()]*)\)")
_PAREN_ITEM = re.compile(
    rf"^(?P<names>{_NAME}(?: and {_NAME})?)(?:,? et al\.)?, (?P<year>{_YEAR})$"
)
_NARRATIVE = re.compile(
    rf"(?<![\w-])(?P<names>{_NAME}(?: and {_NAME})?)(?:,? et al\.)? \((?P<year>{_YEAR})\)"
)

_JOURNAL_REF = re.compile(
    r"^(?P<authors>.+?)\. (?P<title>.+?[.?]) (?P<journal>[A-Z][^.]*)\. "
    r"(?P<year>\d{4})[^;]*;(?P<volume>[^(:;]+)(?:\((?P<issue>[^)]+)\))?: ?(?P<pages>\S+?)\."
    r"(?: .*)?$"
)
_GUIDELINE_REF = re.compile(
    r"^(?P<authors>[^.]+)\. (?P<journal>NCCN Clinical Practice Guidelines in Oncology [^.]+)\. "
    r"© (?P<year>\d{4}[a-z]?)\. (?P<title>[^.]+)\. (?P<volume>V\d+\.\d{4}-[^.]+)\. "
    r"Accessed (?P<accessed>[^.]+)\. Available at (?P<url>\S+)$"
)
_WEB_REF = re.compile(
    r"^(?P<authors>[^.]+)\. (?P<title>[^.]+)\.(?: Updated: [^.]*?(?P<year>\d{4}[a-z]?)\.)? "
    r"Accessed (?P<accessed>[^.]+)\. Available at (?:URL address: )?(?P<url>\S+)$"
)


class ExtractionError(ValueError):
    """The seed does not have the shape this script expects."""


@dataclass
class SectionOut:
    title: str
    anchor: str
    level: int
    blocks: list[dict[str, Any]] = field(default_factory=list)


def clean(text: str) -> str:
    """Remove extraction artifacts from one line, keeping every word."""
    text = _MATH.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = text.replace("*", "")
    if "$" in text:
        raise ExtractionError(f"unbalanced $ left in: {text[:80]!r}")
    return text.strip()


def us_date(text: str) -> date:
    month, day, year = (int(p) for p in text.split("/"))
    return date(year, month, day)


def split_front_matter(lines: list[str]) -> tuple[list[str], list[str]]:
    """Everything before the body's first heading is the cover page."""
    first = SECTIONS[0][0]
    for i, line in enumerate(lines):
        if line.strip() == first:
            return lines[:i], lines[i:]
    raise ExtractionError(f"heading {first!r} not found")


def parse_meta(front: list[str], revisions: list[list[str]]) -> dict[str, Any]:
    text = "\n".join(front)

    def find(pattern: str) -> str:
        m = re.search(pattern, text)
        if not m:
            raise ExtractionError(f"cover page: {pattern!r} not found")
        return m.group(1)

    number = find(r"Coverage Policy Number (\d+)")
    if find(r"Coverage Policy Number \d+\n+(.+)") != TITLE:
        raise ExtractionError("cover page: title differs from the expected one")
    related = _LINK.findall(find(r"Related Coverage Resources\n+((?:.+\n)+)"))
    return {
        "id": POLICY_ID,
        "number": number,
        "title": TITLE,
        "short_title": SHORT_TITLE,
        "effective_date": us_date(find(r"Effective Date\s*(\d+/\d+/\d{4})")).isoformat(),
        "next_review_date": us_date(find(r"Next Review Date\s*(\d+/\d+/\d{4})")).isoformat(),
        "revisions": [
            {"type": kind, "summary": summary, "date": us_date(when).isoformat()}
            for kind, summary, when in revisions[1:]
        ],
        "related_policies": related,
        "omitted": OMITTED,
    }


def parse_instructions(front: list[str], footer: list[str]) -> SectionOut:
    """The cover page's "Instructions for Use" paragraphs, the payer's name replaced."""
    heading, anchor, title = INSTRUCTIONS
    try:
        start = next(i for i, line in enumerate(front) if line.strip() == heading)
    except StopIteration:
        raise ExtractionError(f"cover page: {heading!r} not found") from None
    m = _PAYER_IN_FOOTER.match(footer[0]) if footer else None
    if m is None:
        raise ExtractionError("footer: the payer's name was not found")
    name = m.group("name")
    section = SectionOut(title, anchor, 1)
    for line in front[start + 1 :]:
        if line.strip():
            text = re.sub(rf"\b{name}\b", PAYER_PLACEHOLDER, clean(line))
            section.blocks.append({"kind": "paragraph", "text": text})
    if not section.blocks:
        raise ExtractionError(f"cover page: {heading!r} has no text")
    number_blocks(section)
    return section


def parse_body(body: list[str]) -> tuple[list[SectionOut], list[str]]:
    """Split the body into sections of blocks; return them and the dropped footer."""
    sections: list[SectionOut] = []
    pending = list(SECTIONS)
    table: list[list[str]] | None = None
    footer: list[str] = []
    for raw in body:
        line = raw.rstrip("\n")
        if pending and line.strip() == pending[0][0]:
            title, anchor, level = pending.pop(0)
            sections.append(SectionOut(title, anchor, level))
            table = None
            continue
        if not line.strip():
            table = None
            continue
        if not sections:
            raise ExtractionError(f"text before the first heading: {line[:60]!r}")
        current = sections[-1]
        if "\t" in line:
            cells = [clean(c) for c in line.split("\t")]
            if table is None:
                table = []
                current.blocks.append({"kind": "table", "rows": table})
            table.append(cells)
            continue
        table = None
        if current.anchor == "revision-details" and current.blocks:
            footer.append(line)  # the corporate footer follows the revision table
        elif line.startswith("- "):
            current.blocks.append({"kind": "bullet", "text": clean(line[2:])})
        else:
            current.blocks.append({"kind": "paragraph", "text": clean(line)})
    if pending:
        raise ExtractionError(f"headings not found: {[p[0] for p in pending]}")
    for section in sections:
        section.blocks = join_page_breaks(section.blocks)
        number_blocks(section)
    return sections, footer


def join_page_breaks(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A paragraph that stops mid-sentence and one that starts in lower case are one."""
    out: list[dict[str, Any]] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev["kind"] == block["kind"] == "paragraph"
            and block["text"][:1].islower()
            and prev["text"][-1:] not in '.:;!?"”)'
        ):
            log.info("joined page break: ...%s | %s...", prev["text"][-20:], block["text"][:20])
            prev["text"] = f"{prev['text']} {block['text']}"
            continue
        out.append(block)
    return out


def number_blocks(section: SectionOut) -> None:
    numbered: list[dict[str, Any]] = []
    for n, block in enumerate(section.blocks, start=1):
        anchor = f"{section.anchor}.p{n}"
        if section.anchor == "references":
            m = re.match(r"^(\d+)\. ", block["text"])
            if not m or block["kind"] != "paragraph":
                raise ExtractionError(f"reference block without a number: {block!r}")
            anchor = f"references.r{m.group(1)}"
        numbered.append({"anchor": anchor, **block})
    section.blocks = numbered


def parse_reference(number: int, text: str) -> dict[str, Any]:
    fields: dict[str, str]
    m = _GUIDELINE_REF.match(text) or _WEB_REF.match(text)
    if m:
        fields = {k: v for k, v in m.groupdict().items() if v}
        fields.setdefault("year", "n.d.")  # an undated web page: only its access date is printed
    else:
        m = _JOURNAL_REF.match(text)
        if not m:
            raise ExtractionError(f"reference {number} not understood: {text!r}")
        fields = {k: v.strip() for k, v in m.groupdict().items() if v}
        fields["title"] = fields["title"].removesuffix(".")
    if fields["authors"].endswith(" et al"):
        fields["authors"] += "."
    return {
        "number": number,
        "authors": fields["authors"],
        "title": fields["title"],
        "journal": fields.get("journal", ""),
        "year": fields["year"],
        "volume": fields.get("volume", ""),
        "issue": fields.get("issue", ""),
        "pages": fields.get("pages", ""),
        "url": fields.get("url", ""),
        "accessed": fields.get("accessed", ""),
        "text": text,
    }


def parse_references(section: SectionOut) -> list[dict[str, Any]]:
    refs = []
    for expected, block in enumerate(section.blocks, start=1):
        number_text, text = block["text"].split(". ", 1)
        if int(number_text) != expected:
            raise ExtractionError(f"reference {number_text} out of order (expected {expected})")
        refs.append(parse_reference(expected, text))
    return refs


def find_citations(text: str) -> list[tuple[str, str, str]]:
    """(text as printed, names, year) for each citation in a block, in order."""
    found: list[tuple[int, str, str, str]] = []
    for group in _PAREN_GROUP.finditer(text):
        offset = group.start(1)
        for part in group.group(1).split(";"):
            item = part.strip()
            m = _PAREN_ITEM.match(item)
            if m:
                found.append((offset, item, m["names"], m["year"]))
            elif re.search(rf"\b{_YEAR}\b", item) and re.match(r"[A-Z][a-z]", item):
                raise ExtractionError(f"parenthetical not understood as a citation: {item!r}")
            offset += len(part) + 1
    for m in _NARRATIVE.finditer(text):
        found.append((m.start(), m.group(0), m["names"], m["year"]))
    return [(cited, names, year) for _, cited, names, year in sorted(found)]


def resolve(cited: str, names: str, year: str, refs: list[dict[str, Any]]) -> tuple[int, str]:
    if cited in CITATION_OVERRIDES:
        return CITATION_OVERRIDES[cited]
    first, _, second = names.partition(" and ")
    matches = [
        r
        for r in refs
        if r["year"] == year
        and (r["authors"].startswith(f"{first} ") or f"({first})" in r["authors"])
        and (not second or f" {second} " in r["authors"])
    ]
    if len(matches) != 1:
        raise ExtractionError(f"citation {cited!r} matches {len(matches)} references")
    return matches[0]["number"], ""


def build_citations(sections: list[SectionOut], refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    citations: list[dict[str, Any]] = []
    for section in sections:
        if section.anchor == "references":
            continue
        for block in section.blocks:
            seen: set[str] = set()
            for cited, names, year in find_citations(block.get("text", "")):
                if cited in seen:
                    continue
                seen.add(cited)
                number, mismatch = resolve(cited, names, year, refs)
                entry: dict[str, Any] = {
                    "block": block["anchor"],
                    "text": cited,
                    "reference": number,
                }
                if mismatch:
                    entry["mismatch"] = mismatch
                citations.append(entry)
    return citations


def build_coding(section: SectionOut) -> dict[str, Any]:
    paragraphs = [b["text"] for b in section.blocks if b["kind"] == "paragraph"]
    tables = [b["rows"] for b in section.blocks if b["kind"] == "table"]
    if len(tables) != 1:
        raise ExtractionError("coding: expected one code table")
    header, *rows = tables[0]
    system = header[0].split()[0].removesuffix("®")
    return {
        "notes": [re.sub(r"^\d+\. ", "", p) for p in paragraphs if re.match(r"^\d+\. ", p)],
        "heading": next(p for p in paragraphs if p.startswith("Considered")),
        "codes": [
            {
                "code": code,
                "system": system,
                "description": description,
                "criteria_set": CODE_CRITERIA_SETS[code],
            }
            for code, description in rows
        ],
        "footnote": paragraphs[-1],
    }


def extract(seed: Path) -> dict[str, Any]:
    lines = seed.read_text(encoding="utf-8").splitlines()
    front, body = split_front_matter(lines)
    sections, footer = parse_body(body)
    if len(footer) != 1 or "©" not in footer[0]:
        raise ExtractionError(f"expected one closing footer line, found {len(footer)}")
    sections.insert(0, parse_instructions(front, footer))
    by_anchor = {s.anchor: s for s in sections}
    refs = parse_references(by_anchor["references"])
    revision_rows = by_anchor["revision-details"].blocks[0]["rows"]
    document = {
        "sections": [
            {"anchor": s.anchor, "title": s.title, "level": s.level, "blocks": s.blocks}
            for s in sections
        ]
    }
    return {
        "policy.json": parse_meta(front, revision_rows),
        "document.json": document,
        "coding.json": build_coding(by_anchor["coding"]),
        "references.json": refs,
        "citations.json": build_citations(sections, refs),
    }


def write(outputs: dict[str, Any], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        (out_dir / name).write_text(text, encoding="utf-8")
        log.info("wrote %s", out_dir / name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", type=Path, help="text extraction of Coverage Policy 0261")
    parser.add_argument(
        "out_dir", type=Path, nargs="?", default=Path(__file__).resolve().parent.parent / POLICY_ID
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write(extract(args.seed), args.out_dir)
    if (args.out_dir / "criteria.json").is_file():
        from reviewer_app.policy import load_policy  # validates anchors, quotes and citations

        policy = load_policy(args.out_dir)
        log.info(
            "loaded: %d references, %d citations", len(policy.references), len(policy.citations)
        )


if __name__ == "__main__":
    main()
