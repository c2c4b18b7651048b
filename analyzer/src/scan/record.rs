//! One resource's result as the reports print it: the analysis result, the
//! place in the input it came from, and, against a baseline, how each
//! finding changed.

use crate::finding::{FindingStatus, ResourceResult};
use crate::inputs::{InputError, InputFormat, Origin};
use serde_json::{json, Map, Value};
use std::path::PathBuf;

/// Where a result comes from in the input files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The input file.
    pub file: PathBuf,
    /// JSON pointer of the resource's policy (or record) in the file.
    pub pointer: String,
    /// 1-based line of the policy, when known.
    pub line: Option<u32>,
    /// 1-based line of each statement of the policy, when known.
    pub statement_lines: Vec<u32>,
    /// The recognised input format, when the file was recognised.
    pub format: Option<InputFormat>,
}

impl Location {
    /// The location of a resource that was read.
    pub fn of_origin(origin: &Origin) -> Location {
        Location {
            file: origin.file.clone(),
            pointer: origin.pointer.clone(),
            line: origin.line,
            statement_lines: origin.statement_lines.clone(),
            format: Some(origin.format),
        }
    }

    /// The location of an input that could not be read.
    pub fn of_error(error: &InputError) -> Location {
        Location {
            file: error.file.clone(),
            pointer: error.pointer.clone(),
            line: None,
            statement_lines: Vec::new(),
            format: None,
        }
    }

    /// The line of the statement with this index, else the policy's line.
    pub fn statement_line(&self, index: usize) -> Option<u32> {
        self.statement_lines.get(index).copied().or(self.line)
    }

    fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("file".into(), json!(self.file.display().to_string()));
        map.insert("pointer".into(), json!(self.pointer));
        if let Some(line) = self.line {
            map.insert("line".into(), json!(line));
        }
        if let Some(format) = self.format {
            map.insert("format".into(), json!(format.to_string()));
        }
        Value::Object(map)
    }
}

/// How a finding compares with the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Not in the baseline.
    New,
    /// In the baseline (same finding id).
    Unchanged,
}

impl Change {
    /// `NEW` or `UNCHANGED`, as printed.
    pub fn name(self) -> &'static str {
        match self {
            Change::New => "NEW",
            Change::Unchanged => "UNCHANGED",
        }
    }
}

/// One resource's result in a report.
#[derive(Debug, Clone)]
pub struct Record {
    /// The analysis result (or the error record).
    pub result: ResourceResult,
    /// Where it came from, when it came from a file.
    pub location: Option<Location>,
    /// How each finding (same order) compares with the baseline; empty
    /// without a baseline.
    pub changes: Vec<Change>,
    /// With `scan --fixes`: the fix of each finding (same order); empty
    /// otherwise.
    pub fixes: Vec<super::fixes::ScanFix>,
}

impl Record {
    /// A record without a baseline comparison.
    pub fn new(result: ResourceResult, location: Option<Location>) -> Record {
        Record {
            result,
            location,
            changes: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// The change of the finding at `index`, when compared with a baseline.
    pub fn change(&self, index: usize) -> Option<Change> {
        self.changes.get(index).copied()
    }

    /// Whether the record blocks under `--fail-on`: `new_only` counts only
    /// ACTIVE findings that are NEW, otherwise every ACTIVE finding.
    pub fn blocks(&self, new_only: bool) -> bool {
        self.result.findings.iter().enumerate().any(|(i, f)| {
            f.status == FindingStatus::Active
                && (!new_only || self.change(i) != Some(Change::Unchanged))
        })
    }

    /// The resource result as JSON, with `"change"` on each finding when
    /// compared with a baseline, `"fix"` on each finding with `scan --fixes`,
    /// and `"origin"` (`file`, `pointer`, `line`,
    /// `format`) when it came from a file.
    pub fn to_json(&self) -> Result<Value, serde_json::Error> {
        let mut value = serde_json::to_value(&self.result)?;
        if let Some(findings) = value.get_mut("findings").and_then(Value::as_array_mut) {
            for (index, finding) in findings.iter_mut().enumerate() {
                if let (Some(change), Some(map)) = (self.change(index), finding.as_object_mut()) {
                    map.insert("change".into(), json!(change.name()));
                }
                if let (Some(fix), Some(map)) = (self.fixes.get(index), finding.as_object_mut()) {
                    map.insert("fix".into(), serde_json::to_value(fix)?);
                }
            }
        }
        if let (Some(location), Some(map)) = (&self.location, value.as_object_mut()) {
            map.insert("origin".into(), location.to_json());
        }
        Ok(value)
    }
}
