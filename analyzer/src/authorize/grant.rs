//! The resource-based policy's verdict, and how it grants: to the
//! requesting user or session itself, to its role's ARN, or to its account
//! (`reference_policies_evaluation-logic`, "Resource-based policies"; the
//! classes are [`Grant`]).

use crate::eval::principal::principal_matches;
use crate::eval::{
    evaluate, principal_clause_matches, statement_matches, Decision, Request, RequestPrincipal,
};
use crate::policy::AwsIdentity;
use crate::policy::{Effect, Principal, PrincipalSet, Statement};

use super::caller::Caller;
use super::trace::{Grant, PolicyVerdict};
use super::verdict::Sourced;

/// The resource policy's verdict on the request and, when it allows, the
/// broadest way it grants.
pub(crate) struct ResourceVerdict {
    pub(crate) verdict: PolicyVerdict,
    pub(crate) grant: Option<Grant>,
    /// Whether a `Deny` with `NotPrincipal` applied only because the
    /// principal has a permissions boundary.
    pub(crate) boundary_not_principal_deny: bool,
}

/// Evaluates the resource policy for `caller`.
///
/// Denies are the evaluator's, plus one documented quirk: "The
/// `NotPrincipal` element with a `Deny` effect will always deny any IAM
/// principal that has a permissions boundary policy attached, regardless of
/// the values specified in the `NotPrincipal` element"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html>).
/// Allows are classified statement by statement ([`grant_of`]).
pub(crate) fn resource_verdict(
    policy: &Sourced<'_>,
    request: &Request,
    caller: &Caller<'_>,
    caller_has_boundary: bool,
) -> ResourceVerdict {
    let evaluation = evaluate(policy.policy, request);
    let variables = policy.policy.variables_enabled();
    let mut denies: Vec<usize> = policy
        .policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Deny)
        .filter(|s| {
            evaluation.statements.contains(&s.index)
                && evaluation.decision == Decision::ExplicitDeny
        })
        .map(|s| s.index)
        .collect();
    let mut quirk = false;
    if caller_has_boundary {
        for statement in &policy.policy.statements {
            let not_principal = statement.principal.as_ref().is_some_and(|p| p.negated);
            if statement.effect == Effect::Deny
                && not_principal
                && !denies.contains(&statement.index)
                && rest_matches(statement, request, variables)
            {
                denies.push(statement.index);
                quirk = true;
            }
        }
        denies.sort_unstable();
    }
    if !denies.is_empty() {
        return ResourceVerdict {
            verdict: policy.verdict_of(Decision::ExplicitDeny, &denies),
            grant: None,
            boundary_not_principal_deny: quirk,
        };
    }
    let mut grant = None;
    let mut allows = Vec::new();
    for statement in policy
        .policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        if let Some(class) = grant_of(statement, request, caller, variables) {
            allows.push(statement.index);
            grant = grant.max(Some(class));
        }
    }
    let decision = if allows.is_empty() {
        Decision::ImplicitDeny
    } else {
        Decision::Allow
    };
    ResourceVerdict {
        verdict: policy.verdict_of(decision, &allows),
        grant,
        boundary_not_principal_deny: false,
    }
}

/// Whether the statement's action, resource and conditions apply to the
/// request, whoever the principal.
fn rest_matches(statement: &Statement, request: &Request, variables_enabled: bool) -> bool {
    let mut anyone = statement.clone();
    anyone.principal = None;
    statement_matches(&anyone, request, variables_enabled)
}

