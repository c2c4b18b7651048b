//! `IRRELEVANT_CONDITION_KEY_IN_POLICY`: a key that says nothing in the
//! resource's own policy.

use crate::validate::check::{check, Context, Report};
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// With the resource type known (`--resource-type`), a condition on a
    /// key that describes that very resource's owner, such as
    /// `s3:ResourceAccount` or `aws:ResourceOrgID` in a bucket policy.
    ///
    /// ## Why it matters
    /// In the resource's own policy the key has one fixed value, so the
    /// condition does not distinguish requests; it belongs in identity
    /// policies (or SCPs) that span many resources.
    ///
    /// ## How to fix
    /// Move the condition to an identity-based policy, or remove it.
    code: "IRRELEVANT_CONDITION_KEY_IN_POLICY",
    finding_type: Suggestion,
    title: "Irrelevant condition key in policy",
    policy_types: &[PolicyType::Resource],
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let Some(kind) = ctx.resource_kind else {
        return;
    };
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if kind.irrelevant_keys.iter().any(|key| entry.key_is(key)) {
                report.add(
                    format!(
                        "The condition key {} is not relevant for the {} policy.  Use this key in an identity-based policy to govern access to this resource.",
                        entry.key, kind.display
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
    use crate::validate::check::testing::assert_flags_for;
    use crate::validate::PolicyType;

    #[test]
    fn flags_the_resource_account_in_a_bucket_policy() {
        assert_flags_for(
            &CHECK,
            PolicyType::Resource,
            Some("AWS::S3::Bucket"),
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:ResourceAccount": "111122223333"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}}]}"#,
        );
    }
}
