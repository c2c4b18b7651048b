//! Property test in the false-negative direction: the encoder mirrors the
//! evaluator on every request.
//!
//! For random policies (every element and operator, `IfExists`,
//! `ForAllValues:`/`ForAnyValue:`, policy variables with defaults,
//! `NotPrincipal`/`NotAction`/`NotResource`, `Deny`, several statements)
//! on random resources and zones, and random realistic requests of the
//! resource's request space, the external-access question's oracle
//! ([`check_request`]) must find no mismatch: each statement's formula,
//! evaluated on the request turned into a model, equals the evaluator's
//! answer under both readings of undocumented matches; `external(r)`
//! equals the zone's judgement; the request and its representative get
//! the same decisions; and the model decodes back to a request the
//! evaluator decides alike.
//!
//! `make test` runs `DEFAULT_CASES` policies with several requests each;
//! set `ZONEPROOF_PROPTEST_CASES` for longer runs (`make fuzz` uses
//! 20,000). A failure prints proptest's shrunk counterexample.
//!
//! Named regression tests at the end keep every bug this test found.

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use serde_json::{json, Value};
use zoneproof_analyzer::encode::decode::complete_model;
use zoneproof_analyzer::encode::shapes::account_pattern;
use zoneproof_analyzer::eval::{Context, Request, RequestPrincipal};
use zoneproof_analyzer::policy::{parse_policy_value, AwsIdentity, Policy};
use zoneproof_analyzer::question::external_access::{
    check_request, ExternalAccess, QuestionOptions, QuestionOracle,
};
use zoneproof_analyzer::resource::ResourceType;
use zoneproof_analyzer::semantics::keys::{
    KeyInfo, KeySource, Presence, RequestTraits, ResourceKey, ValueShape,
};
use zoneproof_analyzer::semantics::principal_keys::{
    derivation, derived_value, Derivation, Derived, FactShape, PrincipalShape, DERIVED_KEY_NAMES,
};
use zoneproof_analyzer::semantics::space::Callers;
use zoneproof_analyzer::zone::Zone;
use zoneproof_encodings::pattern::Strategy as Shortcut;

/// Policies per `make test` run.
const DEFAULT_CASES: u32 = 1000;
/// Requests checked per policy.
const REQUESTS_PER_POLICY: usize = 8;

const OWNER: &str = "111122223333";
const ORG: &str = "o-aaaaaaaaaa";

/// The seed of `make test`'s run: fixed, so that a red run is a change of
/// the code, never of the draw (`make fuzz` draws a fresh seed and prints
/// it; `ZONEPROOF_PROPTEST_SEED=N` replays one, `random` draws one).
const DEFAULT_SEED: u64 = 1;

fn seed() -> RngSeed {
    match std::env::var("ZONEPROOF_PROPTEST_SEED").ok().as_deref() {
        Some("random") => RngSeed::Random,
        // An unreadable seed is a fresh draw rather than a silent default.
        Some(n) => n.parse().map_or(RngSeed::Random, RngSeed::Fixed),
        None => RngSeed::Fixed(DEFAULT_SEED),
    }
}

fn cases() -> u32 {
    std::env::var("ZONEPROOF_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

// ---------------------------------------------------------------------------
// The resources and zones.

#[derive(Debug, Clone, Copy)]
enum Target {
    Bucket,
    BucketChina,
    Queue,
    Key,
    Role,
    Function,
    Topic,
}

impl Target {
    fn resource_type(self) -> ResourceType {
        match self {
            Target::Bucket | Target::BucketChina => ResourceType::S3Bucket,
            Target::Queue => ResourceType::SqsQueue,
            Target::Key => ResourceType::KmsKey,
            Target::Role => ResourceType::IamRole,
            Target::Function => ResourceType::LambdaFunction,
            Target::Topic => ResourceType::SnsTopic,
        }
    }

    fn arn(self) -> &'static str {
        match self {
            Target::Bucket => "arn:aws:s3:::b",
            Target::BucketChina => "arn:aws-cn:s3:::b",
            Target::Queue => "arn:aws:sqs:us-east-1:111122223333:q",
            Target::Key => "arn:aws:kms:us-east-1:111122223333:key/k1",
            Target::Role => "arn:aws:iam::111122223333:role/r",
            Target::Function => "arn:aws:lambda:us-east-1:111122223333:function:f",
            Target::Topic => "arn:aws:sns:us-east-1:111122223333:t",
        }
    }

    fn trust(self) -> bool {
        matches!(self, Target::Role)
    }

    fn actions(self) -> &'static [&'static str] {
        match self {
            Target::Bucket | Target::BucketChina => &[
                "s3:GetObject",
                "s3:Get*",
                "s3:*",
                "s3:ListBucket",
                "s3:PutObject",
                "*",
            ],
            Target::Queue => &["sqs:SendMessage", "sqs:*", "sqs:Receive*", "*"],
            Target::Key => &["kms:Decrypt", "kms:*", "kms:Describe*", "*"],
            Target::Role => &[
                "sts:AssumeRole",
                "sts:AssumeRoleWithWebIdentity",
                "sts:AssumeRoleWithSAML",
                "sts:*",
                "sts:TagSession",
            ],
            Target::Function => &["lambda:InvokeFunction", "lambda:*", "*"],
            Target::Topic => &["sns:Publish", "sns:*", "*"],
        }
    }

    fn resources(self) -> &'static [&'static str] {
        match self {
            Target::Bucket => &[
                "*",
                "arn:aws:s3:::b",
                "arn:aws:s3:::b/*",
                "arn:aws:s3:::b/${aws:username}/*",
                "arn:aws:s3:::b/${aws:PrincipalAccount}/*",
                "arn:aws:s3:::b/${aws:PrincipalTag/team, 'dflt'}/*",
                "arn:aws:s3:::b/public/*",
                "arn:*",
                "arn:aws:s3:*",
                "arn:aws:s3:::other",
            ],
            Target::BucketChina => &["*", "arn:aws-cn:s3:::b/*", "arn:aws:s3:::b/*"],
            Target::Queue => &[
                "*",
                "arn:aws:sqs:us-east-1:111122223333:q",
                "arn:aws:sqs:*:${aws:ResourceAccount}:q",
                "arn:aws:sqs:*",
            ],
            Target::Key => &["*", "arn:aws:kms:us-east-1:111122223333:key/*"],
            Target::Role => &[],
            Target::Function => &[
                "*",
                "arn:aws:lambda:us-east-1:111122223333:function:f",
                "arn:aws:lambda:us-east-1:111122223333:function:f:*",
            ],
            Target::Topic => &["*", "arn:aws:sns:us-east-1:111122223333:t"],
        }
    }
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        4 => Just(Target::Bucket),
        1 => Just(Target::BucketChina),
        2 => Just(Target::Queue),
        2 => Just(Target::Key),
        2 => Just(Target::Role),
        1 => Just(Target::Function),
        1 => Just(Target::Topic),
    ]
}

