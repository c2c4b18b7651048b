//! The string theory of the automata backend: for one string variable, a set
//! of literals "in pattern P" / "not in pattern P" is satisfiable when the
//! product search finds a witness. Unsatisfiable sets are shrunk to small
//! conflict cores, which the backend turns into lemmas for Z3.
//!
//! Answers are memoised per theory instance (one per backend, so per
//! thread); `Unknown` answers are not memoised.

use std::collections::HashMap;

use crate::automata::{find_witness, Budget, Emptiness};
use crate::pattern::{Pattern, Strategy};

/// One string literal: the pattern and whether the string must be in it.
pub type StrLiteral = (Pattern, bool);

/// Pair checks tried before the general core minimisation.
const MAX_PAIR_CHECKS: usize = 4_000;
/// Entries kept in the decision memo before it is cleared.
const MEMO_CAPACITY: usize = 100_000;

/// Memoised decisions on sets of string literals.
#[derive(Debug, Default)]
pub struct StringTheory {
    memo: HashMap<Vec<StrLiteral>, Emptiness>,
    /// Product searches run (memo misses), for statistics.
    pub searches: u64,
}

impl StringTheory {
    /// A theory with an empty memo.
    pub fn new() -> StringTheory {
        StringTheory::default()
    }

    /// Whether some string satisfies every literal, with a shortest witness.
    pub fn decide(&mut self, literals: &[StrLiteral], budget: &Budget) -> Emptiness {
        let mut key: Vec<StrLiteral> = literals.to_vec();
        key.sort();
        key.dedup();
        if key
            .windows(2)
            .any(|w| matches!(w, [(p, true), (q, false)] | [(p, false), (q, true)] if p == q))
        {
            return Emptiness::Empty;
        }
        if let Some(answer) = self.memo.get(&key) {
            return answer.clone();
        }
        self.searches += 1;
        let answer = find_witness(&key, budget);
        if !matches!(answer, Emptiness::Unknown(_)) {
            if self.memo.len() >= MEMO_CAPACITY {
                self.memo.clear();
            }
            self.memo.insert(key, answer.clone());
        }
        answer
    }

    /// Indices of a small unsatisfiable subset of `literals`, which must be
    /// unsatisfiable. Tries, in order: a positive literal string checked
    /// directly against each other literal, conflicting pairs, and deletion
    /// of every literal that is not needed. A check that ends in `Unknown`
    /// keeps its literal, so the result is always unsatisfiable.
    pub fn core(&mut self, literals: &[StrLiteral], budget: &Budget) -> Vec<usize> {
        if let Some(core) = literal_core(literals) {
            return core;
        }
        if let Some(core) = self.pair_core(literals, budget) {
            return core;
        }
        let mut core: Vec<usize> = (0..literals.len()).collect();
        let mut i = core.len();
        while i > 0 {
            i -= 1;
            let without: Vec<StrLiteral> = core
                .iter()
                .filter(|j| **j != core.get(i).copied().unwrap_or(usize::MAX))
                .filter_map(|j| literals.get(*j).cloned())
                .collect();
            if self.decide(&without, budget) == Emptiness::Empty {
                core.remove(i);
            }
        }
        core
    }

    /// An unsatisfiable pair with a positive literal in it.
    fn pair_core(&mut self, literals: &[StrLiteral], budget: &Budget) -> Option<Vec<usize>> {
        let mut checks = 0;
        for (i, first) in literals.iter().enumerate().filter(|(_, l)| l.1) {
            for (j, second) in literals.iter().enumerate() {
                if i == j || (second.1 && j < i) {
                    continue;
                }
                checks += 1;
                if checks > MAX_PAIR_CHECKS {
                    return None;
                }
                let pair = [first.clone(), second.clone()];
                if self.decide(&pair, budget) == Emptiness::Empty {
                    return Some(vec![i.min(j), i.max(j)]);
                }
            }
        }
        None
    }
}

/// A positive case-sensitive literal that violates another literal.
fn literal_core(literals: &[StrLiteral]) -> Option<Vec<usize>> {
    let (i, text) =
        literals
            .iter()
            .enumerate()
            .find_map(|(i, (p, member))| match p.strategy() {
                Strategy::Literal(text) if *member => Some((i, text)),
                _ => None,
            })?;
    let j = literals
        .iter()
        .position(|(p, member)| p.matches(text) != *member)?;
    Some(vec![i.min(j), i.max(j)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(p: &str, member: bool) -> StrLiteral {
        (Pattern::wildcard(p), member)
    }

    #[test]
    fn cores_are_small_and_unsatisfiable() {
        let mut theory = StringTheory::new();
        let b = Budget::default();
        let literals = vec![
            lit("x*", false),
            lit("a*", true),
            lit("*z", false),
            lit("b*", true),
            lit("*q*", false),
        ];
        assert_eq!(theory.decide(&literals, &b), Emptiness::Empty);
        assert_eq!(theory.core(&literals, &b), vec![1, 3]);
        // No pair conflicts: "one character, neither `:` nor anything but `:`".
        let spread = vec![
            lit("b*", false),
            lit("?", true),
            (Pattern::wildcard_excluding("?", ':'), false),
            lit(":", false),
        ];
        assert_eq!(theory.decide(&spread, &b), Emptiness::Empty);
        assert_eq!(theory.core(&spread, &b), vec![1, 2, 3]);
    }

    #[test]
    fn literal_strings_are_checked_directly() {
        let mut theory = StringTheory::new();
        let b = Budget::default();
        let literals = vec![lit("a*", true), lit("abc", true), lit("*c", false)];
        assert_eq!(theory.core(&literals, &b), vec![1, 2]);
        assert_eq!(theory.searches, 0);
    }
}
