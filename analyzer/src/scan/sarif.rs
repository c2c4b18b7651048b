//! SARIF 2.1.0 output (`--format sarif`), for GitHub code scanning and other
//! SARIF viewers.
//!
//! - One rule per kind of finding — [`PUBLIC_ACCESS`], [`EXTERNAL_ACCESS`],
//!   [`EXTERNAL_ACCESS_VIA_SERVICE`] — and one per kind of failure —
//!   [`ANALYSIS_ERROR`], [`ANALYSIS_INCOMPLETE`] — each with help text in
//!   three parts: what it means, why it matters, how to fix it.
//! - One result per finding, at the file and line of the granting statement
//!   (the policy's line when the statement's is not known), with the other
//!   granting statements as related locations; one result per error or
//!   unknown record, at the resource's policy.
//! - Levels: `error` for public access and for errors, `warning` for other
//!   findings, `note` (with an `external` suppression) for ARCHIVED ones.
//! - `partialFingerprints.findingId/v1` is the finding's stable id, so a
//!   finding keeps its alert across pushes; against a baseline, each result
//!   has `baselineState` `new` or `unchanged`, and the baseline's resolved
//!   findings are listed in the run's `properties.resolved` (not as
//!   results, so that no viewer shows them as alerts).
//! - With `scan --fixes`, a finding whose policy is written in a JSON file
//!   has `fixes`: one artifact change replacing the policy's text with the
//!   proved patch; its `properties.fix` holds the fix (or why there is
//!   none) for every finding.

use crate::finding::{
    stable_id, Finding, FindingStatus, FindingType, ResourceResult, ResultStatus,
};
use serde_json::{json, Map, Value};
use std::path::{Component, Path};

use super::fixes::ScanFix;
use super::record::{Change, Location, Record};

/// The SARIF schema that the output follows.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A SARIF rule: its id, name, levels and help.
struct Rule {
    id: &'static str,
    name: &'static str,
    short: &'static str,
    full: &'static str,
    /// Markdown: what it does, why it matters, how to fix it.
    help: &'static str,
    level: &'static str,
    /// GitHub's `security-severity` (0 to 10).
    severity: &'static str,
}

/// Anyone, anonymous callers included, can reach the resource.
pub const PUBLIC_ACCESS: &str = "PublicAccess";
/// A principal outside the zone of trust can reach the resource.
pub const EXTERNAL_ACCESS: &str = "ExternalAccess";
/// An AWS service can reach the resource on behalf of anyone.
pub const EXTERNAL_ACCESS_VIA_SERVICE: &str = "ExternalAccessViaService";
/// The resource could not be analysed.
pub const ANALYSIS_ERROR: &str = "AnalysisError";
/// The analysis could not decide; findings may be missing.
pub const ANALYSIS_INCOMPLETE: &str = "AnalysisIncomplete";

