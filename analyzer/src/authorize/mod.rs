//! The whole IAM decision for one request: identity-based policies,
//! permissions boundary, session policy, SCPs, RCPs and the resource-based
//! policy, composed by IAM's evaluation logic (see [`decide`] for the rules
//! and `docs/authorization.md` for every decision where AWS is silent).
//!
//! Each policy is judged by the single-policy evaluator
//! ([`crate::eval::evaluate`]); this module finds the policies that apply,
//! builds the request context from the inputs, and combines the verdicts.
//!
//! # Example
//! ```
//! use std::path::Path;
//! use zoneproof_analyzer::authorize::{Authorizer, AuthorizeRequest};
//! use zoneproof_analyzer::eval::Decision;
//! use zoneproof_analyzer::inputs::InputSet;
//! let mut inputs = InputSet::default();
//! inputs.iam.add_authorization_details(Path::new("details.json"), &serde_json::json!({
//!     "UserDetailList": [{"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice",
//!         "UserPolicyList": [{"PolicyName": "read", "PolicyDocument": {"Version": "2012-10-17",
//!             "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}}}]}]
//! }));
//! let authorizer = Authorizer::new(&inputs);
//! let request = AuthorizeRequest::new(
//!     "arn:aws:iam::111122223333:user/alice", "s3:GetObject", "arn:aws:s3:::reports/q1.csv",
//! ).with_resource_account("111122223333");
//! let authorization = authorizer.authorize(&request).unwrap();
//! assert_eq!(authorization.decision, Decision::Allow);
//! assert_eq!(authorization.deciding_statements[0].policy, "read");
//! ```

pub(crate) mod caller;
pub(crate) mod ceiling;
mod context;
pub mod decide;
pub(crate) mod grant;
mod policies;
mod render;
pub(crate) mod resources;
pub(crate) mod specialize;
pub(crate) mod symbolic;
pub mod synthetic;
pub mod trace;
pub(crate) mod verdict;

use crate::eval::Context;
use crate::iam::{IamModel, IdentityPolicyKind};
use crate::inputs::{InputSet, ResourceInput};
use crate::organization::Organization;
use crate::policy::Policy;

pub use caller::DEFAULT_SESSION_NAME;
pub use ceiling::RCP_SERVICES;
pub use trace::{
    Authorization, Grant, LevelVerdict, PolicyType, PolicyVerdict, PrincipalSummary,
    ResourceSummary, StatementRef, TypeVerdict,
};

use caller::Caller;
use policies::{
    boundary_note, check_request, describe_entity, identity_verdict, resource_policy,
    resource_type_verdict, session_policy, session_verdict, single_verdict,
};
use resources::{Governing, ResourceIndex};
use verdict::Sourced;

/// One request to authorize.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorizeRequest {
    /// Who makes it: a principal ARN (user, role, role session
    /// `arn:aws:sts::ID:assumed-role/ROLE/SESSION`, federated user, root),
    /// an account id (its root user), `anonymous`, `service:NAME`,
    /// `federated:PROVIDER` or `canonical:ID`. A role ARN stands for a
    /// session of the role named [`DEFAULT_SESSION_NAME`].
    pub principal: String,
    /// The action, e.g. `s3:GetObject`.
    pub action: String,
    /// The resource ARN, or `*` for actions without a resource.
    pub resource: String,
    /// Condition keys the request carries (`aws:SourceIp`, request tags,
    /// session tags, ...). Keys derived from the inputs are added unless
    /// given here.
    pub context: Context,
    /// The session policy passed when the role session or federated user
    /// session was created.
    pub session_policy: Option<Policy>,
    /// For a federated user session: the IAM user that called
    /// `GetFederationToken` (its policies and boundary apply).
    pub federating_user: Option<String>,
    /// The account that owns the resource, when neither the inputs nor the
    /// ARN say (S3 buckets).
    pub resource_account: Option<String>,
}

impl AuthorizeRequest {
    /// A request with an empty context.
    pub fn new(
        principal: impl Into<String>,
        action: impl Into<String>,
        resource: impl Into<String>,
    ) -> AuthorizeRequest {
        AuthorizeRequest {
            principal: principal.into(),
            action: action.into(),
            resource: resource.into(),
            context: Context::new(),
            session_policy: None,
            federating_user: None,
            resource_account: None,
        }
    }

    /// The same request with a context.
    pub fn with_context(mut self, context: Context) -> AuthorizeRequest {
        self.context = context;
        self
    }

