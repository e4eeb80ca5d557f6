"""The visible signature stamp: its text and a DejaVu font pyHanko measures correctly.

pyHanko's GlyphAccumulator writes a TrueType font's glyph widths in font units, but a
PDF reads them as 1/1000 em. DejaVu has 2048 units per em, so its text came out twice
as wide and ran out of the box. We hand pyHanko a copy of DejaVu Sans subset to the
stamp's characters and rescaled to 1000 units per em, which makes the two agree.
"""

from __future__ import annotations

import logging
import string
from dataclasses import dataclass
from functools import cache, lru_cache
from io import BytesIO
from typing import Any

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from reviewer_app.letters.fonts import BODY, font_path
from reviewer_app.letters.i18n import N_, _

log = logging.getLogger(__name__)

STAMP_FONT_SIZE = 9
STAMP_LEADING = 11
SELF_SIGNED_NOTE = N_("Self-signed local identity (no certificate authority)")
ISSUED_NOTE = N_("Certificate issued to the signer")
TRAINING_MARK = N_("TRAINING — NOT A DETERMINATION")
# Drawn on the edge of the stamp's box and clipped to it, so 1 pt shows, over the signature
# slot's dashed line (see signing.STAMP_OUTSET).
STAMP_BORDER = 2


@dataclass(frozen=True)
class StampText:
    signer_line: str  # "Riley Sample, MD"
    role: str
    meaning: str
    signed: str  # formatted date and time
    self_signed: bool
    training: bool = False

    def lines(self) -> list[str]:
        """The stamp's words, in the language of the letter being signed."""
        lines = [
            _("Digitally signed by {signer}").format(signer=self.signer_line),
            _("Role: {role}").format(role=_(self.role)),
            _("Meaning: {meaning}").format(meaning=_(self.meaning)),
            _("Signed: {time}").format(time=self.signed),
            _(SELF_SIGNED_NOTE) if self.self_signed else _(ISSUED_NOTE),
        ]
        return [_(TRAINING_MARK), *lines] if self.training else lines

    def text(self) -> str:
        return "\n".join(self.lines())


# Every stamp uses most of these; subsetting to them as well keeps one cached subset
# for the usual stamps (pyHanko subsets again to the glyphs it draws when embedding).
_COMMON_CHARACTERS = frozenset(string.ascii_letters + string.digits + string.punctuation + " ")


def _stamp_font(text: str) -> bytes:
    """DejaVu Sans holding at least ``text``'s glyphs, at 1000 units per em."""
    return _subset_font(_COMMON_CHARACTERS | frozenset(text))


_UNUSED_TABLES = ("FFTM", "GSUB", "GPOS", "GDEF", "kern")


@cache
def _base_font() -> bytes:
    """The DejaVu Sans file, read once per process."""
    return font_path(BODY).read_bytes()


@lru_cache(maxsize=32)
def _subset_font(characters: frozenset[str]) -> bytes:
    # Subsetting and rescaling take tens of ms; the result depends only on the
    # characters, and the date is the only part of a stamp that changes between letters.
    font = TTFont(BytesIO(_base_font()), recalcTimestamp=False)
    # The stamp is drawn without shaping. Removing the layout tables before subsetting
    # spares fontTools parsing them (most of the subsetting time); 'kern' goes with them,
    # as the subsetter drops it anyway while GPOS is there.
    for tag in _UNUSED_TABLES:
        if tag in font:
            del font[tag]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(characters)))
    subsetter.subset(font)
    scale_upem(font, 1000)
    out = BytesIO()
    font.save(out)
    log.debug("stamp font subset to %d characters", len(characters))
    return out.getvalue()


class _StampFontFactory(FontEngineFactory):
    def __init__(self, text: str) -> None:
        self._font = _stamp_font(text)

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        return GlyphAccumulator(
            writer=writer,
            font_handle=BytesIO(self._font),
            font_size=STAMP_FONT_SIZE,
            obj_stream=obj_stream,
        )


def stamp_style(stamp: StampText) -> TextStampStyle:
    """A bordered text stamp, left-aligned, with no pyHanko background art."""
    text = stamp.text()
    # '%' would be read as a template placeholder by pyHanko.
    template = text.replace("%", "%%")
    return TextStampStyle(
        stamp_text=template,
        text_box_style=TextBoxStyle(
            font=_StampFontFactory(text),
            font_size=STAMP_FONT_SIZE,  # must equal the engine's size, or lines drift
            leading=STAMP_LEADING,
            box_layout_rule=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MIN,
                y_align=AxisAlignment.ALIGN_MID,
                margins=Margins(left=2, right=2, top=2, bottom=2),
            ),
        ),
        border_width=STAMP_BORDER,
        background=None,
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(left=6, right=6, top=4, bottom=4),
        ),
    )
