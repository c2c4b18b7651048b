//! `MISSING_QUALIFIER`: a multivalued key compared without
//! `ForAllValues:`/`ForAnyValue:`.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::keys;

check! {
    /// ## What it finds
    /// A condition on a multivalued key (an `ArrayOf...` key in the IAM
    /// catalog: `aws:TagKeys`, `aws:PrincipalOrgPaths`, `aws:CalledVia`,
    /// ...) whose operator has no `ForAllValues:` or `ForAnyValue:`
    /// qualifier (`Null` aside).
    ///
    /// ## Why it matters
    /// Without a qualifier it is not defined which of the request's values
    /// is compared, so the condition holds or fails unpredictably.
    ///
    /// ## How to fix
    /// Say how the values are compared: `ForAnyValue:` (at least one
    /// matches) or `ForAllValues:` (all match).
    code: "MISSING_QUALIFIER",
    finding_type: Error,
    title: "Missing qualifier",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            let Some(base) = entry.base() else {
                continue;
            };
            if base == BaseOperator::Null || entry.qualifier().is_some() {
                continue;
            }
            if keys::key_type(ctx.catalog, entry.key).is_some_and(|t| t.is_multivalued()) {
                report.add(
                    format!(
                        "The request context key {} has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy.",
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
    fn flags_tag_keys_without_qualifier() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"StringEquals": {"aws:TagKeys": ["team", "env"]}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}}]}"#,
        );
    }
}
