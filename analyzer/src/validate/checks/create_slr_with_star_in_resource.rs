//! `CREATE_SLR_WITH_STAR_IN_RESOURCE`: Create SLR with star in resource.

use crate::validate::check::{check, Context, Report, IDENTITY_ONLY};
use crate::validate::support::sensitive::{broad_access, ActionForm, ResourceForm};

check! {
    /// ## What it finds
    /// An `Allow` statement that names `iam:CreateServiceLinkedRole` with a wildcard in a `Resource` that matches roles
    /// (`*`, `arn:aws:iam::*:role/*`).
    ///
    /// ## Why it matters
    /// Service-linked roles give AWS services permissions in the account; a
    /// principal that may create any of them can turn on services' access
    /// to resources nobody meant them to reach.
    ///
    /// ## How to fix
    /// Name the service-linked roles in `Resource`
    /// (`arn:aws:iam::*:role/aws-service-role/SERVICE.amazonaws.com/*`).
    code: "CREATE_SLR_WITH_STAR_IN_RESOURCE",
    finding_type: Warning,
    title: "Create SLR with star in resource",
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
        if let Some((ActionForm::Named, ResourceForm::Star, location)) = found {
            report.add("Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow creation of unintended service-linked roles. We recommend that you specify resource ARNs instead.", location);
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"}]}"#,
        );
    }
}
