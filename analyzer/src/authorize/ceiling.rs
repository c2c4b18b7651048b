//! The organization's ceilings: SCPs on the principals of member accounts,
//! RCPs on the resources of member accounts. At every level from the root
//! through each OU to the account, some attached policy must allow the
//! request, and a deny at any level denies
//! (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_auth.html>,
//! <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html>).
//!
//! Which requests a ceiling applies to is decided here; every decision is
//! listed in `docs/authorization.md`.

use crate::eval::{Decision, Request};
use crate::organization::{Level, OrgPolicyType, Organization};

use super::caller::Caller;
use super::trace::{LevelVerdict, PolicyType, TypeVerdict};
use super::verdict::{combine, Sourced};
use super::AuthorizeError;

/// The services whose resources RCPs restrict, by IAM service prefix: the
/// AWS Organizations User Guide's "List of AWS services that support RCPs"
/// (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services>):
/// Amazon S3, AWS STS, AWS KMS, Amazon SQS and AWS Secrets Manager at
/// launch (November 2024), Amazon ECR and Amazon OpenSearch Serverless
/// (June 2025), Amazon Cognito user pools and Amazon CloudWatch Logs
/// (January 2026). RCPs do not restrict actions of other services.
pub const RCP_SERVICES: [&str; 9] = [
    "s3",
    "sts",
    "kms",
    "sqs",
    "secretsmanager",
    "ecr",
    "aoss",
    "cognito-idp",
    "logs",
];

/// A ceiling: the policies attached at each level, or why it does not apply.
#[derive(Debug, Clone)]
pub(crate) enum Ceiling<'p> {
    NotApplicable(String),
    Levels(Vec<(Level, Vec<Sourced<'p>>)>),
}

impl<'p> Ceiling<'p> {
    /// Every policy of the ceiling.
    pub(crate) fn policies(&self) -> impl Iterator<Item = &Sourced<'p>> {
        let levels = match self {
            Ceiling::Levels(levels) => levels.as_slice(),
            Ceiling::NotApplicable(_) => &[],
        };
        levels.iter().flat_map(|(_, policies)| policies)
    }
}

/// The SCPs that apply to a request by `caller`: those of its account's
/// path when the account is a member account of an exported organization
/// with SCPs enabled, the caller is one of the account's IAM principals
/// (root user included) and not a service-linked role.
pub(crate) fn service_control<'p>(
    organization: Option<&'p Organization>,
    caller: &Caller<'_>,
) -> Result<Ceiling<'p>, AuthorizeError> {
    let Some(account) = caller.account() else {
        return Ok(Ceiling::NotApplicable(format!(
            "SCPs apply to the IAM principals of member accounts, not to {}",
            caller.kind_with_article()
        )));
    };
    if caller.is_service_linked() {
        return Ok(Ceiling::NotApplicable(
            "SCPs do not restrict service-linked roles".to_string(),
        ));
    }
    levels_of(
        organization,
        account,
        OrgPolicyType::ServiceControl,
        "principal's",
    )
}

/// The RCPs that apply to a request on a resource of `resource_account`:
/// those of that account's path when it is a member account of an
/// exported organization with RCPs enabled, the action's service supports
/// RCPs ([`RCP_SERVICES`]), the caller is not a service-linked role and the
/// resource is not a service-linked role.
pub(crate) fn resource_control<'p>(
    organization: Option<&'p Organization>,
    resource_account: Option<&str>,
    action: &str,
    caller: &Caller<'_>,
    resource_is_service_linked_role: bool,
) -> Result<Ceiling<'p>, AuthorizeError> {
    let service = action
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !RCP_SERVICES.contains(&service.as_str()) {
        return Ok(Ceiling::NotApplicable(format!(
            "RCPs do not apply to `{service}` actions"
        )));
    }
    if caller.is_service_linked() {
        return Ok(Ceiling::NotApplicable(
            "RCPs do not restrict actions of service-linked roles".to_string(),
        ));
    }
    if resource_is_service_linked_role {
        return Ok(Ceiling::NotApplicable(
            "RCPs do not restrict access to service-linked roles".to_string(),
        ));
    }
    let Some(account) = resource_account else {
        return Ok(Ceiling::NotApplicable(
            "the resource's account is unknown (give --resource-account): RCPs not evaluated"
                .to_string(),
        ));
    };
    levels_of(
        organization,
        account,
        OrgPolicyType::ResourceControl,
        "resource's",
    )
}

