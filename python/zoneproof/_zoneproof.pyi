# The native module (python/src/lib.rs). Private: use the `zoneproof` package.

from typing import TypedDict

__version__: str

class AnalyzeRequest(TypedDict):
    """Every argument of `zoneproof.analyze`; JSON documents as text."""

    policy: str | None
    resource_type: str
    resource_arn: str | None
    account: str | None
    org: str | None
    org_accounts: list[str]
    trusted_accounts: list[str]
    archive_rules: str | None
    service_findings: bool
    backend: str
    timeout_ms: int
    acl: str | None
    block_public_access: str | None
    sharing: str | None
    grants: str | None
    organization: tuple[str, str] | None

def analyze(
    request: AnalyzeRequest, /
) -> tuple[str | None, tuple[str, str] | None]:
    """Analyses one resource with the GIL released. Returns the resource
    result as the CLI's JSON, or `(None, (path, message))` when the policy
    does not parse; a located policy error found by the analysis comes with
    its result. Raises `ValueError` for bad arguments."""

class ScanRequest(TypedDict):
    """Every argument of `zoneproof.scan`; archive rules as JSON text."""

    paths: list[str]
    account: str | None
    org: str | None
    org_accounts: list[str]
    trusted_accounts: list[str]
    region: str | None
    partition: str | None
    archive_rules: str | None
    service_findings: bool
    backend: str
    timeout_ms: int
    jobs: int | None
    organization: tuple[str, str] | None

def scan(request: ScanRequest, /) -> str:
    """Reads and analyses every resource of the paths on a thread pool with
    the GIL released. Returns the JSON list of the CLI's `scan --format
    json` records, in input order. Raises `ValueError` for bad arguments."""

class GenerateRequest(TypedDict):
    """Every argument of `zoneproof.generate`; paths as strings."""

    cloudtrail: list[str]
    principal: str
    since: str | None
    until: str | None
    authz_details: str | None
    max_exact: int
    jobs: int | None

def generate(request: GenerateRequest, /) -> tuple[str, list[str]]:
    """Reads the trails on a thread pool with the GIL released. Returns the
    report as the CLI's JSON text and the bad-input lines. Raises
    `ValueError` for bad arguments."""

class UnusedRequest(TypedDict):
    """Every argument of `zoneproof.unused`; paths as strings."""

    cloudtrail: list[str]
    authz_details: list[str]
    credential_report: str | None
    days: int
    as_of: str | None
    jobs: int | None

def unused(request: UnusedRequest, /) -> tuple[str, list[str]]:
    """Reads the trails and IAM exports with the GIL released. Returns the
    report as the CLI's JSON text and the bad-input lines. Raises
    `ValueError` for bad arguments."""
class ValidateRequest(TypedDict):
    """Every argument of `zoneproof.validate`."""

    policy: str
    policy_type: str
    resource_type: str | None

def validate(request: ValidateRequest, /) -> str:
    """Runs the policy checks with the GIL released. Returns the JSON list
    of findings with Access Analyzer's field names. Raises `ValueError` for
    an unknown policy type or resource type."""
class NativeInputs:
    """Inputs read once (opaque)."""

def read_inputs(paths: list[str], /) -> tuple[NativeInputs, list[str], list[str]]:
    """Reads files and directories as `zoneproof authorize` reads INPUTS,
    with the GIL released. Returns the inputs, the lines of inputs that
    could not be used at all, and the lines of smaller problems."""

class AuthorizeArgs(TypedDict):
    """Every argument of `zoneproof.authorize`; the session policy as text."""

    principal: str
    action: str
    resource: str
    context: list[tuple[str, str]]
    session_policy: str | None
    federating_user: str | None
    resource_account: str | None

def authorize(
    inputs: NativeInputs, request: AuthorizeArgs, /
) -> tuple[str | None, tuple[str, str, str] | None]:
    """Decides one request with the GIL released. Returns the CLI's
    `authorize --format json` output, or `(kind, path, message)` with kind
    `invalid` (bad arguments), `policy` (the session policy does not parse)
    or `undecidable` (the inputs cannot decide the request)."""
