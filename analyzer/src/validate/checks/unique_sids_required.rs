//! `UNIQUE_SIDS_REQUIRED`: two statements with one `Sid` where IAM forbids
//! it.

use crate::validate::check::{check, Context, Report};
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// Two statements with the same `Sid` in a policy type that requires
    /// unique statement ids: identity, role trust, service control and
    /// resource control policies.
    ///
    /// ## Why it matters
    /// IAM and AWS Organizations reject the policy.
    ///
    /// ## How to fix
    /// Rename one of the statements.
    code: "UNIQUE_SIDS_REQUIRED",
    finding_type: Error,
    title: "Unique Sids required",
    policy_types: &[PolicyType::Identity, PolicyType::Trust, PolicyType::Scp, PolicyType::Rcp],
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    super::unique_sids_recommended::report_duplicates(
        ctx,
        report,
        "Duplicate statement IDs are not supported for this policy type. Update the Sid value.",
    );
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_repeated_sid_in_an_identity_policy() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}"#,
        );
    }
}
