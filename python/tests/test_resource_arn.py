"""`resource_arn` may be left out when the policy's Resource elements name
exactly one resource; anything less certain asks for it (a guessed ARN
could hide findings)."""

from __future__ import annotations

from typing import Any

import pytest
import zoneproof

OWNER = "111122223333"


def policy(*resources: str, element: str = "Resource") -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", element: list(resources)}],
    }


def test_bucket_and_object_arns_name_the_bucket() -> None:
    findings = zoneproof.analyze(
        policy("arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"), "AWS::S3::Bucket", account=OWNER
    )
    assert [f.resource for f in findings] == ["arn:aws:s3:::example-bucket"]
    assert findings[0].is_public


def test_inferred_arn_gives_the_findings_of_the_explicit_one() -> None:
    document = policy("arn:aws:s3:::example-bucket/*")
    inferred = zoneproof.analyze(document, "AWS::S3::Bucket", account=OWNER)
    explicit = zoneproof.analyze(document, "AWS::S3::Bucket", "arn:aws:s3:::example-bucket", account=OWNER)
    assert [f.id for f in inferred] == [f.id for f in explicit]


def test_lambda_qualifiers_name_the_function() -> None:
    arn = "arn:aws:lambda:us-east-1:111122223333:function:f"
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "lambda:InvokeFunction",
                       "Resource": [arn, arn + ":prod"]}],
    }
    findings = zoneproof.analyze(document, "AWS::Lambda::Function")
    assert {f.resource for f in findings} == {arn}
    assert findings[0].resource_owner_account == OWNER


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (policy("arn:aws:s3:::a/*", "arn:aws:s3:::b/*"), "several resources"),
        (policy("arn:aws:s3:::example-*"), "does not name one resource"),
        (policy("*"), "does not name one resource"),
        (policy("arn:aws:s3:::a", element="NotResource"), "NotResource"),
    ],
)
def test_uncertain_resources_ask_for_the_arn(document: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=f"give resource_arn: .*{message}"):
        zoneproof.analyze(document, "AWS::S3::Bucket", account=OWNER)


def test_a_trust_policy_names_no_resource() -> None:
    trust = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
    with pytest.raises(ValueError, match="the policy names no resource"):
        zoneproof.analyze(trust, "AWS::IAM::Role", account=OWNER)
