"""Identities, decisions and letters: `identity ...`, `case decide|refer|reopen`, `letter ...`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reviewer_app import safe_files
from reviewer_app.cli.context import CliContext, case_key_option, identity_option
from reviewer_app.cli.errors import EXIT_FAILED_CHECK, CliError, require_free_output

# The decision rules and the case's letters load in the commands that use them: every
# command builds this parser, and the rules load the letters' content (about 13 ms).


class _Roles:
    """The roles ``--role`` accepts (``decisions.rules.Role``), read only when argparse
    checks a value or shows the choices."""

    def __contains__(self, value: object) -> bool:
        return value in self._values()

    def __iter__(self) -> Iterator[str]:
        return iter(self._values())

    @staticmethod
    def _values() -> list[str]:
        from reviewer_app.decisions.rules import Role

        return [r.value for r in Role]


ROLES = _Roles()
ROLE_HELP = "one of %(choices)s"  # argparse lists them only when help is shown


def add_parsers(
    sub: argparse._SubParsersAction[Any], case_sub: argparse._SubParsersAction[Any]
) -> None:
    key = case_key_option()
    ident = sub.add_parser("identity", help="signing identities (PKCS#12)")
    isub = ident.add_subparsers(dest="identity_command", required=True, metavar="COMMAND")
    p = isub.add_parser(
        "create", help="make a self-signed identity, for training cases only (see `org issue`)"
    )
    p.add_argument("--name", required=True)
    p.add_argument("--credentials", required=True, help="e.g. MD, DO, RN")
    p.add_argument("--role", required=True, choices=ROLES, metavar="ROLE", help=ROLE_HELP)
    p.add_argument("--passphrase-file", required=True, type=Path, metavar="F")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="ID.p12")
    p.set_defaults(handler=cmd_identity_create)
    p = isub.add_parser(
        "import", help="check an organization-issued .p12 against this machine's trust bundle"
    )
    p.add_argument("identity", type=Path, metavar="ID.p12")
    p.add_argument("--passphrase-file", required=True, type=Path, metavar="F")
    p.set_defaults(handler=cmd_identity_import)
    p = isub.add_parser(
        "trust-root", help="add an organization CA certificate (PEM/DER) to the trust bundle"
    )
    p.add_argument("certificate", type=Path, metavar="ROOT.pem")
    p.set_defaults(handler=cmd_trust_root)

    p = case_sub.add_parser(
        "decide", parents=[key], help="decide, sign the letter and store it in the case"
    )
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.add_argument("--decision", required=True, choices=["approve", "deny", "pend"])
    p.add_argument("--rationale", default="", metavar="TEXT")
    p.add_argument(
        "--member-rationale",
        default="",
        metavar="TEXT",
        help="the rationale translated into the member's language, for a letter in a "
        "language other than English (its English version prints --rationale)",
    )
    p.add_argument("--identity", required=True, type=Path, metavar="ID.p12")
    p.add_argument("--passphrase-file", required=True, type=Path, metavar="F")
    p.set_defaults(handler=cmd_decide)
    p = case_sub.add_parser(
        "refer", parents=[key, identity_option()], help="refer the case to a medical director"
    )
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.add_argument("--note", default="", metavar="TEXT")
    p.set_defaults(handler=cmd_refer, signs_entries=True)
    p = case_sub.add_parser(
        "reopen", parents=[key], help="reopen a final determination (medical director)"
    )
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.add_argument("--identity", required=True, type=Path, metavar="ID.p12")
    p.add_argument("--passphrase-file", required=True, type=Path, metavar="F")
    p.set_defaults(handler=cmd_reopen)

    letter = sub.add_parser("letter", help="export and verify determination letters")
    lsub = letter.add_subparsers(dest="letter_command", required=True, metavar="COMMAND")
    p = lsub.add_parser(
        "export", parents=[key], help="write the case's newest letter to a PDF file"
    )
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="LETTER.pdf")
    p.add_argument("--version", type=int, default=None, help="letter version (default: newest)")
    p.add_argument(
        "--representative-copy",
        action="store_true",
        help="the authorized representative's copy of that version instead of the member's letter",
    )
    p.add_argument(
        "--language",
        default=None,
        metavar="LANG",
        help="only the letter's part in LANG (its own language, or en for the English version "
        "kept with a letter in another language); an unsigned extract of the signed letter",
    )
    p.set_defaults(handler=cmd_letter_export)
    p = lsub.add_parser(
        "verify",
        parents=[key],
        help="verify a letter against this machine's trust bundle (exit 0 valid, 1 not)",
    )
    p.add_argument("target", type=Path, metavar="LETTER.pdf|CASE.umcase")
    p.add_argument(
        "--case", type=Path, default=None, help="also check the PDF against this case's record"
    )
    p.set_defaults(handler=cmd_letter_verify)


def _passphrase(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"--passphrase-file {path}: cannot read ({exc.strerror})") from None
    data = data.rstrip(b"\r\n")
    if not data:
        raise CliError(f"--passphrase-file {path}: the file is empty")
    return data


def _identity(path: Path, passphrase_file: Path) -> Any:
    from reviewer_app.letters.identity import IdentityError, load_identity

    try:
        return load_identity(path, _passphrase(passphrase_file))
    except IdentityError as exc:
        raise CliError(f"--identity {path}: {exc}") from None


def cmd_identity_create(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.letters.identity import IdentityError, create_identity, load_identity

    require_free_output(args.output)
    passphrase = _passphrase(args.passphrase_file)
    try:
        create_identity(args.name, args.credentials, args.role, passphrase, args.output)
        identity = load_identity(args.output, passphrase)
    except IdentityError as exc:
        raise CliError(str(exc)) from None
    ctx.trust.add(identity.cert_der)  # recorded here; self-signed is never trusted
    print(
        f"Created a self-signed identity for {identity.name}, {identity.credentials} "
        f"({identity.role}) in {args.output}; for training cases only (a determination "
        "needs an identity from `reviewer-app org issue`)"
    )
    return 0


def cmd_identity_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.decisions.authorization import authorize

    identity = _identity(args.identity, args.passphrase_file)
    grant = authorize(identity, ctx.anchors(), now=_now(), training=False)
    if not grant.allowed:
        raise CliError(f"--identity {args.identity}: {grant.problem}")
    print(
        f"{identity.name}, {identity.credentials} ({identity.role}) of {identity.organization}: "
        f"issued by this machine's organization authority, valid until "
        f"{identity.not_after:%Y-%m-%d}"
    )
    return 0


def cmd_trust_root(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.decisions.trust import (
        TrustBundleError,
        load_certificate,
        read_bundle,
        write_bundle,
    )

    try:
        cert = load_certificate(args.certificate.read_bytes(), str(args.certificate))
        certs, crls = read_bundle(ctx.trust.config)
        if cert not in certs:
            certs.append(cert)
        path = write_bundle(ctx.trust.config, certs, crls)
    except OSError as exc:
        raise CliError(f"{args.certificate}: cannot read ({exc.strerror})") from None
    except TrustBundleError as exc:
        raise CliError(str(exc)) from None
    print(f"Added {cert.subject.rfc4514_string()} to the trust bundle ({path})")
    return 0


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def cmd_decide(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.decisions.rules import Decision, DecisionNotAllowed
    from reviewer_app.decisions.service import LetterIncomplete, decide

    identity = _identity(args.identity, args.passphrase_file)
    if not identity.role:
        raise CliError(f"--identity {args.identity}: the certificate names no role")
    with ctx.open_case(args.case) as case:
        if case.readonly:
            raise CliError(case.locked_by)
        warnings = _reading_warnings(case, args, identity, ctx)
        try:
            row = decide(
                case,
                Decision(args.decision),
                args.rationale,
                identity,
                ctx.organization(),
                _now(),
                trust=ctx.anchors(),
                member_rationale=args.member_rationale,
            )
        except DecisionNotAllowed as exc:
            raise CliError(f"--decision {args.decision}: {exc}") from None
        except LetterIncomplete as exc:
            raise CliError(f"signing refused: {exc}") from None
        print(
            f"{case.case_id}: {args.decision} signed by {identity.name}; letter version "
            f"{row.version} stored (SHA-256 {row.sha256})"
        )
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return 0


def _reading_warnings(
    case: Any, args: argparse.Namespace, identity: Any, ctx: CliContext
) -> list[str]:
    """The letter check's warnings (reading grade above 8, the letter's language): named,
    never a refusal; the same notes as the Decision tab's letter check."""
    from reviewer_app.decisions.rules import Decision
    from reviewer_app.decisions.service import draft
    from reviewer_app.letters.content import Signer

    signer = Signer(name=identity.name, credentials=identity.credentials, role=identity.role)
    preview = draft(
        case,
        Decision(args.decision),
        args.rationale,
        signer,
        ctx.organization(),
        _now().date(),
        args.member_rationale,
    )
    return preview.warnings


