"""The Python API reports exactly what the CLI reports (issue: "the same
findings from Python as from the CLI on a set of corpus cases"), for
policies given as text or as dicts."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import zoneproof
from conftest import EXTRAS, case_arguments, load_case

T = TypeVar("T")

# One or more cases per resource type and access path: policies with
# conditions, organizations, service principals, federated principals,
# ACLs, KMS grants, snapshot sharing, and a zone that keeps everything in.
PARITY_CASES = [
    "rules/dynamodb/stream-external-role.json",
    "rules/ecr/lambda-service-no-condition.json",
    "rules/operators/multiple-keys-anded-in-deny.json",
    "rules/operators/forallvalues-org-paths-absent-is-public.json",
    "rules/restricting/source-ip-v4-and-v6-list.json",
    "rules/s3express/create-session-other-org.json",
    "rules/secretsmanager/star-org-id-zone.json",
    "rules/sharing/acl-all-users-read-is-public.json",
    "rules/sharing/ec2-snapshot-shared-publicly.json",
    "rules/sharing/kms-grant-to-external-role.json",
    "seed/cfn_nag/kms_external_users_alice_bob.json",
    "seed/cfn_nag/sns_public_and_canonical_user.json",
    "seed/steampipe/trust_five_saml_providers_with_saml_conditions.json",
    "seed-adapted/steampipe/aws_star_and_external_account.json",
]

INVALID_CASES = [
    "rules/invalid/lowercase-effect.json",
    "rules/invalid/missing-principal-in-resource-policy.json",
    "rules/invalid/invalid-cidr.json",
    "rules/invalid/invalid-json-string.json",
    "rules/invalid/notprincipal-in-trust-policy.json",
]


def in_fresh_thread(run: Callable[[], T]) -> T:
    """Runs `run` on a new thread. Each thread has its own solver, so the
    witnesses are those of a fresh process, like one CLI run (a thread's
    solver keeps state between analyses and may pick other witnesses)."""
    out: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            out.append(run())
        except BaseException as error:  # re-raised on the caller's thread
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return out[0]


def run_cli(cli: Path, case: dict[str, Any], tmp_path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    """`zoneproof analyze ... --format json` on a corpus case: exit code and result."""
    args = [str(cli), "analyze"]
    if "policy" in case:
        policy = case["policy"]
        text = policy if isinstance(policy, str) else json.dumps(policy)
        (tmp_path / "policy.json").write_text(text)
        args.append(str(tmp_path / "policy.json"))
    args += ["--resource-type", case["resourceType"], "--resource-arn", case["resourceArn"]]
    zone = case["zone"]
    args += ["--account", zone["account"]]
    if zone.get("org"):
        args += ["--org", zone["org"]]
    for account in zone.get("orgAccounts", []):
        args += ["--org-account", account]
    for account in zone.get("trustedAccounts", []):
        args += ["--trusted-account", account]
    if not case.get("serviceFindings", True):
        args.append("--no-service-findings")
    for key in EXTRAS:
        if key in case:
            path = tmp_path / f"{key}.json"
            path.write_text(json.dumps(case[key]))
            args += ["--" + EXTRAS[key].replace("_", "-"), str(path)]
    args += [*extra, "--format", "json"]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    return done.returncode, json.loads(done.stdout)


def python_findings(case: dict[str, Any], **kwargs: Any) -> list[dict[str, Any]]:
    def run() -> list[zoneproof.Finding]:
        return zoneproof.analyze(
            case.get("policy"),
            case["resourceType"],
            case["resourceArn"],
            **{**case_arguments(case), **kwargs},
        )

    return [finding.to_dict() for finding in in_fresh_thread(run)]


@pytest.mark.parametrize("relative", PARITY_CASES)
def test_findings_equal_the_cli_json(cli: Path, tmp_path: Path, relative: str) -> None:
    case = load_case(relative)
    code, result = run_cli(cli, case, tmp_path)
    assert result["status"] == "analyzed", result
    assert code == (2 if any(f["status"] == "ACTIVE" for f in result["findings"]) else 0)
    assert python_findings(case) == result["findings"]


def test_parity_covers_findings_of_every_kind() -> None:
    """The parity cases are not vacuous: together they report public,
    cross-account, service, federated and canonical-user findings."""
    kinds = set()
    for relative in PARITY_CASES:
        for finding in load_case(relative)["expected"]["findings"]:
            kinds.add(next(iter(finding["principal"])))
            kinds.add(finding["findingType"])
    assert {"AWS", "Service", "Federated", "CanonicalUser", "ExternalAccessViaService"} <= kinds


def test_archive_rules_archive_as_in_the_cli(cli: Path, tmp_path: Path) -> None:
    """Access Analyzer archive rules: matching findings come back ARCHIVED,
    with the rule's name, in both front ends."""
    case = load_case("seed/cfn_nag/sns_public_and_canonical_user.json")
    rules = [{"ruleName": "public-is-intended", "filter": {"isPublic": {"eq": ["true"]}}}]
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(json.dumps(rules))
    _, result = run_cli(cli, case, tmp_path, "--archive-rules", str(rules_file))
    findings = python_findings(case, archive_rules=rules)
    assert findings == result["findings"]
    assert [f.get("archivedBy") for f in findings if f["isPublic"]] == ["public-is-intended"]
    assert python_findings(case, archive_rules=json.dumps(rules)) == findings


