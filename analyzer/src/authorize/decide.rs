//! IAM's evaluation logic over the verdicts of each policy type, rule by
//! rule as in <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>
//! (within one account) and
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html>
//! (across accounts):
//!
//! 1. an explicit deny in any applicable policy denies;
//! 2. RCPs: at every level of the resource's account some RCP must allow;
//! 3. SCPs: at every level of the principal's account some SCP must allow;
//! 4. principals that are not IAM principals of an account (anonymous,
//!    AWS services, federated identities, canonical users) are allowed
//!    only by the resource-based policy;
//! 5. within one account: a resource-based policy that grants to the user or
//!    session itself allows; one that grants to the role ARN (or to the
//!    IAM user who created a federated user session) allows when the
//!    permissions boundary and session policy do; a KMS key policy or a
//!    role trust policy must itself allow (granting to the account
//!    delegates to IAM policies); otherwise the identity-based policies
//!    must allow, then the boundary, then the session policy;
//! 6. across accounts: the principal's side (identity-based policies,
//!    boundary, session policy) and the resource's side (the
//!    resource-based policy) must both allow.

use crate::eval::Decision;

use super::trace::{Grant, PolicyType, StatementRef, TypeVerdict};

/// The verdict of each policy type.
pub(crate) struct Verdicts {
    pub(crate) identity: TypeVerdict,
    pub(crate) boundary: TypeVerdict,
    pub(crate) session: TypeVerdict,
    pub(crate) scp: TypeVerdict,
    pub(crate) rcp: TypeVerdict,
    pub(crate) resource: TypeVerdict,
}

impl Verdicts {
    pub(crate) fn all(&self) -> [&TypeVerdict; 6] {
        [
            &self.identity,
            &self.boundary,
            &self.session,
            &self.scp,
            &self.rcp,
            &self.resource,
        ]
    }

    /// Whether a limiting type (boundary, session policy) lets the request
    /// through: it does not apply, or it allows.
    fn passes(verdict: &TypeVerdict) -> bool {
        !verdict.applies || verdict.decision == Some(Decision::Allow)
    }
}

/// What the decision depends on besides the verdicts.
pub(crate) struct Facts<'a> {
    /// Principal and resource in the same account.
    pub(crate) same_account: bool,
    /// The principal is an IAM principal of an account.
    pub(crate) account_principal: bool,
    /// The resource-based policy must itself allow (KMS key, trust policy).
    pub(crate) must_allow: bool,
    /// `bucket policy`, `key policy`, `trust policy`, `resource policy`.
    pub(crate) resource_policy_name: &'a str,
    /// The principal is the account's root user.
    pub(crate) root: bool,
    /// The principal is a federated user session.
    pub(crate) federated_user: bool,
}

/// The decision, why, and the statements that made it.
pub(crate) struct Outcome {
    pub(crate) decision: Decision,
    pub(crate) reason: String,
    pub(crate) deciding: Vec<StatementRef>,
}

fn outcome(decision: Decision, reason: impl Into<String>, deciding: Vec<StatementRef>) -> Outcome {
    Outcome {
        decision,
        reason: reason.into(),
        deciding,
    }
}

/// Decides the request from the verdicts.
pub(crate) fn decide(verdicts: &Verdicts, facts: &Facts<'_>) -> Outcome {
    if let Some(denied) = explicit_deny(verdicts) {
        return denied;
    }
    for ceiling in [&verdicts.rcp, &verdicts.scp] {
        if let Some(blocked) = ceiling_blocks(ceiling) {
            return blocked;
        }
    }
    let ceilings = allowing(&[&verdicts.scp, &verdicts.rcp]);
    let outcome = if !facts.account_principal {
        non_iam_principal(verdicts, facts)
    } else if facts.same_account {
        same_account(verdicts, facts)
    } else {
        cross_account(verdicts, facts)
    };
    if outcome.decision == Decision::Allow {
        let mut deciding = outcome.deciding;
        deciding.extend(ceilings);
        return Outcome {
            deciding,
            ..outcome
        };
    }
    outcome
}

