//! `RCP_SYNTAX_ERROR_NOTACTION`: RCP syntax error NotAction. Not a check of Access Analyzer's reference page:
//! its code follows the page's naming, and it links to the AWS
//! Organizations page on RCP syntax.

use crate::validate::check::{check, Context, Report, RCP_ONLY};
use crate::validate::document::Statement;
use crate::validate::Location;

check! {
    /// ## What it finds
    /// A resource control policy statement with `NotAction`.
    ///
    /// ## Why it matters
    /// AWS Organizations does not support the element in RCPs.
    ///
    /// ## How to fix
    /// List the actions to deny in `Action`.
    code: "RCP_SYNTAX_ERROR_NOTACTION",
    finding_type: Error,
    title: "RCP syntax error NotAction",
    policy_types: RCP_ONLY,
    run: run,
    link: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html#rcp-syntax-unsupported",
}

fn location(statement: &Statement<'_>) -> Option<Location> {
    Some(statement.key_location(statement.member("NotAction")?))
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.has("NotAction") {
            if let Some(location) = location(statement) {
                report.add("RCPs do not support the NotAction element. Update the policy to use Action instead.", location);
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
    fn flags_the_statement() {
        assert_flags(
            &CHECK,
            PolicyType::Rcp,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}]}"#,
        );
    }
}
