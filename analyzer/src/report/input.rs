//! Reading what `zoneproof scan --format json` (or `--format jsonl`)
//! printed: resource results with their `origin`, and, for a scan made
//! with `--baseline`, each finding's `change` and the resolved findings.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::finding::{Finding, ResourceResult};

/// How a finding compares with a baseline (as `scan --baseline` marks it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Change {
    /// Not in the baseline.
    New,
    /// In the baseline (same finding id).
    Unchanged,
}

/// Where a resource came from in the scanned files (`origin` in the JSON).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Origin {
    /// The input file, as the scan was given it.
    pub file: String,
    /// JSON pointer of the resource's policy (or record) in the file.
    pub pointer: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The recognised input format, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

/// One resource's result in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRecord {
    /// The analysis result.
    pub result: ResourceResult,
    /// Where it came from, when the scan said.
    pub origin: Option<Origin>,
    /// How each finding (same order) compares with the baseline; empty when
    /// the scan was not compared with one.
    pub changes: Vec<Change>,
}

impl ReportRecord {
    /// The change of the finding at `index`, when compared with a baseline.
    pub fn change(&self, index: usize) -> Option<Change> {
        self.changes.get(index).copied()
    }
}

/// A scan's output, ready for the report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScanOutput {
    /// The resource results, in scan order.
    pub records: Vec<ReportRecord>,
    /// The baseline's findings that are gone; `None` when the scan was not
    /// compared with a baseline.
    pub resolved: Option<Vec<Finding>>,
}

/// A scan output that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportInputError {
    /// Neither JSON nor JSON Lines.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// A line of JSON Lines that is not JSON.
    #[error("/{index}: line {line} is not JSON: {message}")]
    BadLine {
        /// 0-based index of the value.
        index: usize,
        /// 1-based line number.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A value of the wrong shape.
    #[error("{pointer}: {message}")]
    Shape {
        /// JSON pointer of the value.
        pointer: String,
        /// What is wrong.
        message: String,
    },
}

impl ReportInputError {
    fn shape(pointer: &str, message: impl Into<String>) -> ReportInputError {
        ReportInputError::Shape {
            pointer: display_pointer(pointer).to_string(),
            message: message.into(),
        }
    }
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(document)"
    } else {
        pointer
    }
}

/// Reads the output of `zoneproof scan --format json` or `--format jsonl`
/// (or `analyze --format json`): a JSON array of resource results, an
/// object `{"results": [...], "resolved": [...]}` (a scan with
/// `--baseline`), one resource result, or JSON Lines of results and
/// `{"resolved": finding}` lines.
pub fn parse_scan_output(text: &str) -> Result<ScanOutput, ReportInputError> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => from_document(value),
        Err(error) if text.trim_start().starts_with('{') && text.trim().contains('\n') => {
            from_lines(text).map_err(|line_error| match line_error {
                ReportInputError::BadLine { index: 0, .. } => {
                    ReportInputError::NotJson(error.to_string())
                }
                other => other,
            })
        }
        Err(error) => Err(ReportInputError::NotJson(error.to_string())),
    }
}

fn from_document(value: Value) -> Result<ScanOutput, ReportInputError> {
    match value {
        Value::Array(items) => Ok(ScanOutput {
            records: records_of("", items)?,
            resolved: None,
        }),
        Value::Object(mut map) if map.contains_key("results") => {
            let results = match map.remove("results") {
                Some(Value::Array(items)) => records_of("/results", items)?,
                _ => {
                    return Err(ReportInputError::shape(
                        "/results",
                        "expected an array of resource results",
                    ))
                }
            };
            let resolved = match map.remove("resolved") {
                None | Some(Value::Null) => None,
                Some(Value::Array(items)) => Some(findings_of("/resolved", items)?),
                Some(_) => {
                    return Err(ReportInputError::shape(
                        "/resolved",
                        "expected an array of findings",
                    ))
                }
            };
            Ok(ScanOutput {
                records: results,
                resolved,
            })
        }
        Value::Object(map) if map.contains_key("runs") => Err(ReportInputError::shape(
            "",
            "a SARIF log is not a report input: use the output of `zoneproof scan --format json`",
        )),
        Value::Object(map) => Ok(ScanOutput {
            records: vec![record_of("", map)?],
            resolved: None,
        }),
        _ => Err(ReportInputError::shape(
            "",
            "expected an array of resource results (`zoneproof scan --format json`)",
        )),
    }
}

