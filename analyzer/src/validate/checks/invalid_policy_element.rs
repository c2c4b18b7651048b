//! `INVALID_POLICY_ELEMENT`: an element the policy grammar does not have.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::finding::{JsonPath, Location};

check! {
    /// ## What it finds
    /// A top-level element other than `Version`, `Id` and `Statement`, or
    /// a statement element other than `Sid`, `Effect`, `Principal`,
    /// `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource`
    /// and `Condition`. Element names are case-sensitive, so `effect` is
    /// not `Effect`.
    ///
    /// ## Why it matters
    /// IAM rejects the policy; a misspelt `Condition` that some tool
    /// ignored would drop the restriction it was meant to add.
    ///
    /// ## How to fix
    /// Spell the element as the grammar does, or remove it.
    code: "INVALID_POLICY_ELEMENT",
    finding_type: Error,
    title: "Invalid policy element",
    policy_types: ALL_TYPES,
    run: run,
}

const TOP_LEVEL: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for member in ctx.policy.root.as_object().unwrap_or(&[]) {
        if !TOP_LEVEL.contains(&member.key.as_str()) {
            report.add(
                format!("The policy element {} is not valid.", member.key),
                Location {
                    path: JsonPath::root().key(&member.key),
                    span: member.key_span,
                },
            );
        }
    }
    for statement in ctx.statements() {
        for member in statement.members {
            if !STATEMENT.contains(&member.key.as_str()) {
                report.add(
                    format!("The policy element {} is not valid.", member.key),
                    statement.key_location(member),
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
    fn flags_a_misspelt_element() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Conditions": {}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {}}]}"#,
        );
    }
}
