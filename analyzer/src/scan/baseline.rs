//! `scan --baseline FILE`: the findings of an earlier scan, to tell NEW
//! findings from UNCHANGED ones and to list the RESOLVED ones.
//!
//! A baseline is what `zoneproof scan --format json` (or `--format jsonl`)
//! printed before: resource results, each with its findings. A plain JSON
//! array of findings works too, and so does a single resource result (the
//! output of `zoneproof analyze --format json`). Findings are matched by
//! their `id`, a stable hash of resource, type, principal and condition, so
//! a finding is UNCHANGED exactly when the same principal class still gets
//! in, whatever its actions or statements.

use crate::finding::{Finding, ResultStatus};
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::record::{Change, Record};

/// Why a baseline file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file cannot be read (missing, not a regular file, not UTF-8).
    #[error("{}: cannot read baseline: {reason}", file.display())]
    Unreadable {
        /// The baseline file.
        file: PathBuf,
        /// Why it cannot be read.
        reason: String,
    },
    /// The file is read but is not a scan output, a finding list or a result.
    #[error("{}: invalid baseline: {problem}", file.display())]
    Invalid {
        /// The baseline file.
        file: PathBuf,
        /// What is wrong, and where.
        problem: BaselineProblem,
    },
}

/// What is wrong in a baseline document, at which JSON pointer (none: the
/// document as a whole).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{reason}", pointer.as_deref().map(|p| format!("{p}: ")).unwrap_or_default())]
pub struct BaselineProblem {
    /// The JSON pointer of the offending value (`/0/findings/2`), or for
    /// JSON Lines the 0-based line number as first segment.
    pub pointer: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl BaselineProblem {
    fn at(pointer: &str, reason: impl Into<String>) -> BaselineProblem {
        BaselineProblem {
            pointer: (!pointer.is_empty()).then(|| pointer.to_owned()),
            reason: reason.into(),
        }
    }

    fn whole(reason: impl Into<String>) -> BaselineProblem {
        BaselineProblem {
            pointer: None,
            reason: reason.into(),
        }
    }
}

/// The findings of an earlier scan.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// The findings, in file order, each id once.
    findings: Vec<Finding>,
    ids: HashSet<String>,
}

