//! `fix` with federation claims (`--claim`): the restrict patch of a
//! federated finding is a proved narrowing, checked with the engine and on
//! sampled requests with the concrete evaluator; the obligations refute
//! patches that narrow to other claims or not at all.

#![expect(
    clippy::expect_used,
    reason = "test helpers outside #[test] functions fail loudly on bad fixtures"
)]

use zoneproof_analyzer::analysis::{
    analyze_policy_classes, AnalysisOptions, Extras, PolicyDocument, ResourceSpec,
};
use zoneproof_analyzer::eval::{evaluate, Context, Decision, Request, RequestPrincipal};
use zoneproof_analyzer::finding::FindingPrincipal;
use zoneproof_analyzer::fix::{fix, Claims, FixInput, FixOptions, FixStatus, Selection};
use zoneproof_analyzer::policy::{parse_policy, Policy};
use zoneproof_analyzer::question::external_access::QuestionOptions;
use zoneproof_analyzer::question::fix_obligations::{Obligations, Policies, Target, Verdict};
use zoneproof_analyzer::resource::ResourceType;
use zoneproof_analyzer::zone::Zone;
use zoneproof_encodings::solver::with_thread_backend;

const ROLE: &str = "arn:aws:iam::111122223333:role/deploy";
const GITHUB: &str = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
const SUB: &str = "token.actions.githubusercontent.com:sub";
const MAIN: &str = "repo:my-org/my-repo:ref:refs/heads/main";

/// A GitHub OIDC trust with `aud` but no `sub`, and an in-account role.
const TRUST: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "GitHubActions",
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
    },
    {
      "Sid": "Admins",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/Admin"},
      "Action": "sts:AssumeRole"
    }
  ]
}"#;

fn input(text: &str) -> FixInput {
    FixInput {
        resource_type: ResourceType::resolve("AWS::IAM::Role", ROLE).expect("type"),
        arn: ROLE.into(),
        zone: Zone::account("111122223333"),
        text: text.into(),
    }
}

