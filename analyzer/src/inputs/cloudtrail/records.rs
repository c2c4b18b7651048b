//! Splits a CloudTrail file into its event records without holding the
//! file in memory: a structural JSON scanner copies one record at a time
//! into a buffer that the caller parses.
//!
//! The shapes it knows:
//! - an object whose `Records` (S3 delivery), `Events` (`aws cloudtrail
//!   lookup-events`) or `QueryResultRows` (`aws cloudtrail
//!   get-query-results`) member is an array: each element is a record, the
//!   other members are skipped;
//! - a top-level array: each element is a record;
//! - a sequence of top-level objects (JSON Lines, as CloudTrail Lake and
//!   Athena exports write them, or a file holding one event): each object
//!   without such a member is a record.
//!
//! The scanner checks only the structure (brackets, strings, separators);
//! the caller's JSON parser checks each record, so a malformed record is an
//! error of that record alone. A broken structure (an unterminated string,
//! a truncated file) ends the file with an error after the records before
//! it have been handed out.

use std::io::{self, Read};

/// Members of a top-level object whose array holds the records.
pub const RECORD_ARRAYS: [&str; 3] = ["Records", "Events", "QueryResultRows"];

/// Why a file's structure could not be followed.
#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    /// Reading (or decompressing) the file failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The bytes are not the JSON structure of a CloudTrail file.
    #[error("byte {offset}: {message}")]
    Syntax {
        /// Offset in the (decompressed) stream.
        offset: u64,
        /// What was expected, lowercase.
        message: String,
    },
}

/// A byte reader with its own buffer, so the scanner can look at one byte
/// and copy runs of string bytes in bulk.
struct Bytes<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    consumed: u64,
}

impl<R: Read> Bytes<R> {
    fn new(inner: R) -> Bytes<R> {
        Bytes {
            inner,
            buf: vec![0; 256 * 1024],
            pos: 0,
            len: 0,
            consumed: 0,
        }
    }

    fn offset(&self) -> u64 {
        self.consumed + self.pos as u64
    }

    /// Refills the buffer when it is used up; false at the end of input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.pos < self.len {
            return Ok(true);
        }
        self.consumed += self.len as u64;
        self.pos = 0;
        self.len = 0;
        loop {
            match self.inner.read(&mut self.buf) {
                Ok(read) => {
                    self.len = read;
                    return Ok(read > 0);
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            }
        }
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(if self.fill()? {
            self.buf.get(self.pos).copied()
        } else {
            None
        })
    }

    fn next(&mut self) -> io::Result<Option<u8>> {
        let byte = self.peek()?;
        if byte.is_some() {
            self.pos += 1;
        }
        Ok(byte)
    }

    /// The next byte that is not JSON whitespace (nor a byte-order mark).
    fn next_significant(&mut self) -> io::Result<Option<u8>> {
        while let Some(byte) = self.next()? {
            if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0xEF | 0xBB | 0xBF) {
                return Ok(Some(byte));
            }
        }
        Ok(None)
    }

    fn syntax(&self, message: impl Into<String>) -> SplitError {
        SplitError::Syntax {
            offset: self.offset(),
            message: message.into(),
        }
    }

    /// Copies the rest of a string whose opening quote was consumed (and
    /// copied), closing quote included.
    fn copy_string_rest(&mut self, out: &mut Vec<u8>) -> Result<(), SplitError> {
        loop {
            if !self.fill()? {
                return Err(self.syntax("unterminated string"));
            }
            let chunk = self.buf.get(self.pos..self.len).unwrap_or_default();
            match memchr::memchr2(b'"', b'\\', chunk) {
                Some(at) => {
                    let special = chunk.get(at).copied();
                    out.extend_from_slice(chunk.get(..=at).unwrap_or_default());
                    self.pos += at + 1;
                    if special == Some(b'"') {
                        return Ok(());
                    }
                    // A backslash: copy the escaped byte whatever it is.
                    match self.next()? {
                        Some(escaped) => out.push(escaped),
                        None => return Err(self.syntax("unterminated string")),
                    }
                }
                None => {
                    out.extend_from_slice(chunk);
                    self.pos = self.len;
                }
            }
        }
    }

    /// Copies one JSON value whose first byte `first` was consumed.
    fn copy_value(&mut self, first: u8, out: &mut Vec<u8>) -> Result<(), SplitError> {
        out.push(first);
        match first {
            b'"' => self.copy_string_rest(out),
            b'{' | b'[' => self.copy_container_rest(out),
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                while let Some(byte) = self.peek()? {
                    if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    out.push(byte);
                    self.pos += 1;
                }
                Ok(())
            }
            other => Err(self.syntax(format!("unexpected `{}`", char::from(other)))),
        }
    }

    fn copy_container_rest(&mut self, out: &mut Vec<u8>) -> Result<(), SplitError> {
        let mut depth = 1usize;
        while depth > 0 {
            let Some(byte) = self.next()? else {
                return Err(self.syntax("the document ends inside an object or array"));
            };
            out.push(byte);
            match byte {
                b'"' => self.copy_string_rest(out)?,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth -= 1,
                _ => {}
            }
        }
        Ok(())
    }
}

