//! AWS Config configuration items: snapshot and history files delivered to
//! S3 (`{"fileVersion", "configurationItems": [...]}`, items with `ARN`,
//! `awsAccountId`), `get-resource-config-history` output
//! (`configurationItems`, items with `arn`, `accountId`),
//! `batch-get-resource-config` output (`baseConfigurationItems`, whose
//! `configuration` is a JSON string), `select-resource-config` output
//! (`Results`: an array of JSON strings), a single item, or an array of
//! items.
//!
//! Where Config keeps each type's policy is in the type's file
//! (`resource::types`, its `ConfigSource`), e.g. `AWS::S3::Bucket`:
//! `supplementaryConfiguration.BucketPolicy.policyText`, with
//! `AccessControlList` → acl and `PublicAccessBlockConfiguration` →
//! block_public_access; `AWS::IAM::Role`:
//! `configuration.assumeRolePolicyDocument` (URL-encoded); `AWS::SQS::Queue`:
//! `configuration.Policy`; `AWS::OpenSearch::Domain`:
//! `configuration.AccessPolicies`. A type's file may list several candidate
//! paths, and a rule turning the item's ARN into the type's
//! (`AWS::ApiGateway::RestApi`).
//!
//! A missing policy means the resource has none, except for the types whose
//! file says it is required (IAM roles, ECR repositories, EFS file
//! systems), where it is an error record (Config may not have recorded
//! it). Config does not record Secrets
//! Manager resource policies: each `AWS::SecretsManager::Secret` item is an
//! error record telling to export the policy into the inventory format,
//! rather than a silent "no policy". Items of other types, and items whose
//! status says the resource is deleted or not recorded, yield nothing.

use serde_json::{Map, Value};

use crate::resource::{ConfigSource, ResourceType};

use super::{
    account_of_arn, pointer_index, pointer_push, policy_text, s3_access, FileContext, InputResult,
    ResourceInput,
};

/// Whether a value looks like one configuration item.
pub(crate) fn is_item(value: &Value) -> bool {
    value.as_object().is_some_and(|map| {
        map.contains_key("resourceType")
            && [
                "configuration",
                "supplementaryConfiguration",
                "configurationItemCaptureTime",
            ]
            .iter()
            .any(|key| map.contains_key(*key))
    })
}

/// Whether an object is a container of configuration items.
pub(crate) fn looks_like_container(map: &Map<String, Value>) -> bool {
    ["configurationItems", "baseConfigurationItems", "Results"]
        .iter()
        .any(|key| map.get(*key).is_some_and(Value::is_array))
}

/// Reads every configuration item of a document.
pub(crate) fn read(ctx: &FileContext<'_>, value: &Value) -> Vec<InputResult> {
    let (items, pointer) = match value {
        Value::Array(items) => (items, String::new()),
        Value::Object(map) => {
            match ["configurationItems", "baseConfigurationItems", "Results"]
                .iter()
                .find_map(|key| {
                    map.get(*key)
                        .and_then(Value::as_array)
                        .map(|items| (key, items))
                }) {
                Some((key, items)) => (items, pointer_push("", key)),
                None => return read_item(ctx, Node::root(value)).into_iter().collect(),
            }
        }
        _ => return Vec::new(),
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| {
            let pointer = pointer_index(&pointer, index);
            match Node::new(item.clone(), pointer.clone()).decoded() {
                Ok(node) => read_item(ctx, node),
                Err(message) => Some(Err(ctx.error(&pointer, message))),
            }
        })
        .collect()
}

/// A value with the pointer that locates it in the file; once the walk
/// enters a JSON string, the pointer stays at that string.
#[derive(Debug, Clone)]
struct Node {
    value: Value,
    pointer: String,
    embedded: bool,
}

impl Node {
    fn new(value: Value, pointer: String) -> Self {
        Node {
            value,
            pointer,
            embedded: false,
        }
    }

    fn root(value: &Value) -> Self {
        Node::new(value.clone(), String::new())
    }

    /// The node with a JSON-string value replaced by the object it holds.
    fn decoded(self) -> Result<Node, String> {
        match &self.value {
            Value::String(text) if text.trim_start().starts_with('{') => {
                let value = serde_json::from_str::<Value>(text).map_err(|error| {
                    format!("embedded configuration item is not valid JSON: {error}")
                })?;
                Ok(Node {
                    value,
                    pointer: self.pointer,
                    embedded: true,
                })
            }
            _ => Ok(self),
        }
    }

    /// The member `key` of this node (decoding a JSON string on the way).
    fn child(&self, key: &str) -> Result<Option<Node>, String> {
        let node = self.clone().decoded()?;
        let Some(value) = node.value.get(key) else {
            return Ok(None);
        };
        Ok(Some(Node {
            value: value.clone(),
            pointer: if node.embedded {
                node.pointer.clone()
            } else {
                pointer_push(&node.pointer, key)
            },
            embedded: node.embedded,
        }))
    }

    fn path(&self, keys: &[&str]) -> Result<Option<Node>, String> {
        let mut node = self.clone();
        for key in keys {
            match node.child(key)? {
                Some(next) => node = next,
                None => return Ok(None),
            }
        }
        Ok(Some(node))
    }

