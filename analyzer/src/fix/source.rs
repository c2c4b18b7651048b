//! Where a policy sits in the text of its input file, so that a proved
//! patch can be written back as a replacement of exactly that text
//! (`zoneproof scan --fixes`, SARIF `fixes`).
//!
//! A policy is in the file as written when the file is JSON (or JSON
//! Lines) and the value at the policy's JSON pointer is either the policy
//! object itself or a JSON string holding the policy's JSON text. Anything
//! else (YAML, intrinsic functions, URL-encoded text, a policy synthesised
//! from several resources) has no place in the file to patch.

use serde_json::Value as Json;

use crate::validate::json::{parse, Node, Position, Value};

/// How the policy is written at its place in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// As a JSON object: the replacement is the patched text itself.
    Object,
    /// As a JSON string holding the policy text: the replacement is the
    /// patched text written as a JSON string.
    String,
}

/// The policy's text in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySource {
    /// The policy text to patch (the object's text, or the string's
    /// content).
    pub text: String,
    /// How it is written.
    pub encoding: Encoding,
    /// Where the written value starts: 1-based line, 1-based column in
    /// Unicode code points.
    pub start: (u32, u32),
    /// Just after where it ends, in the same units.
    pub end: (u32, u32),
}

impl PolicySource {
    /// The text that replaces the written value for a patched policy text.
    pub fn replacement(&self, patched: &str) -> String {
        match self.encoding {
            Encoding::Object => patched.to_string(),
            Encoding::String => {
                serde_json::to_string(patched).unwrap_or_else(|_| patched.to_string())
            }
        }
    }
}

/// The policy `policy` at `pointer` of the file text `text` (`lines`: the
/// file is JSON Lines, whose pointers start with the record index), when
/// it is written there as it was analysed.
pub fn policy_source(
    text: &str,
    pointer: &str,
    lines: bool,
    policy: &Json,
) -> Option<PolicySource> {
    let (record, first_line, rest) = if lines {
        let (index, rest) = split_first(pointer)?;
        let index: usize = index.parse().ok()?;
        let (number, line) = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .nth(index)?;
        (line, u32::try_from(number).ok()?, rest)
    } else {
        (text, 0, pointer.to_string())
    };
    let root = parse(record).ok()?;
    let node = find(&root, &rest)?;
    let chars: Vec<(usize, char)> = record.char_indices().collect();
    let byte = |p: Position| {
        let at = usize::try_from(p.offset).ok()?;
        Some(chars.get(at).map_or(record.len(), |(b, _)| *b))
    };
    let place = |p: Position| (p.line + first_line, p.column + 1);
    let (text, encoding) = match &node.value {
        Value::Object(_) => {
            let slice = record.get(byte(node.span.start)?..byte(node.span.end)?)?;
            (slice.to_string(), Encoding::Object)
        }
        Value::String(content) if !content.trim_start().starts_with('%') => {
            (content.clone(), Encoding::String)
        }
        _ => return None,
    };
    let decoded: Json = serde_json::from_str(&text).ok()?;
    (decoded == *policy).then(|| PolicySource {
        text,
        encoding,
        start: place(node.span.start),
        end: place(node.span.end),
    })
}

fn split_first(pointer: &str) -> Option<(String, String)> {
    let rest = pointer.strip_prefix('/')?;
    match rest.split_once('/') {
        Some((first, tail)) => Some((unescape(first), format!("/{tail}"))),
        None => Some((unescape(rest), String::new())),
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The node at an RFC 6901 pointer.
fn find<'n>(root: &'n Node, pointer: &str) -> Option<&'n Node> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = unescape(token);
        node = match &node.value {
            Value::Object(members) => &members.iter().rev().find(|m| m.key == token)?.value,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const POLICY: &str = r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"}]}"#;

    #[test]
    fn an_object_in_a_json_file_is_its_own_text() {
        let file = format!("[\n  {{\"arn\": \"x\",\n   \"policy\": {POLICY}}}\n]\n");
        let policy: Json = serde_json::from_str(POLICY).unwrap();
        let source = policy_source(&file, "/0/policy", false, &policy).unwrap();
        assert_eq!(source.text, POLICY);
        assert_eq!(source.encoding, Encoding::Object);
        assert_eq!(source.start, (3, 14));
        assert_eq!(source.end, (3, 14 + u32::try_from(POLICY.len()).unwrap()));
    }

    #[test]
    fn a_string_policy_is_replaced_by_a_string_and_lines_count_records() {
        let record = json!({"arn": "x", "policy": POLICY}).to_string();
        let file = format!("\n{record}\n\n{record}\n");
        let policy: Json = serde_json::from_str(POLICY).unwrap();
        let source = policy_source(&file, "/1/policy", true, &policy).unwrap();
        assert_eq!(source.encoding, Encoding::String);
        assert_eq!(source.start.0, 4);
        assert_eq!(source.replacement("{}"), "\"{}\"");
    }

    #[test]
    fn a_value_that_is_not_the_analysed_policy_has_no_source() {
        let file = format!("{{\"policy\": {POLICY}}}");
        assert!(policy_source(&file, "/policy", false, &json!({"Statement": []})).is_none());
        assert!(policy_source(&file, "/nope", false, &json!({})).is_none());
    }
}
