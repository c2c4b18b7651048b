//! CloudTrail logs as people have them, read in bounded memory.
//!
//! | source | shape |
//! | --- | --- |
//! | S3 delivery (`AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz`) | `{"Records": [event, ...]}`, gzip |
//! | `aws cloudtrail lookup-events` | `{"Events": [{"EventId", ..., "CloudTrailEvent": "<event JSON text>"}]}` |
//! | CloudTrail Lake and Athena query results | JSON Lines, one event per line (Athena's lowercase column names and JSON-text `requestparameters` accepted); `get-query-results` output (`QueryResultRows`, each row a list of one-member objects) |
//!
//! Any of them may be gzip-compressed (recognised by its magic bytes, not
//! its name). A file is split record by record ([`records`]), so memory
//! stays bounded by the largest record whatever the file's size; files are
//! independent, so callers read them in parallel.
//!
//! Errors belong to one record or one file: a record that is not a
//! CloudTrail event (not JSON, a field of the wrong type, no `eventName`)
//! is one [`TrailError`] naming the file and the record's JSON pointer
//! (`/Records/17`), and reading goes on with the next record.
//!
//! Which files are read: files named explicitly always; in directories
//! (walked recursively in sorted order, hidden entries skipped), files
//! ending in `.json`, `.json.gz`, `.jsonl`, `.jsonl.gz`, `.ndjson`,
//! `.ndjson.gz` or `.gz`, the names CloudTrail and the exports use.

pub mod event;
pub mod records;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

pub use event::{is_access_denied_code, EventResource, SessionIssuer, TrailEvent, UserIdentity};
use records::{split_records, Record};

/// A record or file that could not be read, in one line:
/// `FILE: POINTER: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}: {message}", file.display(), if pointer.is_empty() { "(file)" } else { pointer })]
pub struct TrailError {
    /// The file.
    pub file: PathBuf,
    /// JSON pointer of the record (`/Records/17`, `/3` for the fourth line
    /// of JSON Lines); empty for the file as a whole.
    pub pointer: String,
    /// What is wrong, lowercase.
    pub message: String,
}

/// What reading one file gave, besides the events handed out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSummary {
    /// Events handed to the caller.
    pub events: u64,
    /// Records that were not readable events (each also reported as an error).
    pub bad_records: u64,
    /// Whether the file was skipped as not a trail (see [`read_trail_file`]).
    pub skipped: bool,
}

/// Whether a record's text names any of the fields every event has (in
/// CloudTrail's or Athena's spelling), or is a `lookup-events` entry or a
/// query result row.
fn looks_like_event(bytes: &[u8]) -> bool {
    bytes.first() == Some(&b'[')
        || [
            &b"\"eventSource\""[..],
            b"\"eventsource\"",
            b"\"eventName\"",
            b"\"eventname\"",
            b"\"CloudTrailEvent\"",
            b"\"eventTime\"",
        ]
        .iter()
        .any(|needle| memchr::memmem::find(bytes, needle).is_some())
}

/// A file to read, and whether it was named (rather than found by walking
/// a directory).
pub type TrailFile = (PathBuf, bool);

/// The files to read for the given paths: files as named, directories
/// walked recursively in sorted order (hidden entries skipped) for the
/// file names CloudTrail logs and exports have. A path that does not exist
/// is an error.
pub fn trail_files(paths: &[PathBuf]) -> (Vec<TrailFile>, Vec<TrailError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut errors);
        } else if path.exists() {
            files.push((path.clone(), true));
        } else {
            errors.push(file_error(path, "no such file or directory"));
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<TrailFile>, errors: &mut Vec<TrailError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(file_error(dir, format!("cannot read directory: {error}")));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, files, errors);
        } else if is_trail_file_name(&path) {
            files.push((path, false));
        }
    }
}

fn is_trail_file_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".json") || name.ends_with(".jsonl") || name.ends_with(".ndjson") || {
        // CloudTrail digest-less names like `..._CloudTrail_us-east-1_....json.gz`
        // are covered above; a bare `.gz` export is read too.
        path.extension().is_some_and(|e| e == "gz")
    }
}

fn file_error(path: &Path, message: impl Into<String>) -> TrailError {
    TrailError {
        file: path.to_path_buf(),
        pointer: String::new(),
        message: message.into(),
    }
}