impl Baseline {
    /// Reads a baseline file; errors name the file and the JSON pointer.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = crate::inputs::read_regular_file(path)
            .map_err(|e| e.to_string())
            .and_then(|b| String::from_utf8(b).map_err(|_| "not valid UTF-8".to_string()))
            .map_err(|reason| BaselineError::Unreadable {
                file: path.to_path_buf(),
                reason,
            })?;
        Baseline::parse(&text).map_err(|problem| BaselineError::Invalid {
            file: path.to_path_buf(),
            problem,
        })
    }

    /// Parses a baseline from JSON (or JSON Lines) text.
    pub fn parse(text: &str) -> Result<Baseline, BaselineProblem> {
        let items = match serde_json::from_str::<Value>(text) {
            Ok(value) => top_level_items(value)?,
            Err(json_error) => json_lines(text)
                .map_err(|_| BaselineProblem::whole(format!("not JSON: {json_error}")))?,
        };
        let mut baseline = Baseline::default();
        for (pointer, item) in items {
            baseline.add_item(&pointer, item)?;
        }
        Ok(baseline)
    }

    /// How many findings the baseline holds.
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    /// Whether the baseline holds no finding.
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// The baseline's findings, in file order, each id once.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Compares each finding of a record with the baseline.
    pub fn mark(&self, record: &mut Record) {
        record.changes = record
            .result
            .findings
            .iter()
            .map(|f| {
                if self.ids.contains(&f.id) {
                    Change::Unchanged
                } else {
                    Change::New
                }
            })
            .collect();
    }

    /// The baseline's findings that the scan no longer reports: their id is
    /// not among `seen`, and their resource was not left undecided (a
    /// resource whose result is `error` or `unknown` keeps its baseline
    /// findings unresolved, since they may still be there).
    pub fn resolved(&self, seen: &HashSet<String>, undecided: &BTreeSet<String>) -> Vec<Finding> {
        self.findings
            .iter()
            .filter(|f| !seen.contains(&f.id) && !undecided.contains(&f.resource))
            .cloned()
            .collect()
    }

    fn add_item(&mut self, pointer: &str, item: Value) -> Result<(), BaselineProblem> {
        let Value::Object(mut map) = item else {
            return Err(BaselineProblem::at(
                pointer,
                "expected a resource result or a finding (a JSON object)",
            ));
        };
        if map.contains_key("resolved") && !map.contains_key("findings") {
            // A `resolved` line of `scan --format jsonl`: gone already.
            return Ok(());
        }
        match map.remove("findings") {
            Some(Value::Array(findings)) => {
                let errored = map.get("status").and_then(Value::as_str)
                    == Some(status_name(ResultStatus::Error));
                if errored && !findings.is_empty() {
                    return Err(BaselineProblem::at(
                        pointer,
                        "an error result has no findings",
                    ));
                }
                for (index, finding) in findings.into_iter().enumerate() {
                    self.add_finding(&format!("{pointer}/findings/{index}"), finding)?;
                }
                Ok(())
            }
            Some(_) => Err(BaselineProblem::at(
                &format!("{pointer}/findings"),
                "expected an array of findings",
            )),
            None if map.contains_key("findingType") || map.contains_key("id") => {
                self.add_finding(pointer, Value::Object(map))
            }
            None => Err(BaselineProblem::at(
                pointer,
                "expected a resource result (`findings`) or a finding (`id`)",
            )),
        }
    }

    fn add_finding(&mut self, pointer: &str, value: Value) -> Result<(), BaselineProblem> {
        let finding: Finding = serde_json::from_value(value)
            .map_err(|e| BaselineProblem::at(pointer, format!("not a finding: {e}")))?;
        if self.ids.insert(finding.id.clone()) {
            self.findings.push(finding);
        }
        Ok(())
    }
}

fn status_name(status: ResultStatus) -> &'static str {
    match status {
        ResultStatus::Analyzed => "analyzed",
        ResultStatus::Error => "error",
        ResultStatus::Unknown => "unknown",
    }
}

/// The items of a baseline document, each with its JSON pointer.
fn top_level_items(value: Value) -> Result<Vec<(String, Value)>, BaselineProblem> {
    match value {
        Value::Array(items) => Ok(indexed("", items)),
        Value::Object(mut map) => {
            if map.contains_key("runs") {
                return Err(BaselineProblem::whole(
                    "a SARIF log is not a baseline: keep the output of `zoneproof scan --format json`",
                ));
            }
            match map.remove("results") {
                Some(Value::Array(items)) => Ok(indexed("/results", items)),
                Some(_) => Err(BaselineProblem::at(
                    "/results",
                    "expected an array of resource results",
                )),
                None => Ok(vec![(String::new(), Value::Object(map))]),
            }
        }
        _ => Err(BaselineProblem::whole(
            "expected an array of resource results or findings",
        )),
    }
}

fn indexed(prefix: &str, items: Vec<Value>) -> Vec<(String, Value)> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| (format!("{prefix}/{i}"), item))
        .collect()
}

