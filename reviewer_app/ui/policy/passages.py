"""Plain-text helpers behind the policy pane: where citations sit, which passages cite a
reference, and the dates the banner mentions. No Qt here, so it is tested directly."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reviewer_app.policy import Policy
from reviewer_app.policy.models import Citation, PolicyMeta

# A sentence ends at . ! or ? (maybe inside a closing quote or bracket) followed by a space
# and a capital letter or an opening quote: "et al. (2007)" and "p<.001," are not ends.
_SENTENCE_END = re.compile(r"[.!?][”\"’)]?(?=\s+[A-Z“\"])")
_MAX_PASSAGE = 320


@dataclass(frozen=True)
class CitationSpan:
    start: int
    end: int
    citation: Citation


@dataclass(frozen=True)
class CitedPassage:
    """One place in the policy text that cites a reference."""

    anchor: str
    section_path: str
    passage: str
    citation: Citation


def citation_spans(text: str, citations: list[Citation]) -> list[CitationSpan]:
    """Every occurrence of each citation's words in ``text``, without overlaps.

    A citation printed twice in one block is linked both times. When two citations
    overlap, the earlier one wins, then the longer one.
    """
    found: list[CitationSpan] = []
    for citation in citations:
        if not citation.text:
            continue
        start = text.find(citation.text)
        while start != -1:
            found.append(CitationSpan(start, start + len(citation.text), citation))
            start = text.find(citation.text, start + len(citation.text))
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[CitationSpan] = []
    for span in found:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` holding the characters ``start:end``, trimmed if long."""
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > start:
            break
        begin = match.end()
    after = _SENTENCE_END.search(text, end)
    stop = after.end() if after else len(text)
    sentence = text[begin:stop].strip()
    if len(sentence) <= _MAX_PASSAGE:
        return sentence
    # Keep the citation in view: cut around it on word boundaries.
    rel_start, rel_end = start - begin, end - begin
    room = max(0, _MAX_PASSAGE - (rel_end - rel_start)) // 2
    left = max(0, rel_start - room)
    right = min(len(sentence), rel_end + room)
    if left > 0:
        left = sentence.find(" ", left) + 1 or left
    if right < len(sentence):
        cut = sentence.rfind(" ", rel_end, right)
        right = cut if cut > rel_end else right
    head = "…" if left > 0 else ""
    tail = "…" if right < len(sentence) else ""
    return f"{head}{sentence[left:right].strip()}{tail}"


def section_paths(policy: Policy) -> dict[str, str]:
    """Each section's title with its parents, e.g. 'Hematopoietic … Boost › Literature Review'.

    Level-1 sections that only group others (General Background) are left out of the path.
    """
    paths: dict[str, str] = {}
    stack: list[tuple[int, str, bool]] = []
    for section in policy.document.sections:
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        parents = [title for _, title, has_text in stack if has_text]
        paths[section.anchor] = " › ".join([*parents, section.title])
        stack.append((section.level, section.title, bool(section.blocks)))
    return paths


def cited_in(policy: Policy, number: int) -> list[CitedPassage]:
    """The passages citing reference ``number``, in document order."""
    paths = section_paths(policy)
    order = {block.anchor: i for i, (_, block) in enumerate(policy.iter_blocks())}
    citations = sorted(policy.citations_of(number), key=lambda c: order.get(c.block, 0))
    out: list[CitedPassage] = []
    for citation in citations:
        text = policy.block(citation.block).text
        start = text.find(citation.text)
        out.append(
            CitedPassage(
                anchor=citation.block,
                section_path=paths[policy.section_of(citation.block).anchor],
                passage=sentence_around(text, start, start + len(citation.text)),
                citation=citation,
            )
        )
    return out


def policy_date_warnings(
    meta: PolicyMeta, date_of_service: dt.date | None, today: dt.date
) -> list[str]:
    """What the banner says about the policy's dates for this case."""
    out: list[str] = []
    if today > meta.next_review_date:
        out.append(f"This policy is past its next review date ({meta.next_review_date})")
    if date_of_service is not None and date_of_service < meta.effective_date:
        out.append(
            f"The date of service {date_of_service} is before this policy's effective date "
            f"({meta.effective_date})"
        )
    return out
