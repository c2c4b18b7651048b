//! What `zoneproof validate` (and `scan --validate`) print: text grouped by
//! policy and finding type, JSON with Access Analyzer's field names, SARIF
//! with one rule per issue code.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::finding::stable_id;
use crate::inputs::documents::{read_policy_documents, DocumentKind, FoundDocument};
use crate::inputs::{input_files, InputError, ReadOptions};
use crate::validate::{
    checks, is_blocking, validate_policy, FindingType, ValidateError, ValidateOptions,
    ValidationFinding,
};
use serde_json::{json, Map, Value};

use super::sarif::{directory_uri, file_uri, plain_text, relative_to, SCHEMA_URI};
use super::text::Paint;
use super::Verdict;

/// One validated policy, or an input that could not be read.
#[derive(Debug)]
pub struct ValidationRecord {
    /// The policy, or why it could not be read.
    pub document: Result<FoundDocument, InputError>,
    /// Its findings.
    pub findings: Vec<ValidationFinding>,
}

/// Reads and validates every policy of the paths, in path order; a bare
/// policy file (not an inventory, template or plan) is read as `bare`.
///
/// # Errors
/// Only when validation itself cannot run (the embedded catalog).
pub fn validate_paths(
    paths: &[PathBuf],
    options: &ReadOptions,
    bare: DocumentKind,
) -> Result<Vec<ValidationRecord>, ValidateError> {
    let mut records = Vec::new();
    for path in paths {
        let (files, errors) = input_files(path);
        records.extend(errors.into_iter().map(|error| ValidationRecord {
            document: Err(error),
            findings: Vec::new(),
        }));
        let explicit = files.len() == 1 && files.first() == Some(path);
        for file in files {
            for document in read_policy_documents(&file, options, bare, explicit) {
                records.push(validate_document(document)?);
            }
        }
    }
    Ok(records)
}

fn validate_document(
    document: Result<FoundDocument, InputError>,
) -> Result<ValidationRecord, ValidateError> {
    let findings = match &document {
        Ok(found) => {
            let options = ValidateOptions {
                policy_type: found.kind.policy_type(),
                resource_type: found.kind.resource_type().map(str::to_owned),
            };
            validate_policy(&found.text, &options)?
        }
        Err(_) => Vec::new(),
    };
    Ok(ValidationRecord { document, findings })
}

/// Failed if an input could not be read, else Blocking if a finding of a
/// `blocking` type was found, else Clean.
pub fn verdict(records: &[ValidationRecord], blocking: &[FindingType]) -> Verdict {
    if records.iter().any(|record| record.document.is_err()) {
        Verdict::Failed
    } else if records
        .iter()
        .any(|record| is_blocking(&record.findings, blocking))
    {
        Verdict::Blocking
    } else {
        Verdict::Clean
    }
}

/// How the text format names a policy's kind.
fn kind_label(kind: DocumentKind) -> String {
    match kind {
        DocumentKind::Identity => "identity policy".to_owned(),
        DocumentKind::Trust => "role trust policy".to_owned(),
        DocumentKind::Resource(Some(resource_type)) => {
            format!("resource policy of {resource_type}")
        }
        DocumentKind::Resource(None) => "resource policy".to_owned(),
        DocumentKind::ServiceControl => "service control policy".to_owned(),
        DocumentKind::ResourceControl => "resource control policy".to_owned(),
    }
}

/// `FILE:LINE:COLUMN` (bare policies) or `FILE:LINE` (policies of larger
/// documents) of a finding.
fn place(document: &FoundDocument, finding: &ValidationFinding) -> String {
    let file = document.file.display();
    let Some(location) = finding.locations.first() else {
        return file.to_string();
    };
    if document.is_whole_file() {
        let start = location.span.start;
        format!("{file}:{}:{}", start.line, start.column + 1)
    } else {
        match document.file_line(&location.path) {
            Some(line) => format!("{file}:{line}"),
            None => file.to_string(),
        }
    }
}

fn count_label(count: usize, finding_type: FindingType) -> String {
    let name = match finding_type {
        FindingType::Error => "error",
        FindingType::SecurityWarning => "security warning",
        FindingType::Warning => "warning",
        FindingType::Suggestion => "suggestion",
    };
    format!("{count} {name}{}", if count == 1 { "" } else { "s" })
}