    /// The same request with a session policy.
    pub fn with_session_policy(mut self, policy: Policy) -> AuthorizeRequest {
        self.session_policy = Some(policy);
        self
    }

    /// The same request with the resource's owner account.
    pub fn with_resource_account(mut self, account: impl Into<String>) -> AuthorizeRequest {
        self.resource_account = Some(account.into());
        self
    }

    /// The same request made by a federated user session created by
    /// `user_arn`.
    pub fn with_federating_user(mut self, user_arn: impl Into<String>) -> AuthorizeRequest {
        self.federating_user = Some(user_arn.into());
        self
    }
}

/// Why a request cannot be decided from the inputs. Authorize fails
/// closed: a policy it needs but cannot read is an error, never ignored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorizeError {
    /// The principal is none of the accepted forms.
    #[error("{0}")]
    InvalidPrincipal(String),
    /// The request is inconsistent (a session policy for an IAM user, ...).
    #[error("{0}")]
    InvalidRequest(String),
    /// The principal's user or role is not in the inputs.
    #[error("principal {0}")]
    PrincipalNotInInputs(String),
    /// A policy that applies cannot be read or is not in the inputs.
    #[error("{policy} cannot be used: {reason}")]
    PolicyUnavailable {
        /// Which policy, e.g. ``managed policy `arn:...` attached to user `alice` ``.
        policy: String,
        /// Why.
        reason: String,
    },
}

/// Decides requests over the inputs: the IAM model, the organizations and
/// the resources. Build it once, then call [`Authorizer::authorize`] per
/// request (it does not modify anything, so requests can be decided from
/// several threads).
#[derive(Debug, Clone)]
pub struct Authorizer<'a> {
    iam: &'a IamModel,
    organizations: &'a [Organization],
    resources: std::sync::Arc<ResourceIndex>,
}

impl<'a> Authorizer<'a> {
    /// An authorizer over everything the input files hold.
    pub fn new(inputs: &'a InputSet) -> Authorizer<'a> {
        Authorizer::from_parts(&inputs.iam, &inputs.organizations, &inputs.resources)
    }

    /// An authorizer over an IAM model, organizations and resources.
    pub fn from_parts(
        iam: &'a IamModel,
        organizations: &'a [Organization],
        resources: &[ResourceInput],
    ) -> Authorizer<'a> {
        Authorizer {
            iam,
            organizations,
            resources: std::sync::Arc::new(ResourceIndex::new(resources)),
        }
    }

