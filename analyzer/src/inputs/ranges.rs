//! A JSON Lines inventory read by ranges of records, so that one large file
//! can be split across machines (`zoneproof.dask`) and every resource comes
//! out exactly as a whole-file read gives it: the same record index in its
//! JSON pointer, the same line, the same errors.
//!
//! [`json_lines_ranges`] cuts a file's text at line ends into ranges of at
//! most N records; [`read_json_lines_range`] reads the text of one range.

use std::path::Path;

use super::{document, extension, inventory, InputResult, ReadOptions};

/// A range of a JSON Lines file: bytes `start..end` of the file, holding
/// the records `first_index..first_index + records` (non-blank lines), the
/// first of them on line `first_line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinesRange {
    /// First byte (the start of a line).
    pub start: usize,
    /// One past the last byte (the end of a line, or of the file).
    pub end: usize,
    /// The file's record index of the range's first record.
    pub first_index: usize,
    /// The 1-based line of the range's first line.
    pub first_line: usize,
    /// Records (non-blank lines) in the range.
    pub records: usize,
}

/// Whether a file is read as JSON Lines whatever its content (its name
/// ends in `.jsonl` or `.ndjson`), so that it can be read by ranges.
pub fn is_json_lines_file(path: &Path) -> bool {
    extension(path).is_some_and(|ext| matches!(ext.as_str(), "jsonl" | "ndjson"))
}

/// Cuts JSON Lines text into ranges of at most `records_per_range` records
/// (at least 1), each starting at the beginning of a line; blank lines stay
/// with the record before them. Text without records gives no range.
pub fn json_lines_ranges(text: &str, records_per_range: usize) -> Vec<LinesRange> {
    let limit = records_per_range.max(1);
    let mut ranges: Vec<LinesRange> = Vec::new();
    let mut offset = 0;
    let mut index = 0;
    for (number, piece) in text.split_inclusive('\n').enumerate() {
        let line = piece.strip_suffix('\n').unwrap_or(piece);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let blank = line.trim().is_empty();
        let full = ranges.last().is_none_or(|range| range.records >= limit);
        if !blank && full {
            ranges.push(LinesRange {
                start: offset,
                end: offset,
                first_index: index,
                first_line: number + 1,
                records: 0,
            });
        }
        offset += piece.len();
        if let Some(range) = ranges.last_mut() {
            range.end = offset;
            range.records += usize::from(!blank);
        }
        index += usize::from(!blank);
    }
    ranges
}

/// Reads the records of one range: `text` is the range's bytes of the file
/// `path`, whose first record is the file's record `first_index` on line
/// `first_line`. Records given by other means (a Dask bag) read the same
/// way as the lines of a file named `path`.
pub fn read_json_lines_range(
    path: &Path,
    text: &str,
    first_index: usize,
    first_line: usize,
    options: &ReadOptions,
) -> Vec<InputResult> {
    let text = if first_line <= 1 {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    };
    match document::load_json_lines_from(text, first_index, first_line.max(1)) {
        document::Loaded::Lines { records, lines } => {
            inventory::read_lines(path, &records, &lines, options)
        }
        document::Loaded::Single(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::read_text;

    fn record(i: usize) -> String {
        format!(
            r#"{{"arn": "arn:aws:sqs:us-east-1:111122223333:q{i}", "resourceType": "AWS::SQS::Queue", "policy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}}]}}}}"#
        )
    }

    /// A file with blank lines, a CRLF line, a broken line and a BOM.
    fn file_text() -> String {
        let mut text = String::from("\u{feff}");
        for i in 0..23 {
            text.push_str(&record(i));
            text.push_str(if i == 5 { "\r\n" } else { "\n" });
            if i % 7 == 3 {
                text.push_str("\n   \n");
            }
            if i == 11 {
                text.push_str("{\"arn\": \n");
            }
        }
        text.push_str(&record(99));
        text
    }

    #[test]
    fn ranges_read_exactly_what_the_whole_file_gives() {
        let text = file_text();
        let path = Path::new("estate.jsonl");
        let options = ReadOptions::default();
        let whole = read_text(path, &text, &options);
        assert_eq!(whole.len(), 25);
        for per_range in [1, 2, 3, 7, 25, 100] {
            let ranges = json_lines_ranges(&text, per_range);
            assert_eq!(ranges.first().map(|r| r.start), Some(0));
            assert_eq!(ranges.last().map(|r| r.end), Some(text.len()));
            let mut parts = Vec::new();
            for range in &ranges {
                assert!(range.records <= per_range && range.records > 0);
                let slice = &text[range.start..range.end];
                parts.extend(read_json_lines_range(
                    path,
                    slice,
                    range.first_index,
                    range.first_line,
                    &options,
                ));
            }
            assert_eq!(parts, whole, "{per_range} records per range");
        }
    }

    #[test]
    fn text_without_records_has_no_range() {
        assert!(json_lines_ranges("", 10).is_empty());
        assert!(json_lines_ranges("\n  \n", 10).is_empty());
        assert!(is_json_lines_file(Path::new("a/b.NDJSON")));
        assert!(!is_json_lines_file(Path::new("a/b.json")));
    }
}
