//! The policy parser: what AWS accepts parses, what AWS rejects is an error
//! naming the JSON path, and bad input never panics or hangs.
//!
//! Doc references are to `shared/reference/iam-docs/`.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers outside #[test] functions fail loudly on bad fixtures"
)]

use serde_json::{json, Value};
use zoneproof_analyzer::policy::{
    parse_policy, parse_policy_bytes, parse_policy_value, BaseOperator, Effect, Policy,
    PolicyError, PolicyVersion, Principal, PrincipalSet, SetQualifier,
};

fn parse(value: Value) -> Policy {
    let text = value.to_string();
    parse_policy(&text).unwrap_or_else(|error| panic!("{text} should parse: {error}"))
}

fn reject(value: Value) -> PolicyError {
    let text = value.to_string();
    match parse_policy(&text) {
        Ok(policy) => panic!("{text} should be rejected, parsed as {policy:?}"),
        Err(error) => error,
    }
}

/// Asserts the rejection's path, and that its message contains `fragment`.
fn assert_rejected(value: Value, path: &str, fragment: &str) {
    let error = reject(value);
    assert_eq!(error.path, path, "wrong path for error `{error}`");
    assert!(
        error.message.contains(fragment),
        "message `{}` should contain `{fragment}`",
        error.message
    );
    assert!(!error.to_string().contains('\n'), "errors are one line");
}

/// A policy with one statement made of `Effect: Allow`, `Action: *` and
/// the given extra elements.
fn statement(extra: Value) -> Value {
    let mut statement = json!({"Effect": "Allow", "Action": "*"});
    for (key, value) in extra.as_object().unwrap() {
        statement[key] = value.clone();
    }
    json!({"Version": "2012-10-17", "Statement": [statement]})
}

fn condition(block: Value) -> Value {
    statement(json!({"Condition": block}))
}

// ---------------------------------------------------------------------------
// Accepted forms

#[test]
fn statement_as_object_or_array() {
    // reference_policies_elements_statement.md: a single statement or an array.
    let single = parse(json!({"Statement": {"Effect": "Allow", "Action": "s3:*"}}));
    assert_eq!(single.statements.len(), 1);
    assert_eq!(single.statements[0].path, "Statement");
    let array = parse(json!({"Statement": [
        {"Effect": "Allow", "Action": "s3:*"},
        {"Effect": "Deny", "Action": ["s3:Delete*"]}
    ]}));
    assert_eq!(array.statements.len(), 2);
    assert_eq!(array.statements[1].path, "Statement[1]");
    assert_eq!(array.statements[1].index, 1);
    assert_eq!(array.statements[1].effect, Effect::Deny);
}

