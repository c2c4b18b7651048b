//! The whole analysis of a policy attached to an S3 bucket, an SQS queue, a
//! KMS key or a role, with its two oracles: every witness is re-checked by
//! the concrete evaluator inside `analyze` (a failure is a `model invalid`
//! error), and each witness must satisfy the encoder-vs-evaluator oracle.
//! A panic, a `model invalid`, an oracle mismatch or an internal error is a
//! finding. The first byte picks the resource type.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use zoneproof_analyzer::analysis::{analyze, check_witnesses_with_oracle, AnalysisOptions, Extras, Limits, PolicyDocument, ResourceSpec};
use zoneproof_analyzer::finding::ResultStatus;
use zoneproof_analyzer::resource::ResourceType;
use zoneproof_analyzer::zone::Zone;

const TYPES: [(ResourceType, &str); 4] = [
    (ResourceType::S3Bucket, "arn:aws:s3:::example-bucket"),
    (ResourceType::SqsQueue, "arn:aws:sqs:us-east-1:111122223333:queue"),
    (ResourceType::KmsKey, "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    (ResourceType::IamRole, "arn:aws:iam::111122223333:role/example"),
];

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if text.len() > 16 << 10 {
        return;
    }
    let (resource_type, arn) = TYPES[usize::from(*first) % TYPES.len()];
    let spec = ResourceSpec {
        resource_type,
        arn: arn.to_string(),
        zone: Zone::account("111122223333"),
        policy: Some(PolicyDocument::Text(text.to_string())),
        extras: Extras::default(),
    };
    let options = AnalysisOptions {
        timeout: Duration::from_secs(2),
        limits: Limits {
            resource_timeout: Duration::from_secs(5),
            ..Limits::default()
        },
        ..AnalysisOptions::default()
    };
    let result = analyze(&spec, &options);
    if result.status == ResultStatus::Error {
        let message = result.error.as_deref().unwrap_or_default();
        assert!(
            !message.contains("model invalid") && !message.contains("internal error"),
            "{message}"
        );
    }
    if result.status == ResultStatus::Analyzed {
        if let Err(mismatch) = check_witnesses_with_oracle(&spec, &options) {
            assert!(!mismatch.contains("oracle"), "{mismatch}");
        }
    }
});
