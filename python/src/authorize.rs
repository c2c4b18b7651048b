//! `zoneproof.read_inputs` and `zoneproof.authorize`: the inputs read once
//! (as `zoneproof authorize` reads its INPUTS), then any number of requests
//! decided over them with the GIL released.

use std::path::PathBuf;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use zoneproof_analyzer::authorize::{AuthorizeError, AuthorizeRequest, Authorizer};
use zoneproof_analyzer::eval::Context;
use zoneproof_analyzer::inputs::{read_input_set, InputSet, ReadOptions};
use zoneproof_analyzer::policy::parse_policy;

/// The inputs of `zoneproof authorize`: IAM, organizations, resources.
#[pyclass(frozen, module = "zoneproof._zoneproof")]
pub struct NativeInputs {
    pub(crate) set: InputSet,
}

/// Reads files and directories. Returns the inputs, the lines of the inputs
/// that could not be used at all, and the lines of smaller problems.
#[pyfunction]
pub fn read_inputs(
    py: Python<'_>,
    paths: Vec<PathBuf>,
) -> (NativeInputs, Vec<String>, Vec<String>) {
    let set = py.detach(|| read_input_set(&paths, &ReadOptions::default()));
    let lines = |errors: &[zoneproof_analyzer::inputs::InputError]| {
        let mut out: Vec<String> = Vec::new();
        for line in errors.iter().map(ToString::to_string) {
            if !out.contains(&line) {
                out.push(line);
            }
        }
        out
    };
    let unreadable = lines(&set.unreadable);
    let problems = lines(&set.problems);
    (NativeInputs { set }, unreadable, problems)
}

/// The arguments of `zoneproof.authorize`, as the Python layer passes them.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct AuthorizeArgs {
    principal: String,
    action: String,
    resource: String,
    context: Vec<(String, String)>,
    session_policy: Option<String>,
    federating_user: Option<String>,
    resource_account: Option<String>,
}

/// What went wrong, for the Python layer to raise: `("invalid", message)`
/// (`ValueError`), `("policy", path, message)` for a session policy that
/// does not parse (`PolicyError`), `("undecidable", message)`
/// (`AuthorizeError`).
type Failure = (String, String, String);

/// Decides one request. Returns the authorization as the CLI's JSON, or
/// the failure.
#[pyfunction]
pub fn authorize(
    py: Python<'_>,
    inputs: &NativeInputs,
    args: AuthorizeArgs,
) -> PyResult<(Option<String>, Option<Failure>)> {
    let mut context = Context::new();
    for (key, value) in args.context {
        context.insert(key, value);
    }
    let mut request =
        AuthorizeRequest::new(args.principal, args.action, args.resource).with_context(context);
    if let Some(text) = &args.session_policy {
        match parse_policy(text) {
            Ok(policy) => request.session_policy = Some(policy),
            Err(error) => return Ok((None, Some(("policy".into(), error.path, error.message)))),
        }
    }
    request.federating_user = args.federating_user;
    request.resource_account = args.resource_account;
    let set = &inputs.set;
    let result = py.detach(|| Authorizer::new(set).authorize(&request));
    match result {
        Ok(authorization) => serde_json::to_string(&authorization)
            .map(|json| (Some(json), None))
            .map_err(|e| {
                PyRuntimeError::new_err(format!("cannot serialise the authorization: {e}"))
            }),
        Err(error @ (AuthorizeError::InvalidPrincipal(_) | AuthorizeError::InvalidRequest(_))) => {
            Ok((
                None,
                Some(("invalid".into(), String::new(), error.to_string())),
            ))
        }
        Err(error) => Ok((
            None,
            Some(("undecidable".into(), String::new(), error.to_string())),
        )),
    }
}
