//! A synthetic AWS estate for benchmarks: `zoneproof-bench gen --resources N
//! --seed S` writes an inventory (JSON Lines) with a realistic mix of
//! resource types and policy shapes, the same for the same seed.
//!
//! The mix follows what an organization's accounts hold: many role trust
//! policies (mostly service trusts, some partner accounts with
//! `sts:ExternalId`, GitHub OIDC and SAML federation), S3 bucket policies
//! (TLS-only guardrails, CloudFront origin access, VPC-endpoint-only,
//! organization-only, partner reads, public websites with and without Block
//! Public Access, log delivery, rare large per-partner policies of up to 120
//! statements, public ACLs), KMS key policies (default, key admins,
//! cross-account use, grants), Lambda permissions (API Gateway, S3 and
//! EventBridge with source conditions, public function URLs), SQS, SNS,
//! Secrets Manager (deny unless VPC endpoint), ECR, EFS, DynamoDB, and
//! shared EC2/RDS snapshots; and, about one resource in eight, the types
//! added with the type registry (`estate_types`: access points, Glacier
//! vaults, OpenSearch domains, event buses, ...). Owners are the
//! [`ORG_ACCOUNTS`] of organization [`ORG_ID`]; partners are accounts
//! outside it.

use serde_json::{json, Value};

/// The organization the generated estate belongs to.
pub const ORG_ID: &str = "o-a1b2c3d4e5";

/// The accounts of the organization that own the generated resources.
pub const ORG_ACCOUNTS: [&str; 6] = [
    "111122223333",
    "222233334444",
    "333344445555",
    "555566667777",
    "666677778888",
    "888899990000",
];

/// Accounts outside the organization (partners, vendors).
pub(super) const PARTNERS: [&str; 6] = [
    "444455556666",
    "777788889999",
    "123456789012",
    "210987654321",
    "999900001111",
    "464646464646",
];

const REGIONS: [&str; 4] = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];

/// A small deterministic generator: the engine's SplitMix64
/// ([`zoneproof_encodings::gen::Rng`]) with estate helpers.
#[derive(Debug, Clone)]
pub struct Rng(zoneproof_encodings::gen::Rng);

impl Rng {
    /// A generator for a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(zoneproof_encodings::gen::Rng::new(seed ^ 0x5eed_0fe5_7a7e))
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        self.0.below(n.max(1))
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of the items (the first when empty is impossible).
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }

    /// A lowercase hex string of `len` digits.
    pub fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b"0123456789abcdef"[self.below(16)]))
            .collect()
    }

    /// Picks a case by weight: the index of the chosen weight.
    pub fn weighted(&mut self, weights: &[usize]) -> usize {
        let total: usize = weights.iter().sum();
        let mut roll = self.below(total);
        for (index, weight) in weights.iter().enumerate() {
            if roll < *weight {
                return index;
            }
            roll -= weight;
        }
        0
    }
}

/// The inventory records of an estate of `count` resources.
pub fn generate(count: usize, seed: u64) -> impl Iterator<Item = Value> {
    let mut rng = Rng::new(seed);
    (0..count).map(move |index| resource(&mut rng, index))
}

/// Resource types and their weight in an estate: these, then each type of
/// [`estate_types`](super::estate_types) with [`NEWER_TYPE_WEIGHT`].
const MIX: [(&str, usize); 12] = [
    ("AWS::IAM::Role", 300),
    ("AWS::S3::Bucket", 200),
    ("AWS::KMS::Key", 100),
    ("AWS::Lambda::Function", 90),
    ("AWS::SQS::Queue", 80),
    ("AWS::SNS::Topic", 70),
    ("AWS::SecretsManager::Secret", 50),
    ("AWS::ECR::Repository", 40),
    ("AWS::EFS::FileSystem", 20),
    ("AWS::DynamoDB::Table", 20),
    ("AWS::EC2::Snapshot", 20),
    ("AWS::RDS::DBSnapshot", 10),
];

/// The weight of each type of `estate_types` (35 of them: about 12% of
/// the estate in all).
const NEWER_TYPE_WEIGHT: usize = 4;

