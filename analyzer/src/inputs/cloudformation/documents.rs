//! The policy documents of a template that are not resource policies of
//! an analysed resource: identity policies, organization policies, and the
//! access point policies that only validation reads.
//!
//! | template resource | property | policy type |
//! | --- | --- | --- |
//! | `AWS::IAM::Role`, `AWS::IAM::User`, `AWS::IAM::Group` | `Policies[].PolicyDocument` | identity |
//! | `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`, `AWS::IAM::RolePolicy`, `AWS::IAM::UserPolicy`, `AWS::IAM::GroupPolicy` | `PolicyDocument` | identity |
//! | `AWS::SSO::PermissionSet` | `InlinePolicy` | identity |
//! | `AWS::Organizations::Policy` (`Type` `SERVICE_CONTROL_POLICY` / `RESOURCE_CONTROL_POLICY`) | `Content` | SCP / RCP |
//! | `AWS::S3::AccessPoint` | `Policy` | resource (`AWS::S3::AccessPoint`) |
//! | `AWS::S3::MultiRegionAccessPointPolicy` | `Policy` | resource (`AWS::S3::MultiRegionAccessPoint`) |
//! | `AWS::S3ObjectLambda::AccessPointPolicy` | `PolicyDocument` | resource (`AWS::S3ObjectLambda::AccessPoint`) |

use serde_json::{Map, Value};

use super::super::documents::{DocumentKind, FoundDocument};
use super::super::{pointer_push, policy_text, FileContext, InputError};
use super::intrinsics::{Resolver, Template};
use super::resources;

/// The documents of the template, in template order.
pub(crate) fn read(ctx: &FileContext<'_>, value: &Value) -> Vec<Result<FoundDocument, InputError>> {
    let empty = Map::new();
    let resolver = Resolver::new(Template::new(value, &empty), ctx.options);
    let mut found = Vec::new();
    for (logical, resource) in resolver.template.resources {
        let exists = match resource.get("Condition").and_then(Value::as_str) {
            Some(condition) => resolver.condition(condition, 0) != Some(false),
            None => true,
        };
        if !exists {
            continue;
        }
        let pointer = pointer_push(&pointer_push("/Resources", logical), "Properties");
        let Some(properties) = resource.get("Properties") else {
            continue;
        };
        let mut add = |path: &[&str], kind: DocumentKind, name: String| {
            let mut raw = Some(properties);
            let mut at = pointer.clone();
            for key in path {
                raw = raw.and_then(|value| child(value, key));
                at = pointer_push(&at, key);
            }
            if let Some(raw) = raw {
                found.push(document(ctx, &resolver, raw, &at, kind, name));
            }
        };
        match resources::resource_type(resource) {
            "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
                let policies = properties
                    .get("Policies")
                    .and_then(|policies| resolver.resolve(policies));
                for (index, policy) in policies
                    .iter()
                    .flat_map(|p| p.as_array().into_iter().flatten())
                    .enumerate()
                {
                    let name = policy
                        .get("PolicyName")
                        .and_then(Value::as_str)
                        .map_or_else(|| index.to_string(), str::to_owned);
                    let index_text = index.to_string();
                    add(
                        &["Policies", &index_text, "PolicyDocument"],
                        DocumentKind::Identity,
                        format!("{logical} policy {name}"),
                    );
                }
            }
            "AWS::IAM::Policy"
            | "AWS::IAM::ManagedPolicy"
            | "AWS::IAM::RolePolicy"
            | "AWS::IAM::UserPolicy"
            | "AWS::IAM::GroupPolicy" => {
                add(&["PolicyDocument"], DocumentKind::Identity, logical.clone());
            }
            "AWS::SSO::PermissionSet" => {
                add(&["InlinePolicy"], DocumentKind::Identity, logical.clone());
            }
            "AWS::Organizations::Policy" => {
                let kind = match properties
                    .get("Type")
                    .and_then(|t| resolver.resolve_string(t, 0))
                    .as_deref()
                {
                    Some("SERVICE_CONTROL_POLICY") => DocumentKind::ServiceControl,
                    Some("RESOURCE_CONTROL_POLICY") => DocumentKind::ResourceControl,
                    _ => continue,
                };
                add(&["Content"], kind, logical.clone());
            }
            "AWS::S3::AccessPoint" => add(
                &["Policy"],
                DocumentKind::Resource(Some("AWS::S3::AccessPoint")),
                logical.clone(),
            ),
            "AWS::S3::MultiRegionAccessPointPolicy" => add(
                &["Policy"],
                DocumentKind::Resource(Some("AWS::S3::MultiRegionAccessPoint")),
                logical.clone(),
            ),
            "AWS::S3ObjectLambda::AccessPointPolicy" => add(
                &["PolicyDocument"],
                DocumentKind::Resource(Some("AWS::S3ObjectLambda::AccessPoint")),
                logical.clone(),
            ),
            _ => {}
        }
    }
    found
}

fn document(
    ctx: &FileContext<'_>,
    resolver: &Resolver<'_>,
    raw: &Value,
    pointer: &str,
    kind: DocumentKind,
    name: String,
) -> Result<FoundDocument, InputError> {
    let resolved = resolver.resolve(raw).unwrap_or(Value::Null);
    match policy_text::decode(&resolved) {
        Ok(Some(policy)) => Ok(FoundDocument::from_value(ctx, pointer, kind, name, &policy)),
        Ok(None) => Err(ctx.error(pointer, "the policy document is empty")),
        Err(message) => Err(ctx.error(pointer, message)),
    }
}

/// The member `key` of an object, or the item `key` (a decimal index) of
/// an array.
fn child<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    match value {
        Value::Array(items) => key.parse::<usize>().ok().and_then(|index| items.get(index)),
        other => other.get(key),
    }
}
