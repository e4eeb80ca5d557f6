"""A received Bundle, validated by the R4B models, with its references resolved inside it.

Nothing is fetched: a reference resolves to an entry of the same Bundle (by ``fullUrl``
or by ``Type/id``) or it is an error that names the element holding it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydantic
from fhir.resources.R4B.bundle import Bundle

from reviewer_app.fhir.errors import FhirInputError, fhir_path

_PROBLEMS = {
    "missing": "is required",
    "extra_forbidden": "holds an element FHIR R4 does not define here",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "string_type": "expected text",
    "list_type": "expected an array",
    "dict_type": "expected an object",
    "model_type": "expected an object",
    "literal_error": "is not one of the codes FHIR allows here",
    "enum": "is not one of the codes FHIR allows here",
}


def validate_bundle(data: Any) -> Bundle:
    """The Bundle as R4B models; the first problem as a ``FhirInputError`` with its path."""
    if not isinstance(data, dict):
        raise FhirInputError("Bundle", "expected a JSON object (a FHIR Bundle)")
    kind = data.get("resourceType")
    if kind != "Bundle":
        shown = f"a {kind} resource" if _is_resource_type(kind) else "not a resource type"
        raise FhirInputError(
            "Bundle.resourceType", f"{shown}, not a Bundle (a PAS request is a Bundle)"
        )
    try:
        return Bundle.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        loc = [p for p in first["loc"] if isinstance(p, str | int)]
        if first["type"].endswith("extra_forbidden"):
            loc = loc[:-1]  # the unknown name is the sender's text: never echoed
        kind = str(first["type"]).rpartition(".")[2]  # fhir.resources prefixes its own
        problem = _PROBLEMS.get(kind, f"is not valid FHIR R4 ({kind[:40]})")
        raise FhirInputError(fhir_path(loc), problem) from None
    except (ValueError, TypeError, KeyError):  # a model's own check, worded by the library
        raise FhirInputError("Bundle", "is not a valid FHIR R4 Bundle") from None


def _is_resource_type(kind: object) -> bool:
    """Whether ``kind`` names a FHIR R4 resource (only then is it echoed)."""
    from fhir.resources.R4B import get_fhir_model_class

    if not isinstance(kind, str) or not kind.isalpha() or len(kind) > 40:
        return False
    try:
        get_fhir_model_class(kind)
    except (KeyError, ValueError, AttributeError, ImportError):
        return False
    return True


class BundleIndex:
    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self._by_key: dict[str, int] = {}
        for i, entry in enumerate(bundle.entry or []):
            res: Any = entry.resource
            if res is None:
                raise FhirInputError(f"Bundle.entry[{i}].resource", "is missing")
            if entry.fullUrl:
                self._by_key.setdefault(str(entry.fullUrl), i)
            if getattr(res, "id", None):
                self._by_key.setdefault(f"{res.get_resource_type()}/{res.id}", i)

    def entries(self, resource_type: str) -> Iterator[tuple[int, Any]]:
        for i, entry in enumerate(self.bundle.entry or []):
            res: Any = entry.resource
            if res.get_resource_type() == resource_type:
                yield i, res

    def resource(self, index: int) -> Any:
        return (self.bundle.entry or [])[index].resource

    def path(self, index: int, *parts: str | int) -> str:
        return fhir_path(("entry", index, "resource", *parts))

    def resolve(self, ref: Any, where: str, *types: str) -> tuple[int, Any]:
        """The entry ``ref`` (a Reference) points to, of one of ``types``."""
        target = getattr(ref, "reference", None) if ref is not None else None
        if not target:
            raise FhirInputError(where, "is missing (a reference to an entry of the Bundle)")
        index = self._by_key.get(str(target))
        if index is None:
            index = next(
                (i for key, i in self._by_key.items() if key.endswith("/" + str(target))), None
            )
        if index is None:
            raise FhirInputError(
                f"{where}.reference", "resolves to no entry of the Bundle (nothing is fetched)"
            )
        res = self.resource(index)
        if types and res.get_resource_type() not in types:
            raise FhirInputError(
                f"{where}.reference",
                f"points to a {res.get_resource_type()} resource, not {' or '.join(types)}",
            )
        return index, res
