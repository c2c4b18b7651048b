//! `CREATE_SLR_WITH_NOT_RESOURCE`: Create SLR with NotResource.

use crate::validate::check::{check, Context, Report, IDENTITY_ONLY};
use crate::validate::support::sensitive::{broad_access, ActionForm, ResourceForm};

check! {
    /// ## What it finds
    /// An `Allow` statement that names `iam:CreateServiceLinkedRole` and uses `NotResource`.
    ///
    /// ## Why it matters
    /// Service-linked roles give AWS services permissions in the account; a
    /// principal that may create any of them can turn on services' access
    /// to resources nobody meant them to reach.
    ///
    /// ## How to fix
    /// Name the service-linked roles in `Resource`
    /// (`arn:aws:iam::*:role/aws-service-role/SERVICE.amazonaws.com/*`).
    code: "CREATE_SLR_WITH_NOT_RESOURCE",
    finding_type: Warning,
    title: "Create SLR with NotResource",
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
        if let Some((ActionForm::Named, ResourceForm::NotResource, location)) = found {
            report.add("Using the iam:CreateServiceLinkedRole action with NotResource can allow creation of unintended service-linked roles for multiple resources. We recommend that you specify resource ARNs instead.", location);
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "NotResource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"}]}"#,
        );
    }
}
