"""`zoneproof.who_can` and `zoneproof.can` answer what `zoneproof who-can`
and `zoneproof can --format json` answer, over the bundled examples; every
witness is allowed by `zoneproof.authorize`, actions not reported are
denied, and errors fail closed."""

from __future__ import annotations

import json
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


def cli_json(cli: Path, *args: str) -> dict[str, Any]:
    done = subprocess.run([str(cli), *args, "--format", "json", EXAMPLES], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def without_time(data: dict[str, Any]) -> dict[str, Any]:
    data["proof"].pop("micros")
    return data


@pytest.fixture(scope="module")
def inputs() -> zoneproof.Inputs:
    return zoneproof.Inputs(EXAMPLES)


def test_who_can_matches_the_cli_and_authorize(cli: Path, inputs: zoneproof.Inputs) -> None:
    answer = zoneproof.who_can(inputs, "s3:GetObject", REPORT)
    assert without_time(answer.to_dict()) == without_time(
        cli_json(cli, "who-can", "--action", "s3:GetObject", "--resource", REPORT))
    assert {g.principal for g in answer.principals} == {ALICE, ETL}
    assert answer.proof.complete
    for grantee in answer.principals:
        assert not grantee.unconditional and "aws:SecureTransport" in grantee.conditions
        context = {k: list(v) for k, v in grantee.witness.context.items()}
        assert zoneproof.authorize(inputs, grantee.principal, "s3:GetObject", REPORT, context=context).allowed
    assert [p.path for p in answer.assume_paths] == [("arn:aws:iam::111122223333:user/bob", ETL)]
    assert zoneproof.who_can(inputs, "s3:GetObject", REPORT, assumers=False).assume_paths == ()


@pytest.mark.parametrize("principal", [ALICE, ETL, PARTNER])
def test_can_matches_the_cli_and_authorize(cli: Path, inputs: zoneproof.Inputs, principal: str) -> None:
    answer = zoneproof.can(inputs, principal)
    assert without_time(answer.to_dict()) == without_time(cli_json(cli, "can", principal))
    assert answer.proof.complete and answer.unknown == ()
    actions = answer.actions()
    assert actions
    for action in actions.values():
        for access in action.resources:
            w = access.witness
            context = {k: list(v) for k, v in w.context.items()}
            decision = zoneproof.authorize(inputs, w.principal, w.action, w.resource, context=context,
                                           resource_account=access.account)
            assert decision.allowed, (access, decision.reason)
    for missing in ["iam:CreateUser", "ec2:RunInstances", "sqs:SendMessage"]:
        assert missing not in actions
        for context in [{}, {"aws:SecureTransport": "true"}]:
            assert not zoneproof.authorize(inputs, principal, missing, "*", context=context).allowed


def test_can_reports_what_alice_can_read(inputs: zoneproof.Inputs) -> None:
    answer = zoneproof.can(inputs, ALICE, services=["s3"])
    assert [s.service for s in answer.services] == ["s3"]
    get = answer.actions()["s3:GetObject"]
    assert any(r.resource == "arn:aws:s3:::example-reports/*" and r.conditions for r in get.resources)
    assert "s3:PutObject" not in answer.actions()
    assert not zoneproof.authorize(inputs, ALICE, "s3:PutObject", REPORT,
                                   context={"aws:SecureTransport": "true"}).allowed


def test_errors_fail_closed(inputs: zoneproof.Inputs) -> None:
    with pytest.raises(ValueError, match="unknown action"):
        zoneproof.who_can(inputs, "s3:NoSuchAction", REPORT)
    with pytest.raises(ValueError, match="unknown service"):
        zoneproof.can(inputs, ALICE, services=["nosuchservice"])
    with pytest.raises(zoneproof.AuthorizeError):
        zoneproof.can(inputs, "arn:aws:iam::111122223333:user/nobody")
    with pytest.raises(zoneproof.InputError):
        zoneproof.can(str(ROOT / "no-such-directory"), ALICE)


def test_threads_get_the_same_answers(inputs: zoneproof.Inputs) -> None:
    expected = without_time(zoneproof.can(inputs, ETL).to_dict())
    results: list[dict[str, Any]] = []

    def run() -> None:
        results.append(without_time(zoneproof.can(inputs, ETL).to_dict()))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4
