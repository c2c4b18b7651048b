//! The can question: what one principal (an IAM user or role of the inputs)
//! can do — per service, the actions and resource patterns it is allowed,
//! with the context keys the decision depends on, over the whole IAM
//! decision (identity-based policies, groups, permissions boundary, SCPs,
//! RCPs and the resource-based policies of the inputs).
//!
//! Candidates: every catalog action that an `Allow` statement of the
//! principal's identity-based policies, or of a resource-based policy or
//! role trust policy of the inputs that names it, can match, each with the
//! resource patterns of those statements (a `*` account in a pattern stands
//! for the principal's account: resources of other accounts are reported
//! only where the inputs hold their policy), and every resource of the
//! inputs such a pattern matches. Every other action is implicitly denied:
//! no policy of the principal allows it.
//!
//! Each (action, resource pattern) is decided by the solver over the
//! formulas of [`crate::authorize::symbolic`] — the request's resource
//! ranges over the pattern, its context over every value: SAT gives a
//! witness that the concrete [`Authorizer`] must allow; UNSAT proves that
//! no request for the action on the pattern is allowed. A pattern the
//! solver or the inputs cannot decide (a policy missing, a KMS key outside
//! the inputs, a witness the concrete decision does not confirm) is
//! reported `unknown` with the reason, never dropped.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use zoneproof_encodings::pattern::Pattern;
use zoneproof_encodings::solver::{with_thread_backend, Backend, BackendKind, CheckResult};
use zoneproof_encodings::term;

use crate::authorize::caller::Caller;
use crate::authorize::symbolic::{self, Formulas, PolicyTable};
use crate::authorize::{AuthorizeError, AuthorizeRequest, Authorizer, Prepared};
use crate::catalog::{Action, Catalog};
use crate::encode::decode::{complete_model, decode_class, decode_request};
use crate::encode::{Environment, EnvironmentInput};
use crate::eval::{Context, Decision};
use crate::inputs::InputSet;
use crate::policy::{Effect, Policy, Statement};
use crate::question::who_can::{check_representable, Witness};
use crate::resource::{split_arn, TRUST_ACTIONS};
use crate::semantics::space::{Callers, RequestSpace, SpaceAction};

/// Why the question could not be answered at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanError {
    /// The principal is not a user or role of the inputs, or one of its
    /// own policies cannot be read: fail closed.
    #[error("{principal}: {error}")]
    Principal {
        /// The principal.
        principal: String,
        /// Why.
        error: AuthorizeError,
    },
    /// The principal is not an IAM user or role.
    #[error("{0}: `can` answers for IAM users and roles of the inputs")]
    NotUserOrRole(String),
    /// A service of `--service` is not in the catalog.
    #[error("unknown service `{0}` (not in the IAM catalog)")]
    UnknownService(String),
}

/// The question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanQuery {
    /// The user or role ARN.
    pub principal: String,
    /// Only these service prefixes (all when empty).
    pub services: Vec<String>,
}

impl CanQuery {
    /// The question over every service.
    pub fn new(principal: impl Into<String>) -> CanQuery {
        CanQuery {
            principal: principal.into(),
            services: Vec::new(),
        }
    }
}

/// One resource pattern on which an action is allowed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceAccess {
    /// The resource pattern (or the resource of the inputs) decided.
    pub resource: String,
    /// The account the resources belong to.
    pub account: String,
    /// Where the pattern comes from: `identity` (the principal's own
    /// policies), `resource` (a resource-based or trust policy naming it) or
    /// `input` (a resource of the inputs an identity pattern matches).
    pub source: String,
    /// Allowed on the witness resource with no context key given, and the
    /// decision read no key that the request lacked.
    pub unconditional: bool,
    /// The context keys the decision on the witness depends on, with the
    /// witness's values for them: the restricting conditions.
    pub conditions: BTreeMap<String, Vec<String>>,
    /// A request the concrete authorizer allows.
    pub witness: Witness,
    /// The concrete decision's reason for the witness.
    pub reason: String,
}

/// An action the principal is allowed, on some resources.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionAccess {
    /// The action, e.g. `s3:GetObject`.
    pub action: String,
    /// The resource patterns on which some request is allowed.
    pub resources: Vec<ResourceAccess>,
}

/// The allowed actions of one service.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccess {
    /// The service prefix, e.g. `s3`.
    pub service: String,
    /// Its allowed actions, sorted.
    pub actions: Vec<ActionAccess>,
}

