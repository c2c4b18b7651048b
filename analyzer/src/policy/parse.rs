//! Parser from IAM policy JSON to [`Policy`].
//!
//! Follows the IAM policy grammar (`reference_policies_grammar.md`) and
//! accepts what AWS accepts; everything else is a [`PolicyError`] naming the
//! JSON path of the offending element. Decisions where the AWS documentation
//! is silent:
//! - element names (`Statement`, `Effect`, `AWS`, ...) and condition operator
//!   names are case-sensitive, as IAM's own `MalformedPolicyDocument: Invalid
//!   Condition type : stringEquals` shows for operators; a near miss in case
//!   gets a "did you mean" hint;
//! - a key may appear only once in any JSON object (the grammar notes say so);
//!   a duplicate is an error rather than "last one wins";
//! - within one operator, a condition key may appear only once regardless of
//!   case (Access Analyzer's "Duplicate keys with different case" error);
//! - values of `Numeric*`, `Date*`, `IpAddress`/`NotIpAddress`, `Bool` and
//!   `Null` conditions must parse as their type ([`crate::value`]); a value
//!   containing a policy variable (`${`) is not checked under Version
//!   `2012-10-17`, because its type is only known once substituted;
//! - empty arrays (`"Action": []`, `"AWS": []`, condition values `[]`) and
//!   empty objects (`"Principal": {}`, `"Condition": {}`) are accepted: Access
//!   Analyzer reports them as suggestions, not errors. They match nothing;
//! - a `Principal` string other than `*` is rejected: the grammar allows only
//!   `"*"` or a map such as `{"AWS": ...}`;
//! - wildcards (`*`, `?`) in principals are rejected except for the exact
//!   value `*` of an `AWS` principal (Access Analyzer's "Unsupported wildcard
//!   in principal");
//! - a leading UTF-8 byte-order mark is skipped; there is no size limit, the
//!   only depth limit is serde_json's 128 levels (policies need 6).

mod condition;
mod principal;
mod strict_json;

use serde_json::{Map, Value};

use super::model::{
    ActionClause, Effect, Policy, PolicyVersion, PrincipalClause, ResourceClause, Statement,
};

/// A policy that does not follow the IAM grammar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct PolicyError {
    /// JSON path of the offending element, e.g. `Statement[1].Effect`
    /// (`$` for the document itself).
    pub path: String,
    /// What is wrong, lowercase, user input in backticks.
    pub message: String,
}

