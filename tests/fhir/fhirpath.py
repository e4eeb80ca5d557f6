"""FHIRPath over JSON with the R4 model, so choice elements (``value``) resolve."""

from __future__ import annotations

from typing import Any

from fhirpathpy import evaluate
from fhirpathpy.models import models


def fp(resource: Any, expression: str) -> list[Any]:
    result: list[Any] = evaluate(resource, expression, {}, models["r4"])
    return result