/// How an `Allow` statement grants the request, `None` when it does not
/// apply.
///
/// - `*`, `{"AWS": "*"}` and `NotPrincipal` grant to the requesting
///   principal itself ([`Grant::Direct`]): "Identity-based policy types, such
///   as permissions boundaries or session policies, do not limit permissions
///   granted using the `aws:PrincipalArn` condition key with a wildcard (*)
///   in the `Principal` element" (`reference_policies_elements_principal`);
/// - a user, role-session or federated-user ARN that names the caller is
///   [`Grant::Direct`]; a role ARN that matches the caller's session is
///   [`Grant::RoleArn`]; the ARN of the IAM user who created a federated
///   user session is [`Grant::RoleArn`] too ("limited by an implicit deny in
///   a permission boundary or session policy");
/// - an account id or root ARN is [`Grant::Account`], except for the root
///   user itself, whom it names directly, and except when the statement
///   names the principal with a (positive) `aws:PrincipalArn` condition:
///   "You can specify the role ARN in the `Principal` element or the
///   `aws:PrincipalArn` condition key" — then the grant is to the role ARN
///   ([`Grant::RoleArn`]) for a role session, and to the principal itself
///   ([`Grant::Direct`]) for others (their `aws:PrincipalArn` is their own
///   ARN);
/// - `Service`, `Federated` and `CanonicalUser` entries name the caller
///   directly.
pub(crate) fn grant_of(
    statement: &Statement,
    request: &Request,
    caller: &Caller<'_>,
    variables_enabled: bool,
) -> Option<Grant> {
    if !rest_matches(statement, request, variables_enabled) {
        return None;
    }
    principal_grant(statement, &request.principal, caller)
}

/// How an `Allow` statement's `Principal` or `NotPrincipal` grants to the
/// caller (whose request principal is `principal`), whatever the rest of
/// the statement: the part of [`grant_of`] that depends on the principal
/// only, shared with the symbolic questions.
pub(crate) fn principal_grant(
    statement: &Statement,
    principal: &RequestPrincipal,
    caller: &Caller<'_>,
) -> Option<Grant> {
    let Some(clause) = statement.principal.as_ref() else {
        // No Principal: the evaluator matches every principal.
        return Some(Grant::Direct);
    };
    if clause.negated {
        return principal_clause_matches(Some(clause), principal).then_some(Grant::Direct);
    }
    let entries = match &clause.principals {
        PrincipalSet::Any => return Some(Grant::Direct),
        PrincipalSet::Listed(entries) => entries,
    };
    let names_principal_arn = statement
        .conditions
        .iter()
        .any(|c| c.key.eq_ignore_ascii_case("aws:PrincipalArn") && !c.operator.base.is_negated());
    entries
        .iter()
        .filter_map(|entry| entry_grant(entry, principal, caller))
        .map(|grant| match grant {
            Grant::Account if names_principal_arn => principal_arn_grant(caller),
            other => other,
        })
        .max()
}

/// The grant of an account `Principal` narrowed by `aws:PrincipalArn`.
fn principal_arn_grant(caller: &Caller<'_>) -> Grant {
    match caller {
        Caller::RoleSession { .. } => Grant::RoleArn,
        _ => Grant::Direct,
    }
}

/// How one `Principal` entry grants to the caller, if it matches.
fn entry_grant(
    entry: &Principal,
    principal: &RequestPrincipal,
    caller: &Caller<'_>,
) -> Option<Grant> {
    if let (
        Principal::Aws(text),
        Caller::FederatedUser {
            federating_user: Some(user),
            ..
        },
    ) = (entry, caller)
    {
        if names_user(text.as_str(), &user.arn) {
            return Some(Grant::RoleArn);
        }
    }
    if !principal_matches(entry, principal) {
        return None;
    }
    let Principal::Aws(aws) = entry else {
        return Some(Grant::Direct);
    };
    let text = aws.as_str();
    if text == "*" {
        return Some(Grant::Direct);
    }
    if crate::zone::is_account_id(text) {
        return Some(account_grant(caller));
    }
    match AwsIdentity::parse(text) {
        Some(AwsIdentity::Root { .. }) => Some(account_grant(caller)),
        Some(AwsIdentity::Role { .. }) => Some(Grant::RoleArn),
        _ => Some(Grant::Direct),
    }
}

fn account_grant(caller: &Caller<'_>) -> Grant {
    if matches!(caller, Caller::Root { .. }) {
        Grant::Direct
    } else {
        Grant::Account
    }
}

/// Whether a policy entry is the IAM user `user_arn` (same partition,
/// account and name; the path is not compared).
fn names_user(text: &str, user_arn: &str) -> bool {
    match (AwsIdentity::parse(text), AwsIdentity::parse(user_arn)) {
        (Some(entry @ AwsIdentity::User { .. }), Some(user)) => {
            entry.partition() == user.partition()
                && entry.account() == user.account()
                && entry.name() == user.name()
        }
        _ => false,
    }
}
