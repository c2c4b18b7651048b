//! Action patterns (`s3:Get*`, `*`) and what they stand for in the IAM
//! catalog.

use crate::catalog::{Action, Catalog};

use super::glob;

/// An action pattern split at its first colon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionPattern<'a> {
    /// `*`: every action.
    All,
    /// `prefix:name`, either part possibly with wildcards.
    Qualified {
        /// The service prefix as written.
        service: &'a str,
        /// The action name pattern as written.
        name: &'a str,
    },
    /// Anything else (no colon, empty parts).
    Malformed,
}

/// Splits an action pattern.
pub fn parse(text: &str) -> ActionPattern<'_> {
    if text == "*" {
        return ActionPattern::All;
    }
    match text.split_once(':') {
        Some((service, name)) if !service.is_empty() && !name.is_empty() => {
            ActionPattern::Qualified { service, name }
        }
        _ => ActionPattern::Malformed,
    }
}

/// Whether an action pattern matches the action `qualified` (e.g.
/// `iam:PassRole`), ignoring case as IAM does.
pub fn pattern_matches(pattern: &str, qualified: &str) -> bool {
    glob::intersects(pattern, qualified, true)
}

/// The catalog actions an action pattern stands for, when its service
/// prefix is a known literal; `None` for `*`, wildcard or unknown
/// services and malformed patterns (too many, or nothing to look up).
pub fn expand<'c>(catalog: &'c Catalog, pattern: &str) -> Option<Vec<&'c Action>> {
    let ActionPattern::Qualified { service, .. } = parse(pattern) else {
        return None;
    };
    if glob::has_wildcard(service) {
        return None;
    }
    let service = catalog.service(service)?;
    Some(service.actions_matching(pattern).collect())
}

/// Whether the statement's `Action` (or, with `negated`, `NotAction`)
/// patterns cover the action `qualified`.
pub fn clause_covers(patterns: &[&str], negated: bool, qualified: &str) -> bool {
    let listed = patterns
        .iter()
        .any(|pattern| pattern_matches(pattern, qualified));
    listed != negated
}

/// The Levenshtein distance between two short names, ignoring ASCII case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute =
                previous.get(j).copied().unwrap_or(usize::MAX / 2) + usize::from(ca != cb);
            let delete = previous.get(j + 1).copied().unwrap_or(usize::MAX / 2) + 1;
            let insert = current.get(j).copied().unwrap_or(usize::MAX / 2) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// The closest of `candidates` to `wanted`, when it is close enough to be
/// a likely misspelling (at most a third of the length, at least one edit
/// allowed).
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1);
    let length = wanted.chars().count();
    candidates
        .into_iter()
        .filter(|candidate| candidate.chars().count().abs_diff(length) <= limit)
        .map(|candidate| (edit_distance(wanted, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_split_at_the_first_colon() {
        assert_eq!(parse("*"), ActionPattern::All);
        assert_eq!(
            parse("s3:Get*"),
            ActionPattern::Qualified {
                service: "s3",
                name: "Get*"
            }
        );
        assert_eq!(parse("s3GetObject"), ActionPattern::Malformed);
        assert_eq!(parse("s3:"), ActionPattern::Malformed);
    }

    #[test]
    fn expansion_uses_the_catalog() {
        let catalog = Catalog::get();
        let actions = expand(catalog, "iam:PassRol?").unwrap();
        assert_eq!(actions.len(), 1);
        assert!(expand(catalog, "*").is_none());
        assert!(expand(catalog, "nosuch:Thing").is_none());
        assert!(clause_covers(&["iam:*"], false, "iam:PassRole"));
        assert!(clause_covers(&["s3:*"], true, "iam:PassRole"));
        assert!(!clause_covers(&["iam:Pass*"], true, "iam:PassRole"));
    }

    #[test]
    fn closest_names() {
        assert_eq!(
            closest("GetObjekt", ["GetObject", "PutObject"]),
            Some("GetObject")
        );
        assert_eq!(closest("Frobnicate", ["GetObject"]), None);
    }
}