/// Every type of the estate with its weight.
fn mix() -> Vec<(&'static str, usize)> {
    MIX.iter()
        .copied()
        .chain(super::estate_types::kinds().map(|kind| (kind, NEWER_TYPE_WEIGHT)))
        .collect()
}

/// What every generator of a resource needs.
pub(super) struct Owner {
    pub(super) account: &'static str,
    pub(super) region: &'static str,
    pub(super) name: String,
}

fn resource(rng: &mut Rng, index: usize) -> Value {
    let mix = mix();
    let weights: Vec<usize> = mix.iter().map(|(_, w)| *w).collect();
    let kind = mix
        .get(rng.weighted(&weights))
        .map_or("AWS::IAM::Role", |(k, _)| k);
    let owner = Owner {
        account: rng.pick(&ORG_ACCOUNTS),
        region: rng.pick(&REGIONS),
        name: format!(
            "{}-{index:05}",
            rng.pick(&["app", "data", "ml", "web", "ops", "billing", "etl"])
        ),
    };
    let mut record = match kind {
        "AWS::S3::Bucket" => bucket(rng, &owner),
        "AWS::KMS::Key" => key(rng, &owner),
        "AWS::Lambda::Function" => function(rng, &owner),
        "AWS::SQS::Queue" => queue(rng, &owner),
        "AWS::SNS::Topic" => topic(rng, &owner),
        "AWS::SecretsManager::Secret" => secret(rng, &owner),
        "AWS::ECR::Repository" => repository(rng, &owner),
        "AWS::EFS::FileSystem" => file_system(rng, &owner),
        "AWS::DynamoDB::Table" => table(rng, &owner),
        "AWS::EC2::Snapshot" | "AWS::RDS::DBSnapshot" => snapshot(rng, &owner, kind),
        "AWS::IAM::Role" => role(rng, &owner),
        other => {
            super::estate_types::resource(rng, &owner, other).unwrap_or_else(|| role(rng, &owner))
        }
    };
    if let Some(map) = record.as_object_mut() {
        map.insert("resourceType".into(), json!(kind));
        map.insert("accountId".into(), json!(owner.account));
    }
    record
}

fn policy(statements: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn root(account: &str) -> String {
    format!("arn:aws:iam::{account}:root")
}

fn role(rng: &mut Rng, o: &Owner) -> Value {
    let arn = format!("arn:aws:iam::{}:role/{}", o.account, o.name);
    let service = |rng: &mut Rng| {
        json!({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": rng.pick(&[
            "lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com",
            "states.amazonaws.com", "glue.amazonaws.com", "codebuild.amazonaws.com"])}})
    };
    let statements = match rng.weighted(&[55, 8, 10, 10, 5, 5, 2, 5]) {
        0 => vec![service(rng)],
        1 => vec![json!({"Effect": "Allow", "Action": "sts:AssumeRole",
                         "Principal": {"AWS": root(rng.pick(&ORG_ACCOUNTS))}})],
        2 => vec![
            json!({"Sid": "PartnerAssume", "Effect": "Allow", "Action": "sts:AssumeRole",
                         "Principal": {"AWS": root(rng.pick(&PARTNERS))},
                         "Condition": {"StringEquals": {"sts:ExternalId": rng.hex(16)}}}),
        ],
        3 => vec![json!({"Sid": "GitHubActions", "Effect": "Allow",
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Principal": {"Federated": format!("arn:aws:iam::{}:oidc-provider/token.actions.githubusercontent.com", o.account)},
            "Condition": {
                "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                "StringLike": {"token.actions.githubusercontent.com:sub":
                    format!("repo:example-org/{}:ref:refs/heads/main", o.name)}}})],
        4 => vec![
            json!({"Effect": "Allow", "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
            "Principal": {"Federated": format!("arn:aws:iam::{}:saml-provider/Okta", o.account)},
            "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}),
        ],
        5 => vec![
            json!({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"},
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}}),
        ],
        6 => {
            vec![json!({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}})]
        }
        _ => vec![
            service(rng),
            json!({"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"],
                   "Principal": {"AWS": [
                       format!("arn:aws:iam::{}:role/deployer", rng.pick(&PARTNERS)),
                       root(rng.pick(&ORG_ACCOUNTS))]},
                   "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}),
        ],
    };
    json!({"arn": arn, "policy": policy(statements)})
}