fn zone(org: bool) -> Zone {
    Zone {
        account: OWNER.into(),
        org: org.then(|| ORG.into()),
        org_accounts: if org {
            vec!["222233334444".into()]
        } else {
            Vec::new()
        },
        trusted_accounts: vec!["333344445555".into()],
    }
}

// ---------------------------------------------------------------------------
// Policies.

const AWS_PRINCIPALS: &[&str] = &[
    "*",
    "444455556666",
    "111122223333",
    "222233334444",
    "arn:aws:iam::444455556666:root",
    "arn:aws-cn:iam::444455556666:root",
    "arn:aws:iam::444455556666:role/R",
    "arn:aws:iam::444455556666:role/team/R",
    "arn:aws:sts::444455556666:assumed-role/R/s",
    "arn:aws:iam::555566667777:user/u",
    "arn:aws:sts::444455556666:federated-user/f",
    "AIDAEXAMPLEUNIQUEID",
    "arn:aws:iam::444455556666:role/${aws:username}",
];
const SERVICES: &[&str] = &["*", "sns.amazonaws.com", "cloudtrail.amazonaws.com"];
const PROVIDERS: &[&str] = &[
    "*",
    "cognito-identity.amazonaws.com",
    "arn:aws:iam::444455556666:saml-provider/corp",
    "arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com",
];
const CANONICAL: &[&str] = &["79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"];

/// Condition keys by the operator family they are compared with.
const STRING_KEYS: &[&str] = &[
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:PrincipalAccount",
    "kms:CallerAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:userid",
    "aws:username",
    "aws:PrincipalType",
    "aws:PrincipalServiceName",
    "aws:PrincipalTag/team",
    "aws:RequestTag/env",
    "aws:TagKeys",
    "aws:ResourceAccount",
    "s3:ResourceAccount",
    "aws:ResourceOrgID",
    "s3:prefix",
    "s3:x-amz-acl",
    "sts:ExternalId",
    "token.actions.githubusercontent.com:sub",
    "saml:aud",
    "aws:referer",
    "foo:bar",
];
const ARN_KEYS: &[&str] = &["aws:PrincipalArn", "aws:SourceArn"];
const NUMERIC_KEYS: &[&str] = &[
    "aws:MultiFactorAuthAge",
    "s3:max-keys",
    "aws:SourceAccount",
    "aws:PrincipalAccount",
];
const DATE_KEYS: &[&str] = &[
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:SourceAccount",
    "aws:RequestTag/env",
];
const BOOL_KEYS: &[&str] = &[
    "aws:SecureTransport",
    "aws:PrincipalIsAWSService",
    "aws:MultiFactorAuthPresent",
];
const IP_KEYS: &[&str] = &["aws:SourceIp", "aws:VpcSourceIp"];

const STRING_VALUES: &[&str] = &[
    "444455556666",
    "111122223333",
    "222233334444",
    "anonymous",
    "o-aaaaaaaaaa",
    "o-bbbbbbbbbb",
    "o-aaaaaaaaaa/*",
    "vpc-1",
    "alice",
    "AROAEXAMPLE:*",
    "AIDA*",
    "4444*",
    "44445555666?",
    "*",
    "?",
    "a*b",
    "User",
    "AssumedRole",
    "Anonymous",
    "sns.amazonaws.com",
    "public-read",
    "${aws:PrincipalAccount}",
    "${aws:ResourceAccount}",
    "${aws:ResourceOrgID}",
    "${aws:PrincipalOrgID}",
    "${aws:username}",
    "${aws:userid}",
    "${aws:PrincipalTag/team, 'dflt'}",
    "${aws:SourceAccount}",
    "${*}",
];
const ARN_VALUES: &[&str] = &[
    "arn:aws:iam::444455556666:role/R",
    "arn:aws:iam::444455556666:*",
    "arn:aws:iam::*:role/R",
    "arn:aws:iam::111122223333:root",
    "arn:aws:sns:us-east-1:444455556666:t",
    "arn:aws:sns:*:111122223333:*",
    "arn:aws:s3:::b",
    "arn:aws:*",
    "*",
    "arn:aws:iam::${aws:PrincipalAccount}:*",
];
const NUMERIC_VALUES: &[&str] = &["0", "5", "3600", "-1.5", "111122223333", "444455556666"];
const DATE_VALUES: &[&str] = &[
    "2020-01-01T00:00:00Z",
    "2030-06-01",
    "1700000000",
    "253402300800",
    "111122223333",
];
const IP_VALUES: &[&str] = &[
    "10.0.0.0/8",
    "10.0.0.1/32",
    "0.0.0.0/0",
    "::/0",
    "2001:db8::/32",
];

fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(pool).prop_map(str::to_string)
}

fn some_of(pool: &'static [&'static str], max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(pick(pool), 1..=max)
}

/// `(operator, key, values)`.
fn condition() -> impl Strategy<Value = (String, String, Vec<String>)> {
    let qualifier = prop_oneof![
        6 => Just(""),
        1 => Just("ForAnyValue:"),
        1 => Just("ForAllValues:"),
    ];
    let if_exists = prop_oneof![4 => Just(""), 1 => Just("IfExists")];
    let family = prop_oneof![
        8 => (
            prop::sample::select(&[
                "StringEquals",
                "StringNotEquals",
                "StringEqualsIgnoreCase",
                "StringNotEqualsIgnoreCase",
                "StringLike",
                "StringNotLike",
            ][..]),
            pick(STRING_KEYS),
            some_of(STRING_VALUES, 3)
        ),
        3 => (
            prop::sample::select(&["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"][..]),
            pick(ARN_KEYS),
            some_of(ARN_VALUES, 2)
        ),
        2 => (
            prop::sample::select(&[
                "NumericEquals",
                "NumericNotEquals",
                "NumericLessThan",
                "NumericLessThanEquals",
                "NumericGreaterThan",
                "NumericGreaterThanEquals",
            ][..]),
            pick(NUMERIC_KEYS),
            some_of(NUMERIC_VALUES, 2)
        ),
        2 => (
            prop::sample::select(&[
                "DateEquals",
                "DateNotEquals",
                "DateLessThan",
                "DateLessThanEquals",
                "DateGreaterThan",
                "DateGreaterThanEquals",
            ][..]),
            pick(DATE_KEYS),
            some_of(DATE_VALUES, 2)
        ),
        2 => (Just("Bool"), pick(BOOL_KEYS), some_of(&["true", "false"], 1)),
        2 => (
            prop::sample::select(&["IpAddress", "NotIpAddress"][..]),
            pick(IP_KEYS),
            some_of(IP_VALUES, 2)
        ),
        2 => (
            Just("Null"),
            pick(&[STRING_KEYS, ARN_KEYS, IP_KEYS].concat().leak()[..]),
            some_of(&["true", "false"], 1)
        ),
    ];
    (qualifier, if_exists, family).prop_map(|(q, e, (op, key, values))| {
        let e = if op == "Null" { "" } else { e };
        (format!("{q}{op}{e}"), key, values)
    })
}

