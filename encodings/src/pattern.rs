//! Wildcard patterns: the string languages of the logic engine.
//!
//! A pattern is a sequence of [`Token`]s: literal text, one character, any
//! sequence of characters, each optionally excluding one character (so that a
//! caller can express "any sequence without `:`"), and holes that name another
//! variable (substituted by the caller before solving). Matching may be
//! ASCII-case-insensitive.
//!
//! # Example
//! ```
//! use zoneproof_encodings::pattern::Pattern;
//! let p = Pattern::wildcard("arn:aws:s3:::bucket/*");
//! assert!(p.matches("arn:aws:s3:::bucket/a/b"));
//! assert!(!p.matches("arn:aws:s3:::other/a"));
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Token {
    /// Literal text (never empty in a normalised pattern).
    Literal(String),
    /// Exactly one character, other than `except` if given.
    AnyChar {
        /// A character this token does not match.
        except: Option<char>,
    },
    /// Any sequence of characters (possibly empty), none equal to `except`.
    AnyString {
        /// A character this token does not match.
        except: Option<char>,
    },
    /// Exactly one character of the set (sorted, without duplicates).
    OneOf(Vec<char>),
    /// Any sequence (possibly empty) of characters of the set.
    ManyOf(Vec<char>),
    /// A hole for the value of another variable, by name. Patterns with holes
    /// cannot be matched or solved until [`Pattern::substitute`] fills them.
    Hole(String),
}

/// A wildcard pattern: a normalised token sequence and a case flag. Cheap
/// to clone (the tokens are shared) and to hash (the hash is computed once).
#[derive(Debug, Clone)]
pub struct Pattern {
    tokens: Arc<[Token]>,
    case_insensitive: bool,
    hash: u64,
}

impl Pattern {
    fn from_parts(tokens: Arc<[Token]>, case_insensitive: bool) -> Pattern {
        let mut hasher = rustc_hash::FxHasher::default();
        tokens.hash(&mut hasher);
        case_insensitive.hash(&mut hasher);
        Pattern {
            tokens,
            case_insensitive,
            hash: hasher.finish(),
        }
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.hash == other.hash
            && self.case_insensitive == other.case_insensitive
            && (Arc::ptr_eq(&self.tokens, &other.tokens) || self.tokens == other.tokens)
    }
}

impl Eq for Pattern {}