fn counts(findings: &[ValidationFinding]) -> String {
    let parts: Vec<String> = FindingType::ALL
        .iter()
        .map(|t| (findings.iter().filter(|f| f.finding_type == *t).count(), *t))
        .filter(|(count, _)| *count > 0)
        .map(|(count, t)| count_label(count, t))
        .collect();
    if parts.is_empty() {
        "no findings".to_owned()
    } else {
        parts.join(", ")
    }
}

/// Every policy: a header with its kind and counts, then its findings
/// grouped by finding type (errors first), each with where, what and the
/// documentation link.
pub fn write_text(
    out: &mut impl Write,
    records: &[ValidationRecord],
    paint: &Paint,
) -> std::io::Result<()> {
    for record in records {
        let document = match &record.document {
            Ok(document) => document,
            Err(error) => {
                writeln!(out, "{}", paint.error.apply_to(format!("{error}")))?;
                continue;
            }
        };
        let at = match (document.is_whole_file(), document.line) {
            (false, Some(line)) => format!(" at {}:{line}", document.file.display()),
            _ => String::new(),
        };
        writeln!(
            out,
            "{}{} — {}: {}",
            paint.header.apply_to(&document.name),
            paint.quiet.apply_to(at),
            kind_label(document.kind),
            counts(&record.findings)
        )?;
        for finding_type in FindingType::ALL {
            let style = match finding_type {
                FindingType::Error => &paint.public,
                FindingType::SecurityWarning => &paint.error,
                FindingType::Warning => &paint.active,
                FindingType::Suggestion => &paint.quiet,
            };
            for finding in record
                .findings
                .iter()
                .filter(|f| f.finding_type == finding_type)
            {
                let path = finding
                    .locations
                    .first()
                    .map(|location| location.path.to_string())
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  {} {}  {} {}",
                    style.apply_to(finding.finding_type.as_str()),
                    paint.header.apply_to(finding.issue_code),
                    place(document, finding),
                    paint.quiet.apply_to(path)
                )?;
                writeln!(out, "      {}", finding.finding_details)?;
                writeln!(
                    out,
                    "      {}",
                    paint.quiet.apply_to(&finding.learn_more_link)
                )?;
            }
        }
    }
    Ok(())
}

/// One line: how many policies, findings per type, what blocks.
pub fn summary_line(records: &[ValidationRecord], blocking: &[FindingType]) -> String {
    let policies = records.iter().filter(|r| r.document.is_ok()).count();
    let unreadable = records.len() - policies;
    let findings: Vec<ValidationFinding> = records
        .iter()
        .flat_map(|r| r.findings.iter().cloned())
        .collect();
    let blocking_names: Vec<&str> = blocking.iter().map(|t| t.as_str()).collect();
    let mut line = format!(
        "validated {policies} polic{}: {}",
        if policies == 1 { "y" } else { "ies" },
        counts(&findings)
    );
    if unreadable > 0 {
        line.push_str(&format!("; {unreadable} input(s) could not be read"));
    }
    line.push_str(&format!(
        " (blocking: {})",
        if blocking_names.is_empty() {
            "none".to_owned()
        } else {
            blocking_names.join(", ")
        }
    ));
    line
}

/// One JSON record per policy: where it is, its type, and its findings
/// with Access Analyzer's fields (`findingType`, `issueCode`,
/// `findingDetails`, `learnMoreLink`, `locations`); findings of a policy
/// taken out of a larger document also carry `fileLocation` (pointer and
/// line in the file), their `locations` being within the policy.
pub fn to_json(records: &[ValidationRecord]) -> Value {
    Value::Array(records.iter().map(record_json).collect())
}

/// The JSON record of one policy (or unreadable input).
pub fn record_json(record: &ValidationRecord) -> Value {
    let document = match &record.document {
        Ok(document) => document,
        Err(error) => {
            return json!({
                "file": error.file,
                "pointer": error.pointer,
                "error": error.to_string(),
            })
        }
    };
    let findings: Vec<Value> = record
        .findings
        .iter()
        .map(|finding| {
            let mut value = serde_json::to_value(finding).unwrap_or(Value::Null);
            if let (false, Some(object), Some(location)) = (
                document.is_whole_file(),
                value.as_object_mut(),
                finding.locations.first(),
            ) {
                object.insert(
                    "fileLocation".into(),
                    json!({
                        "pointer": document.file_pointer(&location.path),
                        "line": document.file_line(&location.path),
                    }),
                );
            }
            value
        })
        .collect();
    json!({
        "file": document.file,
        "pointer": document.pointer,
        "line": document.line,
        "name": document.name,
        "policyType": document.kind.policy_type().aws_name(),
        "resourceType": document.kind.resource_type(),
        "findings": findings,
    })
}