@pytest.mark.parametrize("relative", INVALID_CASES)
def test_policy_errors_carry_the_cli_message(cli: Path, tmp_path: Path, relative: str) -> None:
    case = load_case(relative)
    code, result = run_cli(cli, case, tmp_path)
    assert code == 1 and result["status"] == "error"
    with pytest.raises(zoneproof.PolicyError) as raised:
        zoneproof.analyze(case["policy"], case["resourceType"], case["resourceArn"], **case_arguments(case))
    error = raised.value
    # The CLI says `FILE: invalid policy: PATH: MESSAGE`.
    assert result["error"].endswith(f"invalid policy: {error.path}: {error.message}")
    assert str(error) == f"{error.path}: {error.message}"
    if "errorContains" in case["expected"]:
        assert case["expected"]["errorContains"] in str(error)


@pytest.mark.parametrize("relative", PARITY_CASES[:6])
def test_text_and_dict_policies_give_the_same_findings(relative: str) -> None:
    case = load_case(relative)
    as_dict = python_findings(case)
    as_text = python_findings({**case, "policy": json.dumps(case["policy"], indent=4)})
    assert as_text == as_dict
    assert as_dict, "a case without findings would not tell the two apart"


def test_unknown_is_an_analysis_error_with_the_cli_reason(cli: Path, tmp_path: Path) -> None:
    """Fail closed: a key compared as text and as a number cannot be decoded
    into one request, so the result is `unknown` (exit 1), never "no access"."""
    case = {
        "resourceType": "AWS::S3::Bucket",
        "resourceArn": "arn:aws:s3:::example-bucket",
        "zone": {"account": "111122223333"},
        "policy": MIXED_TYPES_POLICY,
    }
    code, result = run_cli(cli, case, tmp_path)
    assert code == 1 and result["status"] == "unknown"
    with pytest.raises(zoneproof.AnalysisError) as raised:
        zoneproof.analyze(MIXED_TYPES_POLICY, "AWS::S3::Bucket", "arn:aws:s3:::example-bucket",
                          account="111122223333")
    assert raised.value.status == "unknown"
    assert result["error"] == f"{tmp_path / 'policy.json'}: {raised.value}"
    partial = raised.value.result.to_dict()
    assert partial["findings"] == result["findings"]
    assert partial["proof"]["complete"] is False


MIXED_TYPES_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:ListBucket",
            "Resource": "arn:aws:s3:::example-bucket",
            "Condition": {
                "StringEquals": {"s3:max-keys": "10"},
                "NumericLessThan": {"s3:max-keys": "5"},
            },
        }
    ],
}