#[test]
fn version_id_and_sid() {
    // reference_policies_elements_version.md: two versions, or none.
    let current = parse(
        json!({"Version": "2012-10-17", "Id": "Policy 1", "Statement": {
        "Sid": "Stmt 1", "Effect": "Allow", "Action": "*"}}),
    );
    assert_eq!(current.version, Some(PolicyVersion::V2012_10_17));
    assert!(current.variables_enabled());
    assert_eq!(current.id.as_deref(), Some("Policy 1"));
    assert_eq!(current.statements[0].sid.as_deref(), Some("Stmt 1"));
    let old =
        parse(json!({"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "*"}}));
    assert_eq!(old.version, Some(PolicyVersion::V2008_10_17));
    assert!(!old.variables_enabled());
    let none = parse(json!({"Statement": {"Effect": "Allow", "Action": "*"}}));
    assert_eq!(none.version, None);
    // Access Analyzer: an empty Sid is only a suggestion.
    parse(statement(json!({"Sid": ""})));
}

#[test]
fn principal_forms() {
    // reference_policies_elements_principal.md.
    let principals = |principal: Value| {
        parse(statement(json!({"Principal": principal}))).statements[0]
            .principal
            .clone()
            .unwrap()
            .principals
    };
    assert_eq!(principals(json!("*")), PrincipalSet::Any);
    assert_eq!(
        principals(json!({"AWS": "*"})),
        PrincipalSet::Listed(vec![Principal::Aws("*".into())])
    );
    assert_eq!(
        principals(json!({"AWS": ["123456789012", "arn:aws:iam::123456789012:role/r"]})),
        PrincipalSet::Listed(vec![
            Principal::Aws("123456789012".into()),
            Principal::Aws("arn:aws:iam::123456789012:role/r".into())
        ])
    );
    assert_eq!(
        principals(json!({
            "AWS": "arn:aws:sts::123456789012:assumed-role/r/s",
            "Service": ["ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com"],
            "Federated": "cognito-identity.amazonaws.com",
            "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
        })),
        PrincipalSet::Listed(vec![
            Principal::Aws("arn:aws:sts::123456789012:assumed-role/r/s".into()),
            Principal::Service("ecs.amazonaws.com".into()),
            Principal::Service("elasticloadbalancing.amazonaws.com".into()),
            Principal::Federated("cognito-identity.amazonaws.com".into()),
            Principal::CanonicalUser(
                "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be".into()
            ),
        ])
    );
    // Access Analyzer "Empty object principal" / "Empty array principal" are
    // suggestions: accepted, matching nobody.
    assert_eq!(principals(json!({})), PrincipalSet::Listed(vec![]));
    assert_eq!(principals(json!({"AWS": []})), PrincipalSet::Listed(vec![]));
    // Unique ids (a deleted role) and placeholders stay opaque strings.
    assert_eq!(
        principals(json!({"AWS": ["AIDAJQABLZS4A3QDU576Q", "REF_SomeRole"]})),
        PrincipalSet::Listed(vec![
            Principal::Aws("AIDAJQABLZS4A3QDU576Q".into()),
            Principal::Aws("REF_SomeRole".into())
        ])
    );
}

#[test]
fn not_principal_is_negated() {
    // reference_policies_elements_notprincipal.md.
    let policy = parse(statement(json!({"NotPrincipal": {"AWS": "123456789012"}})));
    let clause = policy.statements[0].principal.clone().unwrap();
    assert!(clause.negated);
    let policy = parse(statement(json!({"Principal": {"AWS": "123456789012"}})));
    assert!(!policy.statements[0].principal.clone().unwrap().negated);
    assert!(parse(statement(json!({}))).statements[0]
        .principal
        .is_none());
}

#[test]
fn action_and_resource_as_string_or_array() {
    // reference_policies_grammar.md: a single value needs no brackets.
    let policy = parse(json!({"Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
        {"Effect": "Allow", "NotAction": ["iam:*", "sts:*"], "NotResource": ["arn:aws:s3:::b"]},
        {"Effect": "Allow", "Action": []}
    ]}));
    let [first, second, third] = &policy.statements[..] else {
        panic!("three statements")
    };
    assert!(!first.action.negated);
    assert_eq!(first.action.patterns, ["s3:GetObject"]);
    assert_eq!(
        first.resource.as_ref().unwrap().patterns,
        ["arn:aws:s3:::b/*"]
    );
    assert!(second.action.negated);
    assert_eq!(second.action.patterns, ["iam:*", "sts:*"]);
    assert!(second.resource.as_ref().unwrap().negated);
    // No Resource: allowed in trust policies; empty Action: a suggestion.
    assert!(third.resource.is_none());
    assert!(third.action.patterns.is_empty());
}

#[test]
fn every_operator_with_qualifiers_and_if_exists() {
    // reference_policies_elements_condition_operators.md.
    let sample = |base: BaseOperator| match base.name() {
        name if name.starts_with("Numeric") => json!("10"),
        name if name.starts_with("Date") => json!("2020-01-01T00:00:01Z"),
        "Bool" | "Null" => json!("true"),
        "IpAddress" | "NotIpAddress" => json!("203.0.113.0/24"),
        "BinaryEquals" => json!("QmluYXJ5VmFsdWVJbkJhc2U2NA=="),
        _ => json!("value"),
    };
    for (base, name) in BaseOperator::ALL {
        for (prefix, set) in [
            ("", None),
            ("ForAllValues:", Some(SetQualifier::ForAllValues)),
            ("ForAnyValue:", Some(SetQualifier::ForAnyValue)),
        ] {
            let suffixes: &[(&str, bool)] = if base == BaseOperator::Null {
                &[("", false)]
            } else {
                &[("", false), ("IfExists", true)]
            };
            for (suffix, if_exists) in suffixes {
                let operator = format!("{prefix}{name}{suffix}");
                let policy = parse(condition(json!({&operator: {"aws:Key": sample(base)}})));
                let parsed = policy.statements[0].conditions[0].operator;
                assert_eq!(parsed.base, base, "{operator}");
                assert_eq!(parsed.set, set, "{operator}");
                assert_eq!(parsed.if_exists, *if_exists, "{operator}");
                assert_eq!(parsed.display_name(), operator);
            }
        }
    }
}

#[test]
fn condition_entries_and_values() {
    // reference_policies_elements_condition.md: operators and keys ANDed,
    // values ORed; numbers and booleans kept in their JSON text form.
    let policy = parse(condition(json!({
        "StringEquals": {"aws:SourceVpc": "vpc-1", "aws:PrincipalTag/team": ["a", "b"]},
        "NumericLessThanEquals": {"s3:max-keys": 10},
        "Bool": {"aws:SecureTransport": false},
        "DateGreaterThan": {"aws:EpochTime": 1565956800},
        "StringLike": {"s3:prefix": []}
    })));
    let conditions = &policy.statements[0].conditions;
    let summary: Vec<(&str, &str, Vec<&str>)> = conditions
        .iter()
        .map(|c| {
            (
                c.path.as_str(),
                c.key.as_str(),
                c.values.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "Statement[0].Condition.StringEquals.aws:SourceVpc",
                "aws:SourceVpc",
                vec!["vpc-1"]
            ),
            (
                "Statement[0].Condition.StringEquals.aws:PrincipalTag/team",
                "aws:PrincipalTag/team",
                vec!["a", "b"]
            ),
            (
                "Statement[0].Condition.NumericLessThanEquals.s3:max-keys",
                "s3:max-keys",
                vec!["10"]
            ),
            (
                "Statement[0].Condition.Bool.aws:SecureTransport",
                "aws:SecureTransport",
                vec!["false"]
            ),
            (
                "Statement[0].Condition.DateGreaterThan.aws:EpochTime",
                "aws:EpochTime",
                vec!["1565956800"]
            ),
            (
                "Statement[0].Condition.StringLike.s3:prefix",
                "s3:prefix",
                vec![]
            ),
        ]
    );
    assert!(parse(condition(json!({}))).statements[0]
        .conditions
        .is_empty());
}

#[test]
fn null_with_qualifier_is_accepted() {
    // Access Analyzer "Null with qualifier" is a suggestion, not an error.
    parse(condition(
        json!({"ForAllValues:Null": {"aws:TagKeys": "false"}}),
    ));
}

#[test]
fn policy_variables_skip_type_checks_only_under_2012_10_17() {
    // reference_policies_variables.md: variables need Version 2012-10-17;
    // under 2008-10-17 `${` is literal text, so the value must parse as is.
    let block = json!({"NumericLessThan": {"s3:max-keys": "${aws:PrincipalTag/limit}"}});
    parse(condition(block.clone()));
    let mut old = condition(block.clone());
    old["Version"] = json!("2008-10-17");
    let error = reject(old);
    assert_eq!(
        error.path,
        "Statement[0].Condition.NumericLessThan.s3:max-keys"
    );
    let mut unversioned = condition(block);
    unversioned.as_object_mut().unwrap().remove("Version");
    reject(unversioned);
}

#[test]
fn byte_order_mark_is_skipped() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(br#"{"Statement": {"Effect": "Allow", "Action": "*"}}"#);
    parse_policy_bytes(&bytes).unwrap();
}

#[test]
fn parse_policy_value_matches_parse_policy() {
    let value = statement(json!({"Principal": "*", "Condition": {"Bool": {"k": true}}}));
    assert_eq!(parse_policy_value(&value).unwrap(), parse(value));
}

// ---------------------------------------------------------------------------
// Rejections

#[test]
fn rejects_documents_that_are_not_policies() {
    let error = parse_policy("{").unwrap_err();
    assert_eq!(error.path, "$");
    assert!(error.message.starts_with("not valid JSON: EOF"), "{error}");
    let error = parse_policy("").unwrap_err();
    assert!(error.message.starts_with("not valid JSON"), "{error}");
    let error = parse_policy(r#"{"Statement": {"Effect": "Allow", "Action": "*"}} x"#).unwrap_err();
    assert!(error.message.contains("trailing characters"), "{error}");
    assert_rejected(
        json!([]),
        "$",
        "a policy must be a JSON object, found an array",
    );
    assert_rejected(json!("policy"), "$", "found a string");
    assert_rejected(json!(null), "$", "found null");
}

#[test]
fn rejects_invalid_utf8() {
    // reference_policies_elements_datatypes.md: all policies must be UTF-8.
    let error = parse_policy_bytes(b"{\"Statement\": \"\xff\"}").unwrap_err();
    assert_eq!(error.path, "$");
    assert_eq!(error.message, "not valid UTF-8 (invalid byte at offset 15)");
}

#[test]
fn rejects_unknown_elements() {
    // Access Analyzer "Invalid policy element".
    assert_rejected(
        json!({"Statement": {"Effect": "Allow", "Action": "*"}, "Foo": 1}),
        "Foo",
        "unknown top-level element `Foo`",
    );
    assert_rejected(
        json!({"statement": {"Effect": "Allow", "Action": "*"}}),
        "statement",
        "did you mean `Statement`?",
    );
    assert_rejected(
        statement(json!({"Resources": "*"})),
        "Statement[0].Resources",
        "unknown statement element `Resources`",
    );
    assert_rejected(
        statement(json!({"effect": "Allow"})),
        "Statement[0].effect",
        "did you mean `Effect`?",
    );
}

#[test]
fn rejects_missing_or_empty_statement() {
    // Access Analyzer "Missing statement".
    assert_rejected(json!({"Version": "2012-10-17"}), "$", "missing `Statement`");
    assert_rejected(
        json!({"Statement": []}),
        "Statement",
        "at least one statement",
    );
    assert_rejected(json!({"Statement": "x"}), "Statement", "found a string");
    assert_rejected(
        json!({"Statement": [{"Effect": "Allow", "Action": "*"}, 7]}),
        "Statement[1]",
        "a statement must be a JSON object, found a number",
    );
}

#[test]
fn rejects_bad_versions() {
    // Access Analyzer "Invalid version".
    assert_rejected(
        json!({"Version": "2012-10-18", "Statement": {"Effect": "Allow", "Action": "*"}}),
        "Version",
        "unknown policy version `2012-10-18`",
    );
    assert_rejected(
        json!({"Version": 2012, "Statement": {"Effect": "Allow", "Action": "*"}}),
        "Version",
        "`Version` must be a string, found a number",
    );
    assert_rejected(
        json!({"Id": ["x"], "Statement": {"Effect": "Allow", "Action": "*"}}),
        "Id",
        "`Id` must be a string",
    );
}

#[test]
fn rejects_missing_or_unknown_effect() {
    // reference_policies_elements_effect.md: required, `Allow` or `Deny`,
    // case-sensitive.
    assert_rejected(
        json!({"Statement": {"Action": "*"}}),
        "Statement",
        "missing `Effect`",
    );
    assert_rejected(
        statement(json!({"Effect": "allow"})),
        "Statement[0].Effect",
        "unknown effect `allow`; expected `Allow` or `Deny`",
    );
    assert_rejected(
        statement(json!({"Effect": {"not": "valid"}})),
        "Statement[0].Effect",
        "found an object",
    );
}

#[test]
fn rejects_conflicting_or_missing_element_pairs() {
    // reference_policies_grammar.md: ("Action" | "NotAction"), ... ;
    // Access Analyzer "Missing action".
    assert_rejected(
        statement(json!({"NotAction": "s3:*"})),
        "Statement[0]",
        "both `Action` and `NotAction`",
    );
    assert_rejected(
        json!({"Statement": [{"Effect": "Allow", "Resource": "*"}]}),
        "Statement[0]",
        "missing `Action` or `NotAction`",
    );
    assert_rejected(
        statement(json!({"Resource": "*", "NotResource": "*"})),
        "Statement[0]",
        "both `Resource` and `NotResource`",
    );
    assert_rejected(
        statement(json!({"Principal": "*", "NotPrincipal": {"AWS": "*"}})),
        "Statement[0]",
        "both `Principal` and `NotPrincipal`",
    );
}

#[test]
fn rejects_wrong_types_in_lists() {
    assert_rejected(
        statement(json!({"Action": ["s3:*", 1]})),
        "Statement[0].Action[1]",
        "`Action` entries must be strings, found a number",
    );
    assert_rejected(
        statement(json!({"Resource": {"not": "valid"}})),
        "Statement[0].Resource",
        "`Resource` must be a string or an array of strings, found an object",
    );
    assert_rejected(
        statement(json!({"Sid": 1})),
        "Statement[0].Sid",
        "`Sid` must be a string",
    );
}

#[test]
fn rejects_malformed_principals() {
    // reference_policies_elements_principal.md; Access Analyzer "Invalid
    // principal key", "Invalid principal format", "Unsupported wildcard in
    // principal".
    let principal = |value: Value| statement(json!({"Principal": value}));
    assert_rejected(
        principal(json!({"AWS": ["123456789012", 5]})),
        "Statement[0].Principal.AWS[1]",
        "`AWS` entries must be strings, found a number",
    );
    assert_rejected(
        principal(json!({"AWS": {"Fn::GetAtt": ["Role", "Arn"]}})),
        "Statement[0].Principal.AWS",
        "found an object",
    );
    assert_rejected(
        principal(json!({"User": "x"})),
        "Statement[0].Principal.User",
        "unknown principal type `User`",
    );
    assert_rejected(
        principal(json!({"aws": "*"})),
        "Statement[0].Principal.aws",
        "did you mean `AWS`?",
    );
    assert_rejected(
        principal(json!({"AWS": "arn:aws:iam::*:root"})),
        "Statement[0].Principal.AWS",
        "only the whole principal `*` may be a wildcard",
    );
    assert_rejected(
        principal(json!({"AWS": ["123456789012", "12345678901?"]})),
        "Statement[0].Principal.AWS[1]",
        "contains a wildcard",
    );
    assert_rejected(
        principal(json!({"Service": "*"})),
        "Statement[0].Principal.Service",
        "wildcards are not allowed in this principal type",
    );
    assert_rejected(
        principal(json!({"AWS": ""})),
        "Statement[0].Principal.AWS",
        "empty `AWS` principal",
    );
    assert_rejected(
        principal(json!("arn:aws:iam::123456789012:root")),
        "Statement[0].Principal",
        "`Principal` must be `*` or an object",
    );
    assert_rejected(
        statement(json!({"NotPrincipal": ["*"]})),
        "Statement[0].NotPrincipal",
        "`NotPrincipal` must be `*` or an object",
    );
}

#[test]
fn rejects_unknown_condition_operators() {
    // Access Analyzer "Invalid condition operator"; operator names are
    // case-sensitive (IAM: `MalformedPolicyDocument: Invalid Condition type :
    // stringEquals`).
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*"},
        {"Effect": "Allow", "Action": "*",
         "Condition": {"ForAnyValues:StringLike": {"aws:TagKeys": "a*"}}}
    ]});
    assert_rejected(
        policy,
        "Statement[1].Condition.ForAnyValues:StringLike",
        "unknown qualifier `ForAnyValues:`",
    );
    assert_rejected(
        condition(json!({"StringUnknown": {"k": "v"}})),
        "Statement[0].Condition.StringUnknown",
        "unknown condition operator `StringUnknown`",
    );
    assert_rejected(
        condition(json!({"stringEquals": {"k": "v"}})),
        "Statement[0].Condition.stringEquals",
        "did you mean `StringEquals`?",
    );
    assert_rejected(
        condition(json!({"ForAllValues:ARNEqualsIfExists": {"k": "v"}})),
        "Statement[0].Condition.ForAllValues:ARNEqualsIfExists",
        "did you mean `ForAllValues:ArnEqualsIfExists`?",
    );
    assert_rejected(
        condition(json!({"IfExists": {"k": "v"}})),
        "Statement[0].Condition.IfExists",
        "unknown condition operator",
    );
}

