//! The `Principal` and `NotPrincipal` elements
//! (`reference_policies_elements_principal.md`).

use serde_json::Value;

use super::{case_hint, child, describe, quote, string_list, PolicyError};
use crate::policy::model::{Principal, PrincipalSet};

/// The principal types a principal map may name.
const PRINCIPAL_TYPES: [&str; 4] = ["AWS", "Service", "Federated", "CanonicalUser"];

/// Parses the value of a `Principal` or `NotPrincipal` element (`element`):
/// `"*"` or a map from principal type to a string or an array of strings.
pub(super) fn parse_principals(
    value: &Value,
    element: &str,
    path: &str,
) -> Result<PrincipalSet, PolicyError> {
    let map = match value {
        Value::String(text) if text == "*" => return Ok(PrincipalSet::Any),
        Value::String(text) => {
            return Err(PolicyError::new(
                path,
                format!(
                    "`{element}` must be `*` or an object such as {{\"AWS\": ...}}, found the string {}",
                    quote(text)
                ),
            ))
        }
        Value::Object(map) => map,
        other => {
            return Err(PolicyError::new(
                path,
                format!(
                    "`{element}` must be `*` or an object such as {{\"AWS\": ...}}, found {}",
                    describe(other)
                ),
            ))
        }
    };
    let mut principals = Vec::new();
    for (kind, entries) in map {
        let kind_path = child(path, kind);
        let make = principal_constructor(kind).ok_or_else(|| {
            PolicyError::new(
                &kind_path,
                format!(
                    "unknown principal type {}; expected `AWS`, `Service`, `Federated` or `CanonicalUser`{}",
                    quote(kind),
                    case_hint(kind, PRINCIPAL_TYPES)
                ),
            )
        })?;
        let names = string_list(entries, kind, &kind_path)?;
        for (index, name) in names.into_iter().enumerate() {
            let entry_path = if entries.is_array() {
                format!("{kind_path}[{index}]")
            } else {
                kind_path.clone()
            };
            check_principal_name(kind, &name)
                .map_err(|message| PolicyError::new(entry_path, message))?;
            principals.push(make(name));
        }
    }
    Ok(PrincipalSet::Listed(principals))
}

/// The model constructor for a principal type, `None` if the type is unknown.
fn principal_constructor(kind: &str) -> Option<fn(String) -> Principal> {
    match kind {
        "AWS" => Some(|text| Principal::Aws(text.into())),
        "Service" => Some(Principal::Service),
        "Federated" => Some(Principal::Federated),
        "CanonicalUser" => Some(Principal::CanonicalUser),
        _ => None,
    }
}

/// Rejects empty principals and wildcards other than the whole `AWS`
/// principal `*` ("You cannot use a wildcard to match part of a principal
/// name or ARN"). Any other text is kept as an opaque identifier.
fn check_principal_name(kind: &str, name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(format!("empty `{kind}` principal"));
    }
    if kind == "AWS" && name == "*" {
        return Ok(());
    }
    if name.contains(['*', '?']) {
        let allowed = if kind == "AWS" {
            "only the whole principal `*` may be a wildcard"
        } else {
            "wildcards are not allowed in this principal type"
        };
        return Err(format!(
            "`{kind}` principal {} contains a wildcard (`*` or `?`); {allowed}",
            quote(name)
        ));
    }
    Ok(())
}
