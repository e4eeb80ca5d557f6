"""`reviewer-app --self-test`: prove that this copy of the app works, offline and headless.

It walks one training case through the whole path a reviewer takes (policy, intake,
answers, evaluation, a signed approval letter and its verification), then starts Qt
offscreen, renders the letter with QtPdf and the SVG app icon, and opens and closes the
main window. Run it after installing a wheel or unpacking a bundle: a missing data
file, library or Qt plugin fails a named step.

Everything it makes lives in one temporary folder, removed at the end; the settings,
data and log folders point into it while the test runs.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reviewer_app.casefile import CaseFile
    from reviewer_app.letters.identity import SigningIdentity
    from reviewer_app.policy import PolicyRegistry

log = logging.getLogger(__name__)

DEMO_INTAKE = ("demo", "intake", "dli-relapsed-aml.json")
ACTOR = "Self-Test Trainer, MD"
# A rendered letter page is mostly paper; "ink" outside these bounds means a blank or
# black page, i.e. QtPdf did not really render it.
MIN_INK, MAX_INK = 0.005, 0.6
_DARK_GRAYS = bytes(range(160))
_ISOLATED_DIRS = {
    "REVIEWER_APP_CONFIG_DIR": "config",
    "REVIEWER_APP_DATA_DIR": "data",
    "REVIEWER_APP_LOG_DIR": "logs",
}


class _StepFailed(Exception):
    pass


class _SelfTest:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.registry: PolicyRegistry | None = None
        self.case: CaseFile | None = None
        self.identity: SigningIdentity | None = None
        self.letter_pdf = b""
        self.app: Any = None
        self.previous_qt_handler: Any = None
        self.qt_handler_installed = False

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("policy", self.load_policy),
            ("intake", self.import_demo_intake),
            ("answers", self.confirm_answers),
            ("evaluation", self.evaluate),
            ("identity", self.create_identity),
            ("decision", self.decide),
            ("verification", self.verify),
            ("qt", self.start_qt),
            ("qtpdf", self.render_letter),
            ("app icon", self.app_icon),
            ("main window", self.main_window),
        ]

    # -- the domain, no Qt -----------------------------------------------------------

    def load_policy(self) -> str:
        from reviewer_app.policy import PolicyRegistry
        from reviewer_app.resources import policy_data_dir

        self.registry = PolicyRegistry(policy_data_dir())
        ids = self.registry.ids()
        if not ids:
            raise _StepFailed(f"no policy found in {policy_data_dir()}")
        references = sum(len(self.registry.get(pid).references) for pid in ids)
        return f"policy loaded ({references} references)"

    def import_demo_intake(self) -> str:
        from reviewer_app.casefile.importer import import_intake
        from reviewer_app.intake import load_intake
        from reviewer_app.resources import resource
        from reviewer_app.training.identity import training_signer

        assert self.registry is not None
        intake = load_intake(resource(*DEMO_INTAKE))
        path = self.workdir / "self-test.umcase"
        signer = training_signer()  # a training case's entries: the trainer's
        self.case = import_intake(intake, path, self.registry, ACTOR, training=True, signer=signer)
        return f"demo intake imported as a training case ({self.case.case_id})"

    def confirm_answers(self) -> str:
        assert self.case is not None
        confirmed = self.case.confirm(None, ACTOR)
        return f"intake answers confirmed ({len(confirmed)})"

    def evaluate(self) -> str:
        assert self.case is not None
        outcome = self.case.evaluate().outcome.value
        if outcome != "criteria_met":
            raise _StepFailed(f"expected criteria_met, the engine says {outcome}")
        return f"criteria evaluated ({outcome})"

    def create_identity(self) -> str:
        from reviewer_app.letters.identity import create_identity, load_identity

        passphrase = secrets.token_hex(16).encode("ascii")
        path = create_identity(
            name="Self-Test Trainer",
            credentials="MD",
            role="trainer",
            passphrase=passphrase,
            out_path=self.workdir / "self-test-identity.p12",
        )
        self.identity = load_identity(path, passphrase)
        return "throwaway signing identity created"

    def decide(self) -> str:
        from reviewer_app.casefile import determinations
        from reviewer_app.decisions.rules import Decision
        from reviewer_app.decisions.service import decide
        from reviewer_app.letters.content import demo_organization

        assert self.case is not None and self.identity is not None
        now = dt.datetime.now(dt.UTC)
        row = decide(self.case, Decision.APPROVE, "", self.identity, demo_organization(), now)
        if row.id is None:
            raise _StepFailed("the letter was not stored")
        self.letter_pdf = determinations.letter_pdf(self.case, row.id)
        return f"approval letter rendered and signed ({len(self.letter_pdf):,} bytes)"

    def verify(self) -> str:
        from reviewer_app.decisions.trust import TrustAnchors
        from reviewer_app.decisions.verification import verify_case_letter

        assert self.case is not None and self.identity is not None
        # a self-signed trainer on a training case: intact, and a training letter only
        check = verify_case_letter(self.case, TrustAnchors(), training=True)
        if not check.ok:
            raise _StepFailed(check.reason)
        return "letter signature verified"

    # -- Qt, offscreen ---------------------------------------------------------------

    def start_qt(self) -> str:
        from PySide6.QtCore import qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        # Qt's own chatter (the offscreen platform's warnings) goes to the log, so the
        # output stays one line per step.
        self.previous_qt_handler = qInstallMessageHandler(_log_qt_message)
        self.qt_handler_installed = True
        from reviewer_app.ui.application import ReviewerApplication

        self.app = QApplication.instance() or ReviewerApplication(["reviewer-app-self-test"])
        return f"Qt started ({QApplication.platformName()} platform)"

    def render_letter(self) -> str:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
        from PySide6.QtGui import QColor, QImage, QPainter
        from PySide6.QtPdf import QPdfDocument

        buffer = QBuffer()
        buffer.setData(QByteArray(self.letter_pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            raise _StepFailed(f"QtPdf could not open the letter ({document.error().name})")
        points = document.pagePointSize(0)
        size = QSize(round(points.width()), round(points.height()))
        rendered = document.render(0, size)
        if rendered.isNull():
            raise _StepFailed("QtPdf returned no image for page 1")
        # The page comes back with a transparent background: lay it on paper first.
        page = QImage(size, QImage.Format.Format_RGB32)
        page.fill(QColor(Qt.GlobalColor.white))
        painter = QPainter(page)
        painter.drawImage(0, 0, rendered)
        painter.end()
        ink = _ink_fraction(page)
        pages = document.pageCount()
        document.close()
        buffer.close()
        if not MIN_INK <= ink <= MAX_INK:
            raise _StepFailed(f"page 1 looks blank or damaged ({ink:.1%} ink)")
        return f"letter page 1 rendered with QtPdf ({pages} pages, {ink:.1%} ink)"

    def app_icon(self) -> str:
        from PySide6.QtGui import QIcon

        from reviewer_app.resources import resource

        pixmap = QIcon(str(resource("icons", "reviewer-workstation.svg"))).pixmap(64, 64)
        if pixmap.isNull():
            raise _StepFailed("the SVG app icon did not render (Qt svg plugin missing?)")
        return "app icon rendered (SVG)"

    def main_window(self) -> str:
        """Build the real main window, as the GUI entry point wires it, show it, close it.

        Only the window: ``make_application`` would restyle and rename a QApplication
        that may belong to the caller.
        """
        from PySide6.QtCore import QSettings

        from reviewer_app.ui.app_settings import AppSettings
        from reviewer_app.ui.run import build_window, stylesheet

        assert self.registry is not None
        stylesheet()  # the app's QSS is shipped
        workspace = self.workdir / "cases"
        workspace.mkdir()
        store = QSettings(str(self.workdir / "settings.ini"), QSettings.Format.IniFormat)
        settings = AppSettings(store, default_folder=workspace)
        window = build_window(settings, self.registry, self.workdir / "workspace-index.sqlite")
        window.show()
        self.app.processEvents()
        title = window.windowTitle()
        window.close()
        window.deleteLater()
        self.app.processEvents()
        return f"main window opened and closed ({title or 'untitled'})"

    def close(self) -> None:
        if self.case is not None:
            self.case.close()
            self.case = None
        if self.qt_handler_installed:
            from PySide6.QtCore import qInstallMessageHandler

            qInstallMessageHandler(self.previous_qt_handler)
            self.qt_handler_installed = False


def _log_qt_message(kind: Any, context: Any, message: str) -> None:
    log.debug("Qt %s: %s", getattr(kind, "name", kind), message)


def _ink_fraction(image: Any) -> float:
    from PySide6.QtGui import QImage

    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    bits = bytes(gray.constBits())
    rows = b"".join(bits[row * stride : row * stride + width] for row in range(height))
    paper = rows.translate(None, _DARK_GRAYS)  # what is left once the dark pixels are gone
    return (len(rows) - len(paper)) / max(len(rows), 1)


@contextmanager
def _environment(values: dict[str, str], *, only_if_unset: set[str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    for name, value in values.items():
        if name in only_if_unset and os.environ.get(name):
            continue
        os.environ[name] = value
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def run_self_test() -> int:
    """Run every step, one line each; 0 when all pass, 1 at the first failure."""
    with ExitStack() as stack:
        workdir = Path(
            stack.enter_context(
                tempfile.TemporaryDirectory(
                    prefix="reviewer-self-test-", ignore_cleanup_errors=True
                )
            )
        )
        env = {name: str(workdir / sub) for name, sub in _ISOLATED_DIRS.items()}
        env["QT_QPA_PLATFORM"] = "offscreen"
        stack.enter_context(_environment(env, only_if_unset={"QT_QPA_PLATFORM"}))
        test = _SelfTest(workdir)
        stack.callback(test.close)
        for name, step in test.steps():
            try:
                message = step()
            except Exception as exc:
                reason = str(exc) if isinstance(exc, _StepFailed) else _describe(exc)
                print(f"SELF-TEST FAILED: {name}: {reason}", flush=True)
                return 1
            print(f"ok  {message}", flush=True)
    print("SELF-TEST PASSED", flush=True)
    return 0


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
