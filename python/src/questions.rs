//! `zoneproof.who_can` and `zoneproof.can`: the proved questions over the
//! inputs of `zoneproof.authorize`, answered with the GIL released.

use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use zoneproof_analyzer::question::can::{can as can_question, CanError, CanQuery};
use zoneproof_analyzer::question::who_can::{
    who_can as who_can_question, WhoCanError, WhoCanQuery,
};
use zoneproof_encodings::solver::BackendKind;

use crate::authorize::NativeInputs;

/// The solver's time limit per check, as the CLI's.
const TIMEOUT: Duration = Duration::from_secs(30);

/// What went wrong, for the Python layer to raise: `("invalid", message)`
/// (`ValueError`) or `("undecidable", message)` (`AuthorizeError`).
type Failure = (String, String);

fn json<T: serde::Serialize>(value: &T) -> PyResult<(Option<String>, Option<Failure>)> {
    serde_json::to_string(value)
        .map(|json| (Some(json), None))
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the answer: {e}")))
}

/// Every user and role of the inputs that can perform `action` on
/// `resource`. Returns the CLI's `who-can --format json` output, or the
/// failure.
#[pyfunction]
#[pyo3(signature = (inputs, action, resource, resource_account, assumers))]
pub fn who_can(
    py: Python<'_>,
    inputs: &NativeInputs,
    action: String,
    resource: String,
    resource_account: Option<String>,
    assumers: bool,
) -> PyResult<(Option<String>, Option<Failure>)> {
    let query = WhoCanQuery {
        action,
        resource,
        resource_account,
        assumers,
    };
    let set = &inputs.set;
    match py.detach(|| who_can_question(set, &query, BackendKind::Automata, TIMEOUT)) {
        Ok(answer) => json(&answer),
        Err(error @ WhoCanError::UnknownAction(_)) => {
            Ok((None, Some(("invalid".into(), error.to_string()))))
        }
        Err(error) => Ok((None, Some(("undecidable".into(), error.to_string())))),
    }
}

/// What `principal` can do. Returns the CLI's `can --format json` output,
/// or the failure.
#[pyfunction]
#[pyo3(signature = (inputs, principal, services))]
pub fn can(
    py: Python<'_>,
    inputs: &NativeInputs,
    principal: String,
    services: Vec<String>,
) -> PyResult<(Option<String>, Option<Failure>)> {
    let query = CanQuery {
        principal,
        services,
    };
    let set = &inputs.set;
    match py.detach(|| can_question(set, &query, BackendKind::Automata, TIMEOUT)) {
        Ok(answer) => json(&answer),
        Err(error @ (CanError::UnknownService(_) | CanError::NotUserOrRole(_))) => {
            Ok((None, Some(("invalid".into(), error.to_string()))))
        }
        Err(error) => Ok((None, Some(("undecidable".into(), error.to_string())))),
    }
}
