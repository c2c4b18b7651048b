//! Values an input reader could not resolve statically (a CloudFormation
//! `Fn::ImportValue`, a `Ref` to a parameter without a default, a `Fn::Sub`
//! of an unknown variable, a Terraform value known only after apply) are
//! placeholders `{{unresolved:...}}` in the policy. A placeholder may stand
//! for any value, so the policy is analysed in the reading that grants the
//! most access (issue #15, class 1):
//!
//! - in an `Allow`, a `Principal` entry with a placeholder is `"*"`; an
//!   `Action` or `Resource` entry has each placeholder replaced by `*`; a
//!   `NotPrincipal`, `NotAction` or `NotResource` entry with one is dropped
//!   (the statement excludes less), and a condition clause (key and
//!   operator) with one is dropped (the statement requires less);
//! - in a `Deny`, an entry of `Principal`, `Action` or `Resource` with a
//!   placeholder is dropped (the statement applies to less; with no entry
//!   left it applies to nothing and is dropped), and a `NotPrincipal`,
//!   `NotAction`, `NotResource` entry or a condition clause with one drops
//!   the whole statement (it may apply to nothing).
//!
//! Each change is recorded as a note on the result, so a finding that
//! rests on a widened value says so.

use serde_json::{Map, Value};

/// The text that starts a placeholder.
const PLACEHOLDER: &str = "{{unresolved:";

/// Whether a JSON value holds a placeholder anywhere (keys included).
pub fn has_placeholder(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains(PLACEHOLDER),
        Value::Array(items) => items.iter().any(has_placeholder),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains(PLACEHOLDER) || has_placeholder(v)),
        _ => false,
    }
}

/// The policy in the reading that grants the most access, and one note per
/// change. A document without placeholders comes back unchanged.
pub fn widen(policy: &Value) -> (Value, Vec<String>) {
    let mut policy = policy.clone();
    let mut notes = Vec::new();
    if let Some(statements) = policy.get_mut("Statement") {
        match statements {
            Value::Array(list) => {
                let mut index = 0;
                list.retain_mut(|statement| {
                    let keep =
                        widen_statement(statement, &format!("/Statement/{index}"), &mut notes);
                    index += 1;
                    keep
                });
            }
            Value::Object(_) => {
                let keep = widen_statement(statements, "/Statement", &mut notes);
                if !keep {
                    *statements = Value::Array(Vec::new());
                }
            }
            _ => {}
        }
    }
    (policy, notes)
}

/// Widens one statement; `false` when the statement is to be dropped.
fn widen_statement(statement: &mut Value, path: &str, notes: &mut Vec<String>) -> bool {
    let Value::Object(map) = statement else {
        return true;
    };
    if !map
        .iter()
        .any(|(k, v)| k.contains(PLACEHOLDER) || has_placeholder(v))
    {
        return true;
    }
    let allow = map.get("Effect").and_then(Value::as_str) != Some("Deny");
    if !allow {
        return widen_deny(map, path, notes);
    }
    for element in ["Principal", "Action", "Resource"] {
        widen_allow_positive(map, element, path, notes);
    }
    for element in ["NotPrincipal", "NotAction", "NotResource"] {
        drop_entries(map, element, path, notes);
    }
    if let Some(Value::Object(condition)) = map.get_mut("Condition") {
        drop_clauses(condition, &format!("{path}/Condition"), notes);
    }
    true
}

/// An `Allow`'s `Principal`, `Action` or `Resource`: a principal with a
/// placeholder is everyone; a placeholder in an action or resource is `*`.
fn widen_allow_positive(
    map: &mut Map<String, Value>,
    element: &str,
    path: &str,
    notes: &mut Vec<String>,
) {
    let Some(value) = map.get_mut(element) else {
        return;
    };
    if !has_placeholder(value) {
        return;
    }
    if element == "Principal" {
        notes.push(format!(
            "{path}/Principal: an unresolved value is read as any principal (\"*\")"
        ));
        *value = Value::String("*".into());
        return;
    }
    notes.push(format!(
        "{path}/{element}: an unresolved value is read as any value (`*`)"
    ));
    replace_placeholders(value);
}

/// Replaces each placeholder inside the strings of a value by `*`.
fn replace_placeholders(value: &mut Value) {
    match value {
        Value::String(s) => *s = wildcard_placeholders(s),
        Value::Array(items) => items.iter_mut().for_each(replace_placeholders),
        _ => {}
    }
}

