"""`zoneproof.fix`: the proved policy change that removes findings, as typed,
immutable objects built from `zoneproof fix --format json`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from . import _zoneproof
from ._errors import PolicyError
from ._model import Finding, Witness

__all__ = [
    "FixReport",
    "FixStatus",
    "FindingFix",
    "Obligation",
    "PatchProof",
    "RejectedPatch",
    "Strategy",
    "fix",
]

Strategy = Literal["restrict", "remove"]
"""`restrict`: add a condition keeping the zone in and the finding's class
out; `remove`: take the principal out of the statement."""

FixStatus = Literal["fixed", "fixed-by-earlier", "none"]
"""What happened to a selected finding."""


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


@dataclass(frozen=True, slots=True)
class Obligation:
    """One proof obligation: proved, or refuted by a counterexample request
    (re-checked by the concrete evaluator), or undecided with a reason."""

    holds: bool
    counterexample: Witness | None
    reason: str | None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Obligation:
        """From the CLI's JSON."""
        example = data.get("counterexample")
        return cls(
            holds=data["holds"],
            counterexample=Witness.from_dict(example) if example is not None else None,
            reason=data.get("reason"),
        )


@dataclass(frozen=True, slots=True)
class PatchProof:
    """The proof of a patch: (a) the finding's class is gone, (b) no new
    access, (c) nothing else lost."""

    class_gone: Obligation
    no_new_access: Obligation
    nothing_else_lost: Obligation

    @property
    def holds(self) -> bool:
        """All three obligations are proved."""
        return self.class_gone.holds and self.no_new_access.holds and self.nothing_else_lost.holds

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PatchProof:
        """From the CLI's JSON."""
        return cls(
            class_gone=Obligation.from_dict(data["classGone"]),
            no_new_access=Obligation.from_dict(data["noNewAccess"]),
            nothing_else_lost=Obligation.from_dict(data["nothingElseLost"]),
        )


@dataclass(frozen=True, slots=True)
class RejectedPatch:
    """A candidate patch that was tried and not offered, and why."""

    strategy: Strategy
    change: str
    reason: str


@dataclass(frozen=True, slots=True)
class FindingFix:
    """The fix of one selected finding."""

    finding_id: str
    finding: Finding
    status: FixStatus
    strategy: Strategy | None
    statements: tuple[int, ...]
    """Indexes of the statements the patch changes."""
    change: str | None
    """The change, in words."""
    proof: PatchProof | None
    rejected: tuple[RejectedPatch, ...]
    reason: str | None
    """Why no patch is offered (status `none`)."""
    micros: int

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FindingFix:
        """From the CLI's JSON."""
        proof = data.get("proof")
        return cls(
            finding_id=data["findingId"],
            finding=Finding.from_dict(data["finding"]),
            status=data["status"],
            strategy=data.get("strategy"),
            statements=tuple(data["statements"]),
            change=data.get("change"),
            proof=PatchProof.from_dict(proof) if proof is not None else None,
            rejected=tuple(
                RejectedPatch(strategy=r["strategy"], change=r["change"], reason=r["reason"])
                for r in data["rejected"]
            ),
            reason=data.get("reason"),
            micros=data["micros"],
        )


