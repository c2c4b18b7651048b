//! An analysis request from Python: every argument checked and turned into
//! the analyzer's `ResourceSpec` and `AnalysisOptions`, as `zoneproof
//! analyze` does with its flags.

use crate::resource_arn;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use zoneproof_analyzer::analysis::{AnalysisOptions, Extras, PolicyDocument, ResourceSpec};
use zoneproof_analyzer::archive::parse_archive_rules;
use zoneproof_analyzer::organization::Organization;
use zoneproof_analyzer::policy::{parse_policy, PolicyError};
use zoneproof_analyzer::resource::{split_arn, ResourceType};
use zoneproof_analyzer::zone::{is_account_id, Zone};
use zoneproof_encodings::solver::BackendKind;

/// The arguments of `zoneproof.analyze`, as the Python layer passes them: a
/// dict with every key present; JSON documents (policy, archive rules,
/// extras) as text.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct AnalyzeRequest {
    policy: Option<String>,
    resource_type: String,
    resource_arn: Option<String>,
    account: Option<String>,
    org: Option<String>,
    org_accounts: Vec<String>,
    trusted_accounts: Vec<String>,
    archive_rules: Option<String>,
    service_findings: bool,
    backend: String,
    timeout_ms: u64,
    acl: Option<String>,
    block_public_access: Option<String>,
    sharing: Option<String>,
    grants: Option<String>,
    organization: Option<OrganizationExport>,
}

/// An organization export (root, OUs, accounts, SCPs and RCPs, as
/// `--organization` reads it): `(name for messages, JSON text)`.
pub type OrganizationExport = (String, String);

/// Reads an organization export; a problem is a `ValueError` naming the
/// export and the JSON path, as `--organization` reports it.
pub fn organization(export: Option<OrganizationExport>) -> PyResult<Option<Arc<Organization>>> {
    let Some((name, text)) = export else {
        return Ok(None);
    };
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| value_error(format!("organization: {name}: $: not valid JSON: {e}")))?;
    Organization::from_export(Path::new(&name), &value)
        .map(|org| Some(Arc::new(org)))
        .map_err(|errors| {
            let first = errors.first().map_or_else(
                || "not an organization export".to_string(),
                ToString::to_string,
            );
            value_error(format!("organization: {first}"))
        })
}

/// A request ready to analyse.
pub struct Ready {
    /// The resource to analyse.
    pub spec: ResourceSpec,
    /// How to analyse it.
    pub options: AnalysisOptions,
}

/// A checked request: ready, or stopped by a policy that does not parse.
pub enum Prepared {
    /// Everything checked.
    Ready(Box<Ready>),
    /// The policy does not parse.
    InvalidPolicy(PolicyError),
}

impl AnalyzeRequest {
    /// Checks the arguments; bad ones raise `ValueError`.
    pub fn prepare(self) -> PyResult<Prepared> {
        let resource_type = ResourceType::resolve(
            &self.resource_type,
            self.resource_arn.as_deref().unwrap_or(""),
        )
        .map_err(value_error)?;
        let policy = match self.policy.as_deref().map(parse_policy) {
            None => None,
            Some(Ok(policy)) => Some(policy),
            Some(Err(error)) => return Ok(Prepared::InvalidPolicy(error)),
        };
        let arn = match (self.resource_arn, &policy) {
            (Some(arn), _) => arn,
            (None, Some(policy)) => {
                resource_arn::infer(policy, resource_type).map_err(value_error)?
            }
            (None, None) => {
                return Err(value_error(
                    "give resource_arn: there is no policy to infer it from",
                ))
            }
        };
        let zone = zone_for(
            self.account,
            self.org,
            self.org_accounts,
            self.trusted_accounts,
            &arn,
        )?;
        let mut options = analysis_options(
            self.archive_rules.as_deref(),
            self.service_findings,
            &self.backend,
            self.timeout_ms,
        )?;
        options.organization = organization(self.organization)?;
        let extras = Extras {
            acl: json_argument("acl", self.acl)?,
            block_public_access: json_argument("block_public_access", self.block_public_access)?,
            sharing: json_argument("sharing", self.sharing)?,
            grants: json_argument("grants", self.grants)?,
        };
        let spec = ResourceSpec {
            resource_type,
            arn,
            zone,
            policy: self.policy.map(PolicyDocument::Text),
            extras,
        };
        Ok(Prepared::Ready(Box::new(Ready { spec, options })))
    }
}

/// How to analyse, from the arguments shared by `analyze` and `scan`.
pub fn analysis_options(
    archive_rules: Option<&str>,
    service_findings: bool,
    backend: &str,
    timeout_ms: u64,
) -> PyResult<AnalysisOptions> {
    Ok(AnalysisOptions {
        service_findings,
        backend: BackendKind::from_str(backend).map_err(value_error)?,
        timeout: Duration::from_millis(timeout_ms),
        archive_rules: match archive_rules {
            None => Vec::new(),
            Some(text) => {
                parse_archive_rules(text).map_err(|e| value_error(format!("archive_rules: {e}")))?
            }
        },
        limits: Default::default(),
        organization: None,
    })
}

/// The zone of trust: `account`, else the account in the resource ARN.
pub fn zone_for(
    account: Option<String>,
    org: Option<String>,
    org_accounts: Vec<String>,
    trusted_accounts: Vec<String>,
    arn: &str,
) -> PyResult<Zone> {
    let account = match (account, split_arn(arn)) {
        (Some(account), _) => account,
        (None, Some(parts)) if is_account_id(parts.account) => parts.account.to_string(),
        (None, Some(_)) => {
            return Err(value_error(format!(
                "resource ARN `{arn}` names no account: give account"
            )))
        }
        (None, None) => return Err(value_error(format!("invalid resource ARN `{arn}`"))),
    };
    let zone = Zone {
        account,
        org,
        org_accounts,
        trusted_accounts,
    };
    zone.validate().map_err(value_error)?;
    Ok(zone)
}

fn json_argument(name: &str, text: Option<String>) -> PyResult<Option<serde_json::Value>> {
    text.map(|text| {
        serde_json::from_str(&text).map_err(|e| value_error(format!("{name}: not valid JSON: {e}")))
    })
    .transpose()
}

/// A `ValueError` with the error's message.
pub fn value_error(error: impl ToString) -> PyErr {
    PyValueError::new_err(error.to_string())
}
