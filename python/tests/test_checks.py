"""The policy checks from Python: verdicts, typed results, errors, and the
GIL released while solving."""

import threading

import pytest

import zoneproof

READ = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}],
}
READ_WRITE = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
        {"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"},
    ],
}


def test_no_new_access_fails_with_a_witnessed_class():
    result = zoneproof.check_no_new_access(READ_WRITE, READ)
    assert result.result == "FAIL" and not result.passed
    assert [r.statement_id for r in result.reasons] == ["Write"]
    (cls,) = result.classes
    assert cls.actions == ("s3:PutObject",)
    assert cls.resources == ("arn:aws:s3:::b/*",) and cls.conditions == ()
    assert cls.witnesses[0].action == "s3:PutObject"
    assert result.to_dict()["reasons"][0]["statementIndex"] == 1


def test_no_new_access_passes_when_narrower():
    result = zoneproof.check_no_new_access(READ, READ_WRITE, policy_type="identity")
    assert result.passed and result.proof.complete


def test_access_not_granted():
    assert zoneproof.check_access_not_granted(READ_WRITE, actions=["s3:PutObject"]).result == "FAIL"
    assert zoneproof.check_access_not_granted(READ, actions=["s3:PutObject"]).result == "PASS"
    with pytest.raises(ValueError):
        zoneproof.check_access_not_granted(READ)


def test_no_public_access():
    public = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}
        ],
    }
    assert zoneproof.check_no_public_access(public, "AWS::S3::Bucket").result == "FAIL"
    with pytest.raises(ValueError):
        zoneproof.check_no_public_access(public, "AWS::Nope::Thing")


def test_invalid_policy_raises_policy_error():
    with pytest.raises(zoneproof.PolicyError) as error:
        zoneproof.check_no_new_access({"Statement": [{"Effect": "Maybe"}]}, READ)
    assert error.value.path.startswith("policy:")


def test_checks_run_in_threads():
    results = []

    def work():
        results.append(zoneproof.check_no_new_access(READ_WRITE, READ).result)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["FAIL"] * 4
