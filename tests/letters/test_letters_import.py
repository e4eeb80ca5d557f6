"""Importing the letters package stays light: no reportlab, no pyHanko at start-up."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import reviewer_app.letters
import reviewer_app.letters.content
import reviewer_app.letters.notices
heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'reportlab', 'pyhanko', 'fontTools'})
print(','.join(heavy))
"""


def test_import_letters_does_not_load_reportlab_or_pyhanko() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""


def test_fonts_module_defers_reportlab() -> None:
    probe = "import sys, reviewer_app.letters.fonts; print('reportlab' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False"