/// Reads one file and calls `on_event` for every event, in file order, and
/// `on_error` for every record or file fault (reading goes on after a bad
/// record; a broken file structure ends the file).
///
/// A file found by walking a directory (`named` false) whose first record
/// has none of `eventSource`, `eventName` and `eventTime` is not a trail
/// (an IAM export beside the logs, say): it is skipped without an error.
pub fn read_trail_file(
    path: &Path,
    named: bool,
    on_event: &mut dyn FnMut(&TrailEvent<'_>),
    on_error: &mut dyn FnMut(TrailError),
) -> FileSummary {
    let mut summary = FileSummary::default();
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => {
            on_error(file_error(path, format!("cannot read: {error}")));
            return summary;
        }
    };
    let mut reader = BufReader::with_capacity(128 * 1024, file);
    let gzip = match reader.fill_buf() {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(error) => {
            on_error(file_error(path, format!("cannot read: {error}")));
            return summary;
        }
    };
    let input: Box<dyn Read> = if gzip {
        Box::new(flate2::bufread::MultiGzDecoder::new(reader))
    } else {
        Box::new(reader)
    };
    let mut skip = false;
    let mut first = true;
    let outcome = split_records(input, &mut |record| {
        if skip {
            return;
        }
        if std::mem::take(&mut first) && !named && !looks_like_event(record.bytes) {
            skip = true;
            summary.skipped = true;
            return;
        }
        match parse_record(&record, on_event) {
            Ok(()) => summary.events += 1,
            Err(message) => {
                summary.bad_records += 1;
                on_error(TrailError {
                    file: path.to_path_buf(),
                    pointer: record.pointer.to_string(),
                    message,
                });
            }
        }
    });
    if let (Err(error), false) = (outcome, skip) {
        let what = if gzip { "gzip file" } else { "file" };
        on_error(file_error(
            path,
            format!("{what} stops being readable: {error}"),
        ));
    }
    summary
}