/// An (action, resource pattern) that could not be decided.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Undecided {
    /// The action.
    pub action: String,
    /// The resource pattern.
    pub resource: String,
    /// Why.
    pub reason: String,
}

/// The proof's figures.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CanProof {
    /// Every candidate was decided (nothing `unknown`).
    pub complete: bool,
    /// Catalog actions some `Allow` statement of the principal can match.
    pub candidate_actions: usize,
    /// (action, resource pattern) pairs decided.
    pub targets: usize,
    /// Candidate actions proved not allowed on any of their patterns.
    pub denied_actions: usize,
    /// Solver checks.
    pub solver_checks: u64,
    /// Wall time.
    pub micros: u64,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Can {
    /// The principal.
    pub principal: String,
    /// `user` or `role`.
    pub kind: String,
    /// Its account.
    pub account: String,
    /// The allowed actions, per service, sorted.
    pub services: Vec<ServiceAccess>,
    /// What could not be decided (fail closed: not "denied").
    pub unknown: Vec<Undecided>,
    /// The proof.
    pub proof: CanProof,
}

/// One (action, resource pattern) to decide.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Target {
    resource: String,
    account: String,
    source: &'static str,
}

enum Outcome {
    Allowed(ResourceAccess),
    Denied,
    Unknown(String),
}

