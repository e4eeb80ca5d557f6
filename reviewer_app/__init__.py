"""Reviewer Workstation: offline utilization review for DLI and HPC boost requests."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reviewer-workstation")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

APP_NAME = "Reviewer Workstation"
