"""The audit trail's hash chain: each entry carries the hash of the one before it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
# json.dumps builds an encoder per call when given options; the chain's one is built once.
_BODY = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, detail: str) -> str:
    body = _BODY.encode({"seq": seq, "at": at, "actor": actor, "action": action, "detail": detail})
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    problem: str = ""
    head: str = GENESIS
    count: int = 0


def check_chain(rows: Iterable[Any], expected_head: str, expected_count: int) -> ChainCheck:
    """Recompute the chain; name the first entry that does not fit."""
    prev = GENESIS
    count = 0
    for count, row in enumerate(rows, start=1):
        if row.seq != count:
            return ChainCheck(False, f"entry {count} is missing (found entry {row.seq} instead)")
        if row.prev_hash != prev:
            return ChainCheck(False, f"entry {row.seq} does not follow entry {row.seq - 1}")
        digest = entry_hash(prev, row.seq, row.at, row.actor, row.action, row.detail)
        if digest != row.hash:
            return ChainCheck(False, f"entry {row.seq} ({row.action}) was altered after writing")
        prev = row.hash
    if count != expected_count or prev != expected_head:
        return ChainCheck(
            False,
            f"the trail has {count} entries but the case records {expected_count}: "
            "entries were removed or added outside the app",
        )
    return ChainCheck(True, head=prev, count=count)
