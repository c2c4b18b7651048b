//! `MISSING_PAIRED_CONDITION_KEYS`: a key that is only safe with its pair.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// An `Allow` statement with a condition on `aws:VpcSourceIp` and none
    /// on `aws:SourceVpc` in the same block.
    ///
    /// ## Why it matters
    /// Private address ranges repeat across VPCs: `10.0.0.0/16` in your VPC
    /// is also `10.0.0.0/16` in every other account's VPC that reaches the
    /// service through an endpoint.
    ///
    /// ## How to fix
    /// Add `aws:SourceVpc` (your VPC) to the same condition block.
    code: "MISSING_PAIRED_CONDITION_KEYS",
    finding_type: SecurityWarning,
    title: "Missing paired condition keys",
    policy_types: ALL_TYPES,
    run: run,
}

/// Keys and the keys they must be paired with.
const PAIRS: [(&str, &[&str]); 1] = [("aws:VpcSourceIp", &["aws:SourceVpc"])];

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if !statement.is_allow() {
            continue;
        }
        for (key, pairs) in PAIRS {
            let Some(entry) = statement.conditions.iter().find(|entry| entry.key_is(key)) else {
                continue;
            };
            if pairs.iter().any(|pair| statement.uses_key(pair)) {
                continue;
            }
            report.add(
                format!(
                    "Using the condition key {} can be overly permissive without also using the following condition keys: {}. Condition keys like this one are more secure when paired with a related key. We recommend that you add the related condition keys to the same condition block.",
                    entry.key,
                    pairs.join(", ")
                ),
                entry.key_location(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_vpc_source_ip_alone() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}, "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}]}"#,
        );
    }
}
