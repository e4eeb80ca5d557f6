"""Logging to a rotating file in the user's log folder. Messages never carry PHI."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from platformdirs import user_log_dir

LOG_FILE = "reviewer-app.log"


def log_dir() -> Path:
    override = os.environ.get("REVIEWER_APP_LOG_DIR")
    return Path(override) if override else Path(user_log_dir("reviewer-workstation", False))


class _RotatingLog(logging.Handler):
    """The rotating log file, made at the first record: most starts log nothing before
    the first window, and ``logging.handlers`` (with socket, pickle and queue) costs a
    start several milliseconds."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            import logging.handlers

            self._file = logging.handlers.RotatingFileHandler(
                self._path,
                maxBytes=1_000_000,
                backupCount=3,
                encoding="utf-8",
                delay=True,  # no file until there is something to log
            )
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def configure_logging(level: int = logging.INFO) -> Path | None:
    """Send log records to a file; if the folder cannot be written, drop them quietly."""
    root = logging.getLogger()
    if any(getattr(h, "_reviewer_app", False) for h in root.handlers):
        return None
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = _RotatingLog(folder / LOG_FILE)
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
