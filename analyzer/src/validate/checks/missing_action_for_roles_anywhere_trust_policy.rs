//! `MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY`: IAM Roles Anywhere
//! trusted without the actions it needs.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};
use crate::validate::support::actions;

check! {
    /// ## What it finds
    /// A role trust policy that trusts `rolesanywhere.amazonaws.com` but
    /// does not allow it all of `sts:AssumeRole`, `sts:SetSourceIdentity`
    /// and `sts:TagSession`.
    ///
    /// ## Why it matters
    /// IAM Roles Anywhere calls all three to deliver credentials; without
    /// one of them, no workload can get credentials for the role.
    ///
    /// ## How to fix
    /// Allow the three actions to the service principal.
    code: "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
    finding_type: Error,
    title: "Missing action for roles anywhere trust policy",
    policy_types: TRUST_ONLY,
    run: run,
}

const SERVICE: &str = "rolesanywhere.amazonaws.com";
const NEEDED: [&str; 3] = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"];

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let trusting: Vec<_> = ctx
        .statements()
        .iter()
        .filter(|statement| statement.is_allow())
        .filter(|statement| {
            statement.principal.as_ref().is_some_and(|principal| {
                !principal.negated && principal.values_of("Service").any(|v| v.text == SERVICE)
            })
        })
        .collect();
    let Some(first) = trusting.first() else {
        return;
    };
    let allowed = |action: &str| {
        trusting.iter().any(|statement| {
            statement.actions.as_ref().is_some_and(|clause| {
                let patterns: Vec<&str> = clause.items.iter().map(|item| item.text).collect();
                actions::clause_covers(&patterns, clause.negated, action)
            })
        })
    };
    if NEEDED.iter().any(|action| !allowed(action)) {
        let location = first
            .actions
            .as_ref()
            .map_or_else(|| first.location(), |clause| clause.location());
        report.add(
            "The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole, sts:SetSourceIdentity, and sts:TagSession permissions to assume a role. Add the missing permissions to the policy.",
            location,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_roles_anywhere_without_tag_session() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"]}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]}]}"#,
        );
    }
}
