//! A synthetic organization for benchmarks and tests of the whole IAM
//! decision: `aws iam get-account-authorization-details` documents for its
//! member accounts, an organization export, resources with policies, and
//! requests to authorize. The same seed gives the same organization.
//!
//! By default (`SyntheticConfig::default()`): 12 member accounts and a
//! management account under a three-level OU tree (root → Security,
//! Infrastructure, Workloads → Network, Prod, Dev, Sandbox → Prod-EU,
//! Prod-US); 100 users in groups, 1,000 roles (trust policies for services,
//! the account, other accounts of the organization, a partner with
//! `sts:ExternalId`, SAML, and service-linked roles), a third of them with a
//! permissions boundary; 300 customer managed policies (identity policies
//! over S3, DynamoDB, SQS, KMS, EC2, Lambda, Logs, STS and IAM, some with
//! conditions, policy variables and denies, and the boundaries); SCPs
//! (`FullAWSAccess`, deny leaving the organization, a region restriction on
//! Workloads, IAM protection on Prod, an allow-list on Sandbox instead of
//! `FullAWSAccess`) and RCPs (`RCPFullAWSAccess`, a data perimeter at the
//! root, TLS-only on Prod); S3 buckets, KMS keys and SQS queues with
//! resource policies.

use std::io;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use zoneproof_encodings::gen::Rng;

use crate::authorize::AuthorizeRequest;
use crate::eval::Context;
use crate::inputs::{read_text, InputSet, ReadOptions};
use crate::organization::Organization;

/// The size of a synthetic organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticConfig {
    /// IAM users, over all accounts.
    pub users: usize,
    /// IAM roles, over all accounts.
    pub roles: usize,
    /// Customer managed policies (boundaries included), over all accounts.
    pub managed_policies: usize,
    /// Member accounts.
    pub accounts: usize,
    /// The seed.
    pub seed: u64,
}

impl Default for SyntheticConfig {
    fn default() -> SyntheticConfig {
        SyntheticConfig {
            users: 100,
            roles: 1000,
            managed_policies: 300,
            accounts: 12,
            seed: 1,
        }
    }
}

/// The organization id of every synthetic organization.
pub const ORG_ID: &str = "o-synth12345";
/// Its management account.
pub const MANAGEMENT_ACCOUNT: &str = "999900000000";
/// A partner account outside the organization.
pub const PARTNER_ACCOUNT: &str = "888800000000";
const ROOT: &str = "r-synth";
const REGIONS: [&str; 3] = ["eu-west-1", "us-east-1", "ap-south-1"];
const TEAMS: [&str; 6] = ["payments", "search", "data", "platform", "mobile", "ml"];

/// OUs: id, name, parent.
const UNITS: [(&str, &str, &str); 9] = [
    ("ou-synth-security", "Security", ROOT),
    ("ou-synth-infra000", "Infrastructure", ROOT),
    ("ou-synth-workload", "Workloads", ROOT),
    ("ou-synth-network0", "Network", "ou-synth-infra000"),
    ("ou-synth-prod0000", "Prod", "ou-synth-workload"),
    ("ou-synth-dev00000", "Dev", "ou-synth-workload"),
    ("ou-synth-sandbox0", "Sandbox", "ou-synth-workload"),
    ("ou-synth-prodeu00", "Prod-EU", "ou-synth-prod0000"),
    ("ou-synth-produs00", "Prod-US", "ou-synth-prod0000"),
];

/// The OUs that hold accounts.
const LEAVES: [&str; 6] = [
    "ou-synth-security",
    "ou-synth-network0",
    "ou-synth-prodeu00",
    "ou-synth-produs00",
    "ou-synth-dev00000",
    "ou-synth-sandbox0",
];

/// A generated organization.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticOrg {
    /// One authorization-details document per member account: (account, document).
    pub authorization_details: Vec<(String, Value)>,
    /// The organization export.
    pub organization: Value,
    /// Inventory records of buckets, keys and queues.
    pub resources: Vec<Value>,
    /// The member accounts.
    pub accounts: Vec<String>,
}

