//! What a principal is allowed to do, action by action: the other side of
//! "used" in unused-access findings and in `generate`'s summary of what the
//! current policies grant beyond the events.
//!
//! [`AllowedActions`] is the interface; [`IdentityPolicyActions`] is the
//! view this module has today: the principal's identity policies alone
//! (inline, attached managed and group policies, within the permissions
//! boundary) evaluated by the concrete evaluator's action semantics
//! ([`action_clause_matches`]) over every action of the IAM catalog. An
//! action is allowed when some Allow statement names it (on some resource,
//! under some condition: an upper bound) and no Deny statement without
//! condition, on every resource, names it. The whole-IAM symbolic `can`
//! view (resource policies, SCPs, RCPs, session policies, conditions
//! decided by the solver) will implement the same trait.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::catalog::{Action, Catalog};
use crate::eval::action_clause_matches;
use crate::inputs::identities::{Identity, IdentityPolicy};
use crate::policy::{Effect, Policy, Statement};

/// The actions a principal is allowed, by service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedSet {
    /// Service prefix -> action names (as the catalog spells them).
    pub actions: BTreeMap<&'static str, BTreeSet<&'static str>>,
    /// False when some of the principal's policies could not be read (a
    /// managed policy missing from the export): more may be allowed.
    pub complete: bool,
    /// Why the set is incomplete.
    pub notes: Vec<String>,
}

impl AllowedSet {
    /// The number of actions.
    pub fn len(&self) -> usize {
        self.actions.values().map(BTreeSet::len).sum()
    }

    /// Whether no action is allowed.
    pub fn is_empty(&self) -> bool {
        self.actions.values().all(BTreeSet::is_empty)
    }

    /// Whether `service:action` is in the set (names as in the catalog).
    pub fn contains(&self, service: &str, action: &str) -> bool {
        self.actions
            .get(service)
            .is_some_and(|a| a.contains(action))
    }
}

/// What a principal is allowed to do.
pub trait AllowedActions {
    /// The actions `identity` is allowed.
    fn allowed_actions(&self, identity: &Identity) -> AllowedSet;

    /// How the set was computed, for reports.
    fn describe(&self) -> &'static str;
}

/// Identity policies alone, by the concrete evaluator's action semantics
/// over the catalog. Managed policies' action sets are computed once.
#[derive(Debug, Default)]
pub struct IdentityPolicyActions {
    cache: std::sync::Mutex<HashMap<String, Arc<PolicyActions>>>,
}

/// An action by (service prefix, name), as the catalog spells them.
type ActionKey = (&'static str, &'static str);

/// The actions one policy allows and unconditionally denies.
#[derive(Debug, Default)]
struct PolicyActions {
    allowed: BTreeSet<ActionKey>,
    denied: BTreeSet<ActionKey>,
}

impl AllowedActions for IdentityPolicyActions {
    fn allowed_actions(&self, identity: &Identity) -> AllowedSet {
        let mut allowed: BTreeSet<ActionKey> = BTreeSet::new();
        let mut denied: BTreeSet<ActionKey> = BTreeSet::new();
        for policy in &identity.policies {
            let actions = self.policy_actions(policy);
            allowed.extend(actions.allowed.iter().copied());
            denied.extend(actions.denied.iter().copied());
        }
        if let Some(boundary) = &identity.boundary {
            let within = self.policy_actions(boundary);
            allowed.retain(|a| within.allowed.contains(a));
            denied.extend(within.denied.iter().copied());
        }
        let mut set = AllowedSet {
            complete: identity.missing_policies.is_empty(),
            notes: identity
                .missing_policies
                .iter()
                .map(|arn| {
                    format!("managed policy {arn} is attached but not in the authorization details")
                })
                .collect(),
            ..AllowedSet::default()
        };
        for (service, name) in allowed.difference(&denied) {
            set.actions.entry(service).or_default().insert(name);
        }
        set
    }

    fn describe(&self) -> &'static str {
        "identity policies (inline, managed, groups, within the permissions boundary), actions by the concrete evaluator over the IAM catalog"
    }
}

impl IdentityPolicyActions {
    fn policy_actions(&self, policy: &IdentityPolicy) -> Arc<PolicyActions> {
        let Some(arn) = &policy.arn else {
            return Arc::new(policy_actions(&policy.policy));
        };
        if let Some(found) = self.cache.lock().ok().and_then(|c| c.get(arn).cloned()) {
            return found;
        }
        let computed = Arc::new(policy_actions(&policy.policy));
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(arn.clone(), Arc::clone(&computed));
        }
        computed
    }
}

