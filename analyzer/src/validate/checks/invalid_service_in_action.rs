//! `INVALID_SERVICE_IN_ACTION`: an action of a service that does not exist.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::actions::{self, ActionPattern};
use crate::validate::support::glob;

check! {
    /// ## What it finds
    /// An action whose service prefix is not a service's (`s4:GetObject`).
    /// A close prefix is suggested. Prefixes are compared ignoring case,
    /// as IAM matches actions (`SNS:Publish`, which Amazon SNS writes in
    /// its own default topic policy, is fine).
    ///
    /// ## Why it matters
    /// An action of an unknown service matches nothing, so the statement
    /// grants or denies less than intended.
    ///
    /// ## How to fix
    /// Use the service's prefix, in lower case, e.g. the suggested one.
    code: "INVALID_SERVICE_IN_ACTION",
    finding_type: Error,
    title: "Invalid service in action",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(clause) = &statement.actions else {
            continue;
        };
        for item in &clause.items {
            let ActionPattern::Qualified { service, .. } = actions::parse(item.text) else {
                continue;
            };
            if glob::has_wildcard(service) {
                continue;
            }
            let lower = service.to_ascii_lowercase();
            if ctx.catalog.has_service(&lower) {
                continue;
            }
            let suggestion = actions::closest(&lower, ctx.catalog.service_prefixes());
            let details = match suggestion {
                Some(suggestion) => format!(
                    "The service {service} specified in the action does not exist. Did you mean {suggestion}?"
                ),
                None => format!("The service {service} specified in the action does not exist."),
            };
            report.add(details, item.location());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_an_unknown_service() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqss:SendMessage", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}"#,
        );
        assert!(
            found[0].finding_details.ends_with("Did you mean sqs?"),
            "{}",
            found[0].finding_details
        );
    }

    #[test]
    fn an_upper_case_prefix_is_a_known_service() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "SNSS:Publish", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "SNS:Publish", "Resource": "*"}]}"#,
        );
    }
}