#[derive(Debug, Clone)]
struct StatementSpec {
    deny: bool,
    principal: Option<(bool, Value)>,
    action: (bool, Vec<String>),
    resource: Option<(bool, Vec<String>)>,
    conditions: Vec<(String, String, Vec<String>)>,
}

fn principal_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => Just(json!("*")),
        4 => some_of(AWS_PRINCIPALS, 3).prop_map(|v| json!({"AWS": v})),
        2 => some_of(SERVICES, 2).prop_map(|v| json!({"Service": v})),
        1 => some_of(PROVIDERS, 2).prop_map(|v| json!({"Federated": v})),
        1 => some_of(CANONICAL, 1).prop_map(|v| json!({"CanonicalUser": v})),
        1 => (some_of(AWS_PRINCIPALS, 2), some_of(SERVICES, 1))
            .prop_map(|(a, s)| json!({"AWS": a, "Service": s})),
    ]
}

fn statement(t: Target) -> impl Strategy<Value = StatementSpec> {
    let actions = t.actions();
    let resources = t.resources();
    let resource = if resources.is_empty() {
        Just(None).boxed()
    } else {
        prop::option::weighted(0.8, (prop::bool::weighted(0.2), some_of(resources, 2))).boxed()
    };
    (
        prop::bool::weighted(0.35),
        (
            prop::bool::weighted(if t.trust() { 0.0 } else { 0.15 }),
            principal_value(),
        ),
        (prop::bool::weighted(0.15), some_of(actions, 2)),
        resource,
        prop::collection::vec(condition(), 0..=3),
    )
        .prop_map(
            |(deny, principal, action, resource, conditions)| StatementSpec {
                deny,
                principal: Some(principal),
                action,
                resource,
                conditions,
            },
        )
}

fn statement_json(s: &StatementSpec) -> Value {
    let mut object = serde_json::Map::new();
    object.insert(
        "Effect".into(),
        json!(if s.deny { "Deny" } else { "Allow" }),
    );
    if let Some((negated, value)) = &s.principal {
        let name = if *negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        object.insert(name.into(), value.clone());
    }
    let (negated, actions) = &s.action;
    object.insert(
        if *negated { "NotAction" } else { "Action" }.into(),
        json!(actions),
    );
    if let Some((negated, resources)) = &s.resource {
        object.insert(
            if *negated { "NotResource" } else { "Resource" }.into(),
            json!(resources),
        );
    }
    if !s.conditions.is_empty() {
        let mut block = serde_json::Map::new();
        for (op, key, values) in &s.conditions {
            let entry = block
                .entry(op.clone())
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            if let Value::Object(keys) = entry {
                if keys.keys().any(|k| k.eq_ignore_ascii_case(key)) {
                    continue;
                }
                keys.insert(key.clone(), json!(values));
            }
        }
        object.insert("Condition".into(), Value::Object(block));
    }
    Value::Object(object)
}

#[derive(Debug, Clone)]
struct Case {
    target: Target,
    org: bool,
    modern: bool,
    service_findings: bool,
    statements: Vec<StatementSpec>,
    tape: Vec<u16>,
}

fn case() -> impl Strategy<Value = Case> {
    target().prop_flat_map(|t| {
        (
            Just(t),
            prop::bool::weighted(0.4),
            prop::bool::weighted(0.9),
            prop::bool::weighted(0.85),
            prop::collection::vec(statement(t), 1..=4),
            prop::collection::vec(any::<u16>(), 512),
        )
            .prop_map(
                |(target, org, modern, service_findings, statements, tape)| Case {
                    target,
                    org,
                    modern,
                    service_findings,
                    statements,
                    tape,
                },
            )
    })
}

impl Case {
    fn policy(&self) -> Option<Policy> {
        let mut document = serde_json::Map::new();
        if self.modern {
            document.insert("Version".into(), json!("2012-10-17"));
        }
        document.insert(
            "Statement".into(),
            Value::Array(self.statements.iter().map(statement_json).collect()),
        );
        parse_policy_value(&Value::Object(document)).ok()
    }
}

// ---------------------------------------------------------------------------
// Requests, drawn from a tape so that proptest shrinks them toward the
// simplest choices (zeros).

struct Tape<'t> {
    tape: &'t [u16],
    at: usize,
}

impl Tape<'_> {
    fn below(&mut self, n: usize) -> usize {
        let value = self.tape.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        if n == 0 {
            0
        } else {
            usize::from(value) % n
        }
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'p>(&mut self, pool: &[&'p str]) -> &'p str {
        pool.get(self.below(pool.len())).copied().unwrap_or("")
    }
}

const ACCOUNTS: &[&str] = &[
    "444455556666",
    "111122223333",
    "222233334444",
    "333344445555",
    "555566667777",
    "000000000000",
    "444455556667",
    "999999999999",
];
const ORGS: &[&str] = &["o-aaaaaaaaaa", "o-bbbbbbbbbb", "o-zzzzzzzzzz"];
const NAMES: &[&str] = &["R", "u", "alice", "bob", "public", "f", "dflt", "a"];
const TEXTS: &[&str] = &[
    "vpc-1",
    "alice",
    "a",
    "ab",
    "a*b",
    "*",
    "dflt",
    "444455556666",
    "o-aaaaaaaaaa",
    "public-read",
    "repo:org/app:ref:refs/heads/main",
    "sns.amazonaws.com",
];
const ARNS: &[&str] = &[
    "arn:aws:sns:us-east-1:444455556666:t",
    "arn:aws:sns:us-east-1:111122223333:t",
    "arn:aws:s3:::b",
    "arn:aws:iam::444455556666:role/R",
    "arn:aws:sqs:us-east-1:222233334444:q",
];
const IPS: &[&str] = &["10.0.0.1", "10.1.2.3", "192.168.0.1", "2001:db8::1", "::1"];
const DATES: &[&str] = &[
    "2020-01-01T00:00:00Z",
    "2019-06-01T12:00:00.500Z",
    "1700000000",
    "253402300800",
    "2030-06-01T00:00:00Z",
];
const NUMBERS: &[&str] = &["0", "5", "3.5", "-1", "3600", "111122223333"];

fn identity(tape: &mut Tape<'_>, partition: &str, account: &str) -> String {
    let name = tape.pick(NAMES);
    match tape.below(6) {
        0 => format!("arn:{partition}:iam::{account}:root"),
        1 => format!("arn:{partition}:iam::{account}:user/{name}"),
        2 => format!("arn:{partition}:iam::{account}:user/ops/{name}"),
        3 => format!("arn:{partition}:iam::{account}:role/{name}"),
        4 => format!("arn:{partition}:iam::{account}:role/team/{name}"),
        _ => format!("arn:{partition}:sts::{account}:federated-user/{name}"),
    }
}

