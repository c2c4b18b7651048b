//! S3 bucket ACLs and Block Public Access settings, normalised to the shapes
//! of S3's `GetBucketAcl` and `GetPublicAccessBlock` outputs.
//!
//! Canned ACLs (CloudFormation `AccessControl`, Terraform `acl`) become the
//! grants that S3 documents for them, except the owner's grant to itself
//! (whose canonical id the input does not give and which never reaches
//! outside the account); the canned name is kept as `"CannedACL"`.

use serde_json::{json, Map, Value};

const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
const LOG_DELIVERY: &str = "http://acs.amazonaws.com/groups/s3/LogDelivery";

/// Grants of a canned ACL, by its S3 name (`public-read`) or its
/// CloudFormation name (`PublicRead`).
pub(crate) fn canned_acl(name: &str) -> Result<Value, String> {
    let normalized: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let grants: Vec<(&str, &str)> = match normalized.as_str() {
        "private" | "bucketownerread" | "bucketownerfullcontrol" | "awsexecread" => vec![],
        "publicread" => vec![(ALL_USERS, "READ")],
        "publicreadwrite" => vec![(ALL_USERS, "READ"), (ALL_USERS, "WRITE")],
        "authenticatedread" => vec![(AUTHENTICATED_USERS, "READ")],
        "logdeliverywrite" => vec![(LOG_DELIVERY, "WRITE"), (LOG_DELIVERY, "READ_ACP")],
        _ => return Err(format!("unknown canned ACL `{name}`")),
    };
    let grants: Vec<Value> = grants
        .into_iter()
        .map(|(uri, permission)| {
            json!({"Grantee": {"Type": "Group", "URI": uri}, "Permission": permission})
        })
        .collect();
    Ok(json!({"CannedACL": name, "Grants": grants}))
}

/// The ACL of an AWS Config S3 configuration item
/// (`supplementaryConfiguration.AccessControlList`, an object or its JSON
/// string: `{"grantList": [{"grantee": "AllUsers" | {"id", "displayName"},
/// "permission": "Read"}], "owner": {"id", "displayName"}}`).
pub(crate) fn config_acl(value: &Value) -> Result<Option<Value>, String> {
    let decoded;
    let acl = match value {
        Value::Null => return Ok(None),
        Value::String(text) => {
            decoded = serde_json::from_str::<Value>(text)
                .map_err(|error| format!("`AccessControlList` is not valid JSON: {error}"))?;
            &decoded
        }
        other => other,
    };
    let mut out = Map::new();
    if let Some(owner) = acl.get("owner").filter(|owner| owner.is_object()) {
        out.insert(
            "Owner".into(),
            json!({"ID": owner.get("id"), "DisplayName": owner.get("displayName")}),
        );
    }
    let grants = match acl.get("grantList") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(grants)) => grants
            .iter()
            .map(config_grant)
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err("`grantList` must be an array".into()),
    };
    out.insert("Grants".into(), Value::Array(grants));
    Ok(Some(Value::Object(out)))
}

fn config_grant(grant: &Value) -> Result<Value, String> {
    let grantee = match grant.get("grantee") {
        Some(Value::String(group)) => json!({"Type": "Group", "URI": group_uri(group)?}),
        Some(Value::Object(map)) => {
            if let Some(id) = map.get("id").and_then(Value::as_str) {
                json!({"Type": "CanonicalUser", "ID": id, "DisplayName": map.get("displayName")})
            } else if let Some(uri) = map.get("uri").and_then(Value::as_str) {
                json!({"Type": "Group", "URI": uri})
            } else if let Some(identifier) = map.get("identifier").and_then(Value::as_str) {
                match map.get("typeIdentifier").and_then(Value::as_str) {
                    Some("emailAddress") => {
                        json!({"Type": "AmazonCustomerByEmail", "EmailAddress": identifier})
                    }
                    Some("uri") => json!({"Type": "Group", "URI": identifier}),
                    _ => json!({"Type": "CanonicalUser", "ID": identifier}),
                }
            } else {
                return Err(format!("unrecognised ACL grantee `{}`", grant_text(grant)));
            }
        }
        _ => return Err(format!("unrecognised ACL grantee `{}`", grant_text(grant))),
    };
    let permission = match grant.get("permission").and_then(Value::as_str) {
        Some("FullControl") => "FULL_CONTROL",
        Some("Read") => "READ",
        Some("Write") => "WRITE",
        Some("ReadAcp") => "READ_ACP",
        Some("WriteAcp") => "WRITE_ACP",
        Some(other) => return Err(format!("unknown ACL permission `{other}`")),
        None => {
            return Err(format!(
                "ACL grant without permission `{}`",
                grant_text(grant)
            ))
        }
    };
    Ok(json!({"Grantee": grantee, "Permission": permission}))
}

