"""`zoneproof.audit` reports what `zoneproof audit --format json` reports:
a planted one-step escalation is found with its witness, the same change
blocked by a permissions boundary is not, and credential findings come from
the report fixtures."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zoneproof
from conftest import ROOT

ACCOUNT = "111122223333"
ESCALATES = f"arn:aws:iam::{ACCOUNT}:user/escalates"
BOUNDED = f"arn:aws:iam::{ACCOUNT}:user/bounded"
BOUNDARY = f"arn:aws:iam::{ACCOUNT}:policy/read-only-boundary"
REPORT = ROOT / "corpus/credential-reports/current-layout.csv"


def put_self(name: str) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PutUserPolicy",
                                                     "Resource": f"arn:aws:iam::{ACCOUNT}:user/{name}"}]}


@pytest.fixture()
def details(tmp_path: Path) -> Path:
    boundary_doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    document = {
        "UserDetailList": [
            {"UserName": "escalates", "Path": "/", "Arn": ESCALATES, "GroupList": [],
             "UserPolicyList": [{"PolicyName": "self", "PolicyDocument": put_self("escalates")}],
             "AttachedManagedPolicies": []},
            {"UserName": "bounded", "Path": "/", "Arn": BOUNDED, "GroupList": [],
             "UserPolicyList": [{"PolicyName": "self", "PolicyDocument": put_self("bounded")}],
             "AttachedManagedPolicies": [],
             "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": BOUNDARY}},
        ],
        "GroupDetailList": [], "RoleDetailList": [],
        "Policies": [{"PolicyName": "read-only-boundary", "Arn": BOUNDARY, "Path": "/", "DefaultVersionId": "v1",
                      "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": True, "Document": boundary_doc}]}],
    }
    path = tmp_path / "details.json"
    path.write_text(json.dumps(document))
    return path


def test_escalation_found_and_boundary_near_miss_not(details: Path) -> None:
    report = zoneproof.audit(details, credential_report=REPORT, as_of="2026-03-01T00:00:00Z")
    paths = [f for f in report.findings if f.check == "PRIVILEGE_ESCALATION"]
    assert [f.principal for f in paths] == [ESCALATES]
    step = paths[0].evidence["steps"][0]
    assert step["technique"] == "iam:PutUserPolicy"
    assert step["witnesses"][0]["decision"] == "Allow"
    assert paths[0].severity == "CRITICAL"
    assert not [f for f in report.findings if f.principal == BOUNDED and f.category == "power"]
    checks = {(f.check, f.principal) for f in report.findings}
    assert ("ROOT_MFA_DISABLED", f"arn:aws:iam::{ACCOUNT}:root") in checks
    assert report.at_least("CRITICAL")
    assert any(s.account == ACCOUNT and s.score < 100 for s in report.scores)
    assert any("organization" in note for note in report.notes)


def test_same_json_as_the_cli(details: Path, cli: Path) -> None:
    report = zoneproof.audit(details, credential_report=REPORT, as_of="2026-03-01T00:00:00Z")
    done = subprocess.run([str(cli), "audit", "--authz-details", str(details), "--credential-report", str(REPORT),
                           "--as-of", "2026-03-01T00:00:00Z", "--format", "json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert json.loads(done.stdout) == report.to_dict()


def test_bad_inputs_raise(tmp_path: Path, details: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(zoneproof.InputError):
        zoneproof.audit(broken)
    with pytest.raises(ValueError):
        zoneproof.audit(details, max_steps=4)