/// A principal that can make requests of `callers`.
fn principal(tape: &mut Tape<'_>, question: &ExternalAccess, callers: Callers) -> RequestPrincipal {
    let universe = &question.env.universe;
    let partition = question.env.partition.clone();
    let service = |tape: &mut Tape<'_>| {
        let mut pool: Vec<&str> =
            vec!["sns.amazonaws.com", "logs.amazonaws.com", "x.amazonaws.com"];
        pool.extend(universe.services.iter().map(String::as_str));
        RequestPrincipal::Service(tape.pick(&pool).to_string())
    };
    let aws = |tape: &mut Tape<'_>| {
        let sessions: Vec<&str> = universe.sessions.iter().map(String::as_str).collect();
        let opaque: Vec<&str> = universe.opaque.iter().map(String::as_str).collect();
        match tape.below(8) {
            0 if !sessions.is_empty() => RequestPrincipal::Aws(tape.pick(&sessions).to_string()),
            1 if !opaque.is_empty() => RequestPrincipal::Aws(tape.pick(&opaque).to_string()),
            _ => {
                let account = tape.pick(ACCOUNTS).to_string();
                RequestPrincipal::Aws(identity(tape, &partition, &account))
            }
        }
    };
    match callers {
        Callers::AssumeRole | Callers::Nobody => {
            if tape.chance(30) {
                service(tape)
            } else {
                aws(tape)
            }
        }
        Callers::Saml => RequestPrincipal::Federated(
            tape.pick(&[
                "arn:aws:iam::444455556666:saml-provider/corp",
                "arn:aws:iam::444455556666:other/corp",
            ])
            .to_string(),
        ),
        Callers::WebIdentity => RequestPrincipal::Federated(
            tape.pick(&[
                "cognito-identity.amazonaws.com",
                "accounts.google.com",
                "arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com",
            ])
            .to_string(),
        ),
        Callers::AnyButFederated => match tape.below(10) {
            0 | 1 => RequestPrincipal::Anonymous,
            2 | 3 => service(tape),
            4 if !universe.canonical_users.is_empty() => RequestPrincipal::CanonicalUser(
                universe
                    .canonical_users
                    .iter()
                    .next()
                    .cloned()
                    .unwrap_or_default(),
            ),
            _ => aws(tape),
        },
    }
}

/// A resource string of the class.
fn resource(tape: &mut Tape<'_>, patterns: &[zoneproof_encodings::pattern::Pattern]) -> String {
    let suffixes = [
        "x",
        "444455556666/x",
        "alice/x",
        "public/y",
        "dflt/z",
        "",
        "a:b",
    ];
    let Some(pattern) = patterns.get(tape.below(patterns.len())) else {
        return "arn:aws:s3:::b".into();
    };
    match pattern.strategy() {
        Shortcut::Literal(text) => text.to_string(),
        Shortcut::Prefix(prefix) => format!("{prefix}{}", suffixes[tape.below(suffixes.len())]),
        _ => pattern.to_string(),
    }
}

/// The role session name of an assumed-role principal (the ARN's last
/// component).
fn session_name(principal: &RequestPrincipal) -> Option<&str> {
    match principal {
        RequestPrincipal::Aws(arn) if arn.contains(":assumed-role/") => arn.rsplit('/').next(),
        _ => None,
    }
}

/// A value of a key (or fact) of a request from `principal`.
fn value(
    tape: &mut Tape<'_>,
    info: &KeyInfo,
    fact: Option<FactShape>,
    partition: &str,
    principal: &RequestPrincipal,
) -> String {
    use zoneproof_analyzer::catalog::KeyType;
    match fact {
        Some(FactShape::Account) => return tape.pick(ACCOUNTS).into(),
        Some(FactShape::IdentityArn) => {
            let account = tape.pick(ACCOUNTS).to_string();
            return identity(tape, partition, &account);
        }
        Some(FactShape::UserUniqueId) => return tape.pick(&["AIDAEXAMPLE1", "AIDAOTHER2"]).into(),
        Some(FactShape::RoleSessionId) => {
            // AWS forms it as the role's unique id, a colon and the
            // session name of the principal's ARN.
            let role_id = tape.pick(&["AROAEXAMPLE", "AROAOTHER"]);
            let session = session_name(principal).unwrap_or("s");
            return format!("{role_id}:{session}");
        }
        Some(FactShape::PrincipalType) => {
            return tape
                .pick(&["Account", "User", "AssumedRole", "FederatedUser"])
                .into()
        }
        Some(FactShape::Key) | None => {}
    }
    match info.shape {
        ValueShape::Account => tape.pick(ACCOUNTS).into(),
        ValueShape::OrgId => tape.pick(ORGS).into(),
        ValueShape::OrgPath => format!("{}/r-ab12/", tape.pick(ORGS)),
        ValueShape::Arn => tape.pick(ARNS).into(),
        ValueShape::Ip => tape.pick(IPS).into(),
        ValueShape::Bool => tape.pick(&["true", "false"]).into(),
        ValueShape::Any => match info.value_type.map(KeyType::element_type) {
            Some(KeyType::Date) => tape.pick(DATES).into(),
            Some(KeyType::Numeric) => tape.pick(NUMBERS).into(),
            _ => {
                let mut pool = TEXTS.to_vec();
                pool.extend(DATES);
                pool.extend(NUMBERS);
                tape.pick(&pool).into()
            }
        },
    }
}

