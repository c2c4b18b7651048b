"""zoneproof proves who outside your AWS account or organization can reach
each resource.

    >>> import zoneproof
    >>> findings = zoneproof.analyze(policy, "AWS::S3::Bucket",
    ...                              "arn:aws:s3:::example-bucket", account="111122223333")
    >>> [(f.principal, f.is_public) for f in findings]

`analyze` returns the findings of one resource policy (an empty list is a
proof that nothing outside the zone of trust gets in); `scan` analyses
files of exported resources; `generate` writes the least-privilege policy
for what a principal did (CloudTrail), `unused` reports unused access and
`validate` runs IAM Access Analyzer's policy checks offline; `fix` writes
the proved policy change that removes findings; `authorize`
makes the whole IAM decision for one request over authorization details, an
organization export and resources (identity, boundary, session, SCP, RCP and
resource policies), `who_can` proves every user and role that can perform
an action on a resource and `can` what one user or role can do; `audit` checks IAM best practices and proves
privilege-escalation paths step by step. Findings and results are immutable typed
objects whose `to_dict()` is exactly the CLI's JSON. The GIL is released
while solving, so Python threads analyse in parallel.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from . import _zoneproof
from ._activity import (
    DeniedCall,
    EventCounts,
    GeneratedPolicy,
    ProofStatus,
    RecommendationProof,
    RecommendedStep,
    UnusedFinding,
    UnusedFindingType,
    UnusedReport,
    UsedAction,
)
from ._audit import AccountScore, AuditFinding, AuditReport, Severity, Undecided, audit
from ._authorize import (
    Authorization,
    AuthorizationPrincipal,
    AuthorizationResource,
    AuthorizationStatement,
    Decision,
    Grant,
    Inputs,
    LevelVerdict,
    PolicyType,
    PolicyVerdict,
    TypeVerdict,
    authorize,
)
from ._questions import (
    ActionAccess,
    AssumePath,
    Can,
    CanProof,
    Grantee,
    RequestWitness,
    ResourceAccess,
    ServiceAccess,
    UndecidedAccess,
    WhoCan,
    WhoCanProof,
    can,
    who_can,
)
from ._fix import (
    FindingFix,
    FixReport,
    FixStatus,
    Obligation,
    PatchProof,
    RejectedPatch,
    Strategy,
    fix,
)
from ._errors import AnalysisError, AuthorizeError, Error, InputError, InputWarning, PolicyError
from ._model import (
    Change,
    ConditionValue,
    Finding,
    FindingStatus,
    FindingType,
    Origin,
    Proof,
    ResourceResult,
    ResultStatus,
    Source,
    StatementRef,
    Witness,
)
from ._validation import (
    PathElement,
    PolicyType,
    Position,
    Span,
    ValidationFinding,
    ValidationFindingType,
    ValidationLocation,
)
from ._results import Baseline, ScanResults, ShardStat, compare

from ._checks import AccessClass, CheckReason, CheckResult, CheckVerdict, ClassCondition

__all__ = [
    "AccessClass",
    "ClassCondition",
    "AccountScore",
    "ActionAccess",
    "AnalysisError",
    "AssumePath",
    "AuditFinding",
    "AuditReport",
    "Authorization",
    "AuthorizationPrincipal",
    "AuthorizationResource",
    "AuthorizationStatement",
    "AuthorizeError",
    "Backend",
    "Baseline",
    "Can",
    "CanProof",
    "Change",
    "CheckReason",
    "CheckResult",
    "CheckVerdict",
    "ConditionValue",
    "Decision",
    "DeniedCall",
    "Error",
    "EventCounts",
    "Finding",
    "FindingFix",
    "FindingStatus",
    "FindingType",
    "FixReport",
    "FixStatus",
    "GeneratedPolicy",
    "Grant",
    "Grantee",
    "InputError",
    "InputWarning",
    "Inputs",
    "LevelVerdict",
    "Obligation",
    "Origin",
    "PatchProof",
    "PathElement",
    "PolicyError",
    "PolicyType",
    "PolicyVerdict",
    "Position",
    "Proof",
    "ProofStatus",
    "RecommendationProof",
    "RecommendedStep",
    "RejectedPatch",
    "RequestWitness",
    "ResourceAccess",
    "ResourceResult",
    "ResultStatus",
    "ScanResults",
    "ServiceAccess",
    "Severity",
    "ShardStat",
    "Source",
    "Span",
    "StatementRef",
    "Strategy",
    "TypeVerdict",
    "Undecided",
    "UndecidedAccess",
    "UnusedFinding",
    "UnusedFindingType",
    "UnusedReport",
    "UsedAction",
    "ValidationFinding",
    "ValidationFindingType",
    "ValidationLocation",
    "WhoCan",
    "WhoCanProof",
    "Witness",
    "__version__",
    "analyze",
    "audit",
    "authorize",
    "can",
    "check_access_not_granted",
    "check_no_new_access",
    "check_no_public_access",
    "compare",
    "fix",
    "generate",
    "scan",
    "unused",
    "validate",
    "who_can",
]

__version__: str = _zoneproof.__version__

Backend = Literal["automata", "z3-strings"]
"""The solver backend: `automata` (string atoms decided by DFAs, the
default) or `z3-strings` (Z3's string theory, a baseline)."""

JsonDocument = str | Mapping[str, Any]
"""A JSON document: its text, or the decoded object."""


def analyze(
    policy: JsonDocument | None,
    resource_type: str,
    resource_arn: str | None = None,
    *,
    account: str | None = None,
    org: str | None = None,
    org_accounts: Iterable[str] = (),
    trusted_accounts: Iterable[str] = (),
    archive_rules: str | Sequence[Mapping[str, Any]] | None = None,
    backend: Backend = "automata",
    service_findings: bool = True,
    timeout_ms: int = 10_000,
    acl: JsonDocument | None = None,
    block_public_access: JsonDocument | None = None,
    sharing: str | Sequence[Any] | Mapping[str, Any] | None = None,
    grants: str | Sequence[Any] | Mapping[str, Any] | None = None,
    organization: str | os.PathLike[str] | Mapping[str, Any] | None = None,
) -> list[Finding]:
    """The external-access findings of one resource policy, as
    `zoneproof analyze POLICY --format json` reports them.

    `policy` is the policy text or the decoded dict (`None` for a resource
    without a policy, e.g. a snapshot with `sharing`). `resource_arn`
    defaults to the one resource the policy's `Resource` elements name.
    The zone of trust is `account` (default: the ARN's account), or the
    organization `org` with its known member `org_accounts`, plus
    `trusted_accounts`. `archive_rules` use IAM Access Analyzer's filter
    syntax (a list of `{"ruleName", "filter"}`, or its JSON text); matching
    findings come back ARCHIVED. `acl`, `block_public_access`, `sharing` and
    `grants` are the resource's other access settings in AWS's API shapes.
    `organization` is the organization export (root, OUs, accounts, SCPs and
    RCPs, as `--organization FILE` reads it): a path to the file, or the
    export as a mapping; access that a resource control policy of the
    resource's account denies is cut: a finding cut entirely is not
    returned (`scan` lists it under `ResourceResult.cut_by_rcp`).

    Raises `PolicyError` (with the JSON `path`) for an invalid policy,
    `AnalysisError` when the solver cannot decide or the analysis fails,
    and `ValueError` / `TypeError` for bad arguments.
    """
    request: _zoneproof.AnalyzeRequest = {
        "policy": _json_text("policy", policy),
        "resource_type": resource_type,
        "resource_arn": resource_arn,
        "account": account,
        "org": org,
        "org_accounts": _strings("org_accounts", org_accounts),
        "trusted_accounts": _strings("trusted_accounts", trusted_accounts),
        "archive_rules": _json_text("archive_rules", archive_rules),
        "service_findings": service_findings,
        "backend": backend,
        "timeout_ms": timeout_ms,
        "acl": _json_text("acl", acl),
        "block_public_access": _json_text("block_public_access", block_public_access),
        "sharing": _json_text("sharing", sharing),
        "grants": _json_text("grants", grants),
        "organization": _organization(organization),
    }
    result_json, policy_error = _zoneproof.analyze(request)
    if policy_error is not None:
        path, message = policy_error
        raise PolicyError(message, path)
    if result_json is None:
        raise RuntimeError("zoneproof: the native module returned neither a result nor an error")
    result = ResourceResult.from_dict(json.loads(result_json))
    if result.status != "analyzed":
        raise AnalysisError(result)
    return list(result.findings)


def scan(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    account: str | None = None,
    org: str | None = None,
    org_accounts: Iterable[str] = (),
    trusted_accounts: Iterable[str] = (),
    region: str | None = None,
    partition: str | None = None,
    archive_rules: str | Sequence[Mapping[str, Any]] | None = None,
    backend: Backend = "automata",
    service_findings: bool = True,
    timeout_ms: int = 10_000,
    jobs: int | None = None,
    organization: str | os.PathLike[str] | Mapping[str, Any] | None = None,
) -> list[ResourceResult]:
    """Every resource in files and directories, as `zoneproof scan PATH...
    --format json` reports them, in input order: inventories (JSON, JSON
    Lines), `aws iam get-account-authorization-details` output, AWS Config
    items, CloudFormation templates and Terraform plans.

    Each resource's owner is `account` when given, else the account its
    input names, else its ARN's; `org`, `org_accounts` and
    `trusted_accounts` complete the zone of trust; `region` and `partition`
    fill in what templates and plans leave open. Resources are analysed on
    `jobs` threads (default: every core) with the GIL released.
    `organization` is the organization export, as for `analyze`: the RCPs
    of each resource's account cut its external access.

    A scan goes on past bad input: an unreadable file, an invalid policy or
    an undecided analysis is a result with status `error` or `unknown` and
    the reason, in its place (`origin` says where). Bad arguments raise
    `ValueError` / `TypeError`.
    """
    request = _scan_request(paths, account=account, org=org, org_accounts=org_accounts,
                            trusted_accounts=trusted_accounts, region=region, partition=partition,
                            archive_rules=archive_rules, backend=backend,
                            service_findings=service_findings, timeout_ms=timeout_ms, jobs=jobs,
                            organization=organization)
    records = json.loads(_zoneproof.scan(request))
    return [ResourceResult.from_dict(record) for record in records]


def _scan_request(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    account: str | None,
    org: str | None,
    org_accounts: Iterable[str],
    trusted_accounts: Iterable[str],
    region: str | None,
    partition: str | None,
    archive_rules: str | Sequence[Mapping[str, Any]] | None,
    backend: str,
    service_findings: bool,
    timeout_ms: int,
    jobs: int | None,
    organization: str | os.PathLike[str] | Mapping[str, Any] | None = None,
) -> _zoneproof.ScanRequest:
    """The native module's scan request (shared with `zoneproof.dask`)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return {
        "paths": [os.fspath(path) for path in paths],
        "account": account,
        "org": org,
        "org_accounts": _strings("org_accounts", org_accounts),
        "trusted_accounts": _strings("trusted_accounts", trusted_accounts),
        "region": region,
        "partition": partition,
        "archive_rules": _json_text("archive_rules", archive_rules),
        "service_findings": service_findings,
        "backend": backend,
        "timeout_ms": timeout_ms,
        "jobs": jobs,
        "organization": _organization(organization),
    }


def _organization(
    export: str | os.PathLike[str] | Mapping[str, Any] | None,
) -> tuple[str, str] | None:
    """The organization export as `(name for messages, JSON text)`: a
    path is read (its errors name it), a mapping is encoded."""
    if export is None:
        return None
    if isinstance(export, (str, os.PathLike)):
        path = os.fspath(export)
        try:
            with open(path, encoding="utf-8") as file:
                return path, file.read()
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"organization: {path}: cannot read: {error}") from None
    if isinstance(export, Mapping):
        text = _json_text("organization", export)
        assert text is not None
        return "organization", text
    raise TypeError(
        f"organization: expected a path or a mapping, got {type(export).__name__}")


PathLike = str | os.PathLike[str]
"""A file or directory path."""


def _paths(name: str, paths: PathLike | Iterable[PathLike]) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    out = [os.fspath(path) for path in paths]
    if not out:
        raise ValueError(f"{name}: expected at least one path")
    return out


def generate(
    cloudtrail: PathLike | Iterable[PathLike],
    principal: str,
    *,
    since: str | None = None,
    until: str | None = None,
    authz_details: PathLike | None = None,
    max_exact: int = 10,
    jobs: int | None = None,
) -> GeneratedPolicy:
    """The least-privilege identity policy for what `principal` did, as
    `zoneproof generate --format json` reports it.

    `cloudtrail` is CloudTrail logs: files or directories in the S3 delivery
    layout (`.json.gz`), `lookup-events` output, or CloudTrail Lake / Athena
    JSON Lines. `principal` is a role ARN (its sessions count), a user ARN
    or the root ARN; `since` / `until` bound the events (dates or ISO 8601
    date-times). With `authz_details` (`aws iam
    get-account-authorization-details` output) the report compares the
    policy with the principal's current identity policies
    (`current_policy`). `max_exact` distinct values of one part of a
    resource ARN are kept before they are generalised to their common prefix
    and `*`. Files are read on `jobs` threads with the GIL released.

    Bad records and files do not stop the reading: they are in `errors`.
    Bad arguments (a principal that is not an IAM principal ARN, bad dates,
    a principal missing from `authz_details`) raise `ValueError`.
    """
    request: _zoneproof.GenerateRequest = {
        "cloudtrail": _paths("cloudtrail", cloudtrail),
        "principal": principal,
        "since": since,
        "until": until,
        "authz_details": None if authz_details is None else os.fspath(authz_details),
        "max_exact": max_exact,
        "jobs": jobs,
    }
    report, errors = _zoneproof.generate(request)
    return GeneratedPolicy.from_dict(json.loads(report), tuple(errors))


def unused(
    cloudtrail: PathLike | Iterable[PathLike],
    authz_details: PathLike | Iterable[PathLike],
    *,
    credential_report: PathLike | None = None,
    days: int = 90,
    as_of: str | None = None,
    jobs: int | None = None,
) -> UnusedReport:
    """Unused roles, access keys, passwords and permissions, as `zoneproof
    unused --format json` reports them: findings in IAM Access Analyzer's
    vocabulary, each `UnusedPermission` with recommended policies proved by
    the concrete evaluator to still allow every request of the window.

    `credential_report` is the IAM credential report CSV (without it, keys
    and passwords are not checked). The window is the `days` before `as_of`
    (default: the last event of the trails). Bad records, files and rows are
    in `errors`; bad arguments raise `ValueError`.
    """
    request: _zoneproof.UnusedRequest = {
        "cloudtrail": _paths("cloudtrail", cloudtrail),
        "authz_details": _paths("authz_details", authz_details),
        "credential_report": None if credential_report is None else os.fspath(credential_report),
        "days": days,
        "as_of": as_of,
        "jobs": jobs,
    }
    report, errors = _zoneproof.unused(request)
    return UnusedReport.from_dict(json.loads(report), tuple(errors))
def validate(
    policy: JsonDocument,
    policy_type: PolicyType = "identity",
    resource_type: str | None = None,
) -> list[ValidationFinding]:
    """IAM Access Analyzer's policy checks (`ValidatePolicy`), offline, as
    `zoneproof validate POLICY --format json` reports them: findings of type
    `ERROR`, `SECURITY_WARNING`, `WARNING` or `SUGGESTION`, each with its
    issue code, details, documentation link and locations (JSON path and
    span in the policy text). An empty list: no check found anything.

    `policy` is the policy text (positions refer to it) or the decoded dict
    (positions refer to its compact JSON). `policy_type` is `identity`
    (default), `resource`, `trust`, `scp` or `rcp`; `resource_type` (e.g.
    `AWS::S3::Bucket`) adds the resource-specific checks of a resource
    policy. A policy that is not JSON is a `JSON_SYNTAX_ERROR` finding, not
    an exception.

    Raises `ValueError` for an unknown policy type or resource type, or a
    resource type given for a policy type that takes none, and `TypeError`
    for a policy that is neither text nor a JSON mapping.
    """
    text = _json_text("policy", policy)
    if text is None:
        raise TypeError("policy: expected the policy text or a dict, got None")
    request: _zoneproof.ValidateRequest = {
        "policy": text,
        "policy_type": policy_type,
        "resource_type": resource_type,
    }
    findings = json.loads(_zoneproof.validate(request))
    return [ValidationFinding.from_dict(finding) for finding in findings]


def _json_text(name: str, value: object) -> str | None:
    """A JSON argument as text: strings are passed through unchanged (the
    analyzer reports their syntax errors with a path), other values are
    encoded."""
    if value is None or isinstance(value, str):
        return value
    try:
        return json.dumps(value, allow_nan=False, default=_plain_json)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name}: not a JSON document: {error}") from None


def _plain_json(value: object) -> object:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    raise TypeError(f"`{type(value).__name__}` is not JSON")


def _strings(name: str, values: Iterable[str]) -> list[str]:
    if isinstance(values, str):
        raise TypeError(f"{name}: expected a list of account ids, got the string `{values}`")
    out = list(values)
    for value in out:
        if not isinstance(value, str):
            raise TypeError(f"{name}: expected strings, got `{value!r}`")
    return out


CheckPolicyType = Literal["identity", "resource"]
"""The type of policies a check reads: identity-based, or resource-based
(role trust policies included)."""


def _check_request(
    policy: JsonDocument,
    *,
    reference: JsonDocument | None = None,
    policy_type: str = "identity",
    actions: Iterable[str] = (),
    resources: Iterable[str] = (),
    resource_type: str | None = None,
    resource_arn: str | None = None,
    account: str | None = None,
    org: str | None = None,
    timeout_ms: int = 10_000,
) -> _zoneproof.CheckRequest:
    text = _json_text("policy", policy)
    if text is None:
        raise TypeError("policy: expected the policy text or a dict, got None")
    return {
        "policy": text,
        "reference": _json_text("reference", reference),
        "policy_type": policy_type,
        "actions": _strings("actions", actions),
        "resources": _strings("resources", resources),
        "resource_type": resource_type,
        "resource_arn": resource_arn,
        "account": account,
        "org": org,
        "timeout_ms": timeout_ms,
    }


def _check_result(answer: tuple[str | None, tuple[str, str] | None]) -> CheckResult:
    result_json, policy_error = answer
    if policy_error is not None:
        path, message = policy_error
        raise PolicyError(message, path)
    if result_json is None:
        raise RuntimeError("zoneproof: the native module returned neither a result nor an error")
    return CheckResult.from_dict(json.loads(result_json))


def check_no_new_access(
    new: JsonDocument,
    reference: JsonDocument,
    policy_type: CheckPolicyType = "identity",
    *,
    account: str | None = None,
    org: str | None = None,
    timeout_ms: int = 10_000,
) -> CheckResult:
    """Whether `new` grants access `reference` does not (`zoneproof
    check-no-new-access`): `PASS` is a proof; `FAIL` lists every class of
    new access, each witness allowed by `new` and not by `reference` (re-
    checked by the evaluator); `UNKNOWN` says why it could not decide.

    Identity policies are read in the catalog's typed request space, made by
    a principal of `account` in `org` when given. Runs with the GIL
    released. Raises `PolicyError` for an invalid policy (the path starts
    with `policy:` or `reference:`) and `ValueError` for bad arguments.
    """
    request = _check_request(
        new, reference=reference, policy_type=policy_type, account=account, org=org,
        timeout_ms=timeout_ms,
    )
    if request["reference"] is None:
        raise TypeError("reference: expected the policy text or a dict, got None")
    return _check_result(_zoneproof.check_no_new_access_native(request))


def check_access_not_granted(
    policy: JsonDocument,
    actions: Iterable[str] = (),
    resources: Iterable[str] = (),
    policy_type: CheckPolicyType = "identity",
    *,
    account: str | None = None,
    org: str | None = None,
    timeout_ms: int = 10_000,
) -> CheckResult:
    """Whether `policy` grants a listed action (on any resource), any
    action on a listed resource, or — both given — a listed action on a
    listed resource (`zoneproof check-access-not-granted`). Wildcards are
    allowed in both lists. Runs with the GIL released. Raises `PolicyError`
    for an invalid policy and `ValueError` when both lists are empty.
    """
    request = _check_request(
        policy, policy_type=policy_type, actions=actions, resources=resources,
        account=account, org=org, timeout_ms=timeout_ms,
    )
    return _check_result(_zoneproof.check_access_not_granted_native(request))


def check_no_public_access(
    policy: JsonDocument,
    resource_type: str,
    resource_arn: str | None = None,
    *,
    account: str | None = None,
    org: str | None = None,
    timeout_ms: int = 10_000,
) -> CheckResult:
    """Whether the resource policy lets anyone (anonymous callers included)
    in with no condition restricting who they are (`zoneproof
    check-no-public-access`, the `isPublic` of `analyze`'s findings).
    Runs with the GIL released. Raises `PolicyError` for an invalid policy
    and `ValueError` for an unknown resource type.
    """
    request = _check_request(
        policy, policy_type="resource", resource_type=resource_type,
        resource_arn=resource_arn, account=account, org=org, timeout_ms=timeout_ms,
    )
    return _check_result(_zoneproof.check_no_public_access_native(request))
