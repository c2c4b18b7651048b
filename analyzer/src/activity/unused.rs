//! `zoneproof unused`: unused access in IAM Access Analyzer's vocabulary —
//! `UnusedIAMRole`, `UnusedIAMUserAccessKey`, `UnusedIAMUserPassword` and
//! `UnusedPermission` — from CloudTrail activity, the authorization details
//! and the credential report, each with a recommended change.
//!
//! The window is the `days` before `as_of`. A role is unused when none of
//! its sessions made a call in the window (nor does `RoleLastUsed` fall in
//! it) and it is older than the window; a user's password when it signed in
//! to the console neither in the trail nor per the credential report; an
//! access key when the report shows no use in the window. Service-linked
//! roles and the root user are not reported (as in IAM Access Analyzer).
//!
//! `UnusedPermission` (for principals that were active): the actions the
//! principal is allowed ([`AllowedActions`]) that it did not use in the
//! window, per service. Its recommendation rewrites each policy attached
//! to the principal: every Allow statement keeps only the actions it grants
//! that were used (its `Resource` and `Condition` unchanged), a policy left
//! with no Allow statement is detached or deleted. [`RecommendationProof`]
//! then checks, with the concrete evaluator, that every request of every
//! event that the current identity policies allowed is still allowed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::actor::{Actor, PrincipalId, PrincipalKind};
use super::allowed::{AllowedActions, AllowedSet};
use super::mapping::{Mapped, Mapper};
use super::request::eval_request;
use crate::eval::{action_clause_matches, evaluate, Decision, Request};
use crate::finding::stable_id;
use crate::inputs::cloudtrail::TrailEvent;
use crate::inputs::credential_report::CredentialRow;
use crate::inputs::identities::{Identities, Identity, IdentityPolicy};
use crate::policy::{parse_policy_value, Policy};
use crate::timestamp::Timestamp;

/// An action by (service prefix, name), as the catalog spells them.
pub type ActionKey = (&'static str, &'static str);

/// What every principal did, mergeable across files.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    /// Per principal.
    pub principals: BTreeMap<PrincipalId, PrincipalUsage>,
    /// Events read.
    pub events: u64,
    /// The first and last event read.
    pub span: Option<(Timestamp, Timestamp)>,
    /// Events the mapping does not know, by `eventSource eventName`.
    pub unmapped: BTreeMap<String, u64>,
}

/// What one principal did: last use of everything, over all events read.
#[derive(Debug, Clone, Default)]
pub struct PrincipalUsage {
    /// Events of the principal.
    pub events: u64,
    /// The last one.
    pub last_event: Option<Timestamp>,
    /// Last use of each action (calls that were not refused).
    pub actions: BTreeMap<ActionKey, Timestamp>,
    /// Last console sign-in (`ConsoleLogin` without an error).
    pub console_sign_in: Option<Timestamp>,
}

fn later(a: Option<Timestamp>, b: Timestamp) -> Option<Timestamp> {
    Some(a.map_or(b, |a| a.max(b)))
}

impl Usage {
    /// Adds one event.
    pub fn add(&mut self, mapper: &mut Mapper, event: &TrailEvent<'_>) {
        self.events += 1;
        let Some(time) = event.time() else {
            return;
        };
        self.span = Some(
            self.span
                .map_or((time, time), |(a, b)| (a.min(time), b.max(time))),
        );
        let actor = Actor::of_event(event);
        let Some(id) = actor.principal() else {
            return;
        };
        let usage = self.principals.entry(id.clone()).or_default();
        usage.events += 1;
        usage.last_event = later(usage.last_event, time);
        let is_sign_in = event.event_source.as_deref() == Some("signin.amazonaws.com")
            && event.event_name.as_deref() == Some("ConsoleLogin");
        if is_sign_in && event.error_message.is_none() && event.error_code.is_none() {
            usage.console_sign_in = later(usage.console_sign_in, time);
        }
        match mapper.map(event) {
            Mapped::Requests(requests) if !event.is_access_denied() => {
                for request in requests {
                    let key = (request.action.service, request.action.name);
                    let last = usage.actions.entry(key).or_insert(time);
                    *last = (*last).max(time);
                }
            }
            Mapped::Unmapped(_) => {
                let key = format!(
                    "{} {}",
                    event.event_source.as_deref().unwrap_or(""),
                    event.event_name.as_deref().unwrap_or("")
                );
                *self.unmapped.entry(key).or_default() += 1;
            }
            _ => {}
        }
    }

