"""Render the main screens to PNG, offscreen: ``python -m reviewer_app.ui.screenshots DIR``.

Builds a throwaway workspace from the 14 synthetic cases of the demo library, opens the
window at 1440x900 and saves workspace.png, case-view.png (checklist and the policy with
a highlighted source), references.png, decision.png and audit.png; then, in training mode,
training-mode.png, walkthrough-presenter.png and quiz-result.png. The same screens (but the
quiz) are saved again at the small sizes of SMALL_SIZES, named e.g. case-view-1024x640.png:
what a laptop or a projector shows.

The library's dates are moved as a block so that "now" falls where SCREENSHOT_NOW falls
among them: a few cases are overdue, the rest are not, and every time shown (received,
due, last change, audit) agrees with the clock the screenshots are taken by.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

SIZE = (1440, 900)
SMALL_SIZES = ((1024, 640), (1366, 768))
DEMO_CASE = "DEMO-0001"
# Where "now" sits among the library's own dates: the first few cases are overdue.
SCREENSHOT_NOW = dt.datetime(2026, 11, 19, 17, 0, tzinfo=dt.UTC)
WALKTHROUGH_CASE, WALKTHROUGH_STEP = "DEMO-0008", 1
QUIZ_CASE, QUIZ_TRAINEE = "DEMO-0004", "Sam Trainee"


def _wait(app: object, done: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get ready in time")
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def _settle(app: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _grab(app: Any, widget: Any, path: Path, saved: list[Path]) -> None:
    app.processEvents()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    saved.append(path)


def _shift_dates(data: dict[str, Any], delta: dt.timedelta) -> dict[str, Any]:
    """The intake with its received time moved by ``delta``, and its other dates (date of
    service, transplant) by as many whole days, so they keep their order."""
    received = dt.datetime.fromisoformat(str(data["received_at"]).replace("Z", "+00:00"))
    data["received_at"] = (received + delta).isoformat().replace("+00:00", "Z")
    days = dt.timedelta(days=round(delta / dt.timedelta(days=1)))
    service, transplant = data["service"], data.get("clinical", {}).get("transplant") or {}
    for holder, key in ((service, "date_of_service"), (transplant, "date")):
        if holder.get(key):
            holder[key] = (dt.date.fromisoformat(holder[key]) + days).isoformat()
    return data


def _library_as_of_now(source: Path, dest: Path) -> Path:
    """A copy of the demo library whose dates put the real clock at SCREENSHOT_NOW."""
    delta = dt.datetime.now(dt.UTC).replace(microsecond=0) - SCREENSHOT_NOW
    dest.mkdir()
    for path in sorted(source.glob("*.json")):
        if path.name == "index.json" or path.name.endswith(".key.json"):
            shutil.copy(path, dest / path.name)
            continue
        data = _shift_dates(json.loads(path.read_text("utf-8")), delta)
        (dest / path.name).write_text(json.dumps(data, indent=2), "utf-8")
    return dest


def render(out_dir: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from reviewer_app.casefile.importer import import_intake
    from reviewer_app.policy import PolicyRegistry
    from reviewer_app.resources import policy_data_dir
    from reviewer_app.training import load_library
    from reviewer_app.training.library import default_library_folder
    from reviewer_app.ui.app_settings import AppSettings, ReviewerProfile
    from reviewer_app.ui.run import build_window, finish_application, make_application

    app = make_application(["screenshots"])
    finish_application()  # as the start does once the unlock prompt is up
    out_dir.mkdir(parents=True, exist_ok=True)
    registry = PolicyRegistry(policy_data_dir())
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="rw-shots-") as tmp:
        root = Path(tmp)
        library_folder = _library_as_of_now(default_library_folder(), root / "library")
        library = load_library(registry, library_folder)
        workspace = root / "cases"
        workspace.mkdir()
        for demo in library:
            dest = workspace / f"{demo.case_id}.umcase"
            import_intake(demo.intake, dest, registry, "Intake import").close()
        store = QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat)
        settings = AppSettings(store, default_folder=workspace)
        settings.set_workspace_folder(workspace)
        settings.set_profile(ReviewerProfile("Pat Rivera", "RN, CCM", "nurse_reviewer"))

        identity = _session_identity(root)
        window = build_window(settings, registry, root / "index.sqlite", identity=identity)
        window.resize(*SIZE)
        window.show()
        _wait(app, lambda: window.workspace.model.rowCount() == len(library))
        for size in (SIZE, *SMALL_SIZES):
            _render_review(app, window, workspace, size, out_dir, saved)
        window.resize(*SIZE)  # the training screens at the full size

        _render_training(app, window, registry, library_folder, out_dir, saved)
        window.close()
    return saved


def _session_identity(root: Path) -> Any:
    """The reviewer's identity, unlocked for the session as the app asks at the first real
    case (the screenshots' cases are real ones, whose changes the app signs): issued by a
    throwaway authority, whose trust bundle goes in this run's own config folder."""
    from reviewer_app.config import config_dir
    from reviewer_app.decisions.session_signing import SessionSigners
    from reviewer_app.decisions.trust import load_anchors, write_bundle
    from reviewer_app.letters.authority import (
        IssueRequest,
        create_authority,
        issue_identity,
        make_crl,
    )
    from reviewer_app.letters.identity import load_identity
    from reviewer_app.training import demo_identity
    from reviewer_app.ui.security.session_identity import SessionIdentity

    now = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    authority = create_authority("Demo Health Plan", now=now)
    write_bundle(config_dir(), [authority.cert], [make_crl(authority, [], now=now)])
    path = root / "pat-rivera.p12"
    request = IssueRequest("Pat Rivera", "RN, CCM", "nurse_reviewer")
    issue_identity(authority, request, b"screenshots only", path, now=now)
    signers = SessionSigners(lambda: load_anchors(config_dir()), demo_identity)
    signers.set_identity(load_identity(path, b"screenshots only"))
    return SessionIdentity(signers, lambda _parent: signers.identity)


def _suffix(size: tuple[int, int]) -> str:
    return "" if size == SIZE else f"-{size[0]}x{size[1]}"


def _render_review(
    app: Any, window: Any, workspace: Path, size: tuple[int, int], out_dir: Path, saved: list[Path]
) -> None:
    from reviewer_app.decisions.rules import Decision
    from reviewer_app.review.answers import Answer, Evidence, Reply
    from reviewer_app.ui.case.case_view import AUDIT_TAB, DECISION_TAB

    window.resize(*size)
    _settle(app, 0.2)
    window.workspace.view.table.selectRow(0)

    def shoot(name: str) -> None:
        stem, ext = name.rsplit(".", 1)
        _grab(app, window, out_dir / f"{stem}{_suffix(size)}.{ext}", saved)

    shoot("workspace.png")

    window.open_path(workspace / f"{DEMO_CASE}.umcase")
    view = window.case_view
    assert view is not None
    case = view.case
    case.confirm(["dli.allogeneic_hsct", "dli.hematologic_malignancy"], "Pat Rivera, RN, CCM")
    case.set_answer(  # the second size on finds it given: no change, no audit entry
        "dli.same_donor",
        Answer(
            reply=Reply.YES,
            note="Product and transplant donor IDs match (DNR-T-7781).",
            evidence=Evidence(document="Cell therapy lab request", value="DNR-T-7781"),
        ),
        "Pat Rivera, RN, CCM",
    )
    view.checklist.reload()
    view.audit.reload()
    view.select_criterion("dli.relapsed")
    _settle(app, 0.2)
    shoot("case-view.png")

    view.pane.show_reference(1)
    shoot("references.png")

    view.tabs.setCurrentIndex(DECISION_TAB)  # the panel is built as the tab shows
    panel: Any = view.decision
    _wait(app, lambda: bool(panel.preview.has_view()))
    panel.choose(Decision.APPROVE)  # the draft letter in the preview
    _wait(app, lambda: panel.preview.document.pageCount() > 0, seconds=30)
    _settle(app, 1.5)  # the PDF view draws its pages in the background
    shoot("decision.png")

    view.tabs.setCurrentIndex(AUDIT_TAB)
    shoot("audit.png")
    window.close_case()


def _render_training(
    app: Any, window: Any, registry: Any, library_folder: Path, out_dir: Path, saved: list[Path]
) -> None:
    from reviewer_app.decisions.rules import Decision
    from reviewer_app.review.answers import Answer, Reply
    from reviewer_app.training import create_demo_workspace
    from reviewer_app.ui.training.mode import TrainingMode

    mode = window.findChild(TrainingMode)
    assert isinstance(mode, TrainingMode)
    # Made here from the re-dated library; entering training mode keeps what it finds.
    create_demo_workspace(mode.folder, registry, library_folder=library_folder)
    window.actions_.training.open_training.trigger()
    _wait(app, lambda: window.workspace.model.rowCount() == 14)
    window.workspace.view.table.selectRow(0)
    _grab(app, window, out_dir / "training-mode.png", saved)

    walkthrough = mode.open_walkthrough(WALKTHROUGH_CASE)
    assert walkthrough is not None
    walkthrough.go_to(WALKTHROUGH_STEP)
    presenter = walkthrough.open_presenter()
    for size in (SIZE, *SMALL_SIZES):
        presenter.resize(*size)
        _settle(app, 0.2)
        _grab(app, presenter, out_dir / f"walkthrough-presenter{_suffix(size)}.png", saved)
    walkthrough.close()

    assert mode.begin_quiz(QUIZ_TRAINEE, QUIZ_CASE)
    view = window.case_view
    assert view is not None
    actor = "Pat Rivera, RN, CCM"
    view.case.confirm(None, actor)
    view.case.set_answer("dli.high_risk_of_relapse", Answer(reply=Reply.NO), actor)  # a slip
    view.checklist.reload()
    bar = mode.quiz.bar
    bar.decision.setCurrentIndex(bar.decision.findData(Decision.REFER.value))
    result = mode.quiz.finish()
    assert result is not None
    result.resize(1100, 820)
    _grab(app, result, out_dir / "quiz-result.png", saved)
    result.close()
    mode.leave()


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
