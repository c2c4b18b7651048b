//! Access granted outside the resource policy: S3 bucket ACLs (and Block
//! Public Access), KMS grants, and the sharing attributes of EC2 and RDS
//! snapshots. These are lists of grantees, decided without the solver.

use crate::finding::{
    stable_id, Finding, FindingPrincipal, FindingStatus, FindingType, ResourceResult, Source,
};
use crate::policy::{AwsEntry, AwsPrincipal};
use crate::resource::ResourceType;
use crate::zone::{is_account_id, Zone};
use serde_json::Value;
use std::collections::BTreeMap;

const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/// S3 Block Public Access settings that change what is reachable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlockPublicAccess {
    /// `IgnorePublicAcls`: ACL grants to AllUsers / AuthenticatedUsers are ignored.
    pub ignore_public_acls: bool,
    /// `RestrictPublicBuckets`: a public bucket policy admits only service
    /// principals and principals of the owner account.
    pub restrict_public_buckets: bool,
}

/// Reads Block Public Access settings (`GetPublicAccessBlock` shape, with or
/// without the `PublicAccessBlockConfiguration` wrapper, any key case).
pub fn block_public_access(value: &Value) -> Result<BlockPublicAccess, String> {
    let config = value.get("PublicAccessBlockConfiguration").unwrap_or(value);
    let Value::Object(map) = config else {
        return Err("blockPublicAccess: expected an object".into());
    };
    let flag = |name: &str| -> Result<bool, String> {
        match map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
        {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
            Some(other) => Err(format!(
                "blockPublicAccess.{name}: expected a boolean, got {other}"
            )),
        }
    };
    Ok(BlockPublicAccess {
        ignore_public_acls: flag("IgnorePublicAcls")?,
        restrict_public_buckets: flag("RestrictPublicBuckets")?,
    })
}

/// Applies RestrictPublicBuckets: when the policy grants public access, only
/// service principals and the owner's principals get through, so the
/// policy's external-access findings are blocked.
pub fn restrict_public_buckets(result: &mut ResourceResult) {
    let public_policy = result.findings.iter().any(|f| f.is_public);
    if public_policy {
        result
            .findings
            .retain(|f| f.finding_type == FindingType::ExternalAccessViaService);
    }
}

/// The actions an S3 ACL permission grants on a bucket.
fn acl_actions(permission: &str) -> Vec<&'static str> {
    match permission {
        "READ" => vec![
            "s3:ListBucket",
            "s3:ListBucketMultipartUploads",
            "s3:ListBucketVersions",
        ],
        "WRITE" => vec!["s3:DeleteObject", "s3:PutObject"],
        "READ_ACP" => vec!["s3:GetBucketAcl"],
        "WRITE_ACP" => vec!["s3:PutBucketAcl"],
        _ => vec![
            "s3:DeleteObject",
            "s3:GetBucketAcl",
            "s3:ListBucket",
            "s3:ListBucketMultipartUploads",
            "s3:ListBucketVersions",
            "s3:PutBucketAcl",
            "s3:PutObject",
        ],
    }
}

/// Findings of a bucket ACL (`GetBucketAcl` shape: `{"Owner": {"ID"},
/// "Grants": [{"Grantee": {"Type", "URI" | "ID"}, "Permission"}]}`).
pub fn acl_findings(
    acl: &Value,
    bpa: BlockPublicAccess,
    resource: &str,
    zone: &Zone,
) -> Result<Vec<Finding>, String> {
    let owner_id = acl
        .get("Owner")
        .and_then(|o| o.get("ID"))
        .and_then(Value::as_str);
    let grants = acl
        .get("Grants")
        .and_then(Value::as_array)
        .ok_or("acl: expected an object with a `Grants` array")?;
    let mut by_principal: BTreeMap<FindingPrincipal, Vec<&'static str>> = BTreeMap::new();
    for (index, grant) in grants.iter().enumerate() {
        let grantee = grant
            .get("Grantee")
            .ok_or_else(|| format!("acl.Grants[{index}]: missing `Grantee`"))?;
        let permission = grant
            .get("Permission")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("acl.Grants[{index}]: missing `Permission`"))?;
        let uri = grantee.get("URI").and_then(Value::as_str);
        let id = grantee.get("ID").and_then(Value::as_str);
        let principal = match (uri, id) {
            (Some(ALL_USERS | AUTHENTICATED_USERS), _) if bpa.ignore_public_acls => continue,
            (Some(ALL_USERS | AUTHENTICATED_USERS), _) => FindingPrincipal::Aws("*".into()),
            (Some(_), _) => continue, // LogDelivery: AWS's own log writer.
            (None, Some(id)) if Some(id) == owner_id => continue,
            (None, Some(id)) => FindingPrincipal::CanonicalUser(id.to_string()),
            (None, None) => {
                return Err(format!("acl.Grants[{index}].Grantee: needs `URI` or `ID`"))
            }
        };
        by_principal
            .entry(principal)
            .or_default()
            .extend(acl_actions(permission));
    }
    Ok(by_principal
        .into_iter()
        .map(|(principal, actions)| {
            grant_finding(
                resource,
                ResourceType::S3Bucket,
                zone,
                principal,
                actions,
                "BUCKET_ACL",
            )
        })
        .collect())
}

