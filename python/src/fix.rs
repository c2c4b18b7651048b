//! `zoneproof.fix`: the proved policy change that removes findings, as
//! `zoneproof fix --format json` prints it, solved with the GIL released.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use zoneproof_analyzer::fix::{
    fix as fix_policy, unified_diff, Claims, FixError, FixInput, FixOptions, Selection, Strategy,
};
use zoneproof_analyzer::policy::parse_policy;
use zoneproof_analyzer::resource::ResourceType;

use crate::request::{analysis_options, value_error, zone_for};

/// The arguments of `zoneproof.fix`, every key present.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct FixRequest {
    policy: String,
    resource_type: String,
    resource_arn: String,
    account: Option<String>,
    org: Option<String>,
    org_accounts: Vec<String>,
    trusted_accounts: Vec<String>,
    archive_rules: Option<String>,
    service_findings: bool,
    backend: String,
    timeout_ms: u64,
    finding_ids: Option<Vec<String>>,
    strategy: Option<String>,
    /// Claim key → values (any of them) restricting federated findings.
    claims: Vec<(String, Vec<String>)>,
}

/// A policy error: `(path, message)`.
type PolicyErrorParts = (String, String);

/// Fixes the selected findings. Returns the report as `zoneproof fix
/// --format json` prints it (with `policy` and `diff`), or `(None, (path,
/// message))` when the policy does not parse. Bad arguments and unknown
/// finding ids raise `ValueError`; an analysis that cannot be completed
/// raises `RuntimeError`.
#[pyfunction]
pub fn fix(
    py: Python<'_>,
    request: FixRequest,
) -> PyResult<(Option<String>, Option<PolicyErrorParts>)> {
    if let Err(error) = parse_policy(&request.policy) {
        return Ok((None, Some((error.path, error.message))));
    }
    let resource_type = ResourceType::resolve(&request.resource_type, &request.resource_arn)
        .map_err(value_error)?;
    resource_type
        .validate_arn(&request.resource_arn)
        .map_err(|e| value_error(format!("resource_arn: {e}")))?;
    let zone = zone_for(
        request.account,
        request.org,
        request.org_accounts,
        request.trusted_accounts,
        &request.resource_arn,
    )?;
    let strategy = match request.strategy.as_deref() {
        None => None,
        Some("restrict") => Some(Strategy::Restrict),
        Some("remove") => Some(Strategy::Remove),
        Some(other) => {
            return Err(value_error(format!(
                "strategy: expected `restrict` or `remove`, got `{other}`"
            )))
        }
    };
    let mut claims = Claims::new();
    for (key, values) in &request.claims {
        for value in values {
            claims
                .add(key, value)
                .map_err(|e| value_error(format!("claims: {e}")))?;
        }
    }
    let options = FixOptions {
        claims,
        strategy,
        analysis: analysis_options(
            request.archive_rules.as_deref(),
            request.service_findings,
            &request.backend,
            request.timeout_ms,
        )?,
    };
    let selection = match request.finding_ids {
        None => Selection::All,
        Some(ids) => Selection::Ids(ids),
    };
    let input = FixInput {
        resource_type,
        arn: request.resource_arn,
        zone,
        text: request.policy,
    };
    let report = py
        .detach(|| fix_policy(&input, &selection, &options))
        .map_err(|e| match e {
            FixError::UnknownFinding { .. } | FixError::Input(_) => value_error(e),
            FixError::Incomplete(_) => PyRuntimeError::new_err(e.to_string()),
        })?;
    let diff = unified_diff(&input.text, &report.text, "policy.json");
    let mut value = serde_json::to_value(&report)
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the report: {e}")))?;
    if let Some(object) = value.as_object_mut() {
        object.insert("policy".into(), report.policy_json());
        object.insert("diff".into(), diff.into());
        object.insert("text".into(), report.text.clone().into());
    }
    Ok((Some(value.to_string()), None))
}
