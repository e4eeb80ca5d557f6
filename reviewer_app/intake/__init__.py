"""The ``umcase-intake/1`` request format: validation, parsing and the facts it gives."""

from reviewer_app.intake.model import Intake, IntakeError
from reviewer_app.intake.parse import load_intake, parse_intake

__all__ = ["Intake", "IntakeError", "load_intake", "parse_intake"]
