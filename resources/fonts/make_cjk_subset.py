"""Regenerate the CJK tagline font subset shipped with the letters.

The Chinese, Japanese and Korean language-assistance taglines need glyphs DejaVu
Sans does not have. WenQuanYi Micro Hei (Apache-2.0, TrueType outlines) has them,
but it is 5 MB and only installed on Debian-like systems, so we ship a subset
holding just the characters of the 'cjk' taglines in resources/letters/notices.json
plus printable ASCII (phone numbers, TTY).

Run after editing a 'cjk' tagline (needs fontTools, installed with pyHanko[opentype]):

    .venv/bin/python resources/fonts/make_cjk_subset.py [path/to/wqy-microhei.ttc]
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
NOTICES = HERE.parent / "letters" / "notices.json"
OUTPUT = HERE / "WQYMicroHei-TaglineSubset.ttf"
DEFAULT_SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
PRINTABLE_ASCII = "".join(chr(c) for c in range(0x20, 0x7F))

log = logging.getLogger("make_cjk_subset")


def subset_text(notices_path: Path = NOTICES) -> str:
    """Every character the subset must cover, sorted, without duplicates."""
    notices = json.loads(notices_path.read_text(encoding="utf-8"))
    chars = set(PRINTABLE_ASCII)
    for tagline in notices["taglines"]:
        if tagline["script"] == "cjk":
            chars.update(tagline["text"])
    return "".join(sorted(chars))


def build(source: Path, output: Path) -> None:
    # Face 0 of the collection is the proportional "WenQuanYi Micro Hei".
    font = TTCollection(str(source), recalcTimestamp=False).fonts[0]
    options = subset.Options()
    options.layout_features = []  # reportlab maps code points to glyphs directly
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["GSUB", "GPOS", "GDEF"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=subset_text())
    subsetter.subset(font)
    font.save(str(output))
    log.info("wrote %s (%d bytes)", output, output.stat().st_size)


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.INFO)
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    if not source.is_file():
        log.error("source font not found: %s", source)
        return 1
    build(source, OUTPUT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
