"""`reviewer-app policy ...`: look at the policies shipped as data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.policy.citations import unresolved_citations
from reviewer_app.policy.code_lists import CodeList, shipped_code_list
from reviewer_app.policy.models import Node


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    policy = sub.add_parser("policy", help="show the coverage policies")
    ps = policy.add_subparsers(dest="policy_command", required=True, metavar="COMMAND")
    p = ps.add_parser("show", help="print a policy's criteria tree with its source sentences")
    p.add_argument("policy_id", metavar="POLICY_ID")
    p.set_defaults(handler=cmd_show)
    p = ps.add_parser("list", help="list the policies")
    p.set_defaults(handler=cmd_list)
    p = ps.add_parser("export", help="write a policy as a Da Vinci DTR Questionnaire (FHIR R4)")
    p.add_argument("policy_id", metavar="POLICY_ID")
    p.add_argument("--questionnaire", action="store_true", required=True, help="as a Questionnaire")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="Q.json")
    p.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.cli.fhir_files import write_new
    from reviewer_app.fhir.questionnaire import canonical_url, questionnaire_json

    policy = ctx.policies.get(args.policy_id)
    write_new(args.output, questionnaire_json(policy))
    print(f"Wrote {canonical_url(policy)}|{policy.version} to {args.output}")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    for pid in ctx.policies.ids():
        print(f"{pid}  {ctx.policies.get(pid).citation_line()}")
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    policy = ctx.policies.get(args.policy_id)
    m = policy.meta
    print(f"Coverage Policy {m.number}: {m.title}")
    print(f"Effective {m.effective_date}; next review {m.next_review_date}")
    for cs in policy.criteria_sets:
        print()
        print(f"{cs.service_label} — CPT {', '.join(cs.cpt)}")
        _print_node(cs.root, 1)
    print()
    _print_code_list(shipped_code_list())
    unresolved = unresolved_citations(policy)
    print()
    print(f"References: {len(policy.references)}")
    print(f"In-text citations: {len(policy.citations)} linked, {len(unresolved)} unresolved")
    for cit in policy.mismatched_citations:
        print(f"  note: {cit.text!r} -> reference {cit.reference}: {cit.mismatch}")
    for text in unresolved:
        print(f"  unresolved: {text}")
    return 0


def _print_node(node: Node, depth: int) -> None:
    pad = "  " * depth
    if node.kind == "criterion":
        print(f"{pad}- [{node.id}] {node.label}: {node.question}")
    else:
        joiner = "ALL of" if node.kind == "all_of" else "ANY of"
        print(f"{pad}{joiner}: {node.label} [{node.id}]")
    for src in node.sources:
        print(f'{pad}    source {src.anchor}: "{src.quote}"')
    if node.otherwise:
        print(f'{pad}    otherwise {node.otherwise.anchor}: "{node.otherwise.quote}"')
    if node.derived:
        print(f"{pad}    derived: {node.derived}")
    if node.prefill and node.prefill.fact == "diagnosis.hematologic_malignancy":
        print(f"{pad}    pre-filled from the diagnosis list below")
    for child in node.children:
        _print_node(child, depth + 1)


def _print_code_list(codes: CodeList) -> None:
    print(f"Diagnosis list: {codes.title}")
    print(f"  code set: {codes.code_set}; dated {codes.dated}; next review {codes.next_review}")
    print(f"  source: {codes.source}")
    print("  malignant (pre-fills yes): " + ", ".join(e.codes for e in codes.malignant))
    print("  not malignant (pre-fills no): " + ", ".join(e.codes for e in codes.not_malignant))
    print("  any other code: left open for the reviewer")