impl Hash for Pattern {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl Pattern {
    /// A total order that is cheaper than [`Ord`] (it compares the cached
    /// hashes first): for sorting patterns into a canonical order, not for
    /// showing them.
    pub fn cmp_fast(&self, other: &Pattern) -> Ordering {
        self.hash.cmp(&other.hash).then_with(|| self.cmp(other))
    }
}

impl PartialOrd for Pattern {
    fn partial_cmp(&self, other: &Pattern) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Pattern {
    fn cmp(&self, other: &Pattern) -> Ordering {
        if self == other {
            return Ordering::Equal;
        }
        self.tokens
            .cmp(&other.tokens)
            .then(self.case_insensitive.cmp(&other.case_insensitive))
    }
}

/// How a pattern can be matched without an automaton.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Strategy<'a> {
    /// The pattern is one literal string.
    Literal(&'a str),
    /// A literal prefix followed by an unrestricted `*`.
    Prefix(&'a str),
    /// An unrestricted `*` followed by a literal suffix.
    Suffix(&'a str),
    /// Matches every string.
    Everything,
    /// Anything else: needs the general matcher or an automaton.
    General,
}

impl Pattern {
    /// Builds a pattern from tokens, merging adjacent literals, dropping empty
    /// literals and collapsing repeated identical `AnyString` tokens.
    pub fn new(tokens: impl IntoIterator<Item = Token>, case_insensitive: bool) -> Pattern {
        let mut out: Vec<Token> = Vec::new();
        for token in tokens {
            match (out.last_mut(), token) {
                (_, Token::Literal(text)) if text.is_empty() => {}
                (Some(Token::Literal(prev)), Token::Literal(text)) => prev.push_str(&text),
                (Some(Token::AnyString { except: a }), Token::AnyString { except: b })
                    if *a == b => {}
                (Some(Token::ManyOf(a)), Token::ManyOf(b)) if *a == b => {}
                (_, token) => out.push(token),
            }
        }
        Pattern::from_parts(out.into(), case_insensitive)
    }

    /// A pattern matching exactly `text`.
    pub fn literal(text: &str) -> Pattern {
        Pattern::new([Token::Literal(text.to_string())], false)
    }

    /// Parses IAM glob syntax: `*` is any sequence, `?` any one character,
    /// everything else literal. Case-sensitive.
    pub fn wildcard(text: &str) -> Pattern {
        Pattern::new(glob_tokens(text, None), false)
    }

    /// Like [`Pattern::wildcard`], but `*` and `?` never match `except`.
    pub fn wildcard_excluding(text: &str, except: char) -> Pattern {
        Pattern::new(glob_tokens(text, Some(except)), false)
    }

    /// The same pattern, matched ASCII-case-insensitively.
    pub fn ignoring_case(self) -> Pattern {
        Pattern::from_parts(self.tokens, true)
    }

    /// The pattern matching every string.
    pub fn any() -> Pattern {
        Pattern::new([Token::AnyString { except: None }], false)
    }

    /// The tokens of the pattern.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Whether matching ignores ASCII case.
    pub fn is_case_insensitive(&self) -> bool {
        self.case_insensitive
    }

    /// Whether the pattern contains holes.
    pub fn has_holes(&self) -> bool {
        self.tokens.iter().any(|t| matches!(t, Token::Hole(_)))
    }

    /// The literal string, if the pattern matches exactly one string (ignoring
    /// case-insensitivity, which may make a literal match several strings).
    pub fn as_literal(&self) -> Option<&str> {
        match &*self.tokens {
            [] => Some(""),
            [Token::Literal(text)] => Some(text),
            _ => None,
        }
    }

    /// Concatenation of two patterns. The result is case-insensitive if either is.
    pub fn concat(&self, other: &Pattern) -> Pattern {
        Pattern::new(
            self.tokens.iter().chain(other.tokens.iter()).cloned(),
            self.case_insensitive || other.case_insensitive,
        )
    }

    /// Replaces every hole by the literal the function gives for its name,
    /// or by the pattern's `*` where it gives `None` (callers choose which).
    pub fn substitute(&self, mut value: impl FnMut(&str) -> Option<Pattern>) -> Pattern {
        let mut tokens = Vec::with_capacity(self.tokens.len());
        for token in self.tokens.iter() {
            match token {
                Token::Hole(name) => match value(name) {
                    Some(p) => tokens.extend(p.tokens.iter().cloned()),
                    None => tokens.push(token.clone()),
                },
                other => tokens.push(other.clone()),
            }
        }
        Pattern::new(tokens, self.case_insensitive)
    }

    /// The same language without case folding when folding changes nothing
    /// (no ASCII letter in any literal).
    pub fn without_needless_case_folding(&self) -> Pattern {
        let folds = self.tokens.iter().any(|t| match t {
            Token::Literal(text) => text.chars().any(|c| c.is_ascii_alphabetic()),
            _ => false,
        });
        if self.case_insensitive && !folds {
            Pattern::new(self.tokens.iter().cloned(), false)
        } else {
            self.clone()
        }
    }

    /// Every character the pattern distinguishes from others: the characters
    /// of its literals and character sets (both ASCII cases when
    /// case-insensitive) and the characters its wildcards exclude. All other
    /// characters are interchangeable for membership in the pattern's
    /// language.
    pub fn mentioned_chars(&self) -> impl Iterator<Item = char> + '_ {
        let mut chars = Vec::new();
        self.for_each_mentioned(|c| chars.push(c));
        chars.into_iter()
    }

    /// Calls `f` on every character of [`Pattern::mentioned_chars`], without
    /// allocating.
    pub fn for_each_mentioned(&self, mut f: impl FnMut(char)) {
        let mut visit = |c: char| {
            f(c);
            if self.case_insensitive && c.is_ascii_alphabetic() {
                f(if c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                });
            }
        };
        for token in self.tokens.iter() {
            match token {
                Token::Literal(text) => text.chars().for_each(&mut visit),
                Token::AnyChar { except } | Token::AnyString { except } => {
                    except.iter().copied().for_each(&mut visit)
                }
                Token::OneOf(set) | Token::ManyOf(set) => set.iter().copied().for_each(&mut visit),
                Token::Hole(_) => {}
            }
        }
    }

    /// Whether every character the pattern mentions is ASCII.
    pub fn is_ascii(&self) -> bool {
        self.mentioned_chars().all(|c| c.is_ascii())
    }

    /// The cheapest way to match this pattern.
    pub fn strategy(&self) -> Strategy<'_> {
        if self.case_insensitive {
            return match &*self.tokens {
                [Token::AnyString { except: None }] => Strategy::Everything,
                _ => Strategy::General,
            };
        }
        match &*self.tokens {
            [] => Strategy::Literal(""),
            [Token::Literal(text)] => Strategy::Literal(text),
            [Token::AnyString { except: None }] => Strategy::Everything,
            [Token::Literal(text), Token::AnyString { except: None }] => Strategy::Prefix(text),
            [Token::AnyString { except: None }, Token::Literal(text)] => Strategy::Suffix(text),
            _ => Strategy::General,
        }
    }