    /// Adds what `other` gathered.
    pub fn merge(&mut self, other: Usage) {
        self.events += other.events;
        self.span = match (self.span, other.span) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (mine, theirs) => mine.or(theirs),
        };
        for (key, count) in other.unmapped {
            *self.unmapped.entry(key).or_default() += count;
        }
        for (id, theirs) in other.principals {
            let mine = self.principals.entry(id).or_default();
            mine.events += theirs.events;
            mine.last_event = max_option(mine.last_event, theirs.last_event);
            mine.console_sign_in = max_option(mine.console_sign_in, theirs.console_sign_in);
            for (key, time) in theirs.actions {
                let last = mine.actions.entry(key).or_insert(time);
                *last = (*last).max(time);
            }
        }
    }
}

fn max_option(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// The kinds of unused-access findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum UnusedType {
    /// A role none of whose sessions made a call in the window.
    #[serde(rename = "UnusedIAMRole")]
    Role,
    /// An active access key not used in the window.
    #[serde(rename = "UnusedIAMUserAccessKey")]
    AccessKey,
    /// A console password not used in the window.
    #[serde(rename = "UnusedIAMUserPassword")]
    Password,
    /// Permissions a principal has but did not use in the window.
    #[serde(rename = "UnusedPermission")]
    Permission,
}

impl UnusedType {
    /// The name as IAM Access Analyzer spells it.
    pub fn name(self) -> &'static str {
        match self {
            UnusedType::Role => "UnusedIAMRole",
            UnusedType::AccessKey => "UnusedIAMUserAccessKey",
            UnusedType::Password => "UnusedIAMUserPassword",
            UnusedType::Permission => "UnusedPermission",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnusedFinding {
    /// A stable hash of type, resource and detail.
    pub id: String,
    /// The kind.
    pub finding_type: UnusedType,
    /// The role or user ARN.
    pub resource: String,
    /// `AWS::IAM::Role` or `AWS::IAM::User`.
    pub resource_type: &'static str,
    /// The account.
    pub resource_owner_account: String,
    /// `ACTIVE`.
    pub status: &'static str,
    /// When it was last used, if ever (as far as the inputs show).
    pub last_accessed: Option<Timestamp>,
    /// What is unused (Access Analyzer's `findingDetails` shapes).
    pub finding_details: Vec<Value>,
    /// The change to make, in words.
    pub remediation: String,
    /// The policy changes, for `UnusedPermission`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recommended_steps: Vec<RecommendedStep>,
    /// The proof that the recommended policies still allow every event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<RecommendationProof>,
    /// The proof that the recommended policies together grant nothing the
    /// current ones do not (the no-new-access check): `status` `proved`,
    /// `failed` (with classes and witnesses) or `unknown` (with the reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_new_access: Option<Value>,
    /// Why the finding may be incomplete (missing managed policies).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One policy change of a recommendation.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecommendedStep {
    /// `CREATE_POLICY` (replace the policy with `recommendedPolicy`),
    /// `DETACH_POLICY` (a managed policy none of whose grants were used)
    /// or `DELETE_INLINE_POLICY`.
    pub recommended_action: &'static str,
    /// The existing policy: a managed policy's ARN or an inline policy's name.
    pub existing_policy_id: String,
    /// The rewritten policy, for `CREATE_POLICY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommended_policy: Option<Value>,
}

/// The concrete proof of a recommendation, over the events of the window.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecommendationProof {
    /// Requests checked (events of the principal in the window that were
    /// not refused, one per action they needed).
    pub requests: u64,
    /// Of those, allowed by the current identity policies.
    pub allowed_before: u64,
    /// Of those, still allowed by the recommended policies.
    pub allowed_after: u64,
    /// Requests the current identity policies do not allow either (allowed
    /// by something else, e.g. a resource policy, or not at all).
    pub not_allowed_by_identity_policies: u64,
    /// Requests allowed before but not after (at most 20).
    pub counterexamples: Vec<String>,
}

impl RecommendationProof {
    /// Whether every request allowed before is allowed after.
    pub fn holds(&self) -> bool {
        self.allowed_after == self.allowed_before
    }

    fn merge(&mut self, other: &RecommendationProof) {
        self.requests += other.requests;
        self.allowed_before += other.allowed_before;
        self.allowed_after += other.allowed_after;
        self.not_allowed_by_identity_policies += other.not_allowed_by_identity_policies;
        for example in &other.counterexamples {
            if self.counterexamples.len() < 20 {
                self.counterexamples.push(example.clone());
            }
        }
    }
}

/// The settings of an unused-access analysis.
#[derive(Debug, Clone)]
pub struct UnusedOptions {
    /// The window's length in days.
    pub days: i64,
    /// The window's end.
    pub as_of: Timestamp,
}

impl UnusedOptions {
    /// The window's start.
    pub fn window_start(&self) -> Timestamp {
        self.as_of.minus_days(self.days)
    }

