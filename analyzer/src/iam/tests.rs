use std::path::Path;

use serde_json::{json, Value};

use super::*;

const ACCOUNT: &str = "111122223333";

fn details() -> Value {
    // Shaped like `aws iam get-account-authorization-details` output; the
    // role's trust policy and one managed policy version are URL-encoded
    // strings, as the IAM API (and some AWS CLI versions) return them.
    json!({
        "UserDetailList": [{
            "Path": "/ops/", "UserName": "alice", "UserId": "AIDAALICE",
            "Arn": "arn:aws:iam::111122223333:user/ops/alice",
            "CreateDate": "2024-01-01T00:00:00Z",
            "UserPolicyList": [{"PolicyName": "own", "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}}],
            "GroupList": ["dev", "gone"],
            "AttachedManagedPolicies": [{"PolicyName": "Boundary",
                "PolicyArn": "arn:aws:iam::111122223333:policy/Boundary"}],
            "PermissionsBoundary": {"PermissionsBoundaryType": "Policy",
                "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/Boundary"},
            "Tags": [{"Key": "team", "Value": "blue"}]
        }],
        "GroupDetailList": [{
            "Path": "/", "GroupName": "dev", "GroupId": "AGPADEV",
            "Arn": "arn:aws:iam::111122223333:group/dev",
            "GroupPolicyList": [{"PolicyName": "dev-inline",
                "PolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"}}"}],
            "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess",
                "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]
        }],
        "RoleDetailList": [{
            "Path": "/aws-service-role/elasticloadbalancing.amazonaws.com/",
            "RoleName": "AWSServiceRoleForElasticLoadBalancing", "RoleId": "AROASLR",
            "Arn": "arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
            "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22elasticloadbalancing.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
            "InstanceProfileList": [],
            "RolePolicyList": [],
            "AttachedManagedPolicies": [],
            "RoleLastUsed": {"LastUsedDate": "2024-05-01T10:00:00Z", "Region": "us-east-1"}
        }, {
            "Path": "/", "RoleName": "deploy", "RoleId": "AROADEPLOY",
            "Arn": "arn:aws:iam::111122223333:role/deploy",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]},
            "InstanceProfileList": [{"Arn": "arn:aws:iam::111122223333:instance-profile/deploy"}],
            "RolePolicyList": [{"PolicyName": "broken", "PolicyDocument": {"Statement": []}}],
            "AttachedManagedPolicies": [],
            "RoleLastUsed": {}
        }],
        "Policies": [{
            "PolicyName": "Boundary", "PolicyId": "ANPABOUNDARY",
            "Arn": "arn:aws:iam::111122223333:policy/Boundary", "Path": "/",
            "DefaultVersionId": "v2", "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 1,
            "IsAttachable": true,
            "PolicyVersionList": [
                {"Document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}},
                 "VersionId": "v1", "IsDefaultVersion": false},
                {"Document": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22*%22%7D%7D",
                 "VersionId": "v2", "IsDefaultVersion": true}
            ]
        }]
    })
}

fn model() -> (IamModel, Vec<InputError>) {
    let mut model = IamModel::new();
    let errors = model.add_authorization_details(Path::new("details.json"), &details());
    (model, errors)
}

#[test]
fn users_groups_roles_and_policies_are_read() {
    let (model, _) = model();
    let alice = model.user(ACCOUNT, "alice").unwrap();
    assert_eq!(alice.path, "/ops/");
    assert_eq!(alice.id.as_deref(), Some("AIDAALICE"));
    assert_eq!(alice.groups, ["dev", "gone"]);
    assert_eq!(
        alice.tags,
        [Tag {
            key: "team".into(),
            value: "blue".into()
        }]
    );
    assert_eq!(
        alice.permissions_boundary.as_deref(),
        Some("arn:aws:iam::111122223333:policy/Boundary")
    );
    let dev = model.group(ACCOUNT, "dev").unwrap();
    assert!(
        dev.inline_policies[0].document.policy().is_some(),
        "a JSON string document"
    );
    let slr = model
        .role(ACCOUNT, "AWSServiceRoleForElasticLoadBalancing")
        .unwrap();
    assert!(slr.is_service_linked());
    let trust = slr
        .trust_policy
        .as_ref()
        .and_then(PolicyDocument::policy)
        .unwrap();
    assert_eq!(trust.statements.len(), 1, "a URL-encoded trust policy");
    assert_eq!(
        slr.last_used,
        Some(RoleLastUsed {
            date: Some("2024-05-01T10:00:00Z".into()),
            region: Some("us-east-1".into())
        })
    );
    let deploy = model.role(ACCOUNT, "deploy").unwrap();
    assert!(!deploy.is_service_linked());
    assert_eq!(
        deploy.instance_profiles,
        ["arn:aws:iam::111122223333:instance-profile/deploy"]
    );
}

#[test]
fn the_default_version_of_a_managed_policy_is_in_effect() {
    let (model, _) = model();
    let boundary = model
        .managed_policy("arn:aws:iam::111122223333:policy/Boundary")
        .unwrap();
    assert_eq!(boundary.versions.len(), 2);
    assert_eq!(
        boundary.default_version().map(|v| v.version_id.as_str()),
        Some("v2")
    );
    let document = boundary
        .default_document()
        .and_then(PolicyDocument::policy)
        .unwrap();
    assert_eq!(
        document.statements[0].action.patterns,
        ["s3:*"],
        "the URL-encoded v2, not v1"
    );
    assert!(!boundary.is_aws_managed());
}

