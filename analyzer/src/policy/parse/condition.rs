//! The `Condition` element (`reference_policies_elements_condition.md`,
//! `reference_policies_elements_condition_operators.md`).

use serde_json::Value;

use super::{case_hint, child, describe, quote, PolicyError};
use crate::policy::model::{
    BaseOperator, Condition, ConditionOperator, OperatorFamily, SetQualifier,
};
use crate::value;

/// The set-operator prefixes, as written.
const QUALIFIERS: [(&str, SetQualifier); 2] = [
    ("ForAllValues:", SetQualifier::ForAllValues),
    ("ForAnyValue:", SetQualifier::ForAnyValue),
];

/// The `IfExists` suffix.
const IF_EXISTS: &str = "IfExists";

/// Parses a condition block `{operator: {key: value | [values]}}` into one
/// [`Condition`] per (operator, key) pair, in document order.
///
/// `variables` says whether policy variables are interpreted (Version
/// `2012-10-17`); values holding one are not type-checked.
pub(super) fn parse_condition_block(
    value: &Value,
    path: &str,
    variables: bool,
) -> Result<Vec<Condition>, PolicyError> {
    let block = value.as_object().ok_or_else(|| {
        PolicyError::new(
            path,
            format!(
                "`Condition` must be an object such as {{\"StringEquals\": {{\"key\": \"value\"}}}}, found {}",
                describe(value)
            ),
        )
    })?;
    let mut conditions = Vec::new();
    for (operator_name, entries) in block {
        let operator_path = child(path, operator_name);
        let operator = parse_operator(operator_name)
            .map_err(|message| PolicyError::new(&operator_path, message))?;
        let entries = entries.as_object().ok_or_else(|| {
            PolicyError::new(
                &operator_path,
                format!(
                    "an operator must map condition keys to values, found {}",
                    describe(entries)
                ),
            )
        })?;
        check_keys_unique_ignoring_case(entries.keys(), &operator_path)?;
        for (key, values) in entries {
            let key_path = child(&operator_path, key);
            let values = parse_values(values, &key_path)?;
            check_value_types(operator, &values, variables)?;
            conditions.push(Condition {
                path: key_path,
                operator,
                key: key.clone(),
                values: values.into_iter().map(|(text, _)| text).collect(),
            });
        }
    }
    Ok(conditions)
}

/// Parses an operator name: an optional `ForAllValues:`/`ForAnyValue:`
/// prefix, a base operator, an optional `IfExists` suffix (not on `Null`).
/// Names are case-sensitive.
pub(crate) fn parse_operator(name: &str) -> Result<ConditionOperator, String> {
    let (set, rest) = split_qualifier(name)?;
    let (base_name, if_exists) = match rest.strip_suffix(IF_EXISTS) {
        Some(base) => (base, true),
        None => (rest, false),
    };
    let base = BaseOperator::from_name(base_name).ok_or_else(|| unknown_operator(name))?;
    if base == BaseOperator::Null && if_exists {
        return Err(format!(
            "the `Null` operator cannot take the `IfExists` suffix: {}",
            quote(name)
        ));
    }
    Ok(ConditionOperator {
        set,
        base,
        if_exists,
    })
}

/// Splits off a set-operator prefix; a different prefix ending in `:` is an
/// error naming it.
fn split_qualifier(name: &str) -> Result<(Option<SetQualifier>, &str), String> {
    for (prefix, qualifier) in QUALIFIERS {
        if let Some(rest) = name.strip_prefix(prefix) {
            return Ok((Some(qualifier), rest));
        }
    }
    match name.split_once(':') {
        Some((prefix, _)) => {
            let hint = case_hint(
                &format!("{prefix}:"),
                QUALIFIERS.iter().map(|(known, _)| *known),
            );
            Err(format!(
                "unknown condition operator {}: unknown qualifier {}; expected `ForAllValues:` or `ForAnyValue:`{hint}",
                quote(name),
                quote(&format!("{prefix}:"))
            ))
        }
        None => Ok((None, name)),
    }
}

/// The error for an unknown operator, with a hint if only the case differs.
fn unknown_operator(name: &str) -> String {
    let candidates: Vec<String> = QUALIFIERS
        .iter()
        .map(|(prefix, _)| *prefix)
        .chain([""])
        .flat_map(|prefix| {
            BaseOperator::ALL.iter().flat_map(move |(_, base)| {
                [
                    format!("{prefix}{base}"),
                    format!("{prefix}{base}{IF_EXISTS}"),
                ]
            })
        })
        .collect();
    let hint = case_hint(name, candidates.iter().map(String::as_str));
    format!("unknown condition operator {}{hint}", quote(name))
}

/// Rejects condition keys that repeat within one operator, ignoring case
/// (condition key names are case-insensitive).
fn check_keys_unique_ignoring_case<'a>(
    keys: impl Iterator<Item = &'a String>,
    operator_path: &str,
) -> Result<(), PolicyError> {
    let mut seen: Vec<&str> = Vec::new();
    for key in keys {
        if let Some(first) = seen.iter().find(|s| s.eq_ignore_ascii_case(key)) {
            return Err(PolicyError::new(
                child(operator_path, key),
                format!(
                    "condition key {} repeats {} with different case; key names are case-insensitive",
                    quote(key),
                    quote(first)
                ),
            ));
        }
        seen.push(key);
    }
    Ok(())
}

/// The values of one condition key as text, each with its JSON path: a
/// string, number or boolean, or an array of them (numbers and booleans in
/// their JSON text form).
fn parse_values(value: &Value, path: &str) -> Result<Vec<(String, String)>, PolicyError> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let item_path = format!("{path}[{index}]");
                scalar_text(item, &item_path).map(|text| (text, item_path))
            })
            .collect(),
        scalar => scalar_text(scalar, path).map(|text| vec![(text, path.to_owned())]),
    }
}

/// The text of one condition value.
fn scalar_text(value: &Value, path: &str) -> Result<String, PolicyError> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        other => Err(PolicyError::new(
            path,
            format!(
                "condition values must be strings, numbers or booleans, found {}",
                describe(other)
            ),
        )),
    }
}

/// Checks that each value parses as the type its operator compares.
fn check_value_types(
    operator: ConditionOperator,
    values: &[(String, String)],
    variables: bool,
) -> Result<(), PolicyError> {
    let Some(check) = type_check(operator.base.family()) else {
        return Ok(());
    };
    for (text, path) in values {
        if variables && text.contains("${") {
            continue;
        }
        check(text).map_err(|error| {
            PolicyError::new(
                path,
                format!("invalid value for `{}`: {error}", operator.display_name()),
            )
        })?;
    }
    Ok(())
}

/// Checks that a condition value parses as its operator's type.
type ValueCheck = fn(&str) -> Result<(), value::ValueError>;

/// The check for values of the given family, if the family is typed.
fn type_check(family: OperatorFamily) -> Option<ValueCheck> {
    match family {
        OperatorFamily::Numeric => Some(|text| value::parse_decimal(text).map(drop)),
        OperatorFamily::Date => Some(|text| value::parse_date(text).map(drop)),
        OperatorFamily::Ip => Some(|text| value::parse_cidr(text).map(drop)),
        OperatorFamily::Bool | OperatorFamily::Null => {
            Some(|text| value::parse_bool(text).map(drop))
        }
        OperatorFamily::String | OperatorFamily::Binary | OperatorFamily::Arn => None,
    }
}
