//! SMT-LIB 2 printing of terms and queries.
//!
//! Strings are printed in the string/regex theory of Z3 4.8.12: a pattern
//! becomes a regular expression (`*` is `(re.* re.allchar)`, `?` is
//! `re.allchar`, a character excluded from a wildcard splits the character
//! range in two). String literals escape `\`, `"` and every character outside
//! printable ASCII as `\u{hex}`, which Z3 reads back exactly. Symbols are
//! quoted (`|name|`); the characters a quoted symbol cannot hold (`|`, `\`),
//! non-printable and non-ASCII characters and `#` itself are written
//! `#{hex}`, so distinct names stay distinct.

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};

use crate::pattern::{Pattern, Token};
use crate::term::{CmpOp, Sort, Term, TermKind, Var};

/// The largest character code of Z3 4.8.12's string theory.
pub const Z3_MAX_CHAR: u32 = 0x2ffff;

/// The symbol name (unquoted) under which a variable is declared.
pub fn symbol_name(v: &Var) -> String {
    let mut out = String::with_capacity(v.name().len());
    for c in v.name().chars() {
        if (' '..='~').contains(&c) && !matches!(c, '|' | '\\' | '#') {
            out.push(c);
        } else {
            let _ = write!(out, "#{{{:x}}}", c as u32);
        }
    }
    out
}

/// The SMT-LIB sort of a variable.
pub fn sort_name(sort: Sort) -> &'static str {
    match sort {
        Sort::Bool => "Bool",
        Sort::Str => "String",
        Sort::Int => "Int",
        Sort::Ip => "(_ BitVec 128)",
    }
}

/// Writes a term in SMT-LIB 2.
pub fn write_term(f: &mut dyn fmt::Write, t: &Term) -> fmt::Result {
    match t.kind() {
        TermKind::Bool(b) => write!(f, "{b}"),
        TermKind::Int(n) => write_int(f, *n),
        TermKind::Ip(n) => write!(f, "#x{n:032x}"),
        TermKind::Var(v) => write!(f, "|{}|", symbol_name(v)),
        TermKind::Not(inner) => {
            f.write_str("(not ")?;
            write_term(f, inner)?;
            f.write_str(")")
        }
        TermKind::And(ts) | TermKind::Or(ts) => {
            let op = if matches!(t.kind(), TermKind::And(_)) {
                "and"
            } else {
                "or"
            };
            write!(f, "({op}")?;
            for c in ts {
                f.write_str(" ")?;
                write_term(f, c)?;
            }
            f.write_str(")")
        }
        TermKind::InPattern(v, p) => {
            write!(f, "(str.in_re |{}| ", symbol_name(v))?;
            write_regex(f, p)?;
            f.write_str(")")
        }
        TermKind::Cmp(op, a, b) => {
            let ip = a.sort() == Sort::Ip;
            let name = match (op, ip) {
                (CmpOp::Eq, _) => "=",
                (CmpOp::Lt, false) => "<",
                (CmpOp::Le, false) => "<=",
                (CmpOp::Lt, true) => "bvult",
                (CmpOp::Le, true) => "bvule",
            };
            write!(f, "({name} ")?;
            write_term(f, a)?;
            f.write_str(" ")?;
            write_term(f, b)?;
            f.write_str(")")
        }
    }
}

fn write_int(f: &mut dyn fmt::Write, n: i128) -> fmt::Result {
    if n < 0 {
        write!(f, "(- {})", n.unsigned_abs())
    } else {
        write!(f, "{n}")
    }
}

/// Writes a string literal, escaping as Z3 4.8.12 reads it.
pub fn write_string_literal(f: &mut dyn fmt::Write, text: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in text.chars() {
        write_string_char(f, c as u32)?;
    }
    f.write_char('"')
}