/// Answers the question over the inputs on this thread's solver.
///
/// # Errors
/// [`CanError`] when the principal cannot be resolved; every other problem
/// is an [`Undecided`] entry of the answer.
pub fn can(
    inputs: &InputSet,
    query: &CanQuery,
    backend: BackendKind,
    timeout: Duration,
) -> Result<Can, CanError> {
    let started = Instant::now();
    let catalog = Catalog::get();
    for service in &query.services {
        if !catalog.has_service(&service.to_ascii_lowercase()) {
            return Err(CanError::UnknownService(service.clone()));
        }
    }
    let authorizer = Authorizer::new(inputs);
    let probe = AuthorizeRequest::new(query.principal.clone(), "sts:GetCallerIdentity", "*");
    let prepared = authorizer
        .prepare(&probe)
        .map_err(|error| CanError::Principal {
            principal: query.principal.clone(),
            error,
        })?;
    let (kind, account) = match &prepared.caller {
        Caller::User { account, .. } => ("user", account.clone()),
        Caller::RoleSession { account, .. } => ("role", account.clone()),
        _ => return Err(CanError::NotUserOrRole(query.principal.clone())),
    };
    let principal = symbolic::identity_arn(&prepared);
    let kind = kind.to_string();
    let candidates = Candidates::gather(&authorizer, &prepared, &account, &query.services);
    drop(prepared);
    let mut decider = Decider {
        authorizer: &authorizer,
        principal: &principal,
        checks: 0,
    };
    let mut unknown = Vec::new();
    let mut targets = 0;
    let mut groups: BTreeMap<(Target, Fingerprint), Vec<&'static Action>> = BTreeMap::new();
    for (action, patterns) in candidates.actions.values() {
        for target in patterns {
            targets += 1;
            match decider.fingerprint(action, target) {
                Ok(fingerprint) => groups
                    .entry((target.clone(), fingerprint))
                    .or_default()
                    .push(action),
                Err(reason) => unknown.push(Undecided {
                    action: action.qualified_name(),
                    resource: target.resource.clone(),
                    reason,
                }),
            }
        }
    }
    let mut allowed: BTreeMap<String, (&'static Action, Vec<ResourceAccess>)> = BTreeMap::new();
    for ((target, _), actions) in &groups {
        let outcomes =
            with_thread_backend(backend, timeout, |b| decider.decide(b, actions, target));
        for (action, outcome) in outcomes {
            match outcome {
                Outcome::Allowed(access) => allowed
                    .entry(action.qualified_name())
                    .or_insert_with(|| (action, Vec::new()))
                    .1
                    .push(access),
                Outcome::Denied => {}
                Outcome::Unknown(reason) => unknown.push(Undecided {
                    action: action.qualified_name(),
                    resource: target.resource.clone(),
                    reason,
                }),
            }
        }
    }
    unknown.sort_by(|a, b| (&a.action, &a.resource).cmp(&(&b.action, &b.resource)));
    let denied_actions = candidates
        .actions
        .keys()
        .filter(|name| !allowed.contains_key(*name) && !unknown.iter().any(|u| &u.action == *name))
        .count();
    let mut by_service: BTreeMap<String, Vec<ActionAccess>> = BTreeMap::new();
    for (name, (action, mut resources)) in allowed {
        resources.sort_by(|a, b| a.resource.cmp(&b.resource));
        by_service
            .entry(action.service.to_string())
            .or_default()
            .push(ActionAccess {
                action: name,
                resources,
            });
    }
    let checks = decider.checks;
    Ok(Can {
        principal: principal.clone(),
        kind,
        account,
        services: by_service
            .into_iter()
            .map(|(service, actions)| ServiceAccess { service, actions })
            .collect(),
        proof: CanProof {
            complete: unknown.is_empty(),
            candidate_actions: candidates.actions.len(),
            targets,
            denied_actions,
            solver_checks: checks,
            micros: started.elapsed().as_micros() as u64,
        },
        unknown,
    })
}

/// The candidate actions, each with its resource patterns.
struct Candidates {
    actions: BTreeMap<String, (&'static Action, BTreeSet<Target>)>,
}

impl Candidates {
    fn gather(
        authorizer: &Authorizer<'_>,
        prepared: &Prepared<'_>,
        account: &str,
        services: &[String],
    ) -> Candidates {
        let mut out = Candidates {
            actions: BTreeMap::new(),
        };
        let wanted = |action: &Action| {
            services.is_empty()
                || services
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(action.service))
        };
        for sourced in &prepared.gathered.identity {
            for statement in allows(sourced.policy) {
                let patterns = identity_patterns(statement, account);
                for action in statement_actions(statement)
                    .into_iter()
                    .filter(|a| wanted(a))
                {
                    for (resource, owner) in &patterns {
                        out.add(action, resource, owner, "identity");
                    }
                }
            }
        }
        out.add_resource_policies(authorizer, prepared, &wanted);
        out.add_known_resources(authorizer, account);
        out
    }

    fn add(
        &mut self,
        action: &'static Action,
        resource: &str,
        account: &str,
        source: &'static str,
    ) {
        let targets = &mut self
            .actions
            .entry(action.qualified_name())
            .or_insert_with(|| (action, BTreeSet::new()))
            .1;
        if targets
            .iter()
            .any(|t| t.resource == resource && t.account == account)
        {
            return;
        }
        targets.insert(Target {
            resource: resource.to_string(),
            account: account.to_string(),
            source,
        });
    }

    /// Whether some identity pattern of the action may overlap `resource`.
    fn identity_overlaps(&self, action: &Action, resource: &str) -> bool {
        self.actions
            .get(&action.qualified_name())
            .is_some_and(|(_, targets)| {
                targets
                    .iter()
                    .any(|t| t.source == "identity" && may_overlap(&t.resource, resource))
            })
    }

    /// Resource-based policies and role trust policies of the inputs whose
    /// `Allow` statements name the principal (directly, by its role, by
    /// its account or by `*`).
    fn add_resource_policies(
        &mut self,
        authorizer: &Authorizer<'_>,
        prepared: &Prepared<'_>,
        wanted: &dyn Fn(&Action) -> bool,
    ) {
        let caller = &prepared.caller;
        let principal = caller.request_principal();
        let mut governed: Vec<(String, Option<String>, &Policy)> = Vec::new();
        for indexed in authorizer.indexed_resources() {
            if let Some(Ok(policy)) = &indexed.policy {
                governed.push((indexed.arn.clone(), indexed.account.clone(), policy));
            }
        }
        for role in authorizer.iam().roles() {
            if let Some(Ok(policy)) = role.trust_policy.as_ref().map(|d| d.parsed.as_ref()) {
                let account = role.arn.split(':').nth(4).map(str::to_string);
                governed.push((role.arn.clone(), account, policy));
            }
        }
        for (arn, owner, policy) in governed {
            let owner = owner.or_else(|| caller.account().map(str::to_string));
            let Some(owner) = owner else { continue };
            for statement in allows(policy) {
                if statement.principal.is_none()
                    || crate::authorize::grant::principal_grant(statement, &principal, caller)
                        .is_none()
                {
                    continue;
                }
                let patterns = resource_patterns(statement, &arn);
                let cross_account = caller.account() != Some(owner.as_str());
                for action in statement_actions(statement)
                    .into_iter()
                    .filter(|a| wanted(a))
                {
                    for resource in &patterns {
                        // Across accounts the identity side must allow too:
                        // a pattern no identity pattern of the action can
                        // overlap is denied.
                        if cross_account && !self.identity_overlaps(action, resource) {
                            continue;
                        }
                        self.add(action, resource, &owner, "resource");
                    }
                }
            }
        }
    }

    /// Every resource of the inputs (and every role, for the trust actions)
    /// that a pattern with wildcards matches and whose policy has a
    /// statement for the action, as a target of its own: its policy then
    /// takes part. A resource whose policy says nothing of the action is
    /// decided as its pattern is (same account), or denied (another
    /// account: no resource policy grants). For the trust actions, the
    /// roles of an account the inputs hold are all known: the patterns on
    /// such an account are replaced by the roles they match.
    fn add_known_resources(&mut self, authorizer: &Authorizer<'_>, account: &str) {
        let mut known: Vec<Known<'_>> = authorizer
            .indexed_resources()
            .iter()
            .map(|r| {
                let owner = r.account.clone().unwrap_or_else(|| account.to_string());
                let policy = r.policy.as_ref().map(|p| p.as_ref().map_err(|_| ()));
                (r.arn.clone(), owner, policy)
            })
            .collect();
        known.extend(authorizer.iam().roles().map(|r| {
            let owner = r.arn.split(':').nth(4).unwrap_or(account).to_string();
            let policy = r
                .trust_policy
                .as_ref()
                .map(|d| d.parsed.as_ref().map_err(|_| ()));
            (r.arn.clone(), owner, policy)
        }));
        let iam = authorizer.iam();
        let mut by_service: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (arn, _, policy)) in known.iter().enumerate() {
            if policy.is_none() {
                continue;
            }
            let service = split_arn(arn).map(|p| p.service).unwrap_or_default();
            by_service
                .entry(service.to_ascii_lowercase())
                .or_default()
                .push(i);
        }
        for (action, targets) in self.actions.values_mut() {
            let name = action.qualified_name();
            let trust = is_trust(&name);
            let mut candidates: Vec<usize> =
                by_service.get(action.service).cloned().unwrap_or_default();
            if trust {
                candidates.extend(by_service.get("iam").into_iter().flatten().copied());
            }
            let mut extra = Vec::new();
            for target in targets.iter().filter(|t| t.resource.contains(['*', '?'])) {
                let pattern = Pattern::wildcard(&target.resource);
                for &i in &candidates {
                    let (arn, owner, policy) = &known[i];
                    let fits = split_arn(arn)
                        .is_some_and(|p| p.service.eq_ignore_ascii_case(action.service))
                        || (trust && arn.contains(":role/"));
                    // Across accounts only a resource-based policy
                    // statement that names the principal can grant: those
                    // are targets already (`add_resource_policies`).
                    if !fits || owner != account || !pattern.matches(arn) {
                        continue;
                    }
                    let speaks = match policy {
                        None => false,
                        Some(Err(())) => true,
                        Some(Ok(policy)) => policy.statements.iter().any(|s| names(s, &name)),
                    };
                    if speaks {
                        extra.push(Target {
                            resource: arn.clone(),
                            account: owner.clone(),
                            source: "input",
                        });
                    }
                }
            }
            if trust {
                targets.retain(|t| {
                    iam.account(&t.account).is_none()
                        || known.iter().any(|(arn, _, _)| *arn == t.resource)
                });
            }
            for target in extra {
                if !targets.iter().any(|t| t.resource == target.resource) {
                    targets.insert(target);
                }
            }
        }
    }
}