    /// A quick necessary condition for a case-sensitive match: the text
    /// starts with the leading literal, ends with the trailing one, and
    /// contains every literal (most non-matching texts fail it without the
    /// general matcher).
    fn literals_occur_in(&self, text: &str) -> bool {
        if self.case_insensitive {
            return true;
        }
        if let Some(Token::Literal(first)) = self.tokens.first() {
            if !text.starts_with(first.as_str()) {
                return false;
            }
        }
        if let Some(Token::Literal(last)) = self.tokens.last() {
            if !text.ends_with(last.as_str()) {
                return false;
            }
        }
        self.tokens.iter().all(|t| match t {
            Token::Literal(lit) => text.contains(lit.as_str()),
            _ => true,
        })
    }

    /// Whether `text` is in the pattern's language. Holes match nothing.
    pub fn matches(&self, text: &str) -> bool {
        match self.strategy() {
            Strategy::Literal(lit) => lit == text,
            Strategy::Prefix(prefix) => text.starts_with(prefix),
            Strategy::Suffix(suffix) => text.ends_with(suffix),
            Strategy::Everything => true,
            Strategy::General if !self.literals_occur_in(text) => false,
            Strategy::General => SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
                Ok(mut scratch) => scratch.matches(&self.tokens, text, self.case_insensitive),
                Err(_) => Scratch::default().matches(&self.tokens, text, self.case_insensitive),
            }),
        }
    }
}

impl fmt::Display for Pattern {
    /// Prints the pattern in glob syntax: `*`, `?`, `*[^:]`, `?[^:]`,
    /// `${name}`, with `(?i)` in front when case-insensitive. Literal `*`, `?`
    /// and `\` are escaped with `\`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.case_insensitive {
            f.write_str("(?i)")?;
        }
        for token in self.tokens.iter() {
            match token {
                Token::Literal(text) => {
                    for c in text.chars() {
                        if matches!(c, '*' | '?' | '\\') {
                            f.write_str("\\")?;
                        }
                        write!(f, "{c}")?;
                    }
                }
                Token::AnyChar { except: None } => f.write_str("?")?,
                Token::AnyChar { except: Some(c) } => write!(f, "?[^{c}]")?,
                Token::AnyString { except: None } => f.write_str("*")?,
                Token::AnyString { except: Some(c) } => write!(f, "*[^{c}]")?,
                Token::OneOf(set) => write!(f, "[{}]", set.iter().collect::<String>())?,
                Token::ManyOf(set) => write!(f, "[{}]*", set.iter().collect::<String>())?,
                Token::Hole(name) => write!(f, "${{{name}}}")?,
            }
        }
        Ok(())
    }
}

fn glob_tokens(text: &str, except: Option<char>) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut literal = String::new();
    for c in text.chars() {
        let wildcard = match c {
            '*' => Token::AnyString { except },
            '?' => Token::AnyChar { except },
            _ => {
                literal.push(c);
                continue;
            }
        };
        tokens.push(Token::Literal(std::mem::take(&mut literal)));
        tokens.push(wildcard);
    }
    tokens.push(Token::Literal(literal));
    tokens
}

fn chars_equal(a: char, b: char, case_insensitive: bool) -> bool {
    if case_insensitive {
        a.eq_ignore_ascii_case(&b)
    } else {
        a == b
    }
}

