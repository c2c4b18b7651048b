//! `INVALID_VPC_FORMAT`: a malformed VPC id in `aws:SourceVpc`.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables;

check! {
    /// ## What it finds
    /// A value of `aws:SourceVpc` that is not `vpc-` followed by 8 or 17
    /// letters or digits (wildcards and policy variables aside).
    ///
    /// ## Why it matters
    /// No VPC has such an id, so the condition never matches: an
    /// `Allow` grants nothing, a `Deny` on `StringNotEquals` denies
    /// everything.
    ///
    /// ## How to fix
    /// Copy the id from the VPC, e.g. `vpc-1a2b3c4d`.
    code: "INVALID_VPC_FORMAT",
    finding_type: Error,
    title: "Invalid vpc format",
    policy_types: ALL_TYPES,
    run: run,
}

/// Whether the text is `vpc-` and 8 or 17 letters or digits.
pub(super) fn is_valid(text: &str) -> bool {
    text.strip_prefix("vpc-").is_some_and(|id| {
        (id.len() == 8 || id.len() == 17) && id.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if !entry.key_is("aws:SourceVpc") || entry.base() == Some(BaseOperator::Null) {
                continue;
            }
            for (text, value) in entry.texts() {
                if text.contains(['*', '?'])
                    || variables::has_variable(text)
                    || crate::validate::support::is_unresolved(text)
                    || is_valid(text)
                {
                    continue;
                }
                report.add("The VPC identifier in the condition key value is not valid. Use the prefix 'vpc-' followed by 8 or 17 alphanumeric characters.", value.location());
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
    fn flags_a_malformed_id() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-123"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}]}"#,
        );
    }
}
