//! Scans split into shards for `zoneproof.dask`: the driver plans the
//! shards (files, and ranges of records of JSON Lines inventories), the
//! workers scan them, and the records come out exactly as a local scan
//! gives them (the same readers, pointers, lines and error records).

use crate::request::value_error;
use crate::scan::{Scan, ScanRequest};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use zoneproof_analyzer::inputs::ranges::{
    is_json_lines_file, json_lines_ranges, read_json_lines_range,
};
use zoneproof_analyzer::inputs::{plan_path, read_planned_file, InputError, PlannedInput};

/// One shard of a scan, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum Shard {
    /// A path that cannot be listed: its error record, ready.
    Record { record: Value },
    /// A whole file.
    File { file: PathBuf, walked: bool },
    /// A range of records of a JSON Lines file.
    #[serde(rename_all = "camelCase")]
    Lines {
        file: PathBuf,
        start: u64,
        end: u64,
        first_index: usize,
        first_line: usize,
        records: usize,
    },
}

fn runtime_error(error: impl std::fmt::Display) -> PyErr {
    PyRuntimeError::new_err(error.to_string())
}

/// Plans a scan of the request's paths: a JSON list of shards in input
/// order, JSON Lines inventories cut into ranges of at most
/// `records_per_shard` records. Bad arguments raise `ValueError`.
#[pyfunction]
pub fn plan_scan(
    py: Python<'_>,
    request: ScanRequest,
    records_per_shard: usize,
) -> PyResult<String> {
    if records_per_shard == 0 {
        return Err(value_error("records_per_shard: expected at least 1"));
    }
    let paths = request.paths().to_vec();
    let scan = request.prepare()?;
    let shards = py.detach(|| plan(&scan, &paths, records_per_shard))?;
    serde_json::to_string(&shards).map_err(runtime_error)
}

fn plan(scan: &Scan, paths: &[PathBuf], records_per_shard: usize) -> PyResult<Vec<Shard>> {
    let mut shards = Vec::new();
    for path in paths {
        for planned in plan_path(path) {
            match planned {
                PlannedInput::Error(error) => shards.push(Shard::Record {
                    record: scan.record(Err(error)).map_err(runtime_error)?,
                }),
                PlannedInput::File { path, walked } => {
                    shards.extend(file_shards(path, walked, records_per_shard));
                }
            }
        }
    }
    Ok(shards)
}

/// A file's shards: ranges of records for a JSON Lines file with more
/// than `records_per_shard` records, else the whole file.
fn file_shards(file: PathBuf, walked: bool, records_per_shard: usize) -> Vec<Shard> {
    if !is_json_lines_file(&file) {
        return vec![Shard::File { file, walked }];
    }
    // A file that cannot be read or is not UTF-8 is one shard: reading it
    // whole gives its one error record.
    let Ok(text) = std::fs::read(&file).map(String::from_utf8) else {
        return vec![Shard::File { file, walked }];
    };
    let Ok(text) = text else {
        return vec![Shard::File { file, walked }];
    };
    let ranges = json_lines_ranges(&text, records_per_shard);
    if ranges.len() <= 1 {
        return vec![Shard::File { file, walked }];
    }
    ranges
        .into_iter()
        .map(|range| Shard::Lines {
            file: file.clone(),
            start: range.start as u64,
            end: range.end as u64,
            first_index: range.first_index,
            first_line: range.first_line,
            records: range.records,
        })
        .collect()
}

/// Scans one shard of a plan; returns the JSON list of its records.
#[pyfunction]
pub fn scan_shard(py: Python<'_>, request: ScanRequest, shard: &str) -> PyResult<String> {
    let shard: Shard =
        serde_json::from_str(shard).map_err(|e| value_error(format!("shard: {e}")))?;
    let scan = request.prepare()?;
    let records = py.detach(|| -> serde_json::Result<Vec<Value>> {
        match shard {
            Shard::Record { record } => Ok(vec![record]),
            Shard::File { file, walked } => {
                scan.run_inputs(read_planned_file(&file, walked, scan.read_options()))
            }
            Shard::Lines {
                file,
                start,
                end,
                first_index,
                first_line,
                ..
            } => {
                let inputs = match read_range(&file, start, end) {
                    Ok(text) => read_json_lines_range(
                        &file,
                        &text,
                        first_index,
                        first_line,
                        scan.read_options(),
                    ),
                    Err(message) => vec![Err(file_error(&file, message))],
                };
                scan.run_inputs(inputs)
            }
        }
    });
    serde_json::to_string(&records.map_err(runtime_error)?).map_err(runtime_error)
}

/// Scans inventory records given as JSON Lines text (a partition of a Dask
/// bag or data frame), whose first record is record `first_index` of the
/// collection named `source`; returns the JSON list of their records.
#[pyfunction]
pub fn scan_lines(
    py: Python<'_>,
    request: ScanRequest,
    source: PathBuf,
    text: &str,
    first_index: usize,
) -> PyResult<String> {
    let scan = request.prepare()?;
    let records = py.detach(|| {
        let inputs = read_json_lines_range(
            &source,
            text,
            first_index,
            first_index + 1,
            scan.read_options(),
        );
        scan.run_inputs(inputs)
    });
    serde_json::to_string(&records.map_err(runtime_error)?).map_err(runtime_error)
}

/// How many records (non-blank lines) JSON Lines text holds.
#[pyfunction]
pub fn count_records(text: &str) -> usize {
    json_lines_ranges(text, usize::MAX)
        .first()
        .map_or(0, |range| range.records)
}

/// The bytes `start..end` of a file, as text.
fn read_range(file: &Path, start: u64, end: u64) -> Result<String, String> {
    let mut handle = std::fs::File::open(file).map_err(|e| format!("cannot read: {e}"))?;
    handle
        .seek(SeekFrom::Start(start))
        .map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    handle
        .take(end.saturating_sub(start))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if (bytes.len() as u64) < end.saturating_sub(start) {
        return Err("the file changed since the scan was planned (it is shorter)".to_string());
    }
    String::from_utf8(bytes).map_err(|_| "file is not valid UTF-8".to_string())
}

fn file_error(file: &Path, message: String) -> InputError {
    InputError {
        file: file.to_path_buf(),
        pointer: String::new(),
        message,
        arn: None,
        resource_type: None,
    }
}
