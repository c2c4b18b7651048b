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
        let matches = |names: &[&'static str]| names.iter().any(|n| key_name_matches(n, key));
        if matches(&action.condition_keys) {
            return true;
        }
        let service = Catalog::get().service(action.service);
        self.kinds.iter().any(|kind| {
            action
                .resource_type(kind)
                .is_some_and(|r| matches(&r.condition_keys))
                || service
                    .and_then(|s| s.resource_type(kind))
                    .is_some_and(|r| matches(&r.condition_keys))
        })
    }
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
        let service = resource_type.service();
        let actions = resource_type
            .catalog_actions()
            .map_err(|e| SpaceError::Catalog(e.to_string()))?;
        let trust = resource_type.policy_kind() == PolicyKind::Trust;
        let mut space = Vec::new();
        for (action, kinds) in actions {
            let name = action.qualified_name();
            if !resource_type.admits_action(&name) {
                continue;
            }
            let resources = kinds
                .iter()
                .flat_map(|kind| resource_type.resource_patterns(kind, arn))
                .collect();
            let callers = if trust {
                trust_callers(&name)
            } else {
                Callers::AnyButFederated
            };
            let mut entry = SpaceAction::new(action, kinds, resources, callers);
            entry.alone = trust;
            space.push(entry);
        }
        if space.is_empty() {
            return Err(SpaceError::NoActions {
                service: service.to_string(),
                resource_type: resource_type.name().to_string(),
            });
        }
        Ok(RequestSpace {
            partition,
            actions: space,
        })
    }
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
