//! `RCP_UNSUPPORTED_SERVICE`: RCP unsupported service. Not a check of Access Analyzer's reference page:
//! its code follows the page's naming, and it links to the AWS
//! Organizations page on RCP syntax.

use crate::validate::check::{check, Context, Report, RCP_ONLY};
use crate::validate::support::actions::{self, ActionPattern};
use crate::validate::support::{glob, rcp};

check! {
    /// ## What it finds
    /// An action of a resource control policy whose service does not support
    /// RCPs (for example `ec2:*`), per iam-data's list of RCP services.
    ///
    /// ## Why it matters
    /// RCPs apply only to the services that support them: the statement
    /// restricts nothing for the others.
    ///
    /// ## How to fix
    /// Restrict those services another way (SCPs, resource policies), or
    /// remove the actions.
    code: "RCP_UNSUPPORTED_SERVICE",
    finding_type: Error,
    title: "RCP unsupported service",
    policy_types: RCP_ONLY,
    run: run,
    link: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html#rcp-syntax-action",
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for item in statement
            .actions
            .iter()
            .filter(|c| !c.negated)
            .flat_map(|c| c.items.iter())
        {
            let ActionPattern::Qualified { service, .. } = actions::parse(item.text) else {
                continue;
            };
            if glob::has_wildcard(service)
                || !ctx.catalog.has_service(service)
                || rcp::supports_rcp(service)
            {
                continue;
            }
            report.add(
                format!("The service {service} does not support resource control policies. Actions of this service are not restricted by this statement."),
                item.location(),
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
    fn flags_the_statement() {
        assert_flags(
            &CHECK,
            PolicyType::Rcp,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sqs:*"], "Resource": "*"}]}"#,
        );
    }
}