fn from_lines(text: &str) -> Result<ScanOutput, ReportInputError> {
    let mut output = ScanOutput::default();
    let mut index = 0;
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(line).map_err(|error| ReportInputError::BadLine {
                index,
                line: number + 1,
                message: error.to_string(),
            })?;
        let pointer = format!("/{index}");
        match value {
            Value::Object(mut map) if map.contains_key("resolved") && map.len() == 1 => {
                let finding = map.remove("resolved").unwrap_or(Value::Null);
                let finding = finding_of(&format!("{pointer}/resolved"), finding)?;
                output.resolved.get_or_insert_with(Vec::new).push(finding);
            }
            Value::Object(map) => output.records.push(record_of(&pointer, map)?),
            _ => {
                return Err(ReportInputError::shape(
                    &pointer,
                    "expected a resource result (a JSON object)",
                ))
            }
        }
        index += 1;
    }
    Ok(output)
}

fn records_of(prefix: &str, items: Vec<Value>) -> Result<Vec<ReportRecord>, ReportInputError> {
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let pointer = format!("{prefix}/{index}");
            match item {
                Value::Object(map) => record_of(&pointer, map),
                _ => Err(ReportInputError::shape(
                    &pointer,
                    "expected a resource result (a JSON object)",
                )),
            }
        })
        .collect()
}

/// One resource result: `origin` and the findings' `change` are taken out
/// before the rest is read as a [`ResourceResult`].
fn record_of(pointer: &str, mut map: Map<String, Value>) -> Result<ReportRecord, ReportInputError> {
    if !map.contains_key("findings") {
        return Err(ReportInputError::shape(
            pointer,
            "expected a resource result (no `findings`): give the output of `zoneproof scan --format json`",
        ));
    }
    let origin = match map.remove("origin") {
        None | Some(Value::Null) => None,
        Some(value) => Some(origin_of(&format!("{pointer}/origin"), &value)?),
    };
    let changes = take_changes(pointer, &mut map)?;
    let result: ResourceResult = serde_json::from_value(Value::Object(map)).map_err(|error| {
        ReportInputError::shape(pointer, format!("not a resource result: {error}"))
    })?;
    Ok(ReportRecord {
        result,
        origin,
        changes,
    })
}

/// The `change` of every finding (all or none of them carry one).
fn take_changes(
    pointer: &str,
    map: &mut Map<String, Value>,
) -> Result<Vec<Change>, ReportInputError> {
    let Some(Value::Array(findings)) = map.get_mut("findings") else {
        return Ok(Vec::new());
    };
    let mut changes = Vec::new();
    for (index, finding) in findings.iter_mut().enumerate() {
        let change = finding.as_object_mut().and_then(|f| f.remove("change"));
        let change = match change.as_ref().and_then(Value::as_str) {
            None if change.is_none() => continue,
            Some("NEW") => Change::New,
            Some("UNCHANGED") => Change::Unchanged,
            _ => {
                return Err(ReportInputError::shape(
                    &format!("{pointer}/findings/{index}/change"),
                    "expected `NEW` or `UNCHANGED`",
                ))
            }
        };
        if changes.len() != index {
            return Err(ReportInputError::shape(
                &format!("{pointer}/findings/{index}"),
                "some findings have a `change` and others not",
            ));
        }
        changes.push(change);
    }
    if !changes.is_empty() && changes.len() != findings.len() {
        return Err(ReportInputError::shape(
            &format!("{pointer}/findings"),
            "some findings have a `change` and others not",
        ));
    }
    Ok(changes)
}

