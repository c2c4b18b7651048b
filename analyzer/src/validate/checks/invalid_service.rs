//! `INVALID_SERVICE`: a resource ARN or a condition key of a service that
//! does not exist.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::arn::{check_resource_arn, ArnProblem};
use crate::validate::support::keys::{self, KeyKind};

check! {
    /// ## What it finds
    /// A resource ARN whose service field, or a condition key whose
    /// prefix, names no AWS service and no identity provider
    /// (`arn:aws:s4:::bucket`, `ec3:Region`).
    ///
    /// ## Why it matters
    /// The ARN names no resource and the key is never in a request: the
    /// statement applies to nothing, or its condition never holds.
    ///
    /// ## How to fix
    /// Use the service's prefix as the Service Authorization Reference
    /// lists it.
    code: "INVALID_SERVICE",
    finding_type: Error,
    title: "Invalid service",
    policy_types: ALL_TYPES,
    run: run,
}

fn details(service: &str) -> String {
    format!("The service {service} does not exist. Use a valid service name.")
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for item in statement
            .resources
            .iter()
            .flat_map(|clause| clause.items.iter())
        {
            for problem in check_resource_arn(ctx.catalog, item.text) {
                if let ArnProblem::UnknownService { service } = problem {
                    report.add(details(&service), item.location());
                }
            }
        }
        for entry in &statement.conditions {
            if let KeyKind::UnknownService(prefix) = keys::classify(ctx.catalog, entry.key) {
                report.add(details(prefix), entry.key_location());
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
    fn flags_an_unknown_service_in_an_arn() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s4:::example-bucket/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}"#,
        );
    }

    #[test]
    fn flags_an_unknown_service_in_a_condition_key() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringEquals": {"ec3:Region": "us-east-1"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringEquals": {"ec2:Region": "us-east-1"}}}]}"#,
        );
    }
}
