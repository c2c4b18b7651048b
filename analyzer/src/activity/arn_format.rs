//! ARN formats of the IAM catalog (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)
//! as templates: match an ARN against one to read its placeholder values,
//! and render one from values, some of which may be unknown.

use std::fmt::Write as _;

/// A token of an ARN format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Literal text.
    Literal(String),
    /// A `${Name}` placeholder.
    Placeholder(String),
}

/// A parsed ARN format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnFormat {
    /// The format as the catalog spells it.
    pub text: &'static str,
    /// Its tokens, in order.
    pub tokens: Vec<Token>,
}

/// A placeholder's value in an ARN being built: known text, or unknown
/// (rendered `*` in a policy).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    /// The value, as it is in the resource's ARN.
    Known(String),
    /// Not determined by the event.
    Unknown,
    /// Partly determined: an IAM resource pattern for the value (a role
    /// name whose path is unknown, `*/name`... written `*name`).
    Pattern(String),
}

impl Slot {
    /// Whether the value is known exactly.
    pub fn is_known(&self) -> bool {
        matches!(self, Slot::Known(_))
    }
}

impl ArnFormat {
    /// Parses a catalog ARN format.
    pub fn parse(text: &'static str) -> ArnFormat {
        let mut tokens = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let Some(length) = rest.get(start..).and_then(|r| r.find('}')) else {
                break;
            };
            if start > 0 {
                tokens.push(Token::Literal(
                    rest.get(..start).unwrap_or_default().to_string(),
                ));
            }
            let name = rest.get(start + 2..start + length).unwrap_or_default();
            tokens.push(Token::Placeholder(name.to_string()));
            rest = rest.get(start + length + 1..).unwrap_or_default();
        }
        if !rest.is_empty() {
            tokens.push(Token::Literal(rest.to_string()));
        }
        ArnFormat { text, tokens }
    }

    /// The placeholder names, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.tokens.iter().filter_map(|token| match token {
            Token::Placeholder(name) => Some(name.as_str()),
            Token::Literal(_) => None,
        })
    }

    /// The number of placeholders.
    pub fn placeholder_count(&self) -> usize {
        self.placeholders().count()
    }

    /// Total length of the literal text: with the placeholder count, how
    /// specific the format is.
    pub fn literal_length(&self) -> usize {
        self.tokens
            .iter()
            .map(|token| match token {
                Token::Literal(text) => text.len(),
                Token::Placeholder(_) => 0,
            })
            .sum()
    }

    /// The placeholder values of `arn` when it has this format. A
    /// placeholder matches one or more characters; it contains no `/` (or
    /// `:`) when the literal after it starts with one, so that
    /// `arn:aws:s3:::b/k` is an object, not a bucket named `b/k`.
    pub fn match_arn(&self, arn: &str) -> Option<Vec<String>> {
        let mut values = Vec::with_capacity(self.tokens.len());
        match_tokens(&self.tokens, arn, &mut values).then_some(values)
    }

    /// Renders the ARN pattern for `slots` (one per placeholder): known
    /// values with the characters IAM reads as wildcards or variables
    /// escaped (`*` as `${*}`, `?` as `${?}`, `$` as `${$}`), unknown ones
    /// as `*`.
    pub fn render_pattern(&self, slots: &[Slot]) -> String {
        self.render(slots, |out, slot| match slot {
            Slot::Known(value) => escape_pattern_into(out, value),
            Slot::Unknown => out.push('*'),
            Slot::Pattern(pattern) => out.push_str(pattern),
        })
    }

    /// Renders a concrete resource string for `slots`: unknown values as
    /// `unknown`, patterns with `*` as `unknown` and `?` as `x` (stand-ins:
    /// any value would do where the generated pattern has a wildcard).
    pub fn render_value(&self, slots: &[Slot]) -> String {
        self.render(slots, |out, slot| match slot {
            Slot::Known(value) => out.push_str(value),
            Slot::Unknown => out.push_str("unknown"),
            Slot::Pattern(pattern) => out.push_str(&stand_in(pattern)),
        })
    }

    fn render(&self, slots: &[Slot], mut write_slot: impl FnMut(&mut String, &Slot)) -> String {
        let mut out = String::with_capacity(self.text.len() + 32);
        let mut slots = slots.iter();
        for token in &self.tokens {
            match token {
                Token::Literal(text) => out.push_str(text),
                Token::Placeholder(_) => {
                    write_slot(&mut out, slots.next().unwrap_or(&Slot::Unknown))
                }
            }
        }
        out
    }
}

