//! The mapping against hand-written events, one per exception (and some
//! of the default rule): `analyzer/tests/fixtures/cloudtrail/mapping-exceptions.jsonl`.
//! Each line is a CloudTrail event with `zoneproofExpected`: the
//! `[action, resource pattern]` pairs it needs, `"no-permission"` or
//! `"unmapped"`.

use serde_json::Value;

use super::*;
use crate::inputs::cloudtrail::records::split_records;

const FIXTURE: &str = include_str!("../../../tests/fixtures/cloudtrail/mapping-exceptions.jsonl");

fn expected(line: &Value) -> Value {
    line["zoneproofExpected"].clone()
}

fn actual(mapped: &Mapped) -> Value {
    match mapped {
        Mapped::NoPermission(_) => Value::from("no-permission"),
        Mapped::Unmapped(_) => Value::from("unmapped"),
        Mapped::Requests(requests) => Value::Array(
            requests
                .iter()
                .map(|r| serde_json::json!([r.action.qualified_name(), r.resource.pattern()]))
                .collect(),
        ),
    }
}

#[test]
fn every_fixture_event_maps_to_its_expected_requests() {
    let mut mapper = Mapper::new().unwrap();
    let mut failures = Vec::new();
    let mut count = 0;
    split_records(FIXTURE.as_bytes(), &mut |record| {
        count += 1;
        let line: Value = serde_json::from_slice(record.bytes).unwrap();
        let event: TrailEvent = serde_json::from_slice(record.bytes).unwrap();
        let got = actual(&mapper.map(&event));
        if got != expected(&line) {
            failures.push(format!(
                "{} {} ({}): expected {}, got {got}",
                line["eventSource"],
                line["eventName"],
                record.pointer,
                expected(&line)
            ));
        }
    })
    .unwrap();
    assert!(count > 70, "{count} fixture events");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_exception_has_a_fixture() {
    let mut seen = std::collections::HashSet::new();
    for line in FIXTURE.lines() {
        let value: Value = serde_json::from_str(line).unwrap();
        seen.insert(format!(
            "{} {}",
            value["eventSource"].as_str().unwrap(),
            value["eventName"].as_str().unwrap()
        ));
    }
    let map = EventMap::try_get().unwrap();
    let missing: Vec<String> = map
        .rules()
        .map(|((s, n), _)| format!("{s} {n}"))
        .chain(
            map.no_permission_events()
                .map(|((s, n), _)| format!("{s} {n}")),
        )
        .filter(|key| !seen.contains(key))
        .collect();
    // Identity Center portal and sign-in records share one reason; one
    // fixture of each family is enough for them.
    let exempt = |key: &str| {
        key.starts_with("sso.amazonaws.com")
            || key.starts_with("signin.amazonaws.com")
            || key.starts_with("sso-oauth.amazonaws.com")
    };
    let missing: Vec<&String> = missing.iter().filter(|k| !exempt(k)).collect();
    assert!(
        missing.is_empty(),
        "exceptions without a fixture: {missing:?}"
    );
}

#[test]
fn api_version_suffixes_are_removed() {
    assert_eq!(strip_api_version("GetFunction20150331v2"), "GetFunction");
    assert_eq!(strip_api_version("ListFunctions20150331"), "ListFunctions");
    assert_eq!(
        strip_api_version("CreateDistribution2020_05_31"),
        "CreateDistribution"
    );
    assert_eq!(strip_api_version("GetObject"), "GetObject");
    assert_eq!(
        strip_api_version("DescribeDBClusters"),
        "DescribeDBClusters"
    );
    assert_eq!(strip_api_version("Ec2v2"), "Ec2v2");
}

#[test]
fn the_resource_account_follows_the_event() {
    let event = |json: &str| -> Slot {
        let event: TrailEvent = serde_json::from_str(json).unwrap();
        resource_account(&event)
    };
    assert_eq!(
        event(
            r#"{"recipientAccountId": "111122223333", "userIdentity": {"accountId": "444455556666"}}"#
        ),
        Slot::Known("111122223333".into())
    );
    assert_eq!(
        event(
            r#"{"recipientAccountId": "111122223333", "sharedEventID": "x", "userIdentity": {"accountId": "111122223333"}}"#
        ),
        Slot::Unknown
    );
    assert_eq!(
        event(
            r#"{"recipientAccountId": "111122223333", "userIdentity": {"accountId": "111122223333"}}"#
        ),
        Slot::Known("111122223333".into())
    );
}

#[test]
fn athena_rows_with_parameters_as_text_map_like_records() {
    let event: TrailEvent = serde_json::from_str(r#"{"eventtime": "2026-01-02T03:04:05Z", "eventsource": "s3.amazonaws.com",
        "eventname": "CopyObject", "awsregion": "us-east-1", "recipientaccountid": "111122223333",
        "requestparameters": "{\"bucketName\":\"dst\",\"key\":\"k\",\"x-amz-copy-source\":\"src/a.csv\"}",
        "useridentity": {"type": "AssumedRole", "accountid": "111122223333"}}"#).unwrap();
    let got = actual(&Mapper::new().unwrap().map(&event));
    assert_eq!(
        got,
        serde_json::json!([
            ["s3:GetObject", "arn:aws:s3:::src/a.csv"],
            ["s3:PutObject", "arn:aws:s3:::dst/k"]
        ])
    );
}
