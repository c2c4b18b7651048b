//! The table of concrete authorization cases: each rule of the two
//! evaluation-logic pages, with the page and section it comes from.
//!
//! - LOGIC: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>
//!   (and its current sections `reference_policies_evaluation-logic_policy-eval-denyallow.html`);
//! - CROSS: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html>;
//! - BOUNDARIES: <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html>;
//! - POLICIES: <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html> (session policies);
//! - PRINCIPAL: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>;
//! - SCPS: <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html>
//!   and `orgs_manage_policies_inheritance_auth.html`;
//! - RCPS: <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html>
//!   and `orgs_manage_policies_rcps_evaluation.html`.

use serde_json::{json, Value};

use crate::eval::Decision::{self, Allow, ExplicitDeny, ImplicitDeny};

use super::fixture::*;

/// One row of the table.
pub(super) struct Case {
    pub(super) name: &'static str,
    /// The page and the rule the case checks.
    pub(super) cite: &'static str,
    pub(super) setup: fn() -> (Fixture, Req),
    pub(super) expect: Decision,
}

const OBJECT: &str = "arn:aws:s3:::data-a/report.csv";

fn key_arn(account: &str) -> String {
    format!("arn:aws:kms:us-east-1:{account}:key/1234abcd-12ab-34cd-56ef-1234567890ab")
}

fn read_objects() -> Value {
    doc(json!([allow("s3:GetObject", "arn:aws:s3:::data-a/*")]))
}

fn only_ec2() -> Value {
    doc(json!([allow("ec2:*", "*")]))
}

fn bucket_granting(principal: &str) -> Value {
    doc(json!([grant(
        principal,
        "s3:GetObject",
        "arn:aws:s3:::data-a/*"
    )]))
}

/// A bucket of account A whose policy grants `principal`, nothing else.
fn bucket_for(principal: &str) -> Fixture {
    let mut fixture = Fixture::new();
    fixture.bucket("data-a", A, bucket_granting(principal));
    fixture
}

fn get(principal: &str) -> Req {
    Req::new(principal, "s3:GetObject", OBJECT)
}

macro_rules! case {
    ($name:literal, $cite:literal, $expect:expr, $setup:expr) => {
        Case {
            name: $name,
            cite: $cite,
            setup: $setup,
            expect: $expect,
        }
    };
}

