"""Coverage policies as data: models, loading and validation."""

from reviewer_app.policy.loader import Policy, PolicyError, load_policy
from reviewer_app.policy.registry import PolicyRegistry

__all__ = ["Policy", "PolicyError", "PolicyRegistry", "load_policy"]
