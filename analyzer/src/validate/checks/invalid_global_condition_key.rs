//! `INVALID_GLOBAL_CONDITION_KEY`: an `aws:` key that does not exist.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::keys::{self, KeyKind};

check! {
    /// ## What it finds
    /// A condition key with the `aws:` prefix that is not one of AWS's
    /// global condition keys (`aws:SourceIP` is fine — key names ignore
    /// case — but `aws:SourceIPAddress` is not a key).
    ///
    /// ## Why it matters
    /// No request carries the key: a positive condition on it never holds
    /// (an `Allow` grants nothing) and a negated one always does (a `Deny`
    /// denies everything, or an `Allow` is unconditional).
    ///
    /// ## How to fix
    /// Use the global key you meant; the IAM User Guide lists them.
    code: "INVALID_GLOBAL_CONDITION_KEY",
    finding_type: Error,
    title: "Invalid global condition key",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            let known = ctx.catalog.has_condition_key(entry.key)
                || entry.key_is("aws:ARN")
                || keys::bare_tag_key(ctx.catalog, entry.key).is_some();
            if keys::classify(ctx.catalog, entry.key) == KeyKind::Global && !known {
                report.add(
                    format!(
                        "The condition key {} does not exist. Use a valid condition key.",
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
    fn flags_an_unknown_global_key() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIPAddress": "203.0.113.0/24"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIP": "203.0.113.0/24"}}}]}"#,
        );
    }
}
