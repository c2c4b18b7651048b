//! Differential test: the automata backend and the z3-strings backend must
//! report identical findings on every corpus case that z3-strings decides
//! within its timeout. The default run takes every fifth case (z3-strings is
//! slow); `ZONEPROOF_DIFF_ALL=1` runs them all. `zoneproof-bench corpus`
//! reports the full numbers.

use std::path::Path;
use std::time::Duration;
use zoneproof_analyzer::corpus::load_cases;
use zoneproof_dev::stats::{agreement, run_backend};
use zoneproof_encodings::solver::BackendKind;

#[test]
fn both_backends_agree_on_the_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let cases = load_cases(&dir).expect("corpus loads");
    let all = std::env::var_os("ZONEPROOF_DIFF_ALL").is_some();
    let sample: Vec<_> = cases
        .into_iter()
        .enumerate()
        .filter(|(i, _)| all || i % 5 == 0)
        .map(|(_, c)| c)
        .collect();
    let (automata, first) = run_backend(&sample, BackendKind::Automata, Duration::from_secs(10), 1);
    let (_, second) = run_backend(&sample, BackendKind::Z3Strings, Duration::from_secs(2), 1);
    let (numbers, disagreeing) = agreement(&first, &second);
    println!(
        "differential: {} cases, {} decided by both, {} agree, {} undecided by z3-strings; automata unknown: {}",
        sample.len(),
        numbers.decided,
        numbers.agreed,
        numbers.undecided,
        automata.unknown
    );
    let names: Vec<String> = disagreeing
        .iter()
        .filter_map(|i| sample.get(*i))
        .map(|c| c.file.display().to_string())
        .collect();
    assert!(names.is_empty(), "backends disagree on: {names:#?}");
    assert!(numbers.decided > 0, "z3-strings decided nothing");
}