#[test]
fn rejects_null_if_exists() {
    // reference_policies_elements_condition_operators.md: IfExists on any
    // operator except Null; Access Analyzer "Null with if exists".
    assert_rejected(
        condition(json!({"NullIfExists": {"aws:TokenIssueTime": "true"}})),
        "Statement[0].Condition.NullIfExists",
        "the `Null` operator cannot take the `IfExists` suffix",
    );
}

#[test]
fn rejects_malformed_condition_blocks() {
    assert_rejected(
        condition(json!(["StringEquals"])),
        "Statement[0].Condition",
        "`Condition` must be an object",
    );
    assert_rejected(
        condition(json!({"StringEquals": "aws:SourceVpc"})),
        "Statement[0].Condition.StringEquals",
        "an operator must map condition keys to values, found a string",
    );
    assert_rejected(
        condition(json!({"StringEquals": {"aws:SourceVpc": {"vpc": "1"}}})),
        "Statement[0].Condition.StringEquals.aws:SourceVpc",
        "condition values must be strings, numbers or booleans, found an object",
    );
    assert_rejected(
        condition(json!({"StringEquals": {"aws:SourceVpc": null}})),
        "Statement[0].Condition.StringEquals.aws:SourceVpc",
        "found null",
    );
    assert_rejected(
        condition(json!({"StringEquals": {"aws:SourceVpc": ["a", ["b"]]}})),
        "Statement[0].Condition.StringEquals.aws:SourceVpc[1]",
        "found an array",
    );
    // Access Analyzer "Duplicate keys with different case".
    assert_rejected(
        condition(json!({"StringEquals": {"aws:SourceVpc": "a", "AWS:sourcevpc": "b"}})),
        "Statement[0].Condition.StringEquals.AWS:sourcevpc",
        "repeats `aws:SourceVpc` with different case",
    );
}