    /// The same organizations and resources over another IAM model (a
    /// changed copy of this one: what the account would be after a step of
    /// a privilege-escalation path). The resources are shared, not re-read.
    pub fn with_iam<'b>(&self, iam: &'b IamModel) -> Authorizer<'b>
    where
        'a: 'b,
    {
        Authorizer {
            iam,
            organizations: self.organizations,
            resources: std::sync::Arc::clone(&self.resources),
        }
    }

    /// The IAM model the authorizer reads.
    pub fn iam(&self) -> &'a IamModel {
        self.iam
    }

    /// The organizations the authorizer reads.
    pub fn organizations(&self) -> &'a [Organization] {
        self.organizations
    }

    /// The resources of the inputs with their parsed policies.
    pub(crate) fn indexed_resources(&self) -> &[resources::IndexedResource] {
        self.resources.all()
    }

    /// Decides one request and explains the decision.
    ///
    /// # Errors
    ///
    /// [`AuthorizeError`] when the principal is malformed or not in the
    /// inputs, or when a policy that applies cannot be read (a managed
    /// policy, group, SCP, RCP, key policy or trust policy that is missing
    /// or does not parse).
    pub fn authorize(&self, request: &AuthorizeRequest) -> Result<Authorization, AuthorizeError> {
        let prepared = self.prepare(request)?;
        let verdicts = prepared.gathered.verdicts(
            &prepared.caller,
            prepared.governing.as_ref(),
            &prepared.eval_request,
        );
        let outcome = decide::decide(&verdicts, &prepared.facts);
        let Prepared {
            caller,
            governing,
            resource_account,
            account_source,
            eval_request,
            gathered,
            facts,
        } = prepared;
        Ok(Authorization {
            decision: outcome.decision,
            reason: outcome.reason,
            principal: caller.summary(),
            action: request.action.clone(),
            resource: ResourceSummary {
                arn: request.resource.clone(),
                account: resource_account,
                account_source,
                policy_resource: governing.as_ref().map(|g| g.arn.to_string()),
                resource_type: governing
                    .as_ref()
                    .map(|g| g.resource_type.name().to_string()),
            },
            cross_account: caller.is_account_principal() && !facts.same_account,
            deciding_statements: outcome.deciding,
            policies: verdicts.all().into_iter().cloned().collect(),
            missing_context_values: context::missing_keys(gathered.all(), &eval_request),
            context: eval_request
                .context
                .iter()
                .map(|(key, values)| (key.to_string(), values.to_vec()))
                .collect(),
        })
    }

    /// Everything a decision needs before the policies are judged: the
    /// caller, the governing resource, the resource's account, the request
    /// with its derived context, the policies of each type and the facts
    /// of the evaluation logic. Shared by [`Authorizer::authorize`] and the
    /// symbolic questions, which judge the same policies as formulas.
    pub(crate) fn prepare<'s>(
        &'s self,
        request: &'s AuthorizeRequest,
    ) -> Result<Prepared<'s>, AuthorizeError> {
        let caller = Caller::resolve(
            self.iam,
            &request.principal,
            request.federating_user.as_deref(),
        )?;
        check_request(&caller, request)?;
        let governing = self
            .resources
            .governing(self.iam, &request.action, &request.resource);
        let (resource_account, account_source) =
            self.resource_account(request, &caller, governing.as_ref());
        let principal_org = caller.account().and_then(|a| self.organization_of(a));
        let resource_org = resource_account
            .as_deref()
            .and_then(|a| self.organization_of(a));
        let eval_request = context::request_for(
            &caller,
            &request.action,
            &request.resource,
            &request.context,
            resource_account.as_deref(),
            principal_org,
            resource_org,
        );
        let gathered = Gathered {
            identity: self.identity_policies(&caller)?,
            boundary: self.boundary_policy(&caller)?,
            session: session_policy(&caller, request.session_policy.as_ref()),
            scp: ceiling::service_control(principal_org, &caller)?,
            rcp: ceiling::resource_control(
                resource_org,
                resource_account.as_deref(),
                &request.action,
                &caller,
                governing.as_ref().is_some_and(|g| g.service_linked_role),
            )?,
            resource: match &governing {
                Some(governing) => resource_policy(Some(governing))?,
                None => {
                    policies::require_known_policy(&request.action, &request.resource)?;
                    None
                }
            },
        };
        let same_account =
            caller.account().is_some() && caller.account() == resource_account.as_deref();
        let facts = decide::Facts {
            same_account,
            account_principal: caller.is_account_principal(),
            must_allow: governing.as_ref().is_some_and(Governing::must_allow),
            resource_policy_name: governing
                .as_ref()
                .map_or("resource-based policy", Governing::policy_name),
            root: matches!(caller, Caller::Root { .. }),
            federated_user: matches!(caller, Caller::FederatedUser { .. }),
        };
        Ok(Prepared {
            caller,
            governing,
            resource_account,
            account_source,
            eval_request,
            gathered,
            facts,
        })
    }

    fn organization_of(&self, account: &str) -> Option<&'a Organization> {
        self.organizations
            .iter()
            .find(|org| org.contains_account(account))
    }

    /// The resource's owner: `--resource-account`, else the input that holds
    /// the governing policy, else the ARN's account, else (for `*` and ARNs
    /// without an account) the principal's account, as an assumption.
    fn resource_account(
        &self,
        request: &AuthorizeRequest,
        caller: &Caller<'_>,
        governing: Option<&Governing<'_>>,
    ) -> (Option<String>, String) {
        if let Some(account) = &request.resource_account {
            return (Some(account.clone()), "given".to_string());
        }
        if let Some(account) = governing.and_then(|g| g.account) {
            return (
                Some(account.to_string()),
                "the input that holds its policy".to_string(),
            );
        }
        if let Some(account) = self.resources.account_of(&request.resource) {
            return (Some(account.to_string()), "the inputs".to_string());
        }
        if let Some(account) = resources::arn_account(&request.resource) {
            return (Some(account), "its ARN".to_string());
        }
        match caller.account() {
            Some(account) => (
                Some(account.to_string()),
                "assumed to be the principal's (give --resource-account if not)".to_string(),
            ),
            None => (None, "unknown (give --resource-account)".to_string()),
        }
    }

    /// The identity-based policies of the caller's user or role.
    fn identity_policies(&self, caller: &Caller<'a>) -> Result<Vec<Sourced<'a>>, AuthorizeError> {
        let Some(entity) = caller.entity() else {
            return Ok(Vec::new());
        };
        let owner = describe_entity(entity);
        let mut out = Vec::new();
        for policy in self.iam.identity_policies(entity) {
            let document = policy
                .document
                .map_err(|gap| AuthorizeError::PolicyUnavailable {
                    policy: format!("an identity-based policy of {owner}"),
                    reason: gap.to_string(),
                })?;
            let attached_to = match (policy.kind, policy.via_group) {
                (IdentityPolicyKind::Inline, None) => "inline".to_string(),
                (IdentityPolicyKind::Managed, None) => "attached".to_string(),
                (IdentityPolicyKind::Inline, Some(group)) => format!("inline in group `{group}`"),
                (_, Some(group)) => format!("attached to group `{group}`"),
                (IdentityPolicyKind::Group, None) => "group".to_string(),
            };
            let parsed =
                document
                    .parsed
                    .as_ref()
                    .map_err(|error| AuthorizeError::PolicyUnavailable {
                        policy: format!("identity-based policy `{}` of {owner}", policy.name),
                        reason: format!("{}: {error}", document.origin),
                    })?;
            out.push(Sourced {
                policy_type: PolicyType::Identity,
                name: policy.name.to_string(),
                arn: policy.arn.map(str::to_string),
                attached_to,
                policy: parsed,
            });
        }
        Ok(out)
    }

    /// The caller's permissions boundary, if it has one.
    fn boundary_policy(&self, caller: &Caller<'a>) -> Result<Option<Sourced<'a>>, AuthorizeError> {
        let Some(entity) = caller.entity() else {
            return Ok(None);
        };
        let Some(boundary) = self.iam.permissions_boundary(entity) else {
            return Ok(None);
        };
        let unavailable = |reason: String| AuthorizeError::PolicyUnavailable {
            policy: format!(
                "the permissions boundary `{}` of {}",
                boundary.arn,
                describe_entity(entity)
            ),
            reason,
        };
        let document = boundary
            .document
            .map_err(|gap| unavailable(gap.to_string()))?;
        let policy = document
            .parsed
            .as_ref()
            .map_err(|error| unavailable(format!("{}: {error}", document.origin)))?;
        let name = self
            .iam
            .managed_policy(boundary.arn)
            .map_or_else(|| boundary.arn.to_string(), |p| p.name.clone());
        Ok(Some(Sourced {
            policy_type: PolicyType::PermissionsBoundary,
            name,
            arn: Some(boundary.arn.to_string()),
            attached_to: describe_entity(entity),
            policy,
        }))
    }
}

#[cfg(test)]
mod tests;

/// A request ready to be judged (see [`Authorizer::prepare`]).
pub(crate) struct Prepared<'s> {
    pub(crate) caller: Caller<'s>,
    pub(crate) governing: Option<Governing<'s>>,
    pub(crate) resource_account: Option<String>,
    pub(crate) account_source: String,
    pub(crate) eval_request: crate::eval::Request,
    pub(crate) gathered: Gathered<'s>,
    pub(crate) facts: decide::Facts<'static>,
}

