//! What the solver proves about a policy's statements, for the checks only
//! a solver can make (`STATEMENT_NEVER_MATCHES`, `ALLOW_OVERRIDDEN_BY_DENY`,
//! `REDUNDANT_STATEMENT`, `DENY_WITHOUT_EFFECT`).
//!
//! The policy is encoded once ([`crate::encode`]) over one symbolic request
//! of a request space: the catalog actions of the resource type when the
//! policy's resource type is given, of role trust when it is a trust
//! policy, and otherwise every catalog action of the services the policy
//! names, with one action standing for every other service when a
//! statement's `Action` is `*` or it has a `NotAction` (see
//! [`actions_named`]). A request names any resource of the ARN formats the
//! catalog gives its action (any string when it lists none: the typed
//! request space of `semantics::space`, as the analysis reads it), so the space holds every request the policy can tell apart.
//!
//! Every claim is an UNSAT answer about an over-approximation of what it
//! is about, so it holds whatever the undocumented readings are: a
//! statement is encoded by the reading under which it matches the most
//! (an `Allow` by granting more, a `Deny` by granting less) where the
//! claim is "it matches nothing beyond ...", and by the reading under which
//! it matches the least where it covers another statement. An unknown
//! answer (timeout), a construct the encoder does not decide, a policy
//! that reads the resource owner's account or organization (the space
//! fixes no owner), uses API Gateway's `execute-api:/` shorthand (which
//! stands for an API's ARN the validation does not know), or names ARNs of
//! several partitions gives no claim:
//! the checks then say nothing. The proofs are computed once per policy,
//! on first use, and shared by the four checks.

use std::cell::OnceCell;
use std::str::FromStr;
use std::time::Duration;

use zoneproof_encodings::pattern::Pattern;
use zoneproof_encodings::solver::{with_thread_backend, Backend, BackendKind, CheckResult};
use zoneproof_encodings::term::{self, Term};

use crate::catalog::Catalog;
use crate::encode::{
    condition::encode_condition, elements, encode_statement, principal, Environment,
    EnvironmentInput, QuestionLiterals,
};
use crate::policy::{Effect, Policy, Statement};
use crate::resource::ResourceType;
use crate::semantics::reading::{Polarity, Reading};
use crate::semantics::space::{Callers, RequestSpace, SpaceAction};
use crate::validate::check::Context;
use crate::validate::policy_type::{PolicyType, TRUST_RESOURCE_TYPE};

/// The largest policy (in statements) the solver checks look at; larger
/// ones get no solver findings (their cost grows with the square of the
/// statements).
pub const MAX_STATEMENTS: usize = 64;

/// The largest request space (in catalog actions) the solver checks build;
/// a policy naming more services gets no solver findings.
const MAX_ACTIONS: usize = 4000;

/// How long one solver check may take before its answer counts as unknown.
const CHECK_TIMEOUT: Duration = Duration::from_millis(500);

/// The account the space gives the resource; no claim depends on it, since
/// policies that read the owner's account get no proofs.
const OWNER: &str = "000000000000";

/// What the solver proved about the statements (indices are the
/// statements' 0-based positions in the document).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proofs {
    /// Statements that match no request, with the parts that cannot hold
    /// together (at least one a condition for a `Deny`).
    pub never_matches: Vec<Unmatchable>,
    /// `Allow` statements every request of which a `Deny` denies, with
    /// those `Deny` statements (a minimal set).
    pub overridden: Vec<Covered>,
    /// Statements every request of which other statements of the same
    /// effect match, with those statements (a minimal set).
    pub redundant: Vec<Covered>,
    /// `Deny` statements that deny nothing the policy's type could be asked
    /// (the parts that cannot hold together are not conditions), or, in a
    /// role trust policy, nothing its `Allow` statements allow.
    pub ineffective_denies: Vec<Unmatchable>,
}

/// A statement that matches nothing (of what it is checked against).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatchable {
    /// The statement.
    pub statement: usize,
    /// Why: the elements that cannot hold together, e.g.
    /// `Condition.StringEquals.aws:SourceVpc`.
    pub parts: Vec<String>,
    /// Whether the reason is the policy's `Allow` statements (a role trust
    /// policy's `Deny` outside every `Allow`).
    pub outside_allows: bool,
}