fn origin_of(pointer: &str, value: &Value) -> Result<Origin, ReportInputError> {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    let (Some(file), Some(json_pointer)) = (text("file"), text("pointer")) else {
        return Err(ReportInputError::shape(
            pointer,
            "expected `{\"file\", \"pointer\", \"line\"?, \"format\"?}`",
        ));
    };
    Ok(Origin {
        file,
        pointer: json_pointer,
        line: value.get("line").and_then(Value::as_u64),
        format: text("format"),
    })
}

fn findings_of(prefix: &str, items: Vec<Value>) -> Result<Vec<Finding>, ReportInputError> {
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| finding_of(&format!("{prefix}/{index}"), item))
        .collect()
}

fn finding_of(pointer: &str, value: Value) -> Result<Finding, ReportInputError> {
    serde_json::from_value(value)
        .map_err(|error| ReportInputError::shape(pointer, format!("not a finding: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn finding(id: &str) -> Value {
        json!({
            "id": id, "findingType": "ExternalAccess", "resource": "arn:aws:s3:::a",
            "resourceType": "AWS::S3::Bucket", "resourceOwnerAccount": "111122223333",
            "principal": {"AWS": "*"}, "action": ["s3:GetObject"], "condition": {},
            "isPublic": true, "status": "ACTIVE", "sources": [], "remediation": "r"
        })
    }

    fn result(findings: Vec<Value>) -> Value {
        json!({"resource": "arn:aws:s3:::a", "resourceType": "AWS::S3::Bucket",
               "status": "analyzed", "findings": findings,
               "proof": {"complete": true, "solverChecks": 1, "micros": 1},
               "origin": {"file": "inv.jsonl", "pointer": "/0/policy", "line": 1, "format": "inventory"}})
    }

    #[test]
    fn scan_json_array_keeps_origins_and_has_no_comparison() {
        let text = json!([result(vec![finding("1")]), result(vec![])]).to_string();
        let output = parse_scan_output(&text).unwrap();
        assert_eq!(output.records.len(), 2);
        assert_eq!(output.resolved, None);
        let origin = output.records[0].origin.as_ref().unwrap();
        assert_eq!((origin.file.as_str(), origin.line), ("inv.jsonl", Some(1)));
        assert!(output.records[0].changes.is_empty());
    }

    #[test]
    fn a_compared_scan_brings_changes_and_resolved_findings() {
        let mut new = finding("1");
        new["change"] = json!("NEW");
        let mut same = finding("2");
        same["change"] = json!("UNCHANGED");
        let text = json!({"results": [result(vec![new, same])], "resolved": [finding("3")]});
        let output = parse_scan_output(&text.to_string()).unwrap();
        assert_eq!(output.records[0].changes, [Change::New, Change::Unchanged]);
        assert_eq!(output.resolved.unwrap()[0].id, "3");
    }

    #[test]
    fn json_lines_with_resolved_lines_are_read() {
        let mut new = finding("1");
        new["change"] = json!("NEW");
        let text = format!(
            "{}\n\n{}\n",
            result(vec![new]),
            json!({"resolved": finding("9")})
        );
        let output = parse_scan_output(&text).unwrap();
        assert_eq!(output.records.len(), 1);
        assert_eq!(output.resolved.unwrap().len(), 1);
    }

    #[test]
    fn bad_inputs_name_the_place() {
        let error = parse_scan_output("[1]").unwrap_err().to_string();
        assert_eq!(error, "/0: expected a resource result (a JSON object)");
        let error = parse_scan_output(&json!([{"findings": [{"id": "1"}]}]).to_string())
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("/0: not a resource result"), "{error}");
        assert!(parse_scan_output("{\"runs\": []}")
            .unwrap_err()
            .to_string()
            .contains("SARIF"));
        assert!(matches!(
            parse_scan_output("not json"),
            Err(ReportInputError::NotJson(_))
        ));
        let mut half = finding("1");
        half["change"] = json!("NEW");
        let text = json!([result(vec![half, finding("2")])]).to_string();
        assert!(parse_scan_output(&text)
            .unwrap_err()
            .to_string()
            .contains("some findings have a `change`"));
    }
}