fn write_string_char(f: &mut dyn fmt::Write, code: u32) -> fmt::Result {
    match char::from_u32(code) {
        Some('"') => f.write_str("\"\""),
        Some(c) if (' '..='~').contains(&c) && c != '\\' => f.write_char(c),
        _ => write!(f, "\\u{{{code:x}}}"),
    }
}

/// Writes the regular expression of a hole-free pattern.
pub fn write_regex(f: &mut dyn fmt::Write, p: &Pattern) -> fmt::Result {
    let mut pieces: Vec<String> = Vec::new();
    for token in p.tokens() {
        let mut piece = String::new();
        match token {
            Token::Literal(text) if p.is_case_insensitive() => {
                literal_ignoring_case(&mut pieces, text)?;
                continue;
            }
            Token::Literal(text) => {
                piece.push_str("(str.to_re ");
                write_string_literal(&mut piece, text)?;
                piece.push(')');
            }
            Token::AnyChar { except } => write_any_char(&mut piece, *except)?,
            Token::AnyString { except } => {
                piece.push_str("(re.* ");
                write_any_char(&mut piece, *except)?;
                piece.push(')');
            }
            // Terms never hold holed patterns (`in_pattern` rejects them);
            // a hole matches nothing.
            Token::Hole(_) => piece.push_str("re.none"),
        }
        pieces.push(piece);
    }
    match pieces.as_slice() {
        [] => f.write_str("(str.to_re \"\")"),
        [one] => f.write_str(one),
        _ => {
            f.write_str("(re.++")?;
            for piece in &pieces {
                write!(f, " {piece}")?;
            }
            f.write_str(")")
        }
    }
}

/// Case-insensitive literal text: runs without ASCII letters stay literal,
/// each letter becomes the union of its two cases.
fn literal_ignoring_case(pieces: &mut Vec<String>, text: &str) -> fmt::Result {
    let mut run = String::new();
    let flush = |run: &mut String, pieces: &mut Vec<String>| -> fmt::Result {
        if !run.is_empty() {
            let mut piece = String::from("(str.to_re ");
            write_string_literal(&mut piece, run)?;
            piece.push(')');
            pieces.push(piece);
            run.clear();
        }
        Ok(())
    };
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            flush(&mut run, pieces)?;
            let mut piece = String::new();
            write!(
                piece,
                "(re.union (str.to_re \"{}\") (str.to_re \"{}\"))",
                c.to_ascii_lowercase(),
                c.to_ascii_uppercase()
            )?;
            pieces.push(piece);
        } else {
            run.push(c);
        }
    }
    flush(&mut run, pieces)
}

/// One character, optionally other than `except`.
fn write_any_char(f: &mut dyn fmt::Write, except: Option<char>) -> fmt::Result {
    let Some(c) = except.map(|c| c as u32).filter(|c| *c <= Z3_MAX_CHAR) else {
        return f.write_str("re.allchar");
    };
    let mut ranges = Vec::new();
    if c > 0 {
        ranges.push((0, c - 1));
    }
    if c < Z3_MAX_CHAR {
        ranges.push((c + 1, Z3_MAX_CHAR));
    }
    let mut text = Vec::new();
    for (lo, hi) in ranges {
        let mut r = String::from("(re.range \"");
        write_string_char(&mut r, lo)?;
        r.push_str("\" \"");
        write_string_char(&mut r, hi)?;
        r.push_str("\")");
        text.push(r);
    }
    match text.as_slice() {
        [one] => f.write_str(one),
        _ => write!(f, "(re.union {})", text.join(" ")),
    }
}

/// Declarations of the variables of `assertions`, the 128-bit bounds of its
/// `Int` variables, and one `assert` per term (no `check-sat`).
pub fn declarations_and_assertions(assertions: &[Term], declared: &BTreeSet<Var>) -> String {
    let mut vars = BTreeSet::new();
    for t in assertions {
        vars.extend(t.vars());
    }
    let mut out = String::new();
    for v in &vars {
        let _ = writeln!(
            out,
            "(declare-const |{}| {})",
            symbol_name(v),
            sort_name(v.sort())
        );
    }
    for v in vars
        .iter()
        .filter(|v| v.sort() == Sort::Int && !declared.contains(*v))
    {
        let _ = writeln!(out, "(assert {})", int_bounds(v));
    }
    for t in assertions {
        let _ = writeln!(out, "(assert {t})");
    }
    out
}

