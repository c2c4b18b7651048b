"""Typed results of `zoneproof.generate` and `zoneproof.unused`.

Frozen dataclasses over the reports that `zoneproof generate --format json`
and `zoneproof unused --format json` write: the main fields are typed
attributes in snake_case, nested documents (the policy, finding details,
recommended policies) are read-only mappings and tuples, and `to_dict()`
gives back exactly the CLI's JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

__all__ = [
    "DeniedCall",
    "EventCounts",
    "GeneratedPolicy",
    "ProofStatus",
    "RecommendationProof",
    "RecommendedStep",
    "UnusedFinding",
    "UnusedFindingType",
    "UnusedReport",
    "UsedAction",
]

ProofStatus = Literal["proved", "failed", "unknown", "not-run"]
"""`proved`; `failed` (for `eventsAllowed` a bug, please report it; for
`noNewAccess` the policy grants access beyond the current identity policies,
with the classes and witnesses in `proof["noNewAccess"]`); `unknown` (the
check could not decide, with the reason); `not-run` (its inputs were not
given)."""

UnusedFindingType = Literal[
    "UnusedIAMRole", "UnusedIAMUserAccessKey", "UnusedIAMUserPassword", "UnusedPermission"
]
"""IAM Access Analyzer's unused-access finding types."""


def _freeze(value: Any) -> Any:
    """JSON as read-only mappings and tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(item) for item in value)
    return value


def _thaw(value: Any) -> Any:
    """The JSON of a frozen value."""
    if isinstance(value, Mapping):
        return {key: _thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_thaw(item) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class EventCounts:
    """How many events were read and what became of those of the principal."""

    read: int
    of_principal: int
    in_window: int
    granted: int
    denied: int
    no_permission_needed: int
    unmapped: int

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EventCounts:
        """From the CLI's JSON."""
        return cls(
            read=data["read"], of_principal=data["ofPrincipal"], in_window=data["inWindow"],
            granted=data["granted"], denied=data["denied"],
            no_permission_needed=data["noPermissionNeeded"], unmapped=data["unmapped"],
        )


@dataclass(frozen=True, slots=True)
class UsedAction:
    """An action the principal used, with the resources it used it on."""

    action: str
    access_level: str
    requests: int
    last_used: str
    resources: tuple[str, ...]
    """Resource patterns, generalised only as far as the events need."""


@dataclass(frozen=True, slots=True)
class DeniedCall:
    """A call refused for lack of permission (reported, not granted)."""

    action: str
    error_code: str
    events: int
    last_seen: str
    resources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GeneratedPolicy:
    """The report of `zoneproof.generate` (`zoneproof generate --format json`)."""

    principal: str
    """The principal's ARN (a role's with its path, as the events give it)."""
    policy: Mapping[str, Any] | None
    """The least-privilege policy document; `None` when nothing was used."""
    policy_size: int
    """Characters without white space, as IAM counts them (limit 6,144)."""
    actions: tuple[UsedAction, ...]
    denied: tuple[DeniedCall, ...]
    events: EventCounts
    events_allowed: ProofStatus
    """Whether the concrete evaluator allowed every request of every event."""
    no_new_access: ProofStatus
    """Whether the policy is proved to grant nothing beyond the current policies."""
    errors: tuple[str, ...] = ()
    """Bad records and files, one line each (`FILE: POINTER: message`); reading went on."""
    _data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], errors: tuple[str, ...] = ()) -> GeneratedPolicy:
        """From the CLI's JSON."""
        return cls(
            principal=data["principal"],
            policy=_freeze(data["policy"]),
            policy_size=data["policySize"]["characters"],
            actions=tuple(
                UsedAction(a["action"], a["accessLevel"], a["requests"], a["lastUsed"], tuple(a["resources"]))
                for a in data["actions"]
            ),
            denied=tuple(
                DeniedCall(d["action"], d["errorCode"], d["events"], d["lastSeen"], tuple(d["resources"]))
                for d in data["denied"]
            ),
            events=EventCounts.from_dict(data["events"]),
            events_allowed=data["proof"]["eventsAllowed"]["status"],
            no_new_access=data["proof"]["noNewAccess"]["status"],
            errors=tuple(errors),
            _data=_freeze(data),
        )

    @property
    def proof(self) -> Mapping[str, Any]:
        """The proof section: `eventsAllowed` and `noNewAccess` with their evidence."""
        proof: Mapping[str, Any] = self._data["proof"]
        return proof

    @property
    def current_policy(self) -> Mapping[str, Any] | None:
        """The comparison with the current identity policies (with `authz_details`)."""
        return self._data.get("currentPolicy")

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        out: dict[str, Any] = _thaw(self._data)
        return out


