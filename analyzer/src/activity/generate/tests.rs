use super::*;
use crate::activity::actor::PrincipalKind;
use crate::inputs::cloudtrail::records::split_records;
use crate::policy::parse_policy_value;

const FIXTURE: &str = include_str!("../../../tests/fixtures/cloudtrail/mapping-exceptions.jsonl");

fn app_role() -> PrincipalId {
    PrincipalId::new("111122223333", PrincipalKind::Role, "AppRole")
}

fn each_event(text: &str, f: &mut dyn FnMut(&TrailEvent<'_>)) {
    split_records(text.as_bytes(), &mut |record| {
        let event: TrailEvent = serde_json::from_slice(record.bytes).unwrap();
        f(&event);
    })
    .unwrap();
}

fn activity(text: &str, window: Window) -> PrincipalActivity {
    let mut mapper = Mapper::new().unwrap();
    let mut activity = PrincipalActivity::new(app_role(), window, 10);
    each_event(text, &mut |event| activity.add(&mut mapper, event));
    activity
}

fn open() -> Window {
    Window {
        since: None,
        until: None,
    }
}

#[test]
fn the_role_gets_what_its_sessions_used_and_nothing_else() {
    let activity = activity(FIXTURE, open());
    assert_eq!(
        activity.arn.as_deref(),
        Some("arn:aws:iam::111122223333:role/service/AppRole")
    );
    let policy = build_policy(&activity).unwrap();
    let statement = |sid: &str| {
        policy
            .statements
            .iter()
            .find(|s| s.sid == sid)
            .unwrap_or_else(|| panic!("{sid}: {:#?}", policy.statements))
    };
    assert_eq!(
        statement("S3ListBucket").actions,
        ["s3:ListBucket", "s3:ListBucketVersions"]
    );
    assert_eq!(
        statement("S3ListBucket").resources,
        ["arn:aws:s3:::data-lake"]
    );
    assert_eq!(
        statement("S3WriteObject").resources,
        ["arn:aws:s3:::archive/*"]
    );
    assert_eq!(statement("KmsWriteKey").resources.len(), 1);
    assert_eq!(
        statement("IamReadRole").resources,
        ["arn:aws:iam::111122223333:role/*AppRole"]
    );
    assert!(policy
        .statements
        .iter()
        .any(|s| s.actions == ["s3:ListAllMyBuckets"]
            && s.resources == ["*"]
            && s.sid.ends_with("AnyResource")));
    // alice's AssumeRole (a user) is not the role's.
    assert!(!activity.used.contains_key("sts:TagSession"));
    // Sids are unique and alphanumeric.
    let sids: BTreeSet<&str> = policy.statements.iter().map(|s| s.sid.as_str()).collect();
    assert_eq!(sids.len(), policy.statements.len());
    assert!(sids
        .iter()
        .all(|s| s.chars().all(|c| c.is_ascii_alphanumeric())));
    assert!(activity.counts.no_permission_needed > 0 && activity.counts.unmapped == 2);
}

#[test]
fn the_generated_policy_allows_every_event_and_a_smaller_one_does_not() {
    let activity = activity(FIXTURE, open());
    let generated = build_policy(&activity).unwrap();
    let policy = parse_policy_value(&generated.document).unwrap();
    let prove = |policy: &Policy| {
        let mut mapper = Mapper::new().unwrap();
        let mut proof = EventProof::default();
        each_event(FIXTURE, &mut |event| {
            proof.check(&activity, policy, &mut mapper, event)
        });
        proof
    };
    let proof = prove(&policy);
    assert!(proof.holds(), "{:?}", proof.counterexamples);
    assert!(proof.events > 40 && proof.requests >= proof.events);
    assert!(proof.requests_with_unknown_parts > 0);
    // Without the S3 object statement, the object reads are not allowed.
    let mut smaller = generated.document.clone();
    smaller["Statement"]
        .as_array_mut()
        .unwrap()
        .retain(|s| !s["Action"].to_string().contains("s3:GetObject"));
    let proof = prove(&parse_policy_value(&smaller).unwrap());
    assert!(!proof.holds());
    assert!(
        proof.counterexamples[0].starts_with("s3:GetObject arn:aws:s3:::data-lake/"),
        "{:?}",
        proof.counterexamples
    );
}

#[test]
fn denied_calls_are_reported_not_granted_and_the_window_applies() {
    let denied = FIXTURE
        .lines()
        .find(|l| l.contains("\"eventName\":\"PutBucketPolicy\""))
        .unwrap()
        .replace(
            "\"recipientAccountId\"",
            "\"errorCode\":\"AccessDenied\",\"recipientAccountId\"",
        );
    let activity = activity(&denied, open());
    assert!(activity.used.is_empty());
    assert_eq!(activity.counts.denied, 1);
    let (_, refused) = activity.denied.iter().next().unwrap();
    assert_eq!(
        (refused.action.as_str(), refused.error_code.as_str()),
        ("s3:PutBucketPolicy", "AccessDenied")
    );
    assert_eq!(refused.resources.patterns(), ["arn:aws:s3:::archive"]);
    let late = Window {
        since: Some("2026-03-02".parse().unwrap()),
        until: None,
    };
    let nothing = super::tests::activity(FIXTURE, late);
    assert_eq!(nothing.counts.in_window, 0);
    assert!(build_policy(&nothing).is_none());
}

#[test]
fn merging_halves_equals_one_pass() {
    let lines: Vec<&str> = FIXTURE.lines().collect();
    let (a, b) = lines.split_at(lines.len() / 2);
    let mut left = activity(&a.join("\n"), open());
    left.merge(activity(&b.join("\n"), open()));
    let whole = activity(FIXTURE, open());
    assert_eq!(
        build_policy(&left).unwrap().document,
        build_policy(&whole).unwrap().document
    );
    assert_eq!(left.counts.in_window, whole.counts.in_window);
}
