"""Render the main screens to PNG, offscreen: ``python -m reviewer_app.ui.screenshots DIR``.

Builds a throwaway workspace from the bundled demo intake requests (synthetic members),
opens the window at 1440x900 and saves workspace.png, case-view.png (checklist and the
policy with a highlighted source), references.png and audit.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

SIZE = (1440, 900)
DEMO_CASE = "UM-2026-100001"


def _wait(app: object, done: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get ready in time")
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def _demo_intakes() -> list[Path]:
    from reviewer_app.resources import resource

    return sorted(resource("demo", "intake").glob("*.json"))


def render(out_dir: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from reviewer_app.casefile.importer import case_id_for, import_intake
    from reviewer_app.intake import load_intake
    from reviewer_app.policy import PolicyRegistry
    from reviewer_app.resources import policy_data_dir
    from reviewer_app.review.answers import Answer, Evidence, Reply
    from reviewer_app.ui.app_settings import AppSettings, ReviewerProfile
    from reviewer_app.ui.case.case_view import AUDIT_TAB
    from reviewer_app.ui.run import build_window, make_application

    app = make_application(["screenshots"])
    out_dir.mkdir(parents=True, exist_ok=True)
    registry = PolicyRegistry(policy_data_dir())
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="rw-shots-") as tmp:
        root = Path(tmp)
        workspace = root / "cases"
        workspace.mkdir()
        for intake_path in _demo_intakes():
            intake = load_intake(intake_path)
            dest = workspace / f"{case_id_for(intake)}.umcase"
            import_intake(intake, dest, registry, "Intake import").close()
        store = QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat)
        settings = AppSettings(store, default_folder=workspace)
        settings.set_workspace_folder(workspace)
        settings.set_profile(ReviewerProfile("Pat Rivera", "RN, CCM", "nurse_reviewer"))

        window = build_window(settings, registry, root / "index.sqlite")
        window.resize(*SIZE)
        window.show()
        _wait(app, lambda: window.workspace.model.rowCount() == len(_demo_intakes()))
        window.workspace.view.table.selectRow(0)

        def shoot(name: str) -> None:
            app.processEvents()
            path = out_dir / name
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            saved.append(path)

        shoot("workspace.png")

        window.open_path(workspace / f"{DEMO_CASE}.umcase")
        view = window.case_view
        assert view is not None
        case = view.case
        case.confirm(["dli.allogeneic_hsct", "dli.hematologic_malignancy"], "Pat Rivera, RN, CCM")
        case.set_answer(
            "dli.same_donor",
            Answer(
                reply=Reply.YES,
                note="Product and transplant donor IDs match (DNR-0042).",
                evidence=Evidence(document="Cell therapy lab request", value="DNR-0042"),
            ),
            "Pat Rivera, RN, CCM",
        )
        view.checklist.reload()
        view.audit.reload()
        view.select_criterion("dli.relapsed")
        shoot("case-view.png")

        view.pane.show_reference(1)  # type: ignore[attr-defined]
        shoot("references.png")

        view.tabs.setCurrentIndex(AUDIT_TAB)
        shoot("audit.png")
        window.close()
    return saved


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out_dir = (Path(args[0]) if args else Path("docs/screenshots")).absolute()
    with tempfile.TemporaryDirectory(prefix="rw-shots-home-") as home:
        # Settings, caches and logs of this throwaway session stay out of the user's own.
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[var] = str(Path(home) / var.lower())
        os.environ.setdefault("REVIEWER_APP_LOG_DIR", str(Path(home) / "logs"))
        for path in render(out_dir):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
