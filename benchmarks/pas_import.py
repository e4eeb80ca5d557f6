"""Importing a Da Vinci PAS request Bundle next to importing the same request as intake JSON.

Both go through ``load_intake`` + ``import_intake``, as `case import` does, interleaved so
both see the same disk and load; the intake file is the very document the Bundle maps to
(``tests/data/fhir``), so the difference is the FHIR reading, validation and mapping.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from benchmarks.fixtures import ACTOR, REPO, Layout
from benchmarks.measure import Stat, time_ms
from benchmarks.report import Budget, Figure
from reviewer_app.casefile import CaseFile
from reviewer_app.policy import PolicyRegistry

FHIR_DIR = REPO / "tests" / "data" / "fhir"
PAS_BUNDLE = FHIR_DIR / "pas-dli-relapsed-aml.json"
SAME_AS_INTAKE = FHIR_DIR / "pas-dli-relapsed-aml.intake.json"
WARMUP = 3


def pas_import(layout: Layout, reg: PolicyRegistry, repeat: int) -> Figure:
    from reviewer_app.casefile.importer import import_intake
    from reviewer_app.intake import load_intake

    folder = layout.scratch / "pas-imports"
    folder.mkdir(parents=True, exist_ok=True)
    counter = itertools.count()
    opened: list[CaseFile] = []

    def importer(source: Path) -> None:
        dest = folder / f"import-{next(counter)}.umcase"
        opened.append(import_intake(load_intake(source), dest, reg, ACTOR))

    def close() -> None:
        while opened:
            opened.pop().close()

    for _ in range(WARMUP):
        time_ms(lambda: importer(PAS_BUNDLE), 1, teardown=close)
        time_ms(lambda: importer(SAME_AS_INTAKE), 1, teardown=close)
    ours: list[float] = []
    base: list[float] = []
    for _ in range(repeat):
        ours += time_ms(lambda: importer(PAS_BUNDLE), 1, teardown=close)
        base += time_ms(lambda: importer(SAME_AS_INTAKE), 1, teardown=close)
    return Figure(
        "pas_import",
        "importing a PAS request Bundle with a DTR QuestionnaireResponse (`case import`)",
        Stat.of(ours, "ms"),
        Budget("ratio ≤ 2", max_ratio=2),
        baseline=Stat.of(base, "ms"),
        baseline_title="importing the equivalent umcase-intake/1 JSON",
    )
