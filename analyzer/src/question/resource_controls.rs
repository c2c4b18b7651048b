//! Resource control policies (RCPs) in the external-access question.
//!
//! An RCP is a ceiling on the resources of an organization's member
//! accounts: at every level from the root through each OU to the
//! resource's account some attached RCP must allow the request, and a
//! `Deny` in any of them denies it
//! (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html>,
//! <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html>).
//! They restrict only the actions of the services listed in
//! [`RCP_SERVICES`], not the resources of the management account, not
//! service-linked roles (as resources). AWS attaches the managed
//! `RCPFullAWSAccess` (allow everything) to every root, OU and account and
//! it cannot be detached, so a level of the export that lists no RCP is
//! read as allowing everything (the reading that grants more; a note says
//! so) — see `docs/semantics.md`, "Resource control policies".
//!
//! [`ResourceControls::allows`] is the concrete judgement, and
//! [`ResourceControls::allowed_term`] its formula over the question's
//! environment, where the RCPs are the policies after the resource policy.

use zoneproof_encodings::term::{self, Term};

use crate::authorize::RCP_SERVICES;
use crate::encode::{encode_policy, EncodeError, Environment};
use crate::eval::{evaluate_with, Decision, Reading, Request};
use crate::finding::ControlStatement;
use crate::organization::{LevelKind, OrgPolicyType, Organization};
use crate::policy::{Effect, Policy};
use crate::resource::ResourceType;

/// One RCP attached on the path to the resource's account.
#[derive(Debug, Clone)]
pub struct ControlPolicy {
    /// The policy id, e.g. `p-abcd1234`.
    pub id: String,
    /// The policy name.
    pub name: String,
    /// Where it is attached, e.g. ``OU `Prod` (ou-ab12-11111111)``.
    pub attached_to: String,
    /// The parsed content.
    pub policy: Policy,
}

/// The RCPs that apply to one resource, level by level (root first).
#[derive(Debug, Clone)]
pub struct ResourceControls {
    /// The levels that list at least one RCP, each with its RCPs.
    pub levels: Vec<Vec<ControlPolicy>>,
    /// What the reader should know (levels read as `RCPFullAWSAccess`).
    pub notes: Vec<String>,
}

/// Why the resource control policies of a resource cannot be applied:
/// its result cannot be decided without them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ControlsError {
    /// The organization export has no path from the account to the root.
    #[error("account {account} has no path to the root of organization {organization}")]
    NoPathToRoot {
        /// The resource owner's account.
        account: String,
        /// The organization id.
        organization: String,
    },
    /// An applicable RCP's content does not parse.
    #[error("RCP `{name}` ({id}) cannot be read: {reason}")]
    UnreadableRcp {
        /// The RCP's name.
        name: String,
        /// The RCP's id.
        id: String,
        /// Where its content is and what is wrong with it (`ORIGIN: ERROR`).
        reason: String,
    },
}

/// Why no RCP applies to a resource, or the RCPs that do.
#[derive(Debug, Clone)]
pub enum Applicable {
    /// No RCP restricts the resource, with the reason.
    No(String),
    /// These RCPs restrict it.
    Yes(ResourceControls),
}

impl ResourceControls {
    /// The RCPs of `organization` that restrict the resource `arn` of type
    /// `resource_type` owned by `owner`.
    ///
    /// # Errors
    /// When an applicable RCP's content does not parse, or the account has
    /// no path to the root (the result cannot be decided without it).
    pub fn for_resource(
        organization: &Organization,
        owner: &str,
        resource_type: ResourceType,
        arn: &str,
    ) -> Result<Applicable, ControlsError> {
        let no = |why: String| Ok(Applicable::No(why));
        if !organization.contains_account(owner) {
            return no(format!(
                "the resource's account {owner} is not in organization {}: no RCP applies",
                organization.id
            ));
        }
        if owner == organization.management_account {
            return no(format!(
                "RCPs do not apply to the resources of the management account {owner}"
            ));
        }
        if !organization.policy_type_enabled(OrgPolicyType::ResourceControl) {
            return no(format!(
                "RCPs are not enabled in organization {}",
                organization.id
            ));
        }
        if resource_type == ResourceType::IamRole && arn.contains(":role/aws-service-role/") {
            return no("RCPs do not restrict access to service-linked roles".into());
        }
        // A type whose policy grants two services' actions is judged by its
        // first (S3 Object Lambda: `s3-object-lambda`, not restricted): RCPs
        // then cut nothing there, which reports more access, never less.
        let service = resource_type.service();
        if !RCP_SERVICES.contains(&service) {
            return no(format!("RCPs do not apply to `{service}` resources"));
        }
        let levels = organization
            .levels(owner)
            .ok_or_else(|| ControlsError::NoPathToRoot {
                account: owner.to_string(),
                organization: organization.id.clone(),
            })?;
        let mut controls = ResourceControls {
            levels: Vec::new(),
            notes: Vec::new(),
        };
        for level in levels {
            let label = match level.kind {
                LevelKind::Root => "root",
                LevelKind::OrganizationalUnit => "OU",
                LevelKind::Account => "account",
            };
            let attached_to = format!("{label} `{}` ({})", level.name, level.id);
            let mut policies = Vec::new();
            for attached in organization.policies_at(&level.id, OrgPolicyType::ResourceControl) {
                let policy =
                    attached
                        .document
                        .policy()
                        .ok_or_else(|| ControlsError::UnreadableRcp {
                            name: attached.name.clone(),
                            id: attached.id.clone(),
                            reason: attached
                                .document
                                .parsed
                                .as_ref()
                                .err()
                                .map_or_else(String::new, |e| {
                                    format!("{}: {e}", attached.document.origin)
                                }),
                        })?;
                policies.push(ControlPolicy {
                    id: attached.id.clone(),
                    name: attached.name.clone(),
                    attached_to: attached_to.clone(),
                    policy: policy.clone(),
                });
            }
            if policies.is_empty() {
                controls.notes.push(format!(
                    "the organization export lists no RCP on {attached_to}: read as \
                     RCPFullAWSAccess, which AWS attaches to every root, OU and account"
                ));
            } else {
                controls.levels.push(policies);
            }
        }
        Ok(Applicable::Yes(controls))
    }