@dataclass(frozen=True, slots=True)
class FixReport:
    """The report of `zoneproof.fix` (`zoneproof fix --format json`)."""

    resource: str
    resource_type: str
    policy: Mapping[str, Any]
    """The patched policy document (the original when nothing was fixed)."""
    text: str
    """The patched policy text, formatted as the input was."""
    diff: str
    """The unified diff from the input text to `text`."""
    proof: PatchProof | None
    """The whole change proved against the original policy (`None`: no change)."""
    fixes: tuple[FindingFix, ...]
    remaining: tuple[Finding, ...]
    """The ACTIVE findings of the patched policy."""
    micros: int
    raw: Mapping[str, Any]

    @property
    def fixed(self) -> bool:
        """Every selected finding has a proved patch."""
        return all(f.status != "none" for f in self.fixes)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FixReport:
        """From the CLI's JSON."""
        proof = data.get("proof")
        return cls(
            resource=data["resource"],
            resource_type=data["resourceType"],
            policy=_freeze(data["policy"]),
            text=data["text"],
            diff=data["diff"],
            proof=PatchProof.from_dict(proof) if proof is not None else None,
            fixes=tuple(FindingFix.from_dict(f) for f in data["fixes"]),
            remaining=tuple(Finding.from_dict(f) for f in data["remaining"]),
            micros=data["micros"],
            raw=_freeze(data),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON object (a fresh copy)."""
        result: dict[str, Any] = json.loads(json.dumps(_thaw(self.raw)))
        return result


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


def fix(
    policy: str | Mapping[str, Any],
    resource_type: str,
    resource_arn: str,
    *,
    finding_id: str | Iterable[str] | None = None,
    strategy: Strategy | None = None,
    claims: Mapping[str, str | Iterable[str]] | None = None,
    account: str | None = None,
    org: str | None = None,
    org_accounts: Iterable[str] = (),
    trusted_accounts: Iterable[str] = (),
    archive_rules: str | Sequence[Mapping[str, Any]] | None = None,
    backend: Literal["automata", "z3-strings"] = "automata",
    service_findings: bool = True,
    timeout_ms: int = 10_000,
) -> FixReport:
    """The proved policy change that removes findings, as `zoneproof fix
    --format json` reports it.

    `finding_id` selects findings by id (one id or several; default: every
    ACTIVE finding). `strategy` allows only `restrict` or `remove` patches
    (default: restrict, then remove). `claims` restricts federated findings
    to your workload, as `zoneproof fix --claim KEY=VALUE` does: a claim
    key of the finding's provider (e.g.
    `token.actions.githubusercontent.com:sub`, `SAML:aud`) mapped to a
    value or a list of values (any of them; `*` and `?` make it
    `StringLike`); the patch is then proved to keep exactly the federated
    access that satisfies them. Each patch offered is proved by the
    engine: its finding's class is gone, the patched policy allows nothing
    new, and every other request stays allowed; candidates that fail are
    listed under `rejected` with the reason. A policy given as text is
    edited in place (key order and formatting kept); a dict is written as
    indented JSON first.

    Raises `PolicyError` for an invalid policy, `ValueError` for bad
    arguments or an unknown finding id, and `RuntimeError` when the
    analysis cannot be completed. The GIL is released while solving.
    """
    if isinstance(policy, str):
        text = policy
    elif isinstance(policy, Mapping):
        text = json.dumps(policy, indent=2)
    else:
        raise TypeError(f"policy: expected str or a mapping, got {type(policy).__name__}")
    if isinstance(finding_id, str):
        ids: list[str] | None = [finding_id]
    elif finding_id is None:
        ids = None
    else:
        ids = [str(i) for i in finding_id]
    rules_text: str | None
    if archive_rules is None or isinstance(archive_rules, str):
        rules_text = archive_rules
    else:
        rules_text = json.dumps([dict(rule) for rule in archive_rules])
    claim_list: list[tuple[str, list[str]]] = []
    for key, values in (claims or {}).items():
        if not isinstance(key, str):
            raise TypeError(f"claims: expected string keys, got `{key!r}`")
        value_list = [values] if isinstance(values, str) else list(values)
        for value in value_list:
            if not isinstance(value, str):
                raise TypeError(f"claims: `{key}`: expected strings, got `{value!r}`")
        claim_list.append((key, value_list))
    request: _zoneproof.FixRequest = {
        "policy": text,
        "resource_type": resource_type,
        "resource_arn": resource_arn,
        "account": account,
        "org": org,
        "org_accounts": [str(a) for a in org_accounts],
        "trusted_accounts": [str(a) for a in trusted_accounts],
        "archive_rules": rules_text,
        "service_findings": service_findings,
        "backend": backend,
        "timeout_ms": timeout_ms,
        "finding_ids": ids,
        "strategy": strategy,
        "claims": claim_list,
    }
    report_json, policy_error = _zoneproof.fix(request)
    if policy_error is not None:
        path, message = policy_error
        raise PolicyError(message, path)
    if report_json is None:
        raise RuntimeError("zoneproof: the native module returned neither a report nor an error")
    return FixReport.from_dict(json.loads(report_json))
