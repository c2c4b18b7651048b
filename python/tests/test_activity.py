"""`zoneproof.generate` and `zoneproof.unused` report what the CLI's
`generate --format json` and `unused --format json` report, with typed,
immutable results; bad records are reported, not fatal."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zoneproof
from conftest import ROOT

FIXTURE = ROOT / "analyzer/tests/fixtures/cloudtrail/mapping-exceptions.jsonl"
APP_ROLE = "arn:aws:iam::111122223333:role/AppRole"


def cli_json(cli: Path, *args: str) -> dict[str, Any]:
    done = subprocess.run([str(cli), *args, "--format", "json"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1, 2), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.fixture(scope="module")
def trail(bench_cli: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic trail with its IAM exports (`zoneproof-bench gen-trail`)."""
    out = tmp_path_factory.mktemp("trail")
    subprocess.run([str(bench_cli), "gen-trail", "--out", str(out), "--events", "4000", "--days", "90"],
                   check=True, capture_output=True)
    return out


def test_generate_matches_the_cli_and_is_proved(cli: Path) -> None:
    result = zoneproof.generate(FIXTURE, APP_ROLE)
    assert result.to_dict() == cli_json(cli, "generate", "--cloudtrail", str(FIXTURE), "--principal", APP_ROLE)
    assert result.principal == "arn:aws:iam::111122223333:role/service/AppRole"
    assert result.events_allowed == "proved"
    assert result.no_new_access == "not-run"
    assert result.policy is not None
    actions = {a.action for a in result.actions}
    assert {"s3:ListBucket", "s3:GetObject", "kms:Decrypt", "lambda:InvokeFunction"} <= actions
    assert "sts:TagSession" not in actions  # a user's call, not the role's
    assert result.errors == ()
    with pytest.raises(TypeError):
        result.policy["Version"] = "x"  # type: ignore[index]


def test_generate_reports_bad_records_and_goes_on(tmp_path: Path) -> None:
    lines = FIXTURE.read_text().splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([lines[0], '{"eventName": 7}', lines[1]]) + "\n")
    result = zoneproof.generate(broken, APP_ROLE, since="2026-01-01")
    assert result.events.in_window == 2
    assert len(result.errors) == 1
    assert result.errors[0].startswith(f"{broken}: /1: not a CloudTrail event")


def test_generate_rejects_what_is_not_a_principal() -> None:
    with pytest.raises(ValueError, match="not a role, user or root ARN"):
        zoneproof.generate(FIXTURE, "arn:aws:s3:::bucket")
    with pytest.raises(ValueError, match="since"):
        zoneproof.generate(FIXTURE, APP_ROLE, since="yesterday")


def test_generate_compares_with_the_current_policies(trail: Path) -> None:
    result = zoneproof.generate(trail / "AWSLogs", "arn:aws:iam::111122223333:role/DataPipeline",
                                authz_details=trail / "authz-details.json")
    assert result.no_new_access == "proved"
    assert result.proof["noNewAccess"]["result"] == "PASS"
    current = result.current_policy
    assert current is not None
    assert current["allowedActions"] > len(result.actions)
    denied = {(d.action, d.error_code) for d in result.denied}
    assert ("s3:DeleteObject", "AccessDenied") in denied
    policy = result.to_dict()["policy"]
    assert "s3:DeleteObject" not in json.dumps(policy)


def test_unused_matches_the_cli_and_proves_its_recommendations(cli: Path, trail: Path) -> None:
    report = zoneproof.unused(trail / "AWSLogs", trail / "authz-details.json",
                              credential_report=trail / "credential-report.csv")
    expected = cli_json(cli, "unused", "--cloudtrail", str(trail / "AWSLogs"),
                        "--authz-details", str(trail / "authz-details.json"),
                        "--credential-report", str(trail / "credential-report.csv"))
    assert report.to_dict() == expected
    kinds = {(f.finding_type, f.resource.rsplit("/", 1)[-1]) for f in report.findings}
    assert ("UnusedIAMRole", "LegacyBatch") in kinds
    assert ("UnusedPermission", "DataPipeline") in kinds
    assert ("UnusedIAMUserPassword", "bob") in kinds
    assert ("UnusedIAMUserAccessKey", "bob") in kinds
    for finding in report.findings:
        if finding.finding_type == "UnusedPermission":
            assert finding.proof is not None and finding.proof.holds
            assert finding.no_new_access is not None and finding.no_new_access["status"] == "proved"
            assert finding.recommended_steps
    assert report.errors == ()