/// `s` with every `{{unresolved:...}}` replaced by `*` (an unterminated
/// one, and everything after it, too).
fn wildcard_placeholders(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find(PLACEHOLDER) {
        out.push_str(&rest[..start]);
        out.push('*');
        match rest[start..].find("}}") {
            Some(end) => rest = &rest[start + end + 2..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// An `Allow`'s `Not...` element: entries with a placeholder are dropped
/// (the statement excludes less). With none left, the element is the
/// positive one with `*`.
fn drop_entries(map: &mut Map<String, Value>, element: &str, path: &str, notes: &mut Vec<String>) {
    let Some(value) = map.get_mut(element) else {
        return;
    };
    if !has_placeholder(value) {
        return;
    }
    notes.push(format!(
        "{path}/{element}: an entry with an unresolved value is dropped (it may exclude nothing)"
    ));
    let empty = match value {
        Value::Array(items) => {
            items.retain(|item| !has_placeholder(item));
            items.is_empty()
        }
        Value::Object(kinds) => {
            for entries in kinds.values_mut() {
                if let Value::Array(items) = entries {
                    items.retain(|item| !has_placeholder(item));
                }
            }
            kinds.retain(|_, entries| match entries {
                Value::Array(items) => !items.is_empty(),
                other => !has_placeholder(other),
            });
            kinds.is_empty()
        }
        _ => true,
    };
    if empty {
        map.remove(element);
        let positive = element.trim_start_matches("Not").to_string();
        map.insert(positive, Value::String("*".into()));
    }
}

/// Drops the condition clauses (key under an operator) with a placeholder.
fn drop_clauses(condition: &mut Map<String, Value>, path: &str, notes: &mut Vec<String>) {
    for (operator, clauses) in condition.iter_mut() {
        if operator.contains(PLACEHOLDER) {
            continue;
        }
        if let Value::Object(keys) = clauses {
            keys.retain(|key, value| {
                let unresolved = key.contains(PLACEHOLDER) || has_placeholder(value);
                if unresolved {
                    notes.push(format!(
                        "{path}/{operator}/{key}: a condition with an unresolved value is dropped \
                         (it may hold)"
                    ));
                }
                !unresolved
            });
        }
    }
    condition.retain(|operator, clauses| {
        let unresolved = operator.contains(PLACEHOLDER);
        if unresolved {
            notes.push(format!(
                "{path}: an unresolved condition operator is dropped (it may hold)"
            ));
        }
        !unresolved && !matches!(clauses, Value::Object(keys) if keys.is_empty())
    });
}

/// A `Deny` with placeholders: entries of its positive elements are
/// dropped; anything else drops the statement. `false`: drop it.
fn widen_deny(map: &mut Map<String, Value>, path: &str, notes: &mut Vec<String>) -> bool {
    let drops_statement = ["NotPrincipal", "NotAction", "NotResource", "Condition"]
        .iter()
        .any(|element| map.get(*element).is_some_and(has_placeholder))
        || map.keys().any(|k| k.contains(PLACEHOLDER));
    if drops_statement {
        notes.push(format!(
            "{path}: a Deny with an unresolved value is dropped (it may apply to nothing)"
        ));
        return false;
    }
    for element in ["Principal", "Action", "Resource"] {
        let Some(value) = map.get_mut(element) else {
            continue;
        };
        if !has_placeholder(value) {
            continue;
        }
        let empty = match value {
            Value::Array(items) => {
                items.retain(|item| !has_placeholder(item));
                items.is_empty()
            }
            Value::Object(kinds) => {
                for entries in kinds.values_mut() {
                    if let Value::Array(items) = entries {
                        items.retain(|item| !has_placeholder(item));
                    }
                }
                kinds.retain(|_, entries| match entries {
                    Value::Array(items) => !items.is_empty(),
                    other => !has_placeholder(other),
                });
                kinds.is_empty()
            }
            _ => true,
        };
        if empty {
            notes.push(format!(
                "{path}: a Deny whose {element} is unresolved is dropped (it may apply to nothing)"
            ));
            return false;
        }
        notes.push(format!(
            "{path}/{element}: an unresolved entry of a Deny is dropped (it may match nothing)"
        ));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_allow_with_an_unresolved_resource_covers_any_value_there() {
        let policy = json!({"Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::{{unresolved:Fn::ImportValue:Bucket}}/*"}]});
        let (wide, notes) = widen(&policy);
        assert_eq!(wide["Statement"][0]["Resource"], json!("arn:aws:s3:::*/*"));
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn an_unresolved_principal_of_an_allow_is_everyone() {
        let policy = json!({"Statement": {"Effect": "Allow",
            "Principal": {"AWS": ["111122223333", "{{unresolved:Ref:Partner}}"]},
            "Action": "sqs:*", "Resource": "*"}});
        let (wide, _) = widen(&policy);
        assert_eq!(wide["Statement"]["Principal"], json!("*"));
    }

    #[test]
    fn an_unresolved_condition_is_dropped_from_an_allow_and_drops_a_deny() {
        let policy = json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*",
             "Condition": {"StringEquals": {"aws:SourceVpc": "{{unresolved:Ref:Vpc}}",
                                            "aws:SourceAccount": "111122223333"}}},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
             "Condition": {"StringNotEquals": {"aws:SourceVpc": "{{unresolved:Ref:Vpc}}"}}}]});
        let (wide, notes) = widen(&policy);
        let statements = wide["Statement"].as_array().unwrap();
        assert_eq!(statements.len(), 1);
        assert_eq!(
            statements[0]["Condition"],
            json!({"StringEquals": {"aws:SourceAccount": "111122223333"}})
        );
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn a_deny_loses_only_its_unresolved_entries() {
        let policy = json!({"Statement": [{"Effect": "Deny", "Principal": "*",
            "Action": "s3:*", "Resource": ["arn:aws:s3:::b/*", "{{unresolved:Ref:X}}"]}]});
        let (wide, _) = widen(&policy);
        assert_eq!(
            wide["Statement"][0]["Resource"],
            json!(["arn:aws:s3:::b/*"])
        );
    }

    #[test]
    fn an_allow_not_resource_with_only_unresolved_entries_becomes_everything() {
        let policy = json!({"Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "s3:*", "NotResource": "{{unresolved:Ref:X}}"}]});
        let (wide, _) = widen(&policy);
        assert_eq!(wide["Statement"][0]["Resource"], json!("*"));
        assert!(wide["Statement"][0].get("NotResource").is_none());
    }

    #[test]
    fn a_policy_without_placeholders_is_unchanged() {
        let policy = json!({"Statement": [{"Effect": "Deny", "Principal": "*",
            "Action": "s3:*", "Resource": "*"}]});
        assert_eq!(widen(&policy), (policy, Vec::new()));
        assert_eq!(
            wildcard_placeholders("a{{unresolved:X}}b{{unresolved:Y"),
            "a*b*"
        );
    }
}