/// Findings of KMS grants (`ListGrants` shape: a list, or `{"Grants": [...]}`,
/// of `{"GranteePrincipal", "Operations"}`).
pub fn kms_grant_findings(
    grants: &Value,
    resource: &str,
    zone: &Zone,
) -> Result<Vec<Finding>, String> {
    let list = grants
        .get("Grants")
        .unwrap_or(grants)
        .as_array()
        .ok_or("grants: expected a list of grants")?;
    let mut findings = Vec::new();
    for (index, grant) in list.iter().enumerate() {
        let grantee = grant
            .get("GranteePrincipal")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("grants[{index}]: missing `GranteePrincipal`"))?;
        let operations: Vec<String> = grant
            .get("Operations")
            .and_then(Value::as_array)
            .map(|ops| {
                ops.iter()
                    .filter_map(Value::as_str)
                    .map(|op| format!("kms:{op}"))
                    .collect()
            })
            .unwrap_or_default();
        let Some(principal) = external_principal(grantee, zone) else {
            continue;
        };
        let mut finding = grant_finding(
            resource,
            ResourceType::KmsKey,
            zone,
            principal,
            vec![],
            "GRANT",
        );
        finding.action = operations;
        finding.action.sort();
        findings.push(finding);
    }
    Ok(findings)
}

/// Findings of snapshot sharing: a list of account ids and `all`, or the
/// AWS shapes `{"CreateVolumePermissions": [{"Group": "all"} | {"UserId"}]}`
/// (EC2) and `{"AttributeValues": [...]}` / `{"restore": [...]}` (RDS).
pub fn snapshot_findings(
    sharing: &Value,
    resource_type: ResourceType,
    resource: &str,
    zone: &Zone,
) -> Result<Vec<Finding>, String> {
    let entries: Vec<String> = sharing_entries(sharing)?;
    let action = match resource_type {
        ResourceType::Ec2Snapshot => "ec2:CreateVolume",
        ResourceType::RdsDbClusterSnapshot => "rds:RestoreDBClusterFromSnapshot",
        _ => "rds:RestoreDBInstanceFromDBSnapshot",
    };
    let mut findings = Vec::new();
    for entry in entries {
        let principal = if entry.eq_ignore_ascii_case("all") {
            FindingPrincipal::Aws("*".into())
        } else if is_account_id(&entry) && !zone.contains_account(&entry) {
            FindingPrincipal::Aws(entry)
        } else if is_account_id(&entry) {
            continue;
        } else {
            return Err(format!(
                "sharing: `{entry}` is neither an account id nor `all`"
            ));
        };
        findings.push(grant_finding(
            resource,
            resource_type,
            zone,
            principal,
            vec![action],
            "SHARING",
        ));
    }
    Ok(findings)
}

