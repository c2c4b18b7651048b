//! `zoneproof.generate` and `zoneproof.unused`: CloudTrail logs read on a
//! rayon pool with the GIL released, as `zoneproof generate` and
//! `zoneproof unused` read them; the reports are the CLI's JSON.

use std::path::PathBuf;
use std::sync::Mutex;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use rayon::prelude::*;
use serde_json::Value;
use zoneproof_analyzer::activity::actor::PrincipalId;
use zoneproof_analyzer::activity::allowed::{AllowedActions, IdentityPolicyActions};
use zoneproof_analyzer::activity::generate::{build_policy, EventProof, PrincipalActivity, Window};
use zoneproof_analyzer::activity::mapping::Mapper;
use zoneproof_analyzer::activity::report::{
    check_generated_policy, generate_report, unused_notes, unused_report, CurrentComparison,
};
use zoneproof_analyzer::activity::unused::{findings, RecommendationChecker, UnusedOptions, Usage};
use zoneproof_analyzer::inputs::cloudtrail::{read_trail_file, trail_files, TrailEvent};
use zoneproof_analyzer::inputs::credential_report::read_credential_report;
use zoneproof_analyzer::inputs::identities::Identities;
use zoneproof_analyzer::policy::parse_policy_value;
use zoneproof_analyzer::timestamp::Timestamp;

use crate::request::value_error;

/// The arguments of `zoneproof.generate`.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct GenerateRequest {
    cloudtrail: Vec<PathBuf>,
    principal: String,
    since: Option<String>,
    until: Option<String>,
    authz_details: Option<PathBuf>,
    max_exact: usize,
    jobs: Option<usize>,
}

/// The arguments of `zoneproof.unused`.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct UnusedRequest {
    cloudtrail: Vec<PathBuf>,
    authz_details: Vec<PathBuf>,
    credential_report: Option<PathBuf>,
    days: i64,
    as_of: Option<String>,
    jobs: Option<usize>,
}

fn date(name: &str, text: Option<&str>) -> PyResult<Option<Timestamp>> {
    text.map(|t| {
        t.parse::<Timestamp>()
            .map_err(|e| value_error(format!("{name}: {e}")))
    })
    .transpose()
}