#[test]
fn rejects_condition_values_of_the_wrong_type() {
    // reference_policies_elements_condition_operators.md: numbers, W3C
    // ISO 8601 dates or epoch time, CIDR ranges, true/false.
    let cases = [
        ("NumericLessThan", json!("ten"), "`ten` is not a number"),
        (
            "NumericEquals",
            json!(["1", "1e3"]),
            "`1e3` is not a number",
        ),
        (
            "DateGreaterThan",
            json!("yesterday"),
            "`yesterday` is not a date",
        ),
        (
            "IpAddress",
            json!("10.0.0.0/33"),
            "the prefix length must be 0 to 32",
        ),
        (
            "NotIpAddressIfExists",
            json!("not-an-ip"),
            "`not-an-ip` is not an IP address",
        ),
        ("Bool", json!("yes"), "`yes` is not a boolean"),
        ("ForAnyValue:Null", json!(1), "`1` is not a boolean"),
    ];
    for (operator, value, fragment) in cases {
        let index = if value.is_array() { "[1]" } else { "" };
        assert_rejected(
            condition(json!({operator: {"aws:Key": value}})),
            &format!("Statement[0].Condition.{operator}.aws:Key{index}"),
            fragment,
        );
    }
    let error = reject(condition(
        json!({"NumericLessThan": {"s3:max-keys": "ten"}}),
    ));
    assert_eq!(
        error.message,
        "invalid value for `NumericLessThan`: `ten` is not a number: only digits, one `.` and a leading sign are allowed"
    );
}

