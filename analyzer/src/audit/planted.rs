//! The synthetic organization ([`crate::authorize::synthetic`]) with
//! planted problems of every kind the audit checks, and near-misses that a
//! permissions boundary, an SCP, a trust policy or a condition blocks: the
//! audit must report every planted problem and none of the near-misses.
//! Used by the tests and by `zoneproof-bench audit`.

use serde_json::{json, Value};

use crate::authorize::synthetic::{SyntheticConfig, SyntheticOrg};

/// A synthetic organization with planted problems.
#[derive(Debug, Clone)]
pub struct PlantedOrg {
    /// The organization (authorization details, export, resources).
    pub org: SyntheticOrg,
    /// A credential report of the first account (CSV text).
    pub credential_report: String,
    /// `(check, principal)` the audit must report.
    pub expected: Vec<(&'static str, String)>,
    /// `(check, principal)` the audit must not report.
    pub near_misses: Vec<(&'static str, String)>,
    /// The audit date the credential report's dates are relative to.
    pub as_of: &'static str,
}

/// The account planted problems live in (Security OU: no IAM SCP).
fn main_account(org: &SyntheticOrg) -> String {
    org.accounts.first().cloned().unwrap_or_default()
}

fn doc(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn allow(actions: Value, resources: Value) -> Value {
    json!({"Effect": "Allow", "Action": actions, "Resource": resources})
}

fn details<'a>(org: &'a mut SyntheticOrg, account: &str) -> &'a mut Value {
    let index = org
        .authorization_details
        .iter()
        .position(|(a, _)| a == account)
        .unwrap_or(0);
    &mut org.authorization_details[index].1
}

fn push(org: &mut SyntheticOrg, account: &str, list: &str, entry: Value) {
    if let Some(items) = details(org, account)[list].as_array_mut() {
        items.push(entry);
    }
}

fn user(
    org: &mut SyntheticOrg,
    account: &str,
    name: &str,
    groups: &[&str],
    inline: Option<Value>,
    boundary: Option<&str>,
) -> String {
    let arn = format!("arn:aws:iam::{account}:user/{name}");
    let policies = inline.map_or(
        json!([]),
        |d| json!([{"PolicyName": format!("{name}-policy"), "PolicyDocument": d}]),
    );
    let boundary = boundary.map_or(
        Value::Null,
        |b| json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": b}),
    );
    push(
        org,
        account,
        "UserDetailList",
        json!({"UserName": name, "Path": "/", "UserId": format!("AIDAPLANT{name}"),
        "Arn": arn, "GroupList": groups, "UserPolicyList": policies, "AttachedManagedPolicies": [],
        "PermissionsBoundary": boundary, "Tags": []}),
    );
    arn
}

fn role(
    org: &mut SyntheticOrg,
    account: &str,
    name: &str,
    trust: Value,
    inline: Option<Value>,
    boundary: Option<&str>,
    profiles: bool,
) -> String {
    let arn = format!("arn:aws:iam::{account}:role/{name}");
    let policies = inline.map_or(
        json!([]),
        |d| json!([{"PolicyName": format!("{name}-policy"), "PolicyDocument": d}]),
    );
    let boundary = boundary.map_or(
        Value::Null,
        |b| json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": b}),
    );
    let profiles = if profiles {
        json!([{"Arn": format!("arn:aws:iam::{account}:instance-profile/{name}"), "InstanceProfileName": name}])
    } else {
        json!([])
    };
    push(
        org,
        account,
        "RoleDetailList",
        json!({"RoleName": name, "Path": "/", "RoleId": format!("AROAPLANT{name}"),
        "Arn": arn, "AssumeRolePolicyDocument": doc(trust), "RolePolicyList": policies, "AttachedManagedPolicies": [],
        "PermissionsBoundary": boundary, "InstanceProfileList": profiles, "Tags": [],
        "RoleLastUsed": {"LastUsedDate": "2026-01-20T10:00:00Z", "Region": "us-east-1"}}),
    );
    arn
}

fn managed(org: &mut SyntheticOrg, account: &str, name: &str, document: Value) -> String {
    let arn = format!("arn:aws:iam::{account}:policy/{name}");
    push(
        org,
        account,
        "Policies",
        json!({"PolicyName": name, "Arn": arn, "Path": "/", "DefaultVersionId": "v1",
        "IsAttachable": true, "PolicyVersionList": [{"Document": document, "VersionId": "v1", "IsDefaultVersion": true}]}),
    );
    arn
}

fn trust_account(account: &str) -> Value {
    json!([{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{account}:root")}, "Action": "sts:AssumeRole"}])
}

fn trust_service(service: &str) -> Value {
    json!([{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}])
}

impl PlantedOrg {
    /// The synthetic organization of `config` with the planted problems.
    pub fn generate(config: &SyntheticConfig) -> PlantedOrg {
        let mut org = SyntheticOrg::generate(config);
        let a = main_account(&org);
        let prod = org.accounts.get(2).cloned().unwrap_or_else(|| a.clone());
        let sandbox = org.accounts.get(5).cloned().unwrap_or_else(|| a.clone());
        let mut expected: Vec<(&'static str, String)> = Vec::new();
        let mut near: Vec<(&'static str, String)> = Vec::new();
        let everything = doc(json!([allow(json!("*"), json!("*"))]));

        // Administrators.
        let admin_user = user(
            &mut org,
            &a,
            "admin-user",
            &["admins"],
            Some(everything.clone()),
            None,
        );
        expected.push(("EFFECTIVE_ADMIN", admin_user.clone()));
        expected.push(("USER_INLINE_POLICY", admin_user));
        push(
            &mut org,
            &a,
            "GroupDetailList",
            json!({"GroupName": "admins", "Path": "/", "Arn": format!("arn:aws:iam::{a}:group/admins"),
            "GroupPolicyList": [{"PolicyName": "all", "PolicyDocument": everything}], "AttachedManagedPolicies": []}),
        );
        push(
            &mut org,
            &a,
            "GroupDetailList",
            json!({"GroupName": "nobody", "Path": "/", "Arn": format!("arn:aws:iam::{a}:group/nobody"),
            "GroupPolicyList": [], "AttachedManagedPolicies": []}),
        );
        expected.push(("GROUP_EMPTY", format!("arn:aws:iam::{a}:group/nobody")));
        let lambda_admin = role(
            &mut org,
            &a,
            "lambda-admin",
            trust_service("lambda.amazonaws.com"),
            Some(everything.clone()),
            None,
            false,
        );
        expected.push(("EFFECTIVE_ADMIN", lambda_admin.clone()));
        let ec2_admin = role(
            &mut org,
            &a,
            "ec2-only-admin",
            trust_service("ec2.amazonaws.com"),
            Some(everything.clone()),
            None,
            true,
        );

        // One-step escalations.
        let cpv_policy = format!("arn:aws:iam::{a}:policy/esc-cpv-policy");
        managed(
            &mut org,
            &a,
            "esc-cpv-policy",
            doc(json!([allow(
                json!("iam:CreatePolicyVersion"),
                json!(cpv_policy)
            )])),
        );
        let cpv = user(&mut org, &a, "esc-cpv", &["payments-group-0"], None, None);
        if let Some(users) = details(&mut org, &a)["UserDetailList"].as_array_mut() {
            if let Some(last) = users.last_mut() {
                last["AttachedManagedPolicies"] =
                    json!([{"PolicyName": "esc-cpv-policy", "PolicyArn": cpv_policy}]);
            }
        }
        expected.push(("PRIVILEGE_ESCALATION", cpv.clone()));
        expected.push(("USER_ATTACHED_POLICY", cpv));
        let put_role = format!("arn:aws:iam::{a}:role/esc-putrole");
        role(
            &mut org,
            &a,
            "esc-putrole",
            trust_account(&a),
            Some(doc(json!([allow(
                json!("iam:PutRolePolicy"),
                json!(put_role)
            )]))),
            None,
            false,
        );
        expected.push(("PRIVILEGE_ESCALATION", put_role));
        let group = user(
            &mut org,
            &a,
            "esc-group",
            &["payments-group-0"],
            Some(doc(json!([allow(
                json!("iam:AddUserToGroup"),
                json!(format!("arn:aws:iam::{a}:group/admins"))
            )]))),
            None,
        );
        expected.push(("PRIVILEGE_ESCALATION", group));
        let pass = user(
            &mut org,
            &a,
            "esc-pass",
            &["payments-group-0"],
            Some(doc(json!([
                allow(json!("iam:PassRole"), json!(lambda_admin)),
                allow(
                    json!(["lambda:CreateFunction", "lambda:InvokeFunction"]),
                    json!("*")
                )
            ]))),
            None,
        );
        expected.push(("PRIVILEGE_ESCALATION", pass));

        // Two steps: an access key of a user who can attach policies to itself.
        let key_target_arn = format!("arn:aws:iam::{a}:user/key-target");
        let key_target = user(
            &mut org,
            &a,
            "key-target",
            &["payments-group-0"],
            Some(doc(json!([allow(
                json!("iam:AttachUserPolicy"),
                json!(key_target_arn)
            )]))),
            None,
        );
        expected.push(("PRIVILEGE_ESCALATION", key_target.clone()));
        let two = user(
            &mut org,
            &a,
            "esc-two",
            &["payments-group-0"],
            Some(doc(json!([allow(
                json!("iam:CreateAccessKey"),
                json!(key_target)
            )]))),
            None,
        );
        expected.push(("PRIVILEGE_ESCALATION", two));

        // Three steps: pass a role to EC2, rewrite a trust policy, create an
        // access key of an administrator.
        let locked = format!("arn:aws:iam::{a}:role/locked-role");
        let ec2_hop = role(
            &mut org,
            &a,
            "ec2-hop",
            trust_service("ec2.amazonaws.com"),
            Some(doc(json!([allow(
                json!("iam:UpdateAssumeRolePolicy"),
                json!(locked)
            )]))),
            None,
            true,
        );
        let admin_key = format!("arn:aws:iam::{a}:user/admin-user");
        role(
            &mut org,
            &a,
            "locked-role",
            trust_service("ssm.amazonaws.com"),
            Some(doc(json!([allow(
                json!("iam:CreateAccessKey"),
                json!(admin_key)
            )]))),
            None,
            false,
        );
        let three = role(
            &mut org,
            &a,
            "esc-three",
            trust_account(&a),
            Some(doc(json!([
                allow(json!("iam:PassRole"), json!(ec2_hop.clone())),
                allow(json!("ec2:RunInstances"), json!("*"))
            ]))),
            None,
            false,
        );
        expected.push(("PRIVILEGE_ESCALATION", three));
        expected.push(("PRIVILEGE_ESCALATION", ec2_hop));
        expected.push(("PRIVILEGE_ESCALATION", locked));

        // Changes others' permissions, no path.
        let editor = role(
            &mut org,
            &a,
            "policy-editor",
            trust_account(&a),
            Some(doc(json!([allow(
                json!("iam:PutUserPolicy"),
                json!(format!("arn:aws:iam::{a}:user/user000"))
            )]))),
            None,
            false,
        );
        expected.push(("CAN_MODIFY_PERMISSIONS", editor.clone()));
        near.push(("PRIVILEGE_ESCALATION", editor));

        // Delegation.
        let strict = managed(
            &mut org,
            &a,
            "strict-boundary",
            doc(json!([allow(
                json!(["s3:GetObject", "s3:ListBucket"]),
                json!("*")
            )])),
        );
        let delegate = role(
            &mut org,
            &a,
            "delegate-admin",
            trust_account(&a),
            Some(doc(json!([allow(json!("iam:CreateRole"), json!("*"))]))),
            None,
            false,
        );
        expected.push(("DELEGATION_WITHOUT_BOUNDARY", delegate));
        let bounded_delegate = role(
            &mut org,
            &a,
            "delegate-bounded",
            trust_account(&a),
            Some(doc(json!([
            {"Effect": "Allow", "Action": "iam:CreateRole", "Resource": "*",
             "Condition": {"StringEquals": {"iam:PermissionsBoundary": strict.clone()}}}]))),
            None,
            false,
        );
        near.push(("DELEGATION_WITHOUT_BOUNDARY", bounded_delegate));
        let weak = managed(
            &mut org,
            &a,
            "weak-boundary",
            doc(json!([allow(json!(["iam:*", "s3:*"]), json!("*"))])),
        );
        role(
            &mut org,
            &a,
            "weakly-bounded",
            trust_account(&a),
            Some(doc(json!([allow(json!("s3:GetObject"), json!("*"))]))),
            Some(&weak),
            false,
        );
        expected.push(("BOUNDARY_DOES_NOT_CAP_IAM", weak));
        near.push(("BOUNDARY_DOES_NOT_CAP_IAM", strict.clone()));

        // Near-misses: blocked by a boundary, an SCP, a trust policy, a condition.
        let nm_boundary_arn = format!("arn:aws:iam::{a}:user/nm-boundary");
        let nm_boundary = user(
            &mut org,
            &a,
            "nm-boundary",
            &["payments-group-0"],
            Some(doc(json!([allow(
                json!("iam:PutUserPolicy"),
                json!(nm_boundary_arn)
            )]))),
            Some(&strict),
        );
        near.push(("PRIVILEGE_ESCALATION", nm_boundary.clone()));
        near.push(("CAN_MODIFY_PERMISSIONS", nm_boundary));
        let nm_scp_arn = format!("arn:aws:iam::{prod}:role/nm-scp");
        let nm_scp = role(
            &mut org,
            &prod,
            "nm-scp",
            trust_account(&prod),
            Some(doc(json!([allow(
                json!("iam:PutRolePolicy"),
                json!(nm_scp_arn)
            )]))),
            None,
            false,
        );
        near.push(("PRIVILEGE_ESCALATION", nm_scp.clone()));
        near.push(("CAN_MODIFY_PERMISSIONS", nm_scp));
        let nm_sandbox_arn = format!("arn:aws:iam::{sandbox}:role/nm-sandbox");
        let nm_sandbox = role(
            &mut org,
            &sandbox,
            "nm-sandbox",
            trust_account(&sandbox),
            Some(doc(json!([allow(
                json!("iam:AttachRolePolicy"),
                json!(nm_sandbox_arn)
            )]))),
            None,
            false,
        );
        near.push(("PRIVILEGE_ESCALATION", nm_sandbox));
        let nm_trust = user(
            &mut org,
            &a,
            "nm-trust",
            &["payments-group-0"],
            Some(doc(json!([
                allow(json!("iam:PassRole"), json!(ec2_admin)),
                allow(
                    json!(["lambda:CreateFunction", "lambda:InvokeFunction"]),
                    json!("*")
                )
            ]))),
            None,
        );
        near.push(("PRIVILEGE_ESCALATION", nm_trust));
        let nm_condition_arn = format!("arn:aws:iam::{a}:user/nm-condition");
        let nm_condition = user(
            &mut org,
            &a,
            "nm-condition",
            &["payments-group-0"],
            Some(doc(json!([
            {"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": nm_condition_arn,
             "Condition": {"ArnEquals": {"iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess"}}}]))),
            None,
        );
        near.push(("PRIVILEGE_ESCALATION", nm_condition));

        // A role not used for months.
        let stale = role(
            &mut org,
            &a,
            "stale-role",
            trust_account(&a),
            None,
            None,
            false,
        );
        if let Some(roles) = details(&mut org, &a)["RoleDetailList"].as_array_mut() {
            if let Some(last) = roles.last_mut() {
                last["RoleLastUsed"] =
                    json!({"LastUsedDate": "2025-06-01T00:00:00Z", "Region": "us-east-1"});
            }
        }
        expected.push(("ROLE_UNUSED", stale));

        // A guardrail on Prod: CloudTrail protected there, not elsewhere.
        protect_trails(&mut org);
        expected.push((
            "SCP_ALLOWS_DISABLING_CLOUDTRAIL",
            format!("arn:aws:iam::{a}:root"),
        ));
        near.push((
            "SCP_ALLOWS_DISABLING_CLOUDTRAIL",
            format!("arn:aws:iam::{prod}:root"),
        ));
        near.push((
            "SCP_ALLOWS_LEAVING_ORGANIZATION",
            format!("arn:aws:iam::{a}:root"),
        ));
        expected.push(("SCP_ALLOWS_MEMBER_ROOT", format!("arn:aws:iam::{a}:root")));

        let (report, report_expected, report_near) = credential_report(&a);
        expected.extend(report_expected);
        near.extend(report_near);
        PlantedOrg {
            org,
            credential_report: report,
            expected,
            near_misses: near,
            as_of: "2026-03-01T00:00:00Z",
        }
    }
}

fn protect_trails(org: &mut SyntheticOrg) {
    let policy = json!({"Id": "p-ProtectTrails", "Name": "ProtectTrails", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": false,
        "Content": doc(json!([{"Sid": "NoTrailTampering", "Effect": "Deny",
            "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"],
            "Resource": "*"}])).to_string(),
        "Targets": ["ou-synth-prod0000"]});
    if let Some(policies) = org.organization["Policies"].as_array_mut() {
        policies.push(policy);
    }
}

/// The credential report header AWS writes today (22 columns).
pub const REPORT_HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

/// A credential report of `account` (audit date 2026-03-01) with planted
/// problems, and what must and must not be reported.
#[allow(clippy::type_complexity)]
fn credential_report(
    account: &str,
) -> (
    String,
    Vec<(&'static str, String)>,
    Vec<(&'static str, String)>,
) {
    let user = |name: &str| format!("arn:aws:iam::{account}:user/{name}");
    let root = format!("arn:aws:iam::{account}:root");
    let rows = [
        format!("<root_account>,{root},2020-01-01T00:00:00+00:00,not_supported,2026-02-20T08:00:00+00:00,not_supported,not_supported,false,true,2021-05-01T00:00:00+00:00,2025-01-01T00:00:00+00:00,us-east-1,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"),
        format!("admin-user,{},2024-01-01T00:00:00+00:00,true,2026-02-27T09:00:00+00:00,2025-12-01T00:00:00+00:00,N/A,false,true,2025-06-01T00:00:00+00:00,2026-02-28T00:00:00+00:00,eu-west-1,s3,true,2026-02-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A", user("admin-user")),
        format!("esc-cpv,{},2024-01-01T00:00:00+00:00,true,2025-06-01T00:00:00+00:00,2024-01-01T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", user("esc-cpv")),
        format!("esc-pass,{},2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2026-01-15T00:00:00+00:00,2026-02-28T00:00:00+00:00,us-east-1,lambda,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", user("esc-pass")),
        format!("esc-two,{},2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2026-01-20T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", user("esc-two")),
        format!("key-target,{},2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-01-10T00:00:00+00:00,2025-02-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", user("key-target")),
    ];
    let text = format!("{REPORT_HEADER}\n{}\n", rows.join("\n"));
    let expected = vec![
        ("ROOT_MFA_DISABLED", root.clone()),
        ("ROOT_ACCESS_KEY", root.clone()),
        ("ROOT_RECENTLY_USED", root),
        ("CONSOLE_USER_NO_MFA", user("admin-user")),
        ("TWO_ACTIVE_ACCESS_KEYS", user("admin-user")),
        ("ACCESS_KEY_NOT_ROTATED", user("admin-user")),
        ("PASSWORD_UNUSED", user("esc-cpv")),
        ("ACCESS_KEY_NOT_ROTATED", user("key-target")),
        ("ACCESS_KEY_UNUSED", user("key-target")),
    ];
    let near = vec![
        ("CONSOLE_USER_NO_MFA", user("esc-cpv")),
        ("ACCESS_KEY_UNUSED", user("esc-pass")),
        ("ACCESS_KEY_NOT_ROTATED", user("esc-pass")),
        ("ACCESS_KEY_UNUSED", user("esc-two")),
        ("PASSWORD_UNUSED", user("admin-user")),
    ];
    (text, expected, near)
}
