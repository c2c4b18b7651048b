//! `zoneproof.audit`: the inputs of `zoneproof audit` read and audited with
//! the GIL released; the report is handed back as the CLI's JSON.

use std::path::PathBuf;

use pyo3::prelude::*;
use zoneproof_analyzer::audit::{audit as run_audit, AuditInputs, AuditOptions, PasswordPolicy};
use zoneproof_analyzer::inputs::credential_report::read_credential_report;
use zoneproof_analyzer::inputs::{read_input_set, ReadOptions};
use zoneproof_analyzer::timestamp::Timestamp;

/// The arguments of `zoneproof.audit`, as the Python layer passes them.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct AuditArgs {
    authz_details: Vec<PathBuf>,
    credential_report: Option<PathBuf>,
    password_policy: Option<PathBuf>,
    organization: Option<PathBuf>,
    resources: Vec<PathBuf>,
    as_of: Option<String>,
    days: i64,
    allowed_regions: Vec<String>,
    max_steps: usize,
}

/// What went wrong: `("invalid", lines)` for bad arguments (`ValueError`),
/// `("input", lines)` for inputs that cannot be read (`InputError`).
type Failure = (String, Vec<String>);

fn fail(kind: &str, lines: Vec<String>) -> (Option<String>, Vec<String>, Option<Failure>) {
    (None, Vec::new(), Some((kind.to_string(), lines)))
}

/// Audits. Returns the report as `audit --format json` prints it, the
/// warnings (entries of the inputs that could not be read), or the failure.
#[pyfunction]
pub fn audit(py: Python<'_>, args: AuditArgs) -> (Option<String>, Vec<String>, Option<Failure>) {
    if !(1..=3).contains(&args.max_steps) || args.days < 1 {
        return fail(
            "invalid",
            vec!["max_steps must be 1, 2 or 3 and days at least 1".into()],
        );
    }
    let as_of = match args.as_of.as_deref().map(str::parse::<Timestamp>) {
        None => Timestamp::now(),
        Some(Ok(t)) => t,
        Some(Err(e)) => return fail("invalid", vec![format!("as_of: {e}")]),
    };
    py.detach(|| {
        let mut paths = args.authz_details.clone();
        paths.extend(args.organization.iter().cloned());
        paths.extend(args.resources.iter().cloned());
        let inputs = read_input_set(&paths, &ReadOptions::default());
        if !inputs.unreadable.is_empty() {
            return fail(
                "input",
                inputs.unreadable.iter().map(ToString::to_string).collect(),
            );
        }
        let rows = match &args.credential_report {
            Some(path) => {
                let (rows, errors) = read_credential_report(path);
                if !errors.is_empty() {
                    return fail("input", errors.iter().map(ToString::to_string).collect());
                }
                Some(rows)
            }
            None => None,
        };
        let policy = match args.password_policy.as_deref().map(PasswordPolicy::read) {
            None => None,
            Some(Ok(policy)) => Some(policy),
            Some(Err(e)) => return fail("input", vec![e.to_string()]),
        };
        let options = AuditOptions {
            as_of,
            days: args.days,
            allowed_regions: args.allowed_regions.clone(),
            max_steps: args.max_steps,
        };
        let report = run_audit(
            &AuditInputs {
                inputs: &inputs,
                credential_report: rows.as_deref(),
                password_policy: policy.as_ref(),
            },
            &options,
        );
        let warnings = inputs.problems.iter().map(ToString::to_string).collect();
        match serde_json::to_string(&report) {
            Ok(json) => (Some(json), warnings, None),
            Err(e) => fail("invalid", vec![format!("cannot serialise the report: {e}")]),
        }
    })
}
