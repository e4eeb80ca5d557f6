"""The Decision tab: choose an action, preview and sign the letter, verify and export it."""

from reviewer_app.ui.decision.panel import DecisionPanel

__all__ = ["DecisionPanel"]
