"""Every element of a PAS request deleted or given the wrong kind of value: the import
refuses with one line naming a FHIR path and quoting nothing, and never crashes."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from pas_builder import MEETS, pas_request

from reviewer_app.fhir.request import intake_from_fhir
from reviewer_app.intake.model import IntakeError

from helpers import registry

PLANTED = "Zed\u0007Planted"  # a name with a control character: refused, never echoed
MUTATIONS: dict[str, Any] = {"text": PLANTED, "number": -1, "array": [], "object": {}}


def _paths(node: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))


@pytest.mark.parametrize("mutation", ["delete", *MUTATIONS])
def test_every_element_mutated(mutation: str) -> None:
    base = pas_request("hpc_boost", MEETS["hpc_boost"])
    reg = registry()
    accepted = 0
    for path in _paths(base):
        doc = copy.deepcopy(base)
        parent: Any = doc
        for part in path[:-1]:
            parent = parent[part]
        if mutation == "delete":
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(MUTATIONS[mutation])
        try:
            intake_from_fhir(json.dumps(doc).encode(), "request.json", reg)
            accepted += 1
        except IntakeError as exc:
            message = str(exc)
            assert "\n" not in message and "Planted" not in message, (path, message)
            assert message.startswith(("Bundle", "request.json")), (path, message)
    assert accepted < len(list(_paths(base)))  # most mutations must be refused
