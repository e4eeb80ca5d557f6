"""Names and version facts shared by the PyInstaller spec, build.py and the tests.

The version is written once, in pyproject.toml; everything here derives from it.
This folder is not a package (``packaging`` would shadow the PyPI library of that
name): the spec and build.py put it on ``sys.path`` and import ``app_meta``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from string import Template
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"

APP_NAME = "Reviewer Workstation"
DISTRIBUTION = "reviewer-workstation"
BUNDLE_ID = "org.example.ReviewerWorkstation"  # also the .desktop and AppStream id
UMCASE_UTI = "org.example.reviewer-workstation.umcase"
UMCASE_MIME = "application/x-umcase"
BUNDLE_NAME = "reviewer-workstation"  # dist/<BUNDLE_NAME>/, and the GUI executable
CLI_EXE = "reviewer-app"  # Windows only: the console build of the same program


def project_version(root: Path = ROOT) -> str:
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    return str(project["version"])


def windows_version_tuple(version: str) -> tuple[int, int, int, int]:
    """Windows wants four 16-bit numbers: "1.2.3rc1+local" -> (1, 2, 3, 1)."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    numbers += [0] * (4 - len(numbers))
    a, b, c, d = (min(n, 0xFFFF) for n in numbers)
    return a, b, c, d


def windows_version_text(version: str, internal_name: str, description: str) -> str:
    """packaging/windows/file_version_info.txt with the version filled in."""
    template = Template((PACKAGING / "windows" / "file_version_info.txt").read_text("utf-8"))
    return template.substitute(
        version_tuple=repr(windows_version_tuple(version)),
        version=version,
        internal_name=internal_name,
        description=description,
    )


def macos_info_plist(version: str) -> dict[str, Any]:
    """Info.plist keys: the version, and .umcase files as this app's own document type."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "NSHumanReadableCopyright": "Proprietary",
        "LSApplicationCategoryType": "public.app-category.medical",
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": "Reviewer Workstation case file",
                "CFBundleTypeRole": "Editor",
                "LSHandlerRank": "Owner",
                "LSItemContentTypes": [UMCASE_UTI],
                "CFBundleTypeIconFile": "reviewer-app.icns",
            }
        ],
        "UTExportedTypeDeclarations": [
            {
                "UTTypeIdentifier": UMCASE_UTI,
                "UTTypeDescription": "Reviewer Workstation case file",
                # An SQLite database underneath; "database" lets Finder and Spotlight
                # treat it as one rather than as an opaque blob.
                "UTTypeConformsTo": ["public.data", "public.database"],
                "UTTypeIconFile": "reviewer-app.icns",
                "UTTypeTagSpecification": {
                    "public.filename-extension": ["umcase"],
                    "public.mime-type": [UMCASE_MIME],
                },
            }
        ],
    }
