"""Hostile intakes, made by hand: each ends in exit 2 with one line naming the file or the
field and the problem, no traceback, no PHI, and no file left in the output folder.

The command line runs in-process (``reviewer_app.cli.main``); see test_intake_fuzz.py for
generated intakes and test_new_passphrases.py for passphrases and odd intake files.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_helpers import NAME, assert_refused, base, changed, dumped, raw_field, run_import

from reviewer_app.intake import IntakeError
from reviewer_app.intake.schema_check import check_schema, max_file_bytes, schema

from helpers import INTAKE_DIR

# The team's shared examples sit beside the checkout (in CI too, as a copy of shared/).
SHARED_EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples" / "intake"

Case = tuple[str, Callable[[], bytes], tuple[str, ...]]

CASES: list[Case] = [
    # Structure and numbers that json.loads would take or crash on
    ("nested-10000", lambda: b"[" * 10_000 + b"]" * 10_000, ("request.json", "nested")),
    (
        "nested-in-a-field",
        lambda: raw_field("clinical.notes", "[" * 10_000 + "]" * 10_000),
        ("request.json", "nested"),
    ),
    ("5000-digit-integer", lambda: raw_field("service.units", "9" * 5000), ("5000 digits",)),
    ("nan", lambda: raw_field("clinical.chimerism_percent_donor", "NaN"), ("NaN",)),
    ("infinity", lambda: raw_field("clinical.chimerism_percent_donor", "Infinity"), ("Infinity",)),
    ("minus-infinity", lambda: raw_field("service.units", "-Infinity"), ("-Infinity",)),
    ("1e999", lambda: raw_field("clinical.chimerism_percent_donor", "1e999"), ("too large",)),
    ("units-1.0", lambda: raw_field("service.units", "1.0"), ("service.units", "whole number")),
    (
        "duplicate-top-level-key",
        lambda: dumped(base()).replace(b'"urgency": ', b'"urgency": "expedited", "urgency": '),
        ("duplicate key 'urgency'",),
    ),
    (
        "duplicate-member-name",
        lambda: dumped(base()).replace(b'"name": "Zelda', b'"name": "Other", "name": "Zelda', 1),
        ("duplicate key 'name'",),
    ),
    # Text no field may hold
    (
        "lone-surrogate",
        lambda: raw_field("member.name", '"\\ud800Zelda"'),
        ("member.name", "surrogate"),
    ),
    (
        "lone-surrogate-in-a-key",
        lambda: raw_field("clinical.transplant", '{"type": "none", "\\udfff": 1}'),
        ("clinical.transplant", "surrogate"),
    ),
    ("escape-in-name", lambda: changed("member.name", "Zelda\x1b[2J"), ("member.name", "control")),
    ("nul-in-city", lambda: changed("member.address.city", "Gotham\x00"), ("member.address.city",)),
    ("bidi-override", lambda: changed("member.name", "Zelda \u202eevil"), ("member.name", "bidi")),
    ("line-separator", lambda: changed("member.id", "M-1\u2028M-2"), ("member.id", "line break")),
    # Values that pass a ^...$ pattern in Python's re.search with a trailing newline
    ("cpt-newline", lambda: changed("service.cpt", "38242\n"), ("service.cpt",)),
    ("npi-newline", lambda: changed("requesting_provider.npi", "1234567893\n"), ("npi",)),
    ("postal-newline", lambda: changed("member.address.postal_code", "62701\n"), ("postal_code",)),
    ("case-id-newline", lambda: changed("case_id", "UM-1\n"), ("case_id",)),
    ("language-newline", lambda: changed("member.preferred_language", "en\n"), ("language",)),
    # Timestamps and dates out of range or in the wrong order
    (
        "received-9999",
        lambda: changed("received_at", "9999-12-31T23:59:59Z"),
        ("received_at", "2000 to 2100"),
    ),
    (
        "received-0001-offset",
        lambda: changed("received_at", "0001-01-01T00:00:00+05:00"),
        ("received_at", "2000 to 2100"),
    ),
    (
        "received-1999",
        lambda: changed("received_at", "1999-12-31T23:00:00-05:00"),
        ("received_at",),
    ),
    ("received-week-date", lambda: changed("received_at", "2026-W47-1T10:00Z"), ("received_at",)),
    (
        "date-of-service-9999",
        lambda: changed("service.date_of_service", "9999-12-31"),
        ("service",),
    ),
    ("transplant-0001", lambda: changed("clinical.transplant.date", "0001-01-01"), ("transplant",)),
    ("compact-date", lambda: changed("member.date_of_birth", "19610704"), ("date_of_birth",)),
    ("dob-2090", lambda: changed("member.date_of_birth", "2090-01-01"), ("date_of_birth",)),
    (
        "dob-after-received",  # received 2026-11-20, served 2026-12-03
        lambda: changed("member.date_of_birth", "2026-11-25"),
        ("member.date_of_birth", "future"),
    ),
    ("dob-1850", lambda: changed("member.date_of_birth", "1850-01-01"), ("date_of_birth",)),
    (
        "transplant-before-birth",
        lambda: changed("clinical.transplant.date", "1950-01-01"),
        ("clinical.transplant.date", "birth"),
    ),
    # Codes
    (
        "npi-check-digit",
        lambda: changed("requesting_provider.npi", "1234567890"),
        ("requesting_provider.npi", "check digit"),
    ),
    ("npi-arabic-digits", lambda: changed("requesting_provider.npi", "١٢٣٤٥٦٧٨٩٣"), ("npi",)),
    # Blank text
    ("blank-name", lambda: changed("member.name", "   "), ("member.name", "blank")),
    ("nbsp-name", lambda: changed("member.name", "\u00a0\u2003"), ("member.name", "blank")),
    ("zero-width-name", lambda: changed("member.name", "\u200b"), ("member.name", "blank")),
    ("blank-line1", lambda: changed("member.address.line1", " "), ("member.address.line1",)),
    ("tab-provider", lambda: changed("requesting_provider.name", "\t"), ("requesting_provider",)),
    ("blank-description", lambda: changed("diagnoses.0.description", "  "), ("diagnoses.0",)),
    ("blank-state", lambda: changed("member.address.state", "  "), ("member.address.state",)),
    ("blank-donor", lambda: changed("clinical.product_donor_id", " "), ("product_donor_id",)),
    ("empty-name", lambda: changed("member.name", ""), ("member.name", "empty")),
    # Sizes
    ("name-201", lambda: changed("member.name", "Z" * 201), ("member.name", "too long")),
    (
        "notes-20001",
        lambda: changed("clinical.notes", "n" * 20_001),
        ("clinical.notes", "too long"),
    ),
    (
        "26-diagnoses",
        lambda: changed("diagnoses", [{"icd10": "C92.02", "description": "AML"}] * 26),
        ("diagnoses", "too many"),
    ),
    ("file-over-limit", lambda: dumped(base()) + b" " * max_file_bytes(), ("too large",)),
    # Not an intake at all
    ("empty-file", lambda: b"", ("request.json", "not valid JSON")),
    ("not-utf8", lambda: b'{"schema": "\xff\xfe"}', ("request.json", "UTF-8")),
    ("top-level-array", lambda: b"[]", ("top level",)),
    ("truncated", lambda: dumped(base())[:200], ("request.json", "not valid JSON")),
    # Wrong types and values, without quoting them
    ("name-as-list", lambda: changed("member.name", [NAME]), ("member.name", "expected string")),
    ("sex-unknown", lambda: changed("member.sex", NAME), ("member.sex", "unknown value")),
    ("member-missing", lambda: changed("member", ...), ("member", "missing")),
    ("null-city", lambda: changed("member.address.city", None), ("member.address.city",)),
    (
        "unknown-key-with-phi",
        lambda: changed(f"member.{NAME}", "x"),
        ("member.", "unexpected field"),
    ),
    ("bool-units", lambda: changed("service.units", True), ("service.units",)),
]


@pytest.mark.parametrize(("name", "make", "named"), CASES, ids=[c[0] for c in CASES])
def test_hostile_intake_is_one_clear_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    make: Callable[[], bytes],
    named: tuple[str, ...],
) -> None:
    status, err = run_import(tmp_path, capsys, make())
    assert_refused(status, err, tmp_path, *named)


def test_the_base_intake_of_these_tests_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, err = run_import(tmp_path, capsys, dumped(base()))
    assert status == 0, err
    assert (tmp_path / "out" / "new.umcase").is_file()


def test_an_intake_at_every_limit_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = base()
    data["member"]["name"] = "Z" * 200
    data["clinical"]["notes"] = "Line one.\nLine two.\t" + "n" * 19_980
    data["diagnoses"] = [{"icd10": "C92.02", "description": "d" * 500}] * 25
    data["member"]["address"]["line2"] = ""  # optional text may be empty
    status, err = run_import(tmp_path, capsys, dumped(data))
    assert status == 0, err


def test_a_byte_order_mark_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = run_import(tmp_path, capsys, b"\xef\xbb\xbf" + dumped(base()))
    assert status == 0, err


def test_patterns_match_the_whole_text_even_without_the_character_checks() -> None:
    data = copy.deepcopy(base())
    data["service"]["cpt"] = "38242\n"  # check_schema alone: no control-character check first
    with pytest.raises(IntakeError, match=r"^service\.cpt: .*not in the expected format"):
        check_schema(data)


def test_the_schema_states_its_limits() -> None:
    s = schema()
    assert s["x-maxFileBytes"] == max_file_bytes() == 512 * 1024
    member = s["properties"]["member"]["properties"]
    assert member["name"]["maxLength"] == 200
    assert s["properties"]["diagnoses"]["maxItems"] == 25
    assert s["properties"]["clinical"]["properties"]["notes"]["maxLength"] == 20_000


def _all_strings_limited(node: Any, path: str) -> list[str]:
    """Paths of string fields in the schema that have neither maxLength nor a pattern
    that bounds them (an enum or const bounds itself)."""
    if not isinstance(node, dict):
        return []
    found = []
    if node.get("type") == "string" and "maxLength" not in node:
        pattern = node.get("pattern", "")
        if not (pattern.startswith("^") and pattern.endswith("$")):
            found.append(path)
    if node.get("type") == "array" and "maxItems" not in node:
        found.append(path)
    for key, child in node.get("properties", {}).items():
        found += _all_strings_limited(child, f"{path}.{key}")
    found += _all_strings_limited(node.get("items"), f"{path}[]")
    return found


def test_every_string_and_array_in_the_schema_has_a_size_limit() -> None:
    assert _all_strings_limited(schema(), "") == []


@pytest.mark.parametrize(
    "path",
    [
        *sorted(INTAKE_DIR.glob("*.json")),
        *sorted(SHARED_EXAMPLES.glob("*.json")),
        *sorted((Path(__file__).parents[1] / "resources" / "demo" / "intake").glob("*.json")),
        *sorted(
            (Path(__file__).parents[1] / "resources" / "demo" / "library").glob("DEMO-*[0-9].json")
        ),
    ],
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)
def test_every_shipped_example_still_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    status, err = run_import(tmp_path, capsys, path.read_bytes())
    assert status == 0, err
