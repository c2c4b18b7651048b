//! Every input the `analysis` fuzz target found (kept under
//! `tests/fixtures/fuzz/`, as the target reads them: the first byte picks
//! the resource type, the rest is the policy) is replayed here with the
//! target's oracles, so a class the fuzzer found stays fixed on stable
//! Rust and in every `make test`: no `model invalid`, no internal error,
//! and every witness of an analysed result passes the
//! encoder-vs-evaluator oracle.
use std::path::Path;
use std::time::Duration;

use zoneproof_analyzer::analysis::{
    analyze, check_witnesses_with_oracle, AnalysisOptions, Extras, Limits, PolicyDocument,
    ResourceSpec,
};
use zoneproof_analyzer::finding::ResultStatus;
use zoneproof_analyzer::resource::ResourceType;
use zoneproof_analyzer::zone::Zone;

/// The fuzz target's resource types, in its order.
const TYPES: [(ResourceType, &str); 4] = [
    (ResourceType::S3Bucket, "arn:aws:s3:::example-bucket"),
    (
        ResourceType::SqsQueue,
        "arn:aws:sqs:us-east-1:111122223333:queue",
    ),
    (
        ResourceType::KmsKey,
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    ),
    (
        ResourceType::IamRole,
        "arn:aws:iam::111122223333:role/example",
    ),
];

/// The oracles' verdict on one fuzz input: `Err` names what failed.
fn replay(data: &[u8]) -> Result<(), String> {
    let Some((first, rest)) = data.split_first() else {
        return Ok(());
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return Ok(());
    };
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
    let message = result.error.clone().unwrap_or_default();
    if message.contains("model invalid") || message.contains("internal error") {
        return Err(message);
    }
    if result.status == ResultStatus::Analyzed {
        check_witnesses_with_oracle(&spec, &options)?;
    }
    Ok(())
}

#[test]
fn every_kept_fuzz_input_passes_the_analysis_oracles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        if let Err(failure) = replay(&data) {
            panic!("{}: {failure}", path.display());
        }
        replayed += 1;
    }
    assert!(replayed > 0, "no fuzz inputs in {}", dir.display());
}
