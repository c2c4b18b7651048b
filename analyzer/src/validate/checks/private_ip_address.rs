//! `PRIVATE_IP_ADDRESS`: private ip address.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::ConditionEntry;
use crate::validate::support::ip;

check! {
    /// ## What it finds
    /// An `IpAddress` condition on `aws:SourceIp` whose ranges are all
    /// private (`10.0.0.0/8`, `192.168.0.0/16`, ...).
    ///
    /// ## Why it matters
    /// `aws:SourceIp` holds the public address a request comes from; requests
    /// through a VPC endpoint carry none. The condition never holds, so the
    /// statement never applies.
    ///
    /// ## How to fix
    /// For addresses inside a VPC, use `aws:VpcSourceIp` (with
    /// `aws:SourceVpc`); for internet traffic, list public ranges.
    code: "PRIVATE_IP_ADDRESS",
    finding_type: Error,
    title: "Private IP address",
    policy_types: ALL_TYPES,
    run: run,
}

/// How the ranges of a condition on `aws:SourceIp` split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Privacy {
    AllPrivate,
    Mixed,
    AllPublic,
}

/// The privacy of an entry's ranges (unparsable values are left out);
/// `None` for other keys, operators, or no range at all.
pub(super) fn privacy(entry: &ConditionEntry<'_>, operator: BaseOperator) -> Option<Privacy> {
    if entry.base() != Some(operator) || !entry.key_is("aws:SourceIp") {
        return None;
    }
    let verdicts: Vec<bool> = entry
        .texts()
        .filter_map(|(text, _)| ip::is_private(text))
        .collect();
    let private = verdicts.iter().filter(|p| **p).count();
    match (private, verdicts.len()) {
        (_, 0) => None,
        (p, n) if p == n => Some(Privacy::AllPrivate),
        (0, _) => Some(Privacy::AllPublic),
        _ => Some(Privacy::Mixed),
    }
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if let Some(privacy) = privacy(entry, BaseOperator::IpAddress) {
                if privacy == Privacy::AllPrivate {
                    report.add("aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only private IP addresses and will not have the desired effect. Update the value to include only public IP addresses.", entry.key_location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#,
        );
    }
}
