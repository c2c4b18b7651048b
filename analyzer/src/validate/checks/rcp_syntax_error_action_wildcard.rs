//! `RCP_SYNTAX_ERROR_ACTION_WILDCARD`: RCP syntax error action wildcard. Not a check of Access Analyzer's reference page:
//! its code follows the page's naming, and it links to the AWS
//! Organizations page on RCP syntax.

use crate::validate::check::{check, Context, Report, RCP_ONLY};
use crate::validate::support::actions::{self, ActionPattern};
use crate::validate::support::glob;

check! {
    /// ## What it finds
    /// An action of a resource control policy `Deny` statement that does not
    /// name its service: `"*"` or `*:Delete*`.
    ///
    /// ## Why it matters
    /// AWS Organizations requires customer managed RCPs to name the service
    /// of each action and rejects the policy.
    ///
    /// ## How to fix
    /// Name the service: `s3:*`, `sqs:*`, ...
    code: "RCP_SYNTAX_ERROR_ACTION_WILDCARD",
    finding_type: Error,
    title: "RCP syntax error action wildcard",
    policy_types: RCP_ONLY,
    run: run,
    link: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html#rcp-syntax-action",
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if !statement.is_deny() {
            continue;
        }
        for item in statement
            .actions
            .iter()
            .filter(|c| !c.negated)
            .flat_map(|c| c.items.iter())
        {
            let unnamed = match actions::parse(item.text) {
                ActionPattern::All => true,
                ActionPattern::Qualified { service, .. } => glob::has_wildcard(service),
                ActionPattern::Malformed => false,
            };
            if unnamed {
                report.add(
                    format!("RCPs do not support the action {} without a service prefix. Specify the service, for example s3:*.", item.text),
                    item.location(),
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
    fn flags_the_statement() {
        assert_flags(
            &CHECK,
            PolicyType::Rcp,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#,
        );
    }
}
