"""`zoneproof.audit`: IAM best practices and privilege-escalation paths, as
`zoneproof audit --format json` reports them.

`AuditReport` and its parts are frozen dataclasses built from the CLI's
JSON; `to_dict()` gives that JSON back.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from . import _zoneproof
from ._errors import InputError, InputWarning

__all__ = ["AccountScore", "AuditFinding", "AuditReport", "Severity", "Undecided", "audit"]

Severity = Literal["CRITICAL", "HIGH", "MEDIUM", "LOW"]
"""How bad a finding is, most severe first."""

_ORDER: dict[str, int] = {"LOW": 0, "MEDIUM": 1, "HIGH": 2, "CRITICAL": 3}

PathArgument = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class AuditFinding:
    """One audit finding."""

    check: str
    """A stable code, e.g. `PRIVILEGE_ESCALATION` (docs/audit.md)."""
    severity: Severity
    """CRITICAL, HIGH, MEDIUM or LOW."""
    category: Literal["credentials", "structure", "power", "delegation", "guardrails"]
    """The family of the check."""
    account: str
    """The account it concerns."""
    principal: str
    """The ARN it concerns (the root user as `arn:aws:iam::<account>:root`)."""
    message: str
    """One sentence."""
    evidence: Mapping[str, Any]
    """The facts that prove it (for a path: `steps`, each with witness requests)."""
    fix: str
    """What to change."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditFinding:
        """From the CLI's JSON."""
        return cls(check=data["check"], severity=data["severity"], category=data["category"],
                   account=data["account"], principal=data["principal"], message=data["message"],
                   evidence=MappingProxyType(dict(data["evidence"]) if isinstance(data["evidence"], dict) else {}),
                   fix=data["fix"])

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        return {"check": self.check, "severity": self.severity, "category": self.category,
                "account": self.account, "principal": self.principal, "message": self.message,
                "evidence": dict(self.evidence), "fix": self.fix}


@dataclass(frozen=True, slots=True)
class AccountScore:
    """One account's score."""

    account: str
    score: int
    """0 to 100: 100 minus 25 per CRITICAL, 10 per HIGH, 4 per MEDIUM, 1 per LOW."""
    grade: str
    """A, B, C, D or F."""
    counts: tuple[int, int, int, int]
    """Findings per severity: CRITICAL, HIGH, MEDIUM, LOW."""
    checks: tuple[tuple[str, int], ...]
    """Findings per check, most frequent first."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AccountScore:
        """From the CLI's JSON."""
        counts = tuple(int(n) for n in data["counts"])
        return cls(account=data["account"], score=data["score"], grade=data["grade"],
                   counts=(counts[0], counts[1], counts[2], counts[3]),
                   checks=tuple((str(c), int(n)) for c, n in data["checks"]))

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        return {"account": self.account, "score": self.score, "grade": self.grade,
                "counts": list(self.counts), "checks": [list(c) for c in self.checks]}


@dataclass(frozen=True, slots=True)
class Undecided:
    """A principal the power checks could not decide (fail closed)."""

    principal: str
    reason: str


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The audit's result."""

    findings: tuple[AuditFinding, ...]
    """Most severe first."""
    scores: tuple[AccountScore, ...]
    undecided: tuple[Undecided, ...]
    notes: tuple[str, ...]
    """What was not checked and why."""
    requests: int
    """Requests the authorizer decided."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditReport:
        """From the CLI's JSON."""
        return cls(findings=tuple(AuditFinding.from_dict(f) for f in data["findings"]),
                   scores=tuple(AccountScore.from_dict(s) for s in data["scores"]),
                   undecided=tuple(Undecided(u["principal"], u["reason"]) for u in data["undecided"]),
                   notes=tuple(data["notes"]), requests=int(data["requests"]))

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        return {"findings": [f.to_dict() for f in self.findings], "scores": [s.to_dict() for s in self.scores],
                "undecided": [{"principal": u.principal, "reason": u.reason} for u in self.undecided],
                "notes": list(self.notes), "requests": self.requests}

    def at_least(self, severity: Severity) -> tuple[AuditFinding, ...]:
        """The findings of at least `severity` (what `--fail-on` counts)."""
        if severity not in _ORDER:
            raise ValueError(f"unknown severity {severity!r}")
        return tuple(f for f in self.findings if _ORDER[f.severity] >= _ORDER[severity])


def _paths(value: PathArgument | Iterable[PathArgument]) -> list[str]:
    if isinstance(value, (str, os.PathLike)):
        return [os.fspath(value)]
    return [os.fspath(v) for v in value]


def _optional(value: PathArgument | None) -> str | None:
    return None if value is None else os.fspath(value)


def audit(
    authz_details: PathArgument | Iterable[PathArgument],
    *,
    credential_report: PathArgument | None = None,
    password_policy: PathArgument | None = None,
    organization: PathArgument | None = None,
    resources: Iterable[PathArgument] = (),
    as_of: str | None = None,
    days: int = 90,
    allowed_regions: Iterable[str] = (),
    max_steps: int = 3,
) -> AuditReport:
    """Audits IAM as `zoneproof audit` does: credentials, structure, power
    (effective administrators, permission changes, privilege-escalation
    paths of up to `max_steps` steps, each step with witness requests the
    authorizer allows), delegation and SCP guardrails.

    Raises `InputError` when an input cannot be read and `ValueError` for
    bad arguments; entries of the inputs that could not be read are
    `InputWarning`s. The GIL is released while auditing.
    """
    args: _zoneproof.AuditArgs = {
        "authz_details": _paths(authz_details), "credential_report": _optional(credential_report),
        "password_policy": _optional(password_policy), "organization": _optional(organization),
        "resources": _paths(resources), "as_of": as_of, "days": int(days),
        "allowed_regions": [str(r) for r in allowed_regions], "max_steps": int(max_steps)}
    text, problems, failure = _zoneproof.audit(args)
    if failure is not None:
        kind, lines = failure
        if kind == "input":
            raise InputError(tuple(lines))
        raise ValueError("; ".join(lines))
    for problem in problems:
        warnings.warn(problem, InputWarning, stacklevel=2)
    assert text is not None
    return AuditReport.from_dict(json.loads(text))
