//! The who-can question: which principals of the inputs (IAM users and
//! roles) can perform an action on a resource, over the whole IAM decision
//! (identity-based policies, boundaries, SCPs, RCPs, the resource-based
//! policy), and who can reach those roles by assuming them (one hop).
//!
//! Query: `domain ∧ ⋁ₚ (pin(p) ∧ allowed(p))` where `pin(p)` fixes the
//! principal (and the keys the inputs derive for it) and `allowed(p)` is
//! the decision of [`crate::authorize`] as a formula over the request
//! context (`authorize::symbolic`). Each model names one principal; its
//! witness request is re-checked by the concrete [`Authorizer`] (a
//! disagreement is a hard error), the principal is blocked, and the loop
//! repeats until UNSAT: the final UNSAT is the proof that no other
//! principal of the inputs can perform the action, whatever the context.
//! A principal whose formula folds to `false` is excluded by the encoding
//! itself (no policy of its can allow the action).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use zoneproof_encodings::solver::{with_thread_backend, Backend, BackendKind, CheckResult};
use zoneproof_encodings::term::{self, Term};

use crate::authorize::symbolic::{self, Formulas, PolicyTable};
use crate::authorize::{AuthorizeError, AuthorizeRequest, Authorizer, Prepared};
use crate::catalog::Catalog;
use crate::encode::decode::{complete_model, decode_request, encode_request};
use crate::encode::{EncodeError, Environment, EnvironmentInput};
use crate::eval::{Context, Decision, RequestPrincipal};
use crate::inputs::InputSet;
use crate::resource::TRUST_ACTIONS;
use crate::semantics::keys::KeySource;
use crate::semantics::space::{Callers, RequestSpace, SpaceAction};
use zoneproof_encodings::pattern::Pattern;

/// Why the question could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhoCanError {
    /// The action is not in the IAM catalog.
    #[error("unknown action `{0}` (not in the IAM catalog)")]
    UnknownAction(String),
    /// The resource's account cannot be known.
    #[error("the account that owns `{0}` is not known from the inputs: give --resource-account")]
    UnknownResourceAccount(String),
    /// A policy cannot be encoded.
    #[error("{0}")]
    Encode(#[from] EncodeError),
    /// A principal's request cannot be decided (a policy is missing or
    /// invalid): fail closed.
    #[error("{principal}: {error}")]
    Undecidable {
        /// The principal.
        principal: String,
        /// Why.
        error: AuthorizeError,
    },
    /// The solver's witness is not allowed by the concrete decision (a bug).
    #[error("model invalid: {0}")]
    ModelInvalid(String),
    /// The solver gave up.
    #[error("solver: {0}")]
    Solver(String),
}

/// The question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoCanQuery {
    /// The action, e.g. `s3:GetObject`.
    pub action: String,
    /// The resource ARN.
    pub resource: String,
    /// The resource's account, when the inputs and the ARN do not say.
    pub resource_account: Option<String>,
    /// Also find who can assume each role found (one hop).
    pub assumers: bool,
}

impl WhoCanQuery {
    /// A question with assumers on.
    pub fn new(action: impl Into<String>, resource: impl Into<String>) -> WhoCanQuery {
        WhoCanQuery {
            action: action.into(),
            resource: resource.into(),
            resource_account: None,
            assumers: true,
        }
    }
}

/// One principal that can perform the action.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grantee {
    /// The user or role ARN.
    pub principal: String,
    /// `user` or `role`.
    pub kind: String,
    /// Allowed with no context key given, and the decision read no key
    /// that the request lacked.
    pub unconditional: bool,
    /// The context keys the decision depends on (the simulator's missing
    /// context values for a request without context), with the witness's
    /// values for them: the restricting conditions.
    pub conditions: BTreeMap<String, Vec<String>>,
    /// A request the concrete authorizer allows.
    pub witness: Witness,
    /// The concrete decision's reason for the witness.
    pub reason: String,
}

/// A concrete request, confirmed by `authorize`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Witness {
    /// Who (a role ARN stands for a session of the role).
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The context keys given (the others are derived from the inputs).
    pub context: BTreeMap<String, Vec<String>>,
}

