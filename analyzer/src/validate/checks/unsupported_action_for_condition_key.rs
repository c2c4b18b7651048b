//! `UNSUPPORTED_ACTION_FOR_CONDITION_KEY`: listed actions that never carry
//! a condition key of the statement.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::glob;
use crate::validate::support::keys::{self, KeyKind};

check! {
    /// ## What it finds
    /// A statement that conditions on a service-specific key (`s3:prefix`,
    /// `ec2:InstanceType`, ...) and lists, by name, actions that do not
    /// support that key per the IAM catalog (`s3:GetObject` with
    /// `s3:prefix`). Actions written with wildcards are not judged.
    ///
    /// ## Why it matters
    /// Requests for those actions do not carry the key, so the condition
    /// does not hold for them: an `Allow` grants them nothing, and a
    /// `Deny` with a negated operator denies them always.
    ///
    /// ## How to fix
    /// Move the actions to a statement without the condition, or use a
    /// key they support.
    code: "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
    finding_type: Error,
    title: "Unsupported action for condition key",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(clause) = statement.actions.as_ref().filter(|c| !c.negated) else {
            continue;
        };
        let named: Vec<_> = clause
            .items
            .iter()
            .filter(|item| !glob::has_wildcard(item.text))
            .filter_map(|item| ctx.catalog.action(item.text).map(|action| (item, action)))
            .collect();
        if named.is_empty() {
            continue;
        }
        for entry in &statement.conditions {
            if entry.base() == Some(BaseOperator::Null)
                || !matches!(keys::classify(ctx.catalog, entry.key), KeyKind::Service(_))
                || !ctx.catalog.has_condition_key(entry.key)
            {
                continue;
            }
            let unsupported: Vec<&str> = named
                .iter()
                .filter(|(_, action)| !keys::action_supports_key(ctx.catalog, action, entry.key))
                .map(|(item, _)| item.text)
                .collect();
            if !unsupported.is_empty() {
                report.add(
                    format!(
                        "The following actions: {} are not supported by the condition key {}. The condition will not be evaluated for these actions. We recommend that you move these actions to a different statement without this condition key.",
                        unsupported.join(", "),
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
    fn flags_get_object_with_a_prefix_condition() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}]}"#,
        );
        assert!(found[0]
            .finding_details
            .starts_with("The following actions: s3:GetObject are"));
    }
}
