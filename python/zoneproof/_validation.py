"""Findings of `zoneproof.validate`: IAM Access Analyzer's policy checks,
as typed, immutable objects whose `to_dict()` is Access Analyzer's
`ValidatePolicyFinding` JSON (`findingType`, `issueCode`, `findingDetails`,
`learnMoreLink`, `locations`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "PathElement",
    "Position",
    "PolicyType",
    "Span",
    "ValidationFinding",
    "ValidationFindingType",
    "ValidationLocation",
]

ValidationFindingType = Literal["ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"]
"""How serious a validation finding is, as Access Analyzer classifies them."""

PolicyType = Literal["identity", "resource", "trust", "scp", "rcp"]
"""The type of a policy: identity-based, resource-based, role trust,
service control or resource control policy."""


@dataclass(frozen=True, slots=True)
class PathElement:
    """One step of a path into the policy: `value` descends into an object
    member, `index` into an array item, `key` names an object key itself."""

    kind: Literal["value", "index", "key"]
    """`value`, `index` or `key`."""
    value: str | int
    """The member or key name, or the array index."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PathElement:
        """From Access Analyzer's JSON, e.g. `{"index": 0}`."""
        ((kind, value),) = data.items()
        if kind == "value":
            return cls(kind="value", value=value)
        if kind == "index":
            return cls(kind="index", value=value)
        if kind == "key":
            return cls(kind="key", value=value)
        raise ValueError(f"unknown path element `{kind}`")

    def to_dict(self) -> dict[str, Any]:
        """Access Analyzer's JSON."""
        return {self.kind: self.value}


@dataclass(frozen=True, slots=True)
class Position:
    """A position in the policy text."""

    line: int
    """Line, from 1."""
    column: int
    """Column in characters, from 0."""
    offset: int
    """Offset in characters from the start of the text, from 0."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Position:
        """From Access Analyzer's JSON."""
        return cls(line=data["line"], column=data["column"], offset=data["offset"])

    def to_dict(self) -> dict[str, Any]:
        """Access Analyzer's JSON."""
        return {"line": self.line, "column": self.column, "offset": self.offset}


@dataclass(frozen=True, slots=True)
class Span:
    """The text an element covers."""

    start: Position
    """Where it starts."""
    end: Position
    """Just after where it ends."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        """From Access Analyzer's JSON."""
        return cls(start=Position.from_dict(data["start"]), end=Position.from_dict(data["end"]))

    def to_dict(self) -> dict[str, Any]:
        """Access Analyzer's JSON."""
        return {"start": self.start.to_dict(), "end": self.end.to_dict()}


@dataclass(frozen=True, slots=True)
class ValidationLocation:
    """Where a finding points."""

    path: tuple[PathElement, ...]
    """The path to the element."""
    span: Span
    """Where the element is written."""

    @property
    def json_path(self) -> str:
        """The path as zoneproof writes it, e.g. `Statement[0].Action[1]`
        (`$` for the document)."""
        out = ""
        for element in self.path:
            if element.kind == "index":
                out += f"[{element.value}]"
            else:
                out += ("." if out else "") + str(element.value)
        return out or "$"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ValidationLocation:
        """From Access Analyzer's JSON."""
        return cls(
            path=tuple(PathElement.from_dict(element) for element in data["path"]),
            span=Span.from_dict(data["span"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """Access Analyzer's JSON."""
        return {"path": [element.to_dict() for element in self.path], "span": self.span.to_dict()}


@dataclass(frozen=True, slots=True)
class ValidationFinding:
    """One finding of `zoneproof.validate`."""

    finding_type: ValidationFindingType
    """`ERROR`, `SECURITY_WARNING`, `WARNING` or `SUGGESTION`."""
    issue_code: str
    """Access Analyzer's issue code, e.g. `PASS_ROLE_WITH_STAR_IN_RESOURCE`."""
    finding_details: str
    """What is wrong."""
    learn_more_link: str
    """The check's documentation."""
    locations: tuple[ValidationLocation, ...]
    """The elements the finding is about."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ValidationFinding:
        """From Access Analyzer's JSON."""
        return cls(
            finding_type=data["findingType"],
            issue_code=data["issueCode"],
            finding_details=data["findingDetails"],
            learn_more_link=data["learnMoreLink"],
            locations=tuple(ValidationLocation.from_dict(loc) for loc in data["locations"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """Access Analyzer's JSON (the CLI's `validate --format json`
        findings)."""
        return {
            "findingType": self.finding_type,
            "issueCode": self.issue_code,
            "findingDetails": self.finding_details,
            "learnMoreLink": self.learn_more_link,
            "locations": [location.to_dict() for location in self.locations],
        }
