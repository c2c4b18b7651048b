//! Issue #15: hostile and broken input never ends in a lying exit code, a
//! run without end, or a panic. One test (at least) per class.
#![cfg(test)]

use crate::zoneproof;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A fresh directory for one test.
fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "zoneproof-reliability-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn write(path: &Path, bytes: &[u8]) -> String {
    std::fs::write(path, bytes).expect("write");
    path.to_str().expect("utf-8 path").to_string()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const PUBLIC_QUEUE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}"#;

const BUCKET: [&str; 6] = [
    "--resource-type",
    "AWS::S3::Bucket",
    "--resource-arn",
    "arn:aws:s3:::b",
    "--account",
    "111122223333",
];

#[test]
fn class1_an_unresolved_intrinsic_reads_as_any_value_with_a_note() {
    let d = dir("unresolved");
    let template = write(
        &d.join("t.yaml"),
        br#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Partner: {Type: String}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: shared-bucket}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Ref Partner}
            Action: s3:GetObject
            Resource: !Sub "arn:aws:s3:::${Imported}/*"
"#,
    );
    let out = zoneproof(&[
        "scan",
        "--no-progress",
        &template,
        "--account",
        "111122223333",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(code(&out), 2, "{text}{}", stderr(&out));
    assert!(text.contains("PUBLIC"), "{text}");
    assert!(
        text.contains("unresolved value is read as any principal"),
        "{text}"
    );
}

#[test]
fn class1_a_walked_file_that_cannot_be_read_or_has_list_resources_is_an_error() {
    let d = dir("walked");
    write(&d.join("bad.yaml"), b"Resources:\n  A: {Type: \"\xff\"}\n");
    write(
        &d.join("list.json"),
        br#"{"Resources": [{"Type": "AWS::SQS::QueuePolicy"}]}"#,
    );
    let out = zoneproof(&["scan", "--no-progress", d.to_str().expect("path")]);
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "{err}");
    assert!(
        err.contains("bad.yaml") && err.contains("not valid UTF-8"),
        "{err}"
    );
    assert!(err.contains("`Resources` must be a map"), "{err}");
}

#[test]
fn class1_a_closed_pipe_keeps_the_exit_code_of_the_results_seen() {
    let d = dir("pipe");
    let mut lines = String::new();
    for i in 0..40 {
        lines.push_str(&format!(
            "{{\"arn\":\"arn:aws:sqs:us-east-1:111122223333:q{i}\",\"resourceType\":\"AWS::SQS::Queue\",\"policy\":{PUBLIC_QUEUE}}}\n"
        ));
    }
    let inventory = write(&d.join("inv.jsonl"), lines.as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_zoneproof"))
        .args(["scan", "--no-progress", "--format", "jsonl", &inventory])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    // Blocking (public) findings were seen: never 0, and no "Broken pipe".
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(!stderr(&out).contains("Broken pipe"), "{}", stderr(&out));
}

#[test]
fn class2_budgets_end_in_unknown_with_the_flag_that_raises_them() {
    let d = dir("budgets");
    let mut statements = Vec::new();
    for i in 0..400 {
        statements.push(format!(
            r#"{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{:012}:root"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#,
            100_000_000_000u64 + i
        ));
    }
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    let path = write(&d.join("p.json"), policy.as_bytes());
    let mut args = vec!["analyze", path.as_str(), "--max-policy-bytes", "1000"];
    args.extend_from_slice(&BUCKET);
    let out = zoneproof(&args);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("unknown") && stderr(&out).contains("--max-policy-bytes"));
    let mut args = vec!["analyze", path.as_str(), "--resource-timeout-ms", "1"];
    args.extend_from_slice(&BUCKET);
    let out = zoneproof(&args);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("--resource-timeout-ms"),
        "{}",
        stderr(&out)
    );
    let mut args = vec!["analyze", path.as_str(), "--max-atoms", "10"];
    args.extend_from_slice(&BUCKET);
    let out = zoneproof(&args);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("--max-atoms"), "{}", stderr(&out));
}

#[test]
fn class3_a_nul_in_a_condition_key_is_analysed_not_a_panic() {
    let d = dir("nul");
    let path = write(
        &d.join("p.json"),
        br#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:\u0000x":"1"},"NumericLessThan":{"k\u0000n":"3"},"Bool":{"b\u0000":"true"}}}]}"#,
    );
    let mut args = vec!["analyze", path.as_str()];
    args.extend_from_slice(&BUCKET);
    let out = zoneproof(&args);
    assert_ne!(code(&out), 101, "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn class5_error_lines_escape_control_characters_and_cut_long_values() {
    let d = dir("hygiene");
    let long = "a".repeat(1 << 20);
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{{"Bogus\n\u001b[2Jzoneproof: ok{long}":{{"k":"v"}}}}}}]}}"#
    );
    let path = write(&d.join("p.json"), policy.as_bytes());
    let mut args = vec!["analyze", path.as_str()];
    args.extend_from_slice(&BUCKET);
    let out = zoneproof(&args);
    let err = stderr(&out);
    assert_eq!(code(&out), 1);
    assert!(
        !err.contains('\u{1b}'),
        "escape sequence reached the terminal"
    );
    assert_eq!(err.lines().count(), 1, "{}", &err[..err.len().min(500)]);
    assert!(err.len() < 5_000, "error line of {} bytes", err.len());
}

#[test]
fn class6_named_pipes_are_refused_not_read() {
    let d = dir("fifo");
    let fifo = d.join("p.json");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    let fifo = fifo.to_str().expect("path");
    let mut args = vec!["analyze", fifo];
    args.extend_from_slice(&BUCKET);
    let out = zoneproof(&args);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("not a regular file (a named pipe)"));
    let out = zoneproof(&["scan", "--no-progress", fifo]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("not a regular file"));
}

#[test]
fn class7_one_bad_byte_in_json_lines_costs_only_its_line() {
    let d = dir("jsonl");
    let mut bytes = Vec::new();
    for i in 0..3 {
        bytes.extend_from_slice(
            format!(
                "{{\"arn\":\"arn:aws:sqs:us-east-1:111122223333:q{i}\",\"resourceType\":\"AWS::SQS::Queue\",\"policy\":{PUBLIC_QUEUE}}}\n"
            )
            .as_bytes(),
        );
    }
    bytes.extend_from_slice(b"{\"arn\":\"arn:aws:sqs:us-east-1:111122223333:\xff\"}\n");
    let path = write(&d.join("inv.jsonl"), &bytes);
    let out = zoneproof(&["scan", "--no-progress", "--format", "jsonl", &path]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 4, "{text}");
    assert_eq!(text.matches("\"analyzed\"").count(), 3, "{text}");
    assert!(
        stderr(&out).contains("line 4 is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
    assert_eq!(code(&out), 1);
}