/// The targets of a resource-based policy statement on the resource `arn`:
/// its `Resource` patterns (`*` is the resource itself). A pattern that
/// does not start with the resource's ARN is decided at the resource (and
/// its objects, for a bucket) as well, where its policy governs.
fn resource_patterns(statement: &Statement, arn: &str) -> Vec<String> {
    let Some(clause) = statement.resource.as_ref().filter(|c| !c.negated) else {
        return vec![arn.to_string()];
    };
    let mut out = Vec::new();
    for pattern in &clause.patterns {
        if pattern == "*" {
            out.push(arn.to_string());
            continue;
        }
        let pattern = without_variables(pattern);
        if !pattern.starts_with(arn) {
            out.push(arn.to_string());
            if arn.starts_with("arn:aws:s3:::") {
                out.push(format!("{arn}/*"));
            }
        }
        out.push(pattern);
    }
    out.sort();
    out.dedup();
    out
}

/// Whether two resource globs may match a common string: their literal
/// prefixes (up to the first wildcard) agree, and so do their literal
/// suffixes. A necessary condition only: `false` proves no overlap.
fn may_overlap(a: &str, b: &str) -> bool {
    let wild = |c: char| c == '*' || c == '?';
    let prefix = |s: &str| s.find(wild).map_or(s.len(), |i| i);
    let (pa, pb) = (&a[..prefix(a)], &b[..prefix(b)]);
    let prefixes = pa.starts_with(pb) || pb.starts_with(pa);
    let suffix = |s: &str| s.rfind(wild).map_or(0, |i| i + 1);
    let (sa, sb) = (&a[suffix(a)..], &b[suffix(b)..]);
    let suffixes = sa.ends_with(sb) || sb.ends_with(sa);
    let literal = |s: &str| !s.contains(wild);
    match (literal(a), literal(b)) {
        (true, true) => a == b,
        _ => prefixes && suffixes,
    }
}

