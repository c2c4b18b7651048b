//! `INVALID_ACTION`: an action the service does not have.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::actions::{self, ActionPattern};
use crate::validate::support::glob;

check! {
    /// ## What it finds
    /// An action that does not exist: a known service with an action name
    /// the IAM catalog does not list (`s3:GetObjekt`), a pattern that
    /// matches no action of its service (`s3:Geet*`), or text that is not
    /// `service:action`. A close match is suggested.
    ///
    /// ## Why it matters
    /// IAM ignores actions that do not exist, so the statement silently
    /// grants (or denies) less than its author intended; a misspelt
    /// action in a `Deny` leaves the real action allowed.
    ///
    /// ## How to fix
    /// Use the action name from the service's list of actions, e.g. the
    /// suggested one.
    code: "INVALID_ACTION",
    finding_type: Error,
    title: "Invalid action",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(clause) = &statement.actions else {
            continue;
        };
        for item in &clause.items {
            if let Some(details) = problem(ctx, item.text) {
                report.add(details, item.location());
            }
        }
    }
}

fn problem(ctx: &Context<'_>, text: &str) -> Option<String> {
    if crate::validate::support::is_unresolved(text) {
        return None;
    }
    let missing = || format!("The action {text} does not exist.");
    let (service_name, name) = match actions::parse(text) {
        ActionPattern::All => return None,
        ActionPattern::Malformed => return Some(missing()),
        ActionPattern::Qualified { service, name } => (service, name),
    };
    if glob::has_wildcard(service_name) {
        return None;
    }
    let service = ctx.catalog.service(service_name)?;
    if glob::has_wildcard(name) {
        return service
            .actions_matching(text)
            .next()
            .is_none()
            .then(missing);
    }
    if service.action(name).is_some() {
        return None;
    }
    let suggestion = actions::closest(name, service.actions.iter().map(|action| action.name));
    Some(match suggestion {
        Some(closest) => format!(
            "The action {text} does not exist. Did you mean {}:{closest}?",
            service.prefix
        ),
        None => missing(),
    })
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::{assert_flags, findings_of};
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_misspelt_action_with_a_suggestion() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:getobject", "Resource": "*"}]}"#,
        );
        assert_eq!(
            found[0].finding_details,
            "The action s3:GetObjekt does not exist. Did you mean s3:GetObject?"
        );
    }

    #[test]
    fn flags_a_pattern_that_matches_nothing() {
        let found = findings_of(
            &CHECK,
            PolicyType::Identity,
            None,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Geet*", "s3:Get*", "s3GetObject"], "Resource": "*"}]}"#,
        );
        assert_eq!(found.len(), 2);
    }
}
