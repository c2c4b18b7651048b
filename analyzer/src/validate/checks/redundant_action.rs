//! `REDUNDANT_ACTION`: an action another action of the statement covers.

use crate::catalog::Catalog;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::Item;
use crate::validate::support::{actions, glob};

check! {
    /// ## What it finds
    /// An action in a statement's `Action` (or `NotAction`) list that
    /// another entry of the same list already covers: `iam:GetUser` next
    /// to `iam:Get*`, or an action listed twice. Coverage is judged on the
    /// pattern and on the actions of the IAM catalog each entry matches;
    /// an entry that only overlaps another (`iam:*CredentialReport` and
    /// `iam:Get*`) is not redundant.
    ///
    /// ## Why it matters
    /// Redundant entries make the policy longer and harder to review, and
    /// hide what the broad entry really grants.
    ///
    /// ## How to fix
    /// Remove the redundant entries, or replace the broad one with the
    /// list of actions really needed.
    code: "REDUNDANT_ACTION",
    finding_type: Suggestion,
    title: "Redundant action",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(clause) = &statement.actions else {
            continue;
        };
        let redundant: Vec<&Item<'_>> = clause
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| !matches_nothing(ctx.catalog, item.text))
            .filter(|(position, item)| {
                is_redundant(ctx.catalog, &clause.items, *position, item.text)
            })
            .map(|(_, item)| item)
            .collect();
        if let Some(first) = redundant.first() {
            report.add_at(
                format!(
                    "The {} action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: {}.",
                    redundant.len(),
                    first.text
                ),
                redundant.iter().map(|item| item.location()).collect(),
            );
        }
    }
}

/// Whether the entry is an action of a known service that matches no
/// action (`INVALID_ACTION` reports it; it is not a duplicate of anything).
fn matches_nothing(catalog: &Catalog, text: &str) -> bool {
    actions::expand(catalog, text).is_some_and(|actions| actions.is_empty())
}

/// Whether another entry covers the entry at `position` (of two equal
/// entries, the later one is the redundant one).
fn is_redundant(catalog: &Catalog, items: &[Item<'_>], position: usize, text: &str) -> bool {
    items.iter().enumerate().any(|(other, item)| {
        if other == position {
            return false;
        }
        let same = item.text.eq_ignore_ascii_case(text);
        if same {
            return other < position;
        }
        glob::covers(item.text, text, true) || covers_in_catalog(catalog, item.text, text)
    })
}

/// Whether the actions `narrow` matches are among those `broad` matches,
/// for two patterns of one known service.
fn covers_in_catalog(catalog: &Catalog, broad: &str, narrow: &str) -> bool {
    let service = |text: &str| text.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    if service(broad) != service(narrow) || !glob::has_wildcard(broad) {
        return false;
    }
    let (Some(narrow_actions), Some(broad_actions)) = (
        actions::expand(catalog, narrow),
        actions::expand(catalog, broad),
    ) else {
        return false;
    };
    !narrow_actions.is_empty()
        && narrow_actions
            .iter()
            .all(|action| broad_actions.iter().any(|b| std::ptr::eq(*b, *action)))
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::{assert_flags, findings_of};
    use crate::validate::PolicyType;

    #[test]
    fn flags_an_action_a_wildcard_covers() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*", "iam:GetCredentialReport"], "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*", "iam:*CredentialReport"], "Resource": "*"}]}"#,
        );
        assert_eq!(
            found[0].finding_details,
            "The 1 action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: iam:GetCredentialReport."
        );
    }

    #[test]
    fn a_repeated_action_is_redundant_once() {
        let found = findings_of(
            &CHECK,
            PolicyType::Identity,
            None,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "S3:GetObject"], "Resource": "*"}]}"#,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].locations.len(), 1);
    }
}
