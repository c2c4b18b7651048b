//! `DEPRECATED_GLOBAL_CONDITION_KEY`: `aws:ARN` in an identity policy.

use crate::validate::check::{check, Context, Report};
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// The deprecated key `aws:ARN` in an identity policy or a role trust
    /// policy.
    ///
    /// ## Why it matters
    /// Its meaning is unclear (the caller or the resource?); the keys that
    /// replaced it say which.
    ///
    /// ## How to fix
    /// Use `aws:PrincipalArn`.
    code: "DEPRECATED_GLOBAL_CONDITION_KEY",
    finding_type: Warning,
    title: "Deprecated global condition key",
    policy_types: &[PolicyType::Identity, PolicyType::Trust],
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.key_is("aws:ARN") {
                report.add(
                    "We recommend that you update aws:ARN to use the newer condition key aws:PrincipalArn.",
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
    fn flags_aws_arn_in_an_identity_policy() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ArnLike": {"aws:ARN": "arn:aws:iam::111122223333:role/*"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}}]}"#,
        );
    }
}
