//! From policy strings (after variable substitution) to wildcard
//! [`Pattern`]s: plain globs for `StringLike`, ARN patterns for `Resource`
//! and the `Arn*` operators.

use zoneproof_encodings::pattern::{Pattern, Token};

use super::variables::Part;

/// The number of colons that separate the six components of an ARN
/// (`arn:partition:service:region:account:resource`).
const ARN_SEPARATORS: usize = 5;

/// A glob over the whole value: `*` and `?` in policy text are wildcards
/// that may match any character (colons included, as `StringLike` does);
/// substituted text is literal. Case-sensitive.
pub fn glob_pattern(parts: &[Part]) -> Pattern {
    let mut tokens = Vec::new();
    for part in parts {
        match part {
            Part::Glob(text) => tokens.extend(Pattern::wildcard(text).tokens().iter().cloned()),
            Part::Literal(text) => tokens.push(Token::Literal(text.clone())),
        }
    }
    Pattern::new(tokens, false)
}

/// Whether an ARN pattern has fewer than six colon-separated components
/// (`*`, `arn:aws:*`): AWS does not document how such a pattern matches,
/// so its matches are read by polarity ([`crate::semantics::reading`]).
pub fn is_short_arn_pattern(parts: &[Part]) -> bool {
    let separators: usize = parts
        .iter()
        .map(|part| part_text(part).matches(':').count())
        .sum();
    separators < ARN_SEPARATORS
}

/// The pattern of an ARN as written in `Resource` or in an `ArnLike` /
/// `ArnEquals` value: "each of the six colon-delimited components of the ARN
/// is checked separately" (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>)
/// and wildcards work "within ARN segments"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html>). So a wildcard in one of the
/// first five components never matches a colon, and the sixth component
/// (the resource, which may itself contain colons) is an unrestricted glob.
///
/// Decisions where the documentation is silent:
/// - a pattern with fewer than six components (`*`, `arn:*`) is matched
///   against the whole value as a plain glob (`*` crosses colons): this is
///   the language it *may* match; whether it does is read by polarity
///   ([`is_short_arn_pattern`]), except `"Resource": "*"`, which AWS
///   documents as every resource;
/// - wildcards in the service component are honoured within the component
///   (AWS says they cannot be used there; honouring them grants more);
/// - colons inside substituted variable values count as separators, as if
///   the value had been written in the policy.
///
/// # Example
/// ```
/// use zoneproof_analyzer::eval::{patterns::arn_pattern, variables::Part};
/// let p = arn_pattern(&[Part::Glob("arn:aws:someservice:*:111122223333:finance/*".into())]);
/// assert!(p.matches("arn:aws:someservice:us-east-2:111122223333:finance/a:b"));
/// assert!(!p.matches("arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"));
/// ```
pub fn arn_pattern(parts: &[Part]) -> Pattern {
    if is_short_arn_pattern(parts) {
        return glob_pattern(parts);
    }
    let mut tokens = Vec::new();
    let mut seen = 0usize;
    for part in parts {
        for c in part_text(part).chars() {
            let except = (seen < ARN_SEPARATORS).then_some(':');
            let token = match (part, c) {
                (Part::Glob(_), '*') => Token::AnyString { except },
                (Part::Glob(_), '?') => Token::AnyChar { except },
                (_, c) => {
                    if c == ':' {
                        seen += 1;
                    }
                    Token::Literal(c.to_string())
                }
            };
            tokens.push(token);
        }
    }
    Pattern::new(tokens, false)
}

fn part_text(part: &Part) -> &str {
    match part {
        Part::Glob(text) | Part::Literal(text) => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(text: &str) -> Vec<Part> {
        vec![Part::Glob(text.into())]
    }

    #[test]
    fn substituted_wildcards_are_literal() {
        let parts = vec![Part::Glob("a/".into()), Part::Literal("*".into())];
        assert!(glob_pattern(&parts).matches("a/*"));
        assert!(!glob_pattern(&parts).matches("a/b"));
        assert!(!arn_pattern(&parts).matches("a/b"));
    }

    #[test]
    fn arn_wildcards_stay_inside_their_component_except_the_last() {
        // See: the someservice example of
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
        let p = arn_pattern(&glob("arn:aws:s3:::*"));
        assert!(p.matches("arn:aws:s3:::bucket/with:colon"));
        let q = arn_pattern(&glob("arn:aws:sqs:?:*:q"));
        assert!(!q.matches("arn:aws:sqs::1:q"));
        assert!(q.matches("arn:aws:sqs:x:1:q"));
        assert!(!q.matches("arn:aws:sqs:x:1:2:q"));
    }

    #[test]
    fn short_patterns_match_the_whole_value() {
        assert!(arn_pattern(&glob("*")).matches("anything:at:all"));
        assert!(arn_pattern(&glob("arn:*")).matches("arn:aws:s3:::b"));
        assert!(!arn_pattern(&glob("arn:aws:s3:::b")).matches("arn:aws:s3"));
    }
}
