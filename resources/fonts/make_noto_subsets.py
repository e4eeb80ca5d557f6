"""Regenerate the Arabic-script and Devanagari tagline font subsets shipped with the letters.

The Arabic, Persian, Urdu and Hindi taglines need Noto Naskh Arabic and Noto Sans
Devanagari (SIL Open Font License 1.1, LICENSE-Noto.txt; Debian package fonts-noto-core).
We ship subsets holding the characters of the 'arabic' and 'devanagari' taglines in
resources/letters/notices.json plus printable ASCII, with every OpenType layout feature
kept: the letters shape these scripts with HarfBuzz (uharfbuzz), which needs the joining
forms, ligatures and mark positions.

Run after editing such a tagline:

    .venv/bin/python resources/fonts/make_noto_subsets.py [folder holding the Noto TTFs]
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
NOTICES = HERE.parent / "letters" / "notices.json"
DEFAULT_SOURCE = Path("/usr/share/fonts/truetype/noto")
PRINTABLE_ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
# script in notices.json -> (source file, shipped subset)
SUBSETS = {
    "arabic": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-TaglineSubset.ttf"),
    "devanagari": ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-TaglineSubset.ttf"),
}

log = logging.getLogger("make_noto_subsets")


def subset_text(script: str, notices_path: Path = NOTICES) -> str:
    """Every character the subset for ``script`` must cover, sorted, without duplicates."""
    notices = json.loads(notices_path.read_text(encoding="utf-8"))
    chars = set(PRINTABLE_ASCII) | {"\u2014"}
    for tagline in notices["taglines"]:
        if tagline["script"] == script:
            chars.update(tagline["text"])
    return "".join(sorted(chars))


# Arabic presentation forms: the joined glyphs HarfBuzz picks keep their code points in the
# subset's cmap, so a PDF reader maps them back to text (NFKC gives the base letters).
PRESENTATION_FORMS = [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]


# Noto Naskh draws the mandatory lam-alef ligature as two glyphs with no code point of
# their own, which a PDF reader could only read back as private-use characters. Giving them
# code points that read back right: the alef half as the lam-alef ligature (NFKC: lam,
# alef), the lam half as an invisible zero-width (non-)joiner. Shaping never asks the cmap
# for these code points, so drawing is unchanged.
LIGATURE_PARTS = {
    "uniFE8E.rlig": 0xFEFB,  # lam-alef, isolated (the final form's alef: "_1008")
    "_1008": 0xFEFC,
    "uniFE82.rlig": 0xFEF5,  # lam-alef with madda above
    "_1025": 0xFEF6,
    "uniFE88.rlig": 0xFEF9,  # lam-alef with hamza below
    "_1031": 0xFEFA,
    "uniFEDF.rlig": 0x200C,
    "uniFEE0.rlig": 0x200D,
}


def _map_ligature_parts(font: TTFont) -> None:
    names = set(font.getGlyphOrder())
    for table in font["cmap"].tables:
        if table.isUnicode():
            for glyph, code in LIGATURE_PARTS.items():
                if glyph in names:
                    table.cmap[code] = glyph


def build(source: Path, output: Path, text: str, unicodes: list[int] | None = None) -> None:
    font = TTFont(str(source), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]  # HarfBuzz shapes with them: joining, ligatures, marks
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    cmap = font.getBestCmap()
    subsetter.populate(text=text, unicodes=[u for u in unicodes or [] if u in cmap])
    subsetter.subset(font)
    if unicodes:
        _map_ligature_parts(font)
    font.save(str(output))
    log.info("wrote %s (%d characters)", output.name, len(set(text)))


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    for script, (source, target) in SUBSETS.items():
        if not (folder / source).is_file():
            log.error("%s not found (install fonts-noto-core or pass its folder)", folder / source)
            return 2
        forms = PRESENTATION_FORMS if script == "arabic" else []
        build(folder / source, HERE / target, subset_text(script), forms)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