/// A statement other statements cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Covered {
    /// The statement.
    pub statement: usize,
    /// The statements that cover it.
    pub by: Vec<usize>,
}

/// The proofs of a policy, computed on first use.
#[derive(Debug, Default)]
pub struct ProofCache(OnceCell<Option<Proofs>>);

impl ProofCache {
    /// The proofs of the context's policy, or `None` when the solver checks
    /// do not apply (see the module documentation).
    pub fn get<'c>(&'c self, ctx: &Context<'_>) -> Option<&'c Proofs> {
        self.0.get_or_init(|| compute(ctx)).as_ref()
    }
}

/// The display name of a statement for findings: `Sid` or its index.
pub fn statement_name(policy: &Policy, index: usize) -> String {
    match policy
        .statements
        .get(index)
        .and_then(|s| s.sid.as_deref())
        .filter(|s| !s.is_empty())
    {
        Some(sid) => format!("`{sid}`"),
        None => format!("Statement[{index}]"),
    }
}

/// Several statement names, joined.
pub fn statement_names(policy: &Policy, indices: &[usize]) -> String {
    indices
        .iter()
        .map(|i| statement_name(policy, *i))
        .collect::<Vec<_>>()
        .join(", ")
}

fn compute(ctx: &Context<'_>) -> Option<Proofs> {
    let policy = ctx.parsed?;
    if policy.statements.is_empty()
        || policy.statements.len() > MAX_STATEMENTS
        || reads_resource_owner(ctx.text)
        || ctx.text.contains("execute-api:/")
    {
        return None;
    }
    let partition = single_partition(ctx.text)?;
    let space = space(ctx, policy, partition)?;
    let env = Environment::build(&EnvironmentInput {
        policies: vec![policy],
        space: &space,
        owner: OWNER,
        owner_org: None,
        org_members: Vec::new(),
        question: QuestionLiterals::default(),
    })
    .ok()?;
    let domain = env.domain().ok()?;
    let encoded = policy
        .statements
        .iter()
        .map(|s| Encoded::of(&env, s))
        .collect::<Option<Vec<_>>>()?;
    let trust = ctx.policy_type == PolicyType::Trust;
    with_thread_backend(BackendKind::Automata, CHECK_TIMEOUT, |backend| {
        backend.assert(&domain).ok()?;
        Some(prove(backend, &encoded, trust))
    })
}

/// One statement's formulas.
struct Encoded {
    effect: Effect,
    /// The reading under which it matches the most, by part.
    parts: Vec<(String, Term)>,
    /// The conjunction of `parts`.
    most: Term,
    /// The reading under which it matches the least.
    least: Term,
}

impl Encoded {
    fn of(env: &Environment, statement: &Statement) -> Option<Encoded> {
        let (most_reading, least_reading) = match statement.effect {
            Effect::Allow => (Reading::GrantsMore, Reading::GrantsLess),
            Effect::Deny => (Reading::GrantsLess, Reading::GrantsMore),
        };
        let parts = parts(env, statement, most_reading)?;
        let most = term::and(parts.iter().map(|(_, t)| t.clone()));
        let least = encode_statement(env, 0, statement, least_reading).ok()?;
        Some(Encoded {
            effect: statement.effect,
            parts,
            most,
            least,
        })
    }
}

