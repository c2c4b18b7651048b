//! What the policy checks share: their options, their results (shaped like
//! IAM Access Analyzer's custom policy checks: `PASS`/`FAIL`, a message and
//! reasons naming statements, plus our enumerated classes with witnesses),
//! the classifier of "granted" requests, and the run that enumerates them
//! and re-checks every witness with the evaluator.
//!
//! A check's query is `domain ∧ caller ∧ allowed(P, r) ∧ target(r)` where
//! `P` is the policy whose grants are checked (the new policy; the policy
//! checked for access not granted) and `target(r)` says what must not be
//! granted (not allowed by the reference; a listed action or resource). A
//! class is the set of `P`'s `Allow` statements that apply to the request
//! (and, for resource policies, the principal's kind); each class lists
//! every action class allowed in it, each with a witness.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use zoneproof_encodings::model::Model;
use zoneproof_encodings::pattern::Pattern;
use zoneproof_encodings::solver::{with_thread_backend, BackendKind};
use zoneproof_encodings::term::{self, Term};

use crate::encode::decode::context_json;
use crate::encode::request::identity_of_account;
use crate::encode::{EncodeError, Environment, PrincipalKind};
use crate::eval::Request;
use crate::finding::{Proof, Witness};
use crate::policy::{Effect, Policy};
use crate::semantics::principal_keys::PrincipalShape;
use crate::zone::ZoneError;

use super::{holds, Classifier};

/// The kind of policy a check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CheckPolicyType {
    /// An identity policy: its requests are made by the AWS principal it is
    /// attached to, on any resource of any account.
    Identity,
    /// A resource policy (or role trust policy): any principal it names, on
    /// the resources its type covers.
    Resource,
}

impl CheckPolicyType {
    /// Reads `identity` or `resource` (any case; `IDENTITY_POLICY` and
    /// `RESOURCE_POLICY` as AWS spells them too).
    pub fn parse(text: &str) -> Option<CheckPolicyType> {
        match text.to_ascii_lowercase().as_str() {
            "identity" | "identity_policy" => Some(CheckPolicyType::Identity),
            "resource" | "resource_policy" | "trust" => Some(CheckPolicyType::Resource),
            _ => None,
        }
    }

    /// `identity` or `resource`.
    pub fn name(self) -> &'static str {
        match self {
            CheckPolicyType::Identity => "identity",
            CheckPolicyType::Resource => "resource",
        }
    }
}

/// Options shared by the checks.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The policy type.
    pub policy_type: CheckPolicyType,
    /// Identity policies: the account of the principal holding them;
    /// resource policies: the account owning the resource. `None`: any
    /// account (identity) or `111122223333` (resource owner).
    pub account: Option<String>,
    /// The organization of that account (`o-...`), if any.
    pub org: Option<String>,
    /// The solver backend.
    pub backend: BackendKind,
    /// The timeout of one solver check.
    pub timeout: Duration,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            policy_type: CheckPolicyType::Identity,
            account: None,
            org: None,
            backend: BackendKind::Automata,
            timeout: Duration::from_secs(10),
        }
    }
}

impl CheckOptions {
    /// Options for a policy type, defaults otherwise.
    pub fn of_type(policy_type: CheckPolicyType) -> CheckOptions {
        CheckOptions {
            policy_type,
            ..CheckOptions::default()
        }
    }

    /// Checks the account and organization ids.
    ///
    /// # Errors
    /// [`ZoneError::InvalidAccount`] or [`ZoneError::InvalidOrg`], naming
    /// the malformed id.
    pub fn validate(&self) -> Result<(), ZoneError> {
        if let Some(account) = &self.account {
            if !crate::zone::is_account_id(account) {
                return Err(ZoneError::InvalidAccount(account.clone()));
            }
        }
        if let Some(org) = &self.org {
            if !crate::zone::is_org_id(org) {
                return Err(ZoneError::InvalidOrg(org.clone()));
            }
        }
        Ok(())
    }

    /// The resource owner of the environment (a placeholder account when
    /// none is given).
    pub fn owner(&self) -> &str {
        self.account.as_deref().unwrap_or(DEFAULT_ACCOUNT)
    }
}

/// The account assumed when none is given.
pub const DEFAULT_ACCOUNT: &str = "111122223333";

/// The verdict of a check, as AWS spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum CheckVerdict {
    /// Proved: nothing of what the check forbids is granted.
    Pass,
    /// Something forbidden is granted (with re-checked witnesses).
    Fail,
    /// The check could not decide (never read as a pass).
    Unknown,
}

