//! YAML loading (yaml-rust2's event parser) into a JSON value with the line
//! of every value, turning CloudFormation short-form tags into their long
//! form: `!Ref X` is `{"Ref": "X"}`, `!Condition C` is `{"Condition": "C"}`,
//! and any other local tag `!Name v` is `{"Fn::Name": v}` (so `!GetAtt a.b`
//! is `{"Fn::GetAtt": "a.b"}` and `!Sub [...]` is `{"Fn::Sub": [...]}`).
//!
//! Plain scalars follow the YAML 1.2 core schema, except that a number is
//! kept as a string when its JSON rendering would differ from the text (so
//! the account id `012345678901` keeps its leading zero).

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::document::{Document, LineMap, ValueKind};

/// Nesting deeper than this is refused (as serde_json refuses beyond 128).
const MAX_DEPTH: usize = 128;
/// More values than this (aliases included) are refused.
const MAX_NODES: usize = 2_000_000;

/// Parses the first YAML document of `text`.
pub(crate) fn load(text: &str) -> Result<Document, String> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    // Driven event by event (the parser's own `load` recurses per nesting
    // level); stops after the first document.
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|error| format!("not valid YAML: {error}"))?;
        let last = matches!(event, Event::StreamEnd | Event::DocumentEnd);
        builder.on_event(event, mark);
        if let Some(error) = builder.error.take() {
            return Err(format!("unsupported YAML: {error}"));
        }
        if last {
            break;
        }
    }
    Ok(Document {
        value: builder.root.unwrap_or(Value::Null),
        lines: builder.lines,
    })
}

enum Content {
    Sequence(Vec<Value>),
    Mapping {
        map: Map<String, Value>,
        /// The pending key and the line where it is written.
        key: Option<(String, u32)>,
    },
}

struct Frame {
    content: Content,
    /// Pointer of the collection's own content (inside its tag wrapper).
    pointer: String,
    /// The long-form key wrapping this collection (`Fn::Sub`, `Ref`, ...).
    wrapper: Option<String>,
    anchor: usize,
    nodes: usize,
}

struct Builder {
    stack: Vec<Frame>,
    root: Option<Value>,
    lines: LineMap,
    anchors: std::collections::HashMap<usize, (Value, usize)>,
    nodes: usize,
    error: Option<String>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            stack: Vec::new(),
            root: None,
            lines: LineMap::new(false),
            anchors: std::collections::HashMap::new(),
            nodes: 0,
            error: None,
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() || self.root.is_some() {
            return;
        }
        if let Err(error) = self.handle(event, mark) {
            self.error = Some(error);
        }
    }
}

