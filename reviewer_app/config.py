"""Where the user's settings live: profile, organization, signer trust store."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir


def config_dir() -> Path:
    override = os.environ.get("REVIEWER_APP_CONFIG_DIR")
    return Path(override) if override else Path(user_config_dir("reviewer-workstation", False))


def data_dir() -> Path:
    override = os.environ.get("REVIEWER_APP_DATA_DIR")
    return Path(override) if override else Path(user_data_dir("reviewer-workstation", False))