    fn in_window(&self, time: Option<Timestamp>) -> bool {
        time.is_some_and(|t| t >= self.window_start() && t <= self.as_of)
    }
}

/// The findings of every role and user, in authorization-details order,
/// and notes on principals whose permissions could not be assessed (active
/// per `RoleLastUsed` or the credential report, but with no event in the
/// trails: what they used is not known, so no permission is called unused).
pub fn findings(
    identities: &Identities,
    usage: &Usage,
    credential_report: Option<&[CredentialRow]>,
    allowed: &dyn AllowedActions,
    options: &UnusedOptions,
) -> (Vec<UnusedFinding>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for identity in &identities.principals {
        if identity.service_linked || identity.id.kind == PrincipalKind::Root {
            continue;
        }
        let used = usage.principals.get(&identity.id);
        let report_row =
            credential_report.and_then(|rows| rows.iter().find(|r| r.arn == identity.arn));
        let old_enough = identity.created.is_none_or(|c| c < options.window_start());
        let trail_last = used.and_then(|u| u.last_event);
        let active_in_trail = options.in_window(trail_last);
        match identity.id.kind {
            PrincipalKind::Role => {
                let last = max_option(trail_last, identity.last_used);
                if !options.in_window(last) {
                    if old_enough {
                        out.push(role_finding(identity, last, options));
                    }
                    continue;
                }
            }
            PrincipalKind::User => {
                if let Some(row) = report_row {
                    out.extend(credential_findings(identity, row, used, options));
                }
                let report_use = report_row.and_then(|row| {
                    row.access_keys
                        .iter()
                        .filter_map(|k| k.last_used)
                        .chain(row.password_last_used)
                        .max()
                });
                if !active_in_trail && !options.in_window(report_use) {
                    // No activity at all: the credential findings say it.
                    continue;
                }
            }
            PrincipalKind::Root => continue,
        }
        if !active_in_trail {
            notes.push(format!(
                "{} was active in the window but has no event in the trails: its permissions were not assessed",
                identity.arn
            ));
            continue;
        }
        let allowed_set = allowed.allowed_actions(identity);
        if let Some(finding) = permission_finding(identity, used, &allowed_set, options) {
            out.push(finding);
        }
    }
    (out, notes)
}

fn base(
    identity: &Identity,
    finding_type: UnusedType,
    detail_key: &str,
    last: Option<Timestamp>,
) -> UnusedFinding {
    let resource_type = match identity.id.kind {
        PrincipalKind::Role => "AWS::IAM::Role",
        _ => "AWS::IAM::User",
    };
    UnusedFinding {
        id: stable_id(&[finding_type.name(), &identity.arn, detail_key]),
        finding_type,
        resource: identity.arn.clone(),
        resource_type,
        resource_owner_account: identity.id.account.clone(),
        status: "ACTIVE",
        last_accessed: last,
        finding_details: Vec::new(),
        remediation: String::new(),
        recommended_steps: Vec::new(),
        proof: None,
        no_new_access: None,
        notes: Vec::new(),
    }
}

fn since_text(last: Option<Timestamp>) -> String {
    last.map_or_else(|| "never used".to_string(), |t| format!("last used {t}"))
}

fn role_finding(
    identity: &Identity,
    last: Option<Timestamp>,
    options: &UnusedOptions,
) -> UnusedFinding {
    let mut finding = base(identity, UnusedType::Role, "", last);
    finding.finding_details = vec![json!({"unusedIamRoleDetails": {"lastAccessed": last}})];
    finding.remediation = format!(
        "Role {} made no call in the {} days to {} ({}). Delete it, or remove its permissions and trust policy, once you have confirmed nothing needs it.",
        identity.arn, options.days, options.as_of, since_text(last)
    );
    finding
}

fn credential_findings(
    identity: &Identity,
    row: &CredentialRow,
    used: Option<&PrincipalUsage>,
    options: &UnusedOptions,
) -> Vec<UnusedFinding> {
    let mut out = Vec::new();
    for (index, key) in row.access_keys.iter().enumerate() {
        let number = index + 1;
        let old_enough = key.last_rotated.is_none_or(|t| t < options.window_start());
        if key.active && old_enough && !options.in_window(key.last_used) {
            let mut finding = base(
                identity,
                UnusedType::AccessKey,
                &format!("access_key_{number}"),
                key.last_used,
            );
            finding.finding_details = vec![json!({"unusedIamUserAccessKeyDetails": {
                "accessKey": format!("access_key_{number}"), "lastAccessed": key.last_used}})];
            finding.remediation = format!(
                "Access key {number} of user {} is active but was not used in the {} days to {} ({}). Deactivate it, then delete it.",
                row.user, options.days, options.as_of, since_text(key.last_used)
            );
            out.push(finding);
        }
    }
    let sign_in = max_option(row.password_last_used, used.and_then(|u| u.console_sign_in));
    let old_enough = row
        .password_last_changed
        .or(row.created)
        .is_none_or(|t| t < options.window_start());
    if row.password_enabled && old_enough && !options.in_window(sign_in) {
        let mut finding = base(identity, UnusedType::Password, "password", sign_in);
        finding.finding_details =
            vec![json!({"unusedIamUserPasswordDetails": {"lastAccessed": sign_in}})];
        finding.remediation = format!(
            "User {} has a console password that was not used in the {} days to {} ({}). Delete the login profile.",
            row.user, options.days, options.as_of, since_text(sign_in)
        );
        out.push(finding);
    }
    out
}

fn permission_finding(
    identity: &Identity,
    used: Option<&PrincipalUsage>,
    allowed: &AllowedSet,
    options: &UnusedOptions,
) -> Option<UnusedFinding> {
    let used_in_window: BTreeSet<ActionKey> = used
        .map(|u| {
            u.actions
                .iter()
                .filter(|(_, t)| options.in_window(Some(**t)))
                .map(|(k, _)| *k)
                .collect()
        })
        .unwrap_or_default();
    let mut details = Vec::new();
    let mut unused_count = 0usize;
    for (service, actions) in &allowed.actions {
        let unused: Vec<&&str> = actions
            .iter()
            .filter(|name| !used_in_window.contains(&(*service, **name)))
            .collect();
        if unused.is_empty() {
            continue;
        }
        unused_count += unused.len();
        let last_of = |name: &str| used.and_then(|u| u.actions.get(&(*service, name)).copied());
        let service_last = actions.iter().filter_map(|name| last_of(name)).max();
        details.push(json!({"unusedPermissionDetails": {
            "serviceNamespace": service,
            "lastAccessed": service_last,
            "actions": unused.iter().map(|name| json!({
                "action": format!("{service}:{name}"),
                "lastAccessed": last_of(name),
            })).collect::<Vec<_>>(),
        }}));
    }
    if details.is_empty() {
        return None;
    }
    let mut finding = base(
        identity,
        UnusedType::Permission,
        "",
        used.and_then(|u| u.last_event),
    );
    let services = details.len();
    finding.finding_details = details;
    finding.recommended_steps = recommended_steps(identity, &used_in_window);
    finding.no_new_access = Some(recommendation_no_new_access(
        identity,
        &finding.recommended_steps,
    ));
    finding.notes.clone_from(&allowed.notes);
    finding.remediation = format!(
        "{} is allowed {} action{} in {} service{} that it did not use in the {} days to {}. Replace its policies with the recommended ones ({} change{}).",
        identity.arn,
        unused_count,
        plural(unused_count),
        services,
        plural(services),
        options.days,
        options.as_of,
        finding.recommended_steps.len(),
        plural(finding.recommended_steps.len()),
    );
    Some(finding)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Rewrites each policy attached to the principal itself (group policies
/// are shared with other users and are left as they are).
fn recommended_steps(identity: &Identity, used: &BTreeSet<ActionKey>) -> Vec<RecommendedStep> {
    identity
        .policies
        .iter()
        .filter(|p| p.via_group.is_none())
        .filter_map(|policy| {
            let id = policy.arn.clone().unwrap_or_else(|| policy.name.clone());
            match rewrite(policy, used) {
                Rewrite::Unchanged => None,
                Rewrite::Empty => Some(RecommendedStep {
                    recommended_action: if policy.arn.is_some() {
                        "DETACH_POLICY"
                    } else {
                        "DELETE_INLINE_POLICY"
                    },
                    existing_policy_id: id,
                    recommended_policy: None,
                }),
                Rewrite::Changed(document) => Some(RecommendedStep {
                    recommended_action: "CREATE_POLICY",
                    existing_policy_id: id,
                    recommended_policy: Some(document),
                }),
            }
        })
        .collect()
}

enum Rewrite {
    Unchanged,
    Empty,
    Changed(Value),
}

/// The policy with each Allow statement reduced to the used actions it
/// grants.
fn rewrite(policy: &IdentityPolicy, used: &BTreeSet<ActionKey>) -> Rewrite {
    let Some(statements) = statement_values(&policy.document) else {
        return Rewrite::Unchanged;
    };
    let mut changed = false;
    let mut kept = Vec::new();
    let mut allows = 0;
    for (value, statement) in statements.iter().zip(&policy.policy.statements) {
        if statement.effect == crate::policy::Effect::Deny {
            kept.push(value.clone());
            continue;
        }
        let granted: Vec<String> = used
            .iter()
            .map(|(service, name)| format!("{service}:{name}"))
            .filter(|action| action_clause_matches(&statement.action, action))
            .collect();
        let everything_used = !statement.action.negated
            && statement.action.patterns.iter().all(|p| {
                !p.contains(['*', '?']) && granted.iter().any(|g| g.eq_ignore_ascii_case(p))
            });
        if everything_used {
            kept.push(value.clone());
            allows += 1;
            continue;
        }
        changed = true;
        if granted.is_empty() {
            continue;
        }
        let mut rewritten: Map<String, Value> = value.as_object().cloned().unwrap_or_default();
        rewritten.remove("NotAction");
        rewritten.insert(
            "Action".into(),
            if granted.len() == 1 {
                Value::from(granted[0].clone())
            } else {
                Value::from(granted)
            },
        );
        kept.push(Value::Object(rewritten));
        allows += 1;
    }
    if !changed {
        return Rewrite::Unchanged;
    }
    if allows == 0 {
        return Rewrite::Empty;
    }
    let mut document = policy.document.as_object().cloned().unwrap_or_default();
    document.insert("Statement".into(), Value::from(kept));
    Rewrite::Changed(Value::Object(document))
}

fn statement_values(document: &Value) -> Option<Vec<Value>> {
    match document.get("Statement")? {
        Value::Array(items) => Some(items.clone()),
        object @ Value::Object(_) => Some(vec![object.clone()]),
        _ => None,
    }
}

/// The second pass of `unused`: checks each recommendation against every
/// event of its principal in the window. Mergeable across files.
#[derive(Debug, Clone, Default)]
pub struct RecommendationChecker {
    /// Per principal: current policies and recommended policies.
    targets: BTreeMap<PrincipalId, (Vec<Policy>, Vec<Policy>)>,
    /// The proofs, per principal.
    pub proofs: BTreeMap<PrincipalId, RecommendationProof>,
    window: Option<(Timestamp, Timestamp)>,
}

impl RecommendationChecker {
    /// A checker for the `UnusedPermission` findings' recommendations.
    pub fn new(
        identities: &Identities,
        findings: &[UnusedFinding],
        options: &UnusedOptions,
    ) -> RecommendationChecker {
        let mut targets = BTreeMap::new();
        for finding in findings
            .iter()
            .filter(|f| f.finding_type == UnusedType::Permission)
        {
            let Some(identity) = identities
                .principals
                .iter()
                .find(|i| i.arn == finding.resource)
            else {
                continue;
            };
            let current: Vec<Policy> = identity.policies.iter().map(|p| p.policy.clone()).collect();
            let recommended = recommended_policies(identity, &finding.recommended_steps);
            targets.insert(identity.id.clone(), (current, recommended));
        }
        RecommendationChecker {
            targets,
            proofs: BTreeMap::new(),
            window: Some((options.window_start(), options.as_of)),
        }
    }

    /// Whether there is anything to check.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// Checks one event.
    pub fn check(&mut self, mapper: &mut Mapper, event: &TrailEvent<'_>) {
        let actor = Actor::of_event(event);
        let Some(id) = actor.principal() else {
            return;
        };
        let Some((current, recommended)) = self.targets.get(id) else {
            return;
        };
        let in_window = match (event.time(), self.window) {
            (Some(t), Some((start, end))) => t >= start && t <= end,
            _ => false,
        };
        if !in_window || event.is_access_denied() {
            return;
        }
        let Mapped::Requests(requests) = mapper.map(event) else {
            return;
        };
        let proof = self.proofs.entry(id.clone()).or_default();
        for request in &requests {
            let request = eval_request(event, &actor, request);
            proof.requests += 1;
            if decide(current, &request) != Decision::Allow {
                proof.not_allowed_by_identity_policies += 1;
                continue;
            }
            proof.allowed_before += 1;
            let after = decide(recommended, &request);
            if after == Decision::Allow {
                proof.allowed_after += 1;
            } else if proof.counterexamples.len() < 20 {
                proof
                    .counterexamples
                    .push(format!("{} {}: {after}", request.action, request.resource));
            }
        }
    }

    /// Adds what `other` checked.
    pub fn merge(&mut self, other: RecommendationChecker) {
        for (id, proof) in other.proofs {
            self.proofs.entry(id).or_default().merge(&proof);
        }
    }

    /// Puts each proof into its finding.
    pub fn attach(&self, identities: &Identities, findings: &mut [UnusedFinding]) {
        for finding in findings
            .iter_mut()
            .filter(|f| f.finding_type == UnusedType::Permission)
        {
            let id = identities
                .principals
                .iter()
                .find(|i| i.arn == finding.resource)
                .map(|i| &i.id);
            if let Some(id) = id {
                finding.proof = Some(self.proofs.get(id).cloned().unwrap_or_default());
            }
        }
    }
}

/// The principal's policies after the recommended steps.
fn recommended_policies(identity: &Identity, steps: &[RecommendedStep]) -> Vec<Policy> {
    identity
        .policies
        .iter()
        .filter_map(|policy| {
            let id = policy.arn.clone().unwrap_or_else(|| policy.name.clone());
            let step = steps
                .iter()
                .find(|s| s.existing_policy_id == id && policy.via_group.is_none());
            match step {
                None => Some(policy.policy.clone()),
                Some(step) => step
                    .recommended_policy
                    .as_ref()
                    .and_then(|document| parse_policy_value(document).ok()),
            }
        })
        .collect()
}

/// The no-new-access proof of a recommendation: the principal's policies
/// after the steps (as one document: their statements together, which IAM
/// decides as it decides the separate policies) checked against its
/// current policies together.
fn recommendation_no_new_access(identity: &Identity, steps: &[RecommendedStep]) -> Value {
    let unknown = |reason: String| json!({"status": "unknown", "reason": reason});
    let mut statements = Vec::new();
    let mut versions = BTreeSet::new();
    for policy in &identity.policies {
        let id = policy.arn.clone().unwrap_or_else(|| policy.name.clone());
        let step = steps
            .iter()
            .find(|s| s.existing_policy_id == id && policy.via_group.is_none());
        let document = match step {
            None => &policy.document,
            Some(step) => match &step.recommended_policy {
                Some(document) => document,
                None => continue,
            },
        };
        versions.insert(
            document
                .get("Version")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        );
        match statement_values(document) {
            Some(listed) => statements.extend(listed),
            None => {
                return unknown(format!(
                    "{}: `Statement` is not a list or an object",
                    policy.describe()
                ))
            }
        }
    }
    if statements.is_empty() {
        return json!({"status": "proved", "reason": "the recommended policies grant nothing"});
    }
    if versions.len() > 1 {
        return unknown(format!(
            "the policies have different versions ({}): they cannot be read as one document",
            versions.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    let version = versions.into_iter().next().unwrap_or_default();
    let merged = if version.is_empty() {
        json!({"Statement": statements})
    } else {
        json!({"Version": version, "Statement": statements})
    };
    let recommended = match parse_policy_value(&merged) {
        Ok(p) => p,
        Err(e) => return unknown(format!("the recommended policies do not parse: {e}")),
    };
    let outcome = super::report::check_generated_policy(&recommended, identity);
    let status = match outcome.result {
        crate::question::check::CheckVerdict::Pass => "proved",
        crate::question::check::CheckVerdict::Fail => "failed",
        crate::question::check::CheckVerdict::Unknown => "unknown",
    };
    json!({
        "status": status,
        "reason": outcome.message,
        "classes": outcome.classes,
        "error": outcome.error,
        "complete": outcome.proof.complete,
    })
}

/// IAM's decision over a set of identity policies: an explicit deny in
/// any wins, then an allow in any.
fn decide(policies: &[Policy], request: &Request) -> Decision {
    let decisions: Vec<Decision> = policies
        .iter()
        .map(|p| evaluate(p, request).decision)
        .collect();
    if decisions.contains(&Decision::ExplicitDeny) {
        Decision::ExplicitDeny
    } else if decisions.contains(&Decision::Allow) {
        Decision::Allow
    } else {
        Decision::ImplicitDeny
    }
}

#[cfg(test)]
mod tests;
