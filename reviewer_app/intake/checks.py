"""Small checks on identifiers and codes in a request."""

from __future__ import annotations

import re

from reviewer_app.policy.code_lists import Side, shipped_code_list


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
    """On the shipped ICD-10-CM hematologic malignancy list (C81-C96, D45, D46, D47.x...).

    False means "not on the list", which is not evidence against: see ``CodeList.classify``.
    """
    return shipped_code_list().classify(icd10)[0] is Side.ON_LIST
