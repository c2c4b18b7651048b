//! `RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL`: a service principal allowed with
//! no condition at all.

use crate::validate::check::{check, Context, Report};
use crate::validate::PolicyType;

use super::recommended_condition_key_for_service_principal::{SOURCE_KEYS, WEAKER_KEYS};

check! {
    /// ## What it finds
    /// A resource policy statement that allows an AWS service principal
    /// (`sns.amazonaws.com`, `cloudtrail.amazonaws.com`, ...) without a
    /// condition on the source it acts for (`aws:SourceArn`,
    /// `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths`), nor on
    /// the older keys that `RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL`
    /// reports (`aws:SourceOwner`, `aws:Referer`).
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
        let scoped = SOURCE_KEYS
            .iter()
            .chain(WEAKER_KEYS.iter())
            .any(|key| statement.uses_key(key));
        if !statement.is_allow() || scoped {
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
    fn other_conditions_do_not_name_the_source() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}"#,
        );
    }

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