/// A principal that reaches the action through a role it can assume.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssumePath {
    /// `[assumer, role]`.
    pub path: Vec<String>,
    /// How the assumer can call `sts:AssumeRole` on the role.
    pub assume: Grantee,
}

/// The proof's figures.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Proof {
    /// Whether the enumeration ended UNSAT.
    pub complete: bool,
    /// Principals considered.
    pub principals: usize,
    /// Principals whose formula is not constant `false`.
    pub candidates: usize,
    /// Solver checks.
    pub solver_checks: u64,
    /// Wall time.
    pub micros: u64,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoCan {
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The resource's account.
    pub resource_account: String,
    /// The principals that can, sorted by ARN.
    pub principals: Vec<Grantee>,
    /// Principals that reach it by assuming one of the roles found.
    pub assume_paths: Vec<AssumePath>,
    /// The proof of the direct question.
    pub proof: Proof,
}

/// Answers the question over the inputs on this thread's solver.
///
/// # Errors
/// [`WhoCanError`]; an undecidable principal fails the whole question
/// (fail closed).
pub fn who_can(
    inputs: &InputSet,
    query: &WhoCanQuery,
    backend: BackendKind,
    timeout: Duration,
) -> Result<WhoCan, WhoCanError> {
    single_action_space(&query.action, &query.resource)?;
    let authorizer = Authorizer::new(inputs);
    let started = Instant::now();
    let candidates: Vec<String> = principals(inputs);
    let direct = with_thread_backend(backend, timeout, |b| {
        solve(
            b,
            &authorizer,
            &candidates,
            &query.action,
            &query.resource,
            query.resource_account.as_deref(),
        )
    })?;
    let mut assume_paths = Vec::new();
    if query.assumers {
        for grantee in direct.grantees.iter().filter(|g| g.kind == "role") {
            let others: Vec<String> = candidates
                .iter()
                .filter(|c| **c != grantee.principal)
                .cloned()
                .collect();
            let hop = with_thread_backend(backend, timeout, |b| {
                solve(
                    b,
                    &authorizer,
                    &others,
                    "sts:AssumeRole",
                    &grantee.principal,
                    None,
                )
            })?;
            for assume in hop.grantees {
                assume_paths.push(AssumePath {
                    path: vec![assume.principal.clone(), grantee.principal.clone()],
                    assume,
                });
            }
        }
    }
    Ok(WhoCan {
        action: query.action.clone(),
        resource: query.resource.clone(),
        resource_account: direct.resource_account,
        principals: direct.grantees,
        assume_paths,
        proof: Proof {
            complete: true,
            principals: candidates.len(),
            candidates: direct.candidates,
            solver_checks: direct.checks,
            micros: started.elapsed().as_micros() as u64,
        },
    })
}

