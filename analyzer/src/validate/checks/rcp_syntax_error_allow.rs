//! `RCP_SYNTAX_ERROR_ALLOW`: RCP syntax error allow. Not a check of Access Analyzer's reference page:
//! its code follows the page's naming, and it links to the AWS
//! Organizations page on RCP syntax.

use crate::validate::check::{check, Context, Report, RCP_ONLY};
use crate::validate::document::{Clause, PrincipalShape, Statement};
use crate::validate::Location;

check! {
    /// ## What it finds
    /// A resource control policy `Allow` statement other than the one of the
    /// AWS managed `RCPFullAWSAccess` policy (`"Principal": "*"`,
    /// `"Action": "*"`, `"Resource": "*"`, no condition).
    ///
    /// ## Why it matters
    /// RCPs you write can only deny: AWS Organizations rejects the
    /// statement.
    ///
    /// ## How to fix
    /// Write the restriction as a `Deny` with the negated condition.
    code: "RCP_SYNTAX_ERROR_ALLOW",
    finding_type: Error,
    title: "RCP syntax error allow",
    policy_types: RCP_ONLY,
    run: run,
    link: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html#rcp-syntax-effect",
}

/// Whether the statement is `RCPFullAWSAccess`'s: everyone, every action,
/// every resource, no condition.
fn is_full_access(statement: &Statement<'_>) -> bool {
    let is_star = |clause: Option<&Clause<'_>>| {
        clause.is_some_and(|c| {
            !c.negated && c.items.len() == 1 && c.items.iter().all(|item| item.text == "*")
        })
    };
    statement
        .principal
        .as_ref()
        .is_some_and(|p| !p.negated && matches!(p.shape, PrincipalShape::Star))
        && is_star(statement.actions.as_ref())
        && is_star(statement.resources.as_ref())
        && !statement.has("Condition")
}

fn location(statement: &Statement<'_>) -> Option<Location> {
    Some(statement.key_location(statement.member("Effect")?))
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.is_allow() && !is_full_access(statement) {
            if let Some(location) = location(statement) {
                report.add("The effect Allow is supported only for the RCPFullAWSAccess policy. Update the effect to Deny.", location);
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
        );
    }
}