fn options(claims: &[&str]) -> FixOptions {
    FixOptions {
        strategy: None,
        analysis: AnalysisOptions::default(),
        claims: Claims::from_args(&claims.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .expect("claims"),
    }
}

fn web_identity(claims: &[(&str, &str)]) -> Request {
    let mut context = Context::new();
    for (key, value) in claims {
        context.insert(*key, *value);
    }
    Request::new(
        RequestPrincipal::Federated(GITHUB.into()),
        "sts:AssumeRoleWithWebIdentity",
        ROLE,
    )
    .with_context(context)
}

fn allows(policy: &Policy, request: &Request) -> bool {
    evaluate(policy, request).decision == Decision::Allow
}

#[test]
fn a_github_trust_without_sub_is_narrowed_to_the_claimed_repository() {
    let report = fix(
        &input(TRUST),
        &Selection::All,
        &options(&[&format!("{SUB}={MAIN}")]),
    )
    .expect("fix");
    let [only] = report.fixes.as_slice() else {
        panic!("one finding: {:?}", report.fixes);
    };
    assert_eq!(only.status, FixStatus::Fixed, "{:?}", only);
    assert!(only.proof.as_ref().is_some_and(|p| p.holds()));
    assert!(report.proof.as_ref().is_some_and(|p| p.holds()));
    // The finding that remains is the narrower one: it carries the claim.
    let [remaining] = report.remaining.as_slice() else {
        panic!("one remaining finding: {:?}", report.remaining);
    };
    assert_eq!(
        remaining.principal,
        FindingPrincipal::Federated(GITHUB.into())
    );
    assert!(remaining.condition.contains_key(SUB), "{remaining:?}");
    assert_ne!(remaining.id, only.finding_id);
    // Sampled requests, with the evaluator.
    let original = parse_policy(TRUST).expect("original");
    let patched = parse_policy(&report.text).expect("patched");
    let aud = (
        "token.actions.githubusercontent.com:aud",
        "sts.amazonaws.com",
    );
    let wanted = web_identity(&[aud, (SUB, MAIN)]);
    let other_repo = web_identity(&[aud, (SUB, "repo:attacker/x:ref:refs/heads/main")]);
    let no_sub = web_identity(&[aud]);
    assert!(allows(&original, &wanted) && allows(&patched, &wanted));
    assert!(allows(&original, &other_repo) && !allows(&patched, &other_repo));
    assert!(allows(&original, &no_sub) && !allows(&patched, &no_sub));
    let admin = Request::new(
        RequestPrincipal::Aws("arn:aws:iam::111122223333:role/Admin".into()),
        "sts:AssumeRole",
        ROLE,
    )
    .with_principal_keys();
    assert!(allows(&original, &admin) && allows(&patched, &admin));
}

#[test]
fn claims_of_another_provider_are_an_input_error() {
    let error = fix(
        &input(TRUST),
        &Selection::All,
        &options(&["accounts.google.com:aud=client"]),
    )
    .expect_err("another provider's claim");
    assert!(
        error.to_string().contains("not a claim of provider"),
        "{error}"
    );
}

#[test]
fn without_claims_restrict_does_not_apply_and_says_how() {
    let report = fix(
        &input(TRUST),
        &Selection::All,
        &FixOptions {
            strategy: Some(zoneproof_analyzer::fix::Strategy::Restrict),
            ..options(&[])
        },
    )
    .expect("fix");
    assert_eq!(report.fixes[0].status, FixStatus::None);
    assert!(report.fixes[0].rejected[0].reason.contains("--claim"));
}

/// (a), (b), (c) of candidate patches against the claims `sub = MAIN`.
fn verdicts(patched_text: &str) -> [bool; 3] {
    let spec = ResourceSpec {
        resource_type: ResourceType::resolve("AWS::IAM::Role", ROLE).expect("type"),
        arn: ROLE.into(),
        zone: Zone::account("111122223333"),
        policy: Some(PolicyDocument::Text(TRUST.into())),
        extras: Extras::default(),
    };
    let original = parse_policy(TRUST).expect("original");
    let analysis = analyze_policy_classes(&spec, &original, &AnalysisOptions::default());
    let class = analysis.classes[0].clone();
    let patched = parse_policy(patched_text).expect("patched");
    let claims = Claims::from_args(&[format!("{SUB}={MAIN}")]).expect("claims");
    let kept = claims.kept_policy(&[GITHUB]).expect("kept");
    let obligations = Obligations::new(
        Policies {
            original: &original,
            current: &original,
            patched: &[&patched],
            kept: Some(&kept),
        },
        Target {
            resource_type: spec.resource_type,
            arn: ROLE,
            zone: &spec.zone,
            options: QuestionOptions::default(),
        },
    )
    .expect("obligations");
    let options = AnalysisOptions::default();
    with_thread_backend(options.backend, options.timeout, |backend| {
        [
            obligations.class_gone(backend, 0, &patched, &class),
            obligations.no_new_access(backend, 0, &original, &patched),
            obligations.nothing_else_lost(backend, 0, &original, &patched, &[&class]),
        ]
        .map(|v| {
            assert!(!matches!(v, Verdict::Unknown(_)), "{v:?}");
            v.holds()
        })
    })
}

#[test]
fn the_obligations_refute_patches_that_narrow_otherwise() {
    let with_sub = |sub: &str| {
        TRUST.replace(
            r#""token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}"#,
            &format!(
                r#""token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "{SUB}": "{sub}"}}"#
            ),
        )
    };
    assert_eq!(verdicts(&with_sub(MAIN)), [true, true, true]);
    // Nothing narrowed: requests outside the claims stay allowed (a).
    assert_eq!(verdicts(TRUST), [false, true, true]);
    // Narrowed to another repository: that one, outside the claims, is
    // still allowed (a), and the claimed one is lost (c).
    assert_eq!(
        verdicts(&with_sub("repo:my-org/other:ref:refs/heads/main")),
        [false, true, false]
    );
    // Narrowed to the claim and more: the claimed branch is kept, but so
    // is another (a).
    let wider = TRUST.replace(
        r#""StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}"#,
        &format!(
            r#""StringEquals": {{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}, "StringLike": {{"{SUB}": "repo:my-org/my-repo:*"}}"#
        ),
    );
    assert_ne!(wider, TRUST);
    assert_eq!(verdicts(&wider), [false, true, true]);
}

#[test]
fn a_statement_that_already_reads_the_claim_takes_an_equivalent_spelling() {
    let two = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Org", "Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
   "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/*"}}},
  {"Sid": "Any", "Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
   "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}
]}"#;
    let report = fix(
        &input(two),
        &Selection::All,
        &options(&[&format!("{SUB}=repo:my-org/app:*")]),
    )
    .expect("fix");
    assert!(report.unfixed() == 0, "{:?}", report.fixes);
    assert!(report.proof.as_ref().is_some_and(|p| p.holds()));
    let patched = parse_policy(&report.text).expect("patched");
    let original = parse_policy(two).expect("original");
    assert!(report
        .text
        .contains(r#""ForAnyValue:StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/app:*"}"#));
    let app = web_identity(&[(SUB, "repo:my-org/app:ref:refs/heads/main")]);
    let other = web_identity(&[(SUB, "repo:my-org/other:ref:refs/heads/main")]);
    assert!(allows(&original, &app) && allows(&patched, &app));
    assert!(allows(&original, &other) && !allows(&patched, &other));
}