#[test]
fn rejects_duplicate_keys() {
    // reference_policies_grammar.md: "Individual elements must not contain
    // multiple instances of the same key".
    let error =
        parse_policy(r#"{"Statement": {"Effect": "Allow", "Action": "*", "Effect": "Deny"}}"#)
            .unwrap_err();
    assert_eq!(error.path, "Statement.Effect");
    assert!(
        error
            .message
            .starts_with("duplicate key `Effect` (line 1 column"),
        "{error}"
    );
    let error = parse_policy(
        r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {
            "StringEquals": {"a": "1"}, "StringEquals": {"b": "2"}}}]}"#,
    )
    .unwrap_err();
    assert_eq!(error.path, "Statement[0].Condition.StringEquals");
}

// ---------------------------------------------------------------------------
// Bad input: an error, never a panic or a hang

#[test]
fn wrong_types_everywhere_never_panic() {
    let full = json!({
        "Version": "2012-10-17",
        "Id": "id",
        "Statement": [{
            "Sid": "s",
            "Effect": "Allow",
            "Principal": {"AWS": ["123456789012"], "Service": "s.amazonaws.com"},
            "Action": ["s3:*"],
            "Resource": "*",
            "Condition": {"StringEquals": {"k": ["v"]}, "NumericEquals": {"n": 1}}
        }]
    });
    let replacements = [
        json!(null),
        json!(true),
        json!(-1.5),
        json!(""),
        json!("*"),
        json!([]),
        json!({}),
        json!([null]),
        json!([{}]),
        json!({"x": [[]]}),
    ];
    let mut paths = Vec::new();
    collect_paths(&full, String::new(), &mut paths);
    let mut errors = 0;
    for pointer in &paths {
        for replacement in &replacements {
            let mut mutated = full.clone();
            *mutated.pointer_mut(pointer).unwrap() = replacement.clone();
            if let Err(error) = parse_policy(&mutated.to_string()) {
                errors += 1;
                assert!(!error.message.is_empty());
                assert!(!error.to_string().contains('\n'));
            }
        }
    }
    assert!(errors > paths.len(), "most mutations are errors ({errors})");
}

