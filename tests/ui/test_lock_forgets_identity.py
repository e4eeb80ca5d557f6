"""The idle lock forgets the unlocked identity (issue 19): after the lock nobody can sign a
change until the person unlocks their identity again, and then it is theirs again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from decision_helpers import PASS
from security_helpers import SECRET, Secured, first_run, type_on_lock_screen
from window_helpers import case_view, click, open_case, row

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.errors import ReadOnlyCase
from reviewer_app.decisions.entry_check import checked_with
from reviewer_app.decisions.session_signing import SessionSigners
from reviewer_app.decisions.trust import TrustStore
from reviewer_app.letters.identity import SigningIdentity, load_identity
from reviewer_app.policy import PolicyRegistry
from reviewer_app.review.answers import Answer, Reply
from reviewer_app.training import demo_identity
from reviewer_app.ui.security.lock import IdleLock
from reviewer_app.ui.security.session_identity import IdentityNotice, SessionIdentity

NURSE = "Nora Nurse, RN (nurse_reviewer)"


class Person:
    """Answers the identity prompt: the identity (or None, cancelled), counting the asks."""

    def __init__(self, answers: list[SigningIdentity | None]) -> None:
        self.answers = answers
        self.asked = 0

    def __call__(self, _parent: object) -> SigningIdentity | None:
        self.asked += 1
        return self.answers.pop(0)


def trail(path: Path, registry: PolicyRegistry, config: Path) -> list[tuple[str, bool]]:
    check = checked_with(TrustStore(config / "trust").anchors)
    with CaseFile.open(path, registry, readonly=True, entry_check=check) as case:
        assert case.chain.ok, case.chain.problem
        signatures, _ = case.entry_signatures()
        return [(e.actor, e.seq in signatures) for e in case.audit_entries()]


def working(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    monkeypatch: pytest.MonkeyPatch,
    config: Path,
    person: Person,
    make: Callable[[], Path],
) -> tuple[Secured, SessionIdentity, Path]:
    """The nurse at work on a case (``make``, once the passphrase is set up) with her
    identity unlocked, then idle until the lock."""
    signers = SessionSigners(TrustStore(config / "trust").anchors, demo_identity)
    identity = SessionIdentity(signers, person)
    secured = first_run(secure_window, monkeypatch, qtbot, identity=identity)
    window = secured.window
    case = make()
    open_case(qtbot, window, case)
    assert person.asked == 1 and case_view(window).editable
    click(qtbot, row(window, "dli.same_donor").reply_buttons[Reply.NO], window)
    idle = window.findChild(IdleLock)
    assert idle is not None
    idle.set_interval_ms(300)
    qtbot.waitUntil(lambda: secured.guard.locked, timeout=5000)
    return secured, identity, case


@pytest.mark.timeout(120)
def test_after_the_idle_lock_no_identity_signs_until_it_is_unlocked_again(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    monkeypatch: pytest.MonkeyPatch,
    make_case: Callable[..., Path],
    workspace: Path,
    identities: dict[str, Path],
    registry: PolicyRegistry,
    config: Path,
) -> None:
    nurse = load_identity(identities["nurse_reviewer"], PASS.encode())
    person = Person([nurse, nurse])
    make = lambda: make_case("dli-relapsed-aml", workspace)  # noqa: E731
    secured, identity, path = working(qtbot, secure_window, monkeypatch, config, person, make)
    window = secured.window

    assert identity.signers.identity is None  # the key is gone from the session
    case = window.case
    assert case is not None and not case.writable
    with pytest.raises(ReadOnlyCase):  # nothing can be written unsigned meanwhile
        case.set_answer("dli.relapsed", Answer(reply=Reply.NO), "anyone")

    type_on_lock_screen(qtbot, secured.guard, SECRET)
    # Unlocking derives the key and reopens the case: slow on a loaded machine.
    qtbot.waitUntil(lambda: person.asked == 2, timeout=20_000)  # the identity asked again
    editable = lambda: window.case_view is not None and window.case_view.editable  # noqa: E731
    qtbot.waitUntil(editable, timeout=20_000)
    assert identity.signers.identity is not None
    click(qtbot, row(window, "dli.relapsed").reply_buttons[Reply.NO], window)
    window.close_case()
    assert trail(path, registry, config)[1:] == [(NURSE, True), (NURSE, True)]


@pytest.mark.timeout(120)
def test_cancelling_the_identity_after_the_lock_leaves_the_case_read_only(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    monkeypatch: pytest.MonkeyPatch,
    make_case: Callable[..., Path],
    workspace: Path,
    identities: dict[str, Path],
    registry: PolicyRegistry,
    config: Path,
) -> None:
    nurse = load_identity(identities["nurse_reviewer"], PASS.encode())
    person = Person([nurse, None])
    make = lambda: make_case("dli-relapsed-aml", workspace)  # noqa: E731
    secured, identity, path = working(qtbot, secure_window, monkeypatch, config, person, make)
    window = secured.window

    type_on_lock_screen(qtbot, secured.guard, SECRET)
    qtbot.waitUntil(lambda: person.asked == 2)
    qtbot.waitUntil(
        lambda: (
            window.case_view is not None and window.case_view.findChild(IdentityNotice) is not None
        )
    )
    view = case_view(window)
    assert not view.editable and "(read-only)" in window.windowTitle()
    assert not row(window, "dli.relapsed").reply_buttons[Reply.NO].isEnabled()
    assert identity.signers.identity is None
    window.close_case()
    assert trail(path, registry, config)[1:] == [(NURSE, True)]  # only the answer before
