//! `zoneproof generate`: the least-privilege identity policy for what one
//! principal did.
//!
//! Reading is split in two mergeable halves so that callers read files in
//! parallel: [`PrincipalActivity`] gathers what the principal's events
//! needed (pass 1), [`build_policy`] writes the policy, and
//! [`EventProof`] re-reads the events and checks, with the concrete
//! evaluator, that the generated policy allows every request of every
//! event (pass 2).
//!
//! The policy: one statement per service and set of resources, actions
//! sorted, resources generalised only as far as the events need
//! ([`super::generalise`]), `*` only for actions that take no resource (or
//! whose resource types are optional and the events named none), Sids
//! made of the service and the access levels (`S3ReadWrite`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::{json, Value};

use super::actor::{Actor, PrincipalId};
use super::generalise::ResourceTree;
use super::mapping::{Mapped, MappedResource, Mapper};
use super::request::eval_request;
use crate::catalog::{AccessLevel, Action};
use crate::eval::{evaluate, Decision};
use crate::inputs::cloudtrail::TrailEvent;
use crate::policy::Policy;
use crate::timestamp::Timestamp;

/// IAM's limit on a managed policy's size, in characters without white space.
pub const MANAGED_POLICY_SIZE_LIMIT: usize = 6_144;

/// Which events count.
#[derive(Debug, Clone)]
pub struct Window {
    /// Events at or after this time.
    pub since: Option<Timestamp>,
    /// Events before this time.
    pub until: Option<Timestamp>,
}

impl Window {
    /// Whether `time` is inside the window.
    pub fn contains(&self, time: Timestamp) -> bool {
        self.since.is_none_or(|since| time >= since) && self.until.is_none_or(|until| time < until)
    }
}

/// How one action was used.
#[derive(Debug, Clone)]
pub struct ActionUse {
    /// The action.
    pub action: &'static Action,
    /// Requests for it.
    pub requests: u64,
    /// Requests whose resource the events did not fully determine.
    pub partial_resources: u64,
    /// The last request's time.
    pub last_used: Timestamp,
    /// The resources, generalised.
    pub resources: ResourceTree,
}

/// Calls that were refused for lack of permission.
#[derive(Debug, Clone)]
pub struct DeniedUse {
    /// The action, or `eventSource eventName` when it is not mapped.
    pub action: String,
    /// The error code.
    pub error_code: String,
    /// Events.
    pub events: u64,
    /// The last one's time.
    pub last_seen: Timestamp,
    /// The resources tried.
    pub resources: ResourceTree,
}

/// Events that needed no permission, or that the mapping does not know.
#[derive(Debug, Clone)]
pub struct OtherUse {
    /// Why.
    pub reason: &'static str,
    /// Events.
    pub events: u64,
}

/// Counts of the events read.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventCounts {
    /// Events read from the trails.
    pub read: u64,
    /// Events of the principal (any time).
    pub of_principal: u64,
    /// Events of the principal in the window.
    pub in_window: u64,
    /// Of those, events that needed permissions and got them (or failed
    /// for another reason than authorization).
    pub granted: u64,
    /// Events refused for lack of permission.
    pub denied: u64,
    /// Events that need no IAM permission.
    pub no_permission_needed: u64,
    /// Events the mapping does not know.
    pub unmapped: u64,
}

/// What one principal's events needed, mergeable across files.
#[derive(Debug, Clone)]
pub struct PrincipalActivity {
    /// The principal.
    pub principal: PrincipalId,
    /// The window.
    pub window: Window,
    /// Distinct values a resource level keeps before it is generalised.
    pub max_exact: usize,
    /// Counts.
    pub counts: EventCounts,
    /// Used actions, by qualified name.
    pub used: BTreeMap<String, ActionUse>,
    /// Refused calls, by (action, error code).
    pub denied: BTreeMap<(String, String), DeniedUse>,
    /// Calls that need no permission, by `eventSource eventName`.
    pub no_permission: BTreeMap<String, OtherUse>,
    /// Calls the mapping does not know, by `eventSource eventName`.
    pub unmapped: BTreeMap<String, OtherUse>,
    /// The principal's ARN as the events give it (a role's with its path).
    pub arn: Option<String>,
    /// The first and last event of the principal in the window.
    pub span: Option<(Timestamp, Timestamp)>,
}

