use super::*;
use crate::activity::allowed::IdentityPolicyActions;
use crate::inputs::credential_report::parse_credential_report;

const ACCOUNT: &str = "111122223333";

fn identities() -> Identities {
    let document = json!({
        "Policies": [{"PolicyName": "AppAccess", "Arn": "arn:aws:iam::111122223333:policy/AppAccess",
            "PolicyVersionList": [{"IsDefaultVersion": true, "Document": {"Version": "2012-10-17", "Statement": [
                {"Sid": "Data", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::data/*"},
                {"Sid": "Queues", "Effect": "Allow", "Action": "sqs:*", "Resource": "*"},
                {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}}]}],
        "RoleDetailList": [
            {"RoleName": "App", "Path": "/", "Arn": "arn:aws:iam::111122223333:role/App", "CreateDate": "2025-01-01T00:00:00Z",
             "RolePolicyList": [{"PolicyName": "Logs", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}}],
             "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::111122223333:policy/AppAccess"}]},
            {"RoleName": "Old", "Path": "/", "Arn": "arn:aws:iam::111122223333:role/Old", "CreateDate": "2024-01-01T00:00:00Z",
             "RoleLastUsed": {"LastUsedDate": "2025-06-01T00:00:00Z"}, "RolePolicyList": [], "AttachedManagedPolicies": []},
            {"RoleName": "New", "Path": "/", "Arn": "arn:aws:iam::111122223333:role/New", "CreateDate": "2026-02-20T00:00:00Z", "RolePolicyList": [], "AttachedManagedPolicies": []},
            {"RoleName": "AWSServiceRoleForSupport", "Path": "/aws-service-role/support.amazonaws.com/",
             "Arn": "arn:aws:iam::111122223333:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport",
             "CreateDate": "2020-01-01T00:00:00Z", "RolePolicyList": [], "AttachedManagedPolicies": []}],
        "UserDetailList": [
            {"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice", "CreateDate": "2024-01-01T00:00:00Z",
             "UserPolicyList": [], "AttachedManagedPolicies": [], "GroupList": []}]
    });
    let mut identities = Identities::default();
    identities.read_value("authz.json", &document);
    assert!(identities.errors.is_empty(), "{:?}", identities.errors);
    identities
}

fn event(name: &str, source: &str, params: Value, time: &str, error: Option<&str>) -> String {
    let mut event = json!({"eventTime": time, "eventSource": source, "eventName": name, "awsRegion": "us-east-1",
        "recipientAccountId": ACCOUNT, "requestParameters": params,
        "userIdentity": {"type": "AssumedRole", "accountId": ACCOUNT, "arn": "arn:aws:sts::111122223333:assumed-role/App/s",
            "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111122223333:role/App"}}}});
    if let Some(code) = error {
        event["errorCode"] = Value::from(code);
    }
    event.to_string()
}

fn usage(events: &[String]) -> Usage {
    let mut mapper = Mapper::new().unwrap();
    let mut usage = Usage::default();
    for text in events {
        let event: TrailEvent = serde_json::from_str(text).unwrap();
        usage.add(&mut mapper, &event);
    }
    usage
}

fn options() -> UnusedOptions {
    UnusedOptions {
        days: 90,
        as_of: "2026-03-01T00:00:00Z".parse().unwrap(),
    }
}

fn app_events() -> Vec<String> {
    vec![
        event(
            "GetObject",
            "s3.amazonaws.com",
            json!({"bucketName": "data", "key": "a"}),
            "2026-02-10T00:00:00Z",
            None,
        ),
        event(
            "SendMessage",
            "sqs.amazonaws.com",
            json!({"queueUrl": "https://sqs.us-east-1.amazonaws.com/111122223333/q"}),
            "2026-02-11T00:00:00Z",
            None,
        ),
        event(
            "PutObject",
            "s3.amazonaws.com",
            json!({"bucketName": "data", "key": "b"}),
            "2026-02-12T00:00:00Z",
            Some("AccessDenied"),
        ),
        event(
            "DeleteObject",
            "s3.amazonaws.com",
            json!({"bucketName": "data", "key": "c"}),
            "2025-01-12T00:00:00Z",
            None,
        ),
    ]
}

#[test]
fn unused_roles_and_permissions_are_found_and_recommendations_proved() {
    let identities = identities();
    let usage = usage(&app_events());
    let (mut findings, _) = findings(
        &identities,
        &usage,
        None,
        &IdentityPolicyActions::default(),
        &options(),
    );
    let kinds: Vec<(UnusedType, &str)> = findings
        .iter()
        .map(|f| (f.finding_type, f.resource.as_str()))
        .collect();
    // Old is unused (last used 2025-06); New is too young; the service-linked role is skipped.
    assert_eq!(
        kinds,
        [
            (UnusedType::Permission, "arn:aws:iam::111122223333:role/App"),
            (UnusedType::Role, "arn:aws:iam::111122223333:role/Old"),
        ]
    );
    let permission = &findings[0];
    let details = serde_json::to_value(&permission.finding_details).unwrap();
    let services: Vec<&str> = details
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            d["unusedPermissionDetails"]["serviceNamespace"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(services, ["logs", "s3", "sqs"]);
    let s3 = &details[1]["unusedPermissionDetails"];
    let s3_actions: Vec<&str> = s3["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    // PutObject was refused and DeleteObject used before the window: both unused.
    assert_eq!(s3_actions, ["s3:DeleteObject", "s3:PutObject"]);
    assert_eq!(s3["actions"][0]["lastAccessed"], "2025-01-12T00:00:00Z");
    // The inline logs policy is deleted, the managed one rewritten.
    let steps: Vec<(&str, &str)> = permission
        .recommended_steps
        .iter()
        .map(|s| (s.recommended_action, s.existing_policy_id.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("DELETE_INLINE_POLICY", "Logs"),
            (
                "CREATE_POLICY",
                "arn:aws:iam::111122223333:policy/AppAccess"
            )
        ]
    );
    let rewritten = permission.recommended_steps[1]
        .recommended_policy
        .as_ref()
        .unwrap();
    assert_eq!(rewritten["Statement"][0]["Action"], "s3:GetObject");
    assert_eq!(rewritten["Statement"][0]["Resource"], "arn:aws:s3:::data/*");
    assert_eq!(rewritten["Statement"][1]["Action"], "sqs:SendMessage");
    assert_eq!(rewritten["Statement"][2]["Effect"], "Deny");
    // The proof over the events of the window.
    let mut checker = RecommendationChecker::new(&identities, &findings, &options());
    let mut mapper = Mapper::new().unwrap();
    for text in app_events() {
        let event: TrailEvent = serde_json::from_str(&text).unwrap();
        checker.check(&mut mapper, &event);
    }
    checker.attach(&identities, &mut findings);
    let proof = findings[0].proof.as_ref().unwrap();
    assert_eq!(
        (proof.requests, proof.allowed_before, proof.allowed_after),
        (2, 2, 2)
    );
    assert!(proof.holds());
}

#[test]
fn a_recommendation_that_drops_a_used_action_fails_its_proof() {
    let identities = identities();
    let (mut findings, _) = findings(
        &identities,
        &usage(&app_events()),
        None,
        &IdentityPolicyActions::default(),
        &options(),
    );
    // Break the recommendation: drop the SQS statement.
    let policy = findings[0].recommended_steps[1]
        .recommended_policy
        .as_mut()
        .unwrap();
    policy["Statement"].as_array_mut().unwrap().remove(1);
    let mut checker = RecommendationChecker::new(&identities, &findings, &options());
    let mut mapper = Mapper::new().unwrap();
    for text in app_events() {
        checker.check(&mut mapper, &serde_json::from_str(&text).unwrap());
    }
    checker.attach(&identities, &mut findings);
    let proof = findings[0].proof.as_ref().unwrap();
    assert!(!proof.holds());
    assert_eq!(
        proof.counterexamples,
        ["sqs:SendMessage arn:aws:sqs:us-east-1:111122223333:q: ImplicitDeny"]
    );
}

#[test]
fn credential_report_gives_key_and_password_findings() {
    let report = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date\n\
        alice,arn:aws:iam::111122223333:user/alice,2024-01-01T00:00:00+00:00,true,2025-10-01T00:00:00+00:00,2024-01-01T00:00:00+00:00,true,2024-01-01T00:00:00+00:00,2026-02-20T00:00:00+00:00,true,2024-06-01T00:00:00+00:00,N/A\n";
    let (rows, errors) = parse_credential_report("report.csv", report);
    assert!(errors.is_empty());
    let (findings, notes) = findings(
        &identities(),
        &Usage::default(),
        Some(&rows),
        &IdentityPolicyActions::default(),
        &options(),
    );
    // alice's first key was used in the window, but no event of hers is in
    // the trail: her permissions are not assessed.
    assert_eq!(
        notes,
        ["arn:aws:iam::111122223333:user/alice was active in the window but has no event in the trails: its permissions were not assessed"]
    );
    let alice: Vec<(UnusedType, Value)> = findings
        .iter()
        .filter(|f| f.resource.ends_with("user/alice"))
        .map(|f| (f.finding_type, f.finding_details[0].clone()))
        .collect();
    assert_eq!(alice.len(), 2, "{alice:?}");
    assert_eq!(alice[0].0, UnusedType::AccessKey);
    assert_eq!(
        alice[0].1["unusedIamUserAccessKeyDetails"]["accessKey"],
        "access_key_2"
    );
    assert_eq!(alice[1].0, UnusedType::Password);
    assert_eq!(
        alice[1].1["unusedIamUserPasswordDetails"]["lastAccessed"],
        "2025-10-01T00:00:00Z"
    );
}
