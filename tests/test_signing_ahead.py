"""Audit-entry signatures with their curve work made ahead (decisions/signing_ahead.py):
standard ECDSA P-256 signatures that any verifier accepts, each secret used for one
signature only, never copied, and dropped by a forked child."""

from __future__ import annotations

import copy
import hashlib
import os
import pickle

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from reviewer_app.decisions.signing_ahead import AHEAD, MAX_AGE_S, SignerAhead

SHA256 = ec.ECDSA(hashes.SHA256())


def _messages(count: int) -> list[bytes]:
    return [hashlib.sha256(str(i).encode()).digest() for i in range(count)]


def test_signatures_made_ahead_verify_as_plain_ecdsa_and_never_share_a_secret() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    signer = SignerAhead(key)
    seen_r: set[int] = set()
    for message in _messages(40):
        signer.make_ahead()
        assert signer.ready == AHEAD
        signature = signer.sign(message)
        assert signer.ready == AHEAD - 1  # the secret it used is gone
        key.public_key().verify(signature, message, SHA256)  # raises if not valid
        r, _s = decode_dss_signature(signature)
        assert r not in seen_r  # a repeated r would be a repeated k: the key would leak
        seen_r.add(r)
    with pytest.raises(InvalidSignature):  # and they are bound to what they sign
        key.public_key().verify(signer.sign(b"x" * 32), b"y" * 32, SHA256)


def test_with_nothing_made_ahead_it_signs_in_one_step() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    signer = SignerAhead(key)
    signer.make_ahead(2)
    for message in _messages(4):  # two made ahead, then two in one step
        key.public_key().verify(signer.sign(message), message, SHA256)
    assert signer.ready == 0
    signer.make_ahead()
    signer.forget_ahead()
    assert signer.ready == 0


def test_another_curve_is_refused() -> None:
    with pytest.raises(ValueError, match="P-256"):
        SignerAhead(ec.generate_private_key(ec.SECP384R1()))


def test_a_signer_cannot_be_copied_or_pickled() -> None:
    signer = SignerAhead(ec.generate_private_key(ec.SECP256R1()))
    signer.make_ahead()
    for duplicate in (copy.copy, copy.deepcopy, pickle.dumps):
        with pytest.raises(TypeError, match="used once"):
            duplicate(signer)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_child_has_none_of_the_parents_secrets() -> None:
    signer = SignerAhead(ec.generate_private_key(ec.SECP256R1()))
    signer.make_ahead()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report what it holds, and leave at once
        os.write(write, bytes([signer.ready]))
        os._exit(0)
    os.close(write)
    held = os.read(read, 1)
    os.close(read)
    os.waitpid(pid, 0)
    assert held == b"\x00"
    assert signer.ready == AHEAD  # the parent's are still its own


@pytest.mark.parametrize("moved", [MAX_AGE_S + 1, -1.0])
def test_pairs_from_too_long_ago_or_the_future_are_dropped_unused(
    monkeypatch: pytest.MonkeyPatch, moved: float
) -> None:
    """A memory image restored later (a virtual machine's snapshot) finds its pairs stale
    by the wall clock and signs in one step; so does one whose clock went back."""
    import reviewer_app.decisions.signing_ahead as module

    key = ec.generate_private_key(ec.SECP256R1())
    signer = SignerAhead(key)
    signer.make_ahead()
    now = module.time.time()
    monkeypatch.setattr(module.time, "time", lambda: now + moved)
    message = b"m" * 32
    signature = signer.sign(message)
    key.public_key().verify(signature, message, SHA256)
    assert signer.ready == 0  # all of them dropped, none used (one used would leave three)