impl PrincipalActivity {
    /// An empty record for `principal`.
    pub fn new(principal: PrincipalId, window: Window, max_exact: usize) -> PrincipalActivity {
        PrincipalActivity {
            principal,
            window,
            max_exact,
            counts: EventCounts::default(),
            used: BTreeMap::new(),
            denied: BTreeMap::new(),
            no_permission: BTreeMap::new(),
            unmapped: BTreeMap::new(),
            arn: None,
            span: None,
        }
    }

    /// Adds one event (ignored unless it is the principal's, in the window).
    pub fn add(&mut self, mapper: &mut Mapper, event: &TrailEvent<'_>) {
        self.counts.read += 1;
        let Some((actor, time)) = self.select(event) else {
            return;
        };
        if let Actor::Principal { arn: Some(arn), .. } = &actor {
            if self.arn.is_none() {
                self.arn = Some(arn.clone());
            }
        }
        self.counts.in_window += 1;
        self.span = Some(match self.span {
            None => (time, time),
            Some((first, last)) => (first.min(time), last.max(time)),
        });
        let key = || {
            format!(
                "{} {}",
                event.event_source.as_deref().unwrap_or(""),
                event.event_name.as_deref().unwrap_or("")
            )
        };
        match mapper.map(event) {
            Mapped::NoPermission(reason) => {
                self.counts.no_permission_needed += 1;
                bump(&mut self.no_permission, key(), reason);
            }
            Mapped::Unmapped(reason) => {
                self.counts.unmapped += 1;
                if event.is_access_denied() {
                    self.counts.denied += 1;
                    self.add_denied(event, key(), None, time);
                } else {
                    bump(&mut self.unmapped, key(), reason.describe());
                }
            }
            Mapped::Requests(requests) if event.is_access_denied() => {
                self.counts.denied += 1;
                for request in requests {
                    self.add_denied(
                        event,
                        request.action.qualified_name(),
                        Some(&request.resource),
                        time,
                    );
                }
            }
            Mapped::Requests(requests) => {
                self.counts.granted += 1;
                for request in requests {
                    let entry = self
                        .used
                        .entry(request.action.qualified_name())
                        .or_insert_with(|| ActionUse {
                            action: request.action,
                            requests: 0,
                            partial_resources: 0,
                            last_used: time,
                            resources: ResourceTree::default(),
                        });
                    entry.requests += 1;
                    entry.last_used = entry.last_used.max(time);
                    if !request.resource.is_exact() {
                        entry.partial_resources += 1;
                    }
                    add_resource(&mut entry.resources, &request.resource, self.max_exact);
                }
            }
        }
    }

    /// The event's actor and time when it is the principal's and in the
    /// window; counts the principal's events.
    fn select(&mut self, event: &TrailEvent<'_>) -> Option<(Actor, Timestamp)> {
        let actor = Actor::of_event(event);
        if actor.principal() != Some(&self.principal) {
            return None;
        }
        self.counts.of_principal += 1;
        let time = event.time()?;
        self.window.contains(time).then_some((actor, time))
    }

    fn add_denied(
        &mut self,
        event: &TrailEvent<'_>,
        action: String,
        resource: Option<&MappedResource>,
        time: Timestamp,
    ) {
        let code = event.error_code.as_deref().unwrap_or("").to_string();
        let entry = self
            .denied
            .entry((action.clone(), code.clone()))
            .or_insert_with(|| DeniedUse {
                action,
                error_code: code,
                events: 0,
                last_seen: time,
                resources: ResourceTree::default(),
            });
        entry.events += 1;
        entry.last_seen = entry.last_seen.max(time);
        if let Some(resource) = resource {
            add_resource(&mut entry.resources, resource, self.max_exact);
        }
    }

