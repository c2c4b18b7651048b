"""`zoneproof.fix`: proved patches, typed results, errors."""

from __future__ import annotations

import json

import pytest

import zoneproof

ARN = "arn:aws:s3:::example-bucket"
OWNER = "111122223333"

POLICY = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "PublicRead",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::example-bucket/*"
        },
        {
            "Sid": "Partner",
            "Effect": "Allow",
            "Principal": {"AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::111122223333:role/App"]},
            "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::example-bucket/*"
        }
    ]
}
"""


def findings() -> list[zoneproof.Finding]:
    return zoneproof.analyze(POLICY, "AWS::S3::Bucket", ARN, account=OWNER)


def test_every_finding_gets_a_proved_patch() -> None:
    report = zoneproof.fix(POLICY, "AWS::S3::Bucket", ARN, account=OWNER)
    assert isinstance(report, zoneproof.FixReport)
    assert report.fixed
    assert {f.strategy for f in report.fixes} == {"restrict", "remove"}
    for f in report.fixes:
        assert f.proof is not None and f.proof.holds
    assert report.proof is not None and report.proof.holds
    assert report.diff.startswith("--- a/policy.json\n+++ b/policy.json\n")
    # The patched policy keeps Sids and key order, and the text its indentation.
    assert [s["Sid"] for s in report.policy["Statement"]] == ["PublicRead", "Partner"]
    assert list(report.policy["Statement"][0]) == [
        "Sid", "Effect", "Principal", "Action", "Resource", "Condition"]
    assert '\n            "Condition": {' in report.text
    # The fixed findings are gone when the patched policy is analysed again.
    fixed = {f.finding_id for f in report.fixes}
    again = zoneproof.analyze(report.text, "AWS::S3::Bucket", ARN, account=OWNER)
    assert not fixed & {f.id for f in again}
    assert {f.id for f in again} == {f.id for f in report.remaining}


def test_one_finding_by_id_and_strategy() -> None:
    partner = next(f for f in findings() if f.principal == {"AWS": "444455556666"})
    report = zoneproof.fix(
        json.loads(POLICY), "AWS::S3::Bucket", ARN, account=OWNER,
        finding_id=partner.id, strategy="remove")
    [only] = report.fixes
    assert only.finding_id == partner.id
    assert only.status == "fixed" and only.strategy == "remove"
    assert report.policy["Statement"][1]["Principal"] == {
        "AWS": ("arn:aws:iam::111122223333:role/App",)}
    # The public finding was not selected: it is still there.
    assert any(f.is_public for f in report.remaining)
    assert report.to_dict()["fixes"][0]["findingId"] == partner.id


def test_a_strategy_that_cannot_fix_reports_why() -> None:
    partner = next(f for f in findings() if f.principal == {"AWS": "444455556666"})
    report = zoneproof.fix(POLICY, "AWS::S3::Bucket", ARN, account=OWNER,
                           finding_id=[partner.id], strategy="restrict")
    [only] = report.fixes
    assert only.status == "none"
    assert only.reason
    assert only.rejected and "remove the principal instead" in only.rejected[0].reason
    assert report.text == POLICY and report.diff == "" and report.proof is None


def test_errors() -> None:
    with pytest.raises(ValueError, match="no ACTIVE finding"):
        zoneproof.fix(POLICY, "AWS::S3::Bucket", ARN, account=OWNER, finding_id="nope")
    with pytest.raises(zoneproof.PolicyError):
        zoneproof.fix('{"Statement": 3}', "AWS::S3::Bucket", ARN, account=OWNER)
    with pytest.raises(ValueError, match="strategy"):
        zoneproof.fix(POLICY, "AWS::S3::Bucket", ARN, account=OWNER,
                      strategy="widen")  # type: ignore[arg-type]
