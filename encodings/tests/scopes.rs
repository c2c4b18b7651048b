//! Scoped questions on one backend: what a popped scope asserted (its
//! atoms, their lemmas, order atoms and their axioms) must not reach the
//! questions of later scopes, which reuse the popped atoms' Z3 names.

#![allow(clippy::expect_used)]

use std::time::Duration;

use zoneproof_encodings::pattern::Pattern;
use zoneproof_encodings::solver::{new_backend, Backend, BackendKind, CheckResult};
use zoneproof_encodings::term::{self, CmpOp, Sort, Var};

fn answer(backend: &mut dyn Backend, formula: &term::Term) -> CheckResult {
    backend.push();
    backend.assert(formula).expect("a well-sorted formula");
    let result = backend.check();
    backend.pop();
    result
}

#[test]
fn popped_scopes_leave_nothing_behind_for_later_questions() {
    let mut backend = new_backend(BackendKind::Automata, Duration::from_secs(10));
    let s = Var::new("s", Sort::Str);
    let n = Var::new("n", Sort::Int);
    let in_pattern = |p: &str| term::in_pattern(&s, &Pattern::wildcard(p)).expect("a pattern");
    let literal = |t: &str| term::str_eq(&s, t).expect("a literal");
    let at_most = |k: i128| term::cmp(CmpOp::Le, term::var(&n), term::int(k)).expect("ints");
    for round in 0..200 {
        // Satisfiable: atoms `s = "abc"`, `s ∈ a*` and an order atom.
        let first = term::and([literal("abc"), in_pattern("a*"), at_most(round)]);
        assert!(
            matches!(answer(backend.as_mut(), &first), CheckResult::Sat(_)),
            "round {round}: s = abc, s in a*, n <= {round} is satisfiable"
        );
        // Unsatisfiable with fresh atoms that take the popped atoms' names.
        let second = term::and([literal("xyz"), in_pattern("a*")]);
        assert!(
            matches!(answer(backend.as_mut(), &second), CheckResult::Unsat),
            "round {round}: s = xyz and s in a* cannot both hold"
        );
        // Satisfiable only if nothing of the first scope survived (its
        // lemma `s = "abc" => s ∈ a*` and its order axioms).
        let third = term::and([
            in_pattern("x*"),
            term::not(in_pattern("a*")),
            term::not(at_most(round)),
        ]);
        assert!(
            matches!(answer(backend.as_mut(), &third), CheckResult::Sat(_)),
            "round {round}: s in x*, not in a*, n > {round} is satisfiable"
        );
    }
}
