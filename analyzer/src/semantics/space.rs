//! The request space of a question: which actions a request can name, which
//! resources each action meets, which service condition keys its requests
//! can carry, and who can make it.
//!
//! The space is an input of the symbolic environment
//! ([`crate::encode::Environment`]): an action meets only the resource types
//! and condition keys the IAM catalog gives it. [`RequestSpace::for_resource`]
//! builds the space of one resource (the actions of its type on it, as the
//! external-access question uses); a catalog-wide space for identity
//! policies is built the same way, one [`SpaceAction`] per catalog action
//! with the resource patterns its resource types allow.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;
use zoneproof_encodings::pattern::Pattern;

use crate::catalog::{key_name_matches, Action, Catalog};
use crate::resource::{PolicyKind, ResourceType, TRUST_ACTIONS};

/// Who can make requests of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Callers {
    /// Anonymous callers, AWS principals, service principals and canonical
    /// users (actions on a resource with a resource policy). Web-identity
    /// and SAML callers act only by assuming roles.
    AnyButFederated,
    /// AWS and service principals (`sts:AssumeRole`).
    AssumeRole,
    /// SAML identity providers (`sts:AssumeRoleWithSAML`).
    Saml,
    /// OpenID Connect and other web identity providers
    /// (`sts:AssumeRoleWithWebIdentity`).
    WebIdentity,
    /// Nobody on its own: `sts:TagSession`, `sts:SetSourceIdentity` and
    /// `sts:SetContext` only accompany an assumption and grant nothing by
    /// themselves.
    Nobody,
}

/// One action of the space.
#[derive(Debug, Clone)]
pub struct SpaceAction {
    /// The qualified name, e.g. `s3:GetObject`.
    pub name: String,
    /// The catalog resource types it acts on (lowercase).
    pub kinds: Vec<&'static str>,
    /// The resource strings a request for it can name.
    pub resources: Vec<Pattern>,
    /// Who can make it.
    pub callers: Callers,
    /// Whether the action must stay in a class of its own (role trust
    /// actions differ in who can use them).
    pub alone: bool,
    catalog: Option<&'static Action>,
}

impl SpaceAction {
    /// An action of the catalog acting on `kinds`, whose requests name the
    /// `resources`.
    pub fn new(
        action: &'static Action,
        kinds: Vec<&'static str>,
        resources: Vec<Pattern>,
        callers: Callers,
    ) -> SpaceAction {
        SpaceAction {
            name: action.qualified_name(),
            kinds,
            resources,
            callers,
            alone: false,
            catalog: Some(action),
        }
    }

    /// Whether the catalog lists the service condition key `key` for this
    /// action: among the action's keys, the keys of the resource types it
    /// acts on here, or the keys that describe those resource types.
    pub fn lists_key(&self, key: &str) -> bool {
        let Some(action) = self.catalog else {
            return false;
        };
        let kinds = kind_addresses(&self.kinds);
        let listing = std::ptr::from_ref(action) as usize;
        let known = LISTED_KEYS.with(|memo| {
            let memo = memo.borrow();
            let (for_kinds, answers) = memo.get(&listing)?;
            (*for_kinds == kinds).then(|| answers.get(key).copied())?
        });
        if let Some(listed) = known {
            return listed;
        }
        let listed = catalog_lists_key(action, &self.kinds, key);
        LISTED_KEYS.with(|memo| {
            let mut memo = memo.borrow_mut();
            let entry = memo
                .entry(listing)
                .or_insert_with(|| (kinds.clone(), FxHashMap::default()));
            // One action is met with one list of resource types per
            // resource type; a second list replaces the first.
            if entry.0 != kinds {
                *entry = (kinds, FxHashMap::default());
            }
            entry.1.insert(key.to_string(), listed);
        });
        listed
    }
}

/// The answers of [`SpaceAction::lists_key`] for one catalog action: the
/// resource types they were given for, and per key whether it is listed.
type ListedKeys = (Vec<(usize, usize)>, FxHashMap<String, bool>);

thread_local! {
    /// [`SpaceAction::lists_key`]'s answers, per catalog action (by
    /// address): the catalog is fixed for the process, and every resource's
    /// environment asks the same few keys of every action of its type.
    static LISTED_KEYS: RefCell<FxHashMap<usize, ListedKeys>> =
        RefCell::new(FxHashMap::default());
}

/// A list of catalog resource types (static strings) as addresses and
/// lengths, to compare without comparing text.
fn kind_addresses(kinds: &[&'static str]) -> Vec<(usize, usize)> {
    kinds
        .iter()
        .map(|k| (k.as_ptr() as usize, k.len()))
        .collect()
}

/// Whether the catalog lists `key` for `action` acting on `kinds` (see
/// [`SpaceAction::lists_key`]).
fn catalog_lists_key(action: &'static Action, kinds: &[&'static str], key: &str) -> bool {
    let matches = |names: &[&'static str]| names.iter().any(|n| key_name_matches(n, key));
    if matches(&action.condition_keys) {
        return true;
    }
    let service = Catalog::get().service(action.service);
    kinds.iter().any(|kind| {
        action
            .resource_type(kind)
            .is_some_and(|r| matches(&r.condition_keys))
            || service
                .and_then(|s| s.resource_type(kind))
                .is_some_and(|r| matches(&r.condition_keys))
    })
}

/// Why a request space could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpaceError {
    /// The catalog knows no action for the resource type.
    #[error("the IAM catalog lists no action of `{service}` for {resource_type}")]
    NoActions {
        /// The service.
        service: String,
        /// The resource type.
        resource_type: String,
    },
    /// The catalog could not be read for the type.
    #[error("IAM catalog: {0}")]
    Catalog(String),
}