/// A SARIF 2.1.0 log of one run: every check as a rule (id = issue code,
/// help = the check's documentation, helpUri = its `learnMoreLink`), one
/// result per finding at its file, line and column.
pub fn sarif_log(records: &[ValidationRecord], cwd: Option<&Path>) -> Value {
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [sarif_run(records, cwd)],
    })
}

/// The SARIF run of validation (also appended by `scan --validate`).
pub fn sarif_run(records: &[ValidationRecord], cwd: Option<&Path>) -> Value {
    let rules: Vec<Value> = checks()
        .iter()
        .map(|check| {
            let help = check.help_text();
            json!({
                "id": check.code,
                "name": check.title,
                "shortDescription": {"text": check.title},
                "fullDescription": {"text": check.summary()},
                "help": {"text": plain_text(&help), "markdown": help},
                "helpUri": check.learn_more_link(),
                "defaultConfiguration": {"level": level(check.finding_type)},
                "properties": {
                    "tags": ["security", "aws", "iam", "policy-validation"],
                    "precision": "very-high",
                    "security-severity": severity(check.finding_type),
                },
            })
        })
        .collect();
    let results: Vec<Value> = records
        .iter()
        .flat_map(|record| record_results(record, cwd))
        .collect();
    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({"driver": {
            "name": "zoneproof-validate",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": rules,
        }}),
    );
    if let Some(uri) = cwd.and_then(directory_uri) {
        run.insert(
            "originalUriBaseIds".into(),
            json!({"%SRCROOT%": {"uri": uri}}),
        );
    }
    run.insert(
        "invocations".into(),
        json!([{"executionSuccessful": records.iter().all(|r| r.document.is_ok())}]),
    );
    run.insert("results".into(), Value::Array(results));
    Value::Object(run)
}

fn level(finding_type: FindingType) -> &'static str {
    match finding_type {
        FindingType::Error => "error",
        FindingType::SecurityWarning | FindingType::Warning => "warning",
        FindingType::Suggestion => "note",
    }
}

fn severity(finding_type: FindingType) -> &'static str {
    match finding_type {
        FindingType::Error => "6.0",
        FindingType::SecurityWarning => "8.0",
        FindingType::Warning => "4.0",
        FindingType::Suggestion => "2.0",
    }
}

fn artifact(file: &Path, cwd: Option<&Path>) -> Value {
    match cwd.and_then(|cwd| relative_to(file, cwd)) {
        Some(relative) => json!({"uri": relative, "uriBaseId": "%SRCROOT%"}),
        None => json!({"uri": file_uri(file, cwd)}),
    }
}

fn record_results(record: &ValidationRecord, cwd: Option<&Path>) -> Vec<Value> {
    let document = match &record.document {
        Ok(document) => document,
        Err(error) => {
            return vec![json!({
                "ruleId": "JSON_SYNTAX_ERROR",
                "level": "error",
                "message": {"text": error.to_string()},
                "locations": [{"physicalLocation": {"artifactLocation": artifact(&error.file, cwd)}}],
            })]
        }
    };
    record
        .findings
        .iter()
        .map(|finding| {
            let rule_index = checks()
                .iter()
                .position(|check| check.code == finding.issue_code);
            let path = finding
                .locations
                .first()
                .map(|l| l.path.clone())
                .unwrap_or_default();
            let region = match (document.is_whole_file(), finding.locations.first()) {
                (true, Some(location)) => json!({
                    "startLine": location.span.start.line,
                    "startColumn": location.span.start.column + 1,
                    "endLine": location.span.end.line,
                    "endColumn": location.span.end.column + 1,
                }),
                _ => document
                    .file_line(&path)
                    .map_or(Value::Null, |line| json!({"startLine": line})),
            };
            let mut physical = Map::new();
            physical.insert("artifactLocation".into(), artifact(&document.file, cwd));
            if !region.is_null() {
                physical.insert("region".into(), region);
            }
            json!({
                "ruleId": finding.issue_code,
                "ruleIndex": rule_index,
                "level": level(finding.finding_type),
                "message": {"text": finding.finding_details},
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{
                        "fullyQualifiedName": format!("{} {}", document.name, path),
                        "kind": "member",
                    }],
                }],
                "partialFingerprints": {
                    "validationFinding/v1": stable_id(&[
                        &document.file.display().to_string(),
                        &document.pointer,
                        finding.issue_code,
                        &path.to_string(),
                    ]),
                },
            })
        })
        .collect()
}
