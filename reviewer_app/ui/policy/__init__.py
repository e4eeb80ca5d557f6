"""The policy pane: the coverage policy's text, references and codes beside the checklist."""

from reviewer_app.ui.policy.pane import PolicyPane

__all__ = ["PolicyPane"]