fn tls_only(resources: Value) -> Value {
    json!({"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
           "Resource": resources, "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
}

fn bucket(rng: &mut Rng, o: &Owner) -> Value {
    let name = format!("{}-{}-{}", o.name, o.account, o.region);
    let arn = format!("arn:aws:s3:::{name}");
    let objects = format!("{arn}/*");
    let both = json!([arn.clone(), objects.clone()]);
    let block_all = json!({"BlockPublicAcls": true, "IgnorePublicAcls": true,
                           "BlockPublicPolicy": true, "RestrictPublicBuckets": true});
    let mut record = json!({"arn": arn});
    let statements = match rng.weighted(&[150, 200, 100, 50, 100, 100, 100, 80, 20, 50, 5, 45]) {
        0 => {
            record["blockPublicAccess"] = block_all;
            None
        }
        1 => Some(vec![tls_only(both)]),
        2 => Some(vec![
            json!({"Sid": "AllowCloudFrontServicePrincipal", "Effect": "Allow",
            "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
            "Resource": objects, "Condition": {"StringEquals": {"AWS:SourceArn":
                format!("arn:aws:cloudfront::{}:distribution/E{}", o.account, rng.hex(12).to_uppercase())}}}),
        ]),
        3 => {
            if rng.percent(50) {
                record["blockPublicAccess"] = block_all;
            }
            Some(vec![
                json!({"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
                             "Action": "s3:GetObject", "Resource": objects}),
            ])
        }
        4 => Some(vec![
            json!({"Sid": "PartnerRead", "Effect": "Allow", "Principal": {"AWS": root(rng.pick(&PARTNERS))},
                   "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": both.clone()}),
            tls_only(both),
        ]),
        5 => Some(vec![
            json!({"Sid": "VpceOnly", "Effect": "Allow", "Principal": "*",
            "Action": ["s3:GetObject", "s3:PutObject"], "Resource": objects,
            "Condition": {"StringEquals": {"aws:SourceVpce": format!("vpce-{}", rng.hex(17))}}}),
        ]),
        6 => Some(vec![
            json!({"Sid": "OrgRead", "Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": both,
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}}),
        ]),
        7 => Some(vec![
            json!({"Sid": "AWSLogDeliveryWrite", "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"}, "Action": "s3:PutObject",
            "Resource": objects,
            "Condition": {"StringEquals": {"aws:SourceAccount": o.account, "s3:x-amz-acl": "bucket-owner-full-control"},
                          "ArnLike": {"aws:SourceArn": format!("arn:aws:logs:{}:{}:*", o.region, o.account)}}}),
        ]),
        8 => Some(vec![
            json!({"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
            "Action": "s3:PutObject", "Resource": objects}),
        ]),
        9 => Some(vec![
            json!({"Sid": "PartnersViaOrgGuardrail", "Effect": "Allow", "Principal": {"AWS": "*"},
                   "Action": "s3:GetObject", "Resource": objects.clone()}),
            json!({"Sid": "DenyOutsideOrg", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                   "Resource": both, "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": ORG_ID}}}),
        ]),
        10 => Some(large_bucket_policy(rng, &arn)),
        _ => {
            record["acl"] = json!({"Owner": {"ID": rng.hex(64)}, "Grants": [
                {"Grantee": {"Type": "CanonicalUser", "ID": rng.hex(64)}, "Permission": "FULL_CONTROL"},
                {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
                 "Permission": "READ"}]});
            None
        }
    };
    if let Some(statements) = statements {
        record["policy"] = policy(statements);
    }
    record
}

