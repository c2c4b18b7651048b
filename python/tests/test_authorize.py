"""`zoneproof.authorize` decides what `zoneproof authorize --format json`
decides, over the bundled examples (two accounts, an organization export,
resources) and a synthetic organization; errors fail closed."""

from __future__ import annotations

import json
import pickle
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
import zoneproof
from conftest import ROOT

EXAMPLES = str(ROOT / "examples/authorize")
ALICE = "arn:aws:iam::111122223333:user/alice"
ETL = "arn:aws:iam::111122223333:role/service/etl"
PARTNER = "arn:aws:iam::444455556666:user/partner"
REPORT = "arn:aws:s3:::example-reports/q1.csv"

REQUESTS: list[tuple[str, str, str, dict[str, str]]] = [
    (ALICE, "s3:GetObject", REPORT, {}),
    (ALICE, "s3:PutObject", REPORT, {}),
    (ETL, "s3:PutObject", REPORT, {"aws:SecureTransport": "false"}),
    (ETL, "iam:CreateUser", "arn:aws:iam::111122223333:user/x", {}),
    (PARTNER, "s3:GetObject", "arn:aws:s3:::example-reports/shared/a.csv", {}),
    ("arn:aws:iam::111122223333:user/bob", "sts:AssumeRole", "arn:aws:iam::111122223333:role/service/etl", {}),
    ("anonymous", "s3:GetObject", REPORT, {}),
]


def cli_authorize(cli: Path, principal: str, action: str, resource: str, context: dict[str, str]) -> dict[str, Any]:
    args = [str(cli), "authorize", "--principal", principal, "--action", action, "--resource", resource,
            "--format", "json", EXAMPLES]
    for key, value in context.items():
        args += ["--context", f"{key}={value}"]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def inputs() -> zoneproof.Inputs:
    return zoneproof.Inputs(EXAMPLES)


@pytest.mark.parametrize(("principal", "action", "resource", "context"), REQUESTS)
def test_authorize_equals_the_cli(cli: Path, inputs: zoneproof.Inputs, principal: str, action: str,
                                  resource: str, context: dict[str, str]) -> None:
    authorization = zoneproof.authorize(inputs, principal, action, resource, context=context)
    assert authorization.to_dict() == cli_authorize(cli, principal, action, resource, context)


def test_the_result_is_typed_and_immutable(inputs: zoneproof.Inputs) -> None:
    denied = zoneproof.authorize(inputs, PARTNER, "s3:GetObject", "arn:aws:s3:::example-reports/shared/a.csv")
    assert denied.decision == "ExplicitDeny" and not denied.allowed
    assert denied.cross_account
    statement = denied.deciding_statements[0]
    assert (statement.type, statement.policy, statement.sid) == ("rcp", "DataPerimeter", "EnforceOrgIdentities")
    assert statement.attached_to == "OU `Workloads` (ou-ab12-workload)"
    assert denied.verdict("scp").applies is False
    rcp = denied.verdict("rcp")
    assert [level.kind for level in rcp.levels] == ["root", "organizationalUnit", "organizationalUnit", "account"]
    with pytest.raises(AttributeError):
        denied.decision = "Allow"  # type: ignore[misc]
    with pytest.raises(TypeError):
        denied.context["aws:SourceIp"] = ("1.2.3.4",)  # type: ignore[index]
    assert pickle.loads(pickle.dumps(denied)) == denied
    assert zoneproof.Authorization.from_dict(denied.to_dict()) == denied


def test_context_lists_session_policy_and_grant(inputs: zoneproof.Inputs) -> None:
    allowed = zoneproof.authorize(inputs, ETL, "s3:PutObject", REPORT, context={"aws:SecureTransport": "true"})
    assert allowed.allowed
    assert allowed.verdict("resource").grant == "roleArn"
    assert allowed.context["aws:PrincipalArn"] == ("arn:aws:iam::111122223333:role/service/etl",)
    limited = zoneproof.authorize(inputs, ETL, "s3:PutObject", REPORT,
                                  session_policy={"Version": "2012-10-17", "Statement": {
                                      "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}})
    assert limited.decision == "ImplicitDeny"
    tagged = zoneproof.authorize(inputs, ALICE, "s3:GetObject", REPORT, context={"aws:TagKeys": ["a", "b"]})
    assert tagged.context["aws:TagKeys"] == ("a", "b")


def test_paths_can_be_given_directly() -> None:
    authorization = zoneproof.authorize([EXAMPLES], ALICE, "s3:GetObject", REPORT)
    assert authorization.decision == "Allow"


def test_errors_fail_closed(inputs: zoneproof.Inputs, tmp_path: Path) -> None:
    with pytest.raises(zoneproof.AuthorizeError, match="no user `mallory`"):
        zoneproof.authorize(inputs, "arn:aws:iam::111122223333:user/mallory", "s3:GetObject", "*")
    with pytest.raises(ValueError, match="invalid principal"):
        zoneproof.authorize(inputs, "mallory", "s3:GetObject", "*")
    with pytest.raises(ValueError, match="not to an IAM user"):
        zoneproof.authorize(inputs, ALICE, "s3:GetObject", "*", session_policy='{"Statement": {"Effect": "Allow", "Action": "*"}}')
    with pytest.raises(zoneproof.PolicyError) as error:
        zoneproof.authorize(inputs, ETL, "s3:GetObject", "*", session_policy='{"Statement": []}')
    assert error.value.path == "Statement"
    with pytest.raises(zoneproof.InputError) as unreadable:
        zoneproof.Inputs(tmp_path / "missing.json")
    assert unreadable.value.errors[0].endswith("cannot read: No such file or directory (os error 2)")
    broken = tmp_path / "details.json"
    broken.write_text(json.dumps({"UserDetailList": [{"UserName": "eve", "Arn": "arn:aws:iam::111122223333:user/eve",
                                                      "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": "{x"}]}]}))
    with pytest.warns(zoneproof.InputWarning, match="PolicyDocument"):
        with_broken = zoneproof.Inputs([EXAMPLES, broken])
    assert zoneproof.authorize(with_broken, ALICE, "s3:GetObject", REPORT).allowed
    with pytest.raises(zoneproof.AuthorizeError, match="cannot be used"):
        zoneproof.authorize(with_broken, "arn:aws:iam::111122223333:user/eve", "s3:GetObject", "*")


def test_threads_share_the_inputs(inputs: zoneproof.Inputs) -> None:
    results: list[str] = []

    def work() -> None:
        for principal, action, resource, context in REQUESTS:
            results.append(zoneproof.authorize(inputs, principal, action, resource, context=context).decision)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 * len(REQUESTS)
    assert results.count("Allow") == 4 * sum(
        zoneproof.authorize(inputs, p, a, r, context=c).allowed for p, a, r, c in REQUESTS)


def test_a_synthetic_organization_written_by_bench_gen_org(bench_cli: Path, tmp_path: Path) -> None:
    done = subprocess.run([str(bench_cli), "gen-org", "--out", str(tmp_path)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    inputs = zoneproof.Inputs(tmp_path)
    assert inputs.problems == ()
    details = json.loads(next(tmp_path.glob("account-*.json")).read_text())
    user = details["UserDetailList"][0]["Arn"]
    authorization = zoneproof.authorize(inputs, user, "iam:GetUser", user)
    assert authorization.verdict("scp").applies
