//! `PRIVATE_NOT_IP_ADDRESS_SUBSET`: private notipaddress subset.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};

use super::private_ip_address::{privacy, Privacy};

check! {
    /// ## What it finds
    /// A `NotIpAddress` condition on `aws:SourceIp` that mixes private and
    /// public ranges.
    ///
    /// ## Why it matters
    /// The private ranges have no effect: every public address outside the
    /// public ranges matches, and no private one ever does.
    ///
    /// ## How to fix
    /// Remove the private ranges; use `NotIpAddress` on `aws:VpcSourceIp`
    /// for them.
    code: "PRIVATE_NOT_IP_ADDRESS_SUBSET",
    finding_type: Suggestion,
    title: "Private NotIpAddress subset",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if let Some(privacy) = privacy(entry, BaseOperator::NotIpAddress) {
                if privacy == Privacy::Mixed {
                    report.add("The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.", entry.key_location());
                }
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
    fn flags_private_ranges() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["172.16.0.0/12", "203.0.113.0/24"]}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}}]}"#,
        );
    }
}
