//! `RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL`: a service principal allowed with
//! no condition at all.

use crate::validate::check::{check, Context, Report};
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// A resource policy statement that allows an AWS service principal
    /// (`sns.amazonaws.com`, `cloudtrail.amazonaws.com`, ...) with no
    /// condition.
    ///
    /// ## Why it matters
    /// The service acts for all its customers: without `aws:SourceArn` or
    /// `aws:SourceAccount`, anyone's topic, trail or bucket can make the
    /// service use your resource (the confused deputy problem).
    ///
    /// ## How to fix
    /// Add a condition on `aws:SourceArn` (the resource the service acts
    /// for) or `aws:SourceAccount` (your account).
    code: "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
    finding_type: SecurityWarning,
    title: "Restrict access to service principal",
    policy_types: &[PolicyType::Resource],
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if !statement.is_allow() || !statement.conditions.is_empty() {
            continue;
        }
        let Some(principal) = statement.principal.as_ref().filter(|p| !p.negated) else {
            continue;
        };
        if let Some(first) = principal.values_of("Service").next() {
            report.add(
                "Granting access to a service principal without specifying a source is overly permissive. Use aws:SourceArn or aws:SourceAccount condition key and scope access to a specific source to grant fine-grained access.",
                first.location(),
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
    fn flags_a_service_principal_without_source() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}}}]}"#,
        );
    }
}
