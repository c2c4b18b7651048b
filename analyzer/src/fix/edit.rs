//! Edits of a JSON policy text that keep everything they do not touch:
//! key order, Sids, whitespace, indentation and the spelling of values.
//!
//! Each edit parses the current text with the position-keeping parser of
//! [`crate::validate::json`], finds the object or array it changes by its
//! path, and splices the smallest piece of text in or out: a new member
//! after the last one (indented as its siblings, or inline when the object
//! is on one line), an array item or object member with its separating
//! comma. New values are written in the document's style (its indentation
//! unit and its spacing after `:`).

use serde_json::Value as Json;

use crate::validate::json::{parse, Node, Position, Value};

/// Why an edit could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The text is not JSON.
    #[error("the policy is not JSON (line {line}, column {column})")]
    NotJson {
        /// Line of the first bad character.
        line: u32,
        /// Its column.
        column: u32,
    },
    /// The document does not have the shape the edit needs.
    #[error("{0}")]
    Shape(String),
}

/// A replacement of the bytes `start..end` of a text by `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    /// First byte replaced.
    pub start: usize,
    /// Just after the last byte replaced.
    pub end: usize,
    /// The new text.
    pub text: String,
}

impl Splice {
    /// Applies the splice to `text`.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.text.len());
        out.push_str(&text[..self.start]);
        out.push_str(&self.text);
        out.push_str(&text[self.end..]);
        out
    }
}

/// A policy text and its parse.
pub struct JsonText<'t> {
    text: &'t str,
    root: Node,
    /// Byte offset of each character (and one past the end); the parser
    /// counts characters after a byte-order mark.
    bytes: Vec<usize>,
}

impl<'t> JsonText<'t> {
    /// Parses a text.
    ///
    /// # Errors
    /// [`EditError::NotJson`].
    pub fn parse(text: &'t str) -> Result<JsonText<'t>, EditError> {
        let root = parse(text).map_err(|e| EditError::NotJson {
            line: e.at.line,
            column: e.at.column,
        })?;
        let skip = usize::from(text.starts_with('\u{feff}'));
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).skip(skip).collect();
        bytes.push(text.len());
        Ok(JsonText { text, root, bytes })
    }

    /// The byte offset of a position.
    pub fn byte(&self, position: Position) -> usize {
        let at = usize::try_from(position.offset).unwrap_or(usize::MAX);
        self.bytes.get(at).copied().unwrap_or(self.text.len())
    }

    /// The statement objects, and whether `Statement` is an array.
    ///
    /// # Errors
    /// When the document has no `Statement` array or object.
    pub fn statements(&self) -> Result<(Vec<&Node>, bool), EditError> {
        let statement = self
            .root
            .member("Statement")
            .ok_or_else(|| EditError::Shape("the policy has no Statement element".into()))?;
        match &statement.value.value {
            Value::Array(items) => Ok((items.iter().collect(), true)),
            Value::Object(_) => Ok((vec![&statement.value], false)),
            _ => Err(EditError::Shape(
                "the Statement element is neither an array nor an object".into(),
            )),
        }
    }

    /// The value of the `Statement` element.
    ///
    /// # Errors
    /// When there is none.
    pub fn statement_element(&self) -> Result<&Node, EditError> {
        self.root
            .member("Statement")
            .map(|m| &m.value)
            .ok_or_else(|| EditError::Shape("the policy has no Statement element".into()))
    }

    /// The `Statement` array.
    ///
    /// # Errors
    /// When `Statement` is not an array.
    pub fn statement_array(&self) -> Result<&Node, EditError> {
        self.root
            .member("Statement")
            .map(|m| &m.value)
            .filter(|node| node.as_array().is_some())
            .ok_or_else(|| EditError::Shape("the Statement element is not an array".into()))
    }

    /// The statement object at `index`.
    ///
    /// # Errors
    /// When there is none.
    pub fn statement(&self, index: usize) -> Result<&Node, EditError> {
        self.statements()?
            .0
            .get(index)
            .copied()
            .ok_or_else(|| EditError::Shape(format!("the policy has no statement #{index}")))
    }

    /// The whitespace that starts the line holding `position` (spaces for
    /// other text before it).
    fn indent_at(&self, position: Position) -> String {
        let at = self.byte(position);
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = &self.text[line_start..at];
        if before.chars().all(char::is_whitespace) {
            before.to_string()
        } else {
            " ".repeat(before.chars().count())
        }
    }

