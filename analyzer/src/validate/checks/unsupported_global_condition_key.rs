//! `UNSUPPORTED_GLOBAL_CONDITION_KEY`: `aws:ARN` where it is not supported.

use crate::validate::check::{check, Context, Report};
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// The key `aws:ARN` in a resource policy, a service control policy or
    /// a resource control policy. (In identity policies it is reported as
    /// deprecated instead, `DEPRECATED_GLOBAL_CONDITION_KEY`.)
    ///
    /// ## Why it matters
    /// `aws:ARN` is not a key AWS supports: the condition does not test
    /// what it seems to.
    ///
    /// ## How to fix
    /// Use `aws:PrincipalArn` (the caller) or `aws:SourceArn` (the
    /// resource a service acts for).
    code: "UNSUPPORTED_GLOBAL_CONDITION_KEY",
    finding_type: Error,
    title: "Unsupported global condition key",
    policy_types: &[PolicyType::Resource, PolicyType::Scp, PolicyType::Rcp],
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.key_is("aws:ARN") {
                report.add(
                    "The condition key aws:ARN is not supported. Use aws:PrincipalArn or aws:SourceArn instead.",
                    entry.key_location(),
                );
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
    fn flags_aws_arn_in_a_bucket_policy() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"ArnNotLike": {"aws:ARN": "arn:aws:iam::111122223333:role/admin"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin"}}}]}"#,
        );
    }
}