impl PolicyError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        PolicyError {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// The path of the document itself.
const ROOT: &str = "$";

/// Elements allowed at the top level of a policy.
const TOP_LEVEL_ELEMENTS: &[&str] = &["Version", "Id", "Statement"];

/// Elements allowed in a statement.
const STATEMENT_ELEMENTS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Parses a policy from JSON text.
///
/// # Example
/// ```
/// use zoneproof_analyzer::policy::{parse_policy, Effect};
/// let policy = parse_policy(r#"{"Statement": {"Effect": "Allow", "Action": "s3:*"}}"#).unwrap();
/// assert_eq!(policy.statements[0].effect, Effect::Allow);
/// let error = parse_policy(r#"{"Statement": []}"#).unwrap_err();
/// assert_eq!(error.to_string(), "Statement: a policy needs at least one statement");
/// ```
pub fn parse_policy(text: &str) -> Result<Policy, PolicyError> {
    parse_policy_bytes(text.as_bytes())
}

/// Parses a policy from raw bytes (invalid UTF-8 is an error).
pub fn parse_policy_bytes(bytes: &[u8]) -> Result<Policy, PolicyError> {
    let value = strict_json::decode(bytes)?;
    parse_policy_value(&value)
}

/// Parses a policy from an already-decoded JSON value.
pub fn parse_policy_value(value: &Value) -> Result<Policy, PolicyError> {
    let document = value.as_object().ok_or_else(|| {
        PolicyError::new(
            ROOT,
            format!("a policy must be a JSON object, found {}", describe(value)),
        )
    })?;
    check_known_elements(document, TOP_LEVEL_ELEMENTS, None, "top-level element")?;
    let version = document.get("Version").map(parse_version).transpose()?;
    let id = document
        .get("Id")
        .map(|id| expect_string(id, "Id", "Id"))
        .transpose()?;
    let variables = version == Some(PolicyVersion::V2012_10_17);
    let statements = parse_statements(document.get("Statement"), variables)?;
    Ok(Policy {
        version,
        id,
        statements,
    })
}

/// Parses the `Version` element.
fn parse_version(value: &Value) -> Result<PolicyVersion, PolicyError> {
    match expect_string(value, "Version", "Version")?.as_str() {
        "2012-10-17" => Ok(PolicyVersion::V2012_10_17),
        "2008-10-17" => Ok(PolicyVersion::V2008_10_17),
        other => Err(PolicyError::new(
            "Version",
            format!(
                "unknown policy version {}; expected `2012-10-17` or `2008-10-17`",
                quote(other)
            ),
        )),
    }
}

/// Parses the `Statement` element: one statement object or a non-empty array.
fn parse_statements(value: Option<&Value>, variables: bool) -> Result<Vec<Statement>, PolicyError> {
    match value {
        None => Err(PolicyError::new(ROOT, "missing `Statement`")),
        Some(single @ Value::Object(_)) => Ok(vec![parse_statement(
            single,
            0,
            "Statement".to_owned(),
            variables,
        )?]),
        Some(Value::Array(items)) if items.is_empty() => Err(PolicyError::new(
            "Statement",
            "a policy needs at least one statement",
        )),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                parse_statement(item, index, format!("Statement[{index}]"), variables)
            })
            .collect(),
        Some(other) => Err(PolicyError::new(
            "Statement",
            format!(
                "`Statement` must be an object or an array of objects, found {}",
                describe(other)
            ),
        )),
    }
}

/// Parses one statement object.
fn parse_statement(
    value: &Value,
    index: usize,
    path: String,
    variables: bool,
) -> Result<Statement, PolicyError> {
    let object = value.as_object().ok_or_else(|| {
        PolicyError::new(
            &path,
            format!(
                "a statement must be a JSON object, found {}",
                describe(value)
            ),
        )
    })?;
    check_known_elements(object, STATEMENT_ELEMENTS, Some(&path), "statement element")?;
    let sid = object
        .get("Sid")
        .map(|sid| expect_string(sid, "Sid", &child(&path, "Sid")))
        .transpose()?;
    let effect = parse_effect(object.get("Effect"), &path)?;
    let principal = one_of(object, "Principal", "NotPrincipal", &path)?
        .map(|(negated, name, value)| {
            let principals = principal::parse_principals(value, name, &child(&path, name))?;
            Ok(PrincipalClause {
                negated,
                principals,
            })
        })
        .transpose()?;
    let (negated, name, actions) = one_of(object, "Action", "NotAction", &path)?
        .ok_or_else(|| PolicyError::new(&path, "missing `Action` or `NotAction`"))?;
    let action = ActionClause {
        negated,
        patterns: string_list(actions, name, &child(&path, name))?,
    };
    let resource = one_of(object, "Resource", "NotResource", &path)?
        .map(|(negated, name, value)| {
            Ok(ResourceClause {
                negated,
                patterns: string_list(value, name, &child(&path, name))?,
            })
        })
        .transpose()?;
    let conditions = object
        .get("Condition")
        .map(|block| condition::parse_condition_block(block, &child(&path, "Condition"), variables))
        .transpose()?
        .unwrap_or_default();
    Ok(Statement {
        index,
        path,
        sid,
        effect,
        principal,
        action,
        resource,
        conditions,
    })
}

/// Parses the `Effect` element (case-sensitive, see
/// `reference_policies_elements_effect.md`).
fn parse_effect(value: Option<&Value>, statement_path: &str) -> Result<Effect, PolicyError> {
    let path = child(statement_path, "Effect");
    let value = value.ok_or_else(|| {
        PolicyError::new(
            statement_path,
            "missing `Effect`; expected `Allow` or `Deny`",
        )
    })?;
    match expect_string(value, "Effect", &path)?.as_str() {
        "Allow" => Ok(Effect::Allow),
        "Deny" => Ok(Effect::Deny),
        other => Err(PolicyError::new(
            path,
            format!(
                "unknown effect {}; expected `Allow` or `Deny`",
                quote(other)
            ),
        )),
    }
}