/// The parts of a statement (as `encode_statement` joins them), named by
/// their element.
fn parts(
    env: &Environment,
    statement: &Statement,
    reading: Reading,
) -> Option<Vec<(String, Term)>> {
    let polarity = Polarity::of_effect(statement.effect);
    let principal_name = match &statement.principal {
        Some(p) if p.negated => "NotPrincipal",
        Some(_) => "Principal",
        None => "the principals (no Principal element)",
    };
    let action_name = if statement.action.negated {
        "NotAction"
    } else {
        "Action"
    };
    let resource_name = match &statement.resource {
        Some(r) if r.negated => "NotResource",
        Some(_) => "Resource",
        None => "the resource (no Resource element)",
    };
    let mut parts = vec![
        (
            principal_name.to_owned(),
            principal::encode_principal_clause(env, statement.principal.as_ref()).ok()?,
        ),
        (
            action_name.to_owned(),
            elements::encode_action_clause(env, 0, statement.index),
        ),
        (
            resource_name.to_owned(),
            elements::encode_resource_clause(
                env,
                0,
                statement.resource.as_ref(),
                &format!("{}.Resource", statement.path),
                reading,
                polarity,
            )
            .ok()?,
        ),
    ];
    for condition in &statement.conditions {
        let name = condition
            .path
            .strip_prefix(&statement.path)
            .map_or(condition.path.as_str(), |rest| rest.trim_start_matches('.'))
            .to_owned();
        parts.push((
            name,
            encode_condition(env, 0, condition, reading, polarity).ok()?,
        ));
    }
    Some(parts)
}

/// Whether a check of `query` (in the backend's current assertions) is
/// UNSAT; unknown answers count as "not proved".
fn unsat(backend: &mut dyn Backend, query: &Term) -> bool {
    if query.as_bool() == Some(false) {
        return true;
    }
    backend.push();
    let result = match backend.assert(query) {
        Ok(()) => backend.check(),
        Err(e) => CheckResult::Unknown(e.to_string()),
    };
    backend.pop();
    matches!(result, CheckResult::Unsat)
}

fn prove(backend: &mut dyn Backend, encoded: &[Encoded], trust: bool) -> Proofs {
    let mut proofs = Proofs::default();
    let mut live = Vec::new();
    for (i, statement) in encoded.iter().enumerate() {
        if !unsat(backend, &statement.most) {
            live.push(i);
            continue;
        }
        let core = minimal_core(backend, &statement.parts);
        if core == [1] {
            // Its actions alone fit nothing here: the catalog checks
            // (`INVALID_ACTION`, `UNSUPPORTED_ACTION_IN_POLICY`) say so.
            continue;
        }
        let parts: Vec<String> = core
            .iter()
            .filter_map(|&p| statement.parts.get(p).map(|(n, _)| n.clone()))
            .collect();
        let by_conditions = core.iter().any(|&p| p >= 3);
        let finding = Unmatchable {
            statement: i,
            parts,
            outside_allows: false,
        };
        if statement.effect == Effect::Deny && !by_conditions {
            proofs.ineffective_denies.push(finding);
        } else {
            proofs.never_matches.push(finding);
        }
    }
    let of_effect = |effect: Effect| -> Vec<usize> {
        live.iter()
            .copied()
            .filter(|&i| encoded.get(i).is_some_and(|e| e.effect == effect))
            .collect()
    };
    let allows = of_effect(Effect::Allow);
    let denies = of_effect(Effect::Deny);
    let mut overridden = Vec::new();
    for &a in &allows {
        if let Some(by) = cover(backend, encoded, a, &denies) {
            overridden.push(a);
            proofs.overridden.push(Covered { statement: a, by });
        }
    }
    for group in [&allows, &denies] {
        let mut kept: Vec<usize> = group
            .iter()
            .copied()
            .filter(|i| !overridden.contains(i))
            .collect();
        for &s in group.iter().rev() {
            if overridden.contains(&s) {
                continue;
            }
            let others: Vec<usize> = kept.iter().copied().filter(|&o| o != s).collect();
            if let Some(by) = cover(backend, encoded, s, &others) {
                kept.retain(|&o| o != s);
                proofs.redundant.push(Covered { statement: s, by });
            }
        }
    }
    proofs.redundant.sort_by_key(|c| c.statement);
    if trust && !allows.is_empty() {
        let granted = term::or(
            allows
                .iter()
                .filter_map(|&a| encoded.get(a).map(|e| e.most.clone())),
        );
        for &d in &denies {
            let Some(deny) = encoded.get(d) else { continue };
            if unsat(backend, &term::and([deny.most.clone(), granted.clone()])) {
                proofs.ineffective_denies.push(Unmatchable {
                    statement: d,
                    parts: Vec::new(),
                    outside_allows: true,
                });
            }
        }
    }
    proofs.ineffective_denies.sort_by_key(|u| u.statement);
    proofs
}

