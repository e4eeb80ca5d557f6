"""Sign a letter, then verify it; tampering, untrusted signers and junk are rejected.

The session's identity is self-signed: its letters are intact, and never a determination.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

from reviewer_app.decisions.trust import TrustAnchors
from reviewer_app.letters.content import LetterKind
from reviewer_app.letters.signing import SigningError, sign_letter
from reviewer_app.letters.verify import SELF_SIGNED_REASON, Verdict, verify_letter

AUDIT_HEAD = "4be1c0de" * 8


def test_sign_then_verify(signed_denial: bytes, identity: Any, signed_at: dt.datetime) -> None:
    # Even named as a trust root, a self-signed certificate makes no determination.
    result = verify_letter(signed_denial, TrustAnchors(roots=(identity.cert_der,)))
    assert not result.ok and result.verdict is Verdict.SELF_SIGNED
    assert result.reason == SELF_SIGNED_REASON
    assert (result.intact, result.valid, result.trusted) == (True, True, False)
    assert verify_letter(signed_denial, TrustAnchors(), training=True).ok  # the classroom
    assert result.coverage == "entire_file"
    assert result.signer_name == "Riley Sample"
    assert result.signed_at == signed_at
    assert result.meaning == "Adverse determination — medical necessity"


def test_audit_head_read_back_from_signed_pdf(signed_denial: bytes, identity: Any) -> None:
    assert verify_letter(signed_denial, TrustAnchors()).audit_head_hash == AUDIT_HEAD


def test_signature_is_pades_sha256(signed_denial: bytes) -> None:
    reader = PdfReader(BytesIO(signed_denial))
    field = reader.get_fields()["ReviewerSignature"]
    value = field["/V"].get_object()
    assert value["/SubFilter"] == "/ETSI.CAdES.detached"


def _signature_page(signed: bytes) -> int:
    """The page of the signature box render.py left (the language taglines may follow)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from reviewer_app.letters.signing import signature_box

    return signature_box(PdfFileReader(BytesIO(signed), strict=False))[0]


def test_signature_is_visible_in_the_signature_box(signed_denial: bytes) -> None:
    reader = PdfReader(BytesIO(signed_denial))
    page = reader.pages[_signature_page(signed_denial)]
    widgets = [a.get_object() for a in page.get("/Annots", [])]
    sig = [w for w in widgets if w.get("/FT") == "/Sig" or w.get("/T") == "ReviewerSignature"]
    assert len(sig) == 1
    x1, y1, x2, y2 = (float(v) for v in sig[0]["/Rect"])
    assert x2 - x1 > 250 and y2 - y1 > 60


def _stamp_fonts(signed: bytes) -> list[Any]:
    reader = PdfReader(BytesIO(signed))
    widget = next(
        a.get_object()
        for a in reader.pages[_signature_page(signed)]["/Annots"]
        if a.get_object().get("/T") == "ReviewerSignature"
    )
    found: list[Any] = []

    def walk(resources: Any, depth: int) -> None:
        for font in (resources.get("/Font") or {}).values():
            found.append(font.get_object())
        for xobject in (resources.get("/XObject") or {}).values():
            child = xobject.get_object()
            if depth < 5 and "/Resources" in child:
                walk(child["/Resources"], depth + 1)

    walk(widget["/AP"]["/N"].get_object()["/Resources"], 0)
    return found


