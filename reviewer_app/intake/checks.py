"""Small checks on identifiers and codes in a request."""

from __future__ import annotations

import re

_HEME_RANGE = re.compile(r"^C(8[1-9]|9[0-6])(\.|$)")
_MDS = re.compile(r"^D46(\.|$)")


def npi_check_digit_ok(npi: str) -> bool:
    """The NPI's tenth digit is a Luhn check digit over '80840' + the first nine."""
    if not re.fullmatch(r"\d{10}", npi):
        return False
    digits = [int(c) for c in "80840" + npi[:9]]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:  # doubled: rightmost payload digit sits left of the check digit
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10 == int(npi[9])


def is_hematologic_malignancy(icd10: str) -> bool:
    """ICD-10-CM C81-C96 (lymphoid and hematopoietic neoplasms) and D46.x (MDS)."""
    code = icd10.strip().upper()
    return bool(_HEME_RANGE.match(code) or _MDS.match(code))
