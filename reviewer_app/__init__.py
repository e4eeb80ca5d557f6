"""Reviewer Workstation: offline utilization review for DLI and HPC boost requests."""

from __future__ import annotations

APP_NAME = "Reviewer Workstation"


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed package's metadata when first asked for
    (importlib.metadata is slow to import, and a start does not need it)."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("reviewer-workstation")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found
