//! The IAM of one or many accounts: users, groups, roles, managed policies
//! and permissions boundaries, as `aws iam get-account-authorization-details`
//! describes them.
//!
//! [`IamModel`] gathers any number of authorization-details documents (one
//! per account, or the pages of one account's output) and answers the
//! questions the rest of zoneproof asks: who is this principal ARN, which
//! identity-based policies apply to it (its own inline and attached
//! policies, and for a user those of its groups), which permissions
//! boundary limits it, and what does a role's trust policy say.
//!
//! Every policy document is decoded (the IAM API returns them URL-encoded,
//! the AWS CLI as objects or JSON strings, depending on the version) and
//! parsed once when read; a document that does not parse stays in the model
//! with its [`PolicyError`](crate::policy::PolicyError) so that a question
//! that needs it fails closed rather than ignoring it.
//!
//! # Example
//! ```
//! use std::path::Path;
//! use zoneproof_analyzer::iam::IamModel;
//! let details = serde_json::json!({
//!     "UserDetailList": [{
//!         "UserName": "alice", "Path": "/", "UserId": "AIDAEXAMPLE",
//!         "Arn": "arn:aws:iam::111122223333:user/alice",
//!         "GroupList": ["dev"],
//!         "UserPolicyList": [{"PolicyName": "own", "PolicyDocument": {
//!             "Version": "2012-10-17",
//!             "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}}}],
//!         "AttachedManagedPolicies": []
//!     }],
//!     "GroupDetailList": [{
//!         "GroupName": "dev", "Path": "/", "Arn": "arn:aws:iam::111122223333:group/dev",
//!         "GroupPolicyList": [],
//!         "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess",
//!             "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]
//!     }],
//!     "RoleDetailList": [], "Policies": []
//! });
//! let mut model = IamModel::new();
//! let errors = model.add_authorization_details(Path::new("details.json"), &details);
//! assert!(errors.is_empty());
//! let alice = model.find_principal("arn:aws:iam::111122223333:user/alice").unwrap();
//! let policies = model.identity_policies(alice);
//! assert_eq!(policies.len(), 2);
//! assert_eq!(policies[1].via_group, Some("dev"));
//! // The AWS managed policy's document is not in this input.
//! assert!(policies[1].document.is_err());
//! ```

mod model;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde_json::Value;

use crate::inputs::InputError;
use crate::policy::AwsIdentity;

pub use model::{
    AttachedPolicy, DocumentOrigin, Group, InlinePolicy, ManagedPolicy, PolicyDocument,
    PolicyVersion, Role, RoleLastUsed, Tag, User,
};

/// The IAM entities of every account read, and the managed policies.
#[derive(Debug, Clone, Default)]
pub struct IamModel {
    accounts: BTreeMap<String, AccountIam>,
    managed_policies: BTreeMap<String, ManagedPolicy>,
}

/// The users, groups and roles of one account, by name.
#[derive(Debug, Clone, Default)]
pub struct AccountIam {
    /// The 12-digit account id.
    pub account: String,
    /// Users by `UserName`.
    pub users: BTreeMap<String, User>,
    /// Groups by `GroupName`.
    pub groups: BTreeMap<String, Group>,
    /// Roles by `RoleName`.
    pub roles: BTreeMap<String, Role>,
}

/// An IAM entity that can be a principal: a user or a role.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entity<'a> {
    /// An IAM user.
    User(&'a User),
    /// An IAM role (a request is made by one of its sessions).
    Role(&'a Role),
}

impl<'a> Entity<'a> {
    /// The entity's ARN.
    pub fn arn(&self) -> &'a str {
        match self {
            Entity::User(user) => &user.arn,
            Entity::Role(role) => &role.arn,
        }
    }

    /// The entity's name.
    pub fn name(&self) -> &'a str {
        match self {
            Entity::User(user) => &user.name,
            Entity::Role(role) => &role.name,
        }
    }

    /// The ARN of the entity's permissions boundary, if it has one.
    pub fn permissions_boundary(&self) -> Option<&'a str> {
        match self {
            Entity::User(user) => user.permissions_boundary.as_deref(),
            Entity::Role(role) => role.permissions_boundary.as_deref(),
        }
    }

    /// The entity's tags (the values of `aws:PrincipalTag/KEY`).
    pub fn tags(&self) -> &'a [Tag] {
        match self {
            Entity::User(user) => &user.tags,
            Entity::Role(role) => &role.tags,
        }
    }
}

/// Where an identity-based policy comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityPolicyKind {
    /// An inline policy of the entity (or of its group).
    Inline,
    /// A managed policy attached to the entity (or to its group).
    Managed,
    /// A group the user belongs to, which is not in the inputs.
    Group,
}

