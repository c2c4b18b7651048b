#!/usr/bin/env python3
"""Export an AWS Organizations organization for zoneproof.

Writes zoneproof's organization export (docs/organization-export.md): the
organization, its root, every OU and account with its parent, and every
service control policy (SCP) and resource control policy (RCP) with its
content and targets. `zoneproof authorize` (and the other commands that take
INPUTS) recognise the file by its shape.

Run it with credentials of the management account (or of a delegated
administrator for AWS Organizations); it only reads:

    python3 scripts/export-organization.py --output org.json [--profile PROFILE] [--aws-cli PATH]

It calls the AWS CLI (v1 or v2; `aws` on PATH unless --aws-cli names it) and
nothing else:

    aws organizations describe-organization
    aws organizations list-roots
    aws organizations list-organizational-units-for-parent --parent-id ID
    aws organizations list-accounts-for-parent --parent-id ID
    aws organizations list-policies --filter SERVICE_CONTROL_POLICY|RESOURCE_CONTROL_POLICY
    aws organizations describe-policy --policy-id ID
    aws organizations list-targets-for-policy --policy-id ID

Permissions needed: organizations:DescribeOrganization, ListRoots,
ListOrganizationalUnitsForParent, ListAccountsForParent, ListPolicies,
DescribePolicy, ListTargetsForPolicy. The AWS CLI follows pagination by
itself. Policies of a type that is not enabled on the root are not listed
(they do not apply). Exit status: 0 on success, 1 when an AWS CLI call fails
(its error is printed).
"""

import argparse
import datetime
import json
import subprocess
import sys

POLICY_TYPES = ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")


class CliError(Exception):
    """An AWS CLI call that failed."""


AWS_CLI = ["aws"]


def aws(profile, *args):
    """Runs `aws organizations ARGS --output json` and returns the decoded output."""
    command = [*AWS_CLI, "organizations", *args, "--output", "json"]
    if profile:
        command += ["--profile", profile]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise CliError(f"the AWS CLI (`{AWS_CLI[0]}`) cannot be run") from error
    if done.returncode != 0:
        raise CliError(f"`{' '.join(command)}` failed: {done.stderr.strip()}")
    try:
        return json.loads(done.stdout or "{}")
    except json.JSONDecodeError as error:
        raise CliError(f"`{' '.join(command)}` printed no JSON: {error}") from error


def walk_tree(profile, root_id):
    """Every OU and account under the root, each with its `ParentId`, breadth first."""
    units, accounts = [], []
    parents = [root_id]
    while parents:
        parent = parents.pop(0)
        found = aws(profile, "list-organizational-units-for-parent", "--parent-id", parent)
        for unit in found.get("OrganizationalUnits", []):
            units.append({**unit, "ParentId": parent})
            parents.append(unit["Id"])
        found = aws(profile, "list-accounts-for-parent", "--parent-id", parent)
        accounts.extend({**account, "ParentId": parent} for account in found.get("Accounts", []))
    return units, accounts


def enabled_types(root):
    """The authorization policy types enabled on the root."""
    return {
        entry.get("Type")
        for entry in root.get("PolicyTypes", [])
        if entry.get("Status") == "ENABLED" and entry.get("Type") in POLICY_TYPES
    }


def export_policies(profile, policy_types):
    """Every policy of the given types with its `Content` and `Targets` (ids)."""
    policies = []
    for policy_type in POLICY_TYPES:
        if policy_type not in policy_types:
            continue
        listed = aws(profile, "list-policies", "--filter", policy_type)
        for summary in listed.get("Policies", []):
            policy_id = summary["Id"]
            described = aws(profile, "describe-policy", "--policy-id", policy_id)
            targets = aws(profile, "list-targets-for-policy", "--policy-id", policy_id)
            policies.append({
                "Id": policy_id,
                "Arn": summary.get("Arn"),
                "Name": summary.get("Name"),
                "Description": summary.get("Description"),
                "Type": summary.get("Type", policy_type),
                "AwsManaged": summary.get("AwsManaged", False),
                "Content": described.get("Policy", {}).get("Content"),
                "Targets": [target["TargetId"] for target in targets.get("Targets", [])],
            })
    return policies


def export(profile):
    """The whole export as a JSON-serialisable dict."""
    organization = aws(profile, "describe-organization").get("Organization", {})
    roots = aws(profile, "list-roots").get("Roots", [])
    if len(roots) != 1:
        raise CliError(f"expected one root, `list-roots` returned {len(roots)}")
    units, accounts = walk_tree(profile, roots[0]["Id"])
    return {
        "ExportedBy": "zoneproof scripts/export-organization.py",
        "ExportedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "Organization": organization,
        "Roots": roots,
        "OrganizationalUnits": units,
        "Accounts": accounts,
        "Policies": export_policies(profile, enabled_types(roots[0])),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--output", "-o", help="file to write (default: standard output)")
    parser.add_argument("--profile", help="AWS CLI profile to use")
    parser.add_argument("--aws-cli", default="aws", help="the AWS CLI executable (default: `aws` on PATH)")
    args = parser.parse_args(argv)
    AWS_CLI[0] = args.aws_cli
    try:
        document = export(args.profile)
    except CliError as error:
        print(f"export-organization: {error}", file=sys.stderr)
        return 1
    text = json.dumps(document, indent=2) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
