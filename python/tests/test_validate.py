"""`zoneproof.validate`: Access Analyzer's policy checks, offline, as typed
findings whose `to_dict()` is the CLI's JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import zoneproof

PASS_ROLE = """{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["iam:PassRole", "s3:GetObjekt"], "Resource": "*"}
  ]
}"""


def test_findings_are_typed_with_access_analyzer_fields() -> None:
    findings = zoneproof.validate(PASS_ROLE)
    codes = {finding.issue_code: finding for finding in findings}
    invalid = codes["INVALID_ACTION"]
    assert invalid.finding_type == "ERROR"
    assert invalid.finding_details == "The action s3:GetObjekt does not exist. Did you mean s3:GetObject?"
    assert invalid.learn_more_link.endswith("#access-analyzer-reference-policy-checks-error-invalid-action")
    location = invalid.locations[0]
    assert location.json_path == "Statement[0].Action[1]"
    assert (location.span.start.line, location.span.start.column) == (4, 51)
    assert codes["PASS_ROLE_WITH_STAR_IN_RESOURCE"].finding_type == "SECURITY_WARNING"


def test_a_clean_policy_has_no_findings_and_a_dict_is_accepted() -> None:
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"}]}
    assert zoneproof.validate(policy) == []


def test_policy_and_resource_types_select_the_checks() -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}],
    }
    assert [f.issue_code for f in zoneproof.validate(trust, policy_type="trust")] == [
        "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL"
    ]
    bucket = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "arn:aws:s3:::b/*"}
        ],
    }
    assert zoneproof.validate(bucket, policy_type="resource") == []
    found = zoneproof.validate(bucket, policy_type="resource", resource_type="AWS::S3::Bucket")
    assert [f.issue_code for f in found] == ["UNSUPPORTED_ACTION_IN_POLICY"]


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError, match="unknown policy type"):
        zoneproof.validate("{}", policy_type="group")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="resource type"):
        zoneproof.validate("{}", policy_type="identity", resource_type="AWS::S3::Bucket")
    with pytest.raises(TypeError):
        zoneproof.validate(None)  # type: ignore[arg-type]


def test_invalid_json_is_a_finding() -> None:
    [finding] = zoneproof.validate("{\"Statement\": [}")
    assert finding.issue_code == "JSON_SYNTAX_ERROR"


def test_to_dict_is_the_cli_json(cli: Path, tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(PASS_ROLE)
    output = subprocess.run(
        [cli, "validate", str(path), "--format", "json"],
        capture_output=True,
        check=False,
        text=True,
    )
    assert output.returncode == 2, output.stderr
    [record] = json.loads(output.stdout)
    assert [finding.to_dict() for finding in zoneproof.validate(PASS_ROLE)] == record["findings"]
