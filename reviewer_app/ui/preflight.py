"""Checks made before Qt starts, so a missing system library is one clear sentence.

Qt 6.5+ needs libxcb-cursor and friends for its X11 (xcb) platform plugin. When one is
missing, Qt aborts with "Could not load the Qt platform plugin xcb", which does not say
what to install. This module imports no Qt.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping

# soname -> Debian/Ubuntu package, in the order Qt's xcb plugin links them.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
}

NO_CHECK_PLATFORMS = ("offscreen", "minimal", "vnc", "linuxfb", "eglfs")


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(loadable: Callable[[str], bool] = _loadable) -> list[str]:
    """The libraries Qt's xcb plug-in needs that this system cannot load, by the exact
    names it loads them (loading one that is there takes well under a millisecond; asking
    ``ctypes.util.find_library`` runs ``ldconfig -p`` each time, 20 ms for the list)."""
    return [soname for soname in XCB_LIBRARIES if not loadable(soname)]


def install_command(sonames: list[str]) -> str:
    packages = " ".join(dict.fromkeys(XCB_LIBRARIES[s] for s in sonames))
    return f"sudo apt-get install -y {packages}"


def problem(
    env: Mapping[str, str],
    platform: str = sys.platform,
    loadable: Callable[[str], bool] = _loadable,
) -> str | None:
    """A one-message explanation of why the GUI cannot start here, or None."""
    if not platform.startswith("linux"):
        return None
    qpa = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if qpa in NO_CHECK_PLATFORMS:
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "Reviewer Workstation needs a graphical desktop, but no display was found "
            "(neither DISPLAY nor WAYLAND_DISPLAY is set). Start it from a desktop session; "
            "the command-line tools (reviewer-app case ...) work without one."
        )
    uses_xcb = qpa == "xcb" or (not qpa and not env.get("WAYLAND_DISPLAY"))
    if not uses_xcb:
        return None
    missing = missing_libraries(loadable)
    if not missing:
        return None
    return (
        f"Reviewer Workstation cannot start: the Qt X11 platform needs system libraries "
        f"that are missing: {', '.join(missing)}. Install them with:\n"
        f"  {install_command(missing)}"
    )
