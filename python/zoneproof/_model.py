"""Findings and resource results as typed, immutable objects.

They are frozen dataclasses built from the JSON that the analyzer
serialises (the same serde code as the CLI's `--format json`), so every
field is there under its snake_case name and `to_dict()` gives back exactly
the CLI's JSON, key order included. Lists are tuples and maps are read-only
mappings, so nothing can be changed after the fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

__all__ = [
    "Change",
    "ConditionValue",
    "Finding",
    "FindingStatus",
    "FindingType",
    "Origin",
    "Proof",
    "ResourceResult",
    "ResultStatus",
    "Source",
    "StatementRef",
    "Witness",
]

FindingType = Literal["ExternalAccess", "ExternalAccessViaService"]
"""`ExternalAccess`, or `ExternalAccessViaService` for a service principal
allowed without a source condition keeping it inside the zone."""

FindingStatus = Literal["ACTIVE", "ARCHIVED"]
"""`ACTIVE`, or `ARCHIVED` by an archive rule."""

ResultStatus = Literal["analyzed", "error", "unknown"]
"""How the analysis of a resource ended."""

Change = Literal["NEW", "UNCHANGED"]
"""How a finding compares with a baseline: `NEW`, or `UNCHANGED` (same id)."""

ConditionValue = str | tuple[str, ...]
"""A condition or context value: one string, or several."""


def _frozen_values(data: Mapping[str, Any]) -> Mapping[str, ConditionValue]:
    return MappingProxyType(
        {key: value if isinstance(value, str) else tuple(value) for key, value in data.items()}
    )


def _json_values(data: Mapping[str, ConditionValue]) -> dict[str, Any]:
    return {key: value if isinstance(value, str) else list(value) for key, value in data.items()}


@dataclass(frozen=True, slots=True)
class StatementRef:
    """A statement of the analysed policy."""

    index: int
    """Zero-based index in the policy."""
    sid: str | None = None
    """Its Sid, if any."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StatementRef:
        """From the CLI's JSON."""
        return cls(index=data["index"], sid=data.get("sid"))

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        out: dict[str, Any] = {"index": self.index}
        if self.sid is not None:
            out["sid"] = self.sid
        return out


@dataclass(frozen=True, slots=True)
class Source:
    """Where a finding comes from."""

    type: str
    """`POLICY`, `BUCKET_ACL`, `S3_ACCESS_POINT`, `GRANT` or `SHARING`."""
    statements: tuple[StatementRef, ...] = ()
    """The granting statements, for policy sources."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        """From the CLI's JSON."""
        statements = tuple(StatementRef.from_dict(s) for s in data.get("statements", ()))
        return cls(type=data["type"], statements=statements)

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        out: dict[str, Any] = {"type": self.type}
        if self.statements:
            out["statements"] = [s.to_dict() for s in self.statements]
        return out