/// Whether `c` is in the set (ASCII case folded when asked).
fn in_set(set: &[char], c: char, case_insensitive: bool) -> bool {
    set.iter().any(|s| chars_equal(*s, c, case_insensitive))
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// The buffers of the matcher, kept per thread so that matching allocates
/// nothing (it runs for every atom of every model the solver checks).
#[derive(Default)]
struct Scratch {
    text: Vec<char>,
    reachable: Vec<bool>,
    next: Vec<bool>,
}

impl Scratch {
    fn matches(&mut self, tokens: &[Token], text: &str, case_insensitive: bool) -> bool {
        self.text.clear();
        self.text.extend(text.chars());
        match_tokens(
            tokens,
            &self.text,
            case_insensitive,
            &mut self.reachable,
            &mut self.next,
        )
    }
}

/// Dynamic programming over token positions: `reachable[i]` says that the
/// tokens consumed so far can end at `text[..i]`.
fn match_tokens(
    tokens: &[Token],
    text: &[char],
    case_insensitive: bool,
    reachable: &mut Vec<bool>,
    next: &mut Vec<bool>,
) -> bool {
    reachable.clear();
    reachable.resize(text.len() + 1, false);
    next.clear();
    next.resize(text.len() + 1, false);
    if let Some(first) = reachable.first_mut() {
        *first = true;
    }
    for token in tokens {
        next.fill(false);
        match token {
            Token::Literal(lit) => {
                let len = lit.chars().count();
                for start in (0..text.len()).filter(|i| reachable.get(*i) == Some(&true)) {
                    let fits = text.get(start..start + len).is_some_and(|window| {
                        lit.chars()
                            .zip(window)
                            .all(|(a, b)| chars_equal(a, *b, case_insensitive))
                    });
                    if fits {
                        set(next, start + len);
                    }
                }
                if len == 0 && reachable.last() == Some(&true) {
                    set(next, text.len());
                }
            }
            Token::AnyChar { except } => {
                for (start, c) in text.iter().enumerate() {
                    if reachable.get(start) == Some(&true) && Some(*c) != *except {
                        set(next, start + 1);
                    }
                }
            }
            Token::AnyString { except } => {
                let mut open = false;
                for (i, slot) in next.iter_mut().enumerate() {
                    open = open || reachable.get(i) == Some(&true);
                    *slot = open;
                    if text.get(i).is_some_and(|c| Some(*c) == *except) {
                        open = false;
                    }
                }
            }
            Token::OneOf(set_chars) => {
                for (start, c) in text.iter().enumerate() {
                    if reachable.get(start) == Some(&true)
                        && in_set(set_chars, *c, case_insensitive)
                    {
                        set(next, start + 1);
                    }
                }
            }
            Token::ManyOf(set_chars) => {
                let mut open = false;
                for (i, slot) in next.iter_mut().enumerate() {
                    open = open || reachable.get(i) == Some(&true);
                    *slot = open;
                    if text
                        .get(i)
                        .is_some_and(|c| !in_set(set_chars, *c, case_insensitive))
                    {
                        open = false;
                    }
                }
            }
            Token::Hole(_) => return false,
        }
        std::mem::swap(reachable, next);
        if !reachable.contains(&true) {
            return false;
        }
    }
    reachable.last() == Some(&true)
}

fn set(flags: &mut [bool], i: usize) {
    if let Some(flag) = flags.get_mut(i) {
        *flag = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_prefix_suffix_fast_paths() {
        assert_eq!(
            Pattern::wildcard("abc").strategy(),
            Strategy::Literal("abc")
        );
        assert_eq!(Pattern::wildcard("ab*").strategy(), Strategy::Prefix("ab"));
        assert_eq!(Pattern::wildcard("*bc").strategy(), Strategy::Suffix("bc"));
        assert_eq!(Pattern::wildcard("**").strategy(), Strategy::Everything);
        assert_eq!(Pattern::wildcard("a*c").strategy(), Strategy::General);
    }

    #[test]
    fn question_mark_is_exactly_one_character() {
        let p = Pattern::wildcard("a?c");
        assert!(p.matches("abc"));
        assert!(p.matches("aéc"));
        assert!(!p.matches("ac"));
        assert!(!p.matches("abbc"));
    }

    #[test]
    fn star_excluding_does_not_cross_the_excluded_character() {
        let p = Pattern::wildcard_excluding("arn:*:s3", ':');
        assert!(p.matches("arn:aws:s3"));
        assert!(!p.matches("arn:aws:x:s3"));
        let q = Pattern::wildcard("arn:*:s3");
        assert!(q.matches("arn:aws:x:s3"));
    }

    #[test]
    fn case_insensitive_matching_is_ascii() {
        let p = Pattern::wildcard("s3:get*").ignoring_case();
        assert!(p.matches("S3:GetObject"));
        assert!(!p.matches("s3:PutObject"));
    }

    #[test]
    fn holes_match_nothing_until_substituted() {
        let p = Pattern::new(
            [
                Token::Literal("home/".into()),
                Token::Hole("aws:username".into()),
                Token::Literal("/*".into()),
            ],
            false,
        );
        assert!(p.has_holes());
        assert!(!p.matches("home/bob/*"));
        let filled = p.substitute(|_| Some(Pattern::literal("bob")));
        assert!(filled.matches("home/bob/*"));
        assert!(!filled.matches("home/bob/x"));
    }

    #[test]
    fn display_escapes_literal_wildcards() {
        let p = Pattern::new(
            [
                Token::Literal("a*".into()),
                Token::AnyString { except: Some(':') },
            ],
            true,
        );
        assert_eq!(p.to_string(), "(?i)a\\**[^:]");
    }
}