fn collect_paths(value: &Value, pointer: String, out: &mut Vec<String>) {
    out.push(pointer.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                collect_paths(child, format!("{pointer}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_paths(child, format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn ten_thousand_deep_nesting_is_a_clear_error() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let error = parse_policy(&deep).unwrap_err();
    assert_eq!(error.path, "$");
    assert!(
        error
            .message
            .starts_with("not valid JSON: nested deeper than 128 levels"),
        "{error}"
    );
    let inside = format!(
        r#"{{"Statement": {{"Effect": "Allow", "Action": "*", "Condition": {{"StringEquals": {{"k": {}{}}}}}}}}}"#,
        "{\"a\":".repeat(10_000),
        "}".repeat(10_000)
    );
    let error = parse_policy(&inside).unwrap_err();
    assert!(
        error.message.contains("nested deeper than 128 levels"),
        "{error}"
    );
}

#[test]
fn deep_values_built_in_memory_are_rejected_without_recursion() {
    let mut deep = json!("leaf");
    for _ in 0..1_000 {
        deep = json!([deep]);
    }
    let error = parse_policy_value(&condition(json!({"StringEquals": {"k": deep}}))).unwrap_err();
    assert_eq!(error.path, "Statement[0].Condition.StringEquals.k[0]");
}

#[test]
fn ten_megabyte_documents_parse() {
    // AWS limits policies to a few KB, but a scanner must still read big
    // documents: there is no size limit.
    let resources: Vec<String> = (0..320_000)
        .map(|i| format!("arn:aws:s3:::bucket-{i:08}/*"))
        .collect();
    let text = statement(json!({"Resource": resources})).to_string();
    assert!(text.len() > 10_000_000, "{} bytes", text.len());
    let policy = parse_policy(&text).unwrap();
    assert_eq!(
        policy.statements[0]
            .resource
            .as_ref()
            .unwrap()
            .patterns
            .len(),
        320_000
    );
    let huge_operator = format!(
        r#"{{"Statement": {{"Effect": "Allow", "Action": "*", "Condition": {{"{}": {{}}}}}}}}"#,
        "X".repeat(10_000_000)
    );
    let error = parse_policy(&huge_operator).unwrap_err();
    assert!(
        error.to_string().len() < 1_000,
        "long user text is shortened"
    );
}

#[test]
fn control_characters_stay_escaped_in_errors() {
    let error = reject(condition(json!({"String\nEquals": {"k": "v"}})));
    assert!(!error.to_string().contains('\n'));
    assert!(error.message.contains("`String\\nEquals`"), "{error}");
}

// ---------------------------------------------------------------------------
// Normalised form

#[test]
fn normalised_json_uses_iam_order_and_arrays() {
    let policy = parse(json!({
        "Statement": {
            "Condition": {"NumericEquals": {"n": 1}, "Bool": {"b": true}},
            "Resource": "arn:aws:s3:::b",
            "Action": "s3:GetObject",
            "Principal": {"Service": "s.amazonaws.com", "AWS": "123456789012"},
            "Effect": "Allow",
            "Sid": "One"
        },
        "Id": "P",
        "Version": "2012-10-17"
    }));
    assert_eq!(
        policy.to_iam_json().to_string(),
        concat!(
            r#"{"Version":"2012-10-17","Id":"P","Statement":[{"Sid":"One","Effect":"Allow","#,
            r#""Principal":{"AWS":["123456789012"],"Service":["s.amazonaws.com"]},"#,
            r#""Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b"],"#,
            r#""Condition":{"NumericEquals":{"n":["1"]},"Bool":{"b":["true"]}}}]}"#
        )
    );
}

#[test]
fn normalised_json_parses_back_to_the_same_policy() {
    let original = parse(json!({"Version": "2008-10-17", "Statement": [
        {"Effect": "Deny", "NotPrincipal": {}, "NotAction": "s3:*", "NotResource": []},
        {"Effect": "Allow", "Principal": "*", "Action": "*",
         "Condition": {"ForAnyValue:StringLikeIfExists": {"k": ["a*", 3]}}}
    ]}));
    let again = parse(original.to_iam_json());
    assert_eq!(again, original);
}
