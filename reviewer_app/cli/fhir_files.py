"""Writing FHIR files from the command line: owner-only, whole or absent, never over a file."""

from __future__ import annotations

from pathlib import Path

from reviewer_app import safe_files
from reviewer_app.cli.errors import CliError


def write_new(dest: Path, data: bytes) -> None:
    """``dest`` written atomically (0600) if its name is free; a ``CliError`` if not."""
    if not dest.parent.is_dir():
        raise CliError(f"-o {dest}: the folder {dest.parent} does not exist")
    if dest.exists() or dest.is_symlink():
        raise CliError(f"-o {dest}: the file already exists; choose another name")
    try:
        safe_files.write_file(dest, data)
    except safe_files.OutputExists:
        raise CliError(f"-o {dest}: the file already exists; choose another name") from None