/// A minimal set of `candidates` whose least readings together match every
/// request `covered`'s most reading matches, if there is one.
fn cover(
    backend: &mut dyn Backend,
    encoded: &[Encoded],
    covered: usize,
    candidates: &[usize],
) -> Option<Vec<usize>> {
    if candidates.is_empty() {
        return None;
    }
    let target = &encoded.get(covered)?.most;
    let escapes = |backend: &mut dyn Backend, set: &[usize]| -> bool {
        let union = term::or(
            set.iter()
                .filter_map(|&c| encoded.get(c).map(|e| e.least.clone())),
        );
        !unsat(backend, &term::and([target.clone(), term::not(union)]))
    };
    if escapes(backend, candidates) {
        return None;
    }
    let mut set = candidates.to_vec();
    let mut at = 0;
    while at < set.len() && set.len() > 1 {
        let mut smaller = set.clone();
        smaller.remove(at);
        if escapes(backend, &smaller) {
            at += 1;
        } else {
            set = smaller;
        }
    }
    Some(set)
}

/// A minimal subset of the parts (by index) that cannot hold together
/// (deletion-based: a part stays when the others hold without it).
fn minimal_core(backend: &mut dyn Backend, parts: &[(String, Term)]) -> Vec<usize> {
    let mut core: Vec<usize> = (0..parts.len()).collect();
    let mut at = 0;
    while at < core.len() {
        let without: Vec<usize> = core
            .iter()
            .copied()
            .filter(|&p| Some(&p) != core.get(at))
            .collect();
        let conjunction = term::and(
            without
                .iter()
                .filter_map(|&p| parts.get(p).map(|(_, t)| t.clone())),
        );
        if unsat(backend, &conjunction) {
            core = without;
        } else {
            at += 1;
        }
    }
    core
}

/// Whether the policy reads the resource owner's account or organization
/// (which the validation space does not fix).
fn reads_resource_owner(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["resourceaccount", "resourceorgid", "resourceorgpaths"]
        .iter()
        .any(|key| lower.contains(key))
}

/// The one partition the policy's ARNs name (`aws` when none), or `None`
/// when they name several.
fn single_partition(text: &str) -> Option<&'static str> {
    let named: Vec<&'static str> = ["aws-cn", "aws-us-gov", "aws-iso-b", "aws-iso"]
        .into_iter()
        .filter(|p| text.contains(&format!("arn:{p}:")))
        .collect();
    let standard = text.contains("arn:aws:");
    match (named.as_slice(), standard) {
        ([], _) => Some("aws"),
        ([one], false) => Some(one),
        _ => None,
    }
}

/// The request space of the policy (see the module documentation).
fn space(ctx: &Context<'_>, policy: &Policy, partition: &str) -> Option<RequestSpace> {
    let catalog = Catalog::get();
    let typed = ctx.resource_kind.and_then(|kind| {
        if kind.name == TRUST_RESOURCE_TYPE {
            Some(ResourceType::IamRole)
        } else {
            ResourceType::from_str(kind.name).ok()
        }
    });
    let actions = match typed {
        Some(ResourceType::IamRole) => {
            let space =
                RequestSpace::for_resource(ResourceType::IamRole, "arn:aws:iam::0:role/r").ok()?;
            space
                .actions
                .into_iter()
                .map(|mut action| {
                    action.resources = vec![Pattern::any()];
                    action
                })
                .collect()
        }
        Some(resource_type) => resource_type
            .catalog_actions()
            .ok()?
            .into_iter()
            .filter(|(action, _)| resource_type.admits_action(&action.qualified_name()))
            .map(|(action, kinds)| any_resource_of(catalog, action, kinds))
            .collect(),
        None => actions_named(catalog, policy)?,
    };
    if actions.is_empty() || actions.len() > MAX_ACTIONS {
        return None;
    }
    Some(RequestSpace {
        partition: partition.to_owned(),
        actions,
    })
}

