//! `CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE`: Create SLR with star in action and NotResource.

use crate::validate::check::{check, Context, Report, IDENTITY_ONLY};
use crate::validate::support::sensitive::{broad_access, ActionForm, ResourceForm};

check! {
    /// ## What it finds
    /// An `Allow` statement that reaches `iam:CreateServiceLinkedRole` through a wildcard action (`*`, `iam:*`) and uses
    /// `NotResource`.
    ///
    /// ## Why it matters
    /// Service-linked roles give AWS services permissions in the account; a
    /// principal that may create any of them can turn on services' access
    /// to resources nobody meant them to reach.
    ///
    /// ## How to fix
    /// Name the service-linked roles in `Resource`
    /// (`arn:aws:iam::*:role/aws-service-role/SERVICE.amazonaws.com/*`).
    code: "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
    finding_type: Warning,
    title: "Create SLR with star in action and NotResource",
    policy_types: IDENTITY_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let found = broad_access(
            statement,
            "iam:CreateServiceLinkedRole",
            "arn:aws:iam::111122223333:role/aws-service-role/x",
            &[],
        );
        if let Some((ActionForm::Star, ResourceForm::NotResource, location)) = found {
            report.add("Using an action with a wildcard(*) and NotResource can allow creation of unintended service-linked roles because it can allow iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.", location);
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
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "NotResource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"}]}"#,
        );
    }
}