/// A realistic request of the question's request space.
fn request(tape: &mut Tape<'_>, question: &ExternalAccess, zone: &Zone) -> Request {
    let env = &question.env;
    // Actions nobody makes on their own (sts:TagSession, ...) are outside
    // the request space.
    let possible: Vec<usize> = (0..env.classes.len())
        .filter(|i| env.classes[*i].callers != Callers::Nobody)
        .collect();
    let class_index = possible
        .get(tape.below(possible.len()))
        .copied()
        .unwrap_or(0);
    let Some(class) = env.classes.get(class_index) else {
        return Request::new(
            RequestPrincipal::Anonymous,
            "s3:GetObject",
            "arn:aws:s3:::b",
        );
    };
    let action = class.actions[tape.below(class.actions.len())].clone();
    let principal = principal(tape, question, class.callers);
    let resource = resource(tape, &class.resources);
    let shape = PrincipalShape::of(&principal);
    let via_vpc_endpoint = tape.chance(30);
    let mut context = Context::new();
    if via_vpc_endpoint && shape != PrincipalShape::Service {
        // A request through a VPC endpoint always names the VPC and the
        // endpoint (and carries no aws:SourceIp).
        context.insert("aws:SourceVpc", "vpc-1");
        context.insert("aws:SourceVpce", "vpce-1");
    }
    for (key, name) in DERIVED_KEY_NAMES {
        let info = KeyInfo::of(name);
        if info.service_gated && !class.keys.contains(&info.lowercase) {
            continue;
        }
        if let Derived::Value(v) = derived_value(&principal, key) {
            context.insert(name, v);
        }
    }
    let account = match &principal {
        RequestPrincipal::Aws(arn) => AwsIdentity::parse(arn).map(|i| i.account().to_string()),
        _ => None,
    };
    for (lowercase, entry) in &env.keys {
        let info = &entry.info;
        if context.contains_key(lowercase) {
            continue;
        }
        let traits = RequestTraits {
            shape,
            via_vpc_endpoint,
            action_lists_key: class.keys.contains(lowercase),
            owner_in_org: zone.org.as_ref().map(|_| true),
        };
        let (presence, fact) = match info.source {
            KeySource::Resource(ResourceKey::Account) => {
                if info.presence(&traits) == Presence::Always {
                    context.insert(info.name.clone(), OWNER);
                }
                continue;
            }
            KeySource::Principal(pk) => match derivation(shape, pk) {
                Derivation::Fact(f) => (info.presence(&traits).and(Presence::Maybe), Some(f)),
                Derivation::PresentFact(f) => (info.presence(&traits), Some(f)),
                _ => continue,
            },
            _ => (info.presence(&traits), None),
        };
        let present = match presence {
            Presence::Never => false,
            Presence::Always => true,
            Presence::Maybe => tape.chance(60),
        };
        if !present {
            continue;
        }
        let mut values = Vec::new();
        let count = if entry.vars.as_ref().is_some_and(|v| v.multivalued) {
            tape.below(entry.vars.as_ref().map_or(1, |v| v.elements.len()) + 1)
        } else {
            1
        };
        for _ in 0..count {
            values.push(value(tape, info, fact, &env.partition, &principal));
        }
        if lowercase == "aws:resourceorgid" {
            if let Some(org) = &zone.org {
                values = vec![org.clone()];
            }
        }
        context.insert_all(info.name.clone(), values);
    }
    // Zone members carry the zone's organization; organization paths start
    // with the principal's organization.
    if let (Some(org), Some(account)) = (&zone.org, &account) {
        if env.org_members.contains(account) && env.key("aws:principalorgid").is_some() {
            let mut fixed = Context::new();
            for (k, v) in context.iter() {
                if !k.eq_ignore_ascii_case("aws:PrincipalOrgID") {
                    fixed.insert_all(k, v.to_vec());
                }
            }
            fixed.insert("aws:PrincipalOrgID", org.clone());
            context = fixed;
        }
    }
    if let Some([org]) = context
        .get("aws:PrincipalOrgID")
        .map(<[String]>::to_vec)
        .as_deref()
    {
        // A member of an organization has at least one path (the encoder
        // reads both keys whenever a policy names one of them).
        let paths = context
            .get("aws:PrincipalOrgPaths")
            .map(<[String]>::to_vec)
            .filter(|paths| !paths.is_empty())
            .or_else(|| {
                env.key("aws:principalorgpaths")
                    .is_some_and(|e| e.vars.is_some())
                    .then(|| vec![String::new()])
            });
        if let Some(paths) = paths {
            let mut fixed = Context::new();
            for (k, v) in context.iter() {
                if !k.eq_ignore_ascii_case("aws:PrincipalOrgPaths") {
                    fixed.insert_all(k, v.to_vec());
                }
            }
            fixed.insert_all(
                "aws:PrincipalOrgPaths",
                paths.iter().map(|_| format!("{org}/r-ab12/")),
            );
            context = fixed;
        }
    } else if context.contains_key("aws:PrincipalOrgPaths") {
        let mut fixed = Context::new();
        for (k, v) in context.iter() {
            if !k.eq_ignore_ascii_case("aws:PrincipalOrgPaths") {
                fixed.insert_all(k, v.to_vec());
            }
        }
        context = fixed;
    }
    // The ARN of a principal known by an opaque id names the principal's
    // account (AWS: `aws:PrincipalArn` is the ARN of the principal whose
    // account is `aws:PrincipalAccount`); both are facts drawn apart above.
    if let (Some([account]), Some([arn])) = (
        context
            .get("aws:PrincipalAccount")
            .map(<[String]>::to_vec)
            .as_deref(),
        context
            .get("aws:PrincipalArn")
            .map(<[String]>::to_vec)
            .as_deref(),
    ) {
        if let Some(identity) = AwsIdentity::parse(arn) {
            if identity.account() != account {
                let fixed_arn = arn.replacen(
                    &format!(":{}:", identity.account()),
                    &format!(":{account}:"),
                    1,
                );
                let mut fixed = Context::new();
                for (k, v) in context.iter() {
                    if !k.eq_ignore_ascii_case("aws:PrincipalArn") {
                        fixed.insert_all(k, v.to_vec());
                    }
                }
                fixed.insert("aws:PrincipalArn", fixed_arn);
                context = fixed;
            }
        }
    }
    if !context.contains_key("aws:ResourceAccount") {
        context.insert("aws:ResourceAccount", OWNER);
    }
    let _ = account_pattern;
    Request {
        principal,
        action,
        resource,
        context,
    }
}

// ---------------------------------------------------------------------------
// The property.

/// Checks every request drawn from the case's tape; `Ok(false)` when the
/// case is outside what the analysis decides (`unknown`) or not a valid
/// policy.
fn check_case(case: &Case) -> Result<bool, String> {
    let started = std::time::Instant::now();
    let result = check_case_inner(case);
    if std::env::var_os("ZONEPROOF_PROPTEST_SLOW").is_some() && started.elapsed().as_millis() > 200
    {
        eprintln!(
            "slow case ({} ms): {:?}",
            started.elapsed().as_millis(),
            case.policy()
                .map(|p| serde_json::to_string(&p).unwrap_or_default())
        );
    }
    result
}

fn check_case_inner(case: &Case) -> Result<bool, String> {
    let Some(policy) = case.policy() else {
        return Ok(false);
    };
    let zone = zone(case.org);
    let options = QuestionOptions {
        service_findings: case.service_findings,
    };
    let question = match ExternalAccess::new(
        &policy,
        case.target.resource_type(),
        case.target.arn(),
        &zone,
        options,
    ) {
        Ok(q) => q,
        Err(zoneproof_analyzer::encode::EncodeError::Unsupported(_)) => return Ok(false),
        Err(e) => return Err(format!("encoding failed: {e}")),
    };
    let oracle = QuestionOracle::new(&question, &policy).map_err(|e| e.to_string())?;
    let mut tape = Tape {
        tape: &case.tape,
        at: 0,
    };
    for _ in 0..REQUESTS_PER_POLICY {
        let request = request(&mut tape, &question, &zone);
        oracle
            .check(&request)
            .map_err(|m| format!("{m}\noriginal request: {request:?}"))?;
    }
    let _ = complete_model;
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        rng_seed: seed(),
        max_shrink_iters: 2048,
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn the_encoder_agrees_with_the_evaluator_on_every_request(case in case()) {
        let policy = case.policy().map(|p| serde_json::to_string(&p).unwrap_or_default());
        if let Err(mismatch) = check_case(&case) {
            prop_assert!(false, "{mismatch}\npolicy: {}\nzone org: {}", policy.unwrap_or_default(), case.org);
        }
    }
}

