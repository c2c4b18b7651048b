//! Behaviour both backends must share.

use std::time::Duration;

use super::*;
use crate::pattern::Pattern;
use crate::term::{self, CmpOp, Sort, Var};

const SECOND: Duration = Duration::from_secs(5);

fn each_backend(f: impl Fn(&mut dyn Backend)) {
    for kind in BackendKind::ALL {
        let mut b = new_backend(kind, SECOND);
        f(b.as_mut());
    }
}

fn w(text: &str) -> Pattern {
    Pattern::wildcard(text)
}

#[test]
fn string_membership_and_exclusion() {
    let x = Var::new("x", Sort::Str);
    each_backend(|b| {
        b.assert(&term::in_pattern(&x, &w("arn:*:s3")).unwrap())
            .unwrap();
        b.assert(&term::not(term::in_pattern(&x, &w("arn:a*")).unwrap()))
            .unwrap();
        let CheckResult::Sat(m) = b.check() else {
            panic!("{} should be sat", b.kind())
        };
        let value = m.get_str(&x).unwrap();
        assert!(value.starts_with("arn:") && value.ends_with(":s3") && !value.starts_with("arn:a"));
        b.assert(&term::not(term::in_pattern(&x, &w("arn:*")).unwrap()))
            .unwrap();
        assert_eq!(b.check(), CheckResult::Unsat, "{}", b.kind());
    });
}

#[test]
fn push_and_pop_restore_the_assertions() {
    let x = Var::new("x", Sort::Str);
    let n = Var::new("n", Sort::Int);
    each_backend(|b| {
        b.assert(&term::cmp(CmpOp::Lt, term::var(&n), term::int(10)).unwrap())
            .unwrap();
        b.push();
        b.assert(&term::str_eq(&x, "a").unwrap()).unwrap();
        b.assert(&term::str_eq(&x, "b").unwrap()).unwrap();
        assert_eq!(b.check(), CheckResult::Unsat);
        b.pop();
        assert_eq!(b.scopes(), 0);
        b.push();
        b.assert(&term::str_eq(&x, "b").unwrap()).unwrap();
        let CheckResult::Sat(m) = b.check() else {
            panic!("sat expected")
        };
        assert_eq!(m.get_str(&x), Some("b"));
        assert!(m.get_int(&n).unwrap() < 10);
        b.pop();
    });
}

#[test]
fn ints_and_ips_take_their_full_ranges() {
    let n = Var::new("n", Sort::Int);
    let a = Var::new("a", Sort::Ip);
    each_backend(|b| {
        b.assert(&term::cmp(CmpOp::Lt, term::int(i128::MAX - 1), term::var(&n)).unwrap())
            .unwrap();
        b.assert(&term::cmp(CmpOp::Lt, term::ip(u128::MAX - 1), term::var(&a)).unwrap())
            .unwrap();
        let CheckResult::Sat(m) = b.check() else {
            panic!("sat expected")
        };
        assert_eq!(m.get_int(&n), Some(i128::MAX));
        assert_eq!(m.get_ip(&a), Some(u128::MAX));
        b.assert(&term::cmp(CmpOp::Lt, term::var(&n), term::int(i128::MIN + 1)).unwrap())
            .unwrap();
        assert_eq!(b.check(), CheckResult::Unsat);
    });
}

#[test]
fn models_cover_unconstrained_and_declared_variables() {
    let x = Var::new("x", Sort::Str);
    let y = Var::new("y|odd\\name", Sort::Str);
    let flag = Var::new("flag", Sort::Bool);
    each_backend(|b| {
        b.assert(&term::or([
            term::var(&flag),
            term::in_pattern(&x, &w("a*")).unwrap(),
        ]))
        .unwrap();
        b.declare(&y);
        let CheckResult::Sat(m) = b.check() else {
            panic!("sat expected")
        };
        assert!(m.get_str(&x).is_some());
        assert!(m.get_str(&y).is_some());
        assert!(m.get_bool(&flag).is_some());
    });
}

