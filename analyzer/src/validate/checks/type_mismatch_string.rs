//! `TYPE_MISMATCH_STRING`: type mismatch string.

use crate::policy::OperatorFamily;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables;

check! {
    /// ## What it finds
    /// A `BinaryEquals` condition value that is not base64.
    ///
    /// ## Why it matters
    /// The value never matches, so the condition never holds as intended.
    ///
    /// ## How to fix
    /// Write the bytes base64-encoded.
    code: "TYPE_MISMATCH_STRING",
    finding_type: Warning,
    title: "Type mismatch string",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let is_valid: fn(&str) -> bool = is_base64;
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.base().map(crate::policy::BaseOperator::family) != Some(OperatorFamily::Binary)
            {
                continue;
            }
            for (text, value) in entry.texts() {
                if variables::has_variable(text) || is_valid(text) {
                    continue;
                }
                report.add(
                    format!(
                        "Add a valid base64-encoded string value for the condition operator {}.",
                        entry.operator_text
                    ),
                    value.location(),
                );
            }
        }
    }
}

/// Whether the text is base64 (standard alphabet, padded to a multiple of
/// four characters).
fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    !text.is_empty()
        && text.len() % 4 == 0
        && padding <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_value_of_the_wrong_type() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"BinaryEquals": {"aws:UserAgent": "not base64!"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"BinaryEquals": {"aws:UserAgent": "QmluYXJ5VmFsdWU="}}}]}"#,
        );
    }
}
