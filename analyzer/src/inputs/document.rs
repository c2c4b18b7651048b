//! Loading input text into a JSON value with the line of every value.

use std::collections::HashMap;

use serde_json::Value;

use super::{json_positions, yaml};

/// How to parse a file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceKind {
    /// One JSON document (JSON Lines as a fallback).
    Json,
    /// One JSON value per line.
    JsonLines,
    /// One YAML document.
    Yaml,
}

/// The parser for a file, from its extension and, for other extensions,
/// from its first non-blank character.
pub(crate) fn source_kind(extension: Option<&str>, text: &str) -> SourceKind {
    match extension {
        Some("jsonl" | "ndjson") => SourceKind::JsonLines,
        Some("json") => SourceKind::Json,
        Some("yaml" | "yml") => SourceKind::Yaml,
        _ => match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .bytes()
            .next()
        {
            Some(b'{' | b'[') => SourceKind::Json,
            _ => SourceKind::Yaml,
        },
    }
}

/// What kind of value starts at a pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueKind {
    Object,
    Array,
    String,
    Other,
}

/// The 1-based line (and kind) of each value of a document, by JSON pointer.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineMap {
    entries: HashMap<String, (u32, ValueKind)>,
    single_line_strings: bool,
}

impl LineMap {
    /// An empty map; `single_line_strings` says whether every string value
    /// of the source sits on one line (true for JSON).
    pub(crate) fn new(single_line_strings: bool) -> Self {
        LineMap {
            entries: HashMap::new(),
            single_line_strings,
        }
    }

    pub(crate) fn insert(&mut self, pointer: String, line: u32, kind: ValueKind) {
        self.entries.insert(pointer, (line, kind));
    }

    /// The line where the value at `pointer` starts.
    pub(crate) fn line(&self, pointer: &str) -> Option<u32> {
        self.entries.get(pointer).map(|(line, _)| *line)
    }

    /// The kind of the value at `pointer` as written in the source.
    pub(crate) fn get_value_kind(&self, pointer: &str) -> Option<ValueKind> {
        self.entries.get(pointer).map(|(_, kind)| *kind)
    }

    /// The lines of the values at `prefix` and below, by pointer relative
    /// to `prefix` (`""` for the value at `prefix` itself).
    pub(crate) fn lines_under(&self, prefix: &str) -> HashMap<String, u32> {
        self.entries
            .iter()
            .filter_map(|(pointer, (line, _))| {
                let rest = pointer.strip_prefix(prefix)?;
                (rest.is_empty() || rest.starts_with('/')).then(|| (rest.to_owned(), *line))
            })
            .collect()
    }

    /// Whether every string of the source sits on one line.
    pub(crate) fn strings_are_single_line(&self) -> bool {
        self.single_line_strings
    }
}

/// A parsed document.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub(crate) value: Value,
    pub(crate) lines: LineMap,
}

/// One record of a JSON Lines file.
#[derive(Debug, Clone)]
pub(crate) struct LineRecord {
    /// 0-based index of the record among the file's non-blank lines.
    pub(crate) index: usize,
    /// The record, or why its line is not JSON.
    pub(crate) value: Result<Value, String>,
}

/// A loaded file.
#[derive(Debug, Clone)]
pub(crate) enum Loaded {
    /// One document.
    Single(Document),
    /// JSON Lines: one record per non-blank line, with the lines of every
    /// value under pointers `/<index>/...`.
    Lines {
        records: Vec<LineRecord>,
        lines: LineMap,
    },
}

/// Parses `text`; an error is the one-line reason the whole file is unusable.
pub(crate) fn load(text: &str, kind: SourceKind) -> Result<Loaded, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match kind {
        SourceKind::JsonLines => Ok(load_json_lines(text)),
        SourceKind::Yaml => yaml::load(text).map(Loaded::Single),
        SourceKind::Json => match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                let mut lines = LineMap::new(true);
                json_positions::scan(text, 1, "", &mut lines);
                Ok(Loaded::Single(Document { value, lines }))
            }
            Err(error) if looks_like_json_lines(text) => {
                let _ = error;
                Ok(load_json_lines(text))
            }
            Err(error) => Err(format!("not valid JSON: {error}")),
        },
    }
}

/// A `.json` file that fails to parse as one document but whose first two
/// non-blank lines are each a JSON object is read as JSON Lines.
fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let is_object = |line: Option<&str>| {
        line.is_some_and(|line| {
            serde_json::from_str::<Value>(line).is_ok_and(|value| value.is_object())
        })
    };
    is_object(lines.next()) && is_object(lines.next())
}

