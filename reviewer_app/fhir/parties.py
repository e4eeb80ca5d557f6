"""The people of a PAS request: the member (Patient and Coverage) and the requester."""

from __future__ import annotations

from typing import Any

from reviewer_app.fhir import codes
from reviewer_app.fhir.bundle_index import BundleIndex
from reviewer_app.fhir.errors import FhirInputError

_SEX = {"female": "F", "male": "M", "other": "X", "unknown": "U"}
NOT_STATED = "not stated"


def member(
    index: BundleIndex,
    at: int,
    patient: Any,
    coverage_at: int,
    coverage: Any,
    origins: dict[str, str],
) -> dict[str, Any]:
    """The intake's ``member`` from the Patient; the member ID from the Coverage."""
    if coverage.subscriberId:
        member_id, id_at = str(coverage.subscriberId), index.path(coverage_at, "subscriberId")
    else:
        found = _member_identifier(patient)
        if found is None:
            raise FhirInputError(
                index.path(coverage_at, "subscriberId"),
                "is missing, and the Patient has no member identifier (type MB)",
            )
        k, member_id = found
        id_at = index.path(at, "identifier", k, "value")
    names = patient.name or []
    if not names:
        raise FhirInputError(index.path(at, "name"), "is missing")
    addresses = patient.address or []
    k = next((k for k, a in enumerate(addresses) if a.use == "home"), 0)
    if not addresses:
        raise FhirInputError(index.path(at, "address"), "is missing (the letter's address)")
    address = addresses[k]
    lines = [str(line) for line in address.line or []]
    if patient.birthDate is None:
        raise FhirInputError(index.path(at, "birthDate"), "is missing")
    origins.update(
        {
            "member.id": id_at,
            "member.name": index.path(at, "name", 0),
            "member.date_of_birth": index.path(at, "birthDate"),
            "member.sex": index.path(at, "gender"),
            "member.preferred_language": index.path(at, "communication"),
            "member.address": index.path(at, "address", k),
            "member.address.line1": index.path(at, "address", k, "line", 0),
            "member.address.city": index.path(at, "address", k, "city"),
            "member.address.state": index.path(at, "address", k, "state"),
            "member.address.postal_code": index.path(at, "address", k, "postalCode"),
        }
    )
    out: dict[str, Any] = {
        "id": member_id,
        "name": human_name(names[0]),
        "date_of_birth": patient.birthDate.isoformat(),
        "sex": _SEX.get(str(patient.gender or "unknown"), "U"),
        "preferred_language": _language(patient),
        "address": {
            "line1": lines[0] if lines else "",
            "city": str(address.city or ""),
            "state": str(address.state or ""),
            "postal_code": str(address.postalCode or ""),
        },
    }
    if len(lines) > 1:
        out["address"]["line2"] = ", ".join(lines[1:])
        origins["member.address.line2"] = index.path(at, "address", k, "line", 1)
    return out


def human_name(name: Any) -> str:
    if name.text:
        return str(name.text)
    parts = [*(name.prefix or []), *(name.given or []), name.family or ""]
    return " ".join(str(p) for p in parts if p).strip()


def _member_identifier(patient: Any) -> tuple[int, str] | None:
    for k, ident in enumerate(patient.identifier or []):
        kinds = {c.code for c in (ident.type.coding or [])} if ident.type else set()
        if "MB" in kinds and ident.value:
            return k, str(ident.value)
    return None


def _language(patient: Any) -> str:
    comms = patient.communication or []
    comm = next((c for c in comms if c.preferred), comms[0] if comms else None)
    if comm is None or comm.language is None:
        return "en"
    code = next((c.code for c in comm.language.coding or [] if c.code), None)
    return str(code) if code else "en"


def requester(index: BundleIndex, at: int, claim: Any, origins: dict[str, str]) -> dict[str, str]:
    """``Claim.provider``: a Practitioner, a PractitionerRole (its practitioner and
    organization) or an Organization; the NPI is required, phone and fax are not."""
    where = index.path(at, "provider")
    p_at, res = index.resolve(
        claim.provider, where, "Practitioner", "PractitionerRole", "Organization"
    )
    person: tuple[int, Any] | None = None
    org: tuple[int, Any] | None = None
    telecom = list(res.telecom or [])
    if res.get_resource_type() == "PractitionerRole":
        if res.practitioner is not None:
            person = index.resolve(
                res.practitioner, index.path(p_at, "practitioner"), "Practitioner"
            )
        if res.organization is not None:
            org = index.resolve(res.organization, index.path(p_at, "organization"), "Organization")
    elif res.get_resource_type() == "Practitioner":
        person = (p_at, res)
    else:
        org = (p_at, res)
    named = person or org
    if named is None:
        raise FhirInputError(where, "a PractitionerRole that names no practitioner")
    n_at, named_res = named
    for _, r in (x for x in (person, org) if x is not None):
        telecom += list(r.telecom or [])
    npi = next(
        (
            (k, str(i.value))
            for k, i in enumerate(named_res.identifier or [])
            if i.system == codes.NPI and i.value
        ),
        None,
    )
    if npi is None:
        raise FhirInputError(index.path(n_at, "identifier"), f"has no NPI (system {codes.NPI})")
    if person is not None:
        names = person[1].name or []
        name = human_name(names[0]) if names else ""
    else:
        name = str(named_res.name or "")
    organization = str(org[1].name) if org is not None and org[1].name else name
    origins.update(
        {
            "requesting_provider": where,
            "requesting_provider.name": index.path(n_at, "name"),
            "requesting_provider.npi": index.path(n_at, "identifier", npi[0], "value"),
            "requesting_provider.organization": index.path(org[0] if org else n_at, "name"),
        }
    )
    return {
        "name": name,
        "npi": npi[1],
        "organization": organization,
        "phone": _telecom(telecom, "phone"),
        "fax": _telecom(telecom, "fax"),
    }


def _telecom(points: list[Any], system: str) -> str:
    return next((str(t.value) for t in points if t.system == system and t.value), NOT_STATED)
