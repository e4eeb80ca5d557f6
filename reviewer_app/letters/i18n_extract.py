"""A Babel extractor for the letter text kept in JSON (``resources/letters/notices.json``).

``babel.cfg`` names it, so ``make i18n-extract`` puts the nondiscrimination notice in
the catalog template beside the strings marked with ``_()`` in the code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any

# The keys of notices.json whose strings a letter prints in the member's language.
TRANSLATED_KEYS = ("nondiscrimination",)


def extract_notices(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Sequence[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, str, list[str]]]:
    raw = fileobj.read().decode("utf-8")
    data = json.loads(raw)
    lines = raw.splitlines()
    for key in TRANSLATED_KEYS:
        for text in data.get(key, []):
            encoded = json.dumps(text, ensure_ascii=False)[:40]
            line = next((n for n, t in enumerate(lines, start=1) if encoded in t), 0)
            yield line, "_", text, [f"notices.json: {key}"]