/// What a line of JSON Lines that is not valid UTF-8 is replaced by (see
/// [`mark_invalid_utf8_lines`]): U+FFFF is a noncharacter, never in text.
const INVALID_UTF8_LINE: &str = "\u{ffff}invalid-utf8\u{ffff}";

/// Whether bytes that are not all valid UTF-8 still look like JSON Lines:
/// their first two non-empty lines are objects (read lossily).
pub(crate) fn looks_like_json_lines_bytes(bytes: &[u8]) -> bool {
    looks_like_json_lines(&String::from_utf8_lossy(bytes))
}

/// JSON Lines text from bytes: each line that is not valid UTF-8 becomes
/// a marker that [`load_json_lines_from`] reports as that line's error, so
/// one bad byte costs one record, and line numbers stay true.
pub(crate) fn mark_invalid_utf8_lines(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for line in bytes.split_inclusive(|b| *b == b'\n') {
        let (body, end) = match line.strip_suffix(b"\n") {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        match std::str::from_utf8(body) {
            Ok(text) if !text.contains(INVALID_UTF8_LINE) => out.push_str(text),
            _ => out.push_str(INVALID_UTF8_LINE),
        }
        out.push_str(end);
    }
    out
}

fn load_json_lines(text: &str) -> Loaded {
    load_json_lines_from(text, 0, 1)
}

/// JSON Lines text whose first line is line `first_line` of its file and
/// whose first record is the file's record `first_index` (a range of a
/// larger file, see [`super::ranges`]).
pub(crate) fn load_json_lines_from(text: &str, first_index: usize, first_line: usize) -> Loaded {
    let mut records = Vec::new();
    let mut lines = LineMap::new(true);
    let mut index = first_index;
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line_number = u32::try_from(number + first_line).unwrap_or(u32::MAX);
        let value = if line == INVALID_UTF8_LINE {
            Err(format!("line {line_number} is not valid UTF-8"))
        } else {
            serde_json::from_str::<Value>(line)
                .map_err(|error| format!("line {line_number} is not valid JSON: {error}"))
        };
        if value.is_ok() {
            json_positions::scan(line, line_number, &format!("/{index}"), &mut lines);
        }
        records.push(LineRecord { index, value });
        index += 1;
    }
    Loaded::Lines { records, lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_invalid_utf8_byte_costs_only_its_json_lines_record() {
        let bytes = b"{\"a\": 1}\n{\"a\": \"\xff\"}\r\n{\"a\": 3}\n";
        assert!(looks_like_json_lines_bytes(bytes));
        let text = mark_invalid_utf8_lines(bytes);
        let Ok(Loaded::Lines { records, .. }) = load(&text, SourceKind::JsonLines) else {
            panic!("expected JSON Lines");
        };
        assert_eq!(records.len(), 3);
        assert!(records[0].value.is_ok() && records[2].value.is_ok());
        assert_eq!(
            records[1].value.as_ref().unwrap_err(),
            "line 2 is not valid UTF-8"
        );
    }

    #[test]
    fn a_json_file_with_one_object_per_line_is_read_as_json_lines() {
        let text = "{\"a\": 1}\n\n{\"a\": 2}\n";
        let Ok(Loaded::Lines { records, lines }) = load(text, SourceKind::Json) else {
            panic!("expected JSON Lines");
        };
        assert_eq!(records.len(), 2);
        assert_eq!(lines.line("/1/a"), Some(3));
    }

    #[test]
    fn broken_json_is_one_error_naming_the_position() {
        let Err(message) = load("{\"a\": [1,}", SourceKind::Json) else {
            panic!("expected an error");
        };
        assert!(message.starts_with("not valid JSON: "), "{message}");
        assert!(message.contains("line 1"), "{message}");
    }

    #[test]
    fn the_parser_follows_the_extension_then_the_first_character() {
        assert_eq!(source_kind(Some("yml"), "{}"), SourceKind::Yaml);
        assert_eq!(
            source_kind(Some("template"), "  {\"a\":1}"),
            SourceKind::Json
        );
        assert_eq!(
            source_kind(Some("template"), "Resources: {}"),
            SourceKind::Yaml
        );
        assert_eq!(source_kind(None, "[1]"), SourceKind::Json);
    }
}
