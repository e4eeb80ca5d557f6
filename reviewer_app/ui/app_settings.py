"""What the app remembers between runs, over one QSettings handed in by the caller."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10
ZOOM_MIN, ZOOM_MAX = -3, 8
IDLE_LOCK_MINUTES = 10  # lock after this long without input; 0 never locks

ROLE_LABELS = {
    "nurse_reviewer": "Nurse reviewer",
    "medical_director": "Medical director",
    "trainer": "Trainer",
}


@dataclass(frozen=True)
class ReviewerProfile:
    """Who is working: recorded with every answer and decision."""

    name: str
    credentials: str
    role: str

    @property
    def actor(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def default_workspace() -> Path:
    return Path(user_data_dir("reviewer-workstation", False)) / "cases"


class AppSettings:
    def __init__(self, store: QSettings, *, default_folder: Path | None = None) -> None:
        self._s = store
        self._default_folder = default_folder

    def sync(self) -> None:
        self._s.sync()

    # -- workspace and recent files -----------------------------------------------------

    def workspace_folder(self) -> Path:
        value = self._s.value("workspace/folder", "", type=str)
        if value:
            return Path(str(value))
        return self._default_folder or default_workspace()

    def set_workspace_folder(self, folder: Path) -> None:
        self._s.setValue("workspace/folder", str(folder))

    def recent_files(self) -> list[Path]:
        raw = self._s.value("recent/files", [], type=list)
        items: list[object] = list(raw) if isinstance(raw, list) else []
        return [Path(str(p)) for p in items if p]

    def add_recent(self, path: Path) -> None:
        path = Path(path).absolute()
        paths = [p for p in self.recent_files() if p != path]
        self._s.setValue("recent/files", [str(p) for p in [path, *paths][:MAX_RECENT]])

    def remove_recent(self, path: Path) -> None:
        paths = [p for p in self.recent_files() if p != Path(path).absolute()]
        self._s.setValue("recent/files", [str(p) for p in paths])

    # -- window ---------------------------------------------------------------------------

    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_window_geometry(self, data: QByteArray) -> None:
        self._s.setValue("window/geometry", data)

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def set_window_state(self, data: QByteArray) -> None:
        self._s.setValue("window/state", data)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def set_splitter_state(self, name: str, data: QByteArray) -> None:
        self._s.setValue(f"splitters/{name}", data)

    def zoom(self) -> int:
        value = self._s.value("view/zoom", 0, type=int)
        steps = value if isinstance(value, int) else 0
        return max(ZOOM_MIN, min(ZOOM_MAX, steps))

    def set_zoom(self, steps: int) -> None:
        self._s.setValue("view/zoom", max(ZOOM_MIN, min(ZOOM_MAX, steps)))

    # -- security (never the passphrase itself) ---------------------------------------------

    def idle_lock_minutes(self) -> int:
        value = self._s.value("security/idle_lock_minutes", IDLE_LOCK_MINUTES, type=int)
        return max(0, value) if isinstance(value, int) else IDLE_LOCK_MINUTES

    def set_idle_lock_minutes(self, minutes: int) -> None:
        self._s.setValue("security/idle_lock_minutes", max(0, int(minutes)))

    def passphrase_set_up(self) -> bool:
        """Whether the case passphrase was chosen on this machine (it is not stored)."""
        return bool(self._s.value("security/passphrase_set_up", False, type=bool))

    def set_passphrase_set_up(self, done: bool = True) -> None:
        self._s.setValue("security/passphrase_set_up", bool(done))

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # -- the reviewer ---------------------------------------------------------------------

    def profile(self) -> ReviewerProfile | None:
        name = str(self._s.value("profile/name", "", type=str) or "").strip()
        if not name:
            return None
        role = str(self._s.value("profile/role", "nurse_reviewer", type=str))
        return ReviewerProfile(
            name=name,
            credentials=str(self._s.value("profile/credentials", "", type=str) or ""),
            role=role if role in ROLE_LABELS else "nurse_reviewer",
        )

    def set_profile(self, profile: ReviewerProfile) -> None:
        if profile.role not in ROLE_LABELS:
            raise ValueError(f"unknown role {profile.role!r}")
        self._s.setValue("profile/name", profile.name.strip())
        self._s.setValue("profile/credentials", profile.credentials.strip())
        self._s.setValue("profile/role", profile.role)
