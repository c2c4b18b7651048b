use std::path::Path;

use serde_json::{json, Value};

use super::*;

/// A three-level tree: root -> Workloads -> Prod -> account 333..., with
/// the management account at the root.
fn export() -> Value {
    json!({
        "Organization": {"Id": "o-a1b2c3d4e5", "Arn": "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5",
                         "MasterAccountId": "111111111111", "FeatureSet": "ALL"},
        "Roots": [{"Id": "r-ab12", "Name": "Root", "PolicyTypes": [
            {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"},
            {"Type": "RESOURCE_CONTROL_POLICY", "Status": "PENDING_ENABLE"}]}],
        "OrganizationalUnits": [
            {"Id": "ou-ab12-work0001", "Name": "Workloads", "ParentId": "r-ab12"},
            {"Id": "ou-ab12-prod0001", "Name": "Prod", "ParentId": "ou-ab12-work0001"}],
        "Accounts": [
            {"Id": "111111111111", "Name": "management", "ParentId": "r-ab12", "Status": "ACTIVE"},
            {"Id": "333333333333", "Name": "prod-app", "ParentId": "ou-ab12-prod0001", "Status": "ACTIVE"}],
        "Policies": [
            {"Id": "p-FullAWSAccess", "Name": "FullAWSAccess", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": true,
             "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
             "Targets": ["r-ab12", "ou-ab12-work0001", "ou-ab12-prod0001", "111111111111", "333333333333"]},
            {"Id": "p-denyleave", "Name": "DenyLeave", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": false,
             "Content": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]},
             "Targets": [{"TargetId": "ou-ab12-work0001", "Type": "ORGANIZATIONAL_UNIT"}]},
            {"Id": "p-tags", "Name": "Tags", "Type": "TAG_POLICY", "Content": "{}", "Targets": ["r-ab12"]}
        ]
    })
}

fn org() -> Organization {
    Organization::from_export(Path::new("org.json"), &export()).unwrap()
}

#[test]
fn levels_run_from_the_root_through_each_ou_to_the_account() {
    let org = org();
    let levels = org.levels("333333333333").unwrap();
    let summary: Vec<(&str, LevelKind)> =
        levels.iter().map(|l| (l.name.as_str(), l.kind)).collect();
    assert_eq!(
        summary,
        [
            ("Root", LevelKind::Root),
            ("Workloads", LevelKind::OrganizationalUnit),
            ("Prod", LevelKind::OrganizationalUnit),
            ("prod-app", LevelKind::Account),
        ]
    );
    assert_eq!(org.levels("999999999999"), None);
    assert_eq!(
        org.org_path("333333333333").as_deref(),
        Some("o-a1b2c3d4e5/r-ab12/ou-ab12-work0001/ou-ab12-prod0001/")
    );
    assert_eq!(
        org.org_path("111111111111").as_deref(),
        Some("o-a1b2c3d4e5/r-ab12/")
    );
}

#[test]
fn membership_excludes_the_management_account() {
    let org = org();
    assert!(org.is_member("333333333333"));
    assert!(!org.is_member("111111111111"));
    assert!(org.contains_account("111111111111"));
    assert!(!org.contains_account("999999999999"));
}

#[test]
fn policies_are_attached_to_their_targets_and_other_types_are_ignored() {
    let org = org();
    assert_eq!(org.policies.len(), 2, "the tag policy does not authorize");
    let at_work: Vec<&str> = org
        .policies_at("ou-ab12-work0001", OrgPolicyType::ServiceControl)
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(at_work, ["FullAWSAccess", "DenyLeave"]);
    assert!(org
        .policies_at("r-ab12", OrgPolicyType::ResourceControl)
        .is_empty());
    let deny = &org.policies[1];
    assert!(!deny.aws_managed);
    assert!(
        deny.document.policy().is_some(),
        "content given as an object"
    );
    assert!(
        org.policies[0].document.policy().is_some(),
        "content given as a JSON string"
    );
}

#[test]
fn a_policy_type_is_enabled_as_the_root_says() {
    let org = org();
    assert!(org.policy_type_enabled(OrgPolicyType::ServiceControl));
    assert!(
        !org.policy_type_enabled(OrgPolicyType::ResourceControl),
        "PENDING_ENABLE is not enabled"
    );
    let mut export = export();
    export["Roots"][0]
        .as_object_mut()
        .unwrap()
        .remove("PolicyTypes");
    let org = Organization::from_export(Path::new("org.json"), &export).unwrap();
    assert!(
        org.policy_type_enabled(OrgPolicyType::ServiceControl),
        "inferred from the policies present"
    );
    assert!(!org.policy_type_enabled(OrgPolicyType::ResourceControl));
}

#[test]
fn an_unknown_target_and_a_bad_policy_are_problems_but_the_export_is_read() {
    let mut export = export();
    export["Policies"][1]["Targets"] = json!(["ou-ab12-nowhere0", "333333333333"]);
    export["Policies"][0]["Content"] = json!("{\"Statement\": []}");
    let (org, problems) = Organization::read_export(Path::new("org.json"), &export).unwrap();
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "org.json: /Policies/0/Content: Statement: a policy needs at least one statement",
            "org.json: /Policies/1/Targets/0: target `ou-ab12-nowhere0` of policy `p-denyleave` is not in the organization; ignored",
        ]
    );
    assert_eq!(org.policies[1].targets, ["333333333333"]);
    assert!(org.policies[0].document.parsed.is_err());
}

#[test]
fn a_tree_that_does_not_hold_together_is_unusable() {
    let mut dangling = export();
    dangling["Accounts"][1]["ParentId"] = json!("ou-ab12-missing0");
    let errors = Organization::read_export(Path::new("org.json"), &dangling).unwrap_err();
    assert!(
        errors[0]
            .message
            .contains("account `333333333333` has parent `ou-ab12-missing0`"),
        "{errors:?}"
    );

    let mut cycle = export();
    cycle["OrganizationalUnits"][0]["ParentId"] = json!("ou-ab12-prod0001");
    let errors = Organization::read_export(Path::new("org.json"), &cycle).unwrap_err();
    assert!(
        errors.iter().any(|e| e.message.contains("cycle")),
        "{errors:?}"
    );

    let mut no_management = export();
    no_management["Organization"]
        .as_object_mut()
        .unwrap()
        .remove("MasterAccountId");
    let errors = Organization::read_export(Path::new("org.json"), &no_management).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "org.json: /Organization: entry has no `MasterAccountId` string"
    );

    let mut two_roots = export();
    two_roots["Roots"] = json!([{"Id": "r-ab12"}, {"Id": "r-cd34"}]);
    assert!(Organization::read_export(Path::new("org.json"), &two_roots).is_err());
}
