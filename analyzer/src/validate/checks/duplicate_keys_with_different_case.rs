//! `DUPLICATE_KEYS_WITH_DIFFERENT_CASE`: one condition key twice under one
//! operator.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// One condition key written twice under the same operator with
    /// different capitalisation (`aws:SourceIp` and `aws:sourceip`).
    ///
    /// ## Why it matters
    /// Key names ignore case, so both entries name one key, and which
    /// value applies is not what a reader expects.
    ///
    /// ## How to fix
    /// Merge the values under one spelling of the key.
    code: "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
    finding_type: Error,
    title: "Duplicate keys with different case",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let entries = &statement.conditions;
        for (position, entry) in entries.iter().enumerate() {
            let repeated = entries.iter().take(position).any(|earlier| {
                earlier.operator_text == entry.operator_text
                    && earlier.key != entry.key
                    && earlier.key.eq_ignore_ascii_case(entry.key)
            });
            if repeated {
                report.add(
                    format!(
                        "The condition key {} appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.",
                        entry.key
                    ),
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
    fn flags_a_key_repeated_in_another_case() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24", "aws:sourceip": "198.51.100.0/24"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}}}]}"#,
        );
    }
}