/// The policies of each type that take part in a request.
pub(crate) struct Gathered<'p> {
    pub(crate) identity: Vec<Sourced<'p>>,
    pub(crate) boundary: Option<Sourced<'p>>,
    pub(crate) session: Option<Sourced<'p>>,
    pub(crate) scp: ceiling::Ceiling<'p>,
    pub(crate) rcp: ceiling::Ceiling<'p>,
    pub(crate) resource: Option<Sourced<'p>>,
}

impl<'p> Gathered<'p> {
    /// Each type's verdict on the request.
    fn verdicts(
        &self,
        caller: &Caller<'_>,
        governing: Option<&Governing<'_>>,
        request: &crate::eval::Request,
    ) -> decide::Verdicts {
        decide::Verdicts {
            identity: identity_verdict(caller, &self.identity, request),
            boundary: single_verdict(
                PolicyType::PermissionsBoundary,
                self.boundary.as_ref(),
                request,
                boundary_note(caller),
            ),
            session: session_verdict(caller, self.session.as_ref(), request),
            scp: ceiling::verdict(&self.scp, PolicyType::Scp, request),
            rcp: ceiling::verdict(&self.rcp, PolicyType::Rcp, request),
            resource: resource_type_verdict(
                self.resource.as_ref(),
                governing,
                request,
                caller,
                self.boundary.is_some(),
            ),
        }
    }

    /// Every policy that takes part.
    pub(crate) fn all(&self) -> impl Iterator<Item = &Sourced<'p>> {
        self.identity
            .iter()
            .chain(self.boundary.iter())
            .chain(self.session.iter())
            .chain(self.scp.policies())
            .chain(self.rcp.policies())
            .chain(self.resource.iter())
    }
}
