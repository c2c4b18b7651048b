//! The `analysis` fuzz target's input and oracles, as a library function:
//! the fuzz target (nightly, `fuzz/`) and the replay of kept inputs
//! (`analyzer/tests/fuzz_regressions.rs`, stable) judge an input the same
//! way.

use std::time::Duration;

use super::{
    analyze_detailed, check_witnesses_with_oracle, AnalysisError, AnalysisOptions, Extras,
    OracleError, PolicyDocument, ResourceSpec,
};
use crate::finding::ResultStatus;
use crate::limits::Limits;
use crate::resource::ResourceType;
use crate::zone::Zone;

/// The resource types an input's first byte picks from, in order.
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

/// What the `analysis` fuzz target counts as a finding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FuzzFailure {
    /// The analysis failed with a bug: a `model invalid` (the evaluator
    /// rejected a witness) or an internal error (a caught panic).
    #[error(transparent)]
    Analysis(AnalysisError),
    /// A witness failed the encoder-vs-evaluator oracle.
    #[error(transparent)]
    Oracle(OracleError),
}

/// Largest policy text the target analyses (larger inputs are skipped).
const MAX_POLICY_BYTES: usize = 16 << 10;

/// Analyses a fuzz input (first byte: the resource type; the rest: the
/// policy, UTF-8) in the owner's account zone, with short bounds.
///
/// # Errors
/// What failed: a `model invalid` (the evaluator rejected a witness), an
/// internal error (a caught panic), or a mismatch of the encoder-vs-evaluator
/// oracle on a witness. Inputs that are not UTF-8 or too large are `Ok`.
pub fn check_fuzz_input(data: &[u8]) -> Result<(), FuzzFailure> {
    let Some((first, rest)) = data.split_first() else {
        return Ok(());
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return Ok(());
    };
    if text.len() > MAX_POLICY_BYTES {
        return Ok(());
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
    let analyzed = analyze_detailed(&spec, &options);
    if let Some(failure) = analyzed.failure.filter(AnalysisError::is_bug) {
        return Err(FuzzFailure::Analysis(failure));
    }
    if analyzed.result.status == ResultStatus::Analyzed {
        // The re-run may stop for its bounds; only a mismatch counts.
        match check_witnesses_with_oracle(&spec, &options) {
            Err(failure) if failure.is_oracle_failure() => {
                return Err(FuzzFailure::Oracle(failure))
            }
            _ => {}
        }
    }
    Ok(())
}
