"""`organization=` for `zoneproof.analyze` and `zoneproof.scan`: the
resource control policies (RCPs) of the organization export cut external
access, as `--organization FILE` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zoneproof

from conftest import ROOT

ORGANIZATION = ROOT / "examples/authorize/organization.json"
BUCKET = json.loads((ROOT / "examples/public-bucket.json").read_text())
ARN = "arn:aws:s3:::example-website"
OWNER = "111122223333"
ORG = "o-a1b2c3d4e5"


def aws_findings(findings: list[zoneproof.Finding]) -> list[zoneproof.Finding]:
    return [f for f in findings if "AWS" in f.principal and f.status == "ACTIVE"]


def test_an_rcp_cuts_the_public_finding_given_as_a_path_or_a_mapping() -> None:
    without = zoneproof.analyze(BUCKET, "AWS::S3::Bucket", ARN, account=OWNER, org=ORG)
    assert any(f.is_public for f in aws_findings(without))
    for export in (ORGANIZATION, str(ORGANIZATION), json.loads(ORGANIZATION.read_text())):
        found = zoneproof.analyze(BUCKET, "AWS::S3::Bucket", ARN, account=OWNER, org=ORG,
                                  organization=export)
        assert aws_findings(found) == [], found


def test_scan_applies_the_rcps_of_each_resource_account(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.jsonl"
    inventory.write_text(json.dumps({"arn": ARN, "resourceType": "AWS::S3::Bucket",
                                     "accountId": OWNER, "policy": BUCKET}) + "\n")
    [plain] = zoneproof.scan(inventory, org=ORG)
    assert any(f.is_public and f.status == "ACTIVE" for f in plain.findings)
    assert plain.cut_by_rcp == ()
    [cut] = zoneproof.scan(inventory, org=ORG, organization=ORGANIZATION)
    assert cut.status == "analyzed"
    assert not any(f.is_public and f.status == "ACTIVE" for f in cut.findings)
    assert any(f.is_public and f.status == "ARCHIVED" for f in cut.cut_by_rcp)
    assert cut.to_dict()["cutByRcp"][0]["status"] == "ARCHIVED"


def test_a_bad_export_is_a_value_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "org.json"
    bad.write_text("{")
    with pytest.raises(ValueError, match="org.json"):
        zoneproof.analyze(BUCKET, "AWS::S3::Bucket", ARN, account=OWNER, organization=bad)
    with pytest.raises(ValueError, match="organization"):
        zoneproof.analyze(BUCKET, "AWS::S3::Bucket", ARN, account=OWNER,
                          organization={"not": "an export"})
    with pytest.raises(ValueError, match="cannot read"):
        zoneproof.scan(tmp_path, organization=tmp_path / "missing.json")