/// Rule 1: every applicable `Deny` statement of every applicable policy.
fn explicit_deny(verdicts: &Verdicts) -> Option<Outcome> {
    let denying: Vec<&TypeVerdict> = verdicts
        .all()
        .into_iter()
        .filter(|v| v.applies && v.decision == Some(Decision::ExplicitDeny))
        .collect();
    if denying.is_empty() {
        return None;
    }
    let statements = denying
        .iter()
        .flat_map(|v| &v.policies)
        .filter(|p| p.decision == Decision::ExplicitDeny)
        .flat_map(|p| p.statements.iter().cloned())
        .collect();
    let types: Vec<&str> = denying.iter().map(|v| v.policy_type.label()).collect();
    Some(outcome(
        Decision::ExplicitDeny,
        format!(
            "explicitly denied by the {} (an explicit deny in any policy overrides every allow)",
            types.join(" and the ")
        ),
        statements,
    ))
}

/// Rules 2 and 3: a level of the hierarchy where no attached SCP or RCP
/// allows.
fn ceiling_blocks(ceiling: &TypeVerdict) -> Option<Outcome> {
    if !ceiling.applies || ceiling.decision == Some(Decision::Allow) {
        return None;
    }
    let level = ceiling
        .levels
        .iter()
        .find(|l| l.decision != Decision::Allow)?;
    let (name, whose) = match ceiling.policy_type {
        PolicyType::Rcp => ("RCP", "resource's"),
        _ => ("SCP", "principal's"),
    };
    Some(outcome(
        Decision::ImplicitDeny,
        format!(
            "no {name} attached to {} `{}` ({}) allows it: every level from the root to the {whose} account must allow",
            match level.kind {
                crate::organization::LevelKind::Root => "the root",
                crate::organization::LevelKind::OrganizationalUnit => "OU",
                crate::organization::LevelKind::Account => "account",
            },
            level.name,
            level.id
        ),
        Vec::new(),
    ))
}

/// Rule 4: anonymous callers, AWS services, federated identities and
/// canonical users have no identity-based policies.
fn non_iam_principal(verdicts: &Verdicts, facts: &Facts<'_>) -> Outcome {
    if verdicts.resource.decision == Some(Decision::Allow) {
        outcome(
            Decision::Allow,
            format!("the {} allows it", facts.resource_policy_name),
            allowing(&[&verdicts.resource]),
        )
    } else {
        outcome(
            Decision::ImplicitDeny,
            format!(
                "only a resource-based policy can allow this principal, and {}",
                resource_silent(verdicts, facts)
            ),
            Vec::new(),
        )
    }
}

/// Rule 5.
fn same_account(verdicts: &Verdicts, facts: &Facts<'_>) -> Outcome {
    let grant = verdicts.resource.grant;
    let policy = facts.resource_policy_name;
    if grant == Some(Grant::Direct) {
        return outcome(
            Decision::Allow,
            format!(
                "the {policy} grants it to the principal itself: within the account, an implicit deny in \
                 identity-based policies, permissions boundaries or session policies does not limit it"
            ),
            allowing(&[&verdicts.resource]),
        );
    }
    let grantee = if facts.federated_user {
        "the IAM user who federated"
    } else {
        "the role ARN"
    };
    if grant == Some(Grant::RoleArn) {
        // The identity path needs the same boundary and session policy, so
        // when they do not allow, nothing else can.
        return match limits_fail(verdicts, &format!("{policy} grants it to {grantee}")) {
            Some(limited) => limited,
            None => outcome(
                Decision::Allow,
                format!(
                    "the {policy} grants it to {grantee}, and the permissions boundary and session policy, \
                     which limit such a grant, let it through"
                ),
                allowing(&[&verdicts.resource, &verdicts.boundary, &verdicts.session]),
            ),
        };
    }
    if facts.must_allow && grant.is_none() {
        return outcome(
            Decision::ImplicitDeny,
            format!(
                "a {policy} must allow the request even within the account, and {}",
                resource_silent(verdicts, facts)
            ),
            Vec::new(),
        );
    }
    if facts.must_allow && grant != Some(Grant::Account) {
        return limits_fail(verdicts, policy).unwrap_or_else(|| {
            outcome(
                Decision::ImplicitDeny,
                format!("the {policy} does not grant it"),
                Vec::new(),
            )
        });
    }
    identity_path(verdicts, facts, grant == Some(Grant::Account))
}