@dataclass(frozen=True, slots=True)
class RecommendedStep:
    """One policy change of an `UnusedPermission` recommendation."""

    recommended_action: Literal["CREATE_POLICY", "DETACH_POLICY", "DELETE_INLINE_POLICY"]
    existing_policy_id: str
    """A managed policy's ARN or an inline policy's name."""
    recommended_policy: Mapping[str, Any] | None
    """The policy to use instead, for `CREATE_POLICY`."""


@dataclass(frozen=True, slots=True)
class RecommendationProof:
    """The concrete evaluator's check that the recommended policies still
    allow every request of the window that the current ones allowed."""

    requests: int
    allowed_before: int
    allowed_after: int
    not_allowed_by_identity_policies: int
    counterexamples: tuple[str, ...]

    @property
    def holds(self) -> bool:
        """Whether every request allowed before is allowed after."""
        return self.allowed_after == self.allowed_before


@dataclass(frozen=True, slots=True)
class UnusedFinding:
    """One unused-access finding (IAM Access Analyzer's fields)."""

    id: str
    finding_type: UnusedFindingType
    resource: str
    resource_type: str
    resource_owner_account: str
    status: str
    last_accessed: str | None
    finding_details: tuple[Mapping[str, Any], ...]
    remediation: str
    recommended_steps: tuple[RecommendedStep, ...]
    proof: RecommendationProof | None
    notes: tuple[str, ...]
    _data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UnusedFinding:
        """From the CLI's JSON."""
        proof = data.get("proof")
        return cls(
            id=data["id"],
            finding_type=data["findingType"],
            resource=data["resource"],
            resource_type=data["resourceType"],
            resource_owner_account=data["resourceOwnerAccount"],
            status=data["status"],
            last_accessed=data.get("lastAccessed"),
            finding_details=_freeze(data["findingDetails"]),
            remediation=data["remediation"],
            recommended_steps=tuple(
                RecommendedStep(s["recommendedAction"], s["existingPolicyId"], _freeze(s.get("recommendedPolicy")))
                for s in data.get("recommendedSteps", ())
            ),
            proof=None if proof is None else RecommendationProof(
                proof["requests"], proof["allowedBefore"], proof["allowedAfter"],
                proof["notAllowedByIdentityPolicies"], tuple(proof["counterexamples"]),
            ),
            notes=tuple(data.get("notes", ())),
            _data=_freeze(data),
        )

    @property
    def no_new_access(self) -> Mapping[str, Any] | None:
        """`UnusedPermission`: the proof that the recommended policies together
        grant nothing the current ones do not (`status`: `proved`, `failed`
        with `classes`, or `unknown` with `reason`)."""
        proof: Mapping[str, Any] | None = self._data.get("noNewAccess")
        return proof

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        out: dict[str, Any] = _thaw(self._data)
        return out


@dataclass(frozen=True, slots=True)
class UnusedReport:
    """The report of `zoneproof.unused` (`zoneproof unused --format json`)."""

    findings: tuple[UnusedFinding, ...]
    window_start: str
    window_end: str
    notes: tuple[str, ...]
    errors: tuple[str, ...] = ()
    """Bad records, files and rows, one line each; reading went on."""
    _data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], errors: tuple[str, ...] = ()) -> UnusedReport:
        """From the CLI's JSON."""
        return cls(
            findings=tuple(UnusedFinding.from_dict(f) for f in data["findings"]),
            window_start=data["window"]["start"],
            window_end=data["window"]["end"],
            notes=tuple(data["notes"]),
            errors=tuple(errors),
            _data=_freeze(data),
        )

    @property
    def summary(self) -> Mapping[str, int]:
        """Findings per type."""
        summary: Mapping[str, int] = self._data["summary"]
        return summary

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        out: dict[str, Any] = _thaw(self._data)
        return out