/// Whether a statement's `Action` or `NotAction` matches the action.
fn names(statement: &Statement, action: &str) -> bool {
    let clause = &statement.action;
    clause
        .patterns
        .iter()
        .any(|p| Pattern::wildcard(p).ignoring_case().matches(action))
        != clause.negated
}

/// A resource of the inputs: its ARN, its account, and its policy (`None`:
/// no policy; `Some(Err)`: a policy that does not parse).
type Known<'p> = (String, String, Option<Result<&'p Policy, ()>>);

/// The `Allow` statements of a policy.
fn allows(policy: &Policy) -> impl Iterator<Item = &Statement> {
    policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
}

/// The catalog actions a statement's `Action` or `NotAction` can match.
fn statement_actions(statement: &Statement) -> Vec<&'static Action> {
    let catalog = Catalog::get();
    let clause = &statement.action;
    if !clause.negated {
        let mut out: Vec<&'static Action> = Vec::new();
        for pattern in &clause.patterns {
            match pattern.split_once(':') {
                Some((service, _)) if !service.contains(['*', '?']) => {
                    if let Ok(actions) =
                        catalog.actions_matching(pattern, &service.to_ascii_lowercase())
                    {
                        out.extend(actions);
                    }
                }
                _ => {
                    let compiled = Pattern::wildcard(pattern).ignoring_case();
                    out.extend(
                        catalog
                            .services()
                            .flat_map(|s| s.actions.iter())
                            .filter(|a| compiled.matches(&a.qualified_name())),
                    );
                }
            }
        }
        return out;
    }
    let patterns: Vec<Pattern> = clause
        .patterns
        .iter()
        .map(|p| Pattern::wildcard(p).ignoring_case())
        .collect();
    catalog
        .services()
        .flat_map(|s| s.actions.iter())
        .filter(|action| {
            let name = action.qualified_name();
            !patterns.iter().any(|p| p.matches(&name))
        })
        .collect()
}

/// The resource patterns of an identity statement, each with its account:
/// a wildcard or empty account stands for the principal's.
fn identity_patterns(statement: &Statement, account: &str) -> Vec<(String, String)> {
    let patterns = match &statement.resource {
        Some(clause) if !clause.negated => clause.patterns.clone(),
        _ => vec!["*".to_string()],
    };
    patterns
        .iter()
        .map(|p| {
            let p = without_variables(p);
            let mut parts: Vec<String> = p.splitn(6, ':').map(str::to_string).collect();
            if parts.len() == 6 && parts[0] == "arn" {
                if parts[4].contains(['*', '?']) {
                    parts[4] = account.to_string();
                }
                let owner = if crate::zone::is_account_id(&parts[4]) {
                    parts[4].clone()
                } else {
                    account.to_string()
                };
                (parts.join(":"), owner)
            } else {
                (p, account.to_string())
            }
        })
        .collect()
}

