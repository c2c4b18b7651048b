//! How permissions are organised (IAM best practices: grant through
//! groups, prefer customer managed policies to inline ones, remove unused
//! roles): users with inline or directly attached policies, inline policies
//! of groups and roles, users in no group, groups without members, roles
//! not used within the window (`RoleLastUsed`).

use std::collections::BTreeSet;

use serde_json::json;

use super::{arn_account, AuditFinding, AuditOptions, Category, Severity};
use crate::iam::IamModel;
use crate::timestamp::Timestamp;

/// Every structure finding of the model.
pub fn check(iam: &IamModel, options: &AuditOptions) -> Vec<AuditFinding> {
    let mut out = Vec::new();
    let finding = |check, principal: &str, message: String, evidence, fix: &str| AuditFinding {
        check,
        severity: Severity::Low,
        category: Category::Structure,
        account: arn_account(principal).to_string(),
        principal: principal.to_string(),
        message,
        evidence,
        fix: fix.to_string(),
    };
    for account in iam.accounts() {
        let mut members: BTreeSet<&str> = BTreeSet::new();
        for user in account.users.values() {
            members.extend(user.groups.iter().map(String::as_str));
            if !user.inline_policies.is_empty() {
                let names: Vec<&str> = user
                    .inline_policies
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect();
                out.push(finding(
                    "USER_INLINE_POLICY",
                    &user.arn,
                    format!("user `{}` has {} inline policy(ies)", user.name, names.len()),
                    json!({"inlinePolicies": names}),
                    "Move the permissions to a customer managed policy attached to a group the user belongs to, then delete the inline policy.",
                ));
            }
            if !user.attached_policies.is_empty() {
                let arns: Vec<&str> = user
                    .attached_policies
                    .iter()
                    .map(|p| p.arn.as_str())
                    .collect();
                out.push(finding(
                    "USER_ATTACHED_POLICY",
                    &user.arn,
                    format!("user `{}` has {} policy(ies) attached directly", user.name, arns.len()),
                    json!({"attachedPolicies": arns}),
                    "Attach the policies to a group and add the user to it; detach them from the user.",
                ));
            }
            if user.groups.is_empty() {
                out.push(finding(
                    "USER_NOT_IN_GROUP",
                    &user.arn,
                    format!("user `{}` is in no group", user.name),
                    json!({"groups": []}),
                    "Add the user to a group that carries its permissions (or remove the user if it is not needed).",
                ));
            }
        }
        for group in account.groups.values() {
            if !group.inline_policies.is_empty() {
                let names: Vec<&str> = group
                    .inline_policies
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect();
                out.push(finding(
                    "INLINE_POLICY",
                    &group.arn,
                    format!("group `{}` has {} inline policy(ies)", group.name, names.len()),
                    json!({"inlinePolicies": names}),
                    "Replace the inline policy with a customer managed policy (versioned, reusable, reviewable).",
                ));
            }
            if !members.contains(group.name.as_str()) {
                out.push(finding(
                    "GROUP_EMPTY",
                    &group.arn,
                    format!("group `{}` has no members", group.name),
                    json!({"members": []}),
                    "Delete the group, or add the users it is meant for.",
                ));
            }
        }
        for role in account.roles.values().filter(|r| !r.is_service_linked()) {
            if !role.inline_policies.is_empty() {
                let names: Vec<&str> = role
                    .inline_policies
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect();
                out.push(finding(
                    "INLINE_POLICY",
                    &role.arn,
                    format!("role `{}` has {} inline policy(ies)", role.name, names.len()),
                    json!({"inlinePolicies": names}),
                    "Replace the inline policy with a customer managed policy (versioned, reusable, reviewable).",
                ));
            }
            if let Some(finding) = unused_role(role, options) {
                out.push(finding);
            }
        }
    }
    out
}

/// A role whose last use (`RoleLastUsed`) is older than the window, or that
/// was never used and was created before it.
fn unused_role(role: &crate::iam::Role, options: &AuditOptions) -> Option<AuditFinding> {
    let parse = |t: &Option<String>| t.as_deref().and_then(|t| t.parse::<Timestamp>().ok());
    let last_used = role.last_used.as_ref().and_then(|l| parse(&l.date));
    let created = parse(&role.create_date);
    let idle_since = match (last_used, created) {
        (Some(used), _) => used,
        (None, Some(created)) => created,
        // Neither date: the input does not say (older exports lack RoleLastUsed).
        (None, None) => return None,
    };
    let days = idle_since.days_before(&options.as_of);
    if days < options.days {
        return None;
    }
    Some(AuditFinding {
        check: "ROLE_UNUSED",
        severity: Severity::Low,
        category: Category::Structure,
        account: arn_account(&role.arn).to_string(),
        principal: role.arn.clone(),
        message: match last_used {
            Some(_) => format!("role `{}` not used for {days} day(s)", role.name),
            None => format!("role `{}` never used since its creation {days} day(s) ago", role.name),
        },
        evidence: json!({"lastUsed": last_used.map(|t| t.to_string()), "created": created.map(|t| t.to_string()), "asOf": options.as_of.to_string()}),
        fix: "Delete the role if nothing needs it (check CloudTrail first); unused roles are standing access.".to_string(),
    })
}
