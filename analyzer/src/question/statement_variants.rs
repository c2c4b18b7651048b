//! Sibling requests for the enumeration of external access: the request of
//! a found cell moved onto the principal, action and resource of another
//! `Allow` statement that names its principal by ARN.
//!
//! Policies that share a resource with many partners are often written one
//! statement per partner, each with its own principal and its own resource
//! path (`exports/<partner>/*`). Renaming the account of a witness does not
//! reach the other partners there (their resource paths differ), so each
//! partner would cost a solver check. A statement variant is a candidate
//! only: [`super::derive_cells`] keeps it when the query holds on it (the
//! encoded semantics decide, not this module) and its class is new, and
//! every finding's witness is re-checked by the evaluator as any other.
//! Completeness still comes from the final unsatisfiable check.

use crate::eval::{Context, Request, RequestPrincipal};
use crate::policy::{AwsEntry, AwsIdentity, Effect, Policy, Principal, PrincipalSet};

/// What one `Allow` statement grants to one principal it names by ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StatementTarget {
    /// The principal's identity.
    identity: AwsIdentity,
    /// A literal action of the statement, when it lists one.
    action: Option<String>,
    /// The statement's first resource pattern without policy variables,
    /// with wildcards instantiated (`*` empty, `?` as `a`); `None` when
    /// the statement has no `Resource` or only `*`.
    resource: Option<String>,
}

/// The targets of the policy's `Allow` statements that name IAM users or
/// roles by ARN (not `NotPrincipal`, not `NotAction`/`NotResource`).
pub(super) fn statement_targets(policy: &Policy) -> Vec<StatementTarget> {
    let mut targets = Vec::new();
    for statement in &policy.statements {
        if statement.effect != Effect::Allow || statement.action.negated {
            continue;
        }
        let Some(clause) = &statement.principal else {
            continue;
        };
        let PrincipalSet::Listed(principals) = &clause.principals else {
            continue;
        };
        if clause.negated || statement.resource.as_ref().is_some_and(|r| r.negated) {
            continue;
        }
        let action = statement
            .action
            .patterns
            .iter()
            .find(|p| !p.contains(['*', '?']))
            .cloned();
        let resource = statement.resource.as_ref().and_then(|r| {
            r.patterns
                .iter()
                .find(|p| !p.contains("${") && p.as_str() != "*")
                .map(|p| p.replace('*', "").replace('?', "a"))
        });
        for principal in principals {
            let Principal::Aws(aws) = principal else {
                continue;
            };
            let AwsEntry::Identity(identity) = aws.entry() else {
                continue;
            };
            if matches!(
                identity,
                AwsIdentity::User { .. } | AwsIdentity::Role { .. }
            ) {
                let target = StatementTarget {
                    identity: identity.clone(),
                    action: action.clone(),
                    resource: resource.clone(),
                };
                if !targets.contains(&target) {
                    targets.push(target);
                }
            }
        }
    }
    targets
}

/// The request moved onto each target whose principal is not the
/// request's: its principal, its principal keys, and the target's action
/// and resource when the statement names them. Requests whose principal is
/// not a user, role or role session of an IAM ARN give none.
pub(super) fn statement_variants(targets: &[StatementTarget], request: &Request) -> Vec<Request> {
    let RequestPrincipal::Aws(caller) = &request.principal else {
        return Vec::new();
    };
    let Some(current) = AwsIdentity::parse(caller) else {
        return Vec::new();
    };
    let current_arn = current.principal_arn();
    targets
        .iter()
        .filter(|target| target.identity.principal_arn() != current_arn)
        .filter_map(|target| moved(request, &current, caller, target))
        .collect()
}