/// An action whose requests name any resource of the catalog's ARN formats
/// for its resource types (`${...}` placeholders as wildcards), or any
/// string when it lists none.
fn any_resource_of(
    catalog: &'static Catalog,
    action: &'static crate::catalog::Action,
    kinds: Vec<&'static str>,
) -> SpaceAction {
    let service = catalog.service(action.service);
    let mut resources = Vec::new();
    for kind in &kinds {
        let formats = service
            .and_then(|s| s.resource_type(kind))
            .map(|r| r.arn_formats.as_slice())
            .unwrap_or_default();
        if formats.is_empty() {
            resources.push(Pattern::any());
        }
        resources.extend(
            formats
                .iter()
                .map(|f| Pattern::wildcard(&placeholders_to_stars(f))),
        );
    }
    if resources.is_empty() {
        resources.push(Pattern::any());
    }
    resources.sort_by_key(|p| format!("{p:?}"));
    resources.dedup_by_key(|p| format!("{p:?}"));
    SpaceAction::new(action, kinds, resources, Callers::AnyButFederated)
}

/// `arn:${Partition}:s3:::${BucketName}` → `arn:*:s3:::*`.
fn placeholders_to_stars(format: &str) -> String {
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or(""));
        match rest.get(start..).and_then(|r| r.find('}')) {
            Some(end) => {
                out.push('*');
                rest = rest.get(start + end + 1..).unwrap_or("");
            }
            None => {
                out.push('*');
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The catalog actions the policy's statements can tell apart: every action
/// of each service the policy names (in an `Action` or `NotAction`
/// pattern, a condition key or a resource ARN), and, when a statement's
/// `Action` is `*` or it has a `NotAction`, one action of a service it does
/// not name standing for all of them (with any resource: every statement
/// treats those actions alike, since no pattern, key or ARN names their
/// service). `None` when a pattern has a wildcard in its service part other
/// than `*` alone (which would tell unnamed services apart).
fn actions_named(catalog: &'static Catalog, policy: &Policy) -> Option<Vec<SpaceAction>> {
    let mut prefixes: Vec<String> = Vec::new();
    let mut add = |prefix: &str| {
        let prefix = prefix.to_ascii_lowercase();
        if !prefix.is_empty() && !prefixes.contains(&prefix) {
            prefixes.push(prefix);
        }
    };
    let mut others = false;
    for statement in &policy.statements {
        let clause = &statement.action;
        others |= clause.negated;
        for pattern in &clause.patterns {
            if pattern == "*" {
                others = true;
                continue;
            }
            let (service, _) = pattern.split_once(':')?;
            if service.contains(['*', '?']) {
                return None;
            }
            add(service);
        }
        for condition in &statement.conditions {
            if let Some((service, _)) = condition.key.split_once(':') {
                add(service);
            }
        }
        for text in statement.resource.iter().flat_map(|r| &r.patterns) {
            if let Some(service) = text.split(':').nth(2) {
                if service.contains(['*', '?']) {
                    others = true;
                } else {
                    add(service);
                }
            }
        }
    }
    let mut actions: Vec<SpaceAction> = prefixes
        .iter()
        .filter_map(|p| catalog.service(p))
        .flat_map(|service| service.actions.iter())
        .map(|action| {
            let kinds = action.resource_types.iter().map(|r| r.name).collect();
            any_resource_of(catalog, action, kinds)
        })
        .collect();
    if others {
        let stand_in = catalog
            .services()
            .filter(|s| !prefixes.iter().any(|p| p == s.prefix))
            .flat_map(|s| s.actions.first())
            .next()?;
        actions.push(SpaceAction::new(
            stand_in,
            Vec::new(),
            vec![Pattern::any()],
            Callers::AnyButFederated,
        ));
    }
    Some(actions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_formats_become_wildcards() {
        assert_eq!(
            placeholders_to_stars("arn:${Partition}:s3:::${BucketName}/${ObjectName}"),
            "arn:*:s3:::*/*"
        );
        assert_eq!(placeholders_to_stars("*"), "*");
    }

    #[test]
    fn mixed_partitions_give_no_proof() {
        assert_eq!(single_partition("arn:aws:s3:::b"), Some("aws"));
        assert_eq!(single_partition("arn:aws-cn:s3:::b"), Some("aws-cn"));
        assert_eq!(single_partition("arn:aws-cn:s3:::b arn:aws:s3:::c"), None);
    }
}