def test_stamp_uses_embedded_dejavu_with_sane_widths(signed_denial: bytes) -> None:
    fonts = _stamp_fonts(signed_denial)
    assert fonts
    for font in fonts:
        assert "DejaVuSans" in font["/BaseFont"]
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"]
        widths = [w for item in descendant["/W"] if isinstance(item, list) for w in item]
        # PDF widths are 1/1000 em; DejaVu's own 2048-unit widths would push 'M' past 1700.
        assert widths and max(widths) < 1100


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_stamp_text_reads_back(signed_denial: bytes, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed_denial)
    out = subprocess.run(
        ["pdftotext", "-f", "0", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for line in (
        "Digitally signed by Riley Sample, MD",
        "Role: Medical Director",
        "Meaning: Adverse determination — medical necessity",
        "Signed: 2025-06-02 14:05 UTC",
        "Self-signed local identity",
    ):
        assert line in out


def test_flipped_byte_is_rejected(signed_denial: bytes, identity: Any) -> None:
    data = bytearray(signed_denial)
    # A byte inside the first page's compressed content stream: still a parseable PDF.
    position = data.index(b"stream", 2000) + 100
    data[position] ^= 0x01
    result = verify_letter(bytes(data), TrustAnchors(), training=True)
    assert not result.ok
    assert not result.intact
    assert "changed after it was signed" in result.reason


def _append_update(signed: bytes, change: Callable[[IncrementalPdfFileWriter], None]) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _change_keywords(writer: IncrementalPdfFileWriter) -> None:
    info = writer.trailer["/Info"]
    info[generic.NameObject("/Keywords")] = generic.TextStringObject("audit-chain-head=forged")
    writer.update_container(info)


def _add_annotation(writer: IncrementalPdfFileWriter) -> None:
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    note = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Text"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.FloatObject(v) for v in (100, 100, 120, 120)]
            ),
            generic.NameObject("/Contents"): generic.TextStringObject("Approved after all"),
        }
    )
    page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(note)])
    writer.update_container(page)


@pytest.mark.parametrize("change", [_change_keywords, _add_annotation], ids=["metadata", "annot"])
def test_incremental_update_after_signing_is_rejected(
    signed_denial: bytes, identity: Any, change: Callable[[IncrementalPdfFileWriter], None]
) -> None:
    result = verify_letter(_append_update(signed_denial, change), TrustAnchors(), training=True)
    assert result.intact  # the signed bytes are untouched...
    assert not result.ok  # ...but the letter is no longer what was signed
    assert result.coverage != "entire_file"
    assert "Modified after signing" in result.reason
    assert result.audit_head_hash == AUDIT_HEAD  # from the signed revision, not the forgery


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda rendered, signed: rendered[LetterKind.DENIAL], "not signed"),
        (lambda rendered, signed: b"", "not a readable PDF"),
        (lambda rendered, signed: b"%PDF-1.7\ngarbage", "not a readable PDF"),
        (lambda rendered, signed: signed[: len(signed) // 2], ""),
        (lambda rendered, signed: signed[:-300], ""),
    ],
    ids=["unsigned", "empty", "garbage", "half", "truncated-tail"],
)
def test_bad_input_gives_a_reason_not_an_exception(
    rendered: dict[LetterKind, bytes],
    signed_denial: bytes,
    identity: Any,
    make: Callable[[dict[LetterKind, bytes], bytes], bytes],
    reason: str,
) -> None:
    result = verify_letter(make(rendered, signed_denial), TrustAnchors())
    assert not result.ok
    assert result.reason and reason in result.reason


def test_unsigned_letter_still_reports_audit_head(
    rendered: dict[LetterKind, bytes], identity: Any
) -> None:
    result = verify_letter(rendered[LetterKind.PEND], TrustAnchors())
    assert result.audit_head_hash == AUDIT_HEAD


def test_signing_needs_a_timezone(rendered: dict[LetterKind, bytes], identity: Any) -> None:
    with pytest.raises(SigningError, match="time zone"):
        sign_letter(
            rendered[LetterKind.APPROVAL],
            identity,
            meaning="Approval",
            signed_at=dt.datetime(2025, 6, 2, 14, 5),
        )


def test_signing_twice_is_refused(
    signed_denial: bytes, identity: Any, signed_at: dt.datetime
) -> None:
    with pytest.raises(SigningError, match="already signed"):
        sign_letter(signed_denial, identity, meaning="Approval", signed_at=signed_at)


def test_signing_junk_is_refused(identity: Any, signed_at: dt.datetime) -> None:
    with pytest.raises(SigningError, match="not a readable PDF"):
        sign_letter(b"not a pdf", identity, meaning="Approval", signed_at=signed_at)
