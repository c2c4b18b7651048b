//! `REDUNDANT_RESOURCE`: a resource another resource of the statement
//! covers.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::Item;
use crate::validate::support::glob;

check! {
    /// ## What it finds
    /// A resource in a statement's `Resource` (or `NotResource`) list that
    /// another entry of the list already matches:
    /// `arn:aws:iam::111122223333:role/jane-admin` next to
    /// `arn:aws:iam::111122223333:role/jane*`, or an ARN listed twice.
    ///
    /// ## Why it matters
    /// The listed ARN suggests the statement is about specific resources
    /// when the wildcard entry grants every resource of that name,
    /// including ones created later.
    ///
    /// ## How to fix
    /// Remove the redundant ARNs, or the wildcard entry if the statement
    /// was meant for the listed resources only.
    code: "REDUNDANT_RESOURCE",
    finding_type: Suggestion,
    title: "Redundant resource",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(clause) = &statement.resources else {
            continue;
        };
        let redundant: Vec<&Item<'_>> = clause
            .items
            .iter()
            .enumerate()
            .filter(|(position, item)| {
                clause.items.iter().enumerate().any(|(other, candidate)| {
                    other != *position
                        && if candidate.text == item.text {
                            other < *position
                        } else {
                            glob::covers(candidate.text, item.text, false)
                        }
                })
            })
            .map(|(_, item)| item)
            .collect();
        if !redundant.is_empty() {
            report.add_at(
                format!(
                    "The {} resource ARN(s) are redundant because they reference the same resource. Review the use of wildcards (*)",
                    redundant.len()
                ),
                redundant.iter().map(|item| item.location()).collect(),
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
    fn flags_an_arn_a_wildcard_covers() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": [
                "arn:aws:iam::111122223333:role/jane-admin", "arn:aws:iam::111122223333:role/jane-s3only", "arn:aws:iam::111122223333:role/jane*"]}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": [
                "arn:aws:iam::111122223333:role/jane-admin", "arn:aws:iam::111122223333:role/jane-s3only"]}]}"#,
        );
        assert_eq!(found[0].locations.len(), 2);
    }
}