impl Builder {
    fn handle(&mut self, event: Event, mark: Marker) -> Result<(), String> {
        let line = u32::try_from(mark.line()).unwrap_or(u32::MAX);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if self.is_expecting_key() {
                    return self.set_key(text, line);
                }
                let line = self.key_line().unwrap_or(line);
                let pointer = self.child_pointer();
                let wrapper = wrapper_of(tag.as_ref());
                let kind = if wrapper.is_some() {
                    ValueKind::Object
                } else if is_string_scalar(&text, style, tag.as_ref()) {
                    ValueKind::String
                } else {
                    ValueKind::Other
                };
                self.lines.insert(pointer.clone(), line, kind);
                let value = scalar_value(text, style, tag.as_ref());
                if let Some(key) = &wrapper {
                    let inner_kind = if value.is_string() {
                        ValueKind::String
                    } else {
                        ValueKind::Other
                    };
                    self.lines
                        .insert(super::pointer_push(&pointer, key), line, inner_kind);
                }
                self.complete(wrap(value, wrapper), anchor, 1)
            }
            Event::SequenceStart(anchor, tag) => self.open(
                Content::Sequence(Vec::new()),
                anchor,
                tag,
                line,
                ValueKind::Array,
            ),
            Event::MappingStart(anchor, tag) => self.open(
                Content::Mapping {
                    map: Map::new(),
                    key: None,
                },
                anchor,
                tag,
                line,
                ValueKind::Object,
            ),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Alias(id) => {
                let (value, nodes) = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| "alias of an unknown anchor".to_string())?;
                if self.is_expecting_key() {
                    return match value {
                        Value::String(text) => self.set_key(text, line),
                        _ => Err(format!("line {line}: a mapping key must be a scalar")),
                    };
                }
                let line = self.key_line().unwrap_or(line);
                let pointer = self.child_pointer();
                self.lines.insert(pointer, line, kind_of(&value));
                self.complete(value, 0, nodes)
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => Ok(()),
        }
    }

    fn is_expecting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                content: Content::Mapping { key: None, .. },
                ..
            })
        )
    }

    fn set_key(&mut self, text: String, line: u32) -> Result<(), String> {
        if let Some(Frame {
            content: Content::Mapping { key, .. },
            ..
        }) = self.stack.last_mut()
        {
            *key = Some((text, line));
        }
        Ok(())
    }

    /// The line of the pending key when the next value is a mapping value
    /// (a block value starts on the key's line, not on its first entry).
    fn key_line(&self) -> Option<u32> {
        match self.stack.last() {
            Some(Frame {
                content:
                    Content::Mapping {
                        key: Some((_, line)),
                        ..
                    },
                ..
            }) => Some(*line),
            _ => None,
        }
    }

    /// The pointer of the value about to be completed.
    fn child_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(frame) => match &frame.content {
                Content::Sequence(items) => super::pointer_index(&frame.pointer, items.len()),
                Content::Mapping { key, .. } => super::pointer_push(
                    &frame.pointer,
                    key.as_ref().map_or("", |(key, _)| key.as_str()),
                ),
            },
        }
    }

    fn open(
        &mut self,
        content: Content,
        anchor: usize,
        tag: Option<Tag>,
        line: u32,
        kind: ValueKind,
    ) -> Result<(), String> {
        if self.is_expecting_key() {
            return Err(format!("line {line}: a mapping key must be a scalar"));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!(
                "line {line}: nesting deeper than {MAX_DEPTH} levels"
            ));
        }
        let line = self.key_line().unwrap_or(line);
        let outer = self.child_pointer();
        let wrapper = wrapper_of(tag.as_ref());
        let pointer = match &wrapper {
            Some(key) => {
                self.lines.insert(outer.clone(), line, ValueKind::Object);
                super::pointer_push(&outer, key)
            }
            None => outer,
        };
        self.lines.insert(pointer.clone(), line, kind);
        self.stack.push(Frame {
            content,
            pointer,
            wrapper,
            anchor,
            nodes: 1,
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), String> {
        let frame = self
            .stack
            .pop()
            .ok_or_else(|| "unbalanced collection end".to_string())?;
        let value = match frame.content {
            Content::Sequence(items) => Value::Array(items),
            Content::Mapping { map, .. } => Value::Object(map),
        };
        self.complete(wrap(value, frame.wrapper), frame.anchor, frame.nodes)
    }

    /// Attaches a finished value to its parent (or makes it the root).
    fn complete(&mut self, value: Value, anchor: usize, nodes: usize) -> Result<(), String> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > MAX_NODES {
            return Err(format!("more than {MAX_NODES} values (alias expansion?)"));
        }
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(frame) => {
                frame.nodes = frame.nodes.saturating_add(nodes);
                match &mut frame.content {
                    Content::Sequence(items) => items.push(value),
                    Content::Mapping { map, key } => {
                        if let Some((key, _)) = key.take() {
                            map.insert(key, value);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// The long-form key for a local tag: `!Ref` → `Ref`, `!Condition` →
/// `Condition`, `!Sub` → `Fn::Sub`.
fn wrapper_of(tag: Option<&Tag>) -> Option<String> {
    let tag = tag?;
    if tag.handle != "!" || tag.suffix.is_empty() {
        return None;
    }
    Some(match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
        other => format!("Fn::{other}"),
    })
}

fn wrap(value: Value, wrapper: Option<String>) -> Value {
    match wrapper {
        Some(key) => {
            let mut map = Map::new();
            map.insert(key, value);
            Value::Object(map)
        }
        None => value,
    }
}

fn kind_of(value: &Value) -> ValueKind {
    match value {
        Value::Object(_) => ValueKind::Object,
        Value::Array(_) => ValueKind::Array,
        Value::String(_) => ValueKind::String,
        _ => ValueKind::Other,
    }
}

fn is_core_tag(tag: Option<&Tag>, suffix: &str) -> bool {
    tag.is_some_and(|tag| tag.handle == "tag:yaml.org,2002:" && tag.suffix == suffix)
}

fn is_string_scalar(text: &str, style: TScalarStyle, tag: Option<&Tag>) -> bool {
    scalar_value(text.to_string(), style, tag).is_string()
}

/// The JSON value of a scalar.
fn scalar_value(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if style != TScalarStyle::Plain || is_core_tag(tag, "str") {
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    number_value(&text).unwrap_or(Value::String(text))
}

/// A number when its JSON rendering is exactly `text`.
fn number_value(text: &str) -> Option<Value> {
    let first = text.bytes().next()?;
    if !(first.is_ascii_digit() || first == b'-') {
        return None;
    }
    let number: Number = if let Ok(int) = text.parse::<i64>() {
        Number::from(int)
    } else {
        Number::from_f64(text.parse::<f64>().ok()?)?
    };
    (number.to_string() == text).then_some(Value::Number(number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_form_tags_become_long_form_intrinsics() {
        let text = "a: !Ref Bucket\nb: !GetAtt Role.Arn\nc: !Sub\n  - '${X}'\n  - X: 1\nd: !Condition IsProd\n";
        let doc = load(text).unwrap();
        assert_eq!(
            doc.value,
            json!({
                "a": {"Ref": "Bucket"},
                "b": {"Fn::GetAtt": "Role.Arn"},
                "c": {"Fn::Sub": ["${X}", {"X": 1}]},
                "d": {"Condition": "IsProd"}
            })
        );
        assert_eq!(doc.lines.line("/c"), Some(3));
        assert_eq!(doc.lines.line("/c/Fn::Sub/1/X"), Some(5));
    }

    #[test]
    fn numbers_that_would_change_stay_strings() {
        let doc =
            load("a: 012345678901\nb: 111122223333\nc: 2012-10-17\nd: '5'\ne: 1.50\n").unwrap();
        assert_eq!(
            doc.value,
            json!({"a": "012345678901", "b": 111122223333_i64, "c": "2012-10-17", "d": "5", "e": "1.50"})
        );
    }

    #[test]
    fn lines_of_block_sequences_are_the_dash_lines() {
        let text = "Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n  - Effect: Deny\n";
        let doc = load(text).unwrap();
        assert_eq!(doc.lines.line("/Statement/0"), Some(2));
        assert_eq!(doc.lines.line("/Statement/1"), Some(4));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let error = load(&text).unwrap_err();
        assert!(error.contains("more than"), "{error}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000);
        assert!(load(&text).is_err());
    }
}