const RULES: [Rule; 5] = [
    Rule {
        id: PUBLIC_ACCESS,
        name: "PublicAccess",
        short: "Anyone, including anonymous callers, can access the resource",
        full: "The resource's policy (or ACL, grants or sharing) allows every principal, \
               anonymous callers included, with no condition that limits who the caller is.",
        help: "## What it means\n\
               The resource policy lets **anyone** in: `\"Principal\": \"*\"` (or `{\"AWS\": \"*\"}`, \
               or `NotPrincipal` with `Allow`) on an Allow statement, and no condition on a key \
               that the caller cannot choose (`aws:SourceVpce`, `aws:SourceIp`, \
               `aws:PrincipalOrgID`, ...) narrows it. zoneproof proved it by solving the policy, and \
               the finding's witness is a concrete request that the policy allows.\n\n\
               ## Why is this bad?\n\
               Public access is the most common cause of data exposure on AWS: objects, \
               messages, secrets or keys become readable (or writable) by anybody on the \
               internet, without credentials.\n\n\
               ## How to fix\n\
               Name the principals that need access instead of `*`, or add a condition that \
               pins a restricting key to your zone, e.g. \
               `\"Condition\": {\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-...\"}}` or \
               `aws:SourceVpce`. If the access is intended (a public website bucket), archive \
               the finding with an archive rule (`--archive-rules`).",
        level: "error",
        severity: "9.0",
    },
    Rule {
        id: EXTERNAL_ACCESS,
        name: "ExternalAccess",
        short: "A principal outside the zone of trust can access the resource",
        full: "The resource's policy (or ACL, grants or sharing) allows an account, role, user \
               or federated identity outside the account or organization that is the zone of \
               trust.",
        help: "## What it means\n\
               A principal outside your zone of trust (the owner account, or the organization \
               with `--org`, plus `--trusted-account`s) can access the resource: another \
               account, a role or user in it, or a federated identity (web identity, SAML, \
               Cognito). The finding's `condition` lists the restricting keys (source VPC, \
               source IP, OIDC subject, ...) under which the access is allowed.\n\n\
               ## Why is this bad?\n\
               Cross-account and federated access is often intended (a partner, a CI system), \
               but every such grant is a door that someone outside your control can open. \
               Unintended ones come from wildcards in `Principal`, trust policies without \
               `sts:ExternalId` or OIDC `sub` conditions, and conditions that do not restrict \
               what they seem to.\n\n\
               ## How to fix\n\
               If the access is not intended, remove the principal from the statement the \
               finding names, or pin `aws:PrincipalOrgID`/`aws:PrincipalAccount` to your zone. \
               For an OIDC trust, require the `sub` claim of your repository. If it is \
               intended, archive it with an archive rule so that it stops blocking.",
        level: "warning",
        severity: "7.0",
    },
    Rule {
        id: EXTERNAL_ACCESS_VIA_SERVICE,
        name: "ExternalAccessViaService",
        short: "An AWS service can access the resource on behalf of any account",
        full: "A service principal is allowed without `aws:SourceAccount`, `aws:SourceArn` or \
               `aws:SourceOrgID` keeping it to resources of the zone: a confused deputy.",
        help: "## What it means\n\
               The policy allows an AWS service principal (e.g. `sns.amazonaws.com`, \
               `events.amazonaws.com`) with no condition on `aws:SourceAccount`, \
               `aws:SourceArn` or `aws:SourceOrgID` that limits it to your own resources.\n\n\
               ## Why is this bad?\n\
               The service acts for whoever configures it. Anyone in any account can point \
               their own topic, rule or bucket at your resource, and the service will write \
               to (or read from) it on their behalf: the confused-deputy problem.\n\n\
               ## How to fix\n\
               Add `\"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"<your account>\"}}` \
               or `\"ArnLike\": {\"aws:SourceArn\": \"<your source resource ARN>\"}` to the \
               statement. Run with `--no-service-findings` to leave these out.",
        level: "warning",
        severity: "5.0",
    },
    Rule {
        id: ANALYSIS_ERROR,
        name: "AnalysisError",
        short: "The resource could not be analysed",
        full: "The input could not be read or the policy is invalid, so nothing is known about \
               who can access the resource.",
        help: "## What it means\n\
               zoneproof could not analyse the resource: the file does not parse, the policy \
               does not follow the IAM grammar, the resource type is unknown, or the owner \
               account is missing. The message names the file, the JSON pointer and the \
               problem.\n\n\
               ## Why is this bad?\n\
               No finding is not the same as no access: an unanalysed policy may grant \
               anything. zoneproof fails closed and reports the error instead of staying \
               silent.\n\n\
               ## How to fix\n\
               Fix the input at the place the message names (or give `--account` when the \
               owner account is missing), then scan again.",
        level: "error",
        severity: "5.0",
    },
    Rule {
        id: ANALYSIS_INCOMPLETE,
        name: "AnalysisIncomplete",
        short: "The analysis could not decide; findings may be missing",
        full: "The solver answered unknown (a timeout or an unsupported construct), so the \
               findings reported for the resource may not be all of them.",
        help: "## What it means\n\
               The proof that no other external principal gets in could not be completed: \
               the solver timed out or the policy uses a construct zoneproof does not \
               encode. The findings already found are reported; others may exist.\n\n\
               ## Why is this bad?\n\
               An incomplete proof cannot tell you that the resource is safe.\n\n\
               ## How to fix\n\
               Raise `--timeout-ms`, simplify the policy (fewer overlapping wildcards), or \
               review it by hand; report unsupported constructs to the zoneproof project.",
        level: "error",
        severity: "5.0",
    },
];

