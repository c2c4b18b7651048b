//! `IMPROVE_IP_RANGE`: a CIDR range with bits set after its prefix.

use crate::policy::OperatorFamily;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::ip;

check! {
    /// ## What it finds
    /// An `IpAddress`/`NotIpAddress` range whose address has bits set after
    /// the prefix length (`10.1.2.3/8`).
    ///
    /// ## Why it matters
    /// The bits are ignored: `10.1.2.3/8` is `10.0.0.0/8`, sixteen million
    /// addresses, which is likely not what the author meant.
    ///
    /// ## How to fix
    /// Write the network address the message gives, or the prefix length
    /// you meant.
    code: "IMPROVE_IP_RANGE",
    finding_type: Suggestion,
    title: "Improve IP range",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.base().map(crate::policy::BaseOperator::family) != Some(OperatorFamily::Ip) {
                continue;
            }
            for (text, value) in entry.texts() {
                if let Some(address) = ip::normalised_if_host_bits(text) {
                    report.add(
                        format!("The non-zero bits in the IP address after the masked bits are ignored. Replace address with {address}."),
                        value.location(),
                    );
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
    fn flags_host_bits() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.9/24"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#,
        );
        assert!(found[0].finding_details.ends_with("203.0.113.0/24."));
    }
}
