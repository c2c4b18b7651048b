//! `zoneproof.compare` reads baseline files with the library's reader
//! (`zoneproof_analyzer::scan::baseline`), the one `zoneproof scan
//! --baseline` uses: the same accepted shapes, the same errors.

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::path::PathBuf;
use zoneproof_analyzer::scan::baseline::{Baseline, BaselineError};

/// The findings of a baseline file (an earlier `scan --format json` or
/// `jsonl` output, a list of findings, or one resource result), each id
/// once, in file order, as a JSON list. A missing file raises
/// `FileNotFoundError`, another file that cannot be read `OSError`; one
/// that is not a baseline raises `ValueError` naming the JSON pointer.
#[pyfunction]
pub fn baseline_findings(py: Python<'_>, path: PathBuf) -> PyResult<String> {
    let baseline = py
        .detach(|| Baseline::load(&path))
        .map_err(|error| match &error {
            BaselineError::Unreadable { .. } if is_missing(&path) => {
                PyFileNotFoundError::new_err(error.to_string())
            }
            BaselineError::Unreadable { .. } => PyOSError::new_err(error.to_string()),
            BaselineError::Invalid { .. } => PyValueError::new_err(error.to_string()),
        })?;
    serde_json::to_string(baseline.findings())
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the baseline: {e}")))
}

/// Whether nothing is at `path` (as opposed to a file that exists but
/// cannot be read).
fn is_missing(path: &std::path::Path) -> bool {
    std::fs::metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
}
