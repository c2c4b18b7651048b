//! Which policies of each type take part in a request, and each type's
//! verdict.

use crate::eval::{Decision, Request};
use crate::iam::Entity;
use crate::policy::{Policy, PolicyError};

use super::caller::Caller;
use super::grant::resource_verdict;
use super::resources::Governing;
use super::trace::{PolicyType, TypeVerdict};
use super::verdict::{combine, Sourced};
use super::{AuthorizeError, AuthorizeRequest};

/// Requests that cannot be decided as given.
pub(super) fn check_request(
    caller: &Caller<'_>,
    request: &AuthorizeRequest,
) -> Result<(), AuthorizeError> {
    if request.session_policy.is_some() && !caller.is_session() {
        return Err(AuthorizeError::InvalidRequest(format!(
            "a session policy applies to role sessions and federated users, not to {}",
            caller.kind_with_article()
        )));
    }
    if matches!(
        caller,
        Caller::FederatedUser {
            federating_user: None,
            ..
        }
    ) {
        return Err(AuthorizeError::InvalidRequest(
            "a federated user's permissions come from the IAM user that called GetFederationToken: \
             give it (--federating-user USER_ARN)"
                .to_string(),
        ));
    }
    if let Some(account) = &request.resource_account {
        if !crate::zone::is_account_id(account) {
            return Err(AuthorizeError::InvalidRequest(format!(
                "invalid resource account `{account}`: expected 12 digits"
            )));
        }
    }
    Ok(())
}

/// `user `alice`` or `role `deploy`` for messages.
pub(super) fn describe_entity(entity: Entity<'_>) -> String {
    match entity {
        Entity::User(user) => format!("user `{}`", user.name),
        Entity::Role(role) => format!("role `{}`", role.name),
    }
}

/// The session policy, for session principals.
pub(super) fn session_policy<'p>(
    caller: &Caller<'_>,
    policy: Option<&'p Policy>,
) -> Option<Sourced<'p>> {
    let policy = policy.filter(|_| caller.is_session())?;
    Some(Sourced {
        policy_type: PolicyType::SessionPolicy,
        name: "session policy".to_string(),
        arn: None,
        attached_to: caller.arn(),
        policy,
    })
}

/// Requests whose resource-based policy must allow cannot be decided without
/// it: a trust action on a role, a KMS action on a key. Fails when the
/// inputs do not hold that role or key.
pub(super) fn require_known_policy(action: &str, resource: &str) -> Result<(), AuthorizeError> {
    let Some(parts) = crate::resource::split_arn(resource) else {
        return Ok(());
    };
    let trust = crate::resource::TRUST_ACTIONS
        .iter()
        .any(|a| a.eq_ignore_ascii_case(action))
        && parts.service == "iam"
        && parts.resource.starts_with("role/");
    let key = action.to_ascii_lowercase().starts_with("kms:")
        && parts.service == "kms"
        && parts.resource.starts_with("key/");
    if !(trust || key) {
        return Ok(());
    }
    let (what, source) = if trust {
        (
            "trust policy",
            "the role in `aws iam get-account-authorization-details`",
        )
    } else {
        ("key policy", "the key in an inventory or AWS Config items")
    };
    Err(AuthorizeError::PolicyUnavailable {
        policy: format!("the {what} of `{resource}`"),
        reason: format!("it must allow the request and is not in the inputs (give {source})"),
    })
}

/// The resource-based policy that governs the request, when there is one.
pub(super) fn resource_policy<'p>(
    governing: Option<&Governing<'p>>,
) -> Result<Option<Sourced<'p>>, AuthorizeError> {
    let Some(governing) = governing else {
        return Ok(None);
    };
    let unavailable = |reason: String| AuthorizeError::PolicyUnavailable {
        policy: format!("the {} of `{}`", governing.policy_name(), governing.arn),
        reason,
    };
    let policy: Option<&Result<Policy, PolicyError>> = governing.policy;
    match policy {
        None if governing.must_allow() => Err(unavailable(
            "it is not in the inputs, and it must allow the request".to_string(),
        )),
        None => Ok(None),
        Some(Err(error)) => Err(unavailable(format!("{}: {error}", governing.origin))),
        Some(Ok(policy)) => Ok(Some(Sourced {
            policy_type: PolicyType::Resource,
            name: governing.policy_name().to_string(),
            arn: Some(governing.arn.to_string()),
            attached_to: governing.arn.to_string(),
            policy,
        })),
    }
}

