//! zoneproof's inventory format: a JSON array, JSON Lines, or a single
//! object, of records
//! `{"arn", "resourceType", "policy"?, "accountId"?, "acl"?, "blockPublicAccess"?, "sharing"?, "grants"?}`.
//! `policy` is an object or a JSON string (URL-encoded JSON is accepted
//! too); `acl`, `blockPublicAccess`, `sharing` and `grants` pass through
//! unchanged. The owner account is `accountId` when given, else the ARN's.
//! A `resourceType` zoneproof does not know is analysed generically, over
//! every action of the ARN's service (see `resource::generic`); with an
//! ARN that is not one, or as a near miss of a known type's name for an
//! ARN of that type (`AWS::SNS::Topics`), it is an error record.

use std::path::Path;

use serde_json::{Map, Value};

use super::document::{LineMap, LineRecord};
use super::{
    account_of_arn, pointer_index, pointer_push, policy_text, FileContext, InputFormat,
    InputResult, ReadOptions, ResourceInput,
};
use crate::resource::ResourceType;

/// Whether a value looks like an inventory record.
pub(crate) fn is_record(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|map| map.contains_key("arn") && map.contains_key("resourceType"))
}

/// Reads an inventory document (array or single record).
pub(crate) fn read(ctx: &FileContext<'_>, value: &Value) -> Vec<InputResult> {
    match value {
        Value::Array(records) => records
            .iter()
            .enumerate()
            .map(|(index, record)| read_record(ctx, &pointer_index("", index), record))
            .collect(),
        record => vec![read_record(ctx, "", record)],
    }
}

/// Reads a JSON Lines inventory: a line that is not JSON is an error record
/// and the other lines are still read.
pub(crate) fn read_lines(
    path: &Path,
    records: &[LineRecord],
    lines: &LineMap,
    options: &ReadOptions,
) -> Vec<InputResult> {
    let ctx = FileContext {
        file: path,
        lines,
        format: InputFormat::Inventory,
        options,
    };
    records
        .iter()
        .map(|record| {
            let pointer = pointer_index("", record.index);
            match &record.value {
                Ok(value) => read_record(&ctx, &pointer, value),
                Err(message) => Err(ctx.error(&pointer, message.clone())),
            }
        })
        .collect()
}

fn read_record(ctx: &FileContext<'_>, pointer: &str, record: &Value) -> InputResult {
    let Some(map) = record.as_object() else {
        return Err(ctx.error(pointer, "an inventory record must be a JSON object"));
    };
    let arn = required_string(ctx, pointer, map, "arn")?;
    let type_name = required_string(ctx, pointer, map, "resourceType")?;
    let resource_type = ResourceType::resolve(&type_name, &arn).map_err(|e| {
        ctx.resource_error(
            &pointer_push(pointer, "resourceType"),
            Some(&arn),
            &type_name,
            e.to_string(),
        )
    })?;
    let policy_pointer = pointer_push(pointer, "policy");
    let policy = match map.get("policy") {
        None => None,
        Some(value) => policy_text::decode(value).map_err(|message| {
            ctx.resource_error(&policy_pointer, Some(&arn), resource_type.name(), message)
        })?,
    };
    let account = ["accountId", "account"]
        .iter()
        .find_map(|key| map.get(*key).and_then(Value::as_str))
        .map(str::to_string)
        .or_else(|| account_of_arn(&arn));
    let origin_pointer = if map.contains_key("policy") {
        policy_pointer
    } else {
        pointer.to_string()
    };
    Ok(ResourceInput {
        origin: ctx.origin(&origin_pointer, policy.as_ref()),
        arn,
        resource_type,
        account,
        policy,
        acl: present(map, "acl"),
        block_public_access: present(map, "blockPublicAccess"),
        sharing: present(map, "sharing"),
        grants: present(map, "grants"),
    })
}

fn required_string(
    ctx: &FileContext<'_>,
    pointer: &str,
    map: &Map<String, Value>,
    key: &str,
) -> Result<String, super::InputError> {
    match map.get(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.clone()),
        Some(other) => Err(ctx.error(
            &pointer_push(pointer, key),
            format!(
                "`{key}` must be a non-empty string, found {}",
                policy_text::type_name(other)
            ),
        )),
        None => Err(ctx.error(pointer, format!("inventory record has no `{key}`"))),
    }
}

fn present(map: &Map<String, Value>, key: &str) -> Option<Value> {
    map.get(key).filter(|value| !value.is_null()).cloned()
}
