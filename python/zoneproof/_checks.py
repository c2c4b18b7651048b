"""Results of the policy checks (`check_no_new_access`,
`check_access_not_granted`, `check_no_public_access`): typed, immutable
objects whose `to_dict()` is the CLI's JSON for one policy — Access
Analyzer's `result`, `message` and `reasons`, plus the enumerated classes
of granted access with witnesses re-checked by the evaluator."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ._model import Proof, Witness

__all__ = ["AccessClass", "CheckReason", "CheckResult", "CheckVerdict", "ClassCondition"]

CheckVerdict = Literal["PASS", "FAIL", "UNKNOWN"]
"""`PASS` (proved), `FAIL` (with witnesses) or `UNKNOWN` (never a pass)."""


@dataclass(frozen=True, slots=True)
class CheckReason:
    """A statement responsible for a failure."""

    description: str
    statement_index: int
    """0-based position in the policy's `Statement` list."""
    statement_id: str | None
    """Its `Sid`, if any."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckReason:
        """From the JSON (`statementIndex`, `statementId`)."""
        return cls(
            description=data["description"],
            statement_index=data["statementIndex"],
            statement_id=data.get("statementId"),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON."""
        out: dict[str, Any] = {
            "description": self.description,
            "statementIndex": self.statement_index,
        }
        if self.statement_id is not None:
            out["statementId"] = self.statement_id
        return out


@dataclass(frozen=True, slots=True)
class ClassCondition:
    """One condition entry of a statement granting a class: every request
    of the class meets it."""

    statement: int
    operator: str
    key: str
    values: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClassCondition:
        """From the JSON."""
        return cls(
            statement=data["statement"],
            operator=data["operator"],
            key=data["key"],
            values=tuple(data["values"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON."""
        return {
            "statement": self.statement,
            "operator": self.operator,
            "key": self.key,
            "values": list(self.values),
        }


@dataclass(frozen=True, slots=True)
class AccessClass:
    """One class of granted access: the principal kind, the granting
    statements, the catalog actions, the resources the statements name, the
    restricting conditions and one witness per action class."""

    principal: str
    statements: tuple[int, ...]
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: tuple[ClassCondition, ...]
    witnesses: tuple[Witness, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AccessClass:
        """From the JSON."""
        return cls(
            principal=data["principal"],
            statements=tuple(data["statements"]),
            actions=tuple(data["actions"]),
            resources=tuple(data["resources"]),
            conditions=tuple(ClassCondition.from_dict(c) for c in data["conditions"]),
            witnesses=tuple(Witness.from_dict(w) for w in data["witnesses"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON."""
        return {
            "principal": self.principal,
            "statements": list(self.statements),
            "actions": list(self.actions),
            "resources": list(self.resources),
            "conditions": [c.to_dict() for c in self.conditions],
            "witnesses": [w.to_dict() for w in self.witnesses],
        }


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of one check. `passed` is true only for a proved PASS."""

    result: CheckVerdict
    message: str
    reasons: tuple[CheckReason, ...]
    classes: tuple[AccessClass, ...]
    error: str | None
    proof: Proof

    @property
    def passed(self) -> bool:
        """Whether the check passed (an `UNKNOWN` is not a pass)."""
        return self.result == "PASS"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckResult:
        """From the JSON."""
        return cls(
            result=data["result"],
            message=data["message"],
            reasons=tuple(CheckReason.from_dict(r) for r in data["reasons"]),
            classes=tuple(AccessClass.from_dict(c) for c in data["classes"]),
            error=data.get("error"),
            proof=Proof.from_dict(data["proof"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON."""
        out: dict[str, Any] = {
            "result": self.result,
            "message": self.message,
            "reasons": [r.to_dict() for r in self.reasons],
            "classes": [c.to_dict() for c in self.classes],
            "proof": self.proof.to_dict(),
        }
        if self.error is not None:
            out["error"] = self.error
        return out
