//! `WILDCARD_WITHOUT_LIKE_OPERATOR`: `*` or `?` in a value compared
//! literally.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// A `*` or `?` in a value of `StringEquals`, `StringNotEquals` or
    /// their `IgnoreCase` forms (policy variables such as `${*}` aside).
    ///
    /// ## Why it matters
    /// These operators compare literally: `"StringEquals":
    /// {"aws:PrincipalTag/role": "admin-*"}` matches only the text
    /// `admin-*`, so an `Allow` grants less and a `Deny` denies less than
    /// intended.
    ///
    /// ## How to fix
    /// Use `StringLike` / `StringNotLike` for patterns.
    code: "WILDCARD_WITHOUT_LIKE_OPERATOR",
    finding_type: Warning,
    title: "Wildcard without like operator",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            let literal = matches!(
                entry.base(),
                Some(
                    BaseOperator::StringEquals
                        | BaseOperator::StringNotEquals
                        | BaseOperator::StringEqualsIgnoreCase
                        | BaseOperator::StringNotEqualsIgnoreCase
                )
            );
            if !literal {
                continue;
            }
            for (text, value) in entry.texts() {
                if without_variables(text).contains(['*', '?']) {
                    report.add(
                        "Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.",
                        value.location(),
                    );
                }
            }
        }
    }
}

/// The text with every `${...}` removed.
fn without_variables(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or(""));
        match rest.get(start..).and_then(|tail| tail.find('}')) {
            Some(end) => rest = rest.get(start + end + 1..).unwrap_or(""),
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_pattern_in_string_equals() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/job": "admin-*"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalTag/job": "admin-*"}}}]}"#,
        );
    }
}