fn pool(jobs: Option<usize>) -> PyResult<rayon::ThreadPool> {
    if jobs == Some(0) {
        return Err(value_error("jobs: expected at least 1"));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .thread_name(|i| format!("zoneproof-trail-{i}"))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start the reading threads: {e}")))
}

/// Folds every event of the trails on `pool`; bad records and files are
/// collected in `errors`, one line each.
fn fold<A: Send>(
    pool: &rayon::ThreadPool,
    paths: &[PathBuf],
    errors: &Mutex<Vec<String>>,
    init: &(dyn Fn() -> A + Sync),
    add: &(dyn Fn(&mut A, &mut Mapper, &TrailEvent<'_>) + Sync),
    merge: &(dyn Fn(&mut A, A) + Sync),
) -> A {
    let (files, path_errors) = trail_files(paths);
    let push = |line: String| {
        if let Ok(mut errors) = errors.lock() {
            errors.push(line);
        }
    };
    for error in path_errors {
        push(error.to_string());
    }
    pool.install(|| {
        files
            .par_iter()
            .fold(
                || (init(), Mapper::new().ok()),
                |(mut acc, mut mapper), (file, named)| {
                    if let Some(mapper) = mapper.as_mut() {
                        read_trail_file(
                            file,
                            *named,
                            &mut |event| add(&mut acc, mapper, event),
                            &mut |e| push(e.to_string()),
                        );
                    }
                    (acc, mapper)
                },
            )
            .map(|(acc, _)| acc)
            .reduce_with(|mut left, right| {
                merge(&mut left, right);
                left
            })
    })
    .unwrap_or_else(init)
}

fn to_json(report: &Value) -> PyResult<String> {
    serde_json::to_string(report)
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the report: {e}")))
}

/// The least-privilege policy for a principal's events: the report as JSON
/// text and the bad-input lines.
#[pyfunction]
pub fn generate(py: Python<'_>, request: GenerateRequest) -> PyResult<(String, Vec<String>)> {
    let principal = PrincipalId::from_arn(&request.principal).ok_or_else(|| {
        value_error(format!(
            "principal: `{}` is not a role, user or root ARN",
            request.principal
        ))
    })?;
    let window = Window {
        since: date("since", request.since.as_deref())?,
        until: date("until", request.until.as_deref())?,
    };
    if request.max_exact == 0 {
        return Err(value_error("max_exact: expected at least 1"));
    }
    let mut errors = Vec::new();
    let current = match &request.authz_details {
        None => None,
        Some(path) => {
            let mut identities = Identities::default();
            identities.read_file(path);
            errors.extend(identities.errors.iter().cloned());
            let identity = identities.get(&principal).cloned().ok_or_else(|| {
                value_error(format!(
                    "{}: the principal is not in the authorization details",
                    path.display()
                ))
            })?;
            let view = IdentityPolicyActions::default();
            Some(CurrentComparison {
                allowed: view.allowed_actions(&identity),
                method: view.describe(),
                identity,
            })
        }
    };
    let pool = pool(request.jobs)?;
    let errors = Mutex::new(errors);
    let report = py.detach(|| {
        let start = PrincipalActivity::new(principal.clone(), window.clone(), request.max_exact);
        let activity = fold(
            &pool,
            &request.cloudtrail,
            &errors,
            &|| start.clone(),
            &|a, m, e| a.add(m, e),
            &PrincipalActivity::merge,
        );
        let generated = build_policy(&activity);
        let mut proof = EventProof::default();
        let parsed = generated
            .as_ref()
            .and_then(|g| parse_policy_value(&g.document).ok());
        if let Some(policy) = &parsed {
            // The second pass meets the same bad records: not reported twice.
            proof = fold(
                &pool,
                &request.cloudtrail,
                &Mutex::new(Vec::new()),
                &EventProof::default,
                &|p, m, e| p.check(&activity, policy, m, e),
                &EventProof::merge,
            );
        }
        let no_new_access = match (&parsed, &current) {
            (Some(policy), Some(current)) => {
                Some(check_generated_policy(policy, &current.identity))
            }
            _ => None,
        };
        generate_report(
            &activity,
            generated.as_ref(),
            &proof,
            current.as_ref(),
            no_new_access.as_ref(),
        )
    });
    Ok((to_json(&report)?, errors.into_inner().unwrap_or_default()))
}

/// Unused-access findings: the report as JSON text and the bad-input lines.
#[pyfunction]
pub fn unused(py: Python<'_>, request: UnusedRequest) -> PyResult<(String, Vec<String>)> {
    if request.days < 1 {
        return Err(value_error("days: expected at least 1"));
    }
    let as_of = date("as_of", request.as_of.as_deref())?;
    let mut identities = Identities::default();
    for path in &request.authz_details {
        identities.read_file(path);
    }
    let mut errors = identities.errors.clone();
    let rows = request.credential_report.as_ref().map(|path| {
        let (rows, report_errors) = read_credential_report(path);
        errors.extend(report_errors.iter().map(ToString::to_string));
        rows
    });
    let pool = pool(request.jobs)?;
    let errors = Mutex::new(errors);
    let report = py.detach(|| {
        let usage = fold(
            &pool,
            &request.cloudtrail,
            &errors,
            &Usage::default,
            &|u, m, e| u.add(m, e),
            &Usage::merge,
        );
        let options = UnusedOptions {
            days: request.days,
            as_of: as_of
                .or(usage.span.map(|s| s.1))
                .unwrap_or_else(Timestamp::now),
        };
        let view = IdentityPolicyActions::default();
        let (mut found, unassessed) =
            findings(&identities, &usage, rows.as_deref(), &view, &options);
        let checker = RecommendationChecker::new(&identities, &found, &options);
        if !checker.is_empty() {
            let checked = fold(
                &pool,
                &request.cloudtrail,
                &Mutex::new(Vec::new()),
                &|| checker.clone(),
                &|c, m, e| c.check(m, e),
                &RecommendationChecker::merge,
            );
            checked.attach(&identities, &mut found);
        }
        let mut notes = unused_notes(&usage, &options, rows.is_some(), view.describe());
        notes.extend(unassessed);
        unused_report(&found, &usage, &options, &notes)
    });
    Ok((to_json(&report)?, errors.into_inner().unwrap_or_default()))
}