/// Appends `value` to a resource pattern, escaping IAM's wildcard and
/// variable characters so that the pattern matches exactly `value`.
pub fn escape_pattern_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '*' | '?' | '$' => {
                let _ = write!(out, "${{{c}}}");
            }
            other => out.push(other),
        }
    }
}

/// A value that `pattern` matches: `*` as `unknown`, `?` as `x`, escaped
/// characters (`${*}`) as themselves.
pub fn stand_in(pattern: &str) -> String {
    pattern
        .replace("${*}", "\u{1}")
        .replace("${?}", "\u{2}")
        .replace("${$}", "$")
        .replace('*', "unknown")
        .replace('?', "x")
        .replace('\u{1}', "*")
        .replace('\u{2}', "?")
}

/// `value` as a resource pattern that matches exactly it.
pub fn escape_pattern(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    escape_pattern_into(&mut out, value);
    out
}

fn match_tokens(tokens: &[Token], text: &str, values: &mut Vec<String>) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return text.is_empty();
    };
    match first {
        Token::Literal(literal) => text
            .strip_prefix(literal.as_str())
            .is_some_and(|remaining| match_tokens(rest, remaining, values)),
        Token::Placeholder(_) => {
            let stop = match rest.first() {
                Some(Token::Literal(next)) => {
                    next.chars().next().filter(|c| matches!(c, '/' | ':'))
                }
                _ => None,
            };
            let limit = stop.and_then(|stop| text.find(stop)).unwrap_or(text.len());
            // Try the longest value first, then shorter ones.
            let ends: Vec<usize> = text
                .char_indices()
                .map(|(index, c)| index + c.len_utf8())
                .filter(|end| *end <= limit)
                .collect();
            for end in ends.into_iter().rev() {
                let (value, remaining) = text.split_at(end);
                values.push(value.to_string());
                if match_tokens(rest, remaining, values) {
                    return true;
                }
                values.pop();
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_and_buckets_are_told_apart() {
        let object = ArnFormat::parse("arn:${Partition}:s3:::${BucketName}/${ObjectName}");
        let bucket = ArnFormat::parse("arn:${Partition}:s3:::${BucketName}");
        assert_eq!(
            object.match_arn("arn:aws:s3:::b/logs/a.gz"),
            Some(vec!["aws".into(), "b".into(), "logs/a.gz".into()])
        );
        assert_eq!(
            bucket.match_arn("arn:aws:s3:::b"),
            Some(vec!["aws".into(), "b".into()])
        );
        assert_eq!(object.match_arn("arn:aws:s3:::b"), None);
        assert!(bucket.match_arn("arn:aws:s3:::b/k").is_some());
        assert!(object.placeholder_count() > bucket.placeholder_count());
    }

    #[test]
    fn rendering_escapes_wildcards_and_marks_unknowns() {
        let role = ArnFormat::parse("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}");
        let slots = [
            Slot::Known("aws".into()),
            Slot::Unknown,
            Slot::Known("a*b$".into()),
        ];
        assert_eq!(
            role.render_pattern(&slots),
            "arn:aws:iam::*:role/a${*}b${$}"
        );
        assert_eq!(role.render_value(&slots), "arn:aws:iam::unknown:role/a*b$");
    }

    #[test]
    fn role_paths_are_part_of_the_last_placeholder() {
        let role = ArnFormat::parse("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}");
        assert_eq!(
            role.match_arn("arn:aws:iam::111122223333:role/service-role/x"),
            Some(vec![
                "aws".into(),
                "111122223333".into(),
                "service-role/x".into()
            ])
        );
    }
}
