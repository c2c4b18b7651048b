//! `DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE`: deny with unsupported tag condition key for service.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::{ConditionEntry, Statement};
use crate::validate::support::{actions, keys};

check! {
    /// ## What it finds
    /// A `Deny` statement with a positive condition (not negated, no
    /// `IfExists`) on a tag key (`aws:ResourceTag/...`, `aws:RequestTag/...`,
    /// `aws:TagKeys`) and actions, named or matched by a service's wildcard,
    /// that do not support the key per the IAM catalog.
    ///
    /// ## Why it matters
    /// Requests for those actions do not carry the key, so the condition
    /// never holds and the statement does not deny them, however the
    /// resource is tagged.
    ///
    /// ## How to fix
    /// Move the actions of the listed services to a statement that denies
    /// them another way (by resource name, for example). Do not switch to
    /// `...IfExists`: that would deny them always.
    code: "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    finding_type: SecurityWarning,
    title: "Deny with unsupported tag condition key for service",
    policy_types: ALL_TYPES,
    run: run,
}

/// Whether the entry is a positive, non-`IfExists` condition on a global
/// tag key: one that fails when the request lacks the key.
pub(super) fn is_positive_tag_condition(entry: &ConditionEntry<'_>) -> bool {
    let Some(base) = entry.base() else {
        return false;
    };
    keys::is_global_tag_key(entry.key)
        && !entry.if_exists()
        && !base.is_negated()
        && base != BaseOperator::Null
}

/// The prefixes of the services some of whose actions in the statement's
/// `Action` (named, or matched by a wildcard within one service) do not
/// support `key`, sorted.
pub(super) fn unsupported_services(
    ctx: &Context<'_>,
    statement: &Statement<'_>,
    key: &str,
) -> Vec<String> {
    let Some(clause) = statement.actions.as_ref().filter(|c| !c.negated) else {
        return Vec::new();
    };
    let mut services: Vec<String> = Vec::new();
    for item in &clause.items {
        let Some(expanded) = actions::expand(ctx.catalog, item.text) else {
            continue;
        };
        for action in expanded {
            if !keys::action_supports_key(ctx.catalog, action, key)
                && !services.iter().any(|s| s == action.service)
            {
                services.push(action.service.to_owned());
            }
        }
    }
    services.sort();
    services
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if !statement.is_deny() {
            continue;
        }
        for entry in statement
            .conditions
            .iter()
            .filter(|entry| is_positive_tag_condition(entry))
        {
            let services = unsupported_services(ctx, statement, entry.key);
            if !services.is_empty() {
                report.add(format!("Using the effect Deny with the tag condition key {} and actions for services with the following prefixes can be overly permissive: {}. Actions for the listed services are not denied by this statement. We recommend that you move these actions to a different statement without this condition key.", entry.key, services.join(", ")), entry.key_location());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_actions_that_ignore_the_tag() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["s3:ListAllMyBuckets", "ec2:TerminateInstances"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["ec2:TerminateInstances"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}}]}"#,
        );
    }
}