#[test]
fn ill_sorted_terms_are_rejected() {
    let n = Var::new("n", Sort::Int);
    each_backend(|b| {
        assert!(matches!(
            b.assert(&term::var(&n)),
            Err(SolverError::IllSorted(_))
        ));
        assert!(matches!(
            b.assert(&term::and([
                term::var(&n),
                term::var(&Var::new("p", Sort::Bool))
            ])),
            Err(SolverError::IllSorted(_))
        ));
    });
}

#[test]
fn enumeration_lists_every_projection_once() {
    let x = Var::new("x", Sort::Str);
    let a = term::in_pattern(&x, &w("a*")).unwrap();
    let b_ = term::in_pattern(&x, &w("*b")).unwrap();
    each_backend(|b| {
        b.assert(&term::or([a.clone(), b_.clone()])).unwrap();
        let e = enumerate_projections(b, &[a.clone(), b_.clone()], 10);
        assert_eq!(e.outcome, EnumerationOutcome::Complete);
        let mut vals: Vec<Vec<bool>> = e.projections.iter().map(|p| p.valuation.clone()).collect();
        vals.sort();
        assert_eq!(
            vals,
            vec![vec![false, true], vec![true, false], vec![true, true]]
        );
        assert_eq!(b.scopes(), 0);
        let limited = enumerate_projections(b, &[a.clone(), b_.clone()], 2);
        assert_eq!(limited.outcome, EnumerationOutcome::LimitReached);
    });
}

#[test]
fn thread_backend_starts_clean_each_call() {
    let x = Var::new("x", Sort::Str);
    for kind in BackendKind::ALL {
        let first = with_thread_backend(kind, SECOND, |b| {
            b.assert(&term::fls()).unwrap();
            b.push();
            b.check()
        });
        assert_eq!(first, CheckResult::Unsat);
        let second = with_thread_backend(kind, SECOND, |b| {
            b.assert(&term::str_eq(&x, "q").unwrap()).unwrap();
            b.check()
        });
        assert!(matches!(second, CheckResult::Sat(_)), "{kind}");
    }
}

#[test]
fn backend_names_round_trip() {
    for kind in BackendKind::ALL {
        assert_eq!(kind.to_string().parse::<BackendKind>(), Ok(kind));
    }
    assert!("cvc5".parse::<BackendKind>().is_err());
}

#[test]
fn characters_beyond_z3s_alphabet_are_unknown_for_z3_strings_only() {
    let x = Var::new("x", Sort::Str);
    // U+E0041 (a tag character) lies above Z3 4.8.12's largest character.
    let t = term::in_pattern(&x, &w("*\u{E0041}*")).unwrap();
    let mut automata = new_backend(BackendKind::Automata, SECOND);
    automata.assert(&t).unwrap();
    let CheckResult::Sat(m) = automata.check() else {
        panic!("sat expected")
    };
    assert_eq!(m.get_str(&x), Some("\u{E0041}"));
    let mut z3 = new_backend(BackendKind::Z3Strings, SECOND);
    z3.assert(&t).unwrap();
    assert!(matches!(z3.check(), CheckResult::Unknown(_)));
}

#[test]
fn a_zero_timeout_is_unknown_for_both_backends() {
    let x = Var::new("x", Sort::Str);
    each_backend(|b| {
        b.set_timeout(Duration::ZERO);
        for i in 0..6 {
            let p = w(&format!("*a{}*b*{i}*", "?".repeat(i)));
            b.assert(&term::in_pattern(&x, &p).unwrap()).unwrap();
        }
        let result = b.check();
        assert!(
            matches!(result, CheckResult::Unknown(_)),
            "{}: {result:?}",
            b.kind()
        );
    });
}