fn sharing_entries(sharing: &Value) -> Result<Vec<String>, String> {
    let strings = |items: &Vec<Value>| -> Vec<String> {
        items
            .iter()
            .filter_map(|item| match item {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o
                    .get("UserId")
                    .or_else(|| o.get("Group"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                _ => None,
            })
            .collect()
    };
    match sharing {
        Value::Array(items) => Ok(strings(items)),
        Value::Object(map) => {
            // EC2's DescribeSnapshotAttribute (`CreateVolumePermissions`, also
            // seen singular and in lower camel case) and RDS's attribute shape.
            let known = [
                "createvolumepermissions",
                "createvolumepermission",
                "attributevalues",
                "restore",
            ];
            for (key, value) in map {
                if let (true, Value::Array(items)) =
                    (known.contains(&key.to_ascii_lowercase().as_str()), value)
                {
                    return Ok(strings(items));
                }
            }
            Err("sharing: expected a list of account ids or `all`".into())
        }
        _ => Err("sharing: expected a list of account ids or `all`".into()),
    }
}

/// The finding principal of a grantee outside the zone, if it is outside.
fn external_principal(grantee: &str, zone: &Zone) -> Option<FindingPrincipal> {
    if grantee.ends_with(".amazonaws.com") {
        return None;
    }
    let entry = AwsPrincipal::new(grantee);
    match (entry.entry(), entry.whole_account(), entry.account()) {
        (AwsEntry::Everyone, _, _) => Some(FindingPrincipal::Aws("*".into())),
        (_, _, Some(account)) if zone.contains_account(account) => None,
        (_, Some(account), _) => Some(FindingPrincipal::Aws(account.to_string())),
        _ => Some(FindingPrincipal::Aws(grantee.to_string())),
    }
}

fn grant_finding(
    resource: &str,
    resource_type: ResourceType,
    zone: &Zone,
    principal: FindingPrincipal,
    actions: Vec<&'static str>,
    source_type: &str,
) -> Finding {
    let mut action: Vec<String> = actions.into_iter().map(str::to_string).collect();
    action.sort();
    action.dedup();
    let is_public = principal.is_everyone();
    let id = stable_id(&[
        resource,
        source_type,
        principal.type_name(),
        principal.value(),
    ]);
    let remediation = match source_type {
        "BUCKET_ACL" => "Remove the grant from the bucket ACL, or enable Block Public Access (IgnorePublicAcls) and use bucket policies instead.",
        "GRANT" => "Retire or revoke the KMS grant if the grantee should not use the key.",
        _ => "Remove the account (or `all`) from the snapshot's sharing attributes.",
    };
    Finding {
        id,
        finding_type: FindingType::ExternalAccess,
        resource: resource.to_string(),
        resource_type: resource_type.name().to_string(),
        resource_owner_account: zone.account.clone(),
        principal,
        action,
        condition: BTreeMap::new(),
        is_public,
        status: FindingStatus::Active,
        archived_by: None,
        sources: vec![Source {
            source_type: source_type.to_string(),
            statements: Vec::new(),
        }],
        witness: None,
        remediation: remediation.to_string(),
        undocumented_reading: Vec::new(),
        cut_by: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn all_users_acl_is_public_unless_ignored() {
        let acl = json!({"Owner": {"ID": "owner"}, "Grants": [
            {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"},
            {"Grantee": {"Type": "CanonicalUser", "ID": "owner"}, "Permission": "FULL_CONTROL"},
            {"Grantee": {"Type": "CanonicalUser", "ID": "partner"}, "Permission": "WRITE"}]});
        let zone = Zone::account("111122223333");
        let findings =
            acl_findings(&acl, BlockPublicAccess::default(), "arn:aws:s3:::b", &zone).unwrap();
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().any(|f| f.is_public));
        let ignored = BlockPublicAccess {
            ignore_public_acls: true,
            ..Default::default()
        };
        let findings = acl_findings(&acl, ignored, "arn:aws:s3:::b", &zone).unwrap();
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].principal,
            FindingPrincipal::CanonicalUser("partner".into())
        );
    }

    #[test]
    fn snapshots_shared_with_all_are_public_and_zone_accounts_are_not_findings() {
        let zone = Zone::account("111122223333");
        let sharing = json!({"CreateVolumePermissions": [{"Group": "all"}, {"UserId": "111122223333"}, {"UserId": "444455556666"}]});
        let findings = snapshot_findings(
            &sharing,
            ResourceType::Ec2Snapshot,
            "arn:aws:ec2:us-east-1::snapshot/snap-1",
            &zone,
        )
        .unwrap();
        assert_eq!(findings.len(), 2);
        assert!(findings[0].is_public);
        assert_eq!(
            findings[1].principal,
            FindingPrincipal::Aws("444455556666".into())
        );
    }

    #[test]
    fn kms_grants_to_other_accounts_are_findings() {
        let zone = Zone::account("111122223333");
        let grants = json!([{"GranteePrincipal": "arn:aws:iam::444455556666:role/app", "Operations": ["Decrypt"]},
                            {"GranteePrincipal": "arn:aws:iam::111122223333:role/own", "Operations": ["Encrypt"]}]);
        let findings =
            kms_grant_findings(&grants, "arn:aws:kms:us-east-1:111122223333:key/k", &zone).unwrap();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].action, vec!["kms:Decrypt"]);
    }
}
