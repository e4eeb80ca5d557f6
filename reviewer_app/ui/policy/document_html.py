"""The policy document as Qt rich text (the HTML subset QTextDocument reads).

Every block carries its anchor (``<a name="overview.p1">``) and every in-text citation
becomes a ``ref:N`` link. Citations are located in the raw text and the pieces escaped
afterwards, so an escaped ``&lt;`` never shifts or splits a match.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from reviewer_app.policy import Policy
from reviewer_app.policy.models import Block, Citation, Reference
from reviewer_app.ui.policy.passages import citation_spans

REF_SCHEME = "ref"

# Heading sizes stay relative (Qt's h2..h4) so zooming the document font scales them.
_HEADING_TAG = {1: "h2", 2: "h3", 3: "h4"}


class _ByHash:
    """Lets ``lru_cache`` key a policy by its content hash (a Policy is not hashable)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def __hash__(self) -> int:
        return hash(self.policy.content_hash)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ByHash) and other.policy.content_hash == self.policy.content_hash


def policy_html(policy: Policy) -> str:
    """The whole document; built once per policy content (the pane is rebuilt per case)."""
    return _cached_html(_ByHash(policy))


@lru_cache(maxsize=4)
def _cached_html(key: _ByHash) -> str:
    return render_policy_html(key.policy)


def render_policy_html(policy: Policy) -> str:
    meta = policy.meta
    parts = [
        f"<h1>Coverage Policy {escape(meta.number)}: {escape(meta.title)}</h1>",
        f'<p class="meta">Effective {meta.effective_date} · '
        f"Next review {meta.next_review_date}</p>",
    ]
    if meta.related_policies:
        related = "; ".join(escape(r) for r in meta.related_policies)
        parts.append(f'<p class="meta">Related: {related}</p>')
    for section in policy.document.sections:
        tag = _HEADING_TAG[section.level]
        parts.append(f'<{tag}><a name="{section.anchor}"></a>{escape(section.title)}</{tag}>')
        in_list = False
        for block in section.blocks:
            if block.kind == "bullet" and not in_list:
                parts.append("<ul>")
                in_list = True
            elif block.kind != "bullet" and in_list:
                parts.append("</ul>")
                in_list = False
            parts.append(_block_html(policy, block))
        if in_list:
            parts.append("</ul>")
    return "\n".join(parts)


def _block_html(policy: Policy, block: Block) -> str:
    if block.kind == "table":
        return _table_html(block)
    body = linked_text(block.text, policy.citations_in(block.anchor), policy.references)
    name = f'<a name="{block.anchor}"></a>'
    if block.kind == "bullet":
        return f"<li>{name}{body}</li>"
    return f"<p>{name}{body}</p>"


def linked_text(text: str, citations: list[Citation], references: tuple[Reference, ...]) -> str:
    """``text`` escaped, with each citation wrapped in a ``ref:N`` link."""
    out: list[str] = []
    pos = 0
    for span in citation_spans(text, citations):
        out.append(escape(text[pos : span.start]))
        number = span.citation.reference
        tip = f"Reference {number}"
        if 1 <= number <= len(references):
            tip += f": {references[number - 1].text}"
        if span.citation.mismatch:
            tip += f" (Note: {span.citation.mismatch})"
        out.append(
            f'<a href="{REF_SCHEME}:{number}" title="{escape(tip)}">'
            f"{escape(text[span.start : span.end])}</a>"
        )
        pos = span.end
    out.append(escape(text[pos:]))
    return "".join(out)


def _table_html(block: Block) -> str:
    rows = []
    named = False
    for r, row in enumerate(block.rows):
        cells = []
        for cell in row:
            tag = "th" if r == 0 else "td"
            # The anchor needs a character to attach to, so it goes in the first filled cell.
            name = ""
            if not named and cell.strip():
                name = f'<a name="{block.anchor}"></a>'
                named = True
            cells.append(f"<{tag}>{name}{escape(cell)}</{tag}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<table class="grid" border="1" cellspacing="0" cellpadding="5" width="99%">'
        f"{''.join(rows)}</table>"
    )


def document_css(border: str, header_bg: str, muted: str) -> str:
    """QTextDocument's default stylesheet, with colours taken from the widget palette."""
    return (
        f"p.meta {{ color: {muted}; margin-bottom: 12px; }}"
        "p { margin-top: 0px; margin-bottom: 8px; }"
        "li { margin-bottom: 4px; }"
        "h2 { margin-top: 18px; margin-bottom: 6px; }"
        "h3 { margin-top: 14px; margin-bottom: 6px; }"
        "h4 { margin-top: 12px; margin-bottom: 4px; }"
        f"table.grid {{ border-color: {border}; border-style: solid; margin-bottom: 8px; }}"
        f"th {{ background-color: {header_bg}; text-align: left; font-weight: bold; }}"
        "a { text-decoration: underline; }"
    )