#[test]
fn ip_addresses_compare_unsigned_across_families() {
    let a = Var::new("aws:SourceIp", Sort::Ip);
    let (lo, hi) = crate::ip::parse_cidr("203.0.113.0/24").unwrap();
    each_backend(|b| {
        b.assert(&term::in_range(term::var(&a), term::ip(lo), term::ip(hi)).unwrap())
            .unwrap();
        b.assert(&term::not(
            term::cmp(CmpOp::Eq, term::var(&a), term::ip(lo)).unwrap(),
        ))
        .unwrap();
        let CheckResult::Sat(m) = b.check() else {
            panic!("sat expected")
        };
        let value = m.get_ip(&a).unwrap();
        assert!(lo < value && value <= hi, "{}", crate::ip::to_addr(value));
    });
}

#[test]
fn comparisons_between_variables_agree_with_comparisons_with_constants() {
    let n = Var::new("n", Sort::Int);
    let m = Var::new("m", Sort::Int);
    each_backend(|b| {
        // n = 3 as constants, then n < m and m < 5 between variables: m = 4.
        b.assert(&term::cmp(CmpOp::Eq, term::var(&n), term::int(3)).unwrap())
            .unwrap();
        b.push();
        b.assert(&term::cmp(CmpOp::Lt, term::var(&n), term::var(&m)).unwrap())
            .unwrap();
        b.assert(&term::cmp(CmpOp::Lt, term::var(&m), term::int(5)).unwrap())
            .unwrap();
        let CheckResult::Sat(model) = b.check() else {
            panic!("{}: sat expected", b.kind())
        };
        assert_eq!((model.get_int(&n), model.get_int(&m)), (Some(3), Some(4)));
        b.assert(&term::cmp(CmpOp::Le, term::var(&m), term::int(3)).unwrap())
            .unwrap();
        assert_eq!(b.check(), CheckResult::Unsat, "{}", b.kind());
        b.pop();
        // Back to constants only: m is free again.
        b.assert(&term::cmp(CmpOp::Le, term::var(&m), term::int(3)).unwrap())
            .unwrap();
        let CheckResult::Sat(model) = b.check() else {
            panic!("{}: sat expected", b.kind())
        };
        assert!(model.get_int(&m).is_some_and(|v| v <= 3));
    });
}

#[test]
fn enumerating_many_equalities_of_one_integer_finds_each_value() {
    // The shape of "the principal is in the i-th named account", blocked
    // one value at a time (the analysis of policies naming many accounts).
    let index = Var::new("index", Sort::Int);
    let values = 0..300i128;
    each_backend(|b| {
        b.assert(&term::or(values.clone().map(|i| {
            term::cmp(CmpOp::Eq, term::var(&index), term::int(i)).unwrap()
        })))
        .unwrap();
        let mut found = std::collections::BTreeSet::new();
        while let CheckResult::Sat(model) = b.check() {
            let value = model.get_int(&index).unwrap();
            assert!(found.insert(value), "{}: {value} twice", b.kind());
            b.assert(&term::not(
                term::cmp(CmpOp::Eq, term::var(&index), term::int(value)).unwrap(),
            ))
            .unwrap();
        }
        assert_eq!(found, values.clone().collect(), "{}", b.kind());
    });
}

#[test]
fn variable_names_with_nul_and_control_characters_reach_z3_escaped() {
    // A condition key is policy text: `"aws:\u0000x"` once panicked in
    // Z3's symbol constructor (#15).
    let b = Var::new("k:a\0b\u{1b}", Sort::Bool);
    let n = Var::new("k:a\0n", Sort::Int);
    let s = Var::new("k:a\0s|#", Sort::Str);
    each_backend(|backend| {
        backend.assert(&term::var(&b)).unwrap();
        backend
            .assert(&term::cmp(CmpOp::Lt, term::var(&n), term::int(3)).unwrap())
            .unwrap();
        backend
            .assert(&term::in_pattern(&s, &w("x*")).unwrap())
            .unwrap();
        let CheckResult::Sat(m) = backend.check() else {
            panic!("expected sat");
        };
        assert_eq!(m.get(&b), Some(&crate::model::Value::Bool(true)));
    });
}