/// The request made by the target's principal (a role's session when the
/// request is a session), on the target's action and resource; none when
/// the target is of another kind (a user for a role's request).
fn moved(
    request: &Request,
    current: &AwsIdentity,
    caller: &str,
    target: &StatementTarget,
) -> Option<Request> {
    let new_arn = target.identity.principal_arn();
    let new_caller = match (current, &target.identity) {
        (
            AwsIdentity::AssumedRole { session, .. },
            AwsIdentity::Role {
                partition, account, ..
            },
        ) => {
            let name = new_arn.rsplit('/').next()?;
            format!("arn:{partition}:sts::{account}:assumed-role/{name}/{session}")
        }
        // The principal keeps its kind, so the keys that depend on it
        // (`aws:PrincipalType`, `aws:userid`) stay true of it.
        (AwsIdentity::User { .. }, AwsIdentity::User { .. })
        | (AwsIdentity::Role { .. }, AwsIdentity::Role { .. }) => new_arn.clone(),
        _ => return None,
    };
    let old_arn = current.principal_arn();
    let old_account = current.account();
    let new_account = target.identity.account();
    let old_name = old_arn.rsplit('/').next().unwrap_or_default();
    let new_name = new_arn.rsplit('/').next().unwrap_or_default();
    let swap = |key: &str, value: &str| -> String {
        if value == caller {
            new_caller.clone()
        } else if value == old_arn {
            new_arn.clone()
        } else if value == old_account {
            new_account.to_string()
        } else if key.eq_ignore_ascii_case("aws:username") && value == old_name {
            new_name.to_string()
        } else {
            value.to_string()
        }
    };
    let mut context = Context::new();
    for (key, values) in request.context.iter() {
        context.insert_all(key, values.iter().map(|v| swap(key, v)));
    }
    Some(Request {
        principal: RequestPrincipal::Aws(new_caller.clone()),
        action: target
            .action
            .clone()
            .unwrap_or_else(|| request.action.clone()),
        resource: target
            .resource
            .clone()
            .unwrap_or_else(|| request.resource.clone()),
        context,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_policy;

    fn policy() -> Policy {
        parse_policy(
            r#"{"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/reader-0"},
               "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/exports/0/*"},
              {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::777788889999:user/u1", "111122223333"]},
               "Action": "s3:*", "Resource": "arn:aws:s3:::b/exports/1/*"},
              {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::999999999999:role/x"},
               "Action": "s3:*", "Resource": "*"}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn allow_statements_naming_users_and_roles_are_targets() {
        let targets = statement_targets(&policy());
        let arns: Vec<String> = targets.iter().map(|t| t.identity.principal_arn()).collect();
        assert_eq!(
            arns,
            [
                "arn:aws:iam::444455556666:role/reader-0",
                "arn:aws:iam::777788889999:user/u1"
            ]
        );
        assert_eq!(targets[0].action.as_deref(), Some("s3:GetObject"));
        assert_eq!(targets[1].action, None);
        assert_eq!(
            targets[1].resource.as_deref(),
            Some("arn:aws:s3:::b/exports/1/")
        );
    }

    #[test]
    fn a_session_moves_to_a_session_of_the_other_role_with_its_keys() {
        let targets = statement_targets(&policy());
        let mut context = Context::new();
        context.insert("aws:PrincipalArn", "arn:aws:iam::777788889999:role/r");
        context.insert("aws:PrincipalAccount", "777788889999");
        context.insert("aws:SourceIp", "10.0.0.1");
        let request = Request {
            principal: RequestPrincipal::Aws(
                "arn:aws:sts::777788889999:assumed-role/r/s".to_string(),
            ),
            action: "s3:GetObject".to_string(),
            resource: "arn:aws:s3:::b/exports/1/".to_string(),
            context,
        };
        let variants = statement_variants(&targets, &request);
        let moved = &variants[0];
        assert_eq!(
            moved.principal,
            RequestPrincipal::Aws("arn:aws:sts::444455556666:assumed-role/reader-0/s".to_string())
        );
        assert_eq!(moved.resource, "arn:aws:s3:::b/exports/0/");
        assert_eq!(
            moved.context.get("aws:PrincipalArn"),
            Some(&["arn:aws:iam::444455556666:role/reader-0".to_string()][..])
        );
        assert_eq!(
            moved.context.get("aws:PrincipalAccount"),
            Some(&["444455556666".to_string()][..])
        );
        assert_eq!(
            moved.context.get("aws:SourceIp"),
            Some(&["10.0.0.1".to_string()][..])
        );
        // A session cannot become a user: only the role target moves it.
        assert_eq!(variants.len(), 1);
        // A user's request moves to the other user only.
        let user = Request {
            principal: RequestPrincipal::Aws("arn:aws:iam::333344445555:user/dave".to_string()),
            ..request.clone()
        };
        let moved: Vec<RequestPrincipal> = statement_variants(&targets, &user)
            .into_iter()
            .map(|r| r.principal)
            .collect();
        assert_eq!(
            moved,
            [RequestPrincipal::Aws(
                "arn:aws:iam::777788889999:user/u1".to_string()
            )]
        );
    }
}