/// A data-sharing bucket: one statement per partner prefix (30 to 120
/// statements, some naming several principals), all behind the same
/// corporate source-IP allowlist or none, and a TLS guardrail.
fn large_bucket_policy(rng: &mut Rng, arn: &str) -> Vec<Value> {
    let count = 30 + rng.below(91);
    let allowlist = rng
        .percent(50)
        .then(|| json!({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}}));
    let mut statements: Vec<Value> = (0..count)
        .map(|i| {
            let partner = rng.pick(&PARTNERS);
            let principal = if rng.percent(20) {
                json!([
                    format!("arn:aws:iam::{partner}:role/reader-{i}"),
                    format!("arn:aws:iam::{partner}:role/auditor")
                ])
            } else {
                json!(format!("arn:aws:iam::{partner}:role/reader-{i}"))
            };
            let mut statement = json!({"Sid": format!("Share{i:03}"), "Effect": "Allow",
                "Principal": {"AWS": principal},
                "Action": ["s3:GetObject", "s3:GetObjectVersion"],
                "Resource": format!("{arn}/exports/{partner}/{i}/*")});
            if let Some(condition) = &allowlist {
                statement["Condition"] = condition.clone();
            }
            statement
        })
        .collect();
    statements.push(tls_only(json!([arn, format!("{arn}/*")])));
    statements
}

fn key(rng: &mut Rng, o: &Owner) -> Value {
    let arn = format!(
        "arn:aws:kms:{}:{}:key/{}-{}-{}-{}-{}",
        o.region,
        o.account,
        rng.hex(8),
        rng.hex(4),
        rng.hex(4),
        rng.hex(4),
        rng.hex(12)
    );
    let default = json!({"Sid": "EnableIAMUserPermissions", "Effect": "Allow",
        "Principal": {"AWS": root(o.account)}, "Action": "kms:*", "Resource": "*"});
    let use_actions = json!([
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:DescribeKey"
    ]);
    let mut record = json!({"arn": arn});
    let statements = match rng.weighted(&[55, 20, 10, 5, 5, 5]) {
        0 => vec![default],
        1 => vec![
            default,
            json!({"Sid": "KeyAdmins", "Effect": "Allow",
                   "Principal": {"AWS": format!("arn:aws:iam::{}:role/KeyAdmin", o.account)},
                   "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*",
                              "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*",
                              "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"], "Resource": "*"}),
            json!({"Sid": "KeyUsers", "Effect": "Allow",
                   "Principal": {"AWS": format!("arn:aws:iam::{}:role/{}", o.account, o.name)},
                   "Action": use_actions, "Resource": "*"}),
        ],
        2 => vec![
            default,
            json!({"Sid": "PartnerDecrypt", "Effect": "Allow",
            "Principal": {"AWS": root(rng.pick(&PARTNERS))},
            "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"}),
        ],
        3 => vec![
            default,
            json!({"Sid": "OrgUse", "Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": use_actions, "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}}),
        ],
        4 => vec![
            default,
            json!({"Sid": "CloudTrailEncrypt", "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:GenerateDataKey*",
            "Resource": "*", "Condition": {"StringEquals": {"aws:SourceArn":
                format!("arn:aws:cloudtrail:{}:{}:trail/org-trail", o.region, o.account)}}}),
        ],
        _ => {
            record["grants"] = json!({"Grants": [{"GranteePrincipal":
                format!("arn:aws:iam::{}:role/batch", rng.pick(&PARTNERS)),
                "Operations": ["Decrypt", "GenerateDataKey"]}]});
            vec![default]
        }
    };
    record["policy"] = policy(statements);
    record
}

fn function(rng: &mut Rng, o: &Owner) -> Value {
    let arn = format!(
        "arn:aws:lambda:{}:{}:function:{}",
        o.region, o.account, o.name
    );
    let invoke = |principal: Value, condition: Value| {
        json!({"Sid": "invoke", "Effect": "Allow", "Principal": principal,
               "Action": "lambda:InvokeFunction", "Resource": arn, "Condition": condition})
    };
    let statement = match rng.weighted(&[40, 20, 20, 5, 10, 5]) {
        0 => invoke(
            json!({"Service": "apigateway.amazonaws.com"}),
            json!({"ArnLike": {"AWS:SourceArn":
            format!("arn:aws:execute-api:{}:{}:{}/*/POST/orders", o.region, o.account, rng.hex(10))}}),
        ),
        1 => invoke(
            json!({"Service": "s3.amazonaws.com"}),
            json!({
            "StringEquals": {"AWS:SourceAccount": o.account},
            "ArnLike": {"AWS:SourceArn": format!("arn:aws:s3:::{}-uploads", o.name)}}),
        ),
        2 => invoke(
            json!({"Service": "events.amazonaws.com"}),
            json!({"ArnLike": {"AWS:SourceArn":
            format!("arn:aws:events:{}:{}:rule/{}-schedule", o.region, o.account, o.name)}}),
        ),
        3 => json!({"Sid": "FunctionURLAllowPublicAccess", "Effect": "Allow", "Principal": "*",
            "Action": "lambda:InvokeFunctionUrl", "Resource": arn,
            "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}}),
        4 => {
            json!({"Sid": "partner", "Effect": "Allow", "Principal": {"AWS": root(rng.pick(&PARTNERS))},
            "Action": "lambda:InvokeFunction", "Resource": arn})
        }
        _ => json!({"Sid": "sns", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "lambda:InvokeFunction", "Resource": arn}),
    };
    json!({"arn": arn, "policy": {"Version": "2012-10-17", "Id": "default", "Statement": [statement]}})
}

fn queue(rng: &mut Rng, o: &Owner) -> Value {
    let arn = format!("arn:aws:sqs:{}:{}:{}", o.region, o.account, o.name);
    let topic = format!("arn:aws:sns:{}:{}:{}-events", o.region, o.account, o.name);
    let statement = match rng.weighted(&[40, 20, 20, 15, 5]) {
        0 => json!({"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": topic}}}),
        1 => json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "SQS:SendMessage",
            "Resource": arn, "Condition": {"ArnEquals": {"aws:SourceArn": topic}}}),
        2 => json!({"Sid": "PartnerProducer", "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{}:role/producer", rng.pick(&PARTNERS))},
            "Action": ["sqs:SendMessage", "sqs:GetQueueUrl"], "Resource": arn}),
        3 => {
            json!({"Effect": "Allow", "Principal": {"AWS": root(o.account)}, "Action": "sqs:*", "Resource": arn})
        }
        _ => {
            json!({"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": arn})
        }
    };
    json!({"arn": arn, "policy": policy(vec![statement])})
}