// ---------------------------------------------------------------------------
// Regression tests: each bug the property test found, as the shrunk case.

/// Checks one request against one policy with the oracle.
fn oracle(target: Target, org: bool, policy: Value, request: Request) -> Result<(), String> {
    let policy = parse_policy_value(&policy).map_err(|e| e.to_string())?;
    let zone = zone(org);
    let question = ExternalAccess::new(
        &policy,
        target.resource_type(),
        target.arn(),
        &zone,
        QuestionOptions::default(),
    )
    .map_err(|e| e.to_string())?;
    check_request(&question, &policy, &request).map_err(|m| m.to_string())
}

/// A request of IAM user `R` of `account` through a VPC endpoint, with the
/// keys its principal gives it and `extra` context entries.
fn user_request(account: &str, action: &str, target: Target, extra: &[(&str, &str)]) -> Request {
    let user = format!("arn:aws:iam::{account}:user/R");
    let mut pairs = vec![
        ("aws:PrincipalAccount", account),
        ("aws:PrincipalArn", user.as_str()),
        ("aws:PrincipalIsAWSService", "false"),
        ("aws:PrincipalType", "User"),
        ("aws:ResourceAccount", OWNER),
        ("aws:SourceVpc", "vpc-1"),
        ("aws:SourceVpce", "vpce-1"),
        ("aws:username", "R"),
    ];
    pairs.extend_from_slice(extra);
    Request {
        principal: RequestPrincipal::Aws(user.clone()),
        action: action.into(),
        resource: target.arn().into(),
        context: context(&pairs),
    }
}

fn context(pairs: &[(&str, &str)]) -> Context {
    let mut context = Context::new();
    for (k, v) in pairs {
        context.insert(*k, *v);
    }
    context
}

#[test]
fn two_fresh_organization_variables_keep_their_own_representatives() {
    let request = Request {
        principal: RequestPrincipal::Aws("arn:aws:iam::444455556666:root".into()),
        action: "kms:SynchronizeMultiRegionKey".into(),
        resource: Target::Key.arn().into(),
        context: context(&[
            ("aws:PrincipalAccount", "444455556666"),
            ("aws:PrincipalArn", "arn:aws:iam::444455556666:root"),
            ("aws:PrincipalIsAWSService", "false"),
            ("aws:PrincipalOrgID", "o-aaaaaaaaaa"),
            ("aws:PrincipalOrgPaths", "o-aaaaaaaaaa/r-ab12/"),
            ("aws:PrincipalType", "Account"),
            ("aws:ResourceAccount", OWNER),
            ("aws:ResourceOrgID", "o-zzzzzzzzzz"),
            ("aws:SourceVpc", "vpc-1"),
            ("aws:SourceVpce", "vpce-1"),
            ("aws:userid", "444455556666"),
        ]),
    };
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "kms:Decrypt", "Condition": {"StringEquals": {"aws:referer":
            ["${aws:PrincipalOrgID}", "${aws:ResourceOrgID}"]}}}]});
    assert_eq!(oracle(Target::Key, false, policy, request), Ok(()));
}

#[test]
fn organization_variables_compared_with_organization_paths_keep_their_representatives() {
    let request = Request {
        principal: RequestPrincipal::Aws("arn:aws:iam::444455556666:root".into()),
        action: "kms:SynchronizeMultiRegionKey".into(),
        resource: Target::Key.arn().into(),
        context: context(&[
            ("aws:PrincipalAccount", "444455556666"),
            ("aws:PrincipalArn", "arn:aws:iam::444455556666:root"),
            ("aws:PrincipalIsAWSService", "false"),
            ("aws:PrincipalOrgID", "o-aaaaaaaaaa"),
            ("aws:PrincipalOrgPaths", "o-aaaaaaaaaa/r-ab12/"),
            ("aws:PrincipalType", "Account"),
            ("aws:ResourceAccount", OWNER),
            ("aws:ResourceOrgID", "o-zzzzzzzzzz"),
            ("aws:SourceVpc", "vpc-1"),
            ("aws:SourceVpce", "vpce-1"),
            ("aws:userid", "444455556666"),
        ]),
    };
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "kms:Decrypt", "Condition": {"StringEquals": {"aws:PrincipalOrgPaths":
            ["${aws:PrincipalOrgID}", "${aws:ResourceOrgID}"]}}}]});
    assert_eq!(oracle(Target::Key, false, policy, request), Ok(()));
}

#[test]
fn a_canonical_user_whose_userid_is_its_account_stays_in_the_domain() {
    let canonical = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
    let request = Request {
        principal: RequestPrincipal::CanonicalUser(canonical.into()),
        action: "s3:GetObject".into(),
        resource: "arn:aws:s3:::b/x".into(),
        context: context(&[
            ("aws:PrincipalAccount", "000000000000"),
            ("aws:PrincipalIsAWSService", "false"),
            ("aws:ResourceAccount", OWNER),
            ("aws:SourceVpc", "vpc-1"),
            ("aws:SourceVpce", "vpce-1"),
            ("aws:userid", "000000000000"),
        ]),
    };
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"CanonicalUser": canonical}, "Action": "s3:*",
        "Condition": {"StringEquals": {"aws:SourceVpc": "${aws:userid}"}}}]});
    assert_eq!(oracle(Target::Bucket, false, policy, request), Ok(()));
}

#[test]
fn a_tag_variable_compared_with_the_resource_account_may_equal_the_owner() {
    let request = Request {
        principal: RequestPrincipal::Aws("AIDAEXAMPLEUNIQUEID".into()),
        action: "sts:AssumeRole".into(),
        resource: Target::Role.arn().into(),
        context: context(&[
            ("aws:PrincipalAccount", "000000000000"),
            ("aws:PrincipalIsAWSService", "false"),
            ("aws:ResourceAccount", OWNER),
            ("aws:SourceVpc", "vpc-1"),
            ("aws:SourceVpce", "vpce-1"),
            ("aws:principaltag/team", OWNER),
        ]),
    };
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "AIDAEXAMPLEUNIQUEID"},
         "Action": "sts:AssumeRoleWithWebIdentity"},
        {"Effect": "Allow", "Principal": "*",
        "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"aws:ResourceAccount":
            ["${aws:PrincipalTag/team, 'dflt'}", "${aws:PrincipalAccount}"]}}}]});
    assert_eq!(oracle(Target::Role, false, policy, request), Ok(()));
}