/// One identity-based policy that applies to an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityPolicy<'a> {
    /// Inline or managed.
    pub kind: IdentityPolicyKind,
    /// The policy name (for a missing group: the group name).
    pub name: &'a str,
    /// The ARN of a managed policy.
    pub arn: Option<&'a str>,
    /// The group the policy comes from, for a user's group policies.
    pub via_group: Option<&'a str>,
    /// The document, or why it is not available.
    pub document: Result<&'a PolicyDocument, PolicyGap>,
}

/// A policy that applies but whose document the inputs do not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyGap {
    /// A managed policy that is not in any input's `Policies`.
    ManagedPolicyNotInInputs(String),
    /// A managed policy whose versions include no default version.
    NoDefaultVersion(String),
    /// A group named in a user's `GroupList` that is not in the inputs.
    GroupNotInInputs(String),
}

impl fmt::Display for PolicyGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyGap::ManagedPolicyNotInInputs(arn) => write!(
                f,
                "managed policy `{arn}` is not in the inputs (include it in the authorization details: \
                 `aws iam get-account-authorization-details` lists AWS managed policies that are attached)"
            ),
            PolicyGap::NoDefaultVersion(arn) => {
                write!(f, "managed policy `{arn}` has no default version in the inputs")
            }
            PolicyGap::GroupNotInInputs(name) => write!(f, "group `{name}` is not in the inputs"),
        }
    }
}

/// A permissions boundary: its ARN and the policy, when in the inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary<'a> {
    /// The managed policy's ARN.
    pub arn: &'a str,
    /// Its document in effect, or why it is not available.
    pub document: Result<&'a PolicyDocument, PolicyGap>,
}

impl IamModel {
    /// An empty model.
    pub fn new() -> IamModel {
        IamModel::default()
    }

    /// Adds the entities of one `aws iam get-account-authorization-details`
    /// document read from `file`; returns one error per entry that could not
    /// be read (each names the file and the JSON pointer), the others are
    /// added. An entity already in the model (same account and name) is kept
    /// and the new one reported as a duplicate, unless both are equal.
    pub fn add_authorization_details(&mut self, file: &Path, document: &Value) -> Vec<InputError> {
        crate::inputs::authorization_details::read_model(self, file, document)
    }