/// The principal's side: identity-based policies, then the boundary, then
/// the session policy.
fn identity_path(verdicts: &Verdicts, facts: &Facts<'_>, delegated: bool) -> Outcome {
    if verdicts.identity.decision != Some(Decision::Allow) {
        let resource = if facts.same_account {
            format!(", and {}", resource_silent_or_limited(verdicts, facts))
        } else {
            String::new()
        };
        return outcome(
            Decision::ImplicitDeny,
            format!("no identity-based policy allows it{resource}"),
            Vec::new(),
        );
    }
    if let Some(limited) = limits_fail(verdicts, "identity-based policy grants it") {
        return limited;
    }
    let mut deciding = allowing(&[&verdicts.identity, &verdicts.boundary, &verdicts.session]);
    let reason = if facts.root {
        let note = verdicts.identity.note.clone().unwrap_or_default();
        format!("{note}{}", limits_note(verdicts))
    } else if delegated {
        deciding.extend(allowing(&[&verdicts.resource]));
        format!(
            "the {} grants it to the account, which delegates to IAM, and the identity-based policies allow it{}",
            facts.resource_policy_name,
            limits_note(verdicts)
        )
    } else {
        format!(
            "the identity-based policies allow it{}",
            limits_note(verdicts)
        )
    };
    outcome(Decision::Allow, reason, deciding)
}

/// Rule 6.
fn cross_account(verdicts: &Verdicts, facts: &Facts<'_>) -> Outcome {
    let principal_side = identity_path(verdicts, facts, false);
    let resource_allows = verdicts.resource.decision == Some(Decision::Allow);
    match (principal_side.decision == Decision::Allow, resource_allows) {
        (true, true) => {
            let mut deciding = principal_side.deciding;
            deciding.extend(allowing(&[&verdicts.resource]));
            outcome(
                Decision::Allow,
                format!(
                    "cross-account: the principal's account allows it ({}) and the {} allows it",
                    principal_side.reason, facts.resource_policy_name
                ),
                deciding,
            )
        }
        (true, false) => outcome(
            Decision::ImplicitDeny,
            format!(
                "cross-account: both accounts must allow, and {}",
                resource_silent(verdicts, facts)
            ),
            Vec::new(),
        ),
        (false, resource) => outcome(
            Decision::ImplicitDeny,
            format!(
                "cross-account: both accounts must allow, and in the principal's account {}{}",
                principal_side.reason,
                if resource {
                    String::new()
                } else {
                    format!("; besides, {}", resource_silent(verdicts, facts))
                }
            ),
            Vec::new(),
        ),
    }
}

/// The first of the boundary and the session policy that does not allow;
/// `grant` says what they would limit (`the bucket policy grants it to ...`).
fn limits_fail(verdicts: &Verdicts, grant: &str) -> Option<Outcome> {
    for limit in [&verdicts.boundary, &verdicts.session] {
        if !Verdicts::passes(limit) {
            let why = limit
                .note
                .clone()
                .unwrap_or_else(|| format!("the {} does not allow it", limit.policy_type.label()));
            return Some(outcome(
                Decision::ImplicitDeny,
                format!("the {grant}, but {why}"),
                Vec::new(),
            ));
        }
    }
    None
}

fn limits_note(verdicts: &Verdicts) -> String {
    let applied: Vec<&str> = [&verdicts.boundary, &verdicts.session]
        .into_iter()
        .filter(|v| v.applies)
        .map(|v| v.policy_type.label())
        .collect();
    match applied.as_slice() {
        [] => String::new(),
        [one] => format!(", and so does the {one}"),
        many => format!(", and so do the {}", many.join(" and the ")),
    }
}

fn resource_silent(verdicts: &Verdicts, facts: &Facts<'_>) -> String {
    if verdicts.resource.applies {
        format!("the {} does not allow it", facts.resource_policy_name)
    } else {
        verdicts
            .resource
            .note
            .clone()
            .unwrap_or_else(|| "no resource-based policy applies".to_string())
    }
}

fn resource_silent_or_limited(verdicts: &Verdicts, facts: &Facts<'_>) -> String {
    match verdicts.resource.grant {
        Some(Grant::Account) => format!(
            "the {} grants it only to the account, which leaves it to identity-based policies",
            facts.resource_policy_name
        ),
        _ => resource_silent(verdicts, facts),
    }
}

/// The `Allow` statements of the policies that allow, for the given types.
fn allowing(verdicts: &[&TypeVerdict]) -> Vec<StatementRef> {
    verdicts
        .iter()
        .filter(|v| v.applies)
        .flat_map(|v| &v.policies)
        .filter(|p| p.decision == Decision::Allow)
        .flat_map(|p| p.statements.iter().cloned())
        .collect()
}
