"""The first letter of a session, in a new process: what the lazy imports cost.

Run by ``benchmarks.run`` as ``python first_letter.py CASE IDENTITY_P12``. CASE is a
case with its answers confirmed. The domain modules a running app has already loaded
are imported first (not timed); then the clock covers loading the signing identity and
``decide(APPROVE)``, the first use of reportlab and pyHanko in the process.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    case_path, p12 = Path(argv[1]), Path(argv[2])
    from benchmarks.fixtures import IDENTITY_PASSPHRASE, bench_trust
    from benchmarks.qt_driver import emit
    from reviewer_app.casefile import CaseFile
    from reviewer_app.decisions.rules import Decision
    from reviewer_app.decisions.service import decide
    from reviewer_app.letters.content import demo_organization
    from reviewer_app.policy import PolicyRegistry
    from reviewer_app.resources import policy_data_dir

    heavy_before = [m for m in ("reportlab", "pyhanko") if m in sys.modules]
    case = CaseFile.open(case_path, PolicyRegistry(policy_data_dir()))
    trust = bench_trust(p12)
    t0 = time.perf_counter()
    from reviewer_app.letters.identity import load_identity

    identity = load_identity(p12, IDENTITY_PASSPHRASE)
    t1 = time.perf_counter()
    decide(
        case, Decision.APPROVE, "", identity, demo_organization(), dt.datetime.now(dt.UTC), trust
    )
    t2 = time.perf_counter()
    case.close()
    emit(
        {
            "identity_ms": (t1 - t0) * 1000,
            "decide_ms": (t2 - t1) * 1000,
            "total_ms": (t2 - t0) * 1000,
            "heavy_loaded_before": heavy_before,
        }
    )


if __name__ == "__main__":
    main(sys.argv)