/// Finds which of two mutually exclusive elements (`Action`/`NotAction`, ...)
/// a statement has: `Some((negated, name, value))`, `None` for neither, an
/// error for both.
fn one_of<'a>(
    object: &'a Map<String, Value>,
    positive: &'static str,
    negative: &'static str,
    path: &str,
) -> Result<Option<(bool, &'static str, &'a Value)>, PolicyError> {
    match (object.get(positive), object.get(negative)) {
        (Some(_), Some(_)) => Err(PolicyError::new(
            path,
            format!("a statement cannot have both `{positive}` and `{negative}`"),
        )),
        (Some(value), None) => Ok(Some((false, positive, value))),
        (None, Some(value)) => Ok(Some((true, negative, value))),
        (None, None) => Ok(None),
    }
}

/// Rejects keys of `object` that are not in `known`, with a hint when only
/// the case differs.
fn check_known_elements(
    object: &Map<String, Value>,
    known: &[&str],
    parent: Option<&str>,
    what: &str,
) -> Result<(), PolicyError> {
    let Some(unknown) = object.keys().find(|key| !known.contains(&key.as_str())) else {
        return Ok(());
    };
    let path = parent.map_or_else(|| path_segment(unknown), |parent| child(parent, unknown));
    let hint = case_hint(unknown, known.iter().copied());
    Err(PolicyError::new(
        path,
        format!("unknown {what} {}{hint}", quote(unknown)),
    ))
}

/// ` (names are case-sensitive: did you mean `X`?)` when `name` equals a
/// known name but for ASCII case, ` (did you mean `X`?)` when it is a near
/// miss (at most two edits), else empty.
fn case_hint<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.into_iter().collect();
    if let Some(candidate) = known.iter().find(|c| c.eq_ignore_ascii_case(name)) {
        return format!(" (names are case-sensitive: did you mean `{candidate}`?)");
    }
    known
        .iter()
        .map(|c| (edit_distance(&name.to_ascii_lowercase(), &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// Levenshtein distance, for near-miss hints on short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// A string element or an array of strings (`Action`, `Resource`, principal
/// lists): the grammar allows a single value without brackets.
fn string_list(value: &Value, element: &str, path: &str) -> Result<Vec<String>, PolicyError> {
    match value {
        Value::String(text) => Ok(vec![text.clone()]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| match item {
                Value::String(text) => Ok(text.clone()),
                other => Err(PolicyError::new(
                    format!("{path}[{index}]"),
                    format!(
                        "`{element}` entries must be strings, found {}",
                        describe(other)
                    ),
                )),
            })
            .collect(),
        other => Err(PolicyError::new(
            path,
            format!(
                "`{element}` must be a string or an array of strings, found {}",
                describe(other)
            ),
        )),
    }
}

/// A string-valued element.
fn expect_string(value: &Value, element: &str, path: &str) -> Result<String, PolicyError> {
    value.as_str().map(str::to_owned).ok_or_else(|| {
        PolicyError::new(
            path,
            format!("`{element}` must be a string, found {}", describe(value)),
        )
    })
}

/// The path of `key` under `parent`.
fn child(parent: &str, key: &str) -> String {
    format!("{parent}.{}", path_segment(key))
}

/// A key as it appears in a path: control characters escaped, very long keys
/// shortened, so that an error stays on one readable line.
fn path_segment(key: &str) -> String {
    shorten(key)
}

/// User text in backticks for a message, escaped and shortened like
/// [`path_segment`].
fn quote(text: &str) -> String {
    format!("`{}`", shorten(text))
}

/// Escapes control characters and cuts text longer than 100 characters.
fn shorten(text: &str) -> String {
    const LIMIT: usize = 100;
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == LIMIT {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The JSON type of a value, with its article, for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
