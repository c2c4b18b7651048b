//! Every input the `analysis` fuzz target found (kept under
//! `tests/fixtures/fuzz/`, as the target reads them: the first byte picks
//! the resource type, the rest is the policy) is replayed here with the
//! target's oracles, so a class the fuzzer found stays fixed on stable
//! Rust and in every `make test`: no `model invalid`, no internal error,
//! and every witness of an analysed result passes the
//! encoder-vs-evaluator oracle.
use std::path::Path;

use zoneproof_analyzer::analysis::check_fuzz_input;

#[test]
fn every_kept_fuzz_input_passes_the_analysis_oracles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        if let Err(failure) = check_fuzz_input(&data) {
            panic!("{}: {failure}", path.display());
        }
        replayed += 1;
    }
    assert!(replayed > 0, "no fuzz inputs in {}", dir.display());
}