fn topic(rng: &mut Rng, o: &Owner) -> Value {
    let arn = format!("arn:aws:sns:{}:{}:{}", o.region, o.account, o.name);
    let statement = match rng.weighted(&[50, 20, 15, 15]) {
        0 => json!({"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                       "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                       "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
            "Resource": arn, "Condition": {"StringEquals": {"AWS:SourceOwner": o.account}}}),
        1 => {
            json!({"Sid": "EventsPublish", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sns:Publish", "Resource": arn})
        }
        2 => {
            json!({"Sid": "PartnerSubscribe", "Effect": "Allow", "Principal": {"AWS": root(rng.pick(&PARTNERS))},
            "Action": "sns:Subscribe", "Resource": arn})
        }
        _ => {
            json!({"Sid": "OrgPublish", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sns:Publish",
            "Resource": arn, "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}})
        }
    };
    json!({"arn": arn, "policy": policy(vec![statement])})
}

fn secret(rng: &mut Rng, o: &Owner) -> Value {
    let arn = format!(
        "arn:aws:secretsmanager:{}:{}:secret:{}-{}",
        o.region,
        o.account,
        o.name,
        rng.hex(6)
    );
    let statements = match rng.weighted(&[60, 20, 20]) {
        0 => vec![
            json!({"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{}:role/{}", o.account, o.name)},
            "Action": "secretsmanager:GetSecretValue", "Resource": "*"}),
        ],
        1 => vec![
            json!({"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{}:role/consumer", rng.pick(&PARTNERS))},
            "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], "Resource": "*"}),
        ],
        _ => vec![
            json!({"Effect": "Allow", "Principal": {"AWS": root(rng.pick(&PARTNERS))},
                   "Action": "secretsmanager:GetSecretValue", "Resource": "*"}),
            json!({"Sid": "DenyUnlessVpce", "Effect": "Deny", "Principal": "*",
                   "Action": "secretsmanager:GetSecretValue", "Resource": "*",
                   "Condition": {"StringNotEquals": {"aws:SourceVpce": format!("vpce-{}", rng.hex(17))}}}),
        ],
    };
    json!({"arn": arn, "policy": policy(statements)})
}

fn repository(rng: &mut Rng, o: &Owner) -> Value {
    let arn = format!(
        "arn:aws:ecr:{}:{}:repository/{}",
        o.region, o.account, o.name
    );
    let pull = json!([
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchCheckLayerAvailability"
    ]);
    let statement = match rng.weighted(&[40, 30, 30]) {
        0 => json!({"Sid": "OrgPull", "Effect": "Allow", "Principal": "*", "Action": pull,
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}}),
        1 => {
            json!({"Sid": "PartnerPull", "Effect": "Allow", "Principal": {"AWS": root(rng.pick(&PARTNERS))},
            "Action": pull})
        }
        _ => json!({"Sid": "LambdaECRImageRetrievalPolicy", "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            "Condition": {"StringLike": {"aws:sourceArn": format!("arn:aws:lambda:{}:{}:function:*", o.region, o.account)}}}),
    };
    json!({"arn": arn, "policy": policy(vec![statement])})
}

fn file_system(rng: &mut Rng, o: &Owner) -> Value {
    let arn = format!(
        "arn:aws:elasticfilesystem:{}:{}:file-system/fs-{}",
        o.region,
        o.account,
        rng.hex(17)
    );
    let principal = if rng.percent(70) {
        json!({"AWS": root(o.account)})
    } else {
        json!({"AWS": root(rng.pick(&PARTNERS))})
    };
    let statement = json!({"Effect": "Allow", "Principal": principal,
        "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"], "Resource": arn,
        "Condition": {"Bool": {"aws:SecureTransport": "true"}}});
    json!({"arn": arn, "policy": policy(vec![statement])})
}

fn table(rng: &mut Rng, o: &Owner) -> Value {
    let arn = format!(
        "arn:aws:dynamodb:{}:{}:table/{}",
        o.region, o.account, o.name
    );
    let account = if rng.percent(50) {
        o.account
    } else {
        rng.pick(&PARTNERS)
    };
    let statement = json!({"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{account}:role/analytics")},
        "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"], "Resource": [arn, format!("{arn}/index/*")]});
    json!({"arn": arn, "policy": policy(vec![statement])})
}