/// The SARIF log of a scan: one run, the records in order, and the
/// baseline's resolved findings (when compared with one) in the run's
/// properties.
pub fn log(records: &[Record], resolved: Option<&[Finding]>, cwd: Option<&Path>) -> Value {
    let results: Vec<Value> = records
        .iter()
        .flat_map(|r| record_results(r, cwd))
        .collect();
    let execution_successful = records
        .iter()
        .all(|r| r.result.status == ResultStatus::Analyzed);
    let mut run = Map::new();
    run.insert("tool".into(), tool());
    // Regions of `fixes` count columns in code points, as Rust strings do.
    run.insert("columnKind".into(), json!("unicodeCodePoints"));
    if let Some(uri) = cwd.and_then(directory_uri) {
        run.insert(
            "originalUriBaseIds".into(),
            json!({"%SRCROOT%": {"uri": uri}}),
        );
    }
    run.insert(
        "invocations".into(),
        json!([{"executionSuccessful": execution_successful}]),
    );
    run.insert("results".into(), Value::Array(results));
    if let Some(resolved) = resolved {
        run.insert("properties".into(), json!({"resolved": resolved}));
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [Value::Object(run)],
    })
}

fn tool() -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.name,
                "shortDescription": {"text": rule.short},
                "fullDescription": {"text": rule.full},
                "help": {"text": plain_text(rule.help), "markdown": rule.help},
                "helpUri": format!("{}#scan", env!("CARGO_PKG_REPOSITORY")),
                "defaultConfiguration": {"level": rule.level},
                "properties": {
                    "tags": ["security", "aws", "iam"],
                    "precision": "very-high",
                    "security-severity": rule.severity,
                },
            })
        })
        .collect();
    json!({
        "driver": {
            "name": "zoneproof",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": rules,
        }
    })
}

/// The help markdown without its markup characters.
pub fn plain_text(markdown: &str) -> String {
    markdown
        .replace("## ", "")
        .replace('`', "")
        .replace("**", "")
}

fn rule_index(id: &str) -> usize {
    RULES.iter().position(|r| r.id == id).unwrap_or(0)
}

fn record_results(record: &Record, cwd: Option<&Path>) -> Vec<Value> {
    let result = &record.result;
    let mut results: Vec<Value> = result
        .findings
        .iter()
        .enumerate()
        .map(|(index, finding)| finding_result(finding, record, index, cwd))
        .collect();
    if result.status != ResultStatus::Analyzed {
        results.push(failure_result(result, record.location.as_ref(), cwd));
    }
    results
}

fn finding_rule(finding: &Finding) -> &'static str {
    if finding.is_public {
        PUBLIC_ACCESS
    } else if finding.finding_type == FindingType::ExternalAccessViaService {
        EXTERNAL_ACCESS_VIA_SERVICE
    } else {
        EXTERNAL_ACCESS
    }
}

fn finding_result(finding: &Finding, record: &Record, index: usize, cwd: Option<&Path>) -> Value {
    let change = record.change(index);
    let rule = finding_rule(finding);
    let archived = finding.status == FindingStatus::Archived;
    let level = match (archived, rule) {
        (true, _) => "note",
        (false, PUBLIC_ACCESS) => "error",
        (false, _) => "warning",
    };
    let mut out = Map::new();
    out.insert("ruleId".into(), json!(rule));
    out.insert("ruleIndex".into(), json!(rule_index(rule)));
    out.insert("level".into(), json!(level));
    out.insert("message".into(), json!({"text": finding_message(finding)}));
    let statements: Vec<(usize, Option<&str>)> = finding
        .sources
        .iter()
        .flat_map(|s| s.statements.iter().map(|st| (st.index, st.sid.as_deref())))
        .collect();
    if let Some(location) = &record.location {
        let first = statements.first().map(|(index, _)| *index);
        let line = first.map_or(location.line, |i| location.statement_line(i));
        out.insert(
            "locations".into(),
            json!([physical_location(location, line, &finding.resource, cwd)]),
        );
        let related: Vec<Value> = statements
            .iter()
            .skip(1)
            .enumerate()
            .map(|(id, (index, sid))| {
                let mut related = physical_location(
                    location,
                    location.statement_line(*index),
                    &finding.resource,
                    cwd,
                );
                if let Some(map) = related.as_object_mut() {
                    map.insert("id".into(), json!(id + 1));
                    map.insert(
                        "message".into(),
                        json!({"text": statement_name(*index, *sid)}),
                    );
                    map.remove("logicalLocations");
                }
                related
            })
            .collect();
        if !related.is_empty() {
            out.insert("relatedLocations".into(), Value::Array(related));
        }
    }
    out.insert(
        "partialFingerprints".into(),
        json!({"findingId/v1": finding.id}),
    );
    if let (Some(fix), Some(location)) = (record.fixes.get(index), &record.location) {
        if let Some(fixes) = sarif_fixes(fix, location, cwd) {
            out.insert("fixes".into(), fixes);
        }
    }
    if let Some(change) = change {
        let state = match change {
            Change::New => "new",
            Change::Unchanged => "unchanged",
        };
        out.insert("baselineState".into(), json!(state));
    }
    if archived {
        let rule_name = finding.archived_by.as_deref().unwrap_or("an archive rule");
        out.insert(
            "suppressions".into(),
            json!([{"kind": "external", "status": "accepted",
                    "justification": format!("archived by {rule_name}")}]),
        );
    }
    let mut properties = json!({
        "findingId": finding.id,
        "findingType": finding.finding_type,
        "resource": finding.resource,
        "resourceType": finding.resource_type,
        "principal": {finding.principal.type_name(): finding.principal.value()},
        "action": finding.action,
        "condition": finding.condition,
        "isPublic": finding.is_public,
        "status": finding.status,
    });
    if let (Some(change), Some(map)) = (change, properties.as_object_mut()) {
        map.insert("change".into(), json!(change.name()));
    }
    if let (Some(fix), Some(map)) = (record.fixes.get(index), properties.as_object_mut()) {
        map.insert("fix".into(), json!(fix));
    }
    out.insert("properties".into(), properties);
    Value::Object(out)
}