def who_can(
    inputs: NativeInputs, action: str, resource: str, resource_account: str | None, assumers: bool, /
) -> tuple[str | None, tuple[str, str] | None]:
    """Answers `who-can` with the GIL released. Returns the CLI's `who-can
    --format json` output, or `(kind, message)` with kind `invalid` (an
    unknown action) or `undecidable`."""

def can(
    inputs: NativeInputs, principal: str, services: list[str], /
) -> tuple[str | None, tuple[str, str] | None]:
    """Answers `can` with the GIL released. Returns the CLI's `can --format
    json` output, or `(kind, message)` with kind `invalid` (an unknown
    service, a principal that is not a user or role) or `undecidable`."""

def plan_scan(request: ScanRequest, records_per_shard: int, /) -> str:
    """Plans a scan for `zoneproof.dask`: the JSON list of its shards in
    input order (`{"kind": "file"|"lines"|"record", ...}`). Raises
    `ValueError` for bad arguments."""

def scan_shard(request: ScanRequest, shard: str, /) -> str:
    """Scans one shard of a plan (its JSON); the JSON list of its records."""

def scan_lines(request: ScanRequest, source: str, text: str, first_index: int, /) -> str:
    """Scans inventory records given as JSON Lines text whose first record
    is record `first_index` of the collection `source`; the JSON list of
    their records."""

def baseline_findings(path: str, /) -> str:
    """The findings of a baseline file, each id once, in file order, as a
    JSON list (the reader of `zoneproof scan --baseline`). Raises
    `FileNotFoundError` when the file is missing, `OSError` when it cannot
    be read, `ValueError` when it is not a baseline."""

def count_records(text: str, /) -> int:
    """How many records (non-blank lines) JSON Lines text holds."""

class FixRequest(TypedDict):
    """Every argument of `zoneproof.fix`; JSON documents as text."""

    policy: str
    resource_type: str
    resource_arn: str
    account: str | None
    org: str | None
    org_accounts: list[str]
    trusted_accounts: list[str]
    archive_rules: str | None
    service_findings: bool
    backend: str
    timeout_ms: int
    finding_ids: list[str] | None
    strategy: str | None
    claims: list[tuple[str, list[str]]]

def fix(request: FixRequest, /) -> tuple[str | None, tuple[str, str] | None]:
    """Fixes the selected findings with the GIL released. Returns the
    report as `zoneproof fix --format json` prints it (with `policy`,
    `diff` and `text`), or `(None, (path, message))` when the policy does
    not parse. Raises `ValueError` for bad arguments or unknown finding
    ids, `RuntimeError` when the analysis cannot be completed."""
class CheckRequest(TypedDict):
    policy: str
    reference: str | None
    policy_type: str
    actions: list[str]
    resources: list[str]
    resource_type: str | None
    resource_arn: str | None
    account: str | None
    org: str | None
    timeout_ms: int

def check_no_new_access_native(request: CheckRequest, /) -> tuple[str | None, tuple[str, str] | None]:
    """No new access with the GIL released: the outcome's JSON, or the
    policy error's (path, message)."""

def check_access_not_granted_native(request: CheckRequest, /) -> tuple[str | None, tuple[str, str] | None]:
    """Access not granted with the GIL released (see above)."""

def check_no_public_access_native(request: CheckRequest, /) -> tuple[str | None, tuple[str, str] | None]:
    """No public access with the GIL released (see above)."""
class AuditArgs(TypedDict):
    """Every argument of `zoneproof.audit`, paths as strings."""

    authz_details: list[str]
    credential_report: str | None
    password_policy: str | None
    organization: str | None
    resources: list[str]
    as_of: str | None
    days: int
    allowed_regions: list[str]
    max_steps: int

def audit(
    args: AuditArgs, /
) -> tuple[str | None, list[str], tuple[str, list[str]] | None]:
    """Audits with the GIL released. Returns `zoneproof audit --format json`
    output and the warning lines, or the failure `(kind, lines)` with kind
    `invalid` (bad arguments) or `input` (inputs that cannot be read)."""
