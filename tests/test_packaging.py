"""Packaging: desktop integration files, icons, version plumbing and the PyInstaller bundle."""

from __future__ import annotations

import configparser
import importlib.util
import os
import plistlib
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from helpers import make_case

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
APP_ID = "org.example.ReviewerWorkstation"
DESKTOP = LINUX / f"{APP_ID}.desktop"
MIME_XML = LINUX / "x-umcase.xml"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
ICON_SIZES = (16, 32, 48, 64, 128, 256)
NO_PYINSTALLER = "PyInstaller is not installed (pip install -e '.[package]')"


def load_app_meta() -> ModuleType:
    # packaging/ is not a package (it would shadow PyPI's "packaging"): load by path.
    spec = importlib.util.spec_from_file_location("app_meta", PACKAGING / "app_meta.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pyproject_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"])


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


# -- the .desktop entry ------------------------------------------------------------------


def test_desktop_entry_opens_case_files_with_reviewer_app() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Reviewer Workstation"
    assert entry["Exec"] == "reviewer-app %f"
    assert entry["MimeType"] == "application/x-umcase;"
    assert entry["Categories"] == "Office;MedicalSoftware;"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils absent")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout


# -- the MIME type -----------------------------------------------------------------------


def mime_type() -> ET.Element:
    root = ET.parse(MIME_XML).getroot()
    (element,) = root.findall("m:mime-type", MIME_NS)
    return element


def _value_bytes(match: ET.Element) -> bytes:
    """A <match> value as bytes, for the types this file uses (string, big32)."""
    kind, value = match.get("type"), match.get("value", "")
    if kind == "string":
        return value.encode("latin-1").decode("unicode_escape").encode("latin-1")
    assert kind == "big32", kind
    return struct.pack(">I", int(value, 0))


def magic_matches(match: ET.Element, data: bytes) -> bool:
    """shared-mime-info semantics: this match holds, and so does one of its children."""
    start, _, end = match.get("offset", "0").partition(":")
    wanted = _value_bytes(match)
    here = any(
        data[at : at + len(wanted)] == wanted for at in range(int(start), int(end or start) + 1)
    )
    children = match.findall("m:match", MIME_NS)
    return here and (not children or any(magic_matches(c, data) for c in children))


def test_mime_type_names_umcase_files() -> None:
    element = mime_type()
    assert element.get("type") == "application/x-umcase"
    assert [g.get("pattern") for g in element.findall("m:glob", MIME_NS)] == ["*.umcase"]
    assert element.findtext("m:comment", namespaces=MIME_NS) == "Reviewer Workstation case file"


def test_mime_magic_is_sqlite_header_plus_application_id() -> None:
    (magic,) = mime_type().findall("m:magic", MIME_NS)
    assert int(magic.get("priority", "50")) > 50  # above the generic application/vnd.sqlite3
    (outer,) = magic.findall("m:match", MIME_NS)
    assert (outer.get("type"), outer.get("offset")) == ("string", "0")
    assert _value_bytes(outer) == b"SQLite format 3\x00"
    (inner,) = outer.findall("m:match", MIME_NS)
    assert (inner.get("type"), inner.get("offset")) == ("big32", "68")
    assert _value_bytes(inner) == b"UMC1"


def test_mime_magic_matches_a_real_case_file_and_not_plain_sqlite(tmp_path: Path) -> None:
    import sqlite3

    from reviewer_app.casefile.format import APPLICATION_ID

    case = make_case(tmp_path)
    head = case.read_bytes()[:100]
    assert head[0:16] == b"SQLite format 3\x00"
    assert struct.unpack(">I", head[68:72])[0] == APPLICATION_ID == 0x554D4331

    (magic,) = mime_type().findall("m:magic", MIME_NS)
    (outer,) = magic.findall("m:match", MIME_NS)
    assert magic_matches(outer, head)

    plain = tmp_path / "plain.sqlite"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert not magic_matches(outer, plain.read_bytes()[:100])