fn not_applicable(policy_type: PolicyType, note: impl Into<String>) -> TypeVerdict {
    TypeVerdict {
        policy_type,
        applies: false,
        note: Some(note.into()),
        decision: None,
        levels: Vec::new(),
        grant: None,
        policies: Vec::new(),
    }
}

fn applies(
    policy_type: PolicyType,
    decision: Decision,
    note: Option<String>,
    policies: Vec<crate::authorize::PolicyVerdict>,
) -> TypeVerdict {
    TypeVerdict {
        policy_type,
        applies: true,
        note,
        decision: Some(decision),
        levels: Vec::new(),
        grant: None,
        policies,
    }
}

/// The identity-based policies' verdict: any deny denies, any allow allows.
/// The root user has full access without policies.
pub(super) fn identity_verdict(
    caller: &Caller<'_>,
    policies: &[Sourced<'_>],
    request: &Request,
) -> TypeVerdict {
    let kind = PolicyType::Identity;
    match caller {
        Caller::Root { .. } => applies(
            kind,
            Decision::Allow,
            Some("the root user has full access to its account's resources without identity-based policies".to_string()),
            Vec::new(),
        ),
        _ if caller.entity().is_none() => {
            not_applicable(kind, format!("{} has no identity-based policies", caller.kind_with_article()))
        }
        _ => {
            let verdicts: Vec<_> = policies.iter().map(|p| p.verdict(request)).collect();
            let note = verdicts.is_empty().then(|| "the principal has no identity-based policy".to_string());
            applies(kind, combine(&verdicts), note, verdicts)
        }
    }
}

/// Why a principal has no permissions boundary.
pub(super) fn boundary_note(caller: &Caller<'_>) -> String {
    if caller.entity().is_some() {
        "the principal has no permissions boundary".to_string()
    } else {
        format!("{} has no permissions boundary", caller.kind_with_article())
    }
}

/// The verdict of a type with at most one policy (the boundary).
pub(super) fn single_verdict(
    policy_type: PolicyType,
    policy: Option<&Sourced<'_>>,
    request: &Request,
    absent: String,
) -> TypeVerdict {
    match policy {
        None => not_applicable(policy_type, absent),
        Some(policy) => {
            let verdict = policy.verdict(request);
            applies(policy_type, verdict.decision, None, vec![verdict])
        }
    }
}

/// The session policy's verdict. A role session without one has its role's
/// permissions; a federated user session without one has none
/// (`GetFederationToken`: "if you do not pass any session policies, then the
/// resulting federated user session has no permissions").
pub(super) fn session_verdict(
    caller: &Caller<'_>,
    policy: Option<&Sourced<'_>>,
    request: &Request,
) -> TypeVerdict {
    let kind = PolicyType::SessionPolicy;
    match (caller, policy) {
        (_, Some(policy)) => single_verdict(kind, Some(policy), request, String::new()),
        (Caller::FederatedUser { .. }, None) => applies(
            kind,
            Decision::ImplicitDeny,
            Some(
                "a federated user session created without a session policy has no permissions"
                    .to_string(),
            ),
            Vec::new(),
        ),
        (Caller::RoleSession { .. }, None) => not_applicable(kind, "no session policy was passed"),
        (_, None) => not_applicable(
            kind,
            format!("{} is not a session", caller.kind_with_article()),
        ),
    }
}

/// The resource-based policy's verdict and how it grants.
pub(super) fn resource_type_verdict(
    policy: Option<&Sourced<'_>>,
    governing: Option<&Governing<'_>>,
    request: &Request,
    caller: &Caller<'_>,
    caller_has_boundary: bool,
) -> TypeVerdict {
    let kind = PolicyType::Resource;
    let Some(policy) = policy else {
        let note = match governing {
            Some(g) => format!("`{}` has no resource-based policy", g.arn),
            None => format!(
                "no resource-based policy for `{}` in the inputs",
                request.resource
            ),
        };
        return not_applicable(kind, note);
    };
    let result = resource_verdict(policy, request, caller, caller_has_boundary);
    let note = result.boundary_not_principal_deny.then(|| {
        "a Deny with NotPrincipal denies every principal that has a permissions boundary, whatever it lists".to_string()
    });
    let mut verdict = applies(kind, result.verdict.decision, note, vec![result.verdict]);
    verdict.grant = result.grant;
    verdict
}
