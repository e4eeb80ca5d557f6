"""The organization's authority, offline: `org init|issue|revoke` (the administrator) and
`org join` (every reviewer's and verifier's machine)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.decision_cmds import ROLE_HELP, ROLES, _passphrase
from reviewer_app.cli.errors import CliError, require_free_output


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    org = sub.add_parser("org", help="the organization's signing authority and trust bundle")
    osub = org.add_subparsers(dest="org_command", required=True, metavar="COMMAND")
    p = osub.add_parser("init", help="create the organization's CA and its trust bundle")
    p.add_argument("--name", default=None, help="the organization (default: the letterhead's)")
    p.add_argument("--key", required=True, type=Path, metavar="CA-KEY.pem", help="new key file")
    p.add_argument("--passphrase-file", required=True, type=Path, metavar="F")
    p.set_defaults(handler=cmd_org_init)

    p = osub.add_parser("issue", help="issue a signing identity (PKCS#12) for one person")
    p.add_argument("--name", required=True)
    p.add_argument("--credentials", required=True, help="e.g. MD, DO, RN")
    p.add_argument("--specialty", default="")
    p.add_argument("--npi", default="", help="ten-digit National Provider Identifier")
    p.add_argument("--role", required=True, choices=ROLES, metavar="ROLE", help=ROLE_HELP)
    p.add_argument("--valid-days", type=int, default=365, metavar="N")
    p.add_argument("--passphrase-file", required=True, type=Path, metavar="F", help="for the .p12")
    _ca_options(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="ID.p12")
    p.set_defaults(handler=cmd_org_issue)

    p = osub.add_parser("revoke", help="revoke an identity: list it in the bundle's CRL")
    p.add_argument("target", metavar="ID.p12|SERIAL")
    p.add_argument("--passphrase-file", type=Path, metavar="F", help="the .p12's passphrase")
    _ca_options(p)
    p.set_defaults(handler=cmd_org_revoke)

    p = osub.add_parser("join", help="install an organization's trust bundle on this machine")
    p.add_argument("bundle", type=Path, metavar="organization.json")
    p.set_defaults(handler=cmd_org_join)


def _ca_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ca-key", required=True, type=Path, metavar="CA-KEY.pem")
    p.add_argument("--ca-passphrase-file", required=True, type=Path, metavar="F")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _authority(args: argparse.Namespace, ctx: CliContext) -> Any:
    from reviewer_app.decisions.trust import TrustBundleError, read_bundle
    from reviewer_app.letters.authority import AuthorityError, load_authority

    try:
        certs, _ = read_bundle(ctx.trust.config)
    except TrustBundleError as exc:
        raise CliError(str(exc)) from None
    if not certs:
        raise CliError("no organization authority on this machine: run `reviewer-app org init`")
    passphrase = _passphrase(args.ca_passphrase_file)
    problem = ""
    for cert in certs:
        try:
            return load_authority(cert, args.ca_key, passphrase)
        except AuthorityError as exc:
            problem = str(exc)
    raise CliError(f"--ca-key {problem}")


def cmd_org_init(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.decisions.trust import TrustBundleError, read_bundle, write_bundle
    from reviewer_app.letters.authority import (
        AuthorityError,
        create_authority,
        make_crl,
        save_authority_key,
    )

    try:
        certs, _ = read_bundle(ctx.trust.config)
        name = args.name or ctx.organization().name
    except (TrustBundleError, ValueError) as exc:
        raise CliError(str(exc)) from None
    if certs:
        raise CliError(
            f"{ctx.trust.config / 'organization.json'} already holds an organization authority"
        )
    if args.key.exists():
        raise CliError(f"--key {args.key}: the file already exists")
    passphrase = _passphrase(args.passphrase_file)
    now = _now()
    try:
        authority = create_authority(name, now=now)
        save_authority_key(authority, passphrase, args.key)
    except AuthorityError as exc:
        raise CliError(str(exc)) from None
    path = write_bundle(
        ctx.trust.config,
        [authority.cert],
        [make_crl(authority, [], now=now)],
        organization_name=name,
    )
    print(
        f"Created the {name} signing authority (key in {args.key}, readable by you only); "
        f"trust bundle written to {path}: copy it to every machine (`org join`)"
    )
    return 0


def cmd_org_issue(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.letters.authority import AuthorityError, IssueRequest, issue_identity

    require_free_output(args.output)
    authority = _authority(args, ctx)
    request = IssueRequest(
        name=args.name,
        credentials=args.credentials,
        role=args.role,
        specialty=args.specialty,
        npi=args.npi,
        valid_days=args.valid_days,
    )
    passphrase = _passphrase(args.passphrase_file)
    try:
        cert = issue_identity(authority, request, passphrase, args.output, now=_now())
    except AuthorityError as exc:
        raise CliError(str(exc)) from None
    print(
        f"Issued {args.name.strip()}, {args.credentials} ({args.role}) until "
        f"{cert.not_valid_after_utc:%Y-%m-%d}, serial {cert.serial_number:x}, in {args.output}"
    )
    return 0


def _serial(args: argparse.Namespace) -> int:
    target = str(args.target)
    if target.lower().endswith((".p12", ".pfx")) or Path(target).is_file():
        from reviewer_app.letters.identity import IdentityError, load_identity

        if args.passphrase_file is None:
            raise CliError(f"{target}: --passphrase-file is needed to read the identity")
        try:
            identity = load_identity(Path(target), _passphrase(args.passphrase_file))
        except IdentityError as exc:
            raise CliError(f"{target}: {exc}") from None
        from cryptography import x509

        return x509.load_der_x509_certificate(identity.cert_der).serial_number
    try:
        return int(target.removeprefix("0x"), 16)
    except ValueError:
        raise CliError(f"{target}: not an identity file nor a hexadecimal serial") from None


def cmd_org_revoke(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.decisions.trust import read_bundle, write_bundle
    from reviewer_app.letters.authority import make_crl

    serial = _serial(args)
    authority = _authority(args, ctx)
    certs, crls = read_bundle(ctx.trust.config)
    now = _now()
    revoked: dict[int, dt.datetime] = {}
    others = []
    for crl in crls:
        if crl.issuer != authority.cert.subject:
            others.append(crl)
            continue
        for entry in crl:
            revoked[entry.serial_number] = entry.revocation_date_utc
    if serial in revoked:
        raise CliError(f"serial {serial:x} is already revoked")
    revoked[serial] = now
    new_crl = make_crl(authority, sorted(revoked.items()), now=now)
    path = write_bundle(ctx.trust.config, certs, [*others, new_crl])
    print(f"Revoked serial {serial:x}; the CRL in {path} lists it: copy it to every machine")
    return 0


def cmd_org_join(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.decisions.trust import TrustBundleError, install_bundle

    try:
        organization, certs, crls = install_bundle(args.bundle, ctx.trust.config)
    except TrustBundleError as exc:
        raise CliError(str(exc)) from None
    print(
        f"This machine now trusts {organization.name}'s authority "
        f"({certs} CA certificate(s), {crls} CRL(s))"
    )
    return 0