/// A pattern with its policy variables (`${aws:username}`) widened to `*`:
/// the formulas keep them exact.
fn without_variables(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push('*');
                rest = &rest[start + end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_trust(action: &str) -> bool {
    TRUST_ACTIONS.iter().any(|a| a.eq_ignore_ascii_case(action))
}

/// The request space of actions on the resources of a pattern.
fn pattern_space(actions: &[&'static Action], resource: &str) -> RequestSpace {
    let entries = actions
        .iter()
        .map(|action| {
            let trust = is_trust(&action.qualified_name());
            let kinds = action.resource_types.iter().map(|r| r.name).collect();
            let callers = if trust {
                Callers::AssumeRole
            } else {
                Callers::AnyButFederated
            };
            let mut entry =
                SpaceAction::new(action, kinds, vec![Pattern::wildcard(resource)], callers);
            entry.alone = trust;
            entry
        })
        .collect();
    let partition = split_arn(resource)
        .map_or("aws", |p| p.partition)
        .to_string();
    RequestSpace {
        partition,
        actions: entries,
    }
}

struct Decider<'a, 'i> {
    authorizer: &'a Authorizer<'i>,
    principal: &'a str,
    checks: u64,
}

/// What a decision on one action and target depends on besides the
/// action: actions of one service with the same fingerprint share one
/// encoding (the trust actions each have their own).
type Fingerprint = (String, Vec<usize>, [bool; 4]);

impl Decider<'_, '_> {
    fn request(&self, action: &str, target: &Target) -> AuthorizeRequest {
        let mut request = AuthorizeRequest::new(self.principal, action, &target.resource);
        request.resource_account = Some(target.account.clone());
        request
    }

    /// The policies that take part in a request for the action on the
    /// target, and the facts of the evaluation logic.
    fn fingerprint(&self, action: &'static Action, target: &Target) -> Result<Fingerprint, String> {
        let name = action.qualified_name();
        let request = self.request(&name, target);
        let prepared = self
            .authorizer
            .prepare(&request)
            .map_err(|e| e.to_string())?;
        let group = if is_trust(&name) {
            name.to_ascii_lowercase()
        } else {
            action.service.to_string()
        };
        let policies = prepared
            .gathered
            .all()
            .map(|s| s.policy as *const Policy as usize)
            .collect();
        let facts = &prepared.facts;
        let levels = |c: &crate::authorize::ceiling::Ceiling<'_>| {
            matches!(c, crate::authorize::ceiling::Ceiling::Levels(_))
        };
        Ok((
            group,
            policies,
            [
                facts.same_account,
                facts.must_allow,
                levels(&prepared.gathered.scp),
                levels(&prepared.gathered.rcp),
            ],
        ))
    }

    /// Decides, for each action of a group sharing one fingerprint, whether
    /// some request for it on the target's resources is allowed: one
    /// encoding, then SAT → a class of actions, each confirmed by the
    /// concrete decision, blocked; until UNSAT.
    fn decide(
        &mut self,
        backend: &mut dyn Backend,
        actions: &[&'static Action],
        target: &Target,
    ) -> Vec<(&'static Action, Outcome)> {
        let mut outcomes: BTreeMap<String, (&'static Action, Outcome)> = BTreeMap::new();
        if let Err(reason) = self.try_decide(backend, actions, target, &mut outcomes) {
            for action in actions {
                outcomes
                    .entry(action.qualified_name())
                    .or_insert_with(|| (action, Outcome::Unknown(reason.clone())));
            }
        }
        actions
            .iter()
            .map(|action| {
                outcomes
                    .remove(&action.qualified_name())
                    .unwrap_or((action, Outcome::Denied))
            })
            .collect()
    }

    fn try_decide(
        &mut self,
        backend: &mut dyn Backend,
        actions: &[&'static Action],
        target: &Target,
        outcomes: &mut BTreeMap<String, (&'static Action, Outcome)>,
    ) -> Result<(), String> {
        let Some(first) = actions.first() else {
            return Ok(());
        };
        let request = self.request(&first.qualified_name(), target);
        let prepared = self
            .authorizer
            .prepare(&request)
            .map_err(|e| e.to_string())?;
        let specializer = symbolic::specialize_all(std::slice::from_ref(&prepared));
        let mut table = PolicyTable::new(&specializer);
        table.add_prepared(&prepared);
        let space = pattern_space(actions, &target.resource);
        let owner_org = self
            .authorizer
            .organizations()
            .iter()
            .find(|o| o.contains_account(&target.account));
        let orgs: Vec<String> = owner_org.iter().map(|o| o.id.clone()).collect();
        let env = Environment::build(&EnvironmentInput {
            policies: table.policies(),
            space: &space,
            owner: &target.account,
            owner_org: owner_org.map(|o| o.id.as_str()),
            org_members: owner_org
                .map(|o| o.accounts.keys().cloned().collect())
                .unwrap_or_default(),
            question: symbolic::literals(std::slice::from_ref(&prepared), &orgs),
        })
        .map_err(|e| e.to_string())?;
        let formulas = Formulas::encode(&env, &table).map_err(|e| e.to_string())?;
        let allowed = symbolic::allowed(&formulas, &prepared).map_err(|e| e.to_string())?;
        if allowed.as_bool() == Some(false) {
            return Ok(());
        }
        let domain = env.domain().map_err(|e| e.to_string())?;
        let pin = symbolic::principal_pin(&env, &prepared).map_err(|e| e.to_string())?;
        check_representable(&env, &domain, &pin, &prepared).map_err(|e| e.to_string())?;
        backend.push();
        let result = (|| -> Result<(), String> {
            backend
                .assert(&domain)
                .map_err(|e| format!("solver: {e}"))?;
            backend
                .assert(&term::and([pin, allowed]))
                .map_err(|e| format!("solver: {e}"))?;
            loop {
                self.checks += 1;
                match backend.check() {
                    CheckResult::Unsat => return Ok(()),
                    CheckResult::Unknown(reason) => return Err(format!("solver: {reason}")),
                    CheckResult::Sat(model) => {
                        let model = complete_model(&env, &model);
                        let class =
                            decode_class(&env, &model).map_err(|e| format!("model: {e}"))?;
                        let decoded =
                            decode_request(&env, &model).map_err(|e| format!("model: {e}"))?;
                        for name in &env.classes[class].actions {
                            let Some(action) = actions
                                .iter()
                                .find(|a| a.qualified_name().eq_ignore_ascii_case(name))
                            else {
                                continue;
                            };
                            let outcome =
                                match self.confirm(&decoded, &prepared, &request, name, target) {
                                    Ok(access) => Outcome::Allowed(access),
                                    Err(reason) => Outcome::Unknown(reason),
                                };
                            outcomes.insert(action.qualified_name(), (action, outcome));
                        }
                        backend
                            .assert(&term::not(env.vars.action_is(class)))
                            .map_err(|e| format!("solver: {e}"))?;
                    }
                }
            }
        })();
        backend.pop();
        result
    }

    /// Re-checks a model's request for one action of its class with the
    /// concrete authorizer (it must be allowed) and describes the access.
    fn confirm(
        &self,
        decoded: &crate::eval::Request,
        prepared: &Prepared<'_>,
        request: &AuthorizeRequest,
        action: &str,
        target: &Target,
    ) -> Result<ResourceAccess, String> {
        let mut context = Context::new();
        let mut given = BTreeMap::new();
        for (key, values) in decoded.context.iter() {
            if symbolic::derived_key(prepared, key) {
                continue;
            }
            context.insert_all(key.to_string(), values.to_vec());
            given.insert(key.to_string(), values.to_vec());
        }
        let witness_request = AuthorizeRequest {
            action: action.to_string(),
            resource: decoded.resource.clone(),
            context,
            ..request.clone()
        };
        let decision = self
            .authorizer
            .authorize(&witness_request)
            .map_err(|e| e.to_string())?;
        if decision.decision != Decision::Allow {
            return Err(format!(
                "the solver's witness (resource `{}`, context {given:?}) is {} by authorize: {}",
                decoded.resource,
                decision.decision.name(),
                decision.reason
            ));
        }
        let bare = AuthorizeRequest {
            context: Context::new(),
            ..witness_request
        };
        let bare = self
            .authorizer
            .authorize(&bare)
            .map_err(|e| e.to_string())?;
        let missing = |k: &str| {
            bare.missing_context_values
                .iter()
                .any(|m| m.eq_ignore_ascii_case(k))
        };
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
        Ok(ResourceAccess {
            resource: target.resource.clone(),
            account: target.account.clone(),
            source: target.source.to_string(),
            unconditional: bare.decision == Decision::Allow
                && bare.missing_context_values.is_empty(),
            conditions,
            witness: Witness {
                principal: self.principal.to_string(),
                action: action.to_string(),
                resource: decoded.resource.clone(),
                context: given.into_iter().filter(|(k, _)| missing(k)).collect(),
            },
            reason: decision.reason,
        })
    }
}

#[cfg(test)]
#[path = "can_tests.rs"]
mod tests;