/// What is known about one account while generating it.
struct AccountPlan {
    id: String,
    managed: Vec<String>,
    boundaries: Vec<String>,
    groups: Vec<String>,
    roles: Vec<String>,
}

impl SyntheticOrg {
    /// Generates an organization.
    pub fn generate(config: &SyntheticConfig) -> SyntheticOrg {
        let mut rng = Rng::new(config.seed ^ 0x0a11_0c47_e5ee_d001);
        let accounts: Vec<String> = (0..config.accounts.max(1))
            .map(|i| format!("{}", 300_000_000_000u64 + (i as u64) * 7_919))
            .collect();
        let mut plans: Vec<AccountPlan> = accounts
            .iter()
            .map(|id| AccountPlan {
                id: id.clone(),
                managed: Vec::new(),
                boundaries: Vec::new(),
                groups: Vec::new(),
                roles: Vec::new(),
            })
            .collect();
        let mut details: Vec<Value> = accounts
            .iter()
            .map(|_| json!({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}))
            .collect();
        for index in 0..config.managed_policies {
            let slot = index % plans.len();
            let (plan, document) = (&mut plans[slot], &mut details[slot]);
            let boundary = (index / accounts.len()) % 10 == 9;
            managed_policy(&mut rng, plan, document, index, boundary, &accounts);
        }
        for (plan, document) in plans.iter_mut().zip(details.iter_mut()) {
            for group in 0..4 {
                add_group(&mut rng, plan, document, group);
            }
        }
        for index in 0..config.roles {
            let slot = index % plans.len();
            let (plan, document) = (&mut plans[slot], &mut details[slot]);
            let bounded = (index / accounts.len()) % 3 == 0;
            add_role(&mut rng, plan, document, index, bounded, &accounts);
        }
        for index in 0..config.users {
            let slot = index % plans.len();
            let (plan, document) = (&plans[slot], &mut details[slot]);
            let bounded = (index / accounts.len()) % 10 == 0;
            add_user(&mut rng, plan, document, index, bounded);
        }
        let resources = plans
            .iter()
            .flat_map(|plan| account_resources(&mut rng, plan, &plans))
            .collect();
        SyntheticOrg {
            authorization_details: accounts.iter().cloned().zip(details).collect(),
            organization: organization(&accounts),
            resources,
            accounts,
        }
    }

    /// The organization as read from files, without files.
    pub fn input_set(&self) -> InputSet {
        let mut inputs = InputSet::default();
        for (account, document) in &self.authorization_details {
            let file = PathBuf::from(format!("account-{account}.json"));
            let problems = inputs.iam.add_authorization_details(&file, document);
            inputs.problems.extend(problems);
        }
        match Organization::read_export(Path::new("organization.json"), &self.organization) {
            Ok((organization, problems)) => {
                inputs.problems.extend(problems);
                inputs.organizations.push(organization);
            }
            Err(errors) => inputs.unreadable.extend(errors),
        }
        let text = Value::Array(self.resources.clone()).to_string();
        for result in read_text(Path::new("resources.json"), &text, &ReadOptions::default()) {
            match result {
                Ok(resource) => inputs.resources.push(resource),
                Err(error) => inputs.problems.push(error),
            }
        }
        inputs
    }