    /// Every RCP, level by level.
    pub fn policies(&self) -> impl Iterator<Item = &ControlPolicy> {
        self.levels.iter().flatten()
    }

    /// Whether some RCP has a `Deny` statement or a level's RCPs could
    /// leave an action unallowed: whether the RCPs can cut anything.
    pub fn can_cut(&self) -> bool {
        self.policies()
            .any(|p| p.policy.statements.iter().any(|s| s.effect == Effect::Deny))
            || self.levels.iter().any(|level| {
                !level.iter().any(|p| {
                    p.policy.statements.iter().any(|s| {
                        s.effect == Effect::Allow
                            && !s.action.negated
                            && s.action.patterns.iter().any(|a| a == "*")
                            && s.resource
                                .as_ref()
                                .is_none_or(|r| !r.negated && r.patterns.iter().any(|x| x == "*"))
                            && s.conditions.is_empty()
                    })
                })
            })
    }

    /// Whether the RCPs allow `request` (concrete): its action's service is
    /// not one RCPs restrict, or every level allows it and none denies it.
    pub fn allows(&self, request: &Request, reading: Reading) -> bool {
        if !restricted_action(&request.action) {
            return true;
        }
        let mut every_level = true;
        for level in &self.levels {
            let decisions: Vec<Decision> = level
                .iter()
                .map(|p| evaluate_with(&p.policy, request, reading).decision)
                .collect();
            if decisions.contains(&Decision::ExplicitDeny) {
                return false;
            }
            every_level &= decisions.contains(&Decision::Allow);
        }
        every_level
    }

    /// The RCP `Deny` statements that apply to `request` (under the
    /// grants-more reading), and, when a level allows nothing, that level's
    /// RCPs with no statement index.
    pub fn cutting(&self, request: &Request) -> Vec<ControlStatement> {
        if !restricted_action(&request.action) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for level in &self.levels {
            let mut allowed = false;
            for p in level {
                let evaluation = evaluate_with(&p.policy, request, Reading::GrantsMore);
                match evaluation.decision {
                    Decision::ExplicitDeny => {
                        for index in evaluation.statements {
                            out.push(control_statement(p, Some(index)));
                        }
                    }
                    Decision::Allow => allowed = true,
                    Decision::ImplicitDeny => {}
                }
            }
            if !allowed
                && !out
                    .iter()
                    .any(|c| level.iter().any(|p| p.id == c.policy_id))
            {
                out.extend(level.iter().map(|p| control_statement(p, None)));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The formula of [`ResourceControls::allows`] over `env`, whose
    /// policies from `first` on are [`ResourceControls::policies`] in order.
    ///
    /// # Errors
    /// As [`encode_policy`]; [`EncodeError::Unsupported`] when an action
    /// class mixes actions RCPs restrict with actions they do not.
    pub fn allowed_term(
        &self,
        env: &Environment,
        first: usize,
        reading: Reading,
    ) -> Result<Term, EncodeError> {
        let mut restricted = Vec::new();
        for (index, class) in env.classes.iter().enumerate() {
            let count = class
                .actions
                .iter()
                .filter(|a| restricted_action(a))
                .count();
            if count == class.actions.len() && count > 0 {
                restricted.push(env.vars.action_is(index));
            } else if count > 0 {
                return Err(EncodeError::Unsupported(
                    "an action class mixes actions that RCPs restrict with actions they do not"
                        .into(),
                ));
            }
        }
        let mut index = first;
        let mut levels = Vec::new();
        let mut denies = Vec::new();
        for level in &self.levels {
            let mut allows = Vec::new();
            for p in level {
                let terms = encode_policy(env, index, &p.policy, reading)?;
                allows.push(terms.allows);
                denies.push(terms.denies);
                index += 1;
            }
            levels.push(term::or(allows));
        }
        let allowed = term::and(levels.into_iter().chain([term::not(term::or(denies))]));
        Ok(term::or([term::not(term::or(restricted)), allowed]))
    }
}

/// Whether RCPs restrict an action (by its service prefix).
fn restricted_action(action: &str) -> bool {
    let service = action
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    RCP_SERVICES.contains(&service.as_str())
}

fn control_statement(p: &ControlPolicy, index: Option<usize>) -> ControlStatement {
    ControlStatement {
        policy_type: OrgPolicyType::ResourceControl.short_name().to_string(),
        policy_id: p.id.clone(),
        policy_name: p.name.clone(),
        attached_to: p.attached_to.clone(),
        index,
        sid: index.and_then(|i| p.policy.statements.get(i).and_then(|s| s.sid.clone())),
    }
}