def cmd_refer(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.decisions.service import refer_to_medical_director

    with ctx.open_case(args.case) as case:
        if case.readonly:
            raise CliError(case.locked_by)
        refer_to_medical_director(case, ctx.actor, args.note)
        print(f"{case.case_id}: referred to a medical director")
    return 0


def cmd_reopen(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.decisions.authorization import authorize
    from reviewer_app.decisions.rules import DecisionNotAllowed, Role
    from reviewer_app.decisions.service import actor_label, reopen

    identity = _identity(args.identity, args.passphrase_file)
    with ctx.open_case(args.case) as case:
        if case.readonly:
            raise CliError(case.locked_by)
        grant = authorize(identity, ctx.anchors(), now=_now(), training=case.header.training)
        if not grant.allowed:
            raise CliError(f"--identity {args.identity}: {grant.problem}")
        from reviewer_app.decisions.entry_trust import IdentitySigner

        case.sign_entries_as(IdentitySigner(identity))  # the reopening entry is theirs
        try:
            reopen(
                case,
                Role(identity.role),
                actor_label(identity.name, identity.credentials, identity.role),
                args.reason,
            )
        except DecisionNotAllowed as exc:
            raise CliError(str(exc)) from None
        print(f"{case.case_id}: reopened; the next letter will supersede the previous one")
    return 0


def cmd_letter_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.casefile import determinations as store

    require_free_output(args.output)
    with ctx.open_case(args.case, readonly=True) as case:
        copies = store.representative_copies(case)
        wanted = args.representative_copy
        rows = [r for r in store.letters(case) if (r.id in copies) == wanted]
        row = (
            rows[0]
            if args.version is None and rows
            else next((r for r in rows if r.version == args.version), None)
        )
        if row is None or row.id is None:
            version = f" version {args.version}" if args.version else ""
            what = " has no authorized representative's copy" if wanted else ": no letter"
            raise CliError(f"{args.case}{what}{version and ' of' + version if wanted else version}")
        try:
            pdf = store.letter_pdf(case, row.id)
        except Exception as exc:
            raise CliError(str(exc), EXIT_FAILED_CHECK) from None
    part = ""
    if args.language is not None:
        from reviewer_app.letters.parts import NoSuchPart, extract_part, letter_parts

        pages = letter_parts(pdf)
        try:
            shown = pages.page_range(args.language.strip().lower())
            pdf = extract_part(pdf, args.language.strip().lower())
        except NoSuchPart as exc:
            raise CliError(f"--language {args.language}: {exc}") from None
        part = (
            f", {args.language} pages {shown.start + 1}-{shown.stop} of {pages.pages}; an "
            "unsigned extract: export the whole letter to verify its signature"
        )
    try:
        safe_files.write_file(args.output, pdf)
    except safe_files.OutputExists:
        raise CliError(f"-o {args.output}: the file already exists") from None
    copy = ", the authorized representative's copy" if args.representative_copy else ""
    print(f"Wrote letter version {row.version} ({row.kind}{copy}{part}) to {args.output}")
    return 0


def cmd_letter_verify(args: argparse.Namespace, ctx: CliContext) -> int:
    """Trust comes from this machine's bundle only; a case file can only add checks."""
    from reviewer_app.decisions.verification import match_case_letter, verify_case_letter
    from reviewer_app.letters.verify import verify_letter

    anchors = ctx.anchors()
    target: Path = args.target
    if target.suffix == ".umcase":
        with ctx.open_case(target, readonly=True) as case:
            check = verify_case_letter(case, anchors)
        result = check.result
        ok, reason = check.ok, check.reason
    else:
        try:
            pdf = target.read_bytes()
        except OSError as exc:
            raise CliError(f"{target}: cannot read ({exc.strerror})") from None
        if args.case is not None:
            with ctx.open_case(args.case, readonly=True) as case:
                row = match_case_letter(case, pdf)
                if row is None:
                    raise CliError(
                        f"letter not valid: {target} does not match any letter stored in "
                        f"{args.case}",
                        EXIT_FAILED_CHECK,
                    )
                check = verify_case_letter(case, anchors, row.id)
            result = check.result
            ok, reason = check.ok, check.reason
        else:
            result = verify_letter(pdf, anchors)
            ok, reason = result.ok, result.reason
    if not ok:
        raise CliError(f"letter not valid: {_one_line(reason)}", EXIT_FAILED_CHECK)
    assert result is not None
    signed = f"{result.signed_at:%Y-%m-%d %H:%M:%S %Z}" if result.signed_at else "unknown"
    print(f"Valid: signed by {result.signer_name} at {signed}")
    print(f"Signer: {result.signer_name}, {result.credentials}")
    print(f"Role: {result.role_label}")
    print(f"Organization: {result.organization}")
    print(f"Signed: {signed}")
    print(f"Verdict: valid — {reason}" + (" Matches the case file." if args.case else ""))
    return 0


def _one_line(text: str) -> str:
    return " ".join(text.split())
