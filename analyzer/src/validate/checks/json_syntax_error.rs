//! `JSON_SYNTAX_ERROR`: the policy is not valid JSON, or repeats a key.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::finding::{FindingType, JsonPath, Location, ValidationFinding};
use crate::validate::json::{Member, Node, Span, SyntaxError, Value};

check! {
    /// ## What it finds
    /// Text that is not JSON (the finding names the index, line and column
    /// where parsing stopped), and objects that repeat a key.
    ///
    /// ## Why it matters
    /// IAM rejects a policy that is not JSON. A repeated key is ambiguous:
    /// some readers keep the first value and others the last, so the
    /// policy may not mean what a reviewer reads.
    ///
    /// ## How to fix
    /// Fix the JSON at the position given; merge repeated keys into one.
    code: "JSON_SYNTAX_ERROR",
    finding_type: Error,
    title: "Json syntax error",
    policy_types: ALL_TYPES,
    run: run,
}

/// The finding for text that does not parse.
pub(crate) fn finding_for(error: &SyntaxError) -> ValidationFinding {
    ValidationFinding {
        finding_type: FindingType::Error,
        issue_code: CHECK.code,
        finding_details: format!(
            "Fix the JSON syntax error at index {} line {} column {}.",
            error.at.offset, error.at.line, error.at.column
        ),
        learn_more_link: CHECK.learn_more_link(),
        locations: vec![Location {
            path: JsonPath::root(),
            span: Span {
                start: error.at,
                end: error.at,
            },
        }],
    }
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    walk(ctx.policy.root, &JsonPath::root(), report);
}

fn walk(node: &Node, path: &JsonPath, report: &mut Report<'_>) {
    match &node.value {
        Value::Object(members) => {
            for (position, member) in members.iter().enumerate() {
                if members
                    .iter()
                    .take(position)
                    .any(|earlier: &Member| earlier.key == member.key)
                {
                    report.add(
                        "Fix the JSON syntax error.",
                        Location {
                            path: path.key(&member.key),
                            span: member.key_span,
                        },
                    );
                }
                walk(&member.value, &path.member(&member.key), report);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, &path.index(index), report);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::{assert_flags, findings_of};
    use crate::validate::PolicyType;

    #[test]
    fn flags_text_that_is_not_json() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}"#,
        );
        assert_eq!(
            found[0].finding_details,
            "Fix the JSON syntax error at index 59 line 1 column 59."
        );
    }

    #[test]
    fn flags_a_repeated_key() {
        let found = findings_of(
            &CHECK,
            PolicyType::Identity,
            None,
            r#"{"Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}}"#,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].finding_details, "Fix the JSON syntax error.");
    }
}