/// JSON Lines: one value per non-blank line; the pointer's first segment is
/// the 0-based line number.
fn json_lines(text: &str) -> Result<Vec<(String, Value)>, BaselineProblem> {
    let mut items = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(line).map_err(|e| {
            BaselineProblem::at(
                &format!("/{number}"),
                format!("line {} is not JSON: {e}", number + 1),
            )
        })?;
        items.push((format!("/{number}"), value));
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::ResourceResult;
    use serde_json::json;

    fn finding(id: &str, resource: &str) -> Value {
        json!({
            "id": id, "findingType": "ExternalAccess", "resource": resource,
            "resourceType": "AWS::S3::Bucket", "resourceOwnerAccount": "111122223333",
            "principal": {"AWS": "*"}, "action": ["s3:GetObject"], "condition": {},
            "isPublic": true, "status": "ACTIVE", "sources": [], "remediation": "r"
        })
    }

    fn result(resource: &str, status: &str, findings: Vec<Value>) -> Value {
        json!({"resource": resource, "resourceType": "AWS::S3::Bucket", "status": status,
               "findings": findings, "proof": {"complete": true, "solverChecks": 1, "micros": 1}})
    }

    #[test]
    fn scan_json_output_is_a_baseline() {
        let text = json!([
            result(
                "arn:aws:s3:::a",
                "analyzed",
                vec![finding("1", "arn:aws:s3:::a")]
            ),
            result(
                "arn:aws:s3:::b",
                "analyzed",
                vec![finding("2", "arn:aws:s3:::b")]
            ),
        ])
        .to_string();
        let baseline = Baseline::parse(&text).unwrap();
        assert_eq!(baseline.len(), 2);
    }

    #[test]
    fn jsonl_findings_list_and_results_object_are_baselines() {
        let lines = format!(
            "{}\n\n{}\n",
            result(
                "arn:aws:s3:::a",
                "analyzed",
                vec![finding("1", "arn:aws:s3:::a")]
            ),
            json!({"resolved": finding("9", "arn:aws:s3:::z")})
        );
        assert_eq!(Baseline::parse(&lines).unwrap().len(), 1);
        let list = json!([finding("1", "x"), finding("2", "y"), finding("1", "x")]).to_string();
        assert_eq!(Baseline::parse(&list).unwrap().len(), 2);
        let object = json!({"results": [result("a", "analyzed", vec![finding("1", "a")])],
                            "resolved": [finding("3", "c")]})
        .to_string();
        assert_eq!(Baseline::parse(&object).unwrap().len(), 1);
    }

    #[test]
    fn malformed_baselines_name_the_place() {
        let bad = json!([result("a", "analyzed", vec![json!({"id": "1"})])]).to_string();
        let error = format!("{}", Baseline::parse(&bad).unwrap_err());
        assert!(error.starts_with("/0/findings/0: not a finding"), "{error}");
        let error = format!("{}", Baseline::parse("[1]").unwrap_err());
        assert!(error.starts_with("/0: expected"), "{error}");
        let error = format!("{}", Baseline::parse("{\"runs\": []}").unwrap_err());
        assert!(error.contains("SARIF"), "{error}");
    }

    #[test]
    fn findings_are_new_unchanged_or_resolved_by_id() {
        let text = json!([
            result(
                "arn:aws:s3:::a",
                "analyzed",
                vec![finding("1", "arn:aws:s3:::a")]
            ),
            result(
                "arn:aws:s3:::b",
                "analyzed",
                vec![finding("2", "arn:aws:s3:::b")]
            ),
            result(
                "arn:aws:s3:::c",
                "analyzed",
                vec![finding("3", "arn:aws:s3:::c")]
            ),
        ])
        .to_string();
        let baseline = Baseline::parse(&text).unwrap();
        let now: ResourceResult = serde_json::from_value(result(
            "arn:aws:s3:::a",
            "analyzed",
            vec![
                finding("1", "arn:aws:s3:::a"),
                finding("4", "arn:aws:s3:::a"),
            ],
        ))
        .unwrap();
        let mut record = Record::new(now, None);
        baseline.mark(&mut record);
        assert_eq!(record.changes, [Change::Unchanged, Change::New]);
        assert!(record.blocks(true));
        record.changes[1] = Change::Unchanged;
        assert!(!record.blocks(true));
        assert!(record.blocks(false));

        // b is gone; c errored this time, so its finding is not resolved.
        let seen: HashSet<String> = ["1".to_string(), "4".to_string()].into();
        let undecided: BTreeSet<String> = ["arn:aws:s3:::c".to_string()].into();
        let resolved = baseline.resolved(&seen, &undecided);
        let ids: Vec<&str> = resolved.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["2"]);
    }
}
