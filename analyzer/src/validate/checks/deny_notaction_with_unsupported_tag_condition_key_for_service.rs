//! `DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE`: deny notaction with unsupported tag condition key for service.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

use super::deny_with_unsupported_tag_condition_key_for_service::is_positive_tag_condition;

check! {
    /// ## What it finds
    /// A `Deny` statement with `NotAction` and a positive condition (not
    /// negated, no `IfExists`) on a tag key (`aws:ResourceTag/...`,
    /// `aws:RequestTag/...`, `aws:TagKeys`).
    ///
    /// ## Why it matters
    /// `NotAction` covers every action of every service, including the many
    /// that do not support tag keys; the statement does not deny those.
    ///
    /// ## How to fix
    /// List the actions to deny in `Action`.
    code: "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    finding_type: SecurityWarning,
    title: "Deny NotAction with unsupported tag condition key for service",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let negated = statement
            .actions
            .as_ref()
            .is_some_and(|clause| clause.negated);
        if !negated || !statement.is_deny() {
            continue;
        }
        for entry in statement
            .conditions
            .iter()
            .filter(|entry| is_positive_tag_condition(entry))
        {
            report.add(format!("Using the effect Deny with NotAction and the tag condition key {} can be overly permissive because some service actions are not denied by this statement. This is because the condition key doesn't apply to some service actions. We recommend that you use Action instead of NotAction.", entry.key), entry.key_location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}}]}"#,
        );
    }
}
