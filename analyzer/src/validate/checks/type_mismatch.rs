//! `TYPE_MISMATCH`: an operator of the wrong type for its key.

use crate::catalog::KeyType;
use crate::policy::OperatorFamily;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::keys;

check! {
    /// ## What it finds
    /// A condition whose operator compares another type than its key
    /// holds, per the IAM catalog: `StringEquals` on `aws:SourceIp` (an
    /// IP address), `Bool` on `aws:MultiFactorAuthAge` (a number),
    /// `DateGreaterThan` on `s3:max-keys`. ARN keys accept string
    /// operators too; `Null` applies to every key.
    ///
    /// ## Why it matters
    /// A value compared as the wrong type does not match as expected:
    /// `StringEquals` on an address compares text, so `203.0.113.0/24`
    /// matches no caller.
    ///
    /// ## How to fix
    /// Use the operator family of the key's type, as the message says.
    code: "TYPE_MISMATCH",
    finding_type: Warning,
    title: "Type mismatch",
    policy_types: ALL_TYPES,
    run: run,
}

/// The operator families a key type accepts, the first being the one to
/// recommend.
fn accepted(key: &str, key_type: KeyType) -> &'static [(OperatorFamily, &'static str)] {
    match key_type.element_type() {
        KeyType::Arn => &[
            (OperatorFamily::Arn, "Arn"),
            (OperatorFamily::String, "String"),
        ],
        KeyType::Bool => &[(OperatorFamily::Bool, "Bool")],
        KeyType::Numeric => &[(OperatorFamily::Numeric, "Numeric")],
        KeyType::Date if key.eq_ignore_ascii_case("aws:EpochTime") => &[
            (OperatorFamily::Date, "Date"),
            (OperatorFamily::Numeric, "Numeric"),
        ],
        KeyType::Date => &[(OperatorFamily::Date, "Date")],
        KeyType::IpAddress => &[(OperatorFamily::Ip, "IpAddress")],
        _ => &[(OperatorFamily::String, "String")],
    }
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            let Some(base) = entry.base() else {
                continue;
            };
            let family = base.family();
            if family == OperatorFamily::Null {
                continue;
            }
            let Some(key_type) = keys::key_type(ctx.catalog, entry.key) else {
                continue;
            };
            let families = accepted(entry.key, key_type);
            if families.iter().any(|(accepted, _)| *accepted == family) {
                continue;
            }
            let allowed = families.first().map_or("String", |(_, name)| *name);
            report.add(
                format!(
                    "Use the operator type {allowed} instead of operator {} for the condition key {}.",
                    entry.operator_text, entry.key
                ),
                entry.operator_location(),
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
    fn flags_a_string_operator_on_an_address() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceIp": "203.0.113.7"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7"}}}]}"#,
        );
        assert_eq!(
            found[0].finding_details,
            "Use the operator type IpAddress instead of operator StringEquals for the condition key aws:SourceIp."
        );
    }
}
