//! `ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE`: allow with unsupported tag condition key for service.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

use super::deny_with_unsupported_tag_condition_key_for_service::{
    is_positive_tag_condition, unsupported_services,
};

check! {
    /// ## What it finds
    /// An `Allow` statement with a positive condition (not negated, no
    /// `IfExists`) on a tag key (`aws:ResourceTag/...`, `aws:RequestTag/...`,
    /// `aws:TagKeys`) and actions, named or matched by a service's wildcard,
    /// that do not support the key per the IAM catalog.
    ///
    /// ## Why it matters
    /// Requests for those actions do not carry the key, so the statement
    /// never allows them, however the resource is tagged.
    ///
    /// ## How to fix
    /// Move the actions of the listed services to a statement that allows
    /// them another way (by resource name, for example).
    code: "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    finding_type: Suggestion,
    title: "Allow with unsupported tag condition key for service",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if !statement.is_allow() {
            continue;
        }
        for entry in statement
            .conditions
            .iter()
            .filter(|entry| is_positive_tag_condition(entry))
        {
            let services = unsupported_services(ctx, statement, entry.key);
            if !services.is_empty() {
                report.add(format!("Using the effect Allow with the tag condition key {} and actions for services with the following prefixes does not affect the policy: {}. Actions for the listed service are not allowed by this statement. We recommend that you move these actions to a different statement without this condition key.", entry.key, services.join(", ")), entry.key_location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "ec2:TerminateInstances"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:TerminateInstances"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}}]}"#,
        );
    }
}
