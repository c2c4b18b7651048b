"""The whole IAM decision for one request, as `zoneproof authorize` makes it.

`Authorization` and its parts are frozen dataclasses built from the JSON the
analyzer serialises (the CLI's `authorize --format json`); `to_dict()` gives
back exactly that JSON, key order included.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from . import _zoneproof
from ._errors import AuthorizeError, InputError, InputWarning, PolicyError

__all__ = [
    "Authorization",
    "AuthorizationPrincipal",
    "AuthorizationResource",
    "AuthorizationStatement",
    "Decision",
    "Grant",
    "Inputs",
    "LevelVerdict",
    "PolicyType",
    "PolicyVerdict",
    "TypeVerdict",
    "authorize",
]

Decision = Literal["Allow", "ExplicitDeny", "ImplicitDeny"]
"""IAM's three outcomes."""

PolicyType = Literal["identity", "permissionsBoundary", "sessionPolicy", "scp", "rcp", "resource"]
"""The policy types IAM evaluates."""

Grant = Literal["direct", "roleArn", "account"]
"""How a resource-based policy grants: to the principal itself, to its role
ARN (limited by the boundary and session policy), or to its account (which
leaves it to identity-based policies)."""


def _put(out: dict[str, Any], key: str, value: object) -> None:
    if value is not None:
        out[key] = value


@dataclass(frozen=True, slots=True)
class AuthorizationStatement:
    """A statement that took part in the decision."""

    type: PolicyType
    """The type of its policy."""
    policy: str
    """The policy's name (or ARN)."""
    index: int
    """Zero-based index in the policy."""
    effect: Literal["Allow", "Deny"]
    """Its effect."""
    policy_arn: str | None = None
    """The policy's ARN (or SCP/RCP id), when it has one."""
    attached_to: str | None = None
    """For SCPs and RCPs: the root, OU or account it is attached to."""
    sid: str | None = None
    """Its Sid."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuthorizationStatement:
        """From the CLI's JSON."""
        return cls(type=data["type"], policy=data["policy"], index=data["index"], effect=data["effect"],
                   policy_arn=data.get("policyArn"), attached_to=data.get("attachedTo"), sid=data.get("sid"))

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        out: dict[str, Any] = {"type": self.type, "policy": self.policy}
        _put(out, "policyArn", self.policy_arn)
        _put(out, "attachedTo", self.attached_to)
        out["index"] = self.index
        _put(out, "sid", self.sid)
        out["effect"] = self.effect
        return out


@dataclass(frozen=True, slots=True)
class PolicyVerdict:
    """One policy's verdict on the request."""

    name: str
    """The policy's name (or ARN)."""
    attached_to: str
    """`inline`, `attached`, a group, an OU or account, the resource, ..."""
    decision: Decision
    """The policy's own decision."""
    statements: tuple[AuthorizationStatement, ...]
    """Its applicable statements (denies for ExplicitDeny, allows for Allow)."""
    arn: str | None = None
    """The policy's ARN, when it has one."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PolicyVerdict:
        """From the CLI's JSON."""
        return cls(name=data["name"], attached_to=data["attachedTo"], decision=data["decision"],
                   statements=tuple(AuthorizationStatement.from_dict(s) for s in data["statements"]),
                   arn=data.get("arn"))

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        out: dict[str, Any] = {"name": self.name}
        _put(out, "arn", self.arn)
        out.update({"attachedTo": self.attached_to, "decision": self.decision,
                    "statements": [s.to_dict() for s in self.statements]})
        return out


@dataclass(frozen=True, slots=True)
class LevelVerdict:
    """Whether the SCPs or RCPs attached at one level allow."""

    id: str
    """The root, OU or account id."""
    name: str
    """Its name."""
    kind: Literal["root", "organizationalUnit", "account"]
    """What it is."""
    decision: Decision
    """Allow when some attached policy allows and none denies."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LevelVerdict:
        """From the CLI's JSON."""
        return cls(id=data["id"], name=data["name"], kind=data["kind"], decision=data["decision"])

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        return {"id": self.id, "name": self.name, "kind": self.kind, "decision": self.decision}