impl CheckVerdict {
    /// `PASS`, `FAIL` or `UNKNOWN`.
    pub fn name(self) -> &'static str {
        match self {
            CheckVerdict::Pass => "PASS",
            CheckVerdict::Fail => "FAIL",
            CheckVerdict::Unknown => "UNKNOWN",
        }
    }
}

/// A statement responsible for a failure (AWS's `reasons`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckReason {
    /// What the statement does.
    pub description: String,
    /// Its position in the policy's `Statement` list (0-based).
    pub statement_index: usize,
    /// Its `Sid`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_id: Option<String>,
}

/// One enumerated class of granted requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessClass {
    /// The principal kind of the class (`AWS` for identity policies;
    /// `AWS`, `Anonymous`, `Service`, `Federated` or `CanonicalUser`).
    pub principal: String,
    /// The statements of the checked policy that grant it (0-based).
    pub statements: Vec<usize>,
    /// The catalog actions granted in the class.
    pub actions: Vec<String>,
    /// The resources the granting statements name, as written (`NotResource`
    /// patterns prefixed with `not `); empty when no statement names any.
    pub resources: Vec<String>,
    /// The restricting conditions: the condition entries of the granting
    /// statements, each of which a request of the class meets.
    pub conditions: Vec<ClassCondition>,
    /// One witness per action class, each re-checked by the evaluator.
    pub witnesses: Vec<Witness>,
}

/// One condition entry of a statement that grants a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassCondition {
    /// The statement (0-based).
    pub statement: usize,
    /// The operator as written, e.g. `StringEqualsIfExists`.
    pub operator: String,
    /// The condition key.
    pub key: String,
    /// The values.
    pub values: Vec<String>,
}

/// The resource patterns and conditions of the granting statements.
pub(crate) fn restrictions(
    policy: &Policy,
    statements: &BTreeSet<usize>,
) -> (Vec<String>, Vec<ClassCondition>) {
    let mut resources: BTreeSet<String> = BTreeSet::new();
    let mut conditions = Vec::new();
    for index in statements {
        let Some(statement) = policy.statements.get(*index) else {
            continue;
        };
        if let Some(clause) = &statement.resource {
            let prefix = if clause.negated { "not " } else { "" };
            resources.extend(clause.patterns.iter().map(|p| format!("{prefix}{p}")));
        }
        conditions.extend(statement.conditions.iter().map(|c| ClassCondition {
            statement: *index,
            operator: c.operator.display_name(),
            key: c.key.clone(),
            values: c.values.clone(),
        }));
    }
    (resources.into_iter().collect(), conditions)
}

/// The result of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckOutcome {
    /// `PASS`, `FAIL` or `UNKNOWN`.
    pub result: CheckVerdict,
    /// A sentence saying why.
    pub message: String,
    /// The statements responsible for a failure.
    pub reasons: Vec<CheckReason>,
    /// The enumerated classes of granted requests.
    pub classes: Vec<AccessClass>,
    /// Why the check is incomplete or failed, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether the enumeration ended in UNSAT, solver checks and time.
    pub proof: Proof,
}

impl CheckOutcome {
    /// An `UNKNOWN` outcome with a reason.
    pub fn unknown(reason: impl Into<String>, started: Instant) -> CheckOutcome {
        let reason = reason.into();
        CheckOutcome {
            result: CheckVerdict::Unknown,
            message: format!("the check could not decide: {reason}"),
            reasons: Vec::new(),
            classes: Vec::new(),
            error: Some(reason),
            proof: Proof {
                complete: false,
                solver_checks: 0,
                micros: micros(started),
            },
        }
    }
}

pub(crate) fn micros(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX)
}

/// The outcome of a failed encoding: `UNKNOWN` with its reason.
pub(crate) fn encode_failure(e: &EncodeError, started: Instant) -> CheckOutcome {
    match e {
        EncodeError::Invalid { .. } => {
            CheckOutcome::unknown(format!("invalid policy: {e}"), started)
        }
        _ => CheckOutcome::unknown(e.to_string(), started),
    }
}

/// Keys whose value the environment fixes to the resource owner: an
/// identity policy's requests may name resources of any account, so a
/// check over them cannot be decided by this engine.
const OWNER_FIXED_KEYS: [&str; 2] = ["aws:resourceaccount", "s3:resourceaccount"];

/// Why an identity-policy check cannot be decided, if it cannot.
pub(crate) fn identity_limits(policies: &[&Policy]) -> Option<String> {
    policies
        .iter()
        .flat_map(|p| &p.statements)
        .flat_map(|s| &s.conditions)
        .find(|c| OWNER_FIXED_KEYS.contains(&c.key.to_ascii_lowercase().as_str()))
        .map(|c| {
            format!(
                "{}: `{}` on an identity policy (requests may name resources of any account; the engine fixes the resource owner)",
                c.path, c.key
            )
        })
}

