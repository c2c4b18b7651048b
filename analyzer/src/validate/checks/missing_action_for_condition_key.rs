//! `MISSING_ACTION_FOR_CONDITION_KEY`: a session-setting key without the
//! action that sets it.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};
use crate::validate::support::actions;

check! {
    /// ## What it finds
    /// A role trust policy statement that conditions on values a caller
    /// passes when assuming the role — session tags (`aws:RequestTag/...`,
    /// `aws:TagKeys`, `sts:TransitiveTagKeys`) or a source identity
    /// (`sts:SourceIdentity`) — without allowing the action that passes
    /// them (`sts:TagSession`, `sts:SetSourceIdentity`).
    ///
    /// ## Why it matters
    /// The values are checked when the caller is authorized for that
    /// action, not for `sts:AssumeRole`: the condition is not evaluated,
    /// and callers who pass tags or a source identity are refused.
    ///
    /// ## How to fix
    /// Add the action named in the message to the statement's `Action`.
    code: "MISSING_ACTION_FOR_CONDITION_KEY",
    finding_type: Error,
    title: "Missing action for condition key",
    policy_types: TRUST_ONLY,
    run: run,
}

/// The action each key needs, by key prefix (lower case).
fn action_for(key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    if lower.starts_with("aws:requesttag/")
        || lower == "aws:tagkeys"
        || lower == "sts:transitivetagkeys"
    {
        Some("sts:TagSession")
    } else if lower == "sts:sourceidentity" {
        Some("sts:SetSourceIdentity")
    } else {
        None
    }
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(clause) = statement.actions.as_ref().filter(|c| !c.negated) else {
            continue;
        };
        if !statement.is_allow() {
            continue;
        }
        let patterns: Vec<&str> = clause.items.iter().map(|item| item.text).collect();
        for entry in &statement.conditions {
            let Some(action) = action_for(entry.key) else {
                continue;
            };
            if !actions::clause_covers(&patterns, false, action) {
                report.add(
                    format!(
                        "The {action} action must be in the action block to allow setting values for the condition key {}. Add {action} to the action block.",
                        entry.key
                    ),
                    entry.key_location(),
                );
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
    fn flags_session_tags_without_tag_session() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:RequestTag/project": "blue"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {"aws:RequestTag/project": "blue"}}}]}"#,
        );
    }
}
