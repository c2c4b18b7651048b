//! `MISSING_RESOURCE`: a statement without `Resource` or `NotResource`.

use crate::validate::check::{check, Context, Report};
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// A statement with neither `Resource` nor `NotResource`, in a policy
    /// that must name resources: identity policies, service control
    /// policies and resource control policies. (A resource policy may
    /// leave it out where its service implies the resource: role trust
    /// policies, ECR repository policies.)
    ///
    /// ## Why it matters
    /// IAM rejects the policy.
    ///
    /// ## How to fix
    /// Add a `Resource` element with the ARNs the statement is about
    /// (`"*"` for actions that take no resource).
    code: "MISSING_RESOURCE",
    finding_type: Error,
    title: "Missing resource",
    policy_types: &[PolicyType::Identity, PolicyType::Scp, PolicyType::Rcp],
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.is_object() && !statement.has("Resource") && !statement.has("NotResource") {
            report.add(
                "Add a Resource or NotResource element to the policy statement.",
                statement.location(),
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
    fn flags_an_identity_statement_without_resource() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#,
        );
    }
}