fn levels_of<'p>(
    organization: Option<&'p Organization>,
    account: &str,
    policy_type: OrgPolicyType,
    whose: &str,
) -> Result<Ceiling<'p>, AuthorizeError> {
    let name = policy_type.short_name();
    let Some(organization) = organization else {
        return Ok(Ceiling::NotApplicable(format!(
            "the {whose} account {account} is in no organization export"
        )));
    };
    if account == organization.management_account {
        return Ok(Ceiling::NotApplicable(format!(
            "{name}s do not apply to the management account {account}"
        )));
    }
    if !organization.policy_type_enabled(policy_type) {
        return Ok(Ceiling::NotApplicable(format!(
            "{name}s are not enabled in organization {}",
            organization.id
        )));
    }
    let levels = organization.levels(account).ok_or_else(|| {
        AuthorizeError::InvalidRequest(format!(
            "account {account} has no path to the root of organization {}",
            organization.id
        ))
    })?;
    let mut out = Vec::new();
    for level in levels {
        let mut policies = Vec::new();
        for attached in organization.policies_at(&level.id, policy_type) {
            let policy =
                attached
                    .document
                    .policy()
                    .ok_or_else(|| AuthorizeError::PolicyUnavailable {
                        policy: format!("{name} `{}` ({})", attached.name, attached.id),
                        reason: attached
                            .document
                            .parsed
                            .as_ref()
                            .err()
                            .map_or_else(String::new, |e| {
                                format!("{}: {e}", attached.document.origin)
                            }),
                    })?;
            policies.push(Sourced {
                policy_type: match policy_type {
                    OrgPolicyType::ServiceControl => PolicyType::Scp,
                    OrgPolicyType::ResourceControl => PolicyType::Rcp,
                },
                name: attached.name.clone(),
                arn: Some(attached.id.clone()),
                attached_to: format!("{} `{}` ({})", kind_label(&level), level.name, level.id),
                policy,
            });
        }
        out.push((level, policies));
    }
    Ok(Ceiling::Levels(out))
}

fn kind_label(level: &Level) -> &'static str {
    match level.kind {
        crate::organization::LevelKind::Root => "root",
        crate::organization::LevelKind::OrganizationalUnit => "OU",
        crate::organization::LevelKind::Account => "account",
    }
}

/// The ceiling's verdict: `ExplicitDeny` when a policy at any level
/// denies, `ImplicitDeny` when some level has no policy that allows,
/// `Allow` otherwise.
pub(crate) fn verdict(
    ceiling: &Ceiling<'_>,
    policy_type: PolicyType,
    request: &Request,
) -> TypeVerdict {
    let levels = match ceiling {
        Ceiling::NotApplicable(why) => {
            return TypeVerdict {
                policy_type,
                applies: false,
                note: Some(why.clone()),
                decision: None,
                levels: Vec::new(),
                grant: None,
                policies: Vec::new(),
            }
        }
        Ceiling::Levels(levels) => levels,
    };
    let mut policies = Vec::new();
    let mut level_verdicts = Vec::new();
    for (level, attached) in levels {
        let verdicts: Vec<_> = attached.iter().map(|p| p.verdict(request)).collect();
        level_verdicts.push(LevelVerdict {
            id: level.id.clone(),
            name: level.name.clone(),
            kind: level.kind,
            decision: combine(&verdicts),
        });
        policies.extend(verdicts);
    }
    let decision = if level_verdicts
        .iter()
        .any(|l| l.decision == Decision::ExplicitDeny)
    {
        Decision::ExplicitDeny
    } else if level_verdicts.iter().all(|l| l.decision == Decision::Allow) {
        Decision::Allow
    } else {
        Decision::ImplicitDeny
    };
    TypeVerdict {
        policy_type,
        applies: true,
        note: None,
        decision: Some(decision),
        levels: level_verdicts,
        grant: None,
        policies,
    }
}
