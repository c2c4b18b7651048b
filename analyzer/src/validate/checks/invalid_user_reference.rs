//! `INVALID_USER_REFERENCE`: an IAM user named by its unique id.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::principals;

check! {
    /// ## What it finds
    /// An `AWS` principal that is the unique id of an IAM user
    /// (`AIDA...`) rather than its ARN.
    ///
    /// ## Why it matters
    /// IAM writes a principal's unique id into a policy when the user it
    /// named is deleted; a policy that holds one either lost its user or
    /// was copied from a stored policy. A user recreated with the same
    /// name gets a new id and does not match.
    ///
    /// ## How to fix
    /// Replace the id with the user's ARN, or remove it if the user is
    /// gone.
    code: "INVALID_USER_REFERENCE",
    finding_type: Warning,
    title: "Invalid user reference",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(principal) = &statement.principal else {
            continue;
        };
        for value in principal.values_of("AWS") {
            if principals::unique_id_kind(value.text) == Some("user") {
                report.add(
                    format!(
                        "The Principal element includes the IAM user ID {}. We recommend that you use a user ARN instead.",
                        value.text
                    ),
                    value.location(),
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
    fn flags_a_unique_id() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "AIDAEXAMPLEID12345678"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/deployer"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
    }
}
