//! `REDUNDANT_STATEMENT`: a statement written twice.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::Statement;

check! {
    /// ## What it finds
    /// A statement identical to an earlier one (the `Sid` aside): same
    /// effect, principals, actions, resources and conditions, as written.
    /// Statements whose access another grants in a different form are a
    /// question for the solver, not this check.
    ///
    /// ## Why it matters
    /// Removing either copy changes nothing, but a later edit to one copy
    /// leaves the other granting the old access.
    ///
    /// ## How to fix
    /// Remove the repeated statement.
    code: "REDUNDANT_STATEMENT",
    finding_type: Suggestion,
    title: "Redundant statement",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let statements = ctx.statements();
    let keys: Vec<Option<serde_json::Value>> = statements.iter().map(comparable).collect();
    for (position, key) in keys.iter().enumerate() {
        let Some(key) = key else {
            continue;
        };
        let repeated = keys
            .iter()
            .take(position)
            .any(|earlier| earlier.as_ref() == Some(key));
        if let (true, Some(statement)) = (repeated, statements.get(position)) {
            report.add(
                "The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement.",
                statement.location(),
            );
        }
    }
}

/// Whether the statement at `index` is written exactly as an earlier one
/// (the `Sid` aside).
pub(crate) fn repeats_an_earlier_statement(ctx: &Context<'_>, index: usize) -> bool {
    let statements = ctx.statements();
    let Some(key) = statements
        .iter()
        .find(|s| s.view.index == index)
        .and_then(comparable)
    else {
        return false;
    };
    statements
        .iter()
        .filter(|s| s.view.index < index)
        .any(|s| comparable(s).as_ref() == Some(&key))
}

/// The statement without its `Sid`, single values as one-item lists.
fn comparable(statement: &Statement<'_>) -> Option<serde_json::Value> {
    let mut value = statement.node.to_json();
    let object = value.as_object_mut()?;
    object.remove("Sid");
    for (_, element) in object.iter_mut() {
        normalise(element);
    }
    Some(value)
}

fn normalise(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (_, child) in map.iter_mut() {
                normalise(child);
            }
        }
        serde_json::Value::String(_) => *value = serde_json::Value::Array(vec![value.take()]),
        serde_json::Value::Array(items) => items.sort_by_key(ToString::to_string),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_repeated_statement() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Sid": "B", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Sid": "B", "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": "*"}]}"#,
        );
    }
}
