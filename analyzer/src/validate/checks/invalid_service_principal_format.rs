//! `INVALID_SERVICE_PRINCIPAL_FORMAT`: a service principal that is not
//! written as one.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::{principals, variables};

check! {
    /// ## What it finds
    /// A `Service` principal, or a value of a condition key that holds
    /// service principals (`aws:PrincipalServiceName`,
    /// `aws:PrincipalServiceNamesList`, `aws:CalledVia`,
    /// `aws:CalledViaFirst`, `aws:CalledViaLast`, `iam:PassedToService`,
    /// `iam:AWSServiceName`, `kms:ViaService`), that is not a service's
    /// lower-case DNS name such as `lambda.amazonaws.com`
    /// (`kms:ViaService` also names the Region:
    /// `s3.us-east-1.amazonaws.com`).
    ///
    /// ## Why it matters
    /// The service rejects the principal, or the condition never matches
    /// (`"iam:PassedToService": "lambda"` allows passing a role to no
    /// service at all).
    ///
    /// ## How to fix
    /// Write the service principal in full, e.g. `lambda.amazonaws.com`.
    code: "INVALID_SERVICE_PRINCIPAL_FORMAT",
    finding_type: Error,
    title: "Invalid service principal format",
    policy_types: ALL_TYPES,
    run: run,
}

const KEYS: [&str; 7] = [
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "iam:PassedToService",
    "iam:AWSServiceName",
];

fn details(format: &str) -> String {
    format!("The service principal does not match the expected format. Use the format {format}.")
}

fn checkable(text: &str) -> bool {
    !text.contains(['*', '?'])
        && !variables::has_variable(text)
        && !crate::validate::support::is_unresolved(text)
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if let Some(principal) = &statement.principal {
            for value in principal.values_of("Service") {
                if checkable(value.text) && !principals::is_service_principal(value.text) {
                    report.add(details("service-name.amazonaws.com"), value.location());
                }
            }
        }
        for entry in &statement.conditions {
            let format = if entry.key_is("kms:ViaService") {
                "service-name.AWS_region.amazonaws.com"
            } else if KEYS.iter().any(|key| entry.key_is(key)) {
                "service-name.amazonaws.com"
            } else {
                continue;
            };
            if entry
                .base()
                .is_some_and(|base| base == crate::policy::BaseOperator::Null)
            {
                continue;
            }
            for (text, value) in entry.texts() {
                if checkable(text) && !principals::is_service_principal(text) {
                    report.add(details(format), value.location());
                }
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
    fn flags_a_short_service_name_in_passed_to_service() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app", "Condition": {"StringEquals": {"iam:PassedToService": "lambda"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}]}"#,
        );
    }

    #[test]
    fn flags_a_service_principal_in_upper_case() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "EC2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        );
    }
}
