"""Find the policies shipped in ``policy_data/`` and load each once."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.policy.loader import Policy, PolicyError, load_policy


class PolicyRegistry:
    def __init__(self, root: Path) -> None:
        self._root = root
        self._cache: dict[str, Policy] = {}

    @property
    def root(self) -> Path:
        return self._root

    def ids(self) -> list[str]:
        return sorted(p.name for p in self._root.iterdir() if (p / "policy.json").is_file())

    def get(self, policy_id: str) -> Policy:
        if policy_id not in self._cache:
            folder = self._root / policy_id
            if not (folder / "policy.json").is_file():
                known = ", ".join(self.ids()) or "none"
                raise PolicyError(f"unknown policy {policy_id!r} (known: {known})")
            self._cache[policy_id] = load_policy(folder)
        return self._cache[policy_id]

    def for_cpt(self, cpt: str) -> tuple[Policy, str]:
        """The policy and criteria-set id that address a CPT code."""
        for policy_id in self.ids():
            policy = self.get(policy_id)
            cs = policy.criteria_for_cpt(cpt)
            if cs is not None:
                return policy, cs.id
        covered = sorted({c for pid in self.ids() for c in self.get(pid).covered_cpts})
        raise PolicyError(
            f"service.cpt: CPT {cpt} is not addressed by any policy here; "
            f"covered codes: {', '.join(covered)}"
        )
