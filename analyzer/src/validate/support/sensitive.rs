//! Statements that allow a sensitive action (`iam:PassRole`,
//! `iam:CreateServiceLinkedRole`) on too many resources, classified the way
//! Access Analyzer's six checks per action are: by how the action is
//! written (named, matched by a wildcard, or left out of a `NotAction`) and
//! how the resource is (`NotResource`, or a wildcard).

use crate::validate::document::{Clause, Statement};
use crate::validate::finding::Location;

use super::{actions, glob};

/// How the statement reaches the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionForm {
    /// The action is named (`iam:PassRole`).
    Named,
    /// A wildcard matches it (`*`, `iam:*`, `iam:Pass*`).
    Star,
    /// A `NotAction` that does not list it.
    NotAction,
}

/// How the statement reaches too many resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceForm {
    /// A `NotResource` that does not exclude every resource of the action.
    NotResource,
    /// A `Resource` with a wildcard that matches resources of the action.
    Star,
}

/// The broad access an `Allow` statement gives to `action`, whose
/// resources have ARNs like `resource_example` (e.g.
/// `arn:aws:iam::111122223333:role/x`), with the location to report;
/// `None` when the statement does not allow the action on broad
/// resources. `exempt_keys`: condition keys that scope the access enough
/// (e.g. `iam:PassedToService`) for the wildcard-resource forms.
pub fn broad_access(
    statement: &Statement<'_>,
    action: &str,
    resource_example: &str,
    exempt_keys: &[&str],
) -> Option<(ActionForm, ResourceForm, Location)> {
    if !statement.is_allow() {
        return None;
    }
    let action_form = action_form(statement.actions.as_ref()?, action)?;
    let resources = statement.resources.as_ref()?;
    if resources.negated {
        let excludes_all = resources
            .items
            .iter()
            .any(|item| glob::covers(item.text, resource_example, false));
        return (!excludes_all)
            .then(|| (action_form, ResourceForm::NotResource, resources.location()));
    }
    if exempt_keys.iter().any(|key| statement.uses_key(key)) {
        return None;
    }
    let starred = resources.items.iter().find(|item| {
        item.text.contains('*') && glob::intersects(item.text, &role_like(resource_example), false)
    })?;
    Some((action_form, ResourceForm::Star, starred.location()))
}

/// The example ARN with its account and name widened, so that a pattern
/// for any account or name of that resource type intersects it.
fn role_like(example: &str) -> String {
    match example.rsplit_once('/') {
        Some((head, _)) => {
            let mut fields: Vec<&str> = head.splitn(6, ':').collect();
            if let Some(account) = fields.get_mut(4) {
                *account = "*";
            }
            if let Some(partition) = fields.get_mut(1) {
                *partition = "*";
            }
            format!("{}/*", fields.join(":"))
        }
        None => example.to_owned(),
    }
}

fn action_form(clause: &Clause<'_>, action: &str) -> Option<ActionForm> {
    if clause.negated {
        let excluded = clause
            .items
            .iter()
            .any(|item| actions::pattern_matches(item.text, action));
        return (!excluded).then_some(ActionForm::NotAction);
    }
    let matching: Vec<&str> = clause
        .items
        .iter()
        .map(|item| item.text)
        .filter(|text| actions::pattern_matches(text, action))
        .collect();
    if matching.is_empty() {
        None
    } else if matching.iter().any(|text| !glob::has_wildcard(text)) {
        Some(ActionForm::Named)
    } else {
        Some(ActionForm::Star)
    }
}
