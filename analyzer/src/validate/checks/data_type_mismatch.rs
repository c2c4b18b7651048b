//! `DATA_TYPE_MISMATCH`: an element of the wrong JSON type.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::value_location;
use crate::validate::finding::{JsonPath, Location};
use crate::validate::json::{Member, Node, Value};

check! {
    /// ## What it finds
    /// An element whose JSON type the grammar does not allow: a policy
    /// that is not an object, a `Version`, `Id`, `Sid` or `Effect` that is
    /// not a string, a `Statement` that is not an object or an array of
    /// objects, an `Action`, `Resource` or principal list holding
    /// something other than strings, a `Condition` that is not an object
    /// of objects.
    ///
    /// ## Why it matters
    /// IAM rejects the policy; tools that coerce types silently may read
    /// something else than what is written.
    ///
    /// ## How to fix
    /// Write the element with the type the message names, e.g.
    /// `"Version": "2012-10-17"` as a string.
    code: "DATA_TYPE_MISMATCH",
    finding_type: Error,
    title: "Data type mismatch",
    policy_types: ALL_TYPES,
    run: run,
}

fn details(expected: &str) -> String {
    format!("The text does not match the expected JSON data type {expected}.")
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let root = ctx.policy.root;
    let Some(members) = root.as_object() else {
        report.add(
            details("Object"),
            Location {
                path: JsonPath::root(),
                span: root.span,
            },
        );
        return;
    };
    for member in members {
        let path = JsonPath::root().member(&member.key);
        match member.key.as_str() {
            "Version" | "Id" => expect_string(member, path, report),
            "Statement" => match &member.value.value {
                Value::Object(_) => {}
                Value::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        if item.as_object().is_none() {
                            report.add(
                                details("Object"),
                                Location {
                                    path: path.index(index),
                                    span: item.span,
                                },
                            );
                        }
                    }
                }
                _ => report.add(details("Array"), value_location(path, member)),
            },
            _ => {}
        }
    }
    for statement in ctx.statements() {
        for member in statement.members {
            let path = statement.member_path(&member.key);
            match member.key.as_str() {
                "Sid" | "Effect" => expect_string(member, path, report),
                "Action" | "NotAction" | "Resource" | "NotResource" => {
                    expect_strings(&member.value, &path, report);
                }
                "Principal" | "NotPrincipal" => {
                    if let Value::Object(entries) = &member.value.value {
                        for entry in entries {
                            expect_strings(&entry.value, &path.member(&entry.key), report);
                        }
                    }
                }
                "Condition" => check_condition(member, &path, report),
                _ => {}
            }
        }
    }
}

fn expect_string(member: &Member, path: JsonPath, report: &mut Report<'_>) {
    if member.value.as_str().is_none() {
        report.add(details("String"), value_location(path, member));
    }
}

/// A string or an array of strings.
fn expect_strings(node: &Node, path: &JsonPath, report: &mut Report<'_>) {
    match &node.value {
        Value::String(_) => {}
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                if item.as_str().is_none() {
                    report.add(
                        details("String"),
                        Location {
                            path: path.index(index),
                            span: item.span,
                        },
                    );
                }
            }
        }
        _ => report.add(
            details("Array"),
            Location {
                path: path.clone(),
                span: node.span,
            },
        ),
    }
}

fn check_condition(member: &Member, path: &JsonPath, report: &mut Report<'_>) {
    let Some(operators) = member.value.as_object() else {
        report.add(details("Object"), value_location(path.clone(), member));
        return;
    };
    for operator in operators {
        if operator.value.as_object().is_none() {
            report.add(
                details("Object"),
                value_location(path.member(&operator.key), operator),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::{assert_flags, findings_of};
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_version_that_is_not_a_string() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": 2012, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        );
    }

    #[test]
    fn flags_non_string_actions_and_a_policy_that_is_not_an_object() {
        let found = findings_of(
            &CHECK,
            PolicyType::Identity,
            None,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", 7], "Resource": "*"}]}"#,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].finding_details,
            "The text does not match the expected JSON data type String."
        );
        let found = findings_of(&CHECK, PolicyType::Identity, None, "[1]");
        assert_eq!(found.len(), 1);
    }
}
