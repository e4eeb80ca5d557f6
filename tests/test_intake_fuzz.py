"""Generated hostile intakes: mutations of a valid request run through ``case import``.

Every run ends in exit 0 (and the case opens) or exit 2 with one line on stderr, no
traceback, no PHI and nothing left in the output folder. The command line runs in-process
so that 500 intakes stay well under a minute.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reviewer_app.cli import main

from helpers import INTAKE_DIR, open_case

EXAMPLES = sorted(INTAKE_DIR.glob("*.json"))
BASES = [json.loads(p.read_text("utf-8")) for p in EXAMPLES]
PHI = sorted(
    {
        value
        for data in BASES
        for value in (
            data["member"]["name"],
            data["member"]["address"]["line1"],
            data["member"]["address"]["city"],
            data["clinical"]["notes"],
        )
    }
)


@dataclass(frozen=True)
class Raw:
    """JSON text written as it is: NaN, 5,000 digits, brackets 20,000 deep."""

    text: str


@dataclass(frozen=True)
class Pairs:
    """An object written from its pairs, so a key can appear twice."""

    items: tuple[tuple[str, Any], ...]


def to_json(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Pairs):
        return "{" + ", ".join(f"{json.dumps(k)}: {to_json(v)}" for k, v in value.items) + "}"
    if isinstance(value, dict):
        return to_json(Pairs(tuple(value.items())))
    if isinstance(value, list):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    return json.dumps(value)  # a str with a lone surrogate is written as its \\u escape


ODD_CHARS = [
    "\ud800", "\udfff", "\x00", "\x1b", "\n", "\r", "\t", "\u2028", "\u202e", "\u2066",
    "\ufeff", "\u200b", "\u00a0", " ", "é", "中", "🙂", "\U0010ffff", "\\", '"', "٣",
]  # fmt: skip
ODD_NUMBERS = [
    "NaN", "Infinity", "-Infinity", "1e999", "-1e999", "9" * 5000, "-" + "9" * 400, "1.0",
    "0", "-0", "1E2", "0.1e-400", "100.0000000001", "-1", "11", "1" + "0" * 20, "5e-324",
]  # fmt: skip
ODD_TEXT = [
    "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+05:00", "2026-02-30", "2026-13-01",
    "2026-11-20T25:00:00Z", "2026-11-20T14:05:00+24:00", "2026-W47-1", "20261120",
    "2026-11-20T14:05:00", "1999-12-31T23:59:59-01:00", "2100-12-31T23:59:59-12:00",
    "38242\n", "1234567893\n", "1234567890", "0000000000", "C92.02\n", "en\n", "",
    " ", "\t", "x" * 70_000, "urgent", "standard", "allogeneic", "null",
]  # fmt: skip

odd_text = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.text(st.sampled_from(ODD_CHARS), max_size=8),
    st.text(max_size=30),
    st.builds(lambda c, n: c * n, st.sampled_from([*ODD_CHARS, "Z"]), st.integers(0, 25_000)),
)
odd_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(ODD_NUMBERS).map(Raw),
    odd_text,
)
odd_value = st.one_of(
    odd_scalar,
    st.lists(odd_scalar, max_size=4),
    st.dictionaries(st.text(max_size=5), odd_scalar, max_size=3),
    st.integers(1, 20_000).map(lambda n: Raw("[" * n + "]" * n)),
    st.integers(1, 30).map(lambda n: [{"icd10": "C92.02", "description": "d"}] * n),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*prefix, key))
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.append((*prefix, i))
            found += _paths(item, (*prefix, i))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated_intake(draw: st.DrawFn) -> bytes:
    data = json.loads(json.dumps(draw(st.sampled_from(BASES))))  # a deep copy
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 2, 3]))):  # 0: only the bytes vary
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(data, path), path[-1]
        action = draw(st.sampled_from(["set", "set", "text", "delete", "add", "duplicate"]))
        if action == "set":
            parent[last] = draw(odd_value)
        elif action == "text":  # text in any field: names, notes and codes take some of it
            parent[last] = draw(st.text(max_size=40))
        elif action == "delete":
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = draw(odd_value)
        elif action == "duplicate" and isinstance(parent, dict):
            items = list(parent.items())
            items.insert(draw(st.integers(0, len(items))), (last, draw(odd_value)))
            grand = _parent(data, path[:-1]) if len(path) > 1 else None
            if grand is None:
                return _garble(draw, to_json(Pairs(tuple(items))).encode("utf-8", "surrogatepass"))
            grand[path[-2]] = Pairs(tuple(items))
    text = to_json(data).encode("utf-8", "surrogatepass")
    return _garble(draw, text)


def _garble(draw: st.DrawFn, raw: bytes) -> bytes:
    """Now and then, damage the bytes themselves."""
    how = draw(st.sampled_from(["keep"] * 12 + ["truncate", "insert", "flip", "garbage"]))
    if how == "keep" or not raw:
        return raw
    at = draw(st.integers(0, len(raw) - 1))
    if how == "truncate":
        return raw[:at]
    if how == "insert":
        return raw[:at] + draw(st.binary(min_size=1, max_size=16)) + raw[at:]
    if how == "flip":
        return raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1 :]
    return draw(st.binary(max_size=256))


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "out"
    out.mkdir()
    return tmp_path / "request.json", out


@settings(
    max_examples=500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(content=mutated_intake())
def test_generated_intakes_end_in_a_case_or_one_clear_line(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    intake, out = folders
    intake.write_bytes(content)
    case = out / "case.umcase"
    status = main(["case", "import", str(intake), "-o", str(case)])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    assert status in (0, 2), err
    what = err.replace(str(intake), "FILE").split(": ")[2:4] if status == 2 else ["imported"]
    event(f"exit {status}: {': '.join(what)}"[:48])  # --hypothesis-show-statistics
    if status == 2:
        assert err.count("\n") == 1 and err.startswith("reviewer-app: error: "), err
        assert not any(value in err for value in PHI), err
        assert list(out.iterdir()) == [], "a refused intake left a file"
    else:
        with open_case(case, readonly=True) as opened:
            assert opened.header.member_name
        shutil.rmtree(out)
        out.mkdir()