/// SARIF `fixes` for a fix whose policy is written in its JSON file: one
/// replacement of the policy's text (columns in Unicode code points, as the
/// run's `columnKind` says).
fn sarif_fixes(fix: &ScanFix, location: &Location, cwd: Option<&Path>) -> Option<Value> {
    let replacement = fix.replacement.as_ref()?;
    Some(json!([{
        "description": {"text": fix.summary()},
        "artifactChanges": [{
            "artifactLocation": artifact_location(location, cwd),
            "replacements": [{
                "deletedRegion": {
                    "startLine": replacement.start_line,
                    "startColumn": replacement.start_column,
                    "endLine": replacement.end_line,
                    "endColumn": replacement.end_column,
                },
                "insertedContent": {"text": replacement.text},
            }],
        }],
    }]))
}

fn statement_name(index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) => format!("statement `{sid}` (#{index})"),
        None => format!("statement #{index}"),
    }
}

/// One sentence on who gets in, to what, under which condition, through
/// which statements, then the remediation.
fn finding_message(f: &Finding) -> String {
    let who = if f.is_public {
        "Anyone, including anonymous callers,".to_string()
    } else {
        match &f.principal {
            p if p.is_everyone() => "Any AWS principal outside the zone".to_string(),
            crate::finding::FindingPrincipal::Aws(v) => format!("AWS principal `{v}`"),
            crate::finding::FindingPrincipal::Federated(v) => {
                format!("Federated identities of `{v}`")
            }
            crate::finding::FindingPrincipal::Service(v) => {
                format!("Service `{v}` (on behalf of any account)")
            }
            crate::finding::FindingPrincipal::CanonicalUser(v) => {
                format!("Canonical user `{v}`")
            }
        }
    };
    let shown: Vec<&str> = f.action.iter().take(5).map(String::as_str).collect();
    let more = f.action.len().saturating_sub(shown.len());
    let actions = if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    };
    let condition = if f.condition.is_empty() {
        String::new()
    } else {
        format!(" when {}", super::text::condition_parts(f).join(" and "))
    };
    format!(
        "{who} can {actions} on `{}` ({}){condition}. {}",
        f.resource, f.resource_type, f.remediation
    )
}

fn failure_result(
    result: &ResourceResult,
    location: Option<&Location>,
    cwd: Option<&Path>,
) -> Value {
    let (rule, what) = match result.status {
        ResultStatus::Unknown => (
            ANALYSIS_INCOMPLETE,
            "analysis incomplete, findings may be missing",
        ),
        _ => (ANALYSIS_ERROR, "not analysed"),
    };
    let reason = result.error.as_deref().unwrap_or("no reason given");
    let mut out = Map::new();
    out.insert("ruleId".into(), json!(rule));
    out.insert("ruleIndex".into(), json!(rule_index(rule)));
    out.insert("level".into(), json!("error"));
    out.insert(
        "message".into(),
        json!({"text": format!("`{}` ({}): {what}: {reason}", result.resource, result.resource_type)}),
    );
    if let Some(location) = location {
        out.insert(
            "locations".into(),
            json!([physical_location(
                location,
                location.line,
                &result.resource,
                cwd
            )]),
        );
    }
    out.insert(
        "partialFingerprints".into(),
        json!({"findingId/v1": stable_id(&[&result.resource, &result.resource_type, rule])}),
    );
    Value::Object(out)
}