/// The caller of the check's requests: for identity policies the AWS
/// principal holding the policy (of `--account`, in `--org`, when given);
/// for resource policies anyone.
pub(crate) fn caller_term(env: &Environment, options: &CheckOptions) -> Result<Term, EncodeError> {
    if options.policy_type == CheckPolicyType::Resource {
        return Ok(term::tru());
    }
    let v = &env.vars;
    let mut parts = vec![
        v.kind_is(PrincipalKind::Aws),
        term::not(env.shape_is(PrincipalShape::OpaqueAws)),
    ];
    if let Some(account) = &options.account {
        parts.push(identity_of_account(env, account)?);
    }
    if let Some(org) = &options.org {
        parts.push(key_equals(env, "aws:PrincipalOrgID", org)?);
    }
    Ok(term::and(parts))
}

/// The keys [`caller_term`] reads.
pub(crate) fn caller_keys(options: &CheckOptions) -> Vec<String> {
    let mut keys = vec!["aws:PrincipalAccount".to_string()];
    if options.org.is_some() {
        keys.push("aws:PrincipalOrgID".to_string());
    }
    keys
}

/// The key is present and some value of it equals `value`.
fn key_equals(env: &Environment, key: &str, value: &str) -> Result<Term, EncodeError> {
    let comparison = crate::encode::compare::Comparison::Text(vec![Pattern::literal(value)]);
    let mut any = Vec::new();
    for index in 0..env.key_elements(key) {
        any.push(term::and([
            env.key_used(key, index),
            env.key_compare(key, index, &comparison)?,
        ]));
    }
    Ok(term::and([env.key_present(key), term::or(any)]))
}

/// Classes of granted requests: which `Allow` statements of the checked
/// policy apply (and, for resource policies, the principal's kind).
pub(crate) struct GrantClassifier {
    /// `(statement index, applies(r))` for the `Allow` statements.
    pub allows: Vec<(usize, Term)>,
    /// Whether classes tell principal kinds apart.
    pub by_kind: bool,
    /// The request variables' kind test.
    pub kinds: Vec<(PrincipalKind, Term)>,
}

impl GrantClassifier {
    /// The classifier of `policy`'s statements (`statements[i]` applies(r)).
    pub fn new(
        env: &Environment,
        policy: &Policy,
        statements: &[Term],
        by_kind: bool,
    ) -> GrantClassifier {
        let allows = policy
            .statements
            .iter()
            .zip(statements)
            .filter(|(s, _)| s.effect == Effect::Allow)
            .map(|(s, t)| (s.index, t.clone()))
            .collect();
        GrantClassifier {
            allows,
            by_kind,
            kinds: PrincipalKind::ALL
                .into_iter()
                .map(|k| (k, env.vars.kind_is(k)))
                .collect(),
        }
    }
}

/// A class: the principal kind (when told apart) and the applying `Allow`
/// statements.
pub(crate) type GrantClass = (Option<PrincipalKind>, BTreeSet<usize>);

impl Classifier for GrantClassifier {
    type Class = GrantClass;

    fn classify(&self, model: &Model) -> Result<GrantClass, super::QuestionError> {
        let mut statements = BTreeSet::new();
        for (index, t) in &self.allows {
            if holds(t, model)? {
                statements.insert(*index);
            }
        }
        let mut kind = None;
        if self.by_kind {
            for (k, t) in &self.kinds {
                if holds(t, model)? {
                    kind = Some(*k);
                }
            }
        }
        Ok((kind, statements))
    }

    fn region(&self, class: &GrantClass) -> Term {
        let kind = class
            .0
            .and_then(|k| self.kinds.iter().find(|(kk, _)| *kk == k))
            .map_or_else(term::tru, |(_, t)| t.clone());
        let statements = self
            .allows
            .iter()
            .filter(|(i, _)| class.1.contains(i))
            .map(|(_, t)| t.clone());
        term::and(std::iter::once(kind).chain(statements))
    }
}

/// What a check run needs besides the environment: the query, the
/// classifier and the concrete re-check of every witness.
pub(crate) struct CheckRun<'a> {
    pub env: &'a Environment,
    pub query: Term,
    pub classifier: GrantClassifier,
    /// The checked policy (for reasons).
    pub policy: &'a Policy,
    /// Says why a decoded witness is not what the query claims, if it is not.
    pub recheck: &'a dyn Fn(&Request) -> Result<(), String>,
    /// The message of a failure, given the number of classes.
    pub fail_message: &'a dyn Fn(usize) -> String,
    /// The message of a pass.
    pub pass_message: String,
    /// The description of a reason for a statement.
    pub reason: &'a dyn Fn(usize) -> String,
}

