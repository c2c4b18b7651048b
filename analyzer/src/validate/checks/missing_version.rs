//! `MISSING_VERSION`: a policy without `Version`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::document_location;

check! {
    /// ## What it finds
    /// A policy without a `Version` element.
    ///
    /// ## Why it matters
    /// Without `"Version": "2012-10-17"` the policy is read with the old
    /// language rules: policy variables such as `${aws:username}` are
    /// literal text, so a statement meant for "the caller's own folder"
    /// matches a folder literally named `${aws:username}`.
    ///
    /// ## How to fix
    /// Add `"Version": "2012-10-17"` before `Statement`.
    code: "MISSING_VERSION",
    finding_type: Warning,
    title: "Missing version",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    if ctx.policy.root.as_object().is_some() && ctx.policy.version.is_none() {
        report.add(
            "We recommend that you specify the Version element to help you with debugging permission issues.",
            document_location(ctx.policy.root),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_policy_without_version() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        );
    }
}