    /// The document's style: its indentation unit and separators.
    pub fn style(&self) -> Style {
        let mut style = Style::default();
        let Some(members) = self.root.as_object() else {
            return style;
        };
        if let Some(first) = members.first() {
            let between =
                &self.text[self.byte(first.key_span.end)..self.byte(first.value.span.start)];
            style.colon = between.to_string();
            if first.key_span.start.line > self.root.span.start.line {
                let indent = self.indent_at(first.key_span.start);
                let base = self.indent_at(self.root.span.start);
                let unit = indent.strip_prefix(base.as_str()).unwrap_or(&indent);
                if !unit.is_empty() {
                    style.unit = unit.to_string();
                }
            }
        }
        if let [first, second, ..] = members {
            let between =
                &self.text[self.byte(first.value.span.end)..self.byte(second.key_span.start)];
            if !between.contains('\n') {
                style.comma = between.to_string();
            }
        }
        style
    }

    /// The splice that adds `"key": value` at the end of `object`.
    ///
    /// # Errors
    /// When `object` is not an object.
    pub fn insert_member(
        &self,
        object: &Node,
        key: &str,
        value: &Json,
    ) -> Result<Splice, EditError> {
        let members = object
            .as_object()
            .ok_or_else(|| EditError::Shape("expected an object".into()))?;
        let style = self.style();
        let quoted = json_string(key);
        let Some(last) = members.last() else {
            let base = self.indent_at(object.span.start);
            let mut map = serde_json::Map::new();
            map.insert(key.to_string(), value.clone());
            let pretty = object.span.start.line != object.span.end.line || self.text.contains('\n');
            return Ok(Splice {
                start: self.byte(object.span.start),
                end: self.byte(object.span.end),
                text: style.render(&Json::Object(map), &base, pretty),
            });
        };
        let pretty = object.span.start.line != object.span.end.line;
        let at = self.byte(last.value.span.end);
        let text = if pretty {
            let indent = self.indent_at(last.key_span.start);
            format!(
                ",\n{indent}{quoted}{}{}",
                style.colon,
                style.render(value, &indent, true)
            )
        } else {
            format!(
                ",{}{quoted}{}{}",
                style.comma.trim_start_matches(','),
                style.colon,
                style.render(value, "", false)
            )
        };
        Ok(Splice {
            start: at,
            end: at,
            text,
        })
    }

    /// The splice that removes item `index` of `array` with its comma (the
    /// array keeps at least one item).
    ///
    /// # Errors
    /// When `array` is not an array, has no such item, or has only it.
    pub fn remove_item(&self, array: &Node, index: usize) -> Result<Splice, EditError> {
        let items = array
            .as_array()
            .ok_or_else(|| EditError::Shape("expected an array".into()))?;
        let spans: Vec<(Position, Position)> =
            items.iter().map(|i| (i.span.start, i.span.end)).collect();
        self.remove_span(&spans, index)
    }

    /// The splice that removes member `index` of `object` with its comma
    /// (the object keeps at least one member).
    ///
    /// # Errors
    /// When `object` is not an object, has no such member, or has only it.
    pub fn remove_member(&self, object: &Node, index: usize) -> Result<Splice, EditError> {
        let members = object
            .as_object()
            .ok_or_else(|| EditError::Shape("expected an object".into()))?;
        let spans: Vec<(Position, Position)> = members
            .iter()
            .map(|m| (m.key_span.start, m.value.span.end))
            .collect();
        self.remove_span(&spans, index)
    }

    fn remove_span(
        &self,
        spans: &[(Position, Position)],
        index: usize,
    ) -> Result<Splice, EditError> {
        if spans.len() < 2 || index >= spans.len() {
            return Err(EditError::Shape("cannot remove the only item".into()));
        }
        let (start, end) = if index + 1 < spans.len() {
            (spans[index].0, spans[index + 1].0)
        } else {
            (spans[index - 1].1, spans[index].1)
        };
        Ok(Splice {
            start: self.byte(start),
            end: self.byte(end),
            text: String::new(),
        })
    }

    /// The splice that replaces a node by `value`, rendered in the
    /// document's style at the node's indentation.
    pub fn replace(&self, node: &Node, value: &Json) -> Splice {
        let style = self.style();
        let pretty = node.span.start.line != node.span.end.line;
        Splice {
            start: self.byte(node.span.start),
            end: self.byte(node.span.end),
            text: style.render(value, &self.indent_at(node.span.start), pretty),
        }
    }
}

/// How a document writes JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// One level of indentation.
    pub unit: String,
    /// What follows a key (`: ` or `:`).
    pub colon: String,
    /// What separates members on one line (`, ` or `,`).
    pub comma: String,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            unit: "  ".into(),
            colon: ": ".into(),
            comma: ", ".into(),
        }
    }
}