    /// Writes `account-ID.json` per account, `organization.json` and
    /// `resources.json` into `dir`; returns the files written.
    pub fn write(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir)?;
        let mut written = Vec::new();
        let mut write = |name: String, value: &Value| -> io::Result<()> {
            let path = dir.join(name);
            let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
            std::fs::write(&path, text + "\n")?;
            written.push(path);
            Ok(())
        };
        for (account, document) in &self.authorization_details {
            write(format!("account-{account}.json"), document)?;
        }
        write("organization.json".to_string(), &self.organization)?;
        write(
            "resources.json".to_string(),
            &Value::Array(self.resources.clone()),
        )?;
        Ok(written)
    }

    /// Every principal the organization's IAM defines: user ARNs and role
    /// ARNs (a role stands for a session of it).
    pub fn principals(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (_, document) in &self.authorization_details {
            for (list, field) in [("UserDetailList", "Arn"), ("RoleDetailList", "Arn")] {
                for entry in document[list]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    if let Some(arn) = entry[field].as_str() {
                        out.push(arn.to_string());
                    }
                }
            }
        }
        out
    }

    /// `count` requests, a realistic mix of principals, actions, resources
    /// and context; the same seed gives the same requests.
    pub fn requests(&self, count: usize, seed: u64) -> Vec<AuthorizeRequest> {
        let mut rng = Rng::new(seed ^ 0x4e9e_57ed_0b5e_7a11);
        let principals = self.principals();
        let roles: Vec<&str> = principals
            .iter()
            .filter(|p| p.contains(":role/"))
            .map(String::as_str)
            .collect();
        let resources: Vec<(&str, &str)> = self
            .resources
            .iter()
            .filter_map(|r| Some((r["arn"].as_str()?, r["resourceType"].as_str()?)))
            .collect();
        (0..count)
            .map(|_| {
                let principal = pick(&mut rng, &principals).to_string();
                let account = principal.split(':').nth(4).unwrap_or_default().to_string();
                let (action, resource) = request_target(&mut rng, &account, &resources, &roles);
                let mut context = Context::new();
                if rng.chance(7, 10) {
                    context.insert("aws:RequestedRegion", *pick(&mut rng, &REGIONS));
                }
                if rng.chance(8, 10) {
                    context.insert("aws:SecureTransport", "true");
                }
                AuthorizeRequest::new(principal, action, resource).with_context(context)
            })
            .collect()
    }
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    let index = rng.below(items.len().max(1));
    &items[index.min(items.len().saturating_sub(1))]
}

