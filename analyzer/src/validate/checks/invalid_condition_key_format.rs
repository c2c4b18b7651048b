//! `INVALID_CONDITION_KEY_FORMAT`: a condition key that is not
//! `service:name`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::keys::{self, KeyKind};

check! {
    /// ## What it finds
    /// A condition key without a `prefix:` (`SourceIp`), with an empty
    /// prefix or name, or with white space.
    ///
    /// ## Why it matters
    /// No request carries such a key: the condition never holds as
    /// written, or IAM rejects the policy.
    ///
    /// ## How to fix
    /// Write the key with its prefix, e.g. `aws:SourceIp`.
    code: "INVALID_CONDITION_KEY_FORMAT",
    finding_type: Error,
    title: "Invalid condition key format",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if keys::classify(ctx.catalog, entry.key) == KeyKind::Malformed {
                report.add(
                    "The condition key format is not valid. Use the format service:keyname.",
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
    fn flags_a_key_without_prefix() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"SourceIp": "203.0.113.0/24"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#,
        );
    }
}
