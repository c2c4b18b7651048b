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

use std::fmt;

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
    /// A hole for the value of another variable, by name. Patterns with holes
    /// cannot be matched or solved until [`Pattern::substitute`] fills them.
    Hole(String),
}

/// A wildcard pattern: a normalised token sequence and a case flag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pattern {
    tokens: Vec<Token>,
    case_insensitive: bool,
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
                (_, token) => out.push(token),
            }
        }
        Pattern {
            tokens: out,
            case_insensitive,
        }
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
    pub fn ignoring_case(mut self) -> Pattern {
        self.case_insensitive = true;
        self
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
        match self.tokens.as_slice() {
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
        for token in &self.tokens {
            match token {
                Token::Hole(name) => match value(name) {
                    Some(p) => tokens.extend(p.tokens),
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
    /// of its literals (both ASCII cases when case-insensitive) and the
    /// characters its wildcards exclude. All other characters are
    /// interchangeable for membership in the pattern's language.
    pub fn mentioned_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.tokens.iter().flat_map(move |t| {
            let (text, except): (&str, Option<char>) = match t {
                Token::Literal(text) => (text, None),
                Token::AnyChar { except } | Token::AnyString { except } => ("", *except),
                Token::Hole(_) => ("", None),
            };
            let folded = self.case_insensitive;
            text.chars()
                .flat_map(move |c| {
                    let other = if folded && c.is_ascii_alphabetic() {
                        Some(if c.is_ascii_lowercase() {
                            c.to_ascii_uppercase()
                        } else {
                            c.to_ascii_lowercase()
                        })
                    } else {
                        None
                    };
                    std::iter::once(c).chain(other)
                })
                .chain(except)
        })
    }

    /// Whether every character the pattern mentions is ASCII.
    pub fn is_ascii(&self) -> bool {
        self.mentioned_chars().all(|c| c.is_ascii())
    }

    /// The cheapest way to match this pattern.
    pub fn strategy(&self) -> Strategy<'_> {
        if self.case_insensitive {
            return match self.tokens.as_slice() {
                [Token::AnyString { except: None }] => Strategy::Everything,
                _ => Strategy::General,
            };
        }
        match self.tokens.as_slice() {
            [] => Strategy::Literal(""),
            [Token::Literal(text)] => Strategy::Literal(text),
            [Token::AnyString { except: None }] => Strategy::Everything,
            [Token::Literal(text), Token::AnyString { except: None }] => Strategy::Prefix(text),
            [Token::AnyString { except: None }, Token::Literal(text)] => Strategy::Suffix(text),
            _ => Strategy::General,
        }
    }

    /// Whether `text` is in the pattern's language. Holes match nothing.
    pub fn matches(&self, text: &str) -> bool {
        match self.strategy() {
            Strategy::Literal(lit) => lit == text,
            Strategy::Prefix(prefix) => text.starts_with(prefix),
            Strategy::Suffix(suffix) => text.ends_with(suffix),
            Strategy::Everything => true,
            Strategy::General => {
                let chars: Vec<char> = text.chars().collect();
                match_tokens(&self.tokens, &chars, self.case_insensitive)
            }
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
        for token in &self.tokens {
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

/// Backtracking-free matcher: dynamic programming over token positions.
fn match_tokens(tokens: &[Token], text: &[char], case_insensitive: bool) -> bool {
    // reachable[i] = the pattern prefix consumed so far can end at text[..i].
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    for token in tokens {
        let mut next = vec![false; text.len() + 1];
        match token {
            Token::Literal(lit) => {
                let lit: Vec<char> = lit.chars().collect();
                for (start, _) in reachable.iter().enumerate().filter(|(_, r)| **r) {
                    let end = start + lit.len();
                    if end <= text.len()
                        && lit
                            .iter()
                            .zip(&text[start..end])
                            .all(|(a, b)| chars_equal(*a, *b, case_insensitive))
                    {
                        next[end] = true;
                    }
                }
            }
            Token::AnyChar { except } => {
                for start in 0..text.len() {
                    if reachable[start] && Some(text[start]) != *except {
                        next[start + 1] = true;
                    }
                }
            }
            Token::AnyString { except } => {
                let mut open = false;
                for i in 0..=text.len() {
                    open = open || reachable[i];
                    next[i] = open;
                    if i < text.len() && Some(text[i]) == *except {
                        open = false;
                    }
                }
            }
            Token::Hole(_) => return false,
        }
        reachable = next;
    }
    reachable[text.len()]
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