@dataclass(frozen=True, slots=True)
class TypeVerdict:
    """One policy type's verdict."""

    type: PolicyType
    """The policy type."""
    applies: bool
    """Whether the type takes part in the request."""
    policies: tuple[PolicyVerdict, ...]
    """Each policy of the type."""
    note: str | None = None
    """Why it does not apply, or how it was found."""
    decision: Decision | None = None
    """The type's verdict when it applies."""
    levels: tuple[LevelVerdict, ...] = ()
    """For SCPs and RCPs: each level from the root to the account."""
    grant: Grant | None = None
    """For the resource-based policy: how it grants."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TypeVerdict:
        """From the CLI's JSON."""
        return cls(type=data["type"], applies=data["applies"],
                   policies=tuple(PolicyVerdict.from_dict(p) for p in data["policies"]),
                   note=data.get("note"), decision=data.get("decision"),
                   levels=tuple(LevelVerdict.from_dict(level) for level in data.get("levels", ())),
                   grant=data.get("grant"))

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        out: dict[str, Any] = {"type": self.type, "applies": self.applies}
        _put(out, "note", self.note)
        _put(out, "decision", self.decision)
        if self.levels:
            out["levels"] = [level.to_dict() for level in self.levels]
        _put(out, "grant", self.grant)
        out["policies"] = [p.to_dict() for p in self.policies]
        return out


@dataclass(frozen=True, slots=True)
class AuthorizationPrincipal:
    """Who made the request, as authorize understood it."""

    arn: str
    """The principal (a role ARN becomes a session of it)."""
    kind: str
    """`root user`, `IAM user`, `role session`, `federated user`, `AWS service`, ..."""
    service_linked: bool
    """Whether it is a session of a service-linked role."""
    account: str | None = None
    """Its account, for AWS principals."""
    entity: str | None = None
    """The user or role of the inputs."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuthorizationPrincipal:
        """From the CLI's JSON."""
        return cls(arn=data["arn"], kind=data["kind"], service_linked=data["serviceLinked"],
                   account=data.get("account"), entity=data.get("entity"))

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        out: dict[str, Any] = {"arn": self.arn, "kind": self.kind}
        _put(out, "account", self.account)
        _put(out, "entity", self.entity)
        out["serviceLinked"] = self.service_linked
        return out