/// Parses one record and hands its event out; the error is the one-line
/// reason the record is not an event.
fn parse_record(
    record: &Record<'_>,
    on_event: &mut dyn FnMut(&TrailEvent<'_>),
) -> Result<(), String> {
    if record.bytes.first() == Some(&b'[') {
        return parse_query_row(record.bytes, on_event);
    }
    let event: TrailEvent<'_> =
        serde_json::from_slice(record.bytes).map_err(|e| format!("not a CloudTrail event: {e}"))?;
    if let Some(inner) = &event.cloudtrail_event {
        // lookup-events: the event is JSON text inside the entry.
        let inner: TrailEvent<'_> = serde_json::from_str(inner)
            .map_err(|e| format!("`CloudTrailEvent` is not a CloudTrail event: {e}"))?;
        return hand_out(&inner, on_event);
    }
    hand_out(&event, on_event)
}

fn hand_out(
    event: &TrailEvent<'_>,
    on_event: &mut dyn FnMut(&TrailEvent<'_>),
) -> Result<(), String> {
    check_required(event)?;
    on_event(event);
    Ok(())
}

/// The fields without which an event says nothing zoneproof can use.
fn check_required(event: &TrailEvent<'_>) -> Result<(), String> {
    let missing = [
        ("eventSource", event.event_source.is_none()),
        ("eventName", event.event_name.is_none()),
        ("eventTime", event.event_time.is_none()),
    ]
    .into_iter()
    .filter(|(_, missing)| *missing)
    .map(|(name, _)| format!("`{name}`"))
    .collect::<Vec<_>>();
    if !missing.is_empty() {
        return Err(format!("event has no {}", missing.join(", ")));
    }
    if event.time().is_none() {
        return Err(format!(
            "`eventTime` `{}` is not an ISO 8601 date-time",
            event.event_time.as_deref().unwrap_or_default()
        ));
    }
    Ok(())
}

/// A CloudTrail Lake `get-query-results` row: a list of one-member objects
/// (`[{"eventName": "..."}, {"eventSource": "..."}]`), merged into one
/// event. Values that hold JSON text (`userIdentity`, `requestParameters`,
/// ...) are decoded.
fn parse_query_row(bytes: &[u8], on_event: &mut dyn FnMut(&TrailEvent<'_>)) -> Result<(), String> {
    let cells: Vec<Map<String, Value>> = serde_json::from_slice(bytes)
        .map_err(|e| format!("not a query result row (a list of one-member objects): {e}"))?;
    let mut merged = Map::new();
    for (key, value) in cells.into_iter().flatten() {
        let value = match value {
            Value::String(text) if text.starts_with('{') || text.starts_with('[') => {
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            }
            other => other,
        };
        merged.insert(key, value);
    }
    let text = Value::Object(merged).to_string();
    let event: TrailEvent<'_> = serde_json::from_str(&text)
        .map_err(|e| format!("query result row is not a CloudTrail event: {e}"))?;
    hand_out(&event, on_event)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(name: &str, content: &[u8]) -> (Vec<String>, Vec<String>) {
        let dir = std::env::temp_dir().join(format!("zoneproof-trail-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        let mut names = Vec::new();
        let mut errors = Vec::new();
        read_trail_file(
            &path,
            true,
            &mut |event| names.push(event.event_name.as_deref().unwrap_or("").to_string()),
            &mut |error| errors.push(error.to_string()),
        );
        std::fs::remove_file(&path).unwrap();
        (names, errors)
    }

    const EVENT: &str = r#"{"eventTime": "2026-01-01T00:00:00Z", "eventSource": "s3.amazonaws.com", "eventName": "GetObject"}"#;

    #[test]
    fn walked_files_that_are_not_trails_are_skipped_and_named_ones_are_errors() {
        let dir = std::env::temp_dir().join(format!("zoneproof-trail-walk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("authz.json"), r#"{"RoleDetailList": []}"#).unwrap();
        std::fs::write(dir.join("events.jsonl"), format!("{EVENT}\n")).unwrap();
        let (files, errors) = trail_files(std::slice::from_ref(&dir));
        assert!(errors.is_empty());
        let mut events = 0;
        let mut problems = Vec::new();
        for (file, named) in &files {
            read_trail_file(file, *named, &mut |_| events += 1, &mut |e| {
                problems.push(e)
            });
        }
        assert_eq!((events, problems.len()), (1, 0));
        read_trail_file(
            &dir.join("authz.json"),
            true,
            &mut |_| events += 1,
            &mut |e| problems.push(e),
        );
        assert_eq!(problems.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn gzip_delivery_files_are_read_and_bad_records_named() {
        use std::io::Write as _;
        let text = format!(r#"{{"Records": [{EVENT}, {{"eventName": 7}}, {EVENT}]}}"#);
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(text.as_bytes()).unwrap();
        let (names, errors) = read_text("t.json.gz", &encoder.finish().unwrap());
        assert_eq!(names, ["GetObject", "GetObject"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].ends_with("t.json.gz: /Records/1: not a CloudTrail event: invalid type: integer `7`, expected a string at line 1 column 15"), "{}", errors[0]);
    }

    #[test]
    fn lookup_events_hold_the_event_as_text() {
        let inner = serde_json::to_string(EVENT).unwrap();
        let text = format!(
            r#"{{"Events": [{{"EventId": "x", "EventName": "GetObject", "CloudTrailEvent": {inner}}}]}}"#
        );
        let (names, errors) = read_text("lookup.json", text.as_bytes());
        assert_eq!((names.len(), errors.len()), (1, 0));
    }

    #[test]
    fn lake_rows_are_merged_and_missing_fields_reported() {
        let text = r#"{"QueryResultRows": [[{"eventTime": "2026-01-01 00:00:00.000"}, {"eventSource": "kms.amazonaws.com"}, {"eventName": "Decrypt"}], [{"eventName": "X"}]]}"#;
        let (names, errors) = read_text("lake.json", text.as_bytes());
        assert_eq!(names, ["Decrypt"]);
        assert!(
            errors[0].contains("/QueryResultRows/1: event has no `eventSource`, `eventTime`"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_truncated_gzip_file_is_one_error_after_its_readable_records() {
        use std::io::Write as _;
        let text = format!(r#"{{"Records": [{EVENT}, {EVENT}, {EVENT}]}}"#);
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(text.as_bytes()).unwrap();
        let bytes = encoder.finish().unwrap();
        let (names, errors) = read_text("cut.json.gz", &bytes[..bytes.len() - 30]);
        assert!(names.len() < 3);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("cut.json.gz: (file): gzip file stops being readable"),
            "{errors:?}"
        );
    }
}
