"""The proved questions over the inputs of `zoneproof.authorize`: who can
perform an action on a resource (`who_can`), and what one user or role can
do (`can`), as `zoneproof who-can` and `zoneproof can` answer them.

The answers are frozen dataclasses built from the JSON the analyzer
serialises (the CLI's `--format json`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any, Literal

from . import _zoneproof
from ._authorize import Inputs, PathArgument
from ._errors import AuthorizeError

__all__ = [
    "ActionAccess",
    "AssumePath",
    "Can",
    "CanProof",
    "Grantee",
    "RequestWitness",
    "ResourceAccess",
    "ServiceAccess",
    "UndecidedAccess",
    "WhoCan",
    "WhoCanProof",
    "can",
    "who_can",
]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _json(value: object) -> Any:
    if isinstance(value, _Json):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    return value


class _Json:
    """`to_dict()`: the CLI's JSON, key order included."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        return {_camel(f.name): _json(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


def _values(data: Mapping[str, Any]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({key: tuple(values) for key, values in data.items()})


@dataclass(frozen=True, slots=True)
class RequestWitness(_Json):
    """A concrete request the concrete decision (`authorize`) allows."""

    principal: str
    """Who (a role ARN stands for a session of the role)."""
    action: str
    """The action."""
    resource: str
    """The resource."""
    context: Mapping[str, tuple[str, ...]]
    """The context keys given (the others are derived from the inputs)."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RequestWitness:
        """From the CLI's JSON."""
        return cls(principal=data["principal"], action=data["action"], resource=data["resource"],
                   context=_values(data["context"]))


@dataclass(frozen=True, slots=True)
class Grantee(_Json):
    """A user or role that can perform the action."""

    principal: str
    """The user or role ARN."""
    kind: Literal["user", "role"]
    """Which."""
    unconditional: bool
    """Allowed with no context key given, and the decision read no key the request lacked."""
    conditions: Mapping[str, tuple[str, ...]]
    """The context keys the decision depends on, with the witness's values."""
    witness: RequestWitness
    """A request `authorize` allows."""
    reason: str
    """The concrete decision's reason for the witness."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Grantee:
        """From the CLI's JSON."""
        return cls(principal=data["principal"], kind=data["kind"], unconditional=data["unconditional"],
                   conditions=_values(data["conditions"]), witness=RequestWitness.from_dict(data["witness"]),
                   reason=data["reason"])


@dataclass(frozen=True, slots=True)
class AssumePath(_Json):
    """A principal that reaches the action through a role it can assume (one hop)."""

    path: tuple[str, ...]
    """`(assumer, role)`."""
    assume: Grantee
    """How the assumer can call `sts:AssumeRole` on the role."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AssumePath:
        """From the CLI's JSON."""
        return cls(path=tuple(data["path"]), assume=Grantee.from_dict(data["assume"]))


@dataclass(frozen=True, slots=True)
class WhoCanProof(_Json):
    """The figures of the proof that no one else can."""

    complete: bool
    """The enumeration ended UNSAT."""
    principals: int
    """Principals considered."""
    candidates: int
    """Principals whose formula is not constant false."""
    solver_checks: int
    """Solver checks."""
    micros: int
    """Wall time."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WhoCanProof:
        """From the CLI's JSON."""
        return cls(complete=data["complete"], principals=data["principals"], candidates=data["candidates"],
                   solver_checks=data["solverChecks"], micros=data["micros"])


@dataclass(frozen=True, slots=True)
class WhoCan(_Json):
    """Every user and role of the inputs that can perform an action on a resource."""

    action: str
    """The action."""
    resource: str
    """The resource."""
    resource_account: str
    """The resource's account."""
    principals: tuple[Grantee, ...]
    """The principals that can, sorted by ARN."""
    assume_paths: tuple[AssumePath, ...]
    """Principals that reach it by assuming one of the roles found."""
    proof: WhoCanProof
    """The proof of the direct question."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WhoCan:
        """From the CLI's JSON."""
        return cls(action=data["action"], resource=data["resource"], resource_account=data["resourceAccount"],
                   principals=tuple(Grantee.from_dict(g) for g in data["principals"]),
                   assume_paths=tuple(AssumePath.from_dict(p) for p in data["assumePaths"]),
                   proof=WhoCanProof.from_dict(data["proof"]))


@dataclass(frozen=True, slots=True)
class ResourceAccess(_Json):
    """A resource pattern on which some request for the action is allowed."""

    resource: str
    """The pattern (or the resource of the inputs) decided."""
    account: str
    """The account its resources belong to."""
    source: Literal["identity", "resource", "input"]
    """The principal's own policies, a resource or trust policy naming it, or a resource of the inputs."""
    unconditional: bool
    """Allowed on the witness with no context key given, and no key the request lacked was read."""
    conditions: Mapping[str, tuple[str, ...]]
    """The context keys the decision depends on, with the witness's values."""
    witness: RequestWitness
    """A request `authorize` allows."""
    reason: str
    """The concrete decision's reason for the witness."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ResourceAccess:
        """From the CLI's JSON."""
        return cls(resource=data["resource"], account=data["account"], source=data["source"],
                   unconditional=data["unconditional"], conditions=_values(data["conditions"]),
                   witness=RequestWitness.from_dict(data["witness"]), reason=data["reason"])


@dataclass(frozen=True, slots=True)
class ActionAccess(_Json):
    """An action the principal is allowed, on some resources."""

    action: str
    """The action."""
    resources: tuple[ResourceAccess, ...]
    """The resource patterns on which some request is allowed."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ActionAccess:
        """From the CLI's JSON."""
        return cls(action=data["action"], resources=tuple(ResourceAccess.from_dict(r) for r in data["resources"]))


@dataclass(frozen=True, slots=True)
class ServiceAccess(_Json):
    """The allowed actions of one service."""

    service: str
    """The service prefix."""
    actions: tuple[ActionAccess, ...]
    """Its allowed actions, sorted."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ServiceAccess:
        """From the CLI's JSON."""
        return cls(service=data["service"], actions=tuple(ActionAccess.from_dict(a) for a in data["actions"]))


@dataclass(frozen=True, slots=True)
class UndecidedAccess(_Json):
    """An (action, resource pattern) that could not be decided: not proved denied."""

    action: str
    """The action."""
    resource: str
    """The resource pattern."""
    reason: str
    """Why."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UndecidedAccess:
        """From the CLI's JSON."""
        return cls(action=data["action"], resource=data["resource"], reason=data["reason"])


@dataclass(frozen=True, slots=True)
class CanProof(_Json):
    """The figures of the proof."""

    complete: bool
    """Every candidate was decided (nothing undecided)."""
    candidate_actions: int
    """Catalog actions some Allow statement of the principal can match."""
    targets: int
    """(action, resource pattern) pairs decided."""
    denied_actions: int
    """Candidate actions proved not allowed on any of their patterns."""
    solver_checks: int
    """Solver checks."""
    micros: int
    """Wall time."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CanProof:
        """From the CLI's JSON."""
        return cls(complete=data["complete"], candidate_actions=data["candidateActions"], targets=data["targets"],
                   denied_actions=data["deniedActions"], solver_checks=data["solverChecks"],
                   micros=data["micros"])


@dataclass(frozen=True, slots=True)
class Can(_Json):
    """What one user or role can do, per service."""

    principal: str
    """The principal."""
    kind: Literal["user", "role"]
    """Which."""
    account: str
    """Its account."""
    services: tuple[ServiceAccess, ...]
    """The allowed actions, per service, sorted."""
    unknown: tuple[UndecidedAccess, ...]
    """What could not be decided (fail closed: not "denied")."""
    proof: CanProof
    """The proof."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Can:
        """From the CLI's JSON."""
        return cls(principal=data["principal"], kind=data["kind"], account=data["account"],
                   services=tuple(ServiceAccess.from_dict(s) for s in data["services"]),
                   unknown=tuple(UndecidedAccess.from_dict(u) for u in data["unknown"]),
                   proof=CanProof.from_dict(data["proof"]))

    def actions(self) -> dict[str, ActionAccess]:
        """Every allowed action by name."""
        return {a.action: a for s in self.services for a in s.actions}


def _answer(result: str | None, failure: tuple[str, str] | None) -> dict[str, Any]:
    if failure is not None:
        kind, message = failure
        if kind == "invalid":
            raise ValueError(message)
        raise AuthorizeError(message)
    if result is None:
        raise RuntimeError("zoneproof: the native module returned neither a result nor an error")
    data: dict[str, Any] = json.loads(result)
    return data


def who_can(
    inputs: Inputs | PathArgument | Iterable[PathArgument],
    action: str,
    resource: str,
    *,
    resource_account: str | None = None,
    assumers: bool = True,
) -> WhoCan:
    """Every IAM user and role of the inputs that can perform `action` on
    `resource` over the whole IAM decision, each with a witness `authorize`
    confirms, who can reach them by assuming those roles (one hop, unless
    `assumers=False`), and the proof (the final UNSAT) that no one else can:
    `zoneproof who-can --format json`.

    `inputs` is an `Inputs` (read once) or the paths to read. Raises
    `InputError` for unusable inputs, `ValueError` for an unknown action,
    and `AuthorizeError` when a principal's request cannot be decided (fail
    closed). The GIL is released while solving.
    """
    if not isinstance(inputs, Inputs):
        inputs = Inputs(inputs)
    result, failure = _zoneproof.who_can(inputs._native, action, resource, resource_account, assumers)
    return WhoCan.from_dict(_answer(result, failure))


def can(
    inputs: Inputs | PathArgument | Iterable[PathArgument],
    principal: str,
    *,
    services: Iterable[str] = (),
) -> Can:
    """What one IAM user or role of the inputs can do — per service, the
    actions and resource patterns it is allowed over the whole IAM decision,
    each with a witness `authorize` confirms and the context keys it depends
    on; `unknown` lists what could not be decided: `zoneproof can --format
    json`.

    `services` limits the answer to those service prefixes. Raises
    `InputError` for unusable inputs, `ValueError` for an unknown service or
    a principal that is not a user or role, and `AuthorizeError` when the
    principal is not in the inputs or one of its policies cannot be read.
    The GIL is released while solving.
    """
    if not isinstance(inputs, Inputs):
        inputs = Inputs(inputs)
    result, failure = _zoneproof.can(inputs._native, principal, list(services))
    return Can.from_dict(_answer(result, failure))
