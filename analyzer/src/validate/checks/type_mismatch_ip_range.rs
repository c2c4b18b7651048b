//! `TYPE_MISMATCH_IP_RANGE`: type mismatch ip range.

use crate::policy::OperatorFamily;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables;
use crate::value;

check! {
    /// ## What it finds
    /// An `IpAddress`/`NotIpAddress` condition value that is not an address
    /// or CIDR range.
    ///
    /// ## Why it matters
    /// The value never matches: an `IpAddress` allow grants nothing, a
    /// `NotIpAddress` deny denies every address.
    ///
    /// ## How to fix
    /// Write the range in CIDR notation: `203.0.113.0/24`.
    code: "TYPE_MISMATCH_IP_RANGE",
    finding_type: Warning,
    title: "Type mismatch IP range",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let is_valid: fn(&str) -> bool = |text| value::parse_cidr(text).is_ok();
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.base().map(crate::policy::BaseOperator::family) != Some(OperatorFamily::Ip) {
                continue;
            }
            for (text, value) in entry.texts() {
                if variables::has_variable(text) || is_valid(text) {
                    continue;
                }
                report.add(format!("The condition operator {} is used with an invalid IP range value. Specify the IP range in standard CIDR format.", entry.operator_text), value.location());
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
    fn flags_a_value_of_the_wrong_type() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/33"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#,
        );
    }
}
