//! Condition-key type lookup, for plain keys and for templated keys such as
//! `aws:RequestTag/${TagKey}` or `s3:ExistingObjectTag/<key>`.
//!
//! Condition key names are case-insensitive in IAM, so every lookup ignores
//! ASCII case. A templated key matches a concrete key when the concrete key
//! has the template's fixed text with at least one character in place of
//! each placeholder, as iam-data's `conditionPatterns.json` reads them
//! (`.+?` per placeholder).

use std::cmp::Ordering;

use zoneproof_encodings::pattern::{Pattern, Token};

use super::model::{cmp_ignore_ascii_case, KeyType};

/// Condition keys and their types, indexed for lookup.
#[derive(Debug, Default)]
pub(super) struct KeyIndex {
    /// Key names (templates included, verbatim), sorted case-insensitively
    /// and unique, with their type; `None` when two sources give the key
    /// different types.
    exact: Vec<(&'static str, Option<KeyType>)>,
    /// Templated keys as patterns over concrete key names.
    templated: Vec<(Pattern, KeyType)>,
}

impl KeyIndex {
    /// Indexes keys given in any order. A key given twice (ignoring case)
    /// with different types becomes unknown.
    pub(super) fn new(keys: impl IntoIterator<Item = (&'static str, KeyType)>) -> KeyIndex {
        let mut keys: Vec<_> = keys.into_iter().collect();
        keys.sort_by(|a, b| cmp_ignore_ascii_case(a.0, b.0));
        let mut exact: Vec<(&'static str, Option<KeyType>)> = Vec::with_capacity(keys.len());
        let mut templated = Vec::new();
        for (name, key_type) in keys {
            match exact.last_mut() {
                Some((last, known)) if cmp_ignore_ascii_case(last, name) == Ordering::Equal => {
                    if *known != Some(key_type) {
                        *known = None;
                    }
                }
                _ => exact.push((name, Some(key_type))),
            }
            if let Some(pattern) = template_pattern(name) {
                templated.push((pattern, key_type));
            }
        }
        KeyIndex { exact, templated }
    }

    /// Whether the key is known: an exact (case-insensitive) match or a
    /// matching template, whatever its type.
    pub(super) fn contains(&self, key: &str) -> bool {
        self.exact
            .binary_search_by(|(name, _)| cmp_ignore_ascii_case(name, key))
            .is_ok()
            || self
                .templated
                .iter()
                .any(|(pattern, _)| pattern.matches(key))
    }

    /// Whether some key starts with `prefix` followed by `:` (ignoring
    /// case).
    pub(super) fn has_prefix(&self, prefix: &str) -> bool {
        self.exact.iter().any(|(name, _)| {
            name.split_once(':')
                .is_some_and(|(own, _)| own.eq_ignore_ascii_case(prefix))
        })
    }

    /// The type of a key: an exact (case-insensitive) match first, else the
    /// type every matching template agrees on. `None` when nothing matches
    /// or the sources disagree.
    pub(super) fn lookup(&self, key: &str) -> Option<KeyType> {
        if let Ok(index) = self
            .exact
            .binary_search_by(|(name, _)| cmp_ignore_ascii_case(name, key))
        {
            return self.exact.get(index).and_then(|(_, key_type)| *key_type);
        }
        let mut types = self
            .templated
            .iter()
            .filter(|(pattern, _)| pattern.matches(key))
            .map(|(_, key_type)| *key_type);
        let first = types.next()?;
        types.all(|other| other == first).then_some(first)
    }
}

/// Whether the catalog key `name` (possibly templated, e.g.
/// `s3:ExistingObjectTag/<key>`) names the concrete policy key `key`,
/// ignoring ASCII case.
pub fn key_name_matches(name: &str, key: &str) -> bool {
    if next_placeholder(name).is_none() {
        return name.eq_ignore_ascii_case(key);
    }
    template_segments(name).is_some_and(|segments| segments_match(&segments, key.as_bytes()))
}

/// The literal parts of a templated key name, between its placeholders;
/// `None` for an unclosed placeholder.
fn template_segments(name: &str) -> Option<Vec<&str>> {
    let mut segments = Vec::new();
    let mut rest = name;
    while let Some((start, close)) = next_placeholder(rest) {
        let (literal, placeholder_and_after) = rest.split_at(start);
        let after = placeholder_and_after.find(close)?;
        segments.push(literal);
        rest = placeholder_and_after.get(after + close.len_utf8()..)?;
    }
    segments.push(rest);
    Some(segments)
}

/// Whether `key` is the first segment, then one or more characters, then
/// the next segment, and so on (ignoring ASCII case): the language of
/// [`template_pattern`], decided without building an automaton (this runs
/// for every key of every action of a request space).
fn segments_match(segments: &[&str], key: &[u8]) -> bool {
    let Some((first, rest)) = segments.split_first() else {
        return key.is_empty();
    };
    let first = first.as_bytes();
    if key.len() < first.len() || !key[..first.len()].eq_ignore_ascii_case(first) {
        return false;
    }
    let key = &key[first.len()..];
    if rest.is_empty() {
        return key.is_empty();
    }
    (1..=key.len()).any(|skip| segments_match(rest, &key[skip..]))
}

/// The pattern of a templated key, `None` for a key without placeholders.
/// Each `${Name}` or `<name>` becomes "one or more characters".
fn template_pattern(name: &str) -> Option<Pattern> {
    next_placeholder(name)?;
    let segments = template_segments(name)?;
    let mut tokens = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            tokens.push(Token::AnyChar { except: None });
            tokens.push(Token::AnyString { except: None });
        }
        tokens.push(Token::Literal(segment.to_string()));
    }
    Some(Pattern::new(tokens, true))
}

/// The byte offset of the next placeholder and the character closing it.
fn next_placeholder(text: &str) -> Option<(usize, char)> {
    let dollar = text.find("${").map(|i| (i, '}'));
    let angle = text.find('<').map(|i| (i, '>'));
    match (dollar, angle) {
        (Some(d), Some(a)) => Some(if d.0 < a.0 { d } else { a }),
        (d, a) => d.or(a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_name_matching_agrees_with_the_template_pattern() {
        let names = [
            "aws:RequestTag/${TagKey}",
            "s3:ExistingObjectTag/<key>",
            "codebuild:secondarySources/${sourceIdentifier}.location",
            "a/${x}/b/${y}",
        ];
        let keys = [
            "aws:requesttag/env",
            "aws:RequestTag/",
            "s3:existingobjecttag/a/b",
            "codebuild:secondarySources/s1.location",
            "codebuild:secondarySources/.location",
            "a/1/b/2",
            "a//b/2",
            "a/1/b/",
            "a/x/b/y/b/z",
        ];
        for name in names {
            let pattern = template_pattern(name).unwrap();
            for key in keys {
                assert_eq!(
                    key_name_matches(name, key),
                    pattern.matches(key),
                    "{name} {key}"
                );
            }
        }
        assert!(key_name_matches("s3:x-amz-acl", "S3:X-Amz-Acl"));
    }

    #[test]
    fn placeholders_need_at_least_one_character() {
        let p = template_pattern("aws:RequestTag/${TagKey}").unwrap();
        assert!(p.matches("aws:requesttag/Team"));
        assert!(!p.matches("aws:RequestTag/"));
        let q =
            template_pattern("codebuild:secondarySources/${sourceIdentifier}.location").unwrap();
        assert!(q.matches("codebuild:secondarySources/src1.location"));
        assert!(!q.matches("codebuild:secondarySources/src1.type"));
        assert!(template_pattern("s3:x-amz-acl").is_none());
    }

    #[test]
    fn angle_bracket_placeholders_are_templates() {
        let p = template_pattern("s3:ExistingObjectTag/<key>").unwrap();
        assert!(p.matches("s3:ExistingObjectTag/classification"));
    }

    #[test]
    fn conflicting_types_are_unknown() {
        let index = KeyIndex::new([
            ("identitystore:UserId", KeyType::String),
            ("identitystore:userid", KeyType::ArrayOfString),
            ("x:Tag/${K}", KeyType::String),
            ("x:Tag/${K}/n", KeyType::Numeric),
            ("x:Plain", KeyType::Bool),
        ]);
        assert_eq!(index.lookup("IDENTITYSTORE:USERID"), None);
        assert_eq!(index.lookup("x:plain"), Some(KeyType::Bool));
        assert_eq!(index.lookup("x:Tag/a"), Some(KeyType::String));
        // `x:Tag/a/n` matches both templates, which disagree.
        assert_eq!(index.lookup("x:Tag/a/n"), None);
    }
}
