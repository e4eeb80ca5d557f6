"""Build the one-folder bundle with PyInstaller, report its size, and run its self-test.

    python packaging/build.py            # what `make package` runs

Writes build/ (PyInstaller's work files) and dist/reviewer-workstation/ (the bundle),
plus dist/bundle-size.txt. Exits non-zero when PyInstaller or the bundle's
``--self-test`` fails.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from app_meta import BUNDLE_NAME, CLI_EXE, ROOT  # packaging/ is sys.path[0] when run as a script

SPEC = ROOT / "packaging" / "reviewer-app.spec"
SELF_TEST_TIMEOUT_S = 300


def bundle_dir(dist: Path) -> Path:
    return dist / BUNDLE_NAME


def cli_executable(dist: Path) -> Path:
    """The bundle's command-line program: on Windows the console build, else the one exe."""
    if sys.platform == "win32":
        return bundle_dir(dist) / f"{CLI_EXE}.exe"
    return bundle_dir(dist) / BUNDLE_NAME


def folder_size(folder: Path) -> int:
    """Bytes on disk for the files under ``folder`` (symlinks not followed), like du -b."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total


def run_pyinstaller(dist: Path, work: Path) -> float:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, check=True)
    return time.monotonic() - started


def run_self_test(dist: Path) -> int:
    exe = cli_executable(dist)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"$ {exe.relative_to(ROOT) if exe.is_relative_to(ROOT) else exe} --self-test")
    done = subprocess.run([str(exe), "--self-test"], env=env, timeout=SELF_TEST_TIMEOUT_S)
    return done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--skip-self-test", action="store_true")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()

    seconds = run_pyinstaller(dist, work)
    size = folder_size(bundle_dir(dist))
    files = sum(1 for p in bundle_dir(dist).rglob("*") if p.is_file())
    report = (
        f"{BUNDLE_NAME} bundle: {size / 2**20:.1f} MiB ({size} bytes) in {files} files; "
        f"PyInstaller took {seconds:.0f} s on {os.cpu_count()} cores ({sys.platform})\n"
    )
    (dist / "bundle-size.txt").write_text(report, "utf-8")
    print(report, end="")
    if args.skip_self_test:
        return 0
    status = run_self_test(dist)
    if status != 0:
        print(f"build.py: the bundle's self-test failed (exit {status})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
