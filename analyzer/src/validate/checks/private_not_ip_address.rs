//! `PRIVATE_NOT_IP_ADDRESS`: private notipaddress.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};

use super::private_ip_address::{privacy, Privacy};

check! {
    /// ## What it finds
    /// A `NotIpAddress` condition on `aws:SourceIp` whose ranges are all
    /// private.
    ///
    /// ## Why it matters
    /// No request's `aws:SourceIp` is private, so the condition always holds:
    /// a `Deny` meant for requests from outside the network denies every
    /// request, an `Allow` is unconditional.
    ///
    /// ## How to fix
    /// Use `aws:VpcSourceIp` for addresses inside a VPC, or list public
    /// ranges.
    code: "PRIVATE_NOT_IP_ADDRESS",
    finding_type: Error,
    title: "Private NotIpAddress",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if let Some(privacy) = privacy(entry, BaseOperator::NotIpAddress) {
                if privacy == Privacy::AllPrivate {
                    report.add("The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges. Update the value to include only public IP addresses.", entry.key_location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "192.168.0.0/16"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "198.51.100.0/24"}}}]}"#,
        );
    }
}
