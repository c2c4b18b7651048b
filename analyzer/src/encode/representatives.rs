//! Representatives of the values that no literal names.
//!
//! A policy variable is substituted into pattern text, so the encoder needs
//! its value as text: it splits requests into cases, one per literal the
//! value may equal and one per *representative* of the other values.
//!
//! Why a few representatives are enough. The policies observe a variable's
//! value `v` only through (1) equality with the literals `L` of the
//! policies and the question, (2) membership in the wildcard patterns `T`
//! compared with it (directly, or with a key it is compared with), (3) its
//! shape (an account is 12 digits), and (4) equality with the values of the
//! other variables of the same shape. Split the values of the shape that
//! are not in `L` into *regions*: two values are in the same region when
//! every pattern of `T` matches both or neither. Take in each non-empty
//! region `m` distinct values (`m` = the number of variables of that shape,
//! fewer when the region is smaller). Any request maps to a request whose
//! variable values are literals or representatives: each value outside `L`
//! goes to a representative of its region, distinct values to distinct
//! representatives (possible with `m` per region), and the same value
//! wherever it occurs. Under that map (1)-(4) keep their truth, so every
//! decision of the policies is kept. Where a variable is substituted into a
//! longer pattern, the map also rewrites the strings that pattern is
//! matched against; the encoder checks that no other pattern over those
//! strings can tell the values apart and otherwise answers `unknown`
//! ([`super::variables`]). The property tests check the map on random
//! requests: the evaluator gives the same decision before and after.

use zoneproof_encodings::automata::{find_witness, Budget, Emptiness};
use zoneproof_encodings::pattern::Pattern;

use super::EncodeError;

/// The most patterns whose regions are enumerated (2^n regions).
const MAX_TESTS: usize = 6;

/// A representative and the region it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Representative {
    /// The value.
    pub value: String,
    /// For each test pattern, whether it matches.
    pub region: Vec<bool>,
}

/// The representatives of the values of `shape` (a union of patterns; `None`
/// for any string) outside `literals`, `per_region` of them in each region
/// of `tests` (each test a union of patterns).
///
/// # Errors
/// [`EncodeError::Unsupported`] when there are too many tests or the
/// automata cannot decide a region in their budget.
pub fn representatives(
    shape: Option<&[Pattern]>,
    literals: &[String],
    tests: &[Vec<Pattern>],
    per_region: usize,
    what: &str,
) -> Result<Vec<Representative>, EncodeError> {
    if tests.len() > MAX_TESTS {
        return Err(EncodeError::Unsupported(format!(
            "{what} is compared with more than {MAX_TESTS} wildcard patterns or ranges; the analysis cannot enumerate the values they tell apart"
        )));
    }
    let any = [Pattern::any()];
    let alternatives = shape.unwrap_or(&any);
    let mut found: Vec<Representative> = Vec::new();
    for signs in 0u32..(1 << tests.len()) {
        let region: Vec<bool> = (0..tests.len()).map(|i| signs & (1 << i) != 0).collect();
        let mut negative: Vec<(Pattern, bool)> = literals
            .iter()
            .map(|l| (Pattern::literal(l), false))
            .collect();
        let mut positive: Vec<&[Pattern]> = vec![alternatives];
        for (test, member) in tests.iter().zip(&region) {
            if *member {
                positive.push(test);
            } else {
                negative.extend(test.iter().map(|p| (p.clone(), false)));
            }
        }
        let mut in_region = 0;
        for choice in choices(&positive) {
            while in_region < per_region {
                let mut constraints: Vec<(Pattern, bool)> =
                    choice.iter().map(|p| ((*p).clone(), true)).collect();
                constraints.extend(negative.iter().cloned());
                constraints.extend(found.iter().map(|r| (Pattern::literal(&r.value), false)));
                match find_witness(&constraints, &Budget::default()) {
                    Emptiness::NonEmpty(value) => {
                        found.push(Representative {
                            value,
                            region: region.clone(),
                        });
                        in_region += 1;
                    }
                    Emptiness::Empty => break,
                    Emptiness::Unknown(reason) => {
                        return Err(EncodeError::Unsupported(format!(
                            "cannot enumerate the values of {what}: {reason}"
                        )))
                    }
                }
            }
        }
    }
    Ok(found)
}

/// Every way of picking one pattern from each union.
fn choices<'p>(unions: &[&'p [Pattern]]) -> Vec<Vec<&'p Pattern>> {
    let mut out: Vec<Vec<&Pattern>> = vec![Vec::new()];
    for union in unions {
        let mut next = Vec::new();
        for prefix in &out {
            for p in union.iter() {
                let mut picked = prefix.clone();
                picked.push(p);
                next.push(picked);
            }
        }
        out = next;
    }
    out
}

/// The representative standing for `value` among `representatives`: the
/// first of the same region not in `taken` (for the property tests' map).
pub fn representative_of<'r>(
    value: &str,
    tests: &[Vec<Pattern>],
    representatives: &'r [Representative],
    taken: &[&str],
) -> Option<&'r Representative> {
    let region: Vec<bool> = tests
        .iter()
        .map(|t| t.iter().any(|p| p.matches(value)))
        .collect();
    representatives
        .iter()
        .find(|r| r.region == region && !taken.contains(&r.value.as_str()))
}

/// Whether `a` and `b` pass and fail the same tests (lie in one region).
pub fn same_region(a: &str, b: &str, tests: &[Vec<Pattern>]) -> bool {
    tests
        .iter()
        .all(|t| t.iter().any(|p| p.matches(a)) == t.iter().any(|p| p.matches(b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::shapes::account_tokens;

    #[test]
    fn one_account_per_region_avoiding_literals() {
        let account = [Pattern::new(account_tokens(), false)];
        let literals = vec!["000000000000".to_string()];
        let tests = [vec![Pattern::wildcard("4444*")]];
        let reps = representatives(Some(&account), &literals, &tests, 1, "test").unwrap();
        assert_eq!(reps.len(), 2);
        assert!(reps
            .iter()
            .all(|r| r.value.len() == 12 && r.value != "000000000000"));
        assert!(reps.iter().any(|r| r.value.starts_with("4444")));
        let two = representatives(Some(&account), &literals, &[], 2, "test").unwrap();
        assert_eq!(two.len(), 2);
        assert_ne!(two[0].value, two[1].value);
    }
}
