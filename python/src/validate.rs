//! `zoneproof.validate`: IAM Access Analyzer's policy checks, offline, with
//! the GIL released; the findings come back as the CLI's JSON (Access
//! Analyzer's field names).

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use zoneproof_analyzer::validate::{validate_policy, PolicyType, ValidateOptions};

use crate::request::value_error;

/// The arguments of `zoneproof.validate`, as the Python layer passes them.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct ValidateRequest {
    policy: String,
    policy_type: String,
    resource_type: Option<String>,
}

/// Validates one policy. Returns the JSON list of its findings. Raises
/// `ValueError` for an unknown policy type or resource type.
#[pyfunction]
pub fn validate(py: Python<'_>, request: ValidateRequest) -> PyResult<String> {
    let policy_type: PolicyType = request.policy_type.parse().map_err(value_error)?;
    let options = ValidateOptions {
        policy_type,
        resource_type: request.resource_type,
    };
    let policy = request.policy;
    let findings = py
        .detach(|| validate_policy(&policy, &options))
        .map_err(value_error)?;
    serde_json::to_string(&findings)
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the findings: {e}")))
}
