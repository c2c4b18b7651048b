//! `INVALID_VERSION`: a `Version` that is not a policy language version.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::value_location;
use crate::validate::finding::JsonPath;
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// A `Version` other than `2012-10-17` or `2008-10-17` (for a
    /// resource control policy, other than `2012-10-17`). A date such as
    /// today's is a common mistake: the version names the policy
    /// language, not the policy.
    ///
    /// ## Why it matters
    /// IAM rejects the policy.
    ///
    /// ## How to fix
    /// Use `"Version": "2012-10-17"`.
    code: "INVALID_VERSION",
    finding_type: Error,
    title: "Invalid version",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let Some(member) = ctx.policy.version else {
        return;
    };
    let Some(version) = member.value.as_str() else {
        return;
    };
    let valid: &[&str] = if ctx.policy_type == PolicyType::Rcp {
        &["2012-10-17"]
    } else {
        &["2012-10-17", "2008-10-17"]
    };
    if !valid.contains(&version) {
        report.add(
            format!(
                "The version {version} is not valid. Use one of the following versions: {}",
                valid.join(", ")
            ),
            value_location(JsonPath::root().member("Version"), member),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_date_as_version() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2024-01-31", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
            r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        );
    }

    #[test]
    fn resource_control_policies_need_the_current_version() {
        assert_flags(
            &CHECK,
            PolicyType::Rcp,
            r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#,
        );
    }
}