impl Style {
    /// Writes a value: on several lines from indentation `base` when
    /// `pretty`, else on one line.
    pub fn render(&self, value: &Json, base: &str, pretty: bool) -> String {
        let mut out = String::new();
        self.write(&mut out, value, base, pretty);
        out
    }

    fn write(&self, out: &mut String, value: &Json, base: &str, pretty: bool) {
        match value {
            Json::Object(map) if !map.is_empty() => {
                out.push('{');
                let inner = format!("{base}{}", self.unit);
                for (i, (key, item)) in map.iter().enumerate() {
                    self.separator(out, i, &inner, pretty);
                    out.push_str(&json_string(key));
                    out.push_str(&self.colon);
                    self.write(out, item, &inner, pretty);
                }
                self.close(out, base, pretty);
                out.push('}');
            }
            Json::Array(items) if !items.is_empty() => {
                out.push('[');
                let inner = format!("{base}{}", self.unit);
                for (i, item) in items.iter().enumerate() {
                    self.separator(out, i, &inner, pretty);
                    self.write(out, item, &inner, pretty);
                }
                self.close(out, base, pretty);
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }

    fn separator(&self, out: &mut String, i: usize, inner: &str, pretty: bool) {
        match (pretty, i) {
            (true, 0) => {
                out.push('\n');
                out.push_str(inner);
            }
            (true, _) => {
                out.push_str(",\n");
                out.push_str(inner);
            }
            (false, 0) => {}
            (false, _) => out.push_str(&self.comma),
        }
    }

    fn close(&self, out: &mut String, base: &str, pretty: bool) {
        if pretty {
            out.push('\n');
            out.push_str(base);
        }
    }
}

/// A JSON string literal.
fn json_string(text: &str) -> String {
    Json::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PRETTY: &str = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Sid\": \"A\",\n            \"Effect\": \"Allow\"\n        },\n        {\n            \"Sid\": \"B\",\n            \"Effect\": \"Allow\"\n        }\n    ]\n}\n";

    #[test]
    fn a_member_is_added_in_the_document_style() {
        let doc = JsonText::parse(PRETTY).unwrap();
        assert_eq!(doc.style().unit, "    ");
        let statement = doc.statement(0).unwrap();
        let splice = doc
            .insert_member(statement, "Condition", &json!({"StringEquals": {"k": "v"}}))
            .unwrap();
        let out = splice.apply(PRETTY);
        assert!(
            out.contains("\"Effect\": \"Allow\",\n            \"Condition\": {\n                \"StringEquals\": {\n                    \"k\": \"v\"\n                }\n            }\n        },"),
            "{out}"
        );
        serde_json::from_str::<Json>(&out).unwrap();
    }

    #[test]
    fn an_inline_object_stays_inline() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*"}}"#;
        let doc = JsonText::parse(text).unwrap();
        let statement = doc.statement(0).unwrap();
        let out = doc
            .insert_member(statement, "Condition", &json!({"Bool": {"k": "true"}}))
            .unwrap()
            .apply(text);
        assert_eq!(
            out,
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Condition":{"Bool":{"k":"true"}}}}"#
        );
    }

    #[test]
    fn items_and_members_leave_with_their_commas() {
        let doc = JsonText::parse(PRETTY).unwrap();
        let (statements, _) = doc.statements().unwrap();
        let array = &doc.root.member("Statement").unwrap().value;
        assert_eq!(statements.len(), 2);
        let first = doc.remove_item(array, 0).unwrap().apply(PRETTY);
        assert!(!first.contains("\"A\""));
        assert!(
            first.contains("[\n        {\n            \"Sid\": \"B\""),
            "{first}"
        );
        let last = doc.remove_item(array, 1).unwrap().apply(PRETTY);
        assert!(
            last.contains("\"A\",\n            \"Effect\": \"Allow\"\n        }\n    ]"),
            "{last}"
        );
        let member = doc.remove_member(statements[0], 0).unwrap().apply(PRETTY);
        assert!(
            member.contains("{\n            \"Effect\": \"Allow\"\n        },"),
            "{member}"
        );
        assert!(doc
            .remove_item(&statements[0].member("Sid").unwrap().value, 0)
            .is_err());
    }

    #[test]
    fn offsets_count_characters_after_a_byte_order_mark() {
        let text = "\u{feff}{\"Statement\": [{\"Sid\": \"é\", \"Effect\": \"Allow\"}]}";
        let doc = JsonText::parse(text).unwrap();
        let statement = doc.statement(0).unwrap();
        let out = doc
            .insert_member(statement, "X", &json!(1))
            .unwrap()
            .apply(text);
        assert!(out.ends_with("\"Effect\": \"Allow\", \"X\": 1}]}"), "{out}");
    }
}
