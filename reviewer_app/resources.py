"""One small locator for the data shipped beside the code.

The top-level ``policy_data/`` and ``resources/`` folders are mapped into the wheel
under ``reviewer_app/_bundled/``; a PyInstaller bundle puts them at the same place.
In a source checkout they sit next to the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def _bundle_root() -> Path:
    # The package's own folder, as importlib.resources.files("reviewer_app") would give
    # for an installed package or a bundle, without importing its zip-file readers.
    package = Path(__file__).resolve().parent
    bundled = package / "_bundled"
    if bundled.is_dir():
        return bundled
    return package.parent


def policy_data_dir() -> Path:
    return _bundle_root() / "policy_data"


def resources_dir() -> Path:
    return _bundle_root() / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
