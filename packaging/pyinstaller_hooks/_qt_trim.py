"""Which Qt plugins, libraries and translations the bundle keeps.

PyInstaller's Qt hooks collect every plugin of each kind a Qt module may use, and then
collect those plugins' own library dependencies (the GTK3 platform theme alone drags
in cairo, pango and glib from the build machine). The hooks next to this file run the
stock collection and pass its result through ``keep()`` *before* that dependency
analysis, so a dropped plugin brings nothing with it. The spec applies ``keep()`` to
the final lists too (translations are plain data files).
"""

from __future__ import annotations

from typing import Any

# Qt's files sit under PySide6/Qt/ (Linux, macOS) or straight under PySide6/ (Windows).
QT_DIRS = ("PySide6/Qt/", "PySide6/")
# Plugin folders kept; every other folder under plugins/ is dropped.
KEEP_PLUGINS = {
    "platforms",  # offscreen (self-test), xcb + wayland (Linux), windows, cocoa
    "platformthemes",  # desktop portal file dialogs (Linux), native look elsewhere
    "platforminputcontexts",  # compose key and IBus input (Linux)
    "imageformats",  # svg icons; jpeg/gif/ico for logos and window icons
    "iconengines",  # svg icon engine
    "styles",  # native widget styles (Windows, macOS)
    "printsupport",  # CUPS printers (Linux); letters are printed
    "xcbglintegrations",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-shell-integration",
}
# Single plugins dropped from kept folders (matched against the file name).
DROP_PLUGINS = (
    "qminimal",  # platforms: debugging and embedded targets
    "qvnc",
    "qlinuxfb",
    "qeglfs",
    "qvkkhrdisplay",
    "qgtk3",  # platformthemes: needs the host's GTK3, cairo and pango
    "qpdf",  # imageformats: PDFs are rendered through QtPdf, not QImage
    "qtga",
    "qwbmp",
    "qicns",
    "qtiff",
    "qwebp",
)
# Qt libraries only the dropped plugins needed (the name without lib prefix/suffix).
DROP_QT_LIBS = ("Qt6EglFSDeviceIntegration", "Qt6EglFsKmsSupport", "Qt6Quick", "Qt6Qml")
# Qt's own translations: the UI is English only, as are Qt's built-in strings.
KEEP_TRANSLATIONS: set[str] = set()


def keep(dest: str) -> bool:
    """Whether a file at ``dest`` (a path inside the bundle) belongs in the bundle."""
    path = dest.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if any(name.startswith((f"lib{lib}.", f"{lib}.")) for lib in DROP_QT_LIBS):
        return False
    prefix = next((p for p in QT_DIRS if path.startswith(p)), None)
    if prefix is None:
        return True
    inner = path[len(prefix) :]
    if inner.startswith("translations/"):
        return name.split("_", 1)[0] in KEEP_TRANSLATIONS
    if inner.startswith("plugins/"):
        kind = inner.split("/")[1]
        return kind in KEEP_PLUGINS and not any(drop in name for drop in DROP_PLUGINS)
    return True


def trimmed_qt6_dependencies(hook_file: str) -> tuple[list[str], list[Any], list[Any]]:
    """PyInstaller's stock Qt 6 collection for the hook's module, less what keep() drops."""
    from PyInstaller.utils.hooks.qt import add_qt6_dependencies

    hiddenimports, binaries, datas = add_qt6_dependencies(hook_file)
    return (
        hiddenimports,
        [entry for entry in binaries if keep(_dest_path(entry))],
        [entry for entry in datas if keep(_dest_path(entry))],
    )


def _dest_path(entry: tuple[str, str]) -> str:
    """A hook entry is (source file, destination folder): the file's path in the bundle."""
    source, folder = entry
    return f"{folder.rstrip('/')}/{source.replace(chr(92), '/').rsplit('/', 1)[-1]}"
