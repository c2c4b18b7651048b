//! `INVALID_EFFECT`: an `Effect` other than `Allow` or `Deny`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// An `Effect` that is neither `Allow` nor `Deny`. The values are
    /// case-sensitive: `allow` is invalid.
    ///
    /// ## Why it matters
    /// IAM rejects the statement.
    ///
    /// ## How to fix
    /// Write `Allow` or `Deny`, capitalised.
    code: "INVALID_EFFECT",
    finding_type: Error,
    title: "Invalid effect",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(member) = statement.member("Effect") else {
            continue;
        };
        if let Some(effect) = member.value.as_str() {
            if effect != "Allow" && effect != "Deny" {
                report.add(
                    format!("The effect {effect} is not valid. Use Allow or Deny."),
                    statement.location_of("Effect"),
                );
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
    fn flags_a_lower_case_effect() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        );
    }
}