/// Every IAM user and role of the inputs, by ARN.
pub fn principals(inputs: &InputSet) -> Vec<String> {
    let mut out: Vec<String> = inputs
        .iam
        .users()
        .map(|u| u.arn.clone())
        .chain(inputs.iam.roles().map(|r| r.arn.clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}

struct Solved {
    grantees: Vec<Grantee>,
    resource_account: String,
    candidates: usize,
    checks: u64,
}

/// The request space of one action on one resource.
pub(crate) fn single_action_space(
    action: &str,
    resource: &str,
) -> Result<RequestSpace, WhoCanError> {
    let catalog_action = Catalog::get()
        .action(action)
        .ok_or_else(|| WhoCanError::UnknownAction(action.to_string()))?;
    let trust = TRUST_ACTIONS.iter().any(|a| a.eq_ignore_ascii_case(action));
    let kinds = catalog_action
        .resource_types
        .iter()
        .map(|r| r.name)
        .collect();
    let callers = if trust {
        Callers::AssumeRole
    } else {
        Callers::AnyButFederated
    };
    let mut entry = SpaceAction::new(
        catalog_action,
        kinds,
        vec![Pattern::literal(resource)],
        callers,
    );
    entry.alone = trust;
    let partition = crate::resource::split_arn(resource)
        .map_or("aws", |p| p.partition)
        .to_string();
    Ok(RequestSpace {
        partition,
        actions: vec![entry],
    })
}

fn solve(
    backend: &mut dyn Backend,
    authorizer: &Authorizer<'_>,
    candidates: &[String],
    action: &str,
    resource: &str,
    resource_account: Option<&str>,
) -> Result<Solved, WhoCanError> {
    let requests: Vec<AuthorizeRequest> = candidates
        .iter()
        .map(|p| {
            let mut r = AuthorizeRequest::new(p.clone(), action, resource);
            r.resource_account = resource_account.map(str::to_string);
            r
        })
        .collect();
    let mut prepared = Vec::with_capacity(requests.len());
    for request in &requests {
        prepared.push(
            authorizer
                .prepare(request)
                .map_err(|error| WhoCanError::Undecidable {
                    principal: request.principal.clone(),
                    error,
                })?,
        );
    }
    let owner = owner_account(&prepared, resource)?;
    let specializer = symbolic::specialize_all(&prepared);
    let mut table = PolicyTable::new(&specializer);
    for p in &prepared {
        table.add_prepared(p);
    }
    let space = single_action_space(action, resource)?;
    let owner_org = authorizer
        .organizations()
        .iter()
        .find(|o| o.contains_account(&owner));
    let orgs: Vec<String> = owner_org.iter().map(|o| o.id.clone()).collect();
    let env = Environment::build(&EnvironmentInput {
        policies: table.policies(),
        space: &space,
        owner: &owner,
        owner_org: owner_org.map(|o| o.id.as_str()),
        org_members: owner_org
            .map(|o| o.accounts.keys().cloned().collect())
            .unwrap_or_default(),
        question: symbolic::literals(&prepared, &orgs),
    })?;
    let formulas = Formulas::encode(&env, &table)?;
    let domain = env.domain()?;
    let mut cases: Vec<(usize, Term)> = Vec::new();
    for (i, p) in prepared.iter().enumerate() {
        let allowed = symbolic::allowed(&formulas, p)?;
        if allowed.as_bool() == Some(false) {
            continue;
        }
        let pin = symbolic::principal_pin(&env, p)?;
        check_representable(&env, &domain, &pin, p)?;
        cases.push((i, term::and([pin, allowed])));
    }
    let mut checks = 0;
    let mut grantees = Vec::new();
    backend.push();
    let result = (|| -> Result<(), WhoCanError> {
        backend
            .assert(&domain)
            .map_err(|e| WhoCanError::Solver(e.to_string()))?;
        for (index, case) in &cases {
            backend.push();
            let asserted = backend.assert(case);
            checks += 1;
            let outcome = match asserted {
                Ok(()) => backend.check(),
                Err(e) => CheckResult::Unknown(e.to_string()),
            };
            backend.pop();
            match outcome {
                CheckResult::Unsat => {}
                CheckResult::Unknown(reason) => {
                    return Err(WhoCanError::Solver(format!(
                        "{}: {reason}",
                        symbolic::identity_arn(&prepared[*index])
                    )))
                }
                CheckResult::Sat(model) => {
                    let model = complete_model(&env, &model);
                    grantees.push(confirm(
                        authorizer,
                        &env,
                        &model,
                        &prepared[*index],
                        &requests[*index],
                    )?);
                }
            }
        }
        Ok(())
    })();
    backend.pop();
    result?;
    grantees.sort_by(|a, b| a.principal.cmp(&b.principal));
    Ok(Solved {
        grantees,
        resource_account: owner,
        candidates: cases.len(),
        checks,
    })
}

/// The resource's account, the same for every principal unless the
/// authorizer had to assume it from the principal.
fn owner_account(prepared: &[Prepared<'_>], resource: &str) -> Result<String, WhoCanError> {
    let unknown = || WhoCanError::UnknownResourceAccount(resource.to_string());
    let first = prepared.first().ok_or_else(unknown)?;
    if first.account_source.starts_with("assumed") {
        return Err(unknown());
    }
    first.resource_account.clone().ok_or_else(unknown)
}

/// Guards the proof: the principal's own request (with the keys the inputs
/// derive) must satisfy the domain and its pin, or the encoding could miss
/// it for a reason that is not its policies.
pub(crate) fn check_representable(
    env: &Environment,
    domain: &Term,
    pin: &Term,
    prepared: &Prepared<'_>,
) -> Result<(), WhoCanError> {
    let mut request = prepared.eval_request.clone();
    request.principal = RequestPrincipal::Aws(symbolic::identity_arn(prepared));
    let fails = |why: String| {
        WhoCanError::ModelInvalid(format!(
            "principal `{}` cannot be represented in the symbolic request: {why}",
            symbolic::identity_arn(prepared)
        ))
    };
    let model = encode_request(env, &request).map_err(|e| fails(e.to_string()))?;
    let model = complete_model(env, &model);
    let _ = domain;
    // Keys the caller sends (always-present keys such as
    // `aws:SecureTransport`) have no value in the principal's own request:
    // only the parts about the principal must hold.
    let caller_keys: Vec<bool> = env
        .keys
        .values()
        .map(|e| !matches!(e.info.source, KeySource::Principal(_)))
        .collect();
    let failing: Vec<usize> = env
        .domain_parts()?
        .iter()
        .enumerate()
        .filter(|(i, _)| !(*i >= 3 && caller_keys.get(*i - 3).copied().unwrap_or(false)))
        .filter(|(_, t)| !t.holds(&model).unwrap_or(false))
        .map(|(i, _)| i)
        .collect();
    match (failing.is_empty(), pin.holds(&model)) {
        (true, Ok(true)) => Ok(()),
        (_, p) => Err(fails(format!(
            "domain parts {failing:?} do not hold (keys {:?}), pin {p:?}",
            env.keys.keys().collect::<Vec<_>>()
        ))),
    }
}

/// Decodes a model, re-checks it with the concrete authorizer (it must be
/// allowed), and describes the grantee.
fn confirm(
    authorizer: &Authorizer<'_>,
    env: &Environment,
    model: &zoneproof_encodings::model::Model,
    prepared: &Prepared<'_>,
    request: &AuthorizeRequest,
) -> Result<Grantee, WhoCanError> {
    let decoded =
        decode_request(env, model).map_err(|e| WhoCanError::ModelInvalid(e.to_string()))?;
    let mut context = Context::new();
    let mut given = BTreeMap::new();
    for (key, values) in decoded.context.iter() {
        if symbolic::derived_key(prepared, key) {
            continue;
        }
        context.insert_all(key.to_string(), values.to_vec());
        given.insert(key.to_string(), values.to_vec());
    }
    let principal = symbolic::identity_arn(prepared);
    let witness_request = AuthorizeRequest {
        principal: principal.clone(),
        context,
        ..request.clone()
    };
    let undecidable = |error| WhoCanError::Undecidable {
        principal: principal.clone(),
        error,
    };
    let decision = authorizer
        .authorize(&witness_request)
        .map_err(undecidable)?;
    if decision.decision != Decision::Allow {
        return Err(WhoCanError::ModelInvalid(format!(
            "the solver's witness (principal `{principal}`, action `{}`, resource `{}`, context {given:?}) is {} by authorize: {}",
            request.action,
            request.resource,
            decision.decision.name(),
            decision.reason
        )));
    }
    let bare = authorizer.authorize(request).map_err(undecidable)?;
    let conditions = bare
        .missing_context_values
        .iter()
        .map(|key| {
            let values = given
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            (key.clone(), values)
        })
        .collect();
    let witness_context = given
        .into_iter()
        .filter(|(k, _)| {
            bare.missing_context_values
                .iter()
                .any(|m| m.eq_ignore_ascii_case(k))
        })
        .collect();
    Ok(Grantee {
        kind: if principal.contains(":role/") {
            "role"
        } else {
            "user"
        }
        .to_string(),
        principal: principal.clone(),
        unconditional: bare.decision == Decision::Allow && bare.missing_context_values.is_empty(),
        conditions,
        witness: Witness {
            principal,
            action: request.action.clone(),
            resource: request.resource.clone(),
            context: witness_context,
        },
        reason: decision.reason,
    })
}

#[cfg(test)]
#[path = "who_can_tests.rs"]
mod tests;