/// The requests a question ranges over.
#[derive(Debug, Clone)]
pub struct RequestSpace {
    /// The partition of the resources (and of the principals that can reach
    /// them: requests do not cross partitions).
    pub partition: String,
    /// The actions.
    pub actions: Vec<SpaceAction>,
}

impl RequestSpace {
    /// The requests on one resource: the catalog actions of its type that
    /// act on it, each naming the resource (or an object, version, alias or
    /// index under it, as the type says).
    ///
    /// # Errors
    /// When the catalog has no action for the type.
    pub fn for_resource(
        resource_type: ResourceType,
        arn: &str,
    ) -> Result<RequestSpace, SpaceError> {
        let partition = crate::resource::split_arn(arn)
            .map_or("aws", |p| p.partition)
            .to_string();
        let actions = type_actions(resource_type)?;
        let mut patterns: FxHashMap<(usize, usize), Vec<Pattern>> = FxHashMap::default();
        let mut space = Vec::with_capacity(actions.len());
        for entry in actions.iter() {
            let mut resources = Vec::new();
            for kind in &entry.kinds {
                let of_kind = patterns
                    .entry((kind.as_ptr() as usize, kind.len()))
                    .or_insert_with(|| resource_type.resource_patterns(kind, arn));
                resources.extend(of_kind.iter().cloned());
            }
            space.push(SpaceAction {
                name: entry.name.clone(),
                kinds: entry.kinds.clone(),
                resources,
                callers: entry.callers,
                alone: entry.alone,
                catalog: Some(entry.action),
            });
        }
        Ok(RequestSpace {
            partition,
            actions: space,
        })
    }
}

/// The part of a resource type's request space that does not depend on the
/// resource: one catalog action acting on the type.
struct TypeAction {
    action: &'static Action,
    name: String,
    kinds: Vec<&'static str>,
    callers: Callers,
    alone: bool,
}

/// The catalog actions of each resource type met so far (the catalog is
/// fixed for the process; each resource of a type asks the same list).
type TypeActions = HashMap<ResourceType, Arc<[TypeAction]>>;

static TYPE_ACTIONS: OnceLock<Mutex<TypeActions>> = OnceLock::new();

/// The actions of a resource type's request space, built once per type.
fn type_actions(resource_type: ResourceType) -> Result<Arc<[TypeAction]>, SpaceError> {
    let cache = TYPE_ACTIONS.get_or_init(|| Mutex::new(HashMap::new()));
    let cached = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(&resource_type)
        .cloned();
    if let Some(actions) = cached {
        return Ok(actions);
    }
    let actions: Arc<[TypeAction]> = build_type_actions(resource_type)?.into();
    cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(resource_type, Arc::clone(&actions));
    Ok(actions)
}

fn build_type_actions(resource_type: ResourceType) -> Result<Vec<TypeAction>, SpaceError> {
    let actions = resource_type
        .catalog_actions()
        .map_err(|e| SpaceError::Catalog(e.to_string()))?;
    let trust = resource_type.policy_kind() == PolicyKind::Trust;
    let mut out = Vec::new();
    for (action, kinds) in actions {
        let name = action.qualified_name();
        if !resource_type.admits_action(&name) {
            continue;
        }
        let callers = if trust {
            trust_callers(&name)
        } else {
            Callers::AnyButFederated
        };
        out.push(TypeAction {
            action,
            name,
            kinds,
            callers,
            alone: trust,
        });
    }
    if out.is_empty() {
        return Err(SpaceError::NoActions {
            service: resource_type.service().to_string(),
            resource_type: resource_type.name().to_string(),
        });
    }
    Ok(out)
}

/// Who can make a role trust action.
fn trust_callers(action: &str) -> Callers {
    let is = |name: &str| action.eq_ignore_ascii_case(name);
    if is("sts:AssumeRole") {
        Callers::AssumeRole
    } else if is("sts:AssumeRoleWithSAML") {
        Callers::Saml
    } else if is("sts:AssumeRoleWithWebIdentity") {
        Callers::WebIdentity
    } else {
        debug_assert!(TRUST_ACTIONS.iter().any(|a| is(a)));
        Callers::Nobody
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_sqs_queue_meets_sqs_actions_and_their_keys_only() {
        let space = RequestSpace::for_resource(
            ResourceType::SqsQueue,
            "arn:aws:sqs:us-east-1:111122223333:q",
        )
        .unwrap();
        assert!(space.actions.iter().all(|a| a.name.starts_with("sqs:")));
        assert!(space
            .actions
            .iter()
            .all(|a| !a.lists_key("s3:ResourceAccount")));
        let bucket = RequestSpace::for_resource(ResourceType::S3Bucket, "arn:aws:s3:::b").unwrap();
        let get = bucket
            .actions
            .iter()
            .find(|a| a.name == "s3:GetObject")
            .unwrap();
        assert!(get.lists_key("s3:ResourceAccount"));
        assert!(get.lists_key("s3:ExistingObjectTag/team"));
        assert!(!get.lists_key("s3:prefix"));
    }
}
