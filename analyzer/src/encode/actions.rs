//! Action classes: the catalog actions that apply to a resource type,
//! grouped by which statements' Action/NotAction elements match them and
//! which resource kinds they act on. Actions of one class are
//! indistinguishable to the policy, so the solver decides a class index
//! instead of an action string.

use super::EncodeError;
use crate::policy::Policy;
use crate::resource::ResourceType;
use std::collections::BTreeMap;

/// Actions the policy cannot tell apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionClass {
    /// Qualified action names (`s3:GetObject`), sorted.
    pub actions: Vec<String>,
    /// The resource kinds (catalog names) these actions act on.
    pub kinds: Vec<&'static str>,
    /// For each statement (by index): whether its action element matches.
    pub statements: Vec<bool>,
}

/// The action classes of a policy on a resource type. Fails when the
/// catalog knows no action for the type (the analysis could not list what
/// is granted).
pub fn action_classes(
    policy: &Policy,
    resource_type: ResourceType,
) -> Result<Vec<ActionClass>, EncodeError> {
    let service = resource_type.service();
    type Members = Vec<(String, Vec<&'static str>)>;
    let mut classes: BTreeMap<(Vec<bool>, Vec<&'static str>), Members> = BTreeMap::new();
    let actions = resource_type
        .catalog_actions()
        .map_err(|e| EncodeError::Unsupported(format!("IAM catalog: {e}")))?;
    if actions.is_empty() {
        return Err(EncodeError::Unsupported(format!(
            "the IAM catalog lists no action of `{service}` for {resource_type}"
        )));
    }
    for (action, kinds) in actions {
        let name = action.qualified_name();
        if !resource_type.admits_action(&name) {
            continue;
        }
        let statements = policy
            .statements
            .iter()
            .map(|s| crate::eval::action_clause_matches(&s.action, &name))
            .collect();
        // Role trust actions differ in who can use them: keep each apart.
        let key_kinds = if resource_type.policy_kind() == crate::resource::PolicyKind::Trust {
            vec![action.name]
        } else {
            kinds.clone()
        };
        classes
            .entry((statements, key_kinds))
            .or_default()
            .push((name, kinds));
    }
    // Classes that no Allow statement matches can never be allowed.
    let allows: Vec<bool> = policy
        .statements
        .iter()
        .map(|s| s.effect == crate::policy::Effect::Allow)
        .collect();
    Ok(classes
        .into_iter()
        .filter(|((statements, _), _)| statements.iter().zip(&allows).any(|(m, a)| *m && *a))
        .map(|((statements, _), members)| {
            let kinds = members.first().map(|(_, k)| k.clone()).unwrap_or_default();
            let mut actions: Vec<String> = members.into_iter().map(|(a, _)| a).collect();
            actions.sort();
            ActionClass {
                actions,
                kinds,
                statements,
            }
        })
        .collect())
}
