"""Logging to a rotating file in the user's log folder. Messages never carry PHI."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from platformdirs import user_log_dir


def log_dir() -> Path:
    override = os.environ.get("REVIEWER_APP_LOG_DIR")
    return Path(override) if override else Path(user_log_dir("reviewer-workstation", False))


def configure_logging(level: int = logging.INFO) -> Path | None:
    """Send log records to a file; if the folder cannot be written, drop them quietly."""
    root = logging.getLogger()
    if any(getattr(h, "_reviewer_app", False) for h in root.handlers):
        return None
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "reviewer-app.log",
            maxBytes=1_000_000,
            backupCount=3,
            encoding="utf-8",
            delay=True,  # no file until there is something to log
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._reviewer_app = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return folder


def log_error_without_message(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """Log an error's type and where it happened, never its text: messages can carry PHI."""
    import traceback

    frames = "".join(traceback.format_tb(exc.__traceback__))
    kind = type(exc)
    logger.error("%s: %s.%s\n%s", what, kind.__module__, kind.__qualname__, frames)