#[test]
fn identity_policies_of_a_user_include_its_groups_and_name_what_is_missing() {
    let (model, _) = model();
    let alice = model
        .find_principal("arn:aws:iam::111122223333:user/alice")
        .unwrap();
    let policies = model.identity_policies(alice);
    let summary: Vec<_> = policies
        .iter()
        .map(|p| (p.kind, p.name, p.via_group, p.document.is_ok()))
        .collect();
    assert_eq!(
        summary,
        [
            (IdentityPolicyKind::Inline, "own", None, true),
            (IdentityPolicyKind::Managed, "Boundary", None, true),
            (IdentityPolicyKind::Inline, "dev-inline", Some("dev"), true),
            (
                IdentityPolicyKind::Managed,
                "ReadOnlyAccess",
                Some("dev"),
                false
            ),
            (IdentityPolicyKind::Group, "gone", Some("gone"), false),
        ]
    );
    assert_eq!(
        policies[4].document,
        Err(PolicyGap::GroupNotInInputs("gone".into()))
    );
    let boundary = model.permissions_boundary(alice).unwrap();
    assert!(boundary.document.is_ok());
}

#[test]
fn principals_are_found_by_user_role_and_session_arns_whatever_the_path() {
    let (model, _) = model();
    let find = |arn: &str| model.find_principal(arn).map(|e| e.name().to_string());
    assert_eq!(
        find("arn:aws:iam::111122223333:user/ops/alice").as_deref(),
        Some("alice")
    );
    assert_eq!(
        find("arn:aws:iam::111122223333:role/deploy").as_deref(),
        Some("deploy")
    );
    assert_eq!(
        find("arn:aws:sts::111122223333:assumed-role/deploy/ci-run-7").as_deref(),
        Some("deploy")
    );
    assert_eq!(find("arn:aws:iam::111122223333:root"), None);
    assert_eq!(find("arn:aws:iam::999999999999:role/deploy"), None);
}

#[test]
fn a_policy_that_breaks_the_grammar_is_an_error_and_stays_unparsed() {
    let (model, errors) = model();
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["details.json: /RoleDetailList/1/RolePolicyList/0/PolicyDocument: Statement: a policy needs at least one statement"]
    );
    let deploy = model.role(ACCOUNT, "deploy").unwrap();
    assert!(deploy.inline_policies[0].document.parsed.is_err());
}

#[test]
fn malformed_entries_are_errors_and_the_rest_is_read() {
    let mut model = IamModel::new();
    let errors = model.add_authorization_details(
        Path::new("bad.json"),
        &json!({
            "UserDetailList": [
                {"UserName": "noarn"},
                {"UserName": "x", "Arn": "arn:aws:iam::111122223333:user/x", "GroupList": "dev"},
                {"UserName": "y", "Arn": "arn:aws:iam::111122223333:user/y",
                 "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": "%7Bnot json"}]}
            ],
            "RoleDetailList": {"not": "an array"}
        }),
    );
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages[0].starts_with("bad.json: /UserDetailList/0: entry has no `Arn`"));
    assert!(messages[1]
        .starts_with("bad.json: /UserDetailList/1/GroupList: `GroupList` must be an array"));
    assert!(
        messages[2].starts_with("bad.json: /UserDetailList/2/UserPolicyList/0/PolicyDocument: ")
    );
    assert!(messages[3].starts_with("bad.json: /RoleDetailList: `RoleDetailList` must be an array"));
    assert!(model.user(ACCOUNT, "x").is_some());
    assert!(model.user(ACCOUNT, "y").unwrap().inline_policies[0]
        .document
        .parsed
        .is_err());
}

#[test]
fn reading_the_same_details_twice_is_not_a_conflict_but_a_different_entity_is() {
    let (mut model, _) = model();
    let again = model.add_authorization_details(Path::new("copy.json"), &details());
    assert_eq!(again.len(), 1, "only the broken policy again: {again:?}");
    let mut changed = details();
    changed["UserDetailList"][0]["GroupList"] = json!([]);
    changed["Policies"][0]["PolicyVersionList"][1]["Document"] = json!({"Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}});
    let conflicts = model.add_authorization_details(Path::new("changed.json"), &changed);
    let messages: Vec<String> = conflicts.iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("user `alice` is already in the inputs")),
        "{messages:?}"
    );
    assert!(messages.iter().any(
        |m| m.contains("managed policy `arn:aws:iam::111122223333:policy/Boundary` is already")
    ));
    assert_eq!(
        model.user(ACCOUNT, "alice").unwrap().groups.len(),
        2,
        "the first is kept"
    );
}

#[test]
fn several_accounts_are_kept_apart() {
    let (mut model, _) = model();
    let other = json!({"UserDetailList": [{"UserName": "alice", "Arn": "arn:aws:iam::444455556666:user/alice"}]});
    assert!(model
        .add_authorization_details(Path::new("b.json"), &other)
        .is_empty());
    let accounts: Vec<&str> = model.accounts().map(|a| a.account.as_str()).collect();
    assert_eq!(accounts, ["111122223333", "444455556666"]);
    assert_eq!(model.users().count(), 2);
    assert!(model
        .user("444455556666", "alice")
        .unwrap()
        .groups
        .is_empty());
}
