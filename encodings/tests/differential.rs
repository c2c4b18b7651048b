//! Differential test: the automata and z3-strings backends agree on
//! sat/unsat on random queries wherever z3-strings decides in time, and
//! every `Sat` model satisfies its query when evaluated concretely.
//!
//! The default run is short (200 random and 6 policy-shaped queries). The
//! full run the issue asks for uses environment variables, in release mode:
//! `ZONEPROOF_DIFF_QUERIES=5000 ZONEPROOF_DIFF_TIMEOUT_MS=1000 cargo test
//! --release -p zoneproof-encodings --test differential -- --nocapture`.

use std::time::Duration;

use zoneproof_encodings::bench::{compare, Comparison};
use zoneproof_encodings::gen;
use zoneproof_encodings::pattern::Pattern;
use zoneproof_encodings::solver::{new_backend, BackendKind, CheckResult};
use zoneproof_encodings::term::{self, Sort, Var};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn check_models(q: &gen::Query, c: &Comparison) {
    for result in [&c.automata.result, &c.z3_strings.result] {
        if let CheckResult::Sat(m) = result {
            for t in &q.assertions {
                assert_eq!(t.holds(m), Ok(true), "{}: model {m} violates {t}", q.name);
            }
        }
    }
}

fn run(queries: &[gen::Query], timeout: Duration) -> (usize, usize, Vec<String>) {
    let mut decided = 0;
    let mut automata_unknown = 0;
    let mut disagreements = Vec::new();
    for q in queries {
        let c = compare(q, timeout);
        check_models(q, &c);
        if c.both_decided() {
            decided += 1;
        }
        if matches!(c.automata.result, CheckResult::Unknown(_)) {
            automata_unknown += 1;
        }
        if let CheckResult::Unknown(reason) = &c.z3_strings.result {
            let short: String = reason.chars().take(60).collect();
            println!("z3-strings unknown on {}: {short}", q.name);
        }
        if c.disagrees() {
            disagreements.push(format!(
                "{}: automata {} z3-strings {}\n{}",
                q.name,
                c.automata.result.label(),
                c.z3_strings.result.label(),
                term::smtlib_script(&q.assertions)
            ));
        }
    }
    (decided, automata_unknown, disagreements)
}

#[test]
fn backends_agree_on_random_queries() {
    let n = env_or("ZONEPROOF_DIFF_QUERIES", 200);
    let timeout = Duration::from_millis(env_or("ZONEPROOF_DIFF_TIMEOUT_MS", 500) as u64);
    let queries = gen::random_queries(2024, n);
    let (decided, automata_unknown, disagreements) = run(&queries, timeout);
    println!("random: {n} queries, {decided} decided by both, {automata_unknown} automata unknown, {} disagreements", disagreements.len());
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert_eq!(automata_unknown, 0);
    assert!(
        decided * 10 >= n * 8,
        "z3-strings decided too few: {decided} of {n}"
    );
}

#[test]
fn backends_agree_on_policy_shaped_queries() {
    let n = env_or("ZONEPROOF_DIFF_POLICY_QUERIES", 6);
    let timeout = Duration::from_millis(env_or("ZONEPROOF_DIFF_TIMEOUT_MS", 1000) as u64);
    let queries = gen::policy_like_queries(2024, n);
    let (decided, automata_unknown, disagreements) = run(&queries, timeout);
    println!("policy-like: {n} queries, {decided} decided by both, {automata_unknown} automata unknown, {} disagreements", disagreements.len());
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert_eq!(automata_unknown, 0);
}

/// A timeout is `Unknown`, never `Unsat`: z3-strings cannot decide this
/// intersection of many `*`-patterns in one millisecond.
#[test]
fn a_timeout_yields_unknown_never_unsat() {
    let x = Var::new("x", Sort::Str);
    let mut b = new_backend(BackendKind::Z3Strings, Duration::from_millis(1));
    for i in 0..12 {
        let p = Pattern::wildcard(&format!("*a{}*b?*{}*", "?".repeat(i % 4), i));
        b.assert(&term::in_pattern(&x, &p).unwrap()).unwrap();
        b.assert(&term::not(
            term::in_pattern(&x, &Pattern::wildcard(&format!("*{i}?{i}*"))).unwrap(),
        ))
        .unwrap();
    }
    assert!(matches!(b.check(), CheckResult::Unknown(_)));
}