    /// Whether the model holds nothing.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.managed_policies.is_empty()
    }

    /// The accounts read, by account id.
    pub fn accounts(&self) -> impl Iterator<Item = &AccountIam> {
        self.accounts.values()
    }

    /// One account's entities.
    pub fn account(&self, account: &str) -> Option<&AccountIam> {
        self.accounts.get(account)
    }

    /// Every user of every account, ordered by account and name.
    pub fn users(&self) -> impl Iterator<Item = &User> {
        self.accounts.values().flat_map(|a| a.users.values())
    }

    /// Every role of every account, ordered by account and name.
    pub fn roles(&self) -> impl Iterator<Item = &Role> {
        self.accounts.values().flat_map(|a| a.roles.values())
    }

    /// Every managed policy, by ARN.
    pub fn managed_policies(&self) -> impl Iterator<Item = &ManagedPolicy> {
        self.managed_policies.values()
    }

    /// A managed policy by ARN.
    pub fn managed_policy(&self, arn: &str) -> Option<&ManagedPolicy> {
        self.managed_policies.get(arn)
    }

    /// A user by account and name.
    pub fn user(&self, account: &str, name: &str) -> Option<&User> {
        self.accounts.get(account)?.users.get(name)
    }

    /// A group by account and name.
    pub fn group(&self, account: &str, name: &str) -> Option<&Group> {
        self.accounts.get(account)?.groups.get(name)
    }

    /// A role by account and name.
    pub fn role(&self, account: &str, name: &str) -> Option<&Role> {
        self.accounts.get(account)?.roles.get(name)
    }

    /// The entity a principal ARN stands for: a user ARN its user, a role
    /// ARN or a role session ARN (`arn:aws:sts::A:assumed-role/R/S`) its
    /// role. Names are unique within an account whatever the path, so the
    /// ARN's path is not compared. `None` for other principals and for
    /// entities not in the model.
    pub fn find_principal(&self, arn: &str) -> Option<Entity<'_>> {
        match AwsIdentity::parse(arn)? {
            AwsIdentity::User { account, .. } => {
                let identity = AwsIdentity::parse(arn)?;
                self.user(&account, identity.name()).map(Entity::User)
            }
            AwsIdentity::Role { account, .. } => {
                let identity = AwsIdentity::parse(arn)?;
                self.role(&account, identity.name()).map(Entity::Role)
            }
            AwsIdentity::AssumedRole { account, role, .. } => {
                self.role(&account, &role).map(Entity::Role)
            }
            AwsIdentity::Root { .. } | AwsIdentity::FederatedUser { .. } => None,
        }
    }

    /// The identity-based policies of an entity, in the order AWS lists
    /// them: its inline policies, its attached managed policies, then for a
    /// user each group's inline and attached policies (`GroupList` order).
    pub fn identity_policies<'a>(&'a self, entity: Entity<'a>) -> Vec<IdentityPolicy<'a>> {
        let mut out = Vec::new();
        match entity {
            Entity::User(user) => {
                self.push_policies(
                    &mut out,
                    &user.inline_policies,
                    &user.attached_policies,
                    None,
                );
                let account = account_of(&user.arn);
                for group_name in &user.groups {
                    match self.group(account, group_name) {
                        Some(group) => self.push_policies(
                            &mut out,
                            &group.inline_policies,
                            &group.attached_policies,
                            Some(group_name),
                        ),
                        None => out.push(IdentityPolicy {
                            kind: IdentityPolicyKind::Group,
                            name: group_name,
                            arn: None,
                            via_group: Some(group_name),
                            document: Err(PolicyGap::GroupNotInInputs(group_name.clone())),
                        }),
                    }
                }
            }
            Entity::Role(role) => self.push_policies(
                &mut out,
                &role.inline_policies,
                &role.attached_policies,
                None,
            ),
        }
        out
    }

    /// The entity's permissions boundary, if it has one.
    pub fn permissions_boundary<'a>(&'a self, entity: Entity<'a>) -> Option<Boundary<'a>> {
        let arn = entity.permissions_boundary()?;
        Some(Boundary {
            arn,
            document: self.managed_document(arn),
        })
    }

    /// The document in effect of a managed policy, or why it is missing.
    pub fn managed_document(&self, arn: &str) -> Result<&PolicyDocument, PolicyGap> {
        let policy = self
            .managed_policy(arn)
            .ok_or_else(|| PolicyGap::ManagedPolicyNotInInputs(arn.to_string()))?;
        policy
            .default_document()
            .ok_or_else(|| PolicyGap::NoDefaultVersion(arn.to_string()))
    }

    fn push_policies<'a>(
        &'a self,
        out: &mut Vec<IdentityPolicy<'a>>,
        inline: &'a [InlinePolicy],
        attached: &'a [AttachedPolicy],
        via_group: Option<&'a str>,
    ) {
        out.extend(inline.iter().map(|policy| IdentityPolicy {
            kind: IdentityPolicyKind::Inline,
            name: &policy.name,
            arn: None,
            via_group,
            document: Ok(&policy.document),
        }));
        out.extend(attached.iter().map(|policy| IdentityPolicy {
            kind: IdentityPolicyKind::Managed,
            name: &policy.name,
            arn: Some(&policy.arn),
            via_group,
            document: self.managed_document(&policy.arn),
        }));
    }

    /// A user to change, by account and name.
    pub(crate) fn user_mut(&mut self, account: &str, name: &str) -> Option<&mut User> {
        self.accounts.get_mut(account)?.users.get_mut(name)
    }

    /// A role to change, by account and name.
    pub(crate) fn role_mut(&mut self, account: &str, name: &str) -> Option<&mut Role> {
        self.accounts.get_mut(account)?.roles.get_mut(name)
    }

    /// A managed policy to change, by ARN.
    pub(crate) fn managed_policy_mut(&mut self, arn: &str) -> Option<&mut ManagedPolicy> {
        self.managed_policies.get_mut(arn)
    }

    pub(crate) fn account_mut(&mut self, account: &str) -> &mut AccountIam {
        self.accounts
            .entry(account.to_string())
            .or_insert_with(|| AccountIam {
                account: account.to_string(),
                ..AccountIam::default()
            })
    }

    /// Inserts a managed policy; `false` (and nothing changes) when a
    /// different policy with the same ARN is already there.
    pub(crate) fn insert_managed_policy(&mut self, policy: ManagedPolicy) -> bool {
        match self.managed_policies.get(&policy.arn) {
            Some(existing) => existing.same_versions(&policy),
            None => {
                self.managed_policies.insert(policy.arn.clone(), policy);
                true
            }
        }
    }
}

/// The account id of an entity ARN (its fifth field).
fn account_of(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or("")
}

#[cfg(test)]
mod tests;
