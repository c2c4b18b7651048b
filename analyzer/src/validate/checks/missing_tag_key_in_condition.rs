//! `MISSING_TAG_KEY_IN_CONDITION`: a tag condition key without its tag.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::keys;

check! {
    /// ## What it finds
    /// A tag condition key written without the tag it is about:
    /// `aws:ResourceTag` or `aws:ResourceTag/` instead of
    /// `aws:ResourceTag/team` (also `aws:RequestTag`, `aws:PrincipalTag`
    /// and service tag keys such as `s3:ExistingObjectTag`).
    ///
    /// ## Why it matters
    /// No request carries such a key: the condition never holds as
    /// intended.
    ///
    /// ## How to fix
    /// Append the tag key: `aws:ResourceTag/team`.
    code: "MISSING_TAG_KEY_IN_CONDITION",
    finding_type: Error,
    title: "Missing tag key in condition",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if let Some(template) = keys::bare_tag_key(ctx.catalog, entry.key) {
                report.add(
                    format!(
                        "The condition key {template} must include a tag key to control access based on tags. Use the format {template}tag-key and specify a key name for tag-key."
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
    fn flags_a_tag_key_without_tag() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag": "team=blue"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}]}"#,
        );
    }
}