/// `i128::MIN <= v <= i128::MAX`.
pub fn int_bounds(v: &Var) -> String {
    format!(
        "(and (<= (- {}) |{name}|) (<= |{name}| {}))",
        i128::MIN.unsigned_abs(),
        i128::MAX,
        name = symbol_name(v)
    )
}

/// A complete script: `produce-models`, declarations, bounds, assertions,
/// `check-sat` and `get-model`.
pub fn script(assertions: &[Term]) -> String {
    let mut out = String::from("(set-option :produce-models true)\n");
    out.push_str(&declarations_and_assertions(assertions, &BTreeSet::new()));
    out.push_str("(check-sat)\n(get-model)\n");
    out
}

/// Decodes a string as Z3 4.8.12 prints it in models (`\u{hex}` escapes;
/// other characters, `\` included, as they are). Codes that are not Unicode
/// scalar values (surrogates) become `None` entries.
pub fn decode_z3_string(text: &str) -> Vec<Option<char>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some((code, len)) = escape_at(&chars[i..]) {
            out.push(char::from_u32(code));
            i += len;
        } else {
            out.push(chars.get(i).copied());
            i += 1;
        }
    }
    out
}

/// Reads `\u{h..h}` at the start of `chars`: the code and the escape length.
fn escape_at(chars: &[char]) -> Option<(u32, usize)> {
    let rest = chars.strip_prefix(&['\\', 'u', '{'])?;
    let close = rest.iter().position(|c| *c == '}')?;
    let digits: String = rest.get(..close)?.iter().collect();
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    let code = u32::from_str_radix(&digits, 16).ok()?;
    Some((code, 3 + close + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::{self, Sort, Var};

    #[test]
    fn symbols_escape_bars_backslashes_and_hashes() {
        let v = Var::new("a|b\\c#d:é", Sort::Str);
        assert_eq!(symbol_name(&v), "a#{7c}b#{5c}c#{23}d:#{e9}");
    }

    #[test]
    fn string_literals_escape_quotes_and_non_ascii() {
        let mut s = String::new();
        write_string_literal(&mut s, "a\"b\\c\u{1}é").unwrap();
        assert_eq!(s, r#""a""b\u{5c}c\u{1}\u{e9}""#);
    }

    #[test]
    fn regex_of_wildcards_and_exclusions() {
        let mut s = String::new();
        write_regex(&mut s, &Pattern::wildcard_excluding("a*?", ':')).unwrap();
        assert_eq!(
            s,
            "(re.++ (str.to_re \"a\") (re.* (re.union (re.range \"\\u{0}\" \"9\") \
             (re.range \";\" \"\\u{2ffff}\"))) (re.union (re.range \"\\u{0}\" \"9\") \
             (re.range \";\" \"\\u{2ffff}\")))"
        );
    }

    #[test]
    fn negative_and_extreme_integers_print_as_smtlib() {
        assert_eq!(term::int(-5).to_string(), "(- 5)");
        assert_eq!(
            term::int(i128::MIN).to_string(),
            "(- 170141183460469231731687303715884105728)"
        );
        assert_eq!(term::ip(1).to_string(), format!("#x{}1", "0".repeat(31)));
    }

    #[test]
    fn decode_reads_escapes_and_keeps_backslashes() {
        let decoded: String = decode_z3_string("a\\u{e9}\\b\\u{1}")
            .into_iter()
            .map(|c| c.unwrap())
            .collect();
        assert_eq!(decoded, "aé\\b\u{1}");
        assert_eq!(decode_z3_string("\\u{d800}"), vec![None]);
    }
}
