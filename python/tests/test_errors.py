"""Errors: an invalid policy raises `PolicyError` with the JSON path,
an undecided analysis `AnalysisError`, bad arguments `ValueError` or
`TypeError`; every zoneproof error is a `zoneproof.Error`."""

from __future__ import annotations

import pickle
import re
from typing import Any

import pytest
import zoneproof

BUCKET = "arn:aws:s3:::example-bucket"
OWNER = "111122223333"


def statement(**fields: Any) -> dict[str, Any]:
    base = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": BUCKET + "/*"}
    return {"Version": "2012-10-17", "Statement": [{**base, **fields}]}


def policy_error(policy: object, resource_type: str = "AWS::S3::Bucket") -> zoneproof.PolicyError:
    with pytest.raises(zoneproof.PolicyError) as raised:
        zoneproof.analyze(policy, resource_type, BUCKET, account=OWNER)  # type: ignore[arg-type]
    return raised.value


def test_errors_share_a_base_class() -> None:
    assert issubclass(zoneproof.PolicyError, zoneproof.Error)
    assert issubclass(zoneproof.AnalysisError, zoneproof.Error)
    assert issubclass(zoneproof.Error, Exception)


def test_grammar_error_names_the_element() -> None:
    """reference_policies_grammar.md: Effect is `Allow` or `Deny`, case-sensitively."""
    error = policy_error(statement(Effect="allow"))
    assert error.path == "Statement[0].Effect"
    assert "`allow`" in error.message
    assert str(error) == f"Statement[0].Effect: {error.message}"


def test_malformed_json_text_is_a_policy_error_at_the_document() -> None:
    error = policy_error('{"Version": "2012-10-17", "Statement": [')
    assert error.path == "$"
    assert error.message.startswith("not valid JSON")


def test_duplicate_keys_in_policy_text_are_policy_errors() -> None:
    """A text policy is read strictly: a repeated key is an error, not "last wins"."""
    error = policy_error('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Effect": "Deny"}]}')
    assert error.path == "Statement[0].Effect"
    assert "duplicate key `Effect`" in error.message


def test_a_policy_that_is_not_an_object_is_a_policy_error() -> None:
    error = policy_error(["not", "a", "policy"])
    assert error.path == "$"
    assert "JSON object" in error.message


def test_statement_without_principal_in_a_resource_policy() -> None:
    """reference_policies_grammar.md: Principal is required in resource-based policies."""
    policy = statement()
    del policy["Statement"][0]["Principal"]
    error = policy_error(policy)
    assert error.path == "Statement[0]"
    assert "Principal" in error.message


def test_condition_value_error_names_the_condition() -> None:
    """Condition operators: IpAddress takes an address or CIDR; the path is the
    condition entry's, even though the key itself contains a colon."""
    error = policy_error(statement(Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}))
    assert error.path == "Statement[0].Condition.IpAddress.aws:SourceIp"
    assert "10.0.0.0/33" in error.message


def test_trust_policy_rules_are_policy_errors() -> None:
    """reference_policies_elements_notprincipal.md: no NotPrincipal in a role trust policy."""
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::444455556666:root"},
                       "Action": "sts:AssumeRole"}],
    }
    with pytest.raises(zoneproof.PolicyError) as raised:
        zoneproof.analyze(trust, "AWS::IAM::Role", "arn:aws:iam::111122223333:role/r")
    assert raised.value.path == "Statement[0]"
    assert "NotPrincipal" in raised.value.message


def test_policy_error_pickles() -> None:
    error = policy_error(statement(Effect="allow"))
    again = pickle.loads(pickle.dumps(error))
    assert (again.path, again.message, str(again)) == (error.path, error.message, str(error))


def test_analysis_error_keeps_the_result() -> None:
    """Fail closed: an undecidable question is an error carrying the
    (incomplete) result, never an empty list of findings."""
    policy = statement(Condition={"StringEquals": {"s3:max-keys": "10"}, "NumericLessThan": {"s3:max-keys": "5"}})
    with pytest.raises(zoneproof.AnalysisError) as raised:
        zoneproof.analyze(policy, "AWS::S3::Bucket", BUCKET, account=OWNER)
    error = raised.value
    assert error.status == "unknown"
    assert "s3:max-keys" in str(error)
    assert error.result.error == str(error)
    assert error.result.proof.complete is False
    assert pickle.loads(pickle.dumps(error)).result == error.result


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"resource_type": "AWS::S3::Bukket"}, "unknown resource type `AWS::S3::Bukket`"),
        ({"account": "1234"}, "invalid account id `1234`"),
        ({"org": "org-1"}, "invalid organization id `org-1`"),
        ({"org_accounts": ["444455556666"]}, "need an organization id"),
        ({"trusted_accounts": ["x"]}, "invalid account id `x`"),
        ({"backend": "cvc5"}, "cvc5"),
        ({"archive_rules": [{"ruleName": "r", "filter": {"colour": {"eq": ["x"]}}}]}, "archive_rules"),
        ({"resource_arn": "not-an-arn", "account": None}, "invalid resource ARN `not-an-arn`"),
        ({"resource_arn": BUCKET, "account": None}, "names no account: give account"),
    ],
)
def test_bad_arguments_raise_value_error(arguments: dict[str, Any], message: str) -> None:
    call: dict[str, Any] = {"resource_type": "AWS::S3::Bucket", "resource_arn": BUCKET, "account": OWNER}
    call.update(arguments)
    with pytest.raises(ValueError, match=re.escape(message)):
        zoneproof.analyze(statement(), **call)


def test_a_string_for_a_list_of_accounts_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="trusted_accounts"):
        zoneproof.analyze(statement(), "AWS::S3::Bucket", BUCKET, account=OWNER, trusted_accounts="444455556666")


def test_a_policy_that_is_not_json_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="policy: not a JSON document"):
        zoneproof.analyze({"Statement": [object()]}, "AWS::S3::Bucket", BUCKET, account=OWNER)


def test_a_nul_in_a_condition_key_never_surfaces_as_a_panic() -> None:
    # Issue 15: once a PanicException that `except zoneproof.Error` missed.
    policy = statement(Condition={"StringEquals": {"aws:\u0000x": "1"}, "Bool": {"b\u0000": "true"}})
    try:
        zoneproof.analyze(policy, "AWS::S3::Bucket", BUCKET, account=OWNER)
    except zoneproof.Error:
        pass
