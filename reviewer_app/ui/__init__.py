"""The desktop interface (PySide6). Nothing in here decides anything about a case.

This package's ``__init__`` stays free of Qt imports: ``preflight`` runs before Qt loads.
"""

import sys


def _protect_none() -> None:
    """Work around a PySide6 6.12.0 bug on Python 3.11.

    Each call of a void Qt method from Python there drops one reference to ``None``; after
    a few thousand calls (an ordinary working day) the interpreter aborts with
    "Fatal Python error: none_dealloc". Python 3.12 made ``None`` immortal; this gives it
    the same protection by raising its reference count once, far out of reach.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


_protect_none()