    /// Adds everything `other` gathered.
    pub fn merge(&mut self, other: PrincipalActivity) {
        let counts = &mut self.counts;
        counts.read += other.counts.read;
        counts.of_principal += other.counts.of_principal;
        counts.in_window += other.counts.in_window;
        counts.granted += other.counts.granted;
        counts.denied += other.counts.denied;
        counts.no_permission_needed += other.counts.no_permission_needed;
        counts.unmapped += other.counts.unmapped;
        for (name, used) in other.used {
            match self.used.get_mut(&name) {
                Some(mine) => {
                    mine.requests += used.requests;
                    mine.partial_resources += used.partial_resources;
                    mine.last_used = mine.last_used.max(used.last_used);
                    mine.resources.merge(used.resources, self.max_exact);
                }
                None => {
                    self.used.insert(name, used);
                }
            }
        }
        for (key, denied) in other.denied {
            match self.denied.get_mut(&key) {
                Some(mine) => {
                    mine.events += denied.events;
                    mine.last_seen = mine.last_seen.max(denied.last_seen);
                    mine.resources.merge(denied.resources, self.max_exact);
                }
                None => {
                    self.denied.insert(key, denied);
                }
            }
        }
        for (key, other_use) in other.no_permission {
            self.no_permission
                .entry(key)
                .or_insert(OtherUse {
                    reason: other_use.reason,
                    events: 0,
                })
                .events += other_use.events;
        }
        for (key, other_use) in other.unmapped {
            self.unmapped
                .entry(key)
                .or_insert(OtherUse {
                    reason: other_use.reason,
                    events: 0,
                })
                .events += other_use.events;
        }
        if self.arn.is_none() {
            self.arn = other.arn;
        }
        self.span = match (self.span, other.span) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (mine, theirs) => mine.or(theirs),
        };
    }
}

fn bump(map: &mut BTreeMap<String, OtherUse>, key: String, reason: &'static str) {
    map.entry(key)
        .or_insert(OtherUse { reason, events: 0 })
        .events += 1;
}

fn add_resource(tree: &mut ResourceTree, resource: &MappedResource, max_exact: usize) {
    match resource {
        MappedResource::NoResource => tree.add_any(),
        MappedResource::Arn(arn) => tree.add(arn, max_exact),
    }
}

/// One statement of a generated policy, with what it is for.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedStatement {
    /// The Sid.
    pub sid: String,
    /// The service prefix.
    pub service: String,
    /// The actions, qualified and sorted.
    pub actions: Vec<String>,
    /// The resource patterns.
    pub resources: Vec<String>,
}

/// A generated policy.
#[derive(Debug, Clone)]
pub struct GeneratedPolicy {
    /// The policy document.
    pub document: Value,
    /// Its statements.
    pub statements: Vec<GeneratedStatement>,
    /// Its size in characters without white space, as IAM counts it.
    pub size: usize,
}

/// Writes the least-privilege policy for the actions `activity` used.
/// `None` when no action was used (an empty policy is not valid IAM).
pub fn build_policy(activity: &PrincipalActivity) -> Option<GeneratedPolicy> {
    // service -> resource patterns -> actions
    type Group = (Vec<&'static Action>, BTreeSet<&'static str>);
    let mut groups: BTreeMap<&str, BTreeMap<Vec<String>, Group>> = BTreeMap::new();
    for used in activity.used.values() {
        let (actions, types) = groups
            .entry(used.action.service)
            .or_default()
            .entry(used.resources.patterns())
            .or_default();
        actions.push(used.action);
        types.extend(used.resources.types());
    }
    let mut taken = BTreeSet::new();
    let mut statements = Vec::new();
    for (service, by_resources) in groups {
        for (resources, (mut actions, types)) in by_resources {
            actions.sort_by_key(|a| a.name.to_ascii_lowercase());
            let sid = unique_sid(&mut taken, service, &actions, &types, &resources);
            statements.push(GeneratedStatement {
                sid,
                service: service.to_string(),
                actions: actions.iter().map(|a| a.qualified_name()).collect(),
                resources,
            });
        }
    }
    if statements.is_empty() {
        return None;
    }
    let document = json!({
        "Version": "2012-10-17",
        "Statement": statements.iter().map(|s| json!({
            "Sid": s.sid,
            "Effect": "Allow",
            "Action": one_or_many(&s.actions),
            "Resource": one_or_many(&s.resources),
        })).collect::<Vec<_>>(),
    });
    let size = document
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .count();
    Some(GeneratedPolicy {
        document,
        statements,
        size,
    })
}