fn policy_actions(policy: &Policy) -> PolicyActions {
    let mut out = PolicyActions::default();
    for statement in &policy.statements {
        match statement.effect {
            Effect::Allow => out.allowed.extend(statement_actions(statement)),
            Effect::Deny if denies_everywhere(statement) => {
                out.denied.extend(statement_actions(statement))
            }
            Effect::Deny => {}
        }
    }
    out
}

/// A Deny that applies to every resource under every condition.
fn denies_everywhere(statement: &Statement) -> bool {
    statement.conditions.is_empty()
        && statement
            .resource
            .as_ref()
            .is_none_or(|r| !r.negated && r.patterns.iter().any(|p| p == "*"))
}

/// The catalog actions the statement's `Action`/`NotAction` matches.
fn statement_actions(statement: &Statement) -> Vec<ActionKey> {
    let catalog = Catalog::get();
    let services: Vec<&str> = if statement.action.negated {
        catalog.service_prefixes().collect()
    } else {
        let mut named = BTreeSet::new();
        for pattern in &statement.action.patterns {
            match pattern.split_once(':') {
                Some((service, _)) if !service.contains(['*', '?']) => {
                    named.insert(service.to_ascii_lowercase());
                }
                _ => return all_matching(catalog, statement, catalog.service_prefixes().collect()),
            }
        }
        return all_matching(
            catalog,
            statement,
            named.iter().map(String::as_str).collect(),
        );
    };
    all_matching(catalog, statement, services)
}

fn all_matching(
    catalog: &'static Catalog,
    statement: &Statement,
    services: Vec<&str>,
) -> Vec<ActionKey> {
    let mut name = String::new();
    services
        .into_iter()
        .filter_map(|prefix| catalog.service(prefix))
        .flat_map(|service| service.actions.iter())
        .filter(|action| {
            name.clear();
            name.push_str(action.service);
            name.push(':');
            name.push_str(action.name);
            action_clause_matches(&statement.action, &name)
        })
        .map(|action: &'static Action| (action.service, action.name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::actor::{PrincipalId, PrincipalKind};
    use crate::policy::parse_policy;

    fn identity(documents: &[&str], boundary: Option<&str>) -> Identity {
        let policy = |text: &str| IdentityPolicy {
            name: "p".into(),
            arn: None,
            via_group: None,
            document: serde_json::from_str(text).unwrap(),
            policy: parse_policy(text).unwrap(),
        };
        Identity {
            id: PrincipalId::new("111122223333", PrincipalKind::Role, "r"),
            arn: "arn:aws:iam::111122223333:role/r".into(),
            created: None,
            last_used: None,
            service_linked: false,
            policies: documents.iter().map(|d| policy(d)).collect(),
            boundary: boundary.map(policy),
            missing_policies: Vec::new(),
        }
    }

    #[test]
    fn wildcards_expand_over_the_catalog_and_unconditional_denies_remove() {
        let set = IdentityPolicyActions::default().allowed_actions(&identity(
            &[
                r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "sqs:SendMessage"], "Resource": "*"}]}"#,
                r#"{"Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"},
                    {"Effect": "Deny", "Action": "s3:GetBucketPolicy", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#,
            ],
            None,
        ));
        assert!(
            set.contains("s3", "GetBucketPolicy"),
            "a conditional deny leaves the action allowed somewhere"
        );
        assert!(!set.contains("s3", "GetObject"));
        assert!(set.contains("s3", "GetObjectTagging"));
        assert!(set.contains("sqs", "SendMessage"));
        assert!(!set.contains("s3", "PutObject"));
        assert!(set.complete);
    }

    #[test]
    fn not_action_and_boundaries() {
        let set = IdentityPolicyActions::default().allowed_actions(&identity(
            &[r#"{"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}"#],
            Some(r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:*", "iam:GetRole"], "Resource": "*"}]}"#),
        ));
        assert!(set.contains("s3", "PutObject"));
        assert!(!set.contains("iam", "GetRole"));
        assert!(!set.contains("ec2", "RunInstances"));
        assert_eq!(set.actions.keys().copied().collect::<Vec<_>>(), ["s3"]);
    }
}
