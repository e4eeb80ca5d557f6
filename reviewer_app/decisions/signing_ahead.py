"""ECDSA P-256 signatures whose curve work is done ahead, while the person reads.

An ECDSA signature has two parts. One needs no message: a fresh secret ``k``, the point
``kG`` (the elliptic-curve multiplication, nearly all of the cost) and ``k⁻¹ mod n``.
The other is two multiplications mod ``n``: ``s = k⁻¹(z + r·d)``, with ``z`` the
message's SHA-256. The standard allows ``k`` and ``k⁻¹`` to be computed before the
message is known, their confidentiality and integrity protected as the key's (FIPS 186-5
§6.3, as 186-4 §6.3). :class:`SignerAhead` makes a few ``(r, k⁻¹)`` when the window has
a moment (:meth:`SignerAhead.make_ahead`, after an answer shows) and signs with one,
which is then gone, so an answer's signature costs microseconds on the path a person
waits on. With none ready it signs in one step with the library, as the command line
always does. The signatures are standard ECDSA with SHA-256 either way: a verifier
cannot tell them apart.

Each ``k`` is the private scalar of a key pair the library generates (OpenSSL's random
generator, seeded by the operating system), used for exactly one signature: taken out
of the list before it is used, kept in this process's memory only (never in a file of
ours), dropped in a forked child (which would otherwise reuse the parent's), dropped
when the session's identity is forgotten, and a signer cannot be copied or pickled.

What the library's one-step signing has and this has not: OpenSSL mixes the key and the
message into ``k`` as well as fresh randomness, so two copies of one memory image (a
virtual machine restored twice from one snapshot of a running session) still never sign
two messages with one ``k``. A ``k`` made ahead cannot depend on the message, so two such
copies could, and whoever held both signatures could compute the key. Pairs are
therefore kept for :data:`MAX_AGE_S` at most by the wall clock (a restore usually
moves it on once the clock is synchronised: this narrows the window, it does not close
it), and only the window makes them; the command line never does. Neither step is
constant-time (Python integers; ``pow`` for ``k⁻¹``): it runs in the person's own process
on a key that process holds, and whoever could time it that finely could read the key
(the threat model is hostile files, not a hostile local process).
"""

from __future__ import annotations

import hashlib
import os
import time
import weakref
from typing import Any, NoReturn

# The order of the P-256 base point (FIPS 186-5 / SP 800-186, curve P-256).
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551

AHEAD = 4  # an answer uses one; the window makes the next while the person reads
MAX_AGE_S = 120.0  # older pairs are dropped unused (see above)

_LIVE: weakref.WeakSet[SignerAhead] = weakref.WeakSet()


def _forget_all_in_child() -> None:
    for signer in list(_LIVE):
        signer.forget_ahead()


os.register_at_fork(after_in_child=_forget_all_in_child)


class SignerAhead:
    """Signs 32-byte entry hashes with an EC P-256 private key, ECDSA with SHA-256."""

    __slots__ = ("__weakref__", "_algorithm", "_d", "_key", "_ready")

    def __init__(self, key: Any) -> None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise ValueError("the identity's key is not an EC P-256 key")
        self._key = key
        self._algorithm = ec.ECDSA(hashes.SHA256())
        self._d = key.private_numbers().private_value
        self._ready: list[tuple[int, int, float]] = []  # (r, k⁻¹ mod n, made at): used once
        _LIVE.add(self)

    def make_ahead(self, count: int = AHEAD) -> None:
        """Make the message-free part of the next signatures, up to ``count`` ready."""
        from cryptography.hazmat.primitives.asymmetric import ec

        while len(self._ready) < count:
            pair = ec.generate_private_key(ec.SECP256R1())
            k = pair.private_numbers().private_value
            r = pair.public_key().public_numbers().x % P256_ORDER
            if r:  # r = 0 has probability ~2⁻²⁵⁶; a signature needs another k
                self._ready.append((r, pow(k, -1, P256_ORDER), time.time()))

    def forget_ahead(self) -> None:
        self._ready.clear()

    @property
    def ready(self) -> int:
        return len(self._ready)

    def sign(self, message: bytes) -> bytes:
        """The DER ECDSA signature of ``message`` (hashed with SHA-256)."""
        from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

        try:
            r, k_inverse, made = self._ready.pop()  # atomic: no two signatures share a k
        except IndexError:
            return bytes(self._key.sign(message, self._algorithm))
        if not 0 <= time.time() - made <= MAX_AGE_S:  # stale, or the clock went back
            self._ready.clear()
            return bytes(self._key.sign(message, self._algorithm))
        z = int.from_bytes(hashlib.sha256(message).digest(), "big")  # 256 bits: no truncation
        s = k_inverse * (z + r * self._d) % P256_ORDER
        if not s:  # probability ~2⁻²⁵⁶
            return bytes(self._key.sign(message, self._algorithm))
        return bytes(encode_dss_signature(r, s))

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        raise TypeError("a signer is not copied: each secret it holds is used once")