fn doc(statements: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// An identity-policy statement for one service, in `account`.
fn identity_statement(rng: &mut Rng, account: &str, accounts: &[String]) -> Value {
    let team = *pick(rng, &TEAMS);
    let region = *pick(rng, &REGIONS);
    match rng.below(12) {
        0 => json!({"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                    "Resource": [format!("arn:aws:s3:::{account}-{team}-*"), format!("arn:aws:s3:::{account}-{team}-*/*")]}),
        1 => json!({"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],
                    "Resource": format!("arn:aws:s3:::{account}-{team}-*/*")}),
        2 => json!({"Effect": "Allow", "Action": "dynamodb:*",
                    "Resource": format!("arn:aws:dynamodb:{region}:{account}:table/{team}-*")}),
        3 => {
            json!({"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
                    "Resource": format!("arn:aws:sqs:*:{account}:{team}-*")})
        }
        4 => {
            json!({"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*",
                    "Condition": {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}}})
        }
        5 => {
            json!({"Effect": "Allow", "Action": ["ec2:Describe*", "cloudwatch:Get*", "logs:Describe*"], "Resource": "*"})
        }
        6 => json!({"Effect": "Allow", "Action": "lambda:InvokeFunction",
                    "Resource": format!("arn:aws:lambda:{region}:{account}:function:{team}-*")}),
        7 => json!({"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                    "Resource": format!("arn:aws:logs:*:{account}:log-group:/{team}/*")}),
        8 => {
            let other = pick(rng, accounts);
            json!({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": format!("arn:aws:iam::{other}:role/shared-*")})
        }
        9 => json!({"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}),
        10 => json!({"Effect": "Allow", "Action": "s3:*",
                     "Resource": ["arn:aws:s3:::${aws:PrincipalTag/team}-*", "arn:aws:s3:::${aws:PrincipalTag/team}-*/*"]}),
        _ => {
            json!({"Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"], "Resource": "*",
                    "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}})
        }
    }
}

fn managed_policy(
    rng: &mut Rng,
    plan: &mut AccountPlan,
    details: &mut Value,
    index: usize,
    boundary: bool,
    accounts: &[String],
) {
    let account = plan.id.clone();
    let name = if boundary {
        format!("boundary-{index:03}")
    } else {
        format!("{}-{index:03}", pick(rng, &TEAMS))
    };
    let arn = format!("arn:aws:iam::{account}:policy/{name}");
    let statements = if boundary {
        let mut statements = vec![json!({"Effect": "Allow",
            "Action": ["s3:*", "dynamodb:*", "sqs:*", "logs:*", "kms:Decrypt", "kms:GenerateDataKey", "ec2:Describe*",
                       "lambda:InvokeFunction", "sts:AssumeRole", "iam:Get*", "iam:List*", "cloudwatch:*"],
            "Resource": "*"})];
        if rng.chance(1, 2) {
            statements
                .push(json!({"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}));
        }
        plan.boundaries.push(arn.clone());
        statements
    } else {
        let count = 1 + rng.below(5);
        let mut statements: Vec<Value> = (0..count)
            .map(|_| identity_statement(rng, &account, accounts))
            .collect();
        if rng.chance(1, 8) {
            statements.push(json!({"Effect": "Deny", "Action": ["s3:DeleteBucket", "kms:ScheduleKeyDeletion"], "Resource": "*"}));
        }
        plan.managed.push(arn.clone());
        statements
    };
    let document = doc(statements);
    // Two versions for some: the default is the second.
    let versions = if rng.chance(1, 4) {
        json!([{"Document": doc(vec![json!({"Effect": "Allow", "Action": "*", "Resource": "*"})]), "VersionId": "v1", "IsDefaultVersion": false},
               {"Document": document, "VersionId": "v2", "IsDefaultVersion": true}])
    } else {
        json!([{"Document": document, "VersionId": "v1", "IsDefaultVersion": true}])
    };
    push(
        details,
        "Policies",
        json!({"PolicyName": name, "PolicyId": format!("ANPA{index:08}"), "Arn": arn, "Path": "/",
        "DefaultVersionId": if versions.as_array().map_or(0, Vec::len) == 2 { "v2" } else { "v1" },
        "IsAttachable": true, "PolicyVersionList": versions}),
    );
}

fn push(details: &mut Value, list: &str, entry: Value) {
    if let Some(items) = details[list].as_array_mut() {
        items.push(entry);
    }
}

fn attached(rng: &mut Rng, plan: &AccountPlan, max: usize) -> Value {
    let count = rng.below(max + 1);
    let mut chosen: Vec<&String> = Vec::new();
    for _ in 0..count {
        if plan.managed.is_empty() {
            break;
        }
        let arn = pick(rng, &plan.managed);
        if !chosen.contains(&arn) {
            chosen.push(arn);
        }
    }
    Value::Array(
        chosen
            .into_iter()
            .map(|arn| json!({"PolicyName": arn.rsplit('/').next(), "PolicyArn": arn}))
            .collect(),
    )
}

fn inline(rng: &mut Rng, account: &str, name: &str, accounts: &[String]) -> Value {
    if rng.chance(3, 10) {
        let statements = (0..1 + rng.below(3))
            .map(|_| identity_statement(rng, account, accounts))
            .collect();
        json!([{"PolicyName": format!("{name}-inline"), "PolicyDocument": doc(statements)}])
    } else {
        json!([])
    }
}

fn add_group(rng: &mut Rng, plan: &mut AccountPlan, details: &mut Value, index: usize) {
    let name = format!("{}-group-{index}", TEAMS[index % TEAMS.len()]);
    let account = plan.id.clone();
    let attached = attached(rng, plan, 3);
    let policies = inline(rng, &account, &name, std::slice::from_ref(&account));
    push(
        details,
        "GroupDetailList",
        json!({"GroupName": name, "Path": "/", "GroupId": format!("AGPA{account}{index}"),
        "Arn": format!("arn:aws:iam::{account}:group/{name}"), "GroupPolicyList": policies, "AttachedManagedPolicies": attached}),
    );
    plan.groups.push(name);
}

fn boundary(rng: &mut Rng, plan: &AccountPlan) -> Value {
    if plan.boundaries.is_empty() {
        return Value::Null;
    }
    json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": pick(rng, &plan.boundaries)})
}

fn add_user(rng: &mut Rng, plan: &AccountPlan, details: &mut Value, index: usize, bounded: bool) {
    let account = &plan.id;
    let name = format!("user{index:03}");
    let mut groups: Vec<&String> = vec![pick(rng, &plan.groups)];
    if rng.chance(1, 2) {
        let second = pick(rng, &plan.groups);
        if !groups.contains(&second) {
            groups.push(second);
        }
    }
    let bounded = if bounded {
        boundary(rng, plan)
    } else {
        Value::Null
    };
    let team = *pick(rng, &TEAMS);
    push(
        details,
        "UserDetailList",
        json!({"UserName": name, "Path": "/", "UserId": format!("AIDA{account}{index:03}"),
        "Arn": format!("arn:aws:iam::{account}:user/{name}"), "GroupList": groups,
        "UserPolicyList": inline(rng, account, &name, std::slice::from_ref(account)),
        "AttachedManagedPolicies": attached(rng, plan, 2), "PermissionsBoundary": bounded,
        "Tags": [{"Key": "team", "Value": team}]}),
    );
}

fn add_role(
    rng: &mut Rng,
    plan: &mut AccountPlan,
    details: &mut Value,
    index: usize,
    bounded: bool,
    accounts: &[String],
) {
    let account = plan.id.clone();
    let service = *pick(
        rng,
        &[
            "lambda.amazonaws.com",
            "ec2.amazonaws.com",
            "ecs-tasks.amazonaws.com",
            "glue.amazonaws.com",
        ],
    );
    let kind = rng.below(20);
    let (path, name, trust) = match kind {
        0 => {
            let linked = *pick(rng, &["elasticloadbalancing", "autoscaling", "rds", "ecs"]);
            (
                format!("/aws-service-role/{linked}.amazonaws.com/"),
                format!("AWSServiceRoleFor{linked}{index:04}"),
                json!([{"Effect": "Allow", "Principal": {"Service": format!("{linked}.amazonaws.com")}, "Action": "sts:AssumeRole"}]),
            )
        }
        1..=10 => (
            "/service/".to_string(),
            format!("svc-{index:04}"),
            json!([{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]),
        ),
        11..=15 => (
            "/".to_string(),
            format!("app-{index:04}"),
            json!([{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{account}:root")}, "Action": "sts:AssumeRole"}]),
        ),
        16 | 17 => {
            let other = pick(rng, accounts);
            (
                "/".to_string(),
                format!("shared-{index:04}"),
                json!([{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{other}:root")}, "Action": "sts:AssumeRole",
                     "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}}]),
            )
        }
        18 => (
            "/".to_string(),
            format!("partner-{index:04}"),
            json!([{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{PARTNER_ACCOUNT}:root")}, "Action": "sts:AssumeRole",
                       "Condition": {"StringEquals": {"sts:ExternalId": format!("ext-{index}")}}}]),
        ),
        _ => (
            "/".to_string(),
            format!("sso-{index:04}"),
            json!([{"Effect": "Allow", "Principal": {"Federated": format!("arn:aws:iam::{account}:saml-provider/corp")},
                      "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
                      "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]),
        ),
    };
    let bounded = if bounded && kind != 0 {
        boundary(rng, plan)
    } else {
        Value::Null
    };
    let team = *pick(rng, &TEAMS);
    push(
        details,
        "RoleDetailList",
        json!({"RoleName": name, "Path": path, "RoleId": format!("AROA{account}{index:04}"),
        "Arn": format!("arn:aws:iam::{account}:role{path}{name}"), "AssumeRolePolicyDocument": doc(trust.as_array().cloned().unwrap_or_default()),
        "InstanceProfileList": [], "RolePolicyList": inline(rng, &account, &name, accounts),
        "AttachedManagedPolicies": attached(rng, plan, 4), "PermissionsBoundary": bounded,
        "Tags": [{"Key": "team", "Value": team}],
        "RoleLastUsed": {"LastUsedDate": "2026-01-15T10:00:00Z", "Region": pick(rng, &REGIONS)}}),
    );
    plan.roles
        .push(format!("arn:aws:iam::{account}:role{path}{name}"));
}

/// Buckets, keys and queues of one account.
fn account_resources(rng: &mut Rng, plan: &AccountPlan, plans: &[AccountPlan]) -> Vec<Value> {
    let account = &plan.id;
    let mut out = Vec::new();
    let other_role = |rng: &mut Rng| -> String {
        let other = pick(rng, plans);
        other
            .roles
            .get(rng.below(other.roles.len().max(1)))
            .cloned()
            .unwrap_or_default()
    };
    for index in 0..8 {
        let team = TEAMS[index % TEAMS.len()];
        let bucket = format!("{account}-{team}-{index}");
        let arn = format!("arn:aws:s3:::{bucket}");
        let mut statements = vec![
            json!({"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [arn.clone(), format!("{arn}/*")], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}),
        ];
        statements.push(match rng.below(4) {
            0 => json!({"Sid": "OrgRead", "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:ListBucket"],
                        "Resource": [arn.clone(), format!("{arn}/*")], "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}}),
            1 => json!({"Sid": "RoleWrite", "Effect": "Allow", "Principal": {"AWS": other_role(rng)},
                        "Action": ["s3:PutObject", "s3:GetObject"], "Resource": format!("{arn}/*")}),
            2 => json!({"Sid": "PartnerRead", "Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{PARTNER_ACCOUNT}:root")},
                        "Action": "s3:GetObject", "Resource": format!("{arn}/shared/*")}),
            _ => json!({"Sid": "Account", "Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
                        "Action": "s3:*", "Resource": [arn.clone(), format!("{arn}/*")]}),
        });
        out.push(json!({"arn": arn, "resourceType": "AWS::S3::Bucket", "accountId": account, "policy": doc(statements)}));
    }
    for index in 0..2 {
        let region = REGIONS[index % REGIONS.len()];
        let arn = format!(
            "arn:aws:kms:{region}:{account}:key/{:08x}-0000-4000-8000-{:012x}",
            index + 1,
            account.len() * 1000 + index
        );
        let statements = vec![
            json!({"Sid": "EnableIam", "Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{account}:root")}, "Action": "kms:*", "Resource": "*"}),
            json!({"Sid": "CrossAccountUse", "Effect": "Allow", "Principal": {"AWS": other_role(rng)},
                   "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*"}),
        ];
        out.push(json!({"arn": arn, "resourceType": "AWS::KMS::Key", "accountId": account, "policy": doc(statements)}));
    }
    for index in 0..3 {
        let team = TEAMS[(index + 2) % TEAMS.len()];
        let region = REGIONS[index % REGIONS.len()];
        let arn = format!("arn:aws:sqs:{region}:{account}:{team}-queue-{index}");
        let statements = vec![
            json!({"Sid": "FromTopic", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
                   "Resource": arn, "Condition": {"ArnLike": {"aws:SourceArn": format!("arn:aws:sns:*:{account}:*")}}}),
            json!({"Sid": "Consumer", "Effect": "Allow", "Principal": {"AWS": other_role(rng)},
                   "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage"], "Resource": arn}),
        ];
        out.push(json!({"arn": arn, "resourceType": "AWS::SQS::Queue", "accountId": account, "policy": doc(statements)}));
    }
    out
}

fn request_target(
    rng: &mut Rng,
    account: &str,
    resources: &[(&str, &str)],
    roles: &[&str],
) -> (String, String) {
    let region = *pick(rng, &REGIONS);
    let of_type = |rng: &mut Rng, wanted: &str| -> Option<String> {
        let matching: Vec<&str> = resources
            .iter()
            .filter(|(_, t)| *t == wanted)
            .map(|(arn, _)| *arn)
            .collect();
        (!matching.is_empty()).then(|| pick(rng, &matching).to_string())
    };
    let team = *pick(rng, &TEAMS);
    match rng.below(13) {
        0 | 1 => (
            "s3:GetObject".into(),
            format!(
                "{}/data/{}.csv",
                of_type(rng, "AWS::S3::Bucket").unwrap_or_default(),
                rng.below(100)
            ),
        ),
        2 => (
            "s3:PutObject".into(),
            format!(
                "{}/shared/out.json",
                of_type(rng, "AWS::S3::Bucket").unwrap_or_default()
            ),
        ),
        3 => (
            "s3:ListBucket".into(),
            of_type(rng, "AWS::S3::Bucket").unwrap_or_default(),
        ),
        4 => (
            "kms:Decrypt".into(),
            of_type(rng, "AWS::KMS::Key").unwrap_or_default(),
        ),
        5 => (
            "sqs:ReceiveMessage".into(),
            of_type(rng, "AWS::SQS::Queue").unwrap_or_default(),
        ),
        6 => (
            "dynamodb:GetItem".into(),
            format!("arn:aws:dynamodb:{region}:{account}:table/{team}-orders"),
        ),
        7 => ("ec2:DescribeInstances".into(), "*".into()),
        8 => (
            "lambda:InvokeFunction".into(),
            format!("arn:aws:lambda:{region}:{account}:function:{team}-api"),
        ),
        9 => (
            "logs:PutLogEvents".into(),
            format!("arn:aws:logs:{region}:{account}:log-group:/{team}/app:log-stream:x"),
        ),
        10 => ("sts:AssumeRole".into(), pick(rng, roles).to_string()),
        11 => (
            "iam:GetRole".into(),
            format!("arn:aws:iam::{account}:role/app-0001"),
        ),
        _ => (
            "iam:CreateUser".into(),
            format!("arn:aws:iam::{account}:user/new"),
        ),
    }
}

/// The organization export: OU tree, accounts, SCPs and RCPs.
fn organization(accounts: &[String]) -> Value {
    let mut all_targets: Vec<String> = std::iter::once(ROOT.to_string())
        .chain(UNITS.iter().map(|(id, _, _)| id.to_string()))
        .chain(accounts.iter().cloned())
        .chain(std::iter::once(MANAGEMENT_ACCOUNT.to_string()))
        .collect();
    let rcp_targets = all_targets.clone();
    // The sandbox OU has an allow-list instead of FullAWSAccess.
    all_targets.retain(|t| t != "ou-synth-sandbox0");
    let account_entries: Vec<Value> = std::iter::once(json!({"Id": MANAGEMENT_ACCOUNT, "Name": "management", "ParentId": ROOT, "Status": "ACTIVE"}))
        .chain(accounts.iter().enumerate().map(|(i, id)| {
            json!({"Id": id, "Name": format!("account-{i:02}"), "ParentId": LEAVES[i % LEAVES.len()], "Status": "ACTIVE"})
        }))
        .collect();
    let policy = |id: &str, kind: &str, targets: Vec<String>, document: Value| {
        json!({"Id": id, "Name": id.trim_start_matches("p-"), "Type": kind, "AwsManaged": id.contains("FullAWSAccess"),
               "Content": document.to_string(), "Targets": targets})
    };
    let scp = "SERVICE_CONTROL_POLICY";
    let rcp = "RESOURCE_CONTROL_POLICY";
    json!({
        "Organization": {"Id": ORG_ID, "MasterAccountId": MANAGEMENT_ACCOUNT},
        "Roots": [{"Id": ROOT, "Name": "Root", "PolicyTypes": [{"Type": scp, "Status": "ENABLED"}, {"Type": rcp, "Status": "ENABLED"}]}],
        "OrganizationalUnits": UNITS.iter().map(|(id, name, parent)| json!({"Id": id, "Name": name, "ParentId": parent})).collect::<Vec<_>>(),
        "Accounts": account_entries,
        "Policies": [
            policy("p-FullAWSAccess", scp, all_targets, doc(vec![json!({"Effect": "Allow", "Action": "*", "Resource": "*"})])),
            policy("p-DenyLeaveOrganization", scp, vec![ROOT.into()], doc(vec![json!({"Sid": "NoLeaving", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"})])),
            policy("p-RegionRestriction", scp, vec!["ou-synth-workload".into()], doc(vec![json!({"Sid": "OnlyTwoRegions", "Effect": "Deny",
                "NotAction": ["iam:*", "sts:*", "organizations:*", "support:*", "cloudfront:*"], "Resource": "*",
                "Condition": {"StringNotEqualsIfExists": {"aws:RequestedRegion": ["eu-west-1", "us-east-1"]}}})])),
            policy("p-ProtectIam", scp, vec!["ou-synth-prod0000".into()], doc(vec![json!({"Sid": "NoIamWrites", "Effect": "Deny",
                "Action": ["iam:Create*", "iam:Delete*", "iam:Put*", "iam:Attach*", "iam:Update*"], "Resource": "*",
                "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/platform-admin"}}})])),
            policy("p-SandboxAllowList", scp, vec!["ou-synth-sandbox0".into()], doc(vec![json!({"Sid": "Allowed", "Effect": "Allow",
                "Action": ["ec2:*", "s3:*", "lambda:*", "dynamodb:*", "logs:*", "cloudwatch:*", "sts:*", "sqs:*", "kms:*", "iam:Get*", "iam:List*"], "Resource": "*"})])),
            policy("p-RCPFullAWSAccess", rcp, rcp_targets, doc(vec![json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"})])),
            policy("p-DataPerimeter", rcp, vec![ROOT.into()], doc(vec![json!({"Sid": "OrgIdentitiesOnly", "Effect": "Deny", "Principal": "*",
                "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*"], "Resource": "*",
                "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG_ID, "aws:PrincipalAccount": PARTNER_ACCOUNT},
                              "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}})])),
            policy("p-TlsOnly", rcp, vec!["ou-synth-prod0000".into()], doc(vec![json!({"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*",
                "Action": "s3:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}})])),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authorize::Authorizer;
    use crate::eval::Decision;

    #[test]
    fn the_default_organization_has_the_announced_size_and_reads_cleanly() {
        let org = SyntheticOrg::generate(&SyntheticConfig::default());
        let inputs = org.input_set();
        assert!(
            inputs.unreadable.is_empty() && inputs.problems.is_empty(),
            "{:?}",
            inputs.problems.first()
        );
        assert_eq!(inputs.iam.users().count(), 100);
        assert_eq!(inputs.iam.roles().count(), 1000);
        assert_eq!(inputs.iam.managed_policies().count(), 300);
        let bounded = inputs
            .iam
            .roles()
            .filter(|r| r.permissions_boundary.is_some())
            .count();
        assert!(
            (300..=340).contains(&bounded),
            "{bounded} roles with a boundary"
        );
        assert!(inputs.iam.roles().any(|r| r.is_service_linked()));
        let organization = &inputs.organizations[0];
        let deepest = org
            .accounts
            .iter()
            .filter_map(|a| organization.levels(a))
            .map(|l| l.len())
            .max();
        assert_eq!(deepest, Some(5), "root, three OU levels, account");
        assert_eq!(
            SyntheticOrg::generate(&SyntheticConfig::default()),
            org,
            "deterministic"
        );
    }

    #[test]
    fn every_request_is_decided_and_every_decision_occurs() {
        let org = SyntheticOrg::generate(&SyntheticConfig::default());
        let inputs = org.input_set();
        let authorizer = Authorizer::new(&inputs);
        let mut seen = std::collections::BTreeSet::new();
        for request in org.requests(500, 7) {
            let authorization = authorizer
                .authorize(&request)
                .unwrap_or_else(|e| panic!("{request:?}: {e}"));
            seen.insert(authorization.decision.name());
        }
        assert_eq!(seen.len(), 3, "{seen:?}");
        let _ = Decision::Allow;
    }
}