@pytest.mark.skipif(
    not (shutil.which("update-mime-database") and shutil.which("gio")),
    reason="shared-mime-info or gio (libglib2.0-bin) absent",
)
def test_desktop_sniffs_a_renamed_case_file_as_umcase(tmp_path: Path) -> None:
    data_home = tmp_path / "share"
    (data_home / "mime" / "packages").mkdir(parents=True)
    shutil.copy(MIME_XML, data_home / "mime" / "packages")
    subprocess.run(["update-mime-database", str(data_home / "mime")], check=True)
    renamed = tmp_path / "renamed.bin"
    renamed.write_bytes(make_case(tmp_path).read_bytes())
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    done = subprocess.run(
        ["gio", "info", "-a", "standard::content-type", str(renamed)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "standard::content-type: application/x-umcase" in done.stdout


# -- AppStream ---------------------------------------------------------------------------


def test_metainfo_describes_the_desktop_app() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == DESKTOP.stem == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("provides/mediatype") == "application/x-umcase"
    assert root.findtext("provides/binary") == "reviewer-app"
    release = root.find("releases/release")
    assert release is not None and release.get("version") == pyproject_version()


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream absent")
def test_metainfo_passes_appstreamcli_validate() -> None:
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- icons -------------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.mark.parametrize("size", ICON_SIZES)
def test_linux_icon_has_its_size(size: int) -> None:
    assert png_size(LINUX / "icons" / f"{size}x{size}" / f"{APP_ID}.png") == (size, size)


def test_the_app_svg_icon_is_the_source() -> None:
    svg = ET.parse(ROOT / "resources" / "icons" / "reviewer-workstation.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 256 256"


def test_windows_ico_holds_every_size() -> None:
    data = (PACKAGING / "windows" / "reviewer-app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}  # 0 means 256
    assert sizes == set(ICON_SIZES)


def test_macos_icns_is_well_formed() -> None:
    data = (PACKAGING / "macos" / "reviewer-app.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    kinds, at = set(), 8
    while at < len(data):
        kinds.add(data[at : at + 4])
        at += struct.unpack(">I", data[at + 4 : at + 8])[0]
    assert {b"ic08", b"ic09"} <= kinds  # 256 and 512 px for Retina Finder views


# -- the version, written once -----------------------------------------------------------


def test_windows_version_resource_carries_the_pyproject_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip(
        "PyInstaller", reason="PyInstaller not installed (pip install '.[package]')"
    )
    import PyInstaller.compat

    # The parser is Windows-only by import; it needs neither module to read text.
    monkeypatch.setitem(sys.modules, "pefile", ModuleType("pefile"))
    monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    from PyInstaller.utils.win32 import versioninfo

    meta = load_app_meta()
    version = pyproject_version()
    text = meta.windows_version_text(version, "reviewer-workstation", "Reviewer Workstation")
    text_file = tmp_path / "version-info.txt"
    text_file.write_text(text, "utf-8")
    info = versioninfo.load_version_info_from_text_file(str(text_file))
    major, minor, patch, build = meta.windows_version_tuple(version)
    assert info.ffi.fileVersionMS == (major << 16) | minor
    assert info.ffi.fileVersionLS == (patch << 16) | build
    assert f"StringStruct('ProductVersion', '{version}')" in text


def test_windows_version_tuple_has_four_numbers() -> None:
    meta = load_app_meta()
    assert meta.windows_version_tuple("0.1.0") == (0, 1, 0, 0)
    assert meta.windows_version_tuple("2.10.3rc1+local.7") == (2, 10, 3, 1)
    assert meta.windows_version_tuple("3") == (3, 0, 0, 0)


def test_macos_plist_declares_the_umcase_document_type() -> None:
    meta = load_app_meta()
    plist = plistlib.loads(plistlib.dumps(meta.macos_info_plist(pyproject_version())))
    assert plist["CFBundleShortVersionString"] == pyproject_version()
    (exported,) = plist["UTExportedTypeDeclarations"]
    assert exported["UTTypeIdentifier"] == "org.example.reviewer-workstation.umcase"
    assert set(exported["UTTypeConformsTo"]) == {"public.data", "public.database"}
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == ["umcase"]
    (document,) = plist["CFBundleDocumentTypes"]
    assert document["LSItemContentTypes"] == [exported["UTTypeIdentifier"]]


# -- install.sh --------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="install.sh is the Linux installer")
def test_install_sh_installs_and_uninstalls_for_the_user(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    exe = bundle / "reviewer-workstation"
    exe.write_text("#!/bin/sh\necho 'Reviewer Workstation 9.9.9'\n")
    exe.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    script = str(LINUX / "install.sh")

    subprocess.run(["sh", script, str(bundle)], env=env, check=True, capture_output=True)

    share = home / ".local" / "share"
    command = home / ".local" / "bin" / "reviewer-app"
    done = subprocess.run([str(command)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "Reviewer Workstation 9.9.9"
    desktop = (share / "applications" / DESKTOP.name).read_text("utf-8")
    assert f"Exec={command} %f" in desktop.splitlines()
    assert (share / "mime" / "packages" / "x-umcase.xml").is_file()
    assert (share / "metainfo" / METAINFO.name).is_file()
    for size in ICON_SIZES:
        icon = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(icon) == (size, size)

    subprocess.run(["sh", script, "--uninstall"], env=env, check=True, capture_output=True)
    assert not command.exists() and not command.is_symlink()
    assert not (home / ".local" / "opt" / "reviewer-workstation").exists()
    assert not (share / "applications" / DESKTOP.name).exists()


# -- the bundle --------------------------------------------------------------------------


@pytest.mark.slow
def test_pyinstaller_bundle_builds_and_passes_its_self_test(tmp_path: Path) -> None:
    pytest.importorskip(
        "PyInstaller", reason="PyInstaller not installed (pip install '.[package]')"
    )
    dist, work = tmp_path / "dist", tmp_path / "build"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run(
        [sys.executable, str(PACKAGING / "build.py"), "--dist", str(dist), "--work", str(work)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert done.stdout.splitlines()[-1] == "SELF-TEST PASSED"
    assert "reviewer-workstation bundle:" in (dist / "bundle-size.txt").read_text("utf-8")

    bundle = dist / "reviewer-workstation"
    exe = bundle / ("reviewer-app.exe" if sys.platform == "win32" else "reviewer-workstation")
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"Reviewer Workstation {pyproject_version()}"

    inside = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*")}
    assert any(p.endswith("reviewer_app/_bundled/policy_data") for p in inside)
    # Letters in the member's language: the catalogs and Babel's data for Spanish dates.
    assert any(p.endswith("reviewer_app/locale/es/LC_MESSAGES/letters.mo") for p in inside)
    assert any(p.endswith("babel/locale-data/es_US.dat") for p in inside)
    assert any(
        p.endswith("reviewer_app/_bundled/resources/icons/reviewer-workstation.svg") for p in inside
    )
    names = {p.rsplit("/", 1)[-1] for p in inside}
    assert not any(n.startswith(("QtNetwork.", "QtQml.", "QtQuick.", "libqgtk3")) for n in names)
    # Qt's own translations (qt_*.qm) are left out; the letters' catalogs and the policy's
    # translation are the app's data.
    assert not any("tkinter" in p or p.endswith(".qm") for p in inside)