fn group_uri(group: &str) -> Result<&'static str, String> {
    match group {
        "AllUsers" => Ok(ALL_USERS),
        "AuthenticatedUsers" => Ok(AUTHENTICATED_USERS),
        "LogDelivery" => Ok(LOG_DELIVERY),
        other => Err(format!("unknown ACL group grantee `{other}`")),
    }
}

fn grant_text(grant: &Value) -> String {
    let text = grant.to_string();
    text.chars().take(120).collect()
}

/// Block Public Access settings from any casing: `BlockPublicAcls`
/// (S3 API, CloudFormation), `blockPublicAcls` (AWS Config) or
/// `block_public_acls` (Terraform).
pub(crate) fn block_public_access(value: &Value) -> Result<Option<Value>, String> {
    let decoded;
    let settings = match value {
        Value::Null => return Ok(None),
        Value::String(text) => {
            decoded = serde_json::from_str::<Value>(text).map_err(|error| {
                format!("`PublicAccessBlockConfiguration` is not valid JSON: {error}")
            })?;
            &decoded
        }
        other => other,
    };
    let Some(map) = settings.as_object() else {
        return Err("Block Public Access settings must be an object".into());
    };
    let mut out = Map::new();
    for name in [
        "BlockPublicAcls",
        "IgnorePublicAcls",
        "BlockPublicPolicy",
        "RestrictPublicBuckets",
    ] {
        let snake = snake_case(name);
        let found = map
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name) || key.as_str() == snake.as_str());
        let setting = match found.map(|(_, value)| value) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(flag)) => *flag,
            Some(Value::String(text)) if text.eq_ignore_ascii_case("true") => true,
            Some(Value::String(text)) if text.eq_ignore_ascii_case("false") => false,
            Some(other) => {
                return Err(format!("`{name}` must be a boolean, found `{other}`"));
            }
        };
        out.insert(name.to_string(), Value::Bool(setting));
    }
    Ok(Some(Value::Object(out)))
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (index, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if index > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_acl_groups_become_uris() {
        let text = r#"{"grantSet":null,"grantList":[{"grantee":{"id":"abc","displayName":null},"permission":"FullControl"},{"grantee":"AllUsers","permission":"Read"}],"owner":{"displayName":null,"id":"abc"},"isRequesterCharged":false}"#;
        let acl = config_acl(&Value::String(text.into())).unwrap().unwrap();
        assert_eq!(acl["Grants"][1]["Grantee"]["URI"], ALL_USERS);
        assert_eq!(acl["Grants"][1]["Permission"], "READ");
        assert_eq!(acl["Grants"][0]["Grantee"]["ID"], "abc");
    }

    #[test]
    fn canned_acls_follow_the_s3_table() {
        assert_eq!(
            canned_acl("PublicReadWrite").unwrap()["Grants"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert_eq!(canned_acl("private").unwrap()["Grants"], json!([]));
        assert!(canned_acl("world-writable").is_err());
    }

    #[test]
    fn block_public_access_accepts_every_casing() {
        let expected = json!({"BlockPublicAcls": true, "IgnorePublicAcls": false, "BlockPublicPolicy": true, "RestrictPublicBuckets": false});
        let config = json!({"blockPublicAcls": true, "ignorePublicAcls": false, "blockPublicPolicy": true, "restrictPublicBuckets": false});
        let terraform = json!({"block_public_acls": true, "ignore_public_acls": false, "block_public_policy": true, "restrict_public_buckets": false});
        assert_eq!(block_public_access(&config).unwrap().unwrap(), expected);
        assert_eq!(block_public_access(&terraform).unwrap().unwrap(), expected);
    }
}
