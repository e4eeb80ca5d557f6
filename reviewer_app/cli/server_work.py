"""`reviewer-app server import | list | claim | checkin`: the queue's daily work."""

from __future__ import annotations

import argparse
from typing import Any


def add_parsers(ss: argparse._SubParsersAction[Any], db: argparse.ArgumentParser) -> None:
    del ss, db