#[test]
fn an_organization_value_that_is_a_stand_in_is_renamed_with_the_others() {
    let request = Request {
        principal: RequestPrincipal::Aws("arn:aws:iam::444455556666:root".into()),
        action: "kms:SynchronizeMultiRegionKey".into(),
        resource: Target::Key.arn().into(),
        context: context(&[
            ("aws:PrincipalAccount", "444455556666"),
            ("aws:PrincipalArn", "arn:aws:iam::444455556666:root"),
            ("aws:PrincipalIsAWSService", "false"),
            ("aws:PrincipalOrgID", "o-aaaaaaaaaa"),
            ("aws:PrincipalOrgPaths", "o-aaaaaaaaaa/r-ab12/"),
            ("aws:PrincipalType", "Account"),
            ("aws:ResourceAccount", OWNER),
            ("aws:ResourceOrgID", "o-bbbbbbbbbb"),
            ("aws:SourceVpc", "vpc-1"),
            ("aws:SourceVpce", "vpce-1"),
            ("aws:userid", "444455556666"),
        ]),
    };
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "kms:Decrypt", "Condition": {"StringEquals": {"aws:PrincipalOrgID":
            "${aws:ResourceOrgID}"}, "StringLike": {"aws:referer": "${aws:PrincipalOrgID}"}}}]});
    assert_eq!(oracle(Target::Key, false, policy, request), Ok(()));
}

