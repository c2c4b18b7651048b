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


# Two partners and an in-account role in one statement, no public grant (a
# public grant would give each partner its reads too: removing a partner
# from its own statement could not take its whole finding away).
PARTNERS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Partners",
            "Effect": "Allow",
            "Principal": {"AWS": [
                "arn:aws:iam::444455556666:root",
                "arn:aws:iam::777788889999:root",
                "arn:aws:iam::111122223333:role/App",
            ]},
            "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::example-bucket/*",
        }
    ],
}


def partner_finding() -> zoneproof.Finding:
    found = zoneproof.analyze(PARTNERS, "AWS::S3::Bucket", ARN, account=OWNER)
    return next(f for f in found if f.principal == {"AWS": "444455556666"})


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
    partner = partner_finding()
    report = zoneproof.fix(
        PARTNERS, "AWS::S3::Bucket", ARN, account=OWNER,
        finding_id=partner.id, strategy="remove")
    [only] = report.fixes
    assert only.finding_id == partner.id
    assert only.status == "fixed" and only.strategy == "remove"
    assert report.policy["Statement"][0]["Principal"] == {
        "AWS": ("arn:aws:iam::777788889999:root", "arn:aws:iam::111122223333:role/App")}
    # The other partner was not selected: its finding is still there.
    assert [f.principal for f in report.remaining] == [{"AWS": "777788889999"}]
    assert report.to_dict()["fixes"][0]["findingId"] == partner.id


def test_a_strategy_that_cannot_fix_reports_why() -> None:
    partner = partner_finding()
    text = json.dumps(PARTNERS, indent=4)
    report = zoneproof.fix(text, "AWS::S3::Bucket", ARN, account=OWNER,
                           finding_id=[partner.id], strategy="restrict")
    [only] = report.fixes
    assert only.status == "none"
    assert only.reason
    assert only.rejected and "remove the principal instead" in only.rejected[0].reason
    assert report.text == text and report.diff == "" and report.proof is None


def test_errors() -> None:
    with pytest.raises(ValueError, match="no ACTIVE finding"):
        zoneproof.fix(POLICY, "AWS::S3::Bucket", ARN, account=OWNER, finding_id="nope")
    with pytest.raises(zoneproof.PolicyError):
        zoneproof.fix('{"Statement": 3}', "AWS::S3::Bucket", ARN, account=OWNER)
    with pytest.raises(ValueError, match="strategy"):
        zoneproof.fix(POLICY, "AWS::S3::Bucket", ARN, account=OWNER,
                      strategy="widen")  # type: ignore[arg-type]


GITHUB = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
SUB = "token.actions.githubusercontent.com:sub"
ROLE = "arn:aws:iam::111122223333:role/deploy"
GITHUB_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "GitHubActions",
        "Effect": "Allow",
        "Principal": {"Federated": GITHUB},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}},
    }],
}


def test_claims_restrict_a_federated_finding_with_a_proof() -> None:
    main = "repo:my-org/my-repo:ref:refs/heads/main"
    report = zoneproof.fix(GITHUB_TRUST, "AWS::IAM::Role", ROLE, claims={SUB: [main]})
    [only] = report.fixes
    assert only.status == "fixed" and only.strategy == "restrict"
    assert only.proof is not None and only.proof.holds
    condition = report.policy["Statement"][0]["Condition"]["StringEquals"]
    assert condition[SUB] == main
    assert condition["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    # What remains is the narrower finding, carrying the claim.
    [remaining] = report.remaining
    assert remaining.principal == {"Federated": GITHUB}
    assert remaining.condition[SUB] == main
    # A single value may be given as a string; a wildcard is StringLike.
    like = zoneproof.fix(GITHUB_TRUST, "AWS::IAM::Role", ROLE, claims={SUB: "repo:my-org/*"})
    assert like.policy["Statement"][0]["Condition"]["StringLike"][SUB] == "repo:my-org/*"


def test_without_claims_a_federated_finding_says_how_and_bad_claims_raise() -> None:
    report = zoneproof.fix(GITHUB_TRUST, "AWS::IAM::Role", ROLE, strategy="restrict")
    [only] = report.fixes
    assert only.status == "none"
    assert "claims=" in only.rejected[0].reason
    with pytest.raises(ValueError, match="not a claim of provider"):
        zoneproof.fix(GITHUB_TRUST, "AWS::IAM::Role", ROLE,
                      claims={"accounts.google.com:aud": "my-client"})
