//! Template resources of a type no resource type file maps, that hold a
//! resource-based policy: a scan cannot analyse the policy (it does not
//! know which resource it is attached to, nor its ARN), and must not pass
//! it over in silence either. Each becomes an error record that says where
//! the policy is and how to analyse it: as an inventory record with its
//! ARN and type, which zoneproof analyses generically.
//!
//! A resource-based policy is a policy document (an object, or a JSON
//! string of one) with a statement that has `Principal` or `NotPrincipal`;
//! identity policies have neither. Policies that can only limit access,
//! never grant it, are no concern of an external-access scan and are
//! skipped: VPC endpoint policies and AWS Organizations policies (SCPs,
//! RCPs).

use serde_json::Value;

use super::{pointer_index, pointer_push};

/// Template resource types whose principal-bearing policies only limit
/// access.
const LIMITING_ONLY: [&str; 6] = [
    "AWS::EC2::VPCEndpoint",
    "AWS::Organizations::Policy",
    "aws_vpc_endpoint",
    "aws_vpc_endpoint_policy",
    "aws_organizations_policy",
    "aws_networkmanager_core_network_policy_attachment",
];

/// How deep under a resource's properties a policy is looked for.
const MAX_DEPTH: usize = 4;

/// The JSON pointers (under `pointer`) of the resource-based policies in
/// `value`, the properties or values of a template resource of type
/// `resource_type`.
pub(crate) fn resource_policies(resource_type: &str, value: &Value, pointer: &str) -> Vec<String> {
    if LIMITING_ONLY.contains(&resource_type) {
        return Vec::new();
    }
    let mut found = Vec::new();
    collect(value, pointer, 0, &mut found);
    found
}

fn collect(value: &Value, pointer: &str, depth: usize, found: &mut Vec<String>) {
    if depth > MAX_DEPTH {
        return;
    }
    if is_resource_policy(value) {
        found.push(pointer.to_string());
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                collect(item, &pointer_push(pointer, key), depth + 1, found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect(item, &pointer_index(pointer, index), depth + 1, found);
            }
        }
        _ => {}
    }
}

fn is_resource_policy(value: &Value) -> bool {
    let decoded;
    let document = match value {
        Value::String(text) if text.trim_start().starts_with('{') => {
            match serde_json::from_str::<Value>(text) {
                Ok(parsed) => {
                    decoded = parsed;
                    &decoded
                }
                Err(_) => return false,
            }
        }
        other => other,
    };
    let has_principal = |statement: &Value| {
        statement.get("Principal").is_some() || statement.get("NotPrincipal").is_some()
    };
    match document.get("Statement") {
        Some(Value::Array(statements)) => statements.iter().any(has_principal),
        Some(statement @ Value::Object(_)) => has_principal(statement),
        _ => false,
    }
}

/// The message of the error record for a policy found by
/// [`resource_policies`].
pub(crate) fn message(resource_type: &str) -> String {
    format!(
        "`{resource_type}` holds a resource-based policy, but zoneproof does not know which \
         resource it is attached to: export it as an inventory record (`arn`, `resourceType`, \
         `policy`) to analyse it (an unknown type is analysed over every action of its ARN's \
         service)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn principal_bearing_documents_are_found_identity_policies_are_not() {
        let properties = json!({
            "Name": "x",
            "Settings": {"AccessPolicy": {"Statement": [{"Effect": "Allow", "Principal": "*",
                                                         "Action": "x:*"}]}},
            "Text": "{\"Statement\": {\"NotPrincipal\": {\"AWS\": \"1\"}}}",
            "Identity": {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
        });
        assert_eq!(
            resource_policies("AWS::New::Thing", &properties, "/Resources/T/Properties"),
            [
                "/Resources/T/Properties/Settings/AccessPolicy",
                "/Resources/T/Properties/Text"
            ]
        );
        assert!(resource_policies("AWS::EC2::VPCEndpoint", &properties, "").is_empty());
    }
}