/// A record handed to the caller: where it is (a JSON pointer such as
/// `/Records/17`, or `/3` for the fourth line of JSON Lines) and its bytes.
pub struct Record<'a> {
    /// JSON pointer of the record in its file.
    pub pointer: &'a str,
    /// The record's JSON text.
    pub bytes: &'a [u8],
}

/// Reads `input` and calls `on_record` for every record, in file order.
///
/// # Errors
/// [`SplitError`] when the input cannot be read or its structure is broken;
/// the records before the fault have been handed out.
pub fn split_records<R: Read>(
    input: R,
    on_record: &mut dyn FnMut(Record<'_>),
) -> Result<(), SplitError> {
    let mut bytes = Bytes::new(input);
    let mut splitter = Splitter {
        record: Vec::with_capacity(8 * 1024),
        pointer: String::new(),
    };
    let mut top_index = 0usize;
    while let Some(first) = bytes.next_significant()? {
        match first {
            b'{' => splitter.top_object(&mut bytes, top_index, on_record)?,
            b'[' => splitter.array("", &mut bytes, on_record)?,
            b',' => continue,
            other => {
                // Not JSON where a record starts: in JSON Lines, that line
                // is a bad record and the next line starts afresh.
                splitter.bad_line(other, &mut bytes, top_index, on_record)?;
            }
        }
        top_index += 1;
    }
    Ok(())
}

struct Splitter {
    record: Vec<u8>,
    pointer: String,
}

impl Splitter {
    /// A top-level object: either a container of records (its record array
    /// is streamed) or a record itself.
    fn top_object<R: Read>(
        &mut self,
        bytes: &mut Bytes<R>,
        top_index: usize,
        on_record: &mut dyn FnMut(Record<'_>),
    ) -> Result<(), SplitError> {
        // The object's text, kept while it may still be a record itself.
        let mut whole = Vec::with_capacity(4 * 1024);
        whole.push(b'{');
        let mut is_container = false;
        let mut key = Vec::new();
        let mut skipped = Vec::new();
        loop {
            let Some(byte) = bytes.next_significant()? else {
                return Err(bytes.syntax("the document ends inside an object"));
            };
            match byte {
                b'}' => break,
                b',' => {
                    whole.push(b',');
                    continue;
                }
                b'"' => {}
                other => {
                    return Err(bytes.syntax(format!(
                        "expected a member name, found `{}`",
                        char::from(other)
                    )))
                }
            }
            key.clear();
            key.push(b'"');
            bytes.copy_string_rest(&mut key)?;
            if bytes.next_significant()? != Some(b':') {
                return Err(bytes.syntax("expected `:` after a member name"));
            }
            let Some(value_start) = bytes.next_significant()? else {
                return Err(bytes.syntax("the document ends inside an object"));
            };
            let name = key
                .get(1..key.len().saturating_sub(1))
                .and_then(|k| std::str::from_utf8(k).ok())
                .unwrap_or("");
            if value_start == b'[' && RECORD_ARRAYS.contains(&name) {
                is_container = true;
                let name = name.to_string();
                self.array(&format!("/{name}"), bytes, on_record)?;
            } else if is_container {
                skipped.clear();
                bytes.copy_value(value_start, &mut skipped)?;
            } else {
                whole.extend_from_slice(&key);
                whole.push(b':');
                bytes.copy_value(value_start, &mut whole)?;
            }
        }
        if !is_container {
            whole.push(b'}');
            self.pointer.clear();
            self.pointer.push('/');
            push_number(&mut self.pointer, top_index);
            on_record(Record {
                pointer: &self.pointer,
                bytes: &whole,
            });
        }
        Ok(())
    }

    /// A line that does not start a JSON value: handed out as a record (its
    /// parse fails and names it) up to the end of the line.
    fn bad_line<R: Read>(
        &mut self,
        first: u8,
        bytes: &mut Bytes<R>,
        top_index: usize,
        on_record: &mut dyn FnMut(Record<'_>),
    ) -> Result<(), SplitError> {
        self.record.clear();
        self.record.push(first);
        while let Some(byte) = bytes.next()? {
            if byte == b'\n' {
                break;
            }
            if self.record.len() < 256 {
                self.record.push(byte);
            }
        }
        self.pointer.clear();
        self.pointer.push('/');
        push_number(&mut self.pointer, top_index);
        on_record(Record {
            pointer: &self.pointer,
            bytes: &self.record,
        });
        Ok(())
    }

    /// The elements of an array whose `[` was consumed, each one a record
    /// at `prefix/index`.
    fn array<R: Read>(
        &mut self,
        prefix: &str,
        bytes: &mut Bytes<R>,
        on_record: &mut dyn FnMut(Record<'_>),
    ) -> Result<(), SplitError> {
        let mut index = 0usize;
        loop {
            let Some(byte) = bytes.next_significant()? else {
                return Err(bytes.syntax("the document ends inside an array"));
            };
            match byte {
                b']' => return Ok(()),
                b',' => continue,
                first => {
                    self.record.clear();
                    bytes.copy_value(first, &mut self.record)?;
                    self.pointer.clear();
                    self.pointer.push_str(prefix);
                    self.pointer.push('/');
                    push_number(&mut self.pointer, index);
                    on_record(Record {
                        pointer: &self.pointer,
                        bytes: &self.record,
                    });
                    index += 1;
                }
            }
        }
    }
}

/// Appends a number without allocating.
fn push_number(out: &mut String, number: usize) {
    use std::fmt::Write as _;
    let _ = write!(out, "{number}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (Vec<(String, String)>, Option<String>) {
        let mut records = Vec::new();
        let result = split_records(text.as_bytes(), &mut |record| {
            records.push((
                record.pointer.to_string(),
                String::from_utf8(record.bytes.to_vec()).unwrap(),
            ));
        });
        (records, result.err().map(|e| e.to_string()))
    }

    #[test]
    fn records_array_is_streamed_and_other_members_are_skipped() {
        let (records, error) =
            split(r#"{"Records": [{"a": "x]}\"y"}, {"b": [1, {"c": null}]}], "Next": {"d": "}"}}"#);
        assert_eq!(error, None);
        assert_eq!(
            records,
            vec![
                ("/Records/0".into(), r#"{"a": "x]}\"y"}"#.into()),
                ("/Records/1".into(), r#"{"b": [1, {"c": null}]}"#.into()),
            ]
        );
    }

    #[test]
    fn lookup_events_and_query_results_use_their_member() {
        let (records, _) = split(r#"{"NextToken": "t", "Events": [{"EventId": "1"}]}"#);
        assert_eq!(records[0].0, "/Events/0");
        let (records, _) =
            split(r#"{"QueryStatus": "FINISHED", "QueryResultRows": [[{"eventName": "x"}]]}"#);
        assert_eq!(
            records,
            vec![(
                "/QueryResultRows/0".into(),
                r#"[{"eventName": "x"}]"#.into()
            )]
        );
    }

    #[test]
    fn json_lines_objects_are_records_with_their_line_index() {
        let (records, error) =
            split("{\"eventName\": \"A\", \"n\": 1}\n\n{\"eventName\": \"B\"}\n");
        assert_eq!(error, None);
        assert_eq!(
            records,
            vec![
                ("/0".into(), r#"{"eventName":"A","n":1}"#.into()),
                ("/1".into(), r#"{"eventName":"B"}"#.into()),
            ]
        );
    }

    #[test]
    fn a_top_level_array_is_a_list_of_records() {
        let (records, _) = split(r#"[{"a": 1}, {"b": 2}]"#);
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].0, "/1");
    }

    #[test]
    fn a_truncated_file_keeps_the_records_before_the_fault() {
        let (records, error) = split(r#"{"Records": [{"a": 1}, {"b": "unterminated"#);
        assert_eq!(records.len(), 1);
        assert!(error.unwrap().contains("unterminated string"));
        let (records, error) = split("garbage line\n{\"a\": 1}\n");
        assert_eq!(error, None);
        assert_eq!(
            records,
            vec![
                ("/0".into(), "garbage line".into()),
                ("/1".into(), r#"{"a":1}"#.into())
            ]
        );
    }

    #[test]
    fn long_strings_cross_buffer_boundaries() {
        let long = "x".repeat(600_000);
        let text = format!(r#"{{"Records": [{{"k": "{long}\\\\"}}, {{"k": 2}}]}}"#);
        let (records, error) = split(&text);
        assert_eq!(error, None);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].1.len(), long.len() + 13);
    }
}
