//! `UNSUPPORTED_SID`: a `Sid` with characters IAM does not accept.

use crate::validate::check::{check, Context, Report};
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// A `Sid` with characters other than ASCII letters and digits, in a
    /// policy IAM or AWS Organizations stores: identity, role trust,
    /// service control and resource control policies. (Resource policies
    /// of other services accept more, e.g. spaces in S3 bucket policies.)
    ///
    /// ## Why it matters
    /// IAM rejects the policy (`Statement IDs (SID) must be
    /// alpha-numeric`).
    ///
    /// ## How to fix
    /// Remove spaces, hyphens and other punctuation: `Allow-Read` becomes
    /// `AllowRead`.
    code: "UNSUPPORTED_SID",
    finding_type: Error,
    title: "Unsupported Sid",
    policy_types: &[PolicyType::Identity, PolicyType::Trust, PolicyType::Scp, PolicyType::Rcp],
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(sid) = statement.sid() else {
            continue;
        };
        if !sid.bytes().all(|b| b.is_ascii_alphanumeric()) {
            report.add(
                "Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]",
                statement.location_of("Sid"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_sid_with_a_hyphen() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Allow-Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "AllowRead", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        );
    }
}