pub(super) const CASES: &[Case] = &[
    // ---- Identity-based policies, default deny, explicit deny ----
    case!("identity allows, no other policy", "LOGIC: identity-based policies - at least one Allow", Allow, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("nothing allows: implicit deny", "LOGIC: by default, all requests are implicitly denied", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[only_ec2()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("group policies count for their users", "LOGIC: identity-based policies include policies from groups", Allow, || {
        let mut f = Fixture::new();
        f.group(A, "readers", &[], Some((&format!("arn:aws:iam::{A}:policy/read-data"), read_objects())))
            .user_in_groups(A, "gina", &["readers"]);
        (f, get(&user_arn(A, "gina")))
    }),
    case!("explicit deny in an identity policy overrides its allow", "LOGIC: an explicit deny in any policy overrides any allows", ExplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[read_objects(), doc(json!([deny("s3:*", "arn:aws:s3:::*data*/*")]))], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("Carlos: identity denies *log* buckets despite the bucket policy", "LOGIC: example identity-based and resource-based policy evaluation", ExplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "carlossalazar", &[doc(json!([
            {"Sid": "AllowS3Self", "Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"]},
            {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*"}]))], None)
            .bucket("carlossalazar-logs", A, doc(json!([grant(&user_arn(A, "carlossalazar"), "s3:*", "arn:aws:s3:::carlossalazar-logs")])));
        (f, Req::new(&user_arn(A, "carlossalazar"), "s3:ListBucket", "arn:aws:s3:::carlossalazar-logs"))
    }),
    case!("Carlos: his own bucket, allowed by both", "LOGIC: example identity-based and resource-based policy evaluation", Allow, || {
        let mut f = Fixture::new();
        f.user(A, "carlossalazar", &[doc(json!([
            {"Sid": "AllowS3Self", "Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"]},
            {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*"}]))], None)
            .bucket("carlossalazar", A, doc(json!([grant(&user_arn(A, "carlossalazar"), "s3:*", "arn:aws:s3:::carlossalazar/*")])));
        (f, Req::new(&user_arn(A, "carlossalazar"), "s3:PutObject", "arn:aws:s3:::carlossalazar/notes.txt"))
    }),
    case!("explicit deny in the resource policy overrides the identity allow", "LOGIC: an explicit deny in either of these policies overrides the allow", ExplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[read_objects()], None).bucket("data-a", A, doc(json!([
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::data-a/*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}])));
        (f, get(&user_arn(A, "alice")).context("aws:SecureTransport", "false"))
    }),
    case!("same account: identity or resource policy is enough (identity only)", "LOGIC: if either the identity-based policy or the resource-based policy allows, the request is allowed", Allow, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[read_objects()], None).bucket("data-a", A, bucket_granting(&user_arn(A, "someone-else")));
        (f, get(&user_arn(A, "alice")))
    }),
    // ---- Permissions boundaries ----
    case!("boundary allows what identity allows", "BOUNDARIES: effective permissions are the intersection", Allow, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[read_objects()], Some(doc(json!([allow("s3:*", "*")]))));
        (f, get(&user_arn(A, "alice")))
    }),
    case!("boundary silent: implicit deny despite identity allow", "LOGIC: IAM permissions boundaries - if the boundary does not allow, implicitly denied", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[read_objects()], Some(only_ec2()));
        (f, get(&user_arn(A, "alice")))
    }),
    case!("boundary deny is an explicit deny", "BOUNDARIES: an explicit deny in either of these policies overrides the allow", ExplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[read_objects()], Some(doc(json!([allow("*", "*"), deny("s3:GetObject", "*")]))));
        (f, get(&user_arn(A, "alice")))
    }),
    case!("a boundary grants nothing on its own", "BOUNDARIES: a boundary limits permissions but does not provide permissions on its own", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[], Some(doc(json!([allow("*", "*")]))));
        (f, get(&user_arn(A, "alice")))
    }),
    // ---- Same account: resource-based policies and implicit denies (the page's table) ----
    case!("IAM user ARN granted, identity silent, no boundary", "LOGIC: resource-based policies, IAM user - not limited by an implicit deny in identity-based policy", Allow, || {
        let mut f = bucket_for(&user_arn(A, "bob"));
        f.user(A, "bob", &[], None);
        (f, get(&user_arn(A, "bob")))
    }),
    case!("IAM user ARN granted, boundary silent", "LOGIC: resource-based policies, IAM user - not limited by an implicit deny in a permissions boundary", Allow, || {
        let mut f = bucket_for(&user_arn(A, "bob"));
        f.user(A, "bob", &[], Some(only_ec2()));
        (f, get(&user_arn(A, "bob")))
    }),
    case!("IAM user ARN granted, boundary explicitly denies", "LOGIC: an explicit deny in any policy overrides any allows", ExplicitDeny, || {
        let mut f = bucket_for(&user_arn(A, "bob"));
        f.user(A, "bob", &[], Some(doc(json!([allow("*", "*"), deny("s3:*", "*")]))));
        (f, get(&user_arn(A, "bob")))
    }),
    case!("IAM role ARN granted, no boundary, no session policy", "LOGIC: resource-based policies, IAM role - limited only by boundary and session policy", Allow, || {
        let mut f = bucket_for(&role_arn(A, "app"));
        f.role(A, "app", &[], None, None);
        (f, get(&session_arn(A, "app", "s1")))
    }),
    case!("IAM role ARN granted, boundary silent", "LOGIC: resource-based policies that grant permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary", ImplicitDeny, || {
        let mut f = bucket_for(&role_arn(A, "app"));
        f.role(A, "app", &[], Some(only_ec2()), None);
        (f, get(&session_arn(A, "app", "s1")))
    }),
    case!("IAM role ARN granted, boundary silent, identity allows too", "LOGIC: resource-based policies, IAM role - the boundary still limits", ImplicitDeny, || {
        let mut f = bucket_for(&role_arn(A, "app"));
        f.role(A, "app", &[read_objects()], Some(only_ec2()), None);
        (f, get(&session_arn(A, "app", "s1")))
    }),
    case!("IAM role ARN granted, session policy silent", "LOGIC: resource-based policies that grant permissions to an IAM role ARN are limited by an implicit deny in a session policy", ImplicitDeny, || {
        let mut f = bucket_for(&role_arn(A, "app"));
        f.role(A, "app", &[], None, None);
        (f, get(&session_arn(A, "app", "s1")).session_policy(only_ec2()))
    }),
    case!("IAM role ARN granted, boundary and session policy allow", "LOGIC: resource-based policies, IAM role; POLICIES: session policy with a resource-based policy naming the entity ARN", Allow, || {
        let mut f = bucket_for(&role_arn(A, "app"));
        f.role(A, "app", &[], Some(doc(json!([allow("s3:*", "*")]))), None);
        (f, get(&session_arn(A, "app", "s1")).session_policy(doc(json!([allow("s3:GetObject", "*")]))))
    }),
    case!("role named by aws:PrincipalArn with a wildcard Principal, boundary silent", "LOGIC/PRINCIPAL: boundaries and session policies do not limit aws:PrincipalArn with a wildcard Principal", Allow, || {
        let mut f = Fixture::new();
        f.bucket("data-a", A, doc(json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::data-a/*", "Condition": {"ArnEquals": {"aws:PrincipalArn": role_arn(A, "app")}}}])))
            .role(A, "app", &[], Some(only_ec2()), None);
        (f, get(&session_arn(A, "app", "s1")).session_policy(only_ec2()))
    }),
    case!("role named by aws:PrincipalArn with the account as Principal, boundary silent", "LOGIC: the role ARN in the Principal element or the aws:PrincipalArn condition key - limited by the boundary", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.bucket("data-a", A, doc(json!([{"Effect": "Allow", "Principal": {"AWS": A}, "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::data-a/*", "Condition": {"ArnLike": {"aws:PrincipalArn": role_arn(A, "app")}}}])))
            .role(A, "app", &[], Some(only_ec2()), None);
        (f, get(&session_arn(A, "app", "s1")))
    }),
    case!("role named by aws:PrincipalArn with the account as Principal, identity silent", "LOGIC: the role ARN in the aws:PrincipalArn condition key - a grant to the role", Allow, || {
        let mut f = Fixture::new();
        f.bucket("data-a", A, doc(json!([{"Effect": "Allow", "Principal": {"AWS": A}, "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::data-a/*", "Condition": {"ArnLike": {"aws:PrincipalArn": role_arn(A, "app")}}}])))
            .role(A, "app", &[], None, None);
        (f, get(&session_arn(A, "app", "s1")))
    }),
    case!("IAM role session ARN granted, identity, boundary and session policy silent", "LOGIC: resource-based policies, IAM role session - not limited by identity, boundary or session policy", Allow, || {
        let mut f = bucket_for(&session_arn(A, "app", "s1"));
        f.role(A, "app", &[], Some(only_ec2()), None);
        (f, get(&session_arn(A, "app", "s1")).session_policy(only_ec2()))
    }),
    case!("IAM role session ARN granted, another session asks", "LOGIC: the principal making the request is the role session ARN", ImplicitDeny, || {
        let mut f = bucket_for(&session_arn(A, "app", "s1"));
        f.role(A, "app", &[], None, None);
        (f, get(&session_arn(A, "app", "s2")))
    }),
    case!("federated user ARN granted, identity, boundary and session policy silent", "LOGIC: resource-based policies, AWS STS federated user principal - granted directly to the session", Allow, || {
        let mut f = bucket_for(&format!("arn:aws:sts::{A}:federated-user/fed"));
        f.user(A, "broker", &[], Some(only_ec2()));
        (f, get(&format!("arn:aws:sts::{A}:federated-user/fed")).federating_user(&user_arn(A, "broker")).session_policy(only_ec2()))
    }),
    case!("federating user ARN granted, boundary silent", "LOGIC: a grant to the ARN of the IAM user who federated is limited by a boundary", ImplicitDeny, || {
        let mut f = bucket_for(&user_arn(A, "broker"));
        f.user(A, "broker", &[], Some(only_ec2()));
        (f, get(&format!("arn:aws:sts::{A}:federated-user/fed")).federating_user(&user_arn(A, "broker")).session_policy(doc(json!([allow("*", "*")]))))
    }),
    case!("federating user ARN granted, boundary and session policy allow", "LOGIC: a grant to the ARN of the IAM user who federated, limited by boundary and session policy", Allow, || {
        let mut f = bucket_for(&user_arn(A, "broker"));
        f.user(A, "broker", &[], Some(doc(json!([allow("s3:*", "*")]))));
        (f, get(&format!("arn:aws:sts::{A}:federated-user/fed")).federating_user(&user_arn(A, "broker")).session_policy(doc(json!([allow("s3:*", "*")]))))
    }),
    case!("federating user ARN granted, session policy silent", "LOGIC: a grant to the ARN of the IAM user who federated is limited by a session policy", ImplicitDeny, || {
        let mut f = bucket_for(&user_arn(A, "broker"));
        f.user(A, "broker", &[], None);
        (f, get(&format!("arn:aws:sts::{A}:federated-user/fed")).federating_user(&user_arn(A, "broker")).session_policy(only_ec2()))
    }),
    case!("account granted: identity must allow (silent)", "LOGIC: the exceptions are for grants to the user or session itself; KMS: the account principal delegates to IAM", ImplicitDeny, || {
        let mut f = bucket_for(&format!("arn:aws:iam::{A}:root"));
        f.user(A, "bob", &[], None);
        (f, get(&user_arn(A, "bob")))
    }),
    case!("account granted, identity allows", "LOGIC: identity-based policies allow", Allow, || {
        let mut f = bucket_for(A);
        f.user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("NotPrincipal Deny always denies a principal with a boundary", "BOUNDARIES: NotPrincipal with Deny denies any principal that has a permissions boundary", ExplicitDeny, || {
        let mut f = Fixture::new();
        f.bucket("data-a", A, doc(json!([
            {"Effect": "Deny", "NotPrincipal": {"AWS": user_arn(A, "alice")}, "Action": "s3:*", "Resource": "arn:aws:s3:::data-a/*"}])))
            .user(A, "alice", &[read_objects()], Some(doc(json!([allow("s3:*", "*")]))));
        (f, get(&user_arn(A, "alice")))
    }),
    case!("NotPrincipal Deny exempts the listed principal without a boundary", "LOGIC: NotPrincipal names the exempted principal", Allow, || {
        let mut f = Fixture::new();
        f.bucket("data-a", A, doc(json!([
            {"Effect": "Deny", "NotPrincipal": {"AWS": user_arn(A, "alice")}, "Action": "s3:*", "Resource": "arn:aws:s3:::data-a/*"}])))
            .user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    // ---- Session policies ----
    case!("role session without session policy has the role's permissions", "LOGIC: session policies - no session policy and a role session: allowed", Allow, || {
        let mut f = Fixture::new();
        f.role(A, "app", &[read_objects()], None, None);
        (f, get(&session_arn(A, "app", "s1")))
    }),
    case!("session policy silent limits the role's permissions", "LOGIC: session policies - present and does not allow: implicitly denied", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.role(A, "app", &[read_objects()], None, None);
        (f, get(&session_arn(A, "app", "s1")).session_policy(only_ec2()))
    }),
    case!("session policy allows what the role allows", "LOGIC: session policies - present and allows: allowed", Allow, || {
        let mut f = Fixture::new();
        f.role(A, "app", &[read_objects()], Some(doc(json!([allow("s3:*", "*")]))), None);
        (f, get(&session_arn(A, "app", "s1")).session_policy(doc(json!([allow("s3:Get*", "*")]))))
    }),
    case!("a session policy grants nothing beyond the identity policies", "POLICIES: session policies limit permissions but do not grant permissions", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.role(A, "app", &[only_ec2()], None, None);
        (f, get(&session_arn(A, "app", "s1")).session_policy(doc(json!([allow("*", "*")]))))
    }),
    case!("federated user without a session policy has no permissions", "LOGIC: session policies - no session policy and not a role session: implicitly denied", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "broker", &[read_objects()], None);
        (f, get(&format!("arn:aws:sts::{A}:federated-user/fed")).federating_user(&user_arn(A, "broker")))
    }),
    case!("federated user: identity and session policy allow", "POLICIES: federated user session permissions are the intersection", Allow, || {
        let mut f = Fixture::new();
        f.user(A, "broker", &[read_objects()], None);
        (f, get(&format!("arn:aws:sts::{A}:federated-user/fed")).federating_user(&user_arn(A, "broker")).session_policy(read_objects()))
    }),
    // ---- Root user ----
    case!("root user: full access without policies", "LOGIC: all requests are implicitly denied with the exception of the root user", Allow, || {
        (Fixture::new(), get(&format!("arn:aws:iam::{A}:root")))
    }),
    case!("root user: a KMS key policy that does not name it", "LOGIC: KMS key policies must explicitly allow access", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.resource(&key_arn(A), "AWS::KMS::Key", A, Some(doc(json!([grant(&role_arn(A, "app"), "kms:*", "*")]))));
        (f, Req::new(A, "kms:Decrypt", &key_arn(A)))
    }),
    // ---- KMS key policies and trust policies must allow ----
    case!("key policy grants the account, identity allows", "LOGIC: KMS key policies; the key policy delegates to IAM policies", Allow, || {
        let mut f = Fixture::new();
        f.resource(&key_arn(A), "AWS::KMS::Key", A, Some(doc(json!([grant(&format!("arn:aws:iam::{A}:root"), "kms:*", "*")]))))
            .user(A, "alice", &[doc(json!([allow("kms:Decrypt", "*")]))], None);
        (f, Req::new(&user_arn(A, "alice"), "kms:Decrypt", &key_arn(A)))
    }),
    case!("key policy silent, identity allows", "LOGIC: KMS key policies must explicitly allow access even within the account", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.resource(&key_arn(A), "AWS::KMS::Key", A, Some(doc(json!([grant(&role_arn(A, "admin"), "kms:*", "*")]))))
            .user(A, "alice", &[doc(json!([allow("kms:Decrypt", "*")]))], None);
        (f, Req::new(&user_arn(A, "alice"), "kms:Decrypt", &key_arn(A)))
    }),
    case!("key policy grants the user, identity silent", "LOGIC: a resource-based policy that names the user grants directly", Allow, || {
        let mut f = Fixture::new();
        f.resource(&key_arn(A), "AWS::KMS::Key", A, Some(doc(json!([grant(&user_arn(A, "bob"), "kms:Decrypt", "*")]))))
            .user(A, "bob", &[], None);
        (f, Req::new(&user_arn(A, "bob"), "kms:Decrypt", &key_arn(A)))
    }),
    case!("trust policy names the user, identity silent", "LOGIC: role trust policies; a policy naming the user grants directly", Allow, || {
        let mut f = Fixture::new();
        f.user(A, "bob", &[], None).role(A, "ops", &[], None, Some(doc(json!([grant(&user_arn(A, "bob"), "sts:AssumeRole", "*")]))));
        (f, Req::new(&user_arn(A, "bob"), "sts:AssumeRole", &role_arn(A, "ops")))
    }),
    case!("trust policy trusts the account, identity allows sts:AssumeRole", "LOGIC: role trust policies; the account principal delegates to IAM", Allow, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[doc(json!([allow("sts:AssumeRole", "*")]))], None).role(A, "ops", &[], None, None);
        (f, Req::new(&user_arn(A, "alice"), "sts:AssumeRole", &role_arn(A, "ops")))
    }),
    case!("trust policy trusts the account, identity silent", "LOGIC: role trust policies; delegation needs an identity allow", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "bob", &[], None).role(A, "ops", &[], None, None);
        (f, Req::new(&user_arn(A, "bob"), "sts:AssumeRole", &role_arn(A, "ops")))
    }),
    case!("trust policy silent, identity allows", "LOGIC: IAM role trust policies must explicitly allow access", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[doc(json!([allow("sts:AssumeRole", "*")]))], None)
            .role(A, "ops", &[], None, Some(doc(json!([{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]))));
        (f, Req::new(&user_arn(A, "alice"), "sts:AssumeRole", &role_arn(A, "ops")))
    }),
    // ---- Cross-account ----
    case!("Carlos cross-account: identity in A and bucket policy in B allow", "CROSS: both evaluations return Allow", Allow, || {
        let mut f = Fixture::new();
        f.user(A, "carlossalazar", &[doc(json!([{"Sid": "AllowS3ProductionObjectActions", "Effect": "Allow", "Action": "s3:*Object*", "Resource": "arn:aws:s3:::Production/*"}]))], None)
            .bucket("Production", B, doc(json!([grant(&user_arn(A, "carlossalazar"), "s3:PutObject*", "arn:aws:s3:::Production/*")])));
        (f, Req::new(&user_arn(A, "carlossalazar"), "s3:PutObject", "arn:aws:s3:::Production/file.txt"))
    }),
    case!("cross-account: identity allows, resource policy silent", "CROSS: the resource-based policy in the trusting account must allow", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[doc(json!([allow("s3:GetObject", "*")]))], None)
            .bucket("data-b", B, doc(json!([grant(&user_arn(A, "someone"), "s3:GetObject", "arn:aws:s3:::data-b/*")])));
        (f, Req::new(&user_arn(A, "alice"), "s3:GetObject", "arn:aws:s3:::data-b/x"))
    }),
    case!("cross-account: resource grants the user, identity silent", "CROSS: the requester must have an identity-based policy that allows", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "bob", &[], None).bucket("data-b", B, doc(json!([grant(&user_arn(A, "bob"), "s3:GetObject", "arn:aws:s3:::data-b/*")])));
        (f, Req::new(&user_arn(A, "bob"), "s3:GetObject", "arn:aws:s3:::data-b/x"))
    }),
    case!("cross-account: resource grants the account, identity allows", "CROSS: you can specify the entire account", Allow, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[doc(json!([allow("s3:GetObject", "*")]))], None)
            .bucket("data-b", B, doc(json!([grant(A, "s3:GetObject", "arn:aws:s3:::data-b/*")])));
        (f, Req::new(&user_arn(A, "alice"), "s3:GetObject", "arn:aws:s3:::data-b/x"))
    }),
    case!("cross-account: a session grant does not lift the boundary of the trusted account", "CROSS: the trusted account checks identity policies and the policies that limit them", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.role(A, "app", &[doc(json!([allow("s3:GetObject", "*")]))], Some(only_ec2()), None)
            .bucket("data-b", B, doc(json!([grant(&session_arn(A, "app", "s1"), "s3:GetObject", "arn:aws:s3:::data-b/*")])));
        (f, Req::new(&session_arn(A, "app", "s1"), "s3:GetObject", "arn:aws:s3:::data-b/x"))
    }),
    case!("cross-account: explicit deny in the trusted account", "CROSS: the request is explicitly denied within one of the accounts", ExplicitDeny, || {
        let mut f = Fixture::new();
        f.user(A, "carlossalazar", &[doc(json!([allow("s3:*", "*"), deny("s3:*", "arn:aws:s3:::*log*/*")]))], None)
            .bucket("Production-logs", B, doc(json!([grant(&user_arn(A, "carlossalazar"), "s3:*", "arn:aws:s3:::Production-logs/*")])));
        (f, Req::new(&user_arn(A, "carlossalazar"), "s3:PutObject", "arn:aws:s3:::Production-logs/x"))
    }),
    case!("cross-account: a role in another account assumed through its trust policy", "CROSS: a role trust policy allows principals in other accounts; both sides allow", Allow, || {
        let mut f = Fixture::new();
        f.user(A, "alice", &[doc(json!([allow("sts:AssumeRole", &role_arn(B, "shared"))]))], None)
            .role(B, "shared", &[], None, Some(doc(json!([grant(A, "sts:AssumeRole", "*")]))));
        (f, Req::new(&user_arn(A, "alice"), "sts:AssumeRole", &role_arn(B, "shared")))
    }),
    // ---- SCPs ----
    case!("SCP: no allow at the root", "SCPS: every level from the root to the account must allow; LOGIC: Organizations SCPs", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.detach("p-FullAWSAccess", ROOT).org_policy("scp", "p-rootec2", &[ROOT], only_ec2()).user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("SCP: no allow at the parent OU", "SCPS: every level must allow (OU)", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.detach("p-FullAWSAccess", WORKLOADS).org_policy("scp", "p-workec2", &[WORKLOADS], only_ec2()).user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("SCP: no allow at the nested OU", "SCPS: every level must allow (nested OU)", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.detach("p-FullAWSAccess", PROD).user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("SCP: no allow at the account", "SCPS: every level must allow (account)", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.detach("p-FullAWSAccess", A).user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("SCP: allow lists at every level that include the action", "SCPS: an allow at every level", Allow, || {
        let mut f = Fixture::new();
        for level in [ROOT, WORKLOADS, PROD, A] {
            f.detach("p-FullAWSAccess", level);
        }
        f.org_policy("scp", "p-s3", &[ROOT, WORKLOADS, PROD, A], doc(json!([allow("s3:*", "*")]))).user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("SCP: a deny at an OU is an explicit deny", "SCPS: a deny at any level; LOGIC: deny evaluation includes SCPs", ExplicitDeny, || {
        let mut f = Fixture::new();
        f.org_policy("scp", "p-nos3", &[WORKLOADS], doc(json!([deny("s3:*", "*")]))).user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("SCP limits a resource-policy grant to the user itself", "LOGIC: SCPs apply even when a resource-based policy allows", ImplicitDeny, || {
        let mut f = bucket_for(&user_arn(A, "bob"));
        f.detach("p-FullAWSAccess", A).user(A, "bob", &[], None);
        (f, get(&user_arn(A, "bob")))
    }),
    case!("SCP applies to the member account's root user", "LOGIC: the SCP maximum applies to principals in member accounts, including the root user", ExplicitDeny, || {
        let mut f = Fixture::new();
        f.org_policy("scp", "p-nos3", &[A], doc(json!([deny("s3:*", "*")])));
        (f, get(&format!("arn:aws:iam::{A}:root")))
    }),
    case!("SCP does not apply to the management account", "SCPS: SCPs do not affect users or roles in the management account", Allow, || {
        let mut f = Fixture::new();
        f.org_policy("scp", "p-nos3", &[ROOT, MGMT], doc(json!([deny("s3:*", "*")])))
            .detach("p-FullAWSAccess", MGMT).user(MGMT, "admin", &[doc(json!([allow("s3:*", "*")]))], None);
        (f, Req::new(&user_arn(MGMT, "admin"), "s3:GetObject", "arn:aws:s3:::mgmt-bucket/x").resource_account(MGMT))
    }),
    case!("SCP does not apply to service-linked roles", "SCPS: SCPs do not affect service-linked roles", Allow, || {
        let mut f = Fixture::new();
        f.org_policy("scp", "p-nos3", &[ROOT], doc(json!([deny("s3:*", "*")])))
            .role_at(A, "/aws-service-role/logging.s3.amazonaws.com/", "AWSServiceRoleForS3Logs", &[doc(json!([allow("s3:*", "*")]))], None, None);
        (f, get(&session_arn(A, "AWSServiceRoleForS3Logs", "s3")))
    }),
    case!("SCPs of the resource's account do not apply to an outside principal", "SCPS: SCPs affect only principals managed by accounts of the organization", Allow, || {
        let mut f = Fixture::new();
        f.org_policy("scp", "p-nos3", &[A], doc(json!([deny("s3:*", "*")])))
            .disable("RESOURCE_CONTROL_POLICY")
            .user(OUTSIDE, "partner", &[doc(json!([allow("s3:GetObject", "*")]))], None)
            .bucket("data-a", A, bucket_granting(OUTSIDE));
        (f, get(&user_arn(OUTSIDE, "partner")))
    }),
    case!("SCPs not enabled: not evaluated", "SCPS: SCPs apply only when the policy type is enabled", Allow, || {
        let mut f = Fixture::new();
        f.detach("p-FullAWSAccess", A).disable("SERVICE_CONTROL_POLICY").user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    // ---- RCPs ----
    case!("RCP perimeter denies an outside principal", "RCPS: RCPs apply to principals external to the organization; LOGIC: deny evaluation includes RCPs", ExplicitDeny, || {
        let mut f = bucket_for(OUTSIDE);
        f.org_policy("rcp", "p-perimeter", &[ROOT], doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}])))
            .user(OUTSIDE, "partner", &[doc(json!([allow("s3:GetObject", "*")]))], None);
        (f, get(&user_arn(OUTSIDE, "partner")))
    }),
    case!("RCP perimeter lets an organization principal through", "RCPS: aws:PrincipalOrgID of member principals", Allow, || {
        let mut f = bucket_for(B);
        f.org_policy("rcp", "p-perimeter", &[ROOT], doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}])))
            .user(B, "carol", &[doc(json!([allow("s3:GetObject", "*")]))], None);
        (f, get(&user_arn(B, "carol")))
    }),
    case!("RCP: no allow at an OU of the resource's account", "RCPS: every level from the root to the resource's account must allow", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.detach("p-RCPFullAWSAccess", PROD).org_policy("rcp", "p-kmsonly", &[PROD], doc(json!([{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}])))
            .user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("RCP: no allow at the resource's account", "RCPS: every level, the account included", ImplicitDeny, || {
        let mut f = Fixture::new();
        f.detach("p-RCPFullAWSAccess", A).user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("RCP: a deny also binds principals of the same account", "RCPS: RCPs restrict the resources whoever asks", ExplicitDeny, || {
        let mut f = Fixture::new();
        f.org_policy("rcp", "p-tls", &[A], doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}}])))
            .user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")).context("aws:SecureTransport", "false"))
    }),
    case!("RCP does not apply to the management account's resources", "RCPS: RCPs do not affect resources in the management account", Allow, || {
        let mut f = Fixture::new();
        f.org_policy("rcp", "p-nos3", &[ROOT, MGMT], doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}])))
            .bucket("mgmt-bucket", MGMT, doc(json!([grant(&user_arn(B, "carol"), "s3:GetObject", "arn:aws:s3:::mgmt-bucket/*")])))
            .user(B, "carol", &[doc(json!([allow("s3:GetObject", "*")]))], None);
        (f, Req::new(&user_arn(B, "carol"), "s3:GetObject", "arn:aws:s3:::mgmt-bucket/x"))
    }),
    case!("RCP does not apply to a service that RCPs do not support", "RCPS: list of AWS services that support RCPs", Allow, || {
        let mut f = Fixture::new();
        f.org_policy("rcp", "p-noall", &[ROOT], doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}])))
            .user(A, "alice", &[doc(json!([allow("sns:Publish", "*")]))], None);
        (f, Req::new(&user_arn(A, "alice"), "sns:Publish", &format!("arn:aws:sns:us-east-1:{A}:topic")))
    }),
    case!("RCP does not restrict a service-linked role", "RCPS: RCPs cannot restrict service-linked roles", Allow, || {
        let mut f = Fixture::new();
        f.org_policy("rcp", "p-nos3", &[ROOT], doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}])))
            .role_at(A, "/aws-service-role/logging.s3.amazonaws.com/", "AWSServiceRoleForS3Logs", &[doc(json!([allow("s3:*", "*")]))], None, None);
        (f, get(&session_arn(A, "AWSServiceRoleForS3Logs", "s3")))
    }),
    case!("RCP binds AWS service principals", "RCPS: RCPs apply to AWS service principals (the KMS examples exempt them explicitly)", ExplicitDeny, || {
        let mut f = bucket_for("*");
        f.org_policy("rcp", "p-source", &[ROOT], doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": ORG}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}])));
        (f, get("service:cloudtrail.amazonaws.com").context("aws:SourceOrgID", "o-other12345"))
    }),
    case!("RCP binds anonymous callers", "RCPS: RCPs restrict every request on the resource", ExplicitDeny, || {
        let mut f = bucket_for("*");
        f.org_policy("rcp", "p-perimeter", &[ROOT], doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}])));
        (f, get("anonymous"))
    }),
    case!("RCPs not enabled: not evaluated", "RCPS: RCPs apply only when the policy type is enabled", Allow, || {
        let mut f = Fixture::new();
        f.detach("p-RCPFullAWSAccess", A).disable("RESOURCE_CONTROL_POLICY").user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    case!("no organization export: SCPs and RCPs not evaluated", "LOGIC: if there is no SCP, evaluation continues", Allow, || {
        let mut f = Fixture::new();
        f.without_organization().user(A, "alice", &[read_objects()], None);
        (f, get(&user_arn(A, "alice")))
    }),
    // ---- Principals without identity policies ----
    case!("anonymous: a public bucket policy allows", "LOGIC: some services allow requests from anonymous users", Allow, || {
        (bucket_for("*"), get("anonymous"))
    }),
    case!("anonymous: no grant", "LOGIC: by default, all requests are implicitly denied", ImplicitDeny, || {
        (bucket_for(&user_arn(A, "bob")), get("anonymous"))
    }),
    case!("service principal granted by the bucket policy", "CROSS: you can also specify an AWS service as a principal", Allow, || {
        let mut f = Fixture::new();
        f.bucket("data-a", A, doc(json!([{"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
            "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data-a/*"}])));
        (f, Req::new("service:logging.s3.amazonaws.com", "s3:PutObject", OBJECT))
    }),
];
