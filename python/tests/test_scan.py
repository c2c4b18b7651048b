"""`zoneproof.scan` reports what `zoneproof scan --format json` reports,
record for record and in input order, over the input readers' fixtures
(inventories, authorization details, Config items, CloudFormation,
Terraform, and broken inputs that must become error records in place)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zoneproof
from conftest import ROOT

FIXTURES = "analyzer/tests/fixtures/inputs"


def cli_scan(cli: Path, *args: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [str(cli), "scan", *args, "--format", "jsonl", "--no-progress"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode in (0, 1, 2), done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def timeless(records: list[dict[str, Any]], witness: bool = True) -> list[dict[str, Any]]:
    """Records without wall times (and, when asked, without witnesses: one
    example request each, which depends on the solver's history)."""
    out = []
    for record in records:
        record = {**record, "proof": {**record["proof"], "micros": 0}}
        if not witness:
            record["findings"] = [{k: v for k, v in f.items() if k != "witness"} for f in record["findings"]]
        out.append(record)
    return out


@pytest.fixture()
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths, as a user types them (they appear in `origin.file`)."""
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("at_root")
def test_scan_equals_the_cli_record_for_record(cli: Path) -> None:
    expected = cli_scan(cli, FIXTURES, "--org", "o-a1b2c3d4e5", "--jobs", "1")
    results = zoneproof.scan(FIXTURES, org="o-a1b2c3d4e5", jobs=1)
    # Witnesses are left out: each is one example request, and which one the
    # solver picks depends on what it solved before on the same thread.
    assert timeless([r.to_dict() for r in results], witness=False) == timeless(expected, witness=False)
    assert all(f.witness is not None for r in results for f in r.findings if f.sources[0].type == "POLICY")
    statuses = {r.status for r in results}
    assert {"analyzed", "error"} <= statuses, "the fixtures hold good and broken inputs"
    assert any(r.findings for r in results)
    assert all(r.origin is not None and r.origin.file.startswith(FIXTURES) for r in results)


@pytest.mark.usefixtures("at_root")
def test_owner_account_and_archive_rules_as_in_the_cli(cli: Path, tmp_path: Path) -> None:
    rules = [{"ruleName": "public", "filter": {"isPublic": {"eq": ["true"]}}}]
    (tmp_path / "rules.json").write_text(json.dumps(rules))
    files = [f"{FIXTURES}/inventory.jsonl", f"{FIXTURES}/cloudformation.yaml"]
    expected = cli_scan(cli, *files, "--account", "111122223333", "--archive-rules",
                        str(tmp_path / "rules.json"), "--jobs", "2")
    results = zoneproof.scan(files, account="111122223333", archive_rules=rules, jobs=2)
    assert timeless([r.to_dict() for r in results], witness=False) == timeless(expected, witness=False)
    assert any(f.status == "ARCHIVED" for r in results for f in r.findings)


def test_results_do_not_depend_on_the_number_of_jobs() -> None:
    one = zoneproof.scan(ROOT / FIXTURES, jobs=1)
    two = zoneproof.scan([ROOT / FIXTURES], jobs=2)
    assert timeless([r.to_dict() for r in one], False) == timeless([r.to_dict() for r in two], False)


def test_a_scan_goes_on_past_bad_input(tmp_path: Path) -> None:
    (tmp_path / "a-broken.json").write_text('{"arn": ')
    (tmp_path / "b-inventory.jsonl").write_text(json.dumps({
        "arn": "arn:aws:sqs:us-east-1:111122223333:q", "resourceType": "AWS::SQS::Queue",
        "policy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
             "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}]}}) + "\n")
    results = zoneproof.scan(tmp_path)
    assert [r.status for r in results] == ["error", "analyzed"]
    assert results[0].origin is not None and results[0].origin.file.endswith("a-broken.json")
    assert results[0].error and "a-broken.json" in results[0].error
    assert results[1].findings[0].is_public


@pytest.mark.parametrize(
    ("arguments", "message"),
    [({"account": "1"}, "invalid account id `1`"), ({"org": "o-X"}, "invalid organization id"),
     ({"jobs": 0}, "jobs"), ({"backend": "cvc5"}, "cvc5")],
)
def test_scan_bad_arguments_raise_value_error(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        zoneproof.scan(ROOT / FIXTURES, **arguments)


def test_an_unknown_type_is_analysed_generically_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "inventory.jsonl").write_text(json.dumps({
        "arn": "arn:aws:glacier:us-east-1:111122223333:vaults/archive",
        "resourceType": "Custom::ColdStorage",
        "policy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "glacier:InitiateJob", "Resource": "*"}]}}) + "\n")
    (result,) = zoneproof.scan(tmp_path)
    assert result.status == "analyzed"
    assert result.resource_type == "Custom::ColdStorage"
    assert result.findings[0].is_public
    assert len(result.notes) == 1 and "analysed generically" in result.notes[0]
    assert result.to_dict()["notes"] == list(result.notes)
    assert zoneproof.ResourceResult.from_dict(result.to_dict()) == result


@pytest.mark.usefixtures("at_root")
def test_bad_baselines_fail_as_in_the_cli(cli: Path, tmp_path: Path) -> None:
    """A baseline is read by the CLI's reader: the same one-line error,
    naming the file and the JSON pointer; a missing file is a
    `FileNotFoundError` (an `OSError`)."""
    results = zoneproof.scan(FIXTURES, org="o-a1b2c3d4e5", jobs=1)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"resource": "r", "findings": [{"id": "1"}]}]))
    done = subprocess.run([str(cli), "scan", FIXTURES, "--org", "o-a1b2c3d4e5", "--baseline", str(bad)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    with pytest.raises(ValueError) as raised:
        zoneproof.compare(results, bad)
    assert str(raised.value).startswith(f"{bad}: invalid baseline: /0/findings/0: not a finding")
    assert str(raised.value) == done.stderr.strip()
    with pytest.raises(FileNotFoundError, match="cannot read baseline"):
        zoneproof.compare(results, tmp_path / "missing.json")
