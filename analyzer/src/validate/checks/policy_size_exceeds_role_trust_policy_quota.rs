//! `POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA`: a trust policy larger than
//! IAM's default quota.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};
use crate::validate::document::document_location;

use super::policy_size_exceeds_identity_policy_quota::size_without_whitespace;

check! {
    /// ## What it finds
    /// A role trust policy of more than 2,048 characters, not counting
    /// white space outside strings (IAM's default quota, which can be
    /// raised to 4,096 through Service Quotas).
    ///
    /// ## Why it matters
    /// IAM rejects the trust policy unless the account's quota was raised.
    ///
    /// ## How to fix
    /// Shorten the trust policy, or raise the quota; ignore the warning
    /// if it was raised.
    code: "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
    finding_type: Warning,
    title: "Policy size exceeds role trust policy quota",
    policy_types: TRUST_ONLY,
    run: run,
}

const QUOTA: usize = 2_048;

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    if size_without_whitespace(ctx.text) > QUOTA {
        report.add(
            "The characters in the role trust policy, excluding whitespace, exceed the character maximum. We recommend that you request a role trust policy length quota increase using Service Quotas and AWS Support Center. If the quotas have already been increased, then you can ignore this warning.",
            document_location(ctx.policy.root),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    fn trust_policy(accounts: usize) -> String {
        let principals: Vec<String> = (0..accounts)
            .map(|i| format!("\"{:012}\"", 111_122_220_000_u64 + i as u64))
            .collect();
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": [{}]}}, "Action": "sts:AssumeRole"}}]}}"#,
            principals.join(", ")
        )
    }

    #[test]
    fn flags_a_long_trust_policy() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            &trust_policy(150),
            &trust_policy(100),
        );
    }
}
