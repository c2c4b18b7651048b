//! `zoneproof.check_no_new_access`, `check_access_not_granted` and
//! `check_no_public_access`: the policy checks, with the GIL released; the
//! outcome comes back as the CLI's JSON for one policy.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use zoneproof_analyzer::policy::{parse_policy, Policy};
use zoneproof_analyzer::question::access_not_granted::{check_access_not_granted, target_policy};
use zoneproof_analyzer::question::check::{CheckOptions, CheckOutcome, CheckPolicyType};
use zoneproof_analyzer::question::new_access::check_no_new_access;
use zoneproof_analyzer::question::public_access::check_no_public_access;
use zoneproof_analyzer::resource::ResourceType;

use crate::request::value_error;

/// A policy error: which argument, the JSON path and what is wrong.
type PolicyErrorParts = (String, String);

/// The arguments of the checks, as the Python layer passes them.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct CheckRequest {
    policy: String,
    reference: Option<String>,
    policy_type: String,
    actions: Vec<String>,
    resources: Vec<String>,
    resource_type: Option<String>,
    resource_arn: Option<String>,
    account: Option<String>,
    org: Option<String>,
    timeout_ms: u64,
}

impl CheckRequest {
    fn options(&self) -> PyResult<CheckOptions> {
        let policy_type = CheckPolicyType::parse(&self.policy_type).ok_or_else(|| {
            value_error(format!(
                "policy_type: expected `identity` or `resource`, got `{}`",
                self.policy_type
            ))
        })?;
        let options = CheckOptions {
            policy_type,
            account: self.account.clone(),
            org: self.org.clone(),
            timeout: std::time::Duration::from_millis(self.timeout_ms.max(1)),
            ..CheckOptions::default()
        };
        options.validate().map_err(value_error)?;
        Ok(options)
    }
}

/// Parses a policy argument, or the error parts naming it.
fn parse(name: &str, text: &str) -> Result<Policy, PolicyErrorParts> {
    parse_policy(text).map_err(|e| (format!("{name}: {}", e.path), e.message))
}

fn to_json(outcome: &CheckOutcome) -> PyResult<String> {
    serde_json::to_string(outcome)
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the result: {e}")))
}

/// No new access: `(json, None)` or `(None, (path, message))`.
#[pyfunction]
pub fn check_no_new_access_native(
    py: Python<'_>,
    request: CheckRequest,
) -> PyResult<(Option<String>, Option<PolicyErrorParts>)> {
    let options = request.options()?;
    let new = match parse("policy", &request.policy) {
        Ok(p) => p,
        Err(e) => return Ok((None, Some(e))),
    };
    let reference_text = request
        .reference
        .as_deref()
        .ok_or_else(|| value_error("reference: missing"))?;
    let reference = match parse("reference", reference_text) {
        Ok(p) => p,
        Err(e) => return Ok((None, Some(e))),
    };
    let outcome = py.detach(|| check_no_new_access(&new, &reference, &options));
    Ok((Some(to_json(&outcome)?), None))
}

/// Access not granted: `(json, None)` or `(None, (path, message))`.
#[pyfunction]
pub fn check_access_not_granted_native(
    py: Python<'_>,
    request: CheckRequest,
) -> PyResult<(Option<String>, Option<PolicyErrorParts>)> {
    let options = request.options()?;
    target_policy(&request.actions, &request.resources).map_err(value_error)?;
    let policy = match parse("policy", &request.policy) {
        Ok(p) => p,
        Err(e) => return Ok((None, Some(e))),
    };
    let (actions, resources) = (&request.actions, &request.resources);
    let outcome = py.detach(|| check_access_not_granted(&policy, actions, resources, &options));
    Ok((Some(to_json(&outcome)?), None))
}

/// No public access: `(json, None)` or `(None, (path, message))`.
#[pyfunction]
pub fn check_no_public_access_native(
    py: Python<'_>,
    request: CheckRequest,
) -> PyResult<(Option<String>, Option<PolicyErrorParts>)> {
    let options = request.options()?;
    let name = request
        .resource_type
        .as_deref()
        .ok_or_else(|| value_error("resource_type: missing"))?;
    let resource_type: ResourceType = name.parse().map_err(value_error)?;
    if let Err(e) = parse("policy", &request.policy) {
        return Ok((None, Some(e)));
    }
    let value: serde_json::Value = serde_json::from_str(&request.policy).map_err(value_error)?;
    let arn = request.resource_arn.as_deref();
    let outcome = py.detach(|| check_no_public_access(&value, resource_type, arn, &options));
    Ok((Some(to_json(&outcome)?), None))
}