    fn text(&self, key: &str) -> Option<String> {
        self.value
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
    }
}

const SKIPPED_STATUSES: [&str; 3] = [
    "ResourceDeleted",
    "ResourceDeletedNotRecorded",
    "ResourceNotRecorded",
];

fn read_item(ctx: &FileContext<'_>, item: Node) -> Option<InputResult> {
    let resource_type = item.text("resourceType")?;
    if item
        .text("configurationItemStatus")
        .is_some_and(|status| SKIPPED_STATUSES.contains(&status.as_str()))
    {
        return None;
    }
    if resource_type == "AWS::SecretsManager::Secret" {
        return Some(Err(ctx.resource_error(
            &item.pointer,
            item_arn(&item, &resource_type, ctx).as_deref(),
            &resource_type,
            "AWS Config does not record Secrets Manager resource policies: export the policy \
             (`aws secretsmanager get-resource-policy`) into an inventory record",
        )));
    }
    let (typed, source) = ResourceType::from_config_type(&resource_type)?;
    Some(read_located(ctx, &item, typed, source))
}

fn read_located(
    ctx: &FileContext<'_>,
    item: &Node,
    resource_type: ResourceType,
    source: &ConfigSource,
) -> InputResult {
    let type_name = source.config_type;
    let arn = item_arn(item, type_name, ctx);
    let account = item
        .text("accountId")
        .or_else(|| item.text("awsAccountId"))
        .or_else(|| arn.as_deref().and_then(account_of_arn));
    let arn = match (arn, source.arn, &account) {
        (Some(arn), Some(rule), Some(account)) => Some(rule(&arn, account).unwrap_or(arn)),
        (arn, _, _) => arn,
    };
    let fail = |pointer: &str, message: String| {
        ctx.resource_error(pointer, arn.as_deref(), resource_type.name(), message)
    };
    let Some(arn) = arn.clone() else {
        return Err(fail(
            &item.pointer,
            "configuration item has no `arn`".to_string(),
        ));
    };
    if item.value.get("configuration").is_none()
        && item.value.get("supplementaryConfiguration").is_none()
    {
        return Err(fail(
            &item.pointer,
            "configuration item has neither `configuration` nor `supplementaryConfiguration` \
             (select them in the query)"
                .to_string(),
        ));
    }
    let mut located = None;
    for path in source.policy {
        located = item
            .path(path)
            .map_err(|message| fail(&item.pointer, message))?;
        if located.is_some() {
            break;
        }
    }
    let dotted = source
        .policy
        .iter()
        .map(|path| path.join("."))
        .collect::<Vec<_>>()
        .join("` or `");
    let (policy, pointer) = match &located {
        Some(node) => (
            policy_text::decode(&node.value)
                .map_err(|message| fail(&node.pointer, format!("`{dotted}`: {message}")))?,
            node.pointer.clone(),
        ),
        None => (None, item.pointer.clone()),
    };
    if source.required && policy.is_none() {
        return Err(fail(
            &pointer,
            format!("configuration item has no `{dotted}`"),
        ));
    }
    let (acl, block_public_access) = if resource_type == ResourceType::S3Bucket {
        bucket_access(item).map_err(|(pointer, message)| fail(&pointer, message))?
    } else {
        (None, None)
    };
    let account = account.or_else(|| account_of_arn(&arn));
    let mut origin = ctx.origin(&pointer, policy.as_ref());
    if located.as_ref().is_some_and(|node| node.embedded) {
        // The policy sits inside a JSON string: every statement is on its line.
        origin.statement_lines = match (origin.line, &policy) {
            (Some(line), Some(policy)) if ctx.lines.strings_are_single_line() => {
                vec![line; policy_text::statement_count(policy)]
            }
            _ => Vec::new(),
        };
    }
    Ok(ResourceInput {
        arn,
        resource_type,
        account,
        policy,
        acl,
        block_public_access,
        sharing: None,
        grants: None,
        origin,
    })
}

type BucketAccess = (Option<Value>, Option<Value>);

fn bucket_access(item: &Node) -> Result<BucketAccess, (String, String)> {
    let at = |path: &[&str]| {
        item.path(path)
            .map_err(|message| (item.pointer.clone(), message))
    };
    let acl = match at(&["supplementaryConfiguration", "AccessControlList"])? {
        Some(node) => {
            s3_access::config_acl(&node.value).map_err(|message| (node.pointer, message))?
        }
        None => None,
    };
    let bpa = match at(&[
        "supplementaryConfiguration",
        "PublicAccessBlockConfiguration",
    ])? {
        Some(node) => s3_access::block_public_access(&node.value)
            .map_err(|message| (node.pointer, message))?,
        None => None,
    };
    Ok((acl, bpa))
}

fn item_arn(item: &Node, resource_type: &str, ctx: &FileContext<'_>) -> Option<String> {
    if let Some(arn) = item.text("arn").or_else(|| item.text("ARN")) {
        return Some(arn);
    }
    if resource_type == "AWS::S3::Bucket" {
        let name = item
            .text("resourceName")
            .or_else(|| item.text("resourceId"))?;
        return Some(format!("arn:{}:s3:::{name}", ctx.options.partition()));
    }
    None
}
