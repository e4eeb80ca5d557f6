"""Before Qt starts: the preflight check names what is missing in one sentence."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest


def test_preflight_names_exactly_the_missing_libraries() -> None:
    from reviewer_app.ui import preflight

    missing = {"libxcb-cursor.so.0", "libxcb-keysyms.so.1"}
    tried: list[str] = []

    def loadable(soname: str) -> bool:
        tried.append(soname)
        return soname not in missing

    message = preflight.problem({"DISPLAY": ":0"}, "linux", loadable=loadable)
    assert message is not None
    assert "libxcb-cursor.so.0, libxcb-keysyms.so.1" in message
    assert "libxcb-icccm" not in message
    assert message.strip().endswith("sudo apt-get install -y libxcb-cursor0 libxcb-keysyms1")
    assert tried == list(preflight.XCB_LIBRARIES)  # each by the exact name Qt loads


def test_preflight_display_and_platform_rules() -> None:
    from reviewer_app.ui import preflight

    everything: Callable[[str], bool] = lambda _soname: True  # noqa: E731
    nothing: Callable[[str], bool] = lambda _soname: False  # noqa: E731
    no_display = preflight.problem({}, "linux", everything)
    assert no_display is not None and "no display was found" in no_display
    assert preflight.problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", nothing) is None
    assert preflight.problem({"QT_QPA_PLATFORM": "minimal"}, "linux", nothing) is None
    assert preflight.problem({"DISPLAY": ":0"}, "linux", everything) is None
    assert preflight.problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", nothing) is None
    assert preflight.problem({}, "win32", nothing) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11/Wayland check")
def test_run_gui_stops_with_one_message_when_there_is_no_display(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewer_app.ui.run import run_gui

    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert run_gui([]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no display was found" in err
