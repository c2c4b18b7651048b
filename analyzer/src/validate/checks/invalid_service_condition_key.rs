//! `INVALID_SERVICE_CONDITION_KEY`: a service key that does not exist.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::keys::{self, KeyKind};

check! {
    /// ## What it finds
    /// A condition key with a service's prefix that the service does not
    /// define (`s3:Prefix` is fine — names ignore case — but
    /// `s3:ObjectPrefix` is not a key), per the IAM catalog.
    ///
    /// ## Why it matters
    /// No request carries the key: a positive condition on it never holds
    /// and a negated one always does.
    ///
    /// ## How to fix
    /// Use one of the service's keys from the Service Authorization
    /// Reference.
    code: "INVALID_SERVICE_CONDITION_KEY",
    finding_type: Error,
    title: "Invalid service condition key",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            let KeyKind::Service(service) = keys::classify(ctx.catalog, entry.key) else {
                continue;
            };
            if ctx.catalog.has_condition_key(entry.key)
                || keys::bare_tag_key(ctx.catalog, entry.key).is_some()
            {
                continue;
            }
            report.add(
                format!(
                    "The condition key {} does not exist in the service {service}. Use a valid condition key.",
                    entry.key
                ),
                entry.key_location(),
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
    fn flags_an_unknown_service_key() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:ObjectPrefix": "home/*"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}]}"#,
        );
    }
}