fn snapshot(rng: &mut Rng, o: &Owner, kind: &str) -> Value {
    let shared = match rng.weighted(&[60, 10, 30]) {
        0 => vec![rng.pick(&PARTNERS)],
        1 => vec!["all"],
        _ => vec![],
    };
    let arn = if kind == "AWS::EC2::Snapshot" {
        format!(
            "arn:aws:ec2:{}:{}:snapshot/snap-{}",
            o.region,
            o.account,
            rng.hex(17)
        )
    } else {
        format!(
            "arn:aws:rds:{}:{}:snapshot:{}-{}",
            o.region,
            o.account,
            o.name,
            rng.hex(6)
        )
    };
    json!({"arn": arn, "sharing": shared})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_estate_other_seed_other_estate() {
        let a: Vec<Value> = generate(200, 7).collect();
        let b: Vec<Value> = generate(200, 7).collect();
        let c: Vec<Value> = generate(200, 8).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn estate_has_the_mix_of_types_and_large_policies() {
        let records: Vec<Value> = generate(20_000, 1).collect();
        let types: std::collections::BTreeSet<&str> = records
            .iter()
            .filter_map(|r| r["resourceType"].as_str())
            .collect();
        assert_eq!(types.len(), mix().len(), "{types:?}");
        // Every type zoneproof knows is in the estate, but for the few
        // whose shapes the older generators do not make.
        let absent = [
            "AWS::S3Express::DirectoryBucket",
            "AWS::Lambda::LayerVersion",
            "AWS::DynamoDB::Stream",
            "AWS::RDS::DBClusterSnapshot",
        ];
        for rt in zoneproof_analyzer::resource::ResourceType::all() {
            assert!(
                types.contains(rt.name()) || absent.contains(&rt.name()),
                "{rt} is not in the estate"
            );
        }
        let largest = records
            .iter()
            .filter_map(|r| r["policy"]["Statement"].as_array().map(Vec::len))
            .max()
            .unwrap_or(0);
        assert!(largest >= 30, "largest policy has {largest} statements");
        for record in &records {
            assert!(record["arn"]
                .as_str()
                .is_some_and(|a| a.starts_with("arn:aws:")));
            assert!(record["accountId"]
                .as_str()
                .is_some_and(|a| ORG_ACCOUNTS.contains(&a)));
        }
    }
}
