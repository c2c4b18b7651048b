"""Findings and results are typed, immutable objects whose attributes are
the JSON fields in snake_case and whose `to_dict()` is the CLI's JSON."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle

import pytest
import zoneproof
from conftest import case_arguments, load_case

CASE = load_case("seed/cfn_nag/sns_public_and_canonical_user.json")


@pytest.fixture(scope="module")
def findings() -> list[zoneproof.Finding]:
    return zoneproof.analyze(CASE["policy"], CASE["resourceType"], CASE["resourceArn"], **case_arguments(CASE))


def test_attributes_are_the_json_fields_in_snake_case(findings: list[zoneproof.Finding]) -> None:
    for finding in findings:
        data = finding.to_dict()
        assert finding.id == data["id"]
        assert finding.finding_type == data["findingType"]
        assert finding.resource_owner_account == data["resourceOwnerAccount"]
        assert finding.is_public == data["isPublic"]
        assert dict(finding.principal) == data["principal"]
        assert list(finding.action) == data["action"]
        assert finding.status == "ACTIVE"
        assert finding.sources[0].type == "POLICY"
        assert finding.witness is not None and finding.witness.action in finding.action
    assert {next(iter(f.principal)) for f in findings} == {"AWS", "CanonicalUser"}


def test_principal_and_condition_read_like_dicts(findings: list[zoneproof.Finding]) -> None:
    public = next(f for f in findings if f.is_public)
    assert public.principal == {"AWS": "*"}
    assert public.principal["AWS"] == "*"
    assert public.condition == {}


def test_findings_cannot_be_changed(findings: list[zoneproof.Finding]) -> None:
    finding = findings[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.status = "ARCHIVED"  # type: ignore[misc]
    with pytest.raises(TypeError):
        finding.principal["AWS"] = "444455556666"  # type: ignore[index]
    with pytest.raises(AttributeError):
        finding.action.append("sns:Publish")  # type: ignore[attr-defined]
    assert finding.witness is not None
    with pytest.raises(TypeError):
        finding.witness.context["aws:SourceIp"] = "10.0.0.1"  # type: ignore[index]


def test_to_dict_is_a_fresh_copy(findings: list[zoneproof.Finding]) -> None:
    data = findings[0].to_dict()
    data["principal"]["AWS"] = "changed"
    data["action"].append("changed")
    assert findings[0].to_dict() != data


def test_from_dict_round_trips_and_keeps_key_order(findings: list[zoneproof.Finding]) -> None:
    for finding in findings:
        data = finding.to_dict()
        again = zoneproof.Finding.from_dict(json.loads(json.dumps(data)))
        assert again == finding
        assert json.dumps(again.to_dict()) == json.dumps(data)


def test_findings_pickle_copy_and_hash(findings: list[zoneproof.Finding]) -> None:
    assert pickle.loads(pickle.dumps(findings)) == findings
    assert copy.deepcopy(findings) == findings
    assert len({*findings, *copy.deepcopy(findings)}) == len(findings)


def test_replace_gives_a_consistent_object(findings: list[zoneproof.Finding]) -> None:
    archived = dataclasses.replace(findings[0], status="ARCHIVED", archived_by="mine")
    data = archived.to_dict()
    assert (data["status"], data["archivedBy"]) == ("ARCHIVED", "mine")
    assert list(data) == list(findings[0].to_dict())[:10] + ["archivedBy", "sources", "witness", "remediation"]


def test_resource_result_round_trips() -> None:
    result = zoneproof.ResourceResult.from_dict(
        {
            "resource": "arn:aws:s3:::b",
            "resourceType": "AWS::S3::Bucket",
            "status": "error",
            "findings": [],
            "error": "invalid policy: $: not valid JSON",
            "proof": {"complete": False, "solverChecks": 0, "micros": 5},
        }
    )
    assert result.proof.solver_checks == 0
    assert result.to_dict()["error"] == "invalid policy: $: not valid JSON"
    assert pickle.loads(pickle.dumps(result)) == result
