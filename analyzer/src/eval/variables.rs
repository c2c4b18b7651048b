//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`,
//! `${*}`, `${?}`, `${$}`) and their substitution from the request context.
//!
//! AWS documentation: `reference_policies_variables.md`. Variables are
//! interpreted only under `"Version": "2012-10-17"`; otherwise `${` is
//! literal text. They may appear in the `Resource`/`NotResource` element and
//! in the values of String, ARN and Bool condition operators.
//!
//! Decisions where the documentation is silent:
//! - a variable resolves only when its key has exactly one value in the
//!   request (the documentation forbids multivalued keys as variables); a key
//!   with no value or several values is treated like an absent key: the
//!   default applies if one is given, otherwise the policy value containing
//!   the variable matches nothing ("there is no equal or like value");
//! - a substituted value is literal text, even if it contains `*` or `?`;
//! - `${` without a closing `}` and `${}` are literal text;
//! - a default is written `, 'text'` after the key (spaces around the comma
//!   are optional); a malformed default makes the whole `${...}` literal.

use super::request::Context;

/// One piece of a policy string, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Policy text: wildcards in it keep the meaning the element or operator
    /// gives them (`StringLike` and `Resource` interpret them,
    /// `StringEquals` does not).
    Text(String),
    /// A fixed character from `${*}`, `${?}` or `${$}`: always literal.
    Char(char),
    /// A variable to be replaced by the request's value of `key`.
    Variable {
        /// The condition key, as written.
        key: String,
        /// The default used when the key has no (single) value.
        default: Option<String>,
    },
}

/// A policy string after substitution: policy text (wildcards meaningful)
/// interleaved with literal text from variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Policy text; `*` and `?` are wildcards where the operator has them.
    Glob(String),
    /// Literal text (a substituted value or a `${*}`-style character).
    Literal(String),
}

/// Splits a policy string into pieces. With `variables_enabled == false`
/// (any Version other than `2012-10-17`), the whole string is one
/// [`Piece::Text`].
///
/// # Example
/// ```
/// use zoneproof_analyzer::eval::variables::{pieces, Piece};
/// let p = pieces("home/${aws:username}/${*}", true);
/// assert_eq!(p, vec![
///     Piece::Text("home/".into()),
///     Piece::Variable { key: "aws:username".into(), default: None },
///     Piece::Text("/".into()),
///     Piece::Char('*'),
/// ]);
/// ```
pub fn pieces(text: &str, variables_enabled: bool) -> Vec<Piece> {
    if !variables_enabled {
        return vec![Piece::Text(text.to_string())];
    }
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let parsed = after
            .find('}')
            .and_then(|end| parse_variable(&after[..end]).map(|piece| (piece, end)));
        match parsed {
            Some((piece, end)) => {
                literal.push_str(&rest[..start]);
                if !literal.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut literal)));
                }
                out.push(piece);
                rest = &after[end + 1..];
            }
            None => {
                literal.push_str(&rest[..start + 2]);
                rest = after;
            }
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        out.push(Piece::Text(literal));
    }
    out
}

/// Parses the inside of `${...}`; `None` when it is not a variable.
fn parse_variable(inner: &str) -> Option<Piece> {
    match inner {
        "*" => return Some(Piece::Char('*')),
        "?" => return Some(Piece::Char('?')),
        "$" => return Some(Piece::Char('$')),
        _ => {}
    }
    let (key, default) = match inner.split_once(',') {
        None => (inner.trim(), None),
        Some((key, default)) => (key.trim(), Some(parse_default(default)?)),
    };
    if key.is_empty() {
        return None;
    }
    Some(Piece::Variable {
        key: key.to_string(),
        default,
    })
}

/// Parses ` 'text'` (the default of a variable).
fn parse_default(text: &str) -> Option<String> {
    let quoted = text.trim();
    let inner = quoted.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.to_string())
}

/// The value a variable takes in `context`: the key's single value, else the
/// default, else `None` (the policy value then matches nothing).
pub fn variable_value<'a>(
    key: &str,
    default: Option<&'a str>,
    context: &'a Context,
) -> Option<&'a str> {
    match context.get(key) {
        Some([single]) => Some(single.as_str()),
        _ => default,
    }
}

/// Substitutes every variable of `pieces` from `context`. `None` when a
/// variable has no value and no default.
pub fn resolve(pieces: &[Piece], context: &Context) -> Option<Vec<Part>> {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => Some(Part::Glob(text.clone())),
            Piece::Char(c) => Some(Part::Literal(c.to_string())),
            Piece::Variable { key, default } => variable_value(key, default.as_deref(), context)
                .map(|value| Part::Literal(value.to_string())),
        })
        .collect()
}

/// Parses and substitutes a policy string in one step.
pub fn resolve_text(text: &str, variables_enabled: bool, context: &Context) -> Option<Vec<Part>> {
    resolve(&pieces(text, variables_enabled), context)
}

/// The parts joined as plain text, wildcards not interpreted (for
/// `StringEquals`, `Bool`, ...).
pub fn literal_text(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|part| match part {
            Part::Glob(text) | Part::Literal(text) => text.as_str(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabled_variables_are_literal_text() {
        // See: reference_policies_variables.md, "variables like ${aws:username}
        // are treated as literal strings" without Version 2012-10-17.
        assert_eq!(
            pieces("a/${aws:username}", false),
            vec![Piece::Text("a/${aws:username}".into())]
        );
    }

    #[test]
    fn defaults_are_single_quoted_after_a_comma() {
        assert_eq!(
            pieces("b-${aws:PrincipalTag/team, 'company-wide'}", true),
            vec![
                Piece::Text("b-".into()),
                Piece::Variable {
                    key: "aws:PrincipalTag/team".into(),
                    default: Some("company-wide".into())
                }
            ]
        );
    }

    #[test]
    fn unterminated_and_empty_variables_are_literal() {
        assert_eq!(pieces("a${b", true), vec![Piece::Text("a${b".into())]);
        assert_eq!(pieces("a${}b", true), vec![Piece::Text("a${}b".into())]);
        assert_eq!(
            pieces("${x, nope}", true),
            vec![Piece::Text("${x, nope}".into())]
        );
    }

    #[test]
    fn multivalued_keys_do_not_resolve() {
        let mut context = Context::new();
        context.insert_all("k", ["a", "b"]);
        assert_eq!(variable_value("k", None, &context), None);
        assert_eq!(variable_value("K", Some("d"), &context), Some("d"));
        context.insert_all("one", ["x"]);
        assert_eq!(variable_value("ONE", Some("d"), &context), Some("x"));
    }
}