@dataclass(frozen=True, slots=True)
class AuthorizationResource:
    """The resource, as authorize found it."""

    arn: str
    """The requested resource."""
    account_source: str
    """Where its account comes from."""
    account: str | None = None
    """Its owner account, when known."""
    policy_resource: str | None = None
    """The input resource whose policy applies (the bucket of an object)."""
    resource_type: str | None = None
    """Its type, e.g. `AWS::S3::Bucket`."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuthorizationResource:
        """From the CLI's JSON."""
        return cls(arn=data["arn"], account_source=data["accountSource"], account=data.get("account"),
                   policy_resource=data.get("policyResource"), resource_type=data.get("resourceType"))

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON."""
        out: dict[str, Any] = {"arn": self.arn}
        _put(out, "account", self.account)
        out["accountSource"] = self.account_source
        _put(out, "policyResource", self.policy_resource)
        _put(out, "resourceType", self.resource_type)
        return out


@dataclass(frozen=True, slots=True)
class Authorization:
    """A decision with its trace."""

    decision: Decision
    """`Allow`, `ExplicitDeny` or `ImplicitDeny`."""
    reason: str
    """One sentence saying why."""
    principal: AuthorizationPrincipal
    """Who made the request."""
    action: str
    """The action."""
    resource: AuthorizationResource
    """The resource."""
    cross_account: bool
    """Whether both the principal's and the resource's accounts had to allow."""
    deciding_statements: tuple[AuthorizationStatement, ...]
    """The statements that decided (none for ImplicitDeny)."""
    policies: tuple[TypeVerdict, ...]
    """Each policy type's verdict."""
    missing_context_values: tuple[str, ...]
    """Condition keys applicable statements need that the request did not give."""
    context: Mapping[str, tuple[str, ...]] = field(hash=False)
    """The request context the policies were evaluated with."""

    @property
    def allowed(self) -> bool:
        """Whether the decision is Allow."""
        return self.decision == "Allow"

    def verdict(self, policy_type: PolicyType) -> TypeVerdict:
        """The verdict of one policy type."""
        return next(v for v in self.policies if v.type == policy_type)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Authorization:
        """From the CLI's JSON."""
        return cls(
            decision=data["decision"], reason=data["reason"],
            principal=AuthorizationPrincipal.from_dict(data["principal"]), action=data["action"],
            resource=AuthorizationResource.from_dict(data["resource"]), cross_account=data["crossAccount"],
            deciding_statements=tuple(AuthorizationStatement.from_dict(s) for s in data["decidingStatements"]),
            policies=tuple(TypeVerdict.from_dict(v) for v in data["policies"]),
            missing_context_values=tuple(data["missingContextValues"]),
            context=MappingProxyType({key: tuple(values) for key, values in data["context"].items()}),
        )

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON (camelCase keys, in the CLI's order)."""
        return {
            "decision": self.decision, "reason": self.reason, "principal": self.principal.to_dict(),
            "action": self.action, "resource": self.resource.to_dict(), "crossAccount": self.cross_account,
            "decidingStatements": [s.to_dict() for s in self.deciding_statements],
            "policies": [v.to_dict() for v in self.policies],
            "missingContextValues": list(self.missing_context_values),
            "context": {key: list(values) for key, values in self.context.items()},
        }

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        return (Authorization.from_dict, (self.to_dict(),))


PathArgument = str | os.PathLike[str]


class Inputs:
    """Input files read once, for many `authorize` calls: `aws iam
    get-account-authorization-details` output, organization exports, and the
    resource inputs `scan` reads, recognised by shape.

    Raises `InputError` when some input cannot be used at all (a file that
    cannot be read or parsed, an organization export that does not hold
    together); smaller problems (one entry or policy) are `InputWarning`s,
    also kept in `problems`.
    """

    __slots__ = ("_native", "paths", "problems")

    def __init__(self, paths: PathArgument | Iterable[PathArgument]) -> None:
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        self.paths: tuple[str, ...] = tuple(os.fspath(path) for path in paths)
        native, unreadable, problems = _zoneproof.read_inputs(list(self.paths))
        if unreadable:
            raise InputError(tuple(unreadable))
        self._native = native
        self.problems: tuple[str, ...] = tuple(problems)
        for problem in self.problems:
            warnings.warn(problem, InputWarning, stacklevel=2)


def authorize(
    inputs: Inputs | PathArgument | Iterable[PathArgument],
    principal: str,
    action: str,
    resource: str,
    *,
    context: Mapping[str, str | Sequence[str]] | None = None,
    session_policy: str | Mapping[str, Any] | None = None,
    federating_user: str | None = None,
    resource_account: str | None = None,
) -> Authorization:
    """The whole IAM decision for one request, as `zoneproof authorize
    --format json` makes it: identity-based policies, permissions boundary,
    session policy, SCPs, RCPs and the resource-based policy.

    `inputs` is an `Inputs` (read once) or the paths to read. `principal` is
    a user, role, role-session, federated-user or root ARN, an account id,
    `anonymous`, `service:NAME`, `federated:PROVIDER` or `canonical:ID`.
    `context` maps condition keys to a value or a list of values.
    `session_policy` (text or dict) is the policy passed when the session
    was created; `federating_user` the IAM user that created a federated
    user session; `resource_account` the owner of a resource whose ARN and
    inputs do not say.

    Raises `InputError` for unusable inputs, `AuthorizeError` when a policy
    the request needs is missing or malformed (fail closed), `PolicyError`
    for an invalid session policy, and `ValueError` / `TypeError` for bad
    arguments (an unknown principal form, a principal that is not in the
    inputs raises `AuthorizeError`). The GIL is released while deciding.
    """
    if not isinstance(inputs, Inputs):
        inputs = Inputs(inputs)
    pairs: list[tuple[str, str]] = []
    for key, value in (context or {}).items():
        values = [value] if isinstance(value, str) else list(value)
        for item in values:
            if not isinstance(item, str):
                raise TypeError(f"context: `{key}` values must be strings, got `{item!r}`")
            pairs.append((key, item))
    if session_policy is not None and not isinstance(session_policy, str):
        session_policy = json.dumps(session_policy)
    request: _zoneproof.AuthorizeArgs = {
        "principal": principal,
        "action": action,
        "resource": resource,
        "context": pairs,
        "session_policy": session_policy,
        "federating_user": federating_user,
        "resource_account": resource_account,
    }
    result, failure = _zoneproof.authorize(inputs._native, request)
    if failure is not None:
        kind, path, message = failure
        if kind == "policy":
            raise PolicyError(message, path)
        if kind == "invalid":
            raise ValueError(message)
        raise AuthorizeError(message)
    if result is None:
        raise RuntimeError("zoneproof: the native module returned neither a result nor an error")
    return Authorization.from_dict(json.loads(result))
