"""Find author-year citations in the policy text and check each is linked to a reference."""

from __future__ import annotations

import re

from reviewer_app.policy.loader import Policy

_PARENTHETICAL = re.compile(r"\(([^()]*?\d{4}[a-z]?)\)")
_NARRATIVE = re.compile(
    r"([A-Z][A-Za-z'-]+(?: [a-z]{2,3} [A-Z][A-Za-z'-]+)*(?:,? et al\.| and [A-Z][A-Za-z'-]+)?)"
    r" \((\d{4}[a-z]?)\)"
)


def detect_citations(text: str) -> list[str]:
    """Every citation-looking item: 'Soiffer, 2008', 'Schmid et al. (2007)'..."""
    found: list[str] = []
    for group in _PARENTHETICAL.findall(text):
        for item in group.split(";"):
            item = item.strip()
            if re.search(r"[A-Za-z].*\d{4}", item) and not item.startswith(("n", "p", "P")):
                found.append(item)
    for match in _NARRATIVE.finditer(text):
        found.append(match.group(0))
    return found


def unresolved_citations(policy: Policy) -> list[str]:
    out: list[str] = []
    for section, block in policy.iter_blocks():
        if section.anchor == "references" or block.kind == "table":
            continue
        linked = [c.text for c in policy.citations_in(block.anchor)]
        for item in detect_citations(block.text):
            if not any(item in t or t in item for t in linked):
                out.append(f"{block.anchor}: {item}")
    return out