@dataclass(frozen=True, slots=True)
class Witness:
    """A concrete request the policy allows, re-checked by the concrete evaluator."""

    principal: str
    """An ARN, `anonymous`, `service:NAME`, `federated:PROVIDER` or `canonical:ID`."""
    action: str
    """The action."""
    resource: str
    """The resource ARN."""
    context: Mapping[str, ConditionValue] = field(hash=False)
    """Context keys and their values."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Witness:
        """From the CLI's JSON."""
        return cls(
            principal=data["principal"],
            action=data["action"],
            resource=data["resource"],
            context=_frozen_values(data["context"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        return {
            "principal": self.principal,
            "action": self.action,
            "resource": self.resource,
            "context": _json_values(self.context),
        }

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        return (Witness.from_dict, (self.to_dict(),))


@dataclass(frozen=True, slots=True)
class Finding:
    """One external-access finding (IAM Access Analyzer's fields)."""

    id: str
    """Stable hash of resource, type, principal and condition."""
    finding_type: FindingType
    """The kind of finding."""
    resource: str
    """The resource ARN."""
    resource_type: str
    """The resource type, e.g. `AWS::S3::Bucket`."""
    resource_owner_account: str
    """The account that owns the resource."""
    principal: Mapping[str, str] = field(hash=False)
    """Who gets in: one entry, `{"AWS": ...}`, `{"Federated": ...}`,
    `{"Service": ...}` or `{"CanonicalUser": ...}`."""
    action: tuple[str, ...]
    """The concrete actions allowed, sorted."""
    condition: Mapping[str, ConditionValue] = field(hash=False)
    """The restricting keys the policy pins for this class of requests."""
    is_public: bool
    """Anyone (incl. anonymous) with no restricting condition."""
    status: FindingStatus
    """ACTIVE or ARCHIVED."""
    archived_by: str | None
    """The archive rule that archived it, if any."""
    sources: tuple[Source, ...]
    """The granting statements (or ACL, grants, sharing)."""
    witness: Witness | None
    """A request the policy allows, re-checked by the concrete evaluator."""
    remediation: str
    """What to do about it."""
    change: Change | None = None
    """`NEW` or `UNCHANGED` when the scan was compared with a baseline."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """From the CLI's JSON."""
        witness = data.get("witness")
        return cls(
            id=data["id"],
            finding_type=data["findingType"],
            resource=data["resource"],
            resource_type=data["resourceType"],
            resource_owner_account=data["resourceOwnerAccount"],
            principal=MappingProxyType(dict(data["principal"])),
            action=tuple(data["action"]),
            condition=_frozen_values(data["condition"]),
            is_public=data["isPublic"],
            status=data["status"],
            archived_by=data.get("archivedBy"),
            sources=tuple(Source.from_dict(s) for s in data["sources"]),
            witness=None if witness is None else Witness.from_dict(witness),
            remediation=data["remediation"],
            change=data.get("change"),
        )

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON (camelCase keys, in the CLI's order)."""
        out: dict[str, Any] = {
            "id": self.id,
            "findingType": self.finding_type,
            "resource": self.resource,
            "resourceType": self.resource_type,
            "resourceOwnerAccount": self.resource_owner_account,
            "principal": dict(self.principal),
            "action": list(self.action),
            "condition": _json_values(self.condition),
            "isPublic": self.is_public,
            "status": self.status,
        }
        if self.archived_by is not None:
            out["archivedBy"] = self.archived_by
        out["sources"] = [s.to_dict() for s in self.sources]
        if self.witness is not None:
            out["witness"] = self.witness.to_dict()
        out["remediation"] = self.remediation
        if self.change is not None:
            out["change"] = self.change
        return out

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        return (Finding.from_dict, (self.to_dict(),))


@dataclass(frozen=True, slots=True)
class Proof:
    """The evidence that the analysis is complete."""

    complete: bool
    """True when the final solver answer was UNSAT: nothing else external is allowed."""
    solver_checks: int
    """Number of solver checks made."""
    micros: int
    """Wall time of the analysis, in microseconds."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Proof:
        """From the CLI's JSON."""
        return cls(
            complete=data["complete"], solver_checks=data["solverChecks"], micros=data["micros"]
        )

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        return {"complete": self.complete, "solverChecks": self.solver_checks, "micros": self.micros}


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a scanned resource comes from in the input files."""

    file: str
    """The input file, as the path was given."""
    pointer: str
    """JSON pointer of the resource's policy (or record) in the file."""
    line: int | None = None
    """1-based line of the policy, when known."""
    format: str | None = None
    """The recognised input format, when the file was recognised."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Origin:
        """From the CLI's JSON."""
        return cls(file=data["file"], pointer=data["pointer"], line=data.get("line"),
                   format=data.get("format"))

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        out: dict[str, Any] = {"file": self.file, "pointer": self.pointer}
        if self.line is not None:
            out["line"] = self.line
        if self.format is not None:
            out["format"] = self.format
        return out


@dataclass(frozen=True, slots=True)
class ResourceResult:
    """The result for one resource."""

    resource: str
    """The resource ARN."""
    resource_type: str
    """The resource type."""
    status: ResultStatus
    """`analyzed`, `error` or `unknown`."""
    findings: tuple[Finding, ...]
    """The findings (empty for `error`; possibly incomplete for `unknown`)."""
    error: str | None
    """Why the analysis failed or could not decide."""
    proof: Proof
    """Completeness evidence."""
    origin: Origin | None = None
    """Where the resource comes from (results of `scan`)."""
    notes: tuple[str, ...] = ()
    """How it was analysed, when that needs saying (a resource type
    zoneproof does not know is analysed generically)."""
    cut_by_rcp: tuple[Finding, ...] = ()
    """Findings the policy alone would give that the organization's
    resource control policies remove entirely (status `ARCHIVED`; empty
    without an organization export)."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ResourceResult:
        """From the CLI's JSON."""
        return cls(
            resource=data["resource"],
            resource_type=data["resourceType"],
            status=data["status"],
            findings=tuple(Finding.from_dict(f) for f in data["findings"]),
            error=data.get("error"),
            proof=Proof.from_dict(data["proof"]),
            origin=None if data.get("origin") is None else Origin.from_dict(data["origin"]),
            notes=tuple(data.get("notes", ())),
            cut_by_rcp=tuple(Finding.from_dict(f) for f in data.get("cutByRcp", ())),
        )

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON (camelCase keys, in the CLI's order)."""
        out: dict[str, Any] = {
            "resource": self.resource,
            "resourceType": self.resource_type,
            "status": self.status,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.error is not None:
            out["error"] = self.error
        if self.notes:
            out["notes"] = list(self.notes)
        out["proof"] = self.proof.to_dict()
        if self.cut_by_rcp:
            out["cutByRcp"] = [f.to_dict() for f in self.cut_by_rcp]
        if self.origin is not None:
            out["origin"] = self.origin.to_dict()
        return out

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        return (ResourceResult.from_dict, (self.to_dict(),))