fn physical_location(
    location: &Location,
    line: Option<u32>,
    resource: &str,
    cwd: Option<&Path>,
) -> Value {
    let mut physical = Map::new();
    physical.insert("artifactLocation".into(), artifact_location(location, cwd));
    if let Some(line) = line {
        physical.insert("region".into(), json!({"startLine": line}));
    }
    json!({
        "physicalLocation": physical,
        "logicalLocations": [{"fullyQualifiedName": resource, "kind": "resource"}],
    })
}

/// The file of a location: relative to `%SRCROOT%` when under `cwd`.
fn artifact_location(location: &Location, cwd: Option<&Path>) -> Value {
    let mut artifact = Map::new();
    match cwd.and_then(|cwd| relative_to(&location.file, cwd)) {
        Some(relative) => {
            artifact.insert("uri".into(), json!(relative));
            artifact.insert("uriBaseId".into(), json!("%SRCROOT%"));
        }
        None => {
            artifact.insert("uri".into(), json!(file_uri(&location.file, cwd)));
        }
    }
    Value::Object(artifact)
}

/// The path relative to `cwd`, as a URI reference with `/` separators, when
/// the file is under `cwd` (a relative path given on the command line is).
pub fn relative_to(file: &Path, cwd: &Path) -> Option<String> {
    let relative = if file.is_absolute() {
        file.strip_prefix(cwd).ok()?.to_path_buf()
    } else {
        file.to_path_buf()
    };
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(encode_uri_segment(&part.to_string_lossy())),
            Component::CurDir => {}
            // `..` leaves the source root; keep such files absolute.
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// A `file://` URI for a path outside the current directory.
pub fn file_uri(file: &Path, cwd: Option<&Path>) -> String {
    let absolute = match cwd {
        Some(cwd) if file.is_relative() => cwd.join(file),
        _ => file.to_path_buf(),
    };
    let mut uri = String::from("file://");
    for component in absolute.components() {
        if let Component::Normal(part) = component {
            uri.push('/');
            uri.push_str(&encode_uri_segment(&part.to_string_lossy()));
        }
    }
    uri
}

/// The `file://` URI of a directory, with the trailing `/` that SARIF's
/// `originalUriBaseIds` needs; `None` for a relative path (SARIF base URIs
/// must be absolute).
pub fn directory_uri(dir: &Path) -> Option<String> {
    dir.is_absolute()
        .then(|| format!("{}/", file_uri(dir, None)))
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode_uri_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn relative_uris_use_slashes_and_escape_characters() {
        let cwd = Path::new("/repo");
        assert_eq!(
            relative_to(Path::new("/repo/infra/my stack.yaml"), cwd).as_deref(),
            Some("infra/my%20stack.yaml")
        );
        assert_eq!(
            relative_to(Path::new("./a/b.json"), cwd).as_deref(),
            Some("a/b.json")
        );
        assert_eq!(relative_to(Path::new("/elsewhere/b.json"), cwd), None);
        assert_eq!(relative_to(Path::new("../b.json"), cwd), None);
        assert_eq!(
            file_uri(Path::new("/elsewhere/b.json"), Some(cwd)),
            "file:///elsewhere/b.json"
        );
        assert_eq!(directory_uri(cwd).as_deref(), Some("file:///repo/"));
    }

    #[test]
    fn statement_line_falls_back_to_the_policy_line() {
        let location = Location {
            file: PathBuf::from("a.json"),
            pointer: "/0/policy".into(),
            line: Some(4),
            statement_lines: vec![6, 14],
            format: None,
        };
        assert_eq!(location.statement_line(1), Some(14));
        assert_eq!(location.statement_line(2), Some(4));
    }

    #[test]
    fn every_rule_has_the_three_help_sections() {
        for rule in &RULES {
            for section in ["## What it means", "## Why is this bad?", "## How to fix"] {
                assert!(rule.help.contains(section), "{} lacks {section}", rule.id);
            }
        }
    }
}