/// Enumerates the classes, re-checks every witness and builds the outcome.
pub(crate) fn run(run: &CheckRun<'_>, options: &CheckOptions, started: Instant) -> CheckOutcome {
    let bounds = super::Bounds::new(crate::limits::Limits::default(), options.timeout);
    let enumeration = with_thread_backend(options.backend, options.timeout, |backend| {
        super::enumerate(backend, run.env, &run.query, &run.classifier, &bounds)
    });
    let mut classes = Vec::new();
    let mut responsible: BTreeSet<usize> = BTreeSet::new();
    for cell in &enumeration.cells {
        let mut actions: BTreeSet<String> = BTreeSet::new();
        let mut witnesses = Vec::new();
        for (action_class, model) in &cell.models {
            let mut request = match super::decode_witness(run.env, model) {
                Ok(r) => r,
                Err(e) => return CheckOutcome::unknown(format!("witness: {e}"), started),
            };
            if let Err(e) = (run.recheck)(&request) {
                return CheckOutcome::unknown(
                    format!(
                        "model invalid: the solver's witness (principal `{}`, action `{}`, resource `{}`) {e}",
                        request.principal, request.action, request.resource
                    ),
                    started,
                );
            }
            move_to_own_service(&mut request, run.recheck);
            if let Some(class) = run.env.classes.get(*action_class) {
                actions.extend(class.actions.iter().cloned());
            }
            witnesses.push(Witness {
                principal: request.principal.to_string(),
                action: request.action.clone(),
                resource: request.resource.clone(),
                context: context_json(&request.context),
            });
        }
        responsible.extend(cell.class.1.iter().copied());
        let (resources, conditions) = restrictions(run.policy, &cell.class.1);
        classes.push(AccessClass {
            principal: kind_name(cell.class.0.unwrap_or(PrincipalKind::Aws)).to_string(),
            statements: cell.class.1.iter().copied().collect(),
            actions: actions.into_iter().collect(),
            resources,
            conditions,
            witnesses,
        });
    }
    let proof = Proof {
        complete: enumeration.incomplete.is_none(),
        solver_checks: enumeration.checks,
        micros: micros(started),
    };
    let reasons: Vec<CheckReason> = responsible
        .iter()
        .map(|index| CheckReason {
            description: (run.reason)(*index),
            statement_index: *index,
            statement_id: run
                .policy
                .statements
                .get(*index)
                .and_then(|s| s.sid.clone()),
        })
        .collect();
    let (result, message) = match (&enumeration.incomplete, classes.is_empty()) {
        (_, false) => (CheckVerdict::Fail, (run.fail_message)(classes.len())),
        (None, true) => (CheckVerdict::Pass, run.pass_message.clone()),
        (Some(reason), true) => (
            CheckVerdict::Unknown,
            format!("the check could not decide: {reason}"),
        ),
    };
    CheckOutcome {
        result,
        message,
        reasons,
        classes,
        error: enumeration.incomplete.clone(),
        proof,
    }
}

/// A witness on the stand-in ARNs of services no policy names, moved to
/// its action's own service when the moved request passes the re-check
/// too (the policies cannot tell the two apart, so it does).
fn move_to_own_service(request: &mut Request, recheck: &dyn Fn(&Request) -> Result<(), String>) {
    let Some(resource) =
        crate::semantics::catalog_space::untouched_resource(&request.resource, &request.action)
    else {
        return;
    };
    let mut moved = request.clone();
    moved.resource = resource;
    if recheck(&moved).is_ok() {
        *request = moved;
    }
}

/// The name of a principal kind in a class.
fn kind_name(kind: PrincipalKind) -> &'static str {
    match kind {
        PrincipalKind::Anonymous => "Anonymous",
        PrincipalKind::Aws => "AWS",
        PrincipalKind::Service => "Service",
        PrincipalKind::Federated => "Federated",
        PrincipalKind::CanonicalUser => "CanonicalUser",
    }
}

/// A witness's context as the evaluator's request context, for callers
/// that re-check a witness themselves.
///
/// # Errors
/// When the witness's principal is not a principal of a request.
pub fn witness_request(
    witness: &Witness,
) -> Result<Request, crate::eval::request::PrincipalSyntaxError> {
    let principal: crate::eval::RequestPrincipal = witness.principal.parse()?;
    let mut request = Request::new(principal, &witness.action, &witness.resource);
    let mut context: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value) in &witness.context {
        let values = match value {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect(),
            other => vec![other.to_string()],
        };
        context.insert(key.clone(), values);
    }
    for (key, values) in context {
        request.context.insert_all(key, values);
    }
    Ok(request)
}
