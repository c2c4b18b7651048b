"""zoneproof proves who outside your AWS account or organization can reach
each resource.

    >>> import zoneproof
    >>> findings = zoneproof.analyze(policy, "AWS::S3::Bucket",
    ...                              "arn:aws:s3:::example-bucket", account="111122223333")
    >>> [(f.principal, f.is_public) for f in findings]

`analyze` returns the findings of one resource policy (an empty list is a
proof that nothing outside the zone of trust gets in); `scan` analyses
files of exported resources. Findings and results are immutable typed
objects whose `to_dict()` is exactly the CLI's JSON. The GIL is released
while solving, so Python threads analyse in parallel.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from . import _zoneproof
from ._errors import AnalysisError, Error, PolicyError
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
from ._results import Baseline, ScanResults, ShardStat, compare

__all__ = [
    "AnalysisError",
    "Backend",
    "Baseline",
    "Change",
    "ConditionValue",
    "Error",
    "Finding",
    "FindingStatus",
    "FindingType",
    "Origin",
    "PolicyError",
    "Proof",
    "ResourceResult",
    "ResultStatus",
    "ScanResults",
    "ShardStat",
    "Source",
    "StatementRef",
    "Witness",
    "__version__",
    "analyze",
    "compare",
    "scan",
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

    A scan goes on past bad input: an unreadable file, an invalid policy or
    an undecided analysis is a result with status `error` or `unknown` and
    the reason, in its place (`origin` says where). Bad arguments raise
    `ValueError` / `TypeError`.
    """
    request = _scan_request(paths, account=account, org=org, org_accounts=org_accounts,
                            trusted_accounts=trusted_accounts, region=region, partition=partition,
                            archive_rules=archive_rules, backend=backend,
                            service_findings=service_findings, timeout_ms=timeout_ms, jobs=jobs)
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
    }


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