/// `kms` -> `Kms`, `log-group` -> `LogGroup`: letters and digits only.
fn pascal_case(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn one_or_many(items: &[String]) -> Value {
    match items {
        [one] => Value::from(one.clone()),
        many => Value::from(many.to_vec()),
    }
}

/// `S3ReadObject`, `KmsWriteKey`, `Ec2ListAnyResource`: the service in
/// Pascal case, the access levels of the actions, the resource types (or
/// `AnyResource` when the resource is `*`), and a number when that is
/// taken.
fn unique_sid(
    taken: &mut BTreeSet<String>,
    service: &str,
    actions: &[&Action],
    types: &BTreeSet<&str>,
    resources: &[String],
) -> String {
    let mut sid = pascal_case(service);
    let levels: BTreeSet<AccessLevel> = actions.iter().map(|a| a.access_level).collect();
    for level in levels {
        sid.push_str(match level {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions",
            AccessLevel::Tagging => "Tagging",
        });
    }
    if resources == ["*"] {
        sid.push_str("AnyResource");
    } else {
        for resource_type in types.iter().take(2) {
            sid.push_str(&pascal_case(resource_type));
        }
    }
    let base = sid.clone();
    let mut n = 2;
    while !taken.insert(sid.clone()) {
        sid = format!("{base}{n}");
        n += 1;
    }
    sid
}

/// The concrete half of the proof: every request of every event the
/// principal made in the window (and was not refused) is allowed by the
/// generated policy. Mergeable across files.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventProof {
    /// Events checked.
    pub events: u64,
    /// Requests checked (an event may need several).
    pub requests: u64,
    /// Requests whose resource had parts the event did not show (checked
    /// with a stand-in value where the policy has a wildcard).
    pub requests_with_unknown_parts: u64,
    /// Requests the policy does not allow, as `action resource: decision`
    /// (at most [`EventProof::MAX_COUNTEREXAMPLES`]).
    pub counterexamples: Vec<String>,
    /// Requests the policy does not allow, in all.
    pub not_allowed: u64,
    #[serde(skip)]
    decided: HashMap<(String, String), bool>,
}

impl EventProof {
    /// Counterexamples kept.
    pub const MAX_COUNTEREXAMPLES: usize = 20;
    /// Distinct requests whose decision is remembered.
    const CACHE_LIMIT: usize = 200_000;

    /// Checks one event against `policy` (ignored unless it is the
    /// principal's, in the window, needed permissions and was not refused).
    pub fn check(
        &mut self,
        activity: &PrincipalActivity,
        policy: &Policy,
        mapper: &mut Mapper,
        event: &TrailEvent<'_>,
    ) {
        let actor = Actor::of_event(event);
        if actor.principal() != Some(&activity.principal)
            || !event.time().is_some_and(|t| activity.window.contains(t))
            || event.is_access_denied()
        {
            return;
        }
        let Mapped::Requests(requests) = mapper.map(event) else {
            return;
        };
        self.events += 1;
        for request in &requests {
            self.requests += 1;
            if !request.resource.is_exact() {
                self.requests_with_unknown_parts += 1;
            }
            // The generated policy has no conditions: the decision depends
            // on the action and the resource only.
            let key = (request.action.qualified_name(), request.resource.value());
            if let Some(allowed) = self.decided.get(&key) {
                if !allowed {
                    self.not_allowed += 1;
                }
                continue;
            }
            let evaluation = evaluate(policy, &eval_request(event, &actor, request));
            let allowed = evaluation.decision == Decision::Allow;
            if !allowed {
                self.not_allowed += 1;
                if self.counterexamples.len() < Self::MAX_COUNTEREXAMPLES {
                    self.counterexamples
                        .push(format!("{} {}: {}", key.0, key.1, evaluation.decision));
                }
            }
            if self.decided.len() < Self::CACHE_LIMIT {
                self.decided.insert(key, allowed);
            }
        }
    }

    /// Adds what `other` checked.
    pub fn merge(&mut self, other: EventProof) {
        self.events += other.events;
        self.requests += other.requests;
        self.requests_with_unknown_parts += other.requests_with_unknown_parts;
        self.not_allowed += other.not_allowed;
        for example in other.counterexamples {
            if self.counterexamples.len() < Self::MAX_COUNTEREXAMPLES {
                self.counterexamples.push(example);
            }
        }
    }

    /// Whether every request was allowed.
    pub fn holds(&self) -> bool {
        self.not_allowed == 0
    }
}

#[cfg(test)]
mod tests;
