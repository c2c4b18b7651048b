//! The native part of the `zoneproof` Python package, imported as
//! `zoneproof._zoneproof`. It turns the Python arguments into an analysis
//! request, runs the analysis with the GIL released, and hands back the
//! resource result as the CLI's JSON. The pure-Python layer
//! (`zoneproof/__init__.py`) builds typed objects from that JSON and raises
//! the package's exceptions; nothing about IAM is decided here.

mod activity;
mod audit;
mod authorize;
mod baseline;
mod check;
mod fix;
mod questions;
mod request;
mod resource_arn;
mod scan;
mod shard;
mod validate;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use request::{AnalyzeRequest, Prepared};
use zoneproof_analyzer::analysis::{analyze_detailed, AnalysisError};

/// A policy error: the JSON path of the offending element and what is wrong.
type PolicyErrorParts = (String, String);

/// Analyses one resource policy. Returns the resource result as the CLI's
/// JSON, or, when the policy is invalid, `(None, (path, message))`. Bad
/// arguments (unknown resource type or backend, bad account ids, bad
/// archive rules, no resource ARN to be had) raise `ValueError`.
#[pyfunction]
fn analyze(
    py: Python<'_>,
    request: AnalyzeRequest,
) -> PyResult<(Option<String>, Option<PolicyErrorParts>)> {
    let prepared = match request.prepare()? {
        Prepared::Ready(prepared) => prepared,
        Prepared::InvalidPolicy(error) => return Ok((None, Some((error.path, error.message)))),
    };
    let analyzed = py.detach(|| analyze_detailed(&prepared.spec, &prepared.options));
    let policy_error = match analyzed.failure {
        Some(AnalysisError::InvalidPolicy(error)) => Some((error.path, error.message)),
        _ => None,
    };
    let json = serde_json::to_string(&analyzed.result)
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the result: {e}")))?;
    Ok((Some(json), policy_error))
}

/// The module `zoneproof._zoneproof`.
#[pymodule]
fn _zoneproof(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(analyze, module)?)?;
    module.add_function(wrap_pyfunction!(scan::scan, module)?)?;
    module.add_function(wrap_pyfunction!(baseline::baseline_findings, module)?)?;
    module.add_function(wrap_pyfunction!(fix::fix, module)?)?;
    module.add_function(wrap_pyfunction!(activity::generate, module)?)?;
    module.add_function(wrap_pyfunction!(activity::unused, module)?)?;
    module.add_function(wrap_pyfunction!(validate::validate, module)?)?;
    module.add_function(wrap_pyfunction!(check::check_no_new_access_native, module)?)?;
    module.add_function(wrap_pyfunction!(
        check::check_access_not_granted_native,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(
        check::check_no_public_access_native,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(audit::audit, module)?)?;
    module.add_class::<authorize::NativeInputs>()?;
    module.add_function(wrap_pyfunction!(authorize::read_inputs, module)?)?;
    module.add_function(wrap_pyfunction!(authorize::authorize, module)?)?;
    module.add_function(wrap_pyfunction!(questions::who_can, module)?)?;
    module.add_function(wrap_pyfunction!(questions::can, module)?)?;
    module.add_function(wrap_pyfunction!(shard::plan_scan, module)?)?;
    module.add_function(wrap_pyfunction!(shard::scan_shard, module)?)?;
    module.add_function(wrap_pyfunction!(shard::scan_lines, module)?)?;
    module.add_function(wrap_pyfunction!(shard::count_records, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
