//! The whole analysis of a policy attached to an S3 bucket, an SQS queue, a
//! KMS key or a role, with its two oracles: every witness is re-checked by
//! the concrete evaluator inside `analyze` (a failure is a `model invalid`
//! error), and each witness must satisfy the encoder-vs-evaluator oracle.
//! A panic, a `model invalid`, an oracle mismatch or an internal error is a
//! finding. The first byte picks the resource type.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zoneproof_analyzer::analysis::check_fuzz_input;

fuzz_target!(|data: &[u8]| {
    if let Err(failure) = check_fuzz_input(data) {
        panic!("{failure}");
    }
});