#[test]
fn one_value_held_by_two_unrelated_variables_gets_a_representative_in_each() {
    let request = Request {
        principal: RequestPrincipal::Aws("arn:aws:iam::444455556666:user/R".into()),
        action: "s3:GetObject".into(),
        resource: "arn:aws:s3:::b/o-zzzzzzzzzz/x".into(),
        context: context(&[
            ("aws:PrincipalAccount", "444455556666"),
            ("aws:PrincipalArn", "arn:aws:iam::444455556666:user/R"),
            ("aws:PrincipalIsAWSService", "false"),
            ("aws:PrincipalType", "User"),
            ("aws:ResourceAccount", OWNER),
            ("aws:ResourceOrgID", "o-zzzzzzzzzz"),
            ("aws:SourceVpc", "vpc-1"),
            ("aws:SourceVpce", "vpce-1"),
            ("aws:principaltag/team", "o-zzzzzzzzzz"),
            ("aws:username", "R"),
        ]),
    };
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/${aws:PrincipalTag/team, 'dflt'}/*",
        "Condition": {"StringEquals": {"aws:SourceAccount": "${aws:ResourceOrgID}"}}}]});
    assert_eq!(oracle(Target::Bucket, false, policy, request), Ok(()));
}

#[test]
fn a_user_name_variable_in_the_resource_keeps_the_principal_s_representative() {
    let request = Request {
        principal: RequestPrincipal::Aws("arn:aws:iam::444455556666:user/alice".into()),
        action: "s3:AbortMultipartUpload".into(),
        resource: "arn:aws:s3:::b/alice/x".into(),
        context: context(&[
            ("aws:CurrentTime", "2020-01-01T00:00:00Z"),
            ("aws:PrincipalAccount", "444455556666"),
            ("aws:PrincipalArn", "arn:aws:iam::444455556666:user/alice"),
            ("aws:PrincipalIsAWSService", "false"),
            ("aws:PrincipalType", "User"),
            ("aws:RequestTag/env", "2019-06-01T12:00:00.500Z"),
            ("aws:ResourceAccount", OWNER),
            ("aws:SourceVpc", "vpc-1"),
            ("aws:SourceVpce", "vpce-1"),
            ("aws:username", "alice"),
        ]),
    };
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject",
         "Condition": {"DateEquals": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}},
        {"Effect": "Allow", "NotPrincipal": {"AWS": "444455556666"}, "NotAction": "s3:GetObject",
         "Resource": "arn:aws:s3:::b/${aws:username}/*",
         "Condition": {"DateNotEquals": {"aws:RequestTag/env": "2020-01-01T00:00:00Z"}}}]});
    assert_eq!(oracle(Target::Bucket, false, policy, request), Ok(()));
}

#[test]
fn variables_of_different_shapes_compared_with_one_key_may_hold_one_value() {
    // A user named like an organization, tagged with its name, in a
    // resource organization of that id: `${aws:PrincipalTag/team}` must be
    // able to take `${aws:ResourceOrgID}`'s stand-in (seeds 11 and 24).
    let user = "arn:aws:iam::444455556666:user/o-zzzzzzzzzz";
    let request = Request {
        principal: RequestPrincipal::Aws(user.into()),
        action: "s3:GetObject".into(),
        resource: "arn:aws:s3:::b/x".into(),
        context: context(&[
            ("aws:PrincipalAccount", "444455556666"),
            ("aws:PrincipalArn", user),
            ("aws:PrincipalIsAWSService", "false"),
            ("aws:PrincipalType", "User"),
            ("aws:ResourceAccount", OWNER),
            ("aws:ResourceOrgID", "o-zzzzzzzzzz"),
            ("aws:SourceVpc", "vpc-1"),
            ("aws:SourceVpce", "vpce-1"),
            ("aws:principaltag/team", "o-zzzzzzzzzz"),
            ("aws:username", "o-zzzzzzzzzz"),
        ]),
    };
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
        "Condition": {"StringEquals": {"aws:username": "${aws:ResourceOrgID}"},
                      "StringLike": {"aws:username": "${aws:PrincipalTag/team, 'dflt'}"}}}]});
    assert_eq!(oracle(Target::Bucket, false, policy, request), Ok(()));
}

#[test]
fn a_tag_variable_compared_with_the_principal_s_account_may_hold_an_account() {
    // The tag holds a fresh account, the principal's account is another:
    // renaming the tag's value where `aws:PrincipalAccount` is compared
    // with it renames the principal with it (seed 24).
    let request = user_request(
        "000000000000",
        "sqs:AddPermission",
        Target::Queue,
        &[("aws:principaltag/team", "253402300800")],
    );
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "sqs:*", "Condition": {"StringEquals": {"aws:PrincipalAccount":
            ["${aws:ResourceOrgID}", "${aws:PrincipalTag/team, 'dflt'}"]}}}]});
    assert_eq!(oracle(Target::Queue, false, policy, request), Ok(()));
}

#[test]
fn a_tag_variable_beside_the_principal_s_account_variable_takes_its_stand_ins() {
    // `${aws:PrincipalAccount}` and `${aws:PrincipalTag/team}` compared
    // with one key, the tag holding the principal's (fresh) account: both
    // take the principal accounts' stand-in (seed 11).
    let request = user_request(
        "444455556667",
        "kms:Decrypt",
        Target::Key,
        &[
            ("aws:principaltag/team", "444455556667"),
            ("aws:userid", "AIDAEXAMPLE1"),
        ],
    );
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "kms:Decrypt", "Condition": {"StringEquals": {"aws:referer":
            "${aws:PrincipalAccount}"}, "StringLike": {"aws:referer":
            "${aws:PrincipalTag/team, 'dflt'}"}}}]});
    let mut request = request;
    request.context.insert("aws:referer", "444455556667");
    assert_eq!(oracle(Target::Key, false, policy, request), Ok(()));
}

#[test]
fn a_tag_equal_to_the_account_is_not_renamed_with_it_through_a_userid_that_does_not_name_it() {
    // `${aws:userid}` and `${aws:PrincipalTag/team}` compared with one key;
    // the user's tag happens to hold its account. An IAM user's userid is
    // its unique id, not the account, so nothing the policy reads ties the
    // tag to the account: the tag takes its own stand-in, not the
    // account's (seed 424242 at 20,000 cases).
    let request = user_request(
        "444455556666",
        "kms:Decrypt",
        Target::Key,
        &[
            ("aws:principaltag/team", "444455556666"),
            ("aws:referer", "vpc-1"),
            ("aws:userid", "AIDAEXAMPLE1"),
        ],
    );
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "kms:Decrypt", "Condition": {"StringEquals": {"aws:referer":
            ["${aws:userid}", "${aws:PrincipalTag/team, 'dflt'}"]}}}]});
    assert_eq!(oracle(Target::Key, false, policy, request), Ok(()));
}

#[test]
fn a_federated_user_named_in_another_partition_does_not_shape_this_one() {
    // A China bucket's policy names a federated user of the aws partition
    // while `${aws:userid}` is used: the user of the same name in aws-cn
    // is a federated user like any other there (seed 7010).
    let user = "arn:aws-cn:sts::444455556666:federated-user/f";
    let request = Request {
        principal: RequestPrincipal::Aws(user.into()),
        action: "s3:GetObject".into(),
        resource: "arn:aws-cn:s3:::b/x".into(),
        context: context(&[
            ("aws:PrincipalAccount", "444455556666"),
            ("aws:PrincipalArn", user),
            ("aws:PrincipalIsAWSService", "false"),
            ("aws:PrincipalType", "FederatedUser"),
            ("aws:ResourceAccount", OWNER),
            ("aws:userid", "444455556666:f"),
        ]),
    };
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:*",
         "Condition": {"StringEquals": {"s3:prefix": "${aws:userid}"}}},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::444455556666:federated-user/f"},
         "Action": "s3:Get*"}]});
    assert_eq!(oracle(Target::BucketChina, false, policy, request), Ok(()));
}

#[test]
fn an_opaque_principal_s_arn_is_renamed_with_its_account() {
    // A principal known by its unique id: its ARN (a fact) names its
    // account, and renaming the account renames the ARN (a guard: the
    // seed 20 failure itself was the generator's, see
    // `generated_opaque_principals_name_their_account_in_their_arn`).
    let arn = "arn:aws:iam::444455556667:root";
    let request = Request {
        principal: RequestPrincipal::Aws("AIDAEXAMPLEUNIQUEID".into()),
        action: "s3:AbortMultipartUpload".into(),
        resource: "arn:aws:s3:::b/x".into(),
        context: context(&[
            ("aws:PrincipalAccount", "444455556667"),
            ("aws:PrincipalArn", arn),
            ("aws:PrincipalIsAWSService", "false"),
            ("aws:ResourceAccount", OWNER),
            ("aws:SourceVpc", "vpc-1"),
            ("aws:SourceVpce", "vpce-1"),
        ]),
    };
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": ["AIDAEXAMPLEUNIQUEID"], "Service": "sns.amazonaws.com"},
        "Action": "s3:*", "Condition": {"ArnEquals": {"aws:PrincipalArn":
            "arn:aws:iam::${aws:PrincipalAccount}:*"}}}]});
    assert_eq!(oracle(Target::Bucket, false, policy, request), Ok(()));
}

#[test]
fn generated_opaque_principals_name_their_account_in_their_arn() {
    // The generator drew `aws:PrincipalArn` and `aws:PrincipalAccount` of a
    // principal known by its unique id apart, a request AWS never makes
    // (seed 20 found it as a renaming mismatch): the ARN names the account.
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": ["AIDAEXAMPLEUNIQUEID"]}, "Action": "s3:*",
        "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:*"}}}]});
    let policy = parse_policy_value(&policy).expect("policy");
    let zone = zone(false);
    let question = ExternalAccess::new(
        &policy,
        Target::Bucket.resource_type(),
        Target::Bucket.arn(),
        &zone,
        QuestionOptions::default(),
    )
    .expect("question");
    let mut both = 0;
    for seed in 0..400u32 {
        let tape: Vec<u16> = (0..512u32)
            .map(|i| ((seed * 7919 + i * 104_729) % 65_521) as u16)
            .collect();
        let mut tape = Tape { tape: &tape, at: 0 };
        let request = request(&mut tape, &question, &zone);
        if let (Some([account]), Some([arn])) = (
            request.context.get("aws:PrincipalAccount"),
            request.context.get("aws:PrincipalArn"),
        ) {
            let named = AwsIdentity::parse(arn).map(|i| i.account().to_string());
            assert_eq!(named.as_deref(), Some(account.as_str()), "{request:?}");
            if matches!(&request.principal, RequestPrincipal::Aws(p) if p.starts_with("AIDA")) {
                both += 1;
            }
        }
    }
    assert!(both > 0, "no opaque principal drawn");
}

#[test]
fn a_federated_user_s_userid_is_renamed_with_the_principal_only() {
    // `aws:userid` of a federated user is `ACCOUNT:NAME`, derived from the
    // principal: it follows the principal's renaming and takes no stand-in
    // of its own (seed 50).
    let user = "arn:aws:sts::444455556666:federated-user/alice";
    let request = Request {
        principal: RequestPrincipal::Aws(user.into()),
        action: "lambda:DeleteProvisionedConcurrencyConfig".into(),
        resource: "arn:aws:lambda:us-east-1:111122223333:function:f:x".into(),
        context: context(&[
            ("aws:PrincipalAccount", "444455556666"),
            ("aws:PrincipalArn", user),
            ("aws:PrincipalIsAWSService", "false"),
            ("aws:PrincipalOrgID", "o-aaaaaaaaaa"),
            ("aws:PrincipalType", "FederatedUser"),
            ("aws:ResourceAccount", OWNER),
            ("aws:SourceVpc", "vpc-1"),
            ("aws:SourceVpce", "vpce-1"),
            ("aws:TagKeys", "alice"),
            ("aws:userid", "444455556666:alice"),
        ]),
    };
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "lambda:*", "Condition": {"StringEquals": {"aws:TagKeys": "${aws:userid}"}}}]});
    assert_eq!(oracle(Target::Function, false, policy, request), Ok(()));
}
