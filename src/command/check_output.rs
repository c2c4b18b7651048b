//! Output of the policy checks: text, JSON (Access Analyzer's `result`,
//! `message`, `reasons`, plus our classes with witnesses) and SARIF (one
//! result per responsible statement, at its line).

use std::io::Write;
use std::path::Path;

use serde_json::{json, Map, Value};
use zoneproof_analyzer::inputs::documents::FoundDocument;
use zoneproof_analyzer::inputs::InputError;
use zoneproof_analyzer::question::check::{CheckOutcome, CheckVerdict};
use zoneproof_analyzer::validate::{JsonPath, PathElement};

use super::check::CheckKind;
use zoneproof_analyzer::scan::sarif::{directory_uri, file_uri, relative_to, SCHEMA_URI};

/// One checked policy, or an input that could not be read.
#[derive(Debug)]
pub struct CheckRecord {
    /// The policy, or why it could not be read.
    pub document: Result<FoundDocument, InputError>,
    /// The check's outcome (none for unreadable input).
    pub outcome: Option<CheckOutcome>,
    /// Whether `--ignore-finding` covers it.
    pub ignored: bool,
}

/// How many actions of a class the text output lists before "and N more".
const SHOWN_ACTIONS: usize = 8;

/// The text report: one block per policy, then a summary line.
///
/// # Errors
/// When the output cannot be written.
pub fn write_text(
    out: &mut dyn Write,
    kind: CheckKind,
    records: &[CheckRecord],
) -> std::io::Result<()> {
    for record in records {
        let (found, outcome) = match (&record.document, &record.outcome) {
            (Ok(found), Some(outcome)) => (found, outcome),
            (Err(e), _) => {
                writeln!(out, "ERROR {} {e}", kind.code())?;
                continue;
            }
            _ => continue,
        };
        let ignored = if record.ignored { " (ignored)" } else { "" };
        writeln!(
            out,
            "{} {} {}{}",
            outcome.result.name(),
            kind.code(),
            place(found),
            ignored
        )?;
        writeln!(out, "  {}", outcome.message)?;
        for reason in &outcome.reasons {
            let sid = reason
                .statement_id
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            writeln!(
                out,
                "  statement {}{sid}: {}",
                reason.statement_index, reason.description
            )?;
        }
        for (i, class) in outcome.classes.iter().enumerate() {
            let mut actions: Vec<&str> = class
                .actions
                .iter()
                .take(SHOWN_ACTIONS)
                .map(String::as_str)
                .collect();
            let more = class.actions.len().saturating_sub(SHOWN_ACTIONS);
            let more_text = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            if actions.is_empty() {
                actions.push("-");
            }
            writeln!(
                out,
                "  class {}: principal {}, statements {:?}: {}{more_text}",
                i + 1,
                class.principal,
                class.statements,
                actions.join(", ")
            )?;
            if !class.resources.is_empty() {
                writeln!(out, "    on {}", class.resources.join(", "))?;
            }
            for c in &class.conditions {
                writeln!(
                    out,
                    "    when (statement {}) {} {} {}",
                    c.statement,
                    c.operator,
                    c.key,
                    Value::from(c.values.clone())
                )?;
            }
            if let Some(w) = class.witnesses.first() {
                let context = if w.context.is_empty() {
                    String::new()
                } else {
                    format!(
                        " context {}",
                        Value::from(w.context.clone().into_iter().collect::<Map<_, _>>())
                    )
                };
                writeln!(
                    out,
                    "    e.g. {} {} {}{context}",
                    w.principal, w.action, w.resource
                )?;
            }
        }
    }
    writeln!(out, "{}", summary_line(records))
}

fn place(found: &FoundDocument) -> String {
    if found.is_whole_file() {
        found.file.display().to_string()
    } else {
        format!("{} ({})", found.file.display(), found.name)
    }
}

/// `N policies checked: a PASS, b FAIL (c ignored), d UNKNOWN, e unreadable`.
pub fn summary_line(records: &[CheckRecord]) -> String {
    let count = |v: CheckVerdict| {
        records
            .iter()
            .filter(|r| r.outcome.as_ref().is_some_and(|o| o.result == v))
            .count()
    };
    let ignored = records
        .iter()
        .filter(|r| {
            r.ignored
                && r.outcome
                    .as_ref()
                    .is_some_and(|o| o.result == CheckVerdict::Fail)
        })
        .count();
    let unreadable = records.iter().filter(|r| r.document.is_err()).count();
    format!(
        "{} polic{} checked: {} PASS, {} FAIL ({ignored} ignored), {} UNKNOWN, {unreadable} unreadable",
        records.len() - unreadable,
        if records.len() - unreadable == 1 { "y" } else { "ies" },
        count(CheckVerdict::Pass),
        count(CheckVerdict::Fail),
        count(CheckVerdict::Unknown),
    )
}

/// The overall verdict: `UNKNOWN` if an input is unreadable or a check
/// undecided, else `FAIL` if a check not ignored fails, else `PASS`.
pub fn overall(records: &[CheckRecord]) -> CheckVerdict {
    if records.iter().any(|r| {
        r.document.is_err()
            || r.outcome
                .as_ref()
                .is_some_and(|o| o.result == CheckVerdict::Unknown)
    }) {
        CheckVerdict::Unknown
    } else if records.iter().any(|r| {
        !r.ignored
            && r.outcome
                .as_ref()
                .is_some_and(|o| o.result == CheckVerdict::Fail)
    }) {
        CheckVerdict::Fail
    } else {
        CheckVerdict::Pass
    }
}

/// The JSON report: the overall `result`, a `message`, the `reasons` of
/// every failing check (each with its policy), and every check in full.
pub fn to_json(kind: CheckKind, records: &[CheckRecord]) -> Value {
    let mut reasons = Vec::new();
    let mut checks = Vec::new();
    for record in records {
        match (&record.document, &record.outcome) {
            (Err(e), _) => checks.push(json!({
                "check": kind.code(),
                "file": e.file.display().to_string(),
                "result": "UNKNOWN",
                "error": e.to_string(),
            })),
            (Ok(found), Some(outcome)) => {
                let mut value = serde_json::to_value(outcome).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut value {
                    map.insert("check".into(), json!(kind.code()));
                    map.insert("policy".into(), json!(found.name));
                    map.insert("file".into(), json!(found.file.display().to_string()));
                    if !found.pointer.is_empty() {
                        map.insert("pointer".into(), json!(found.pointer));
                    }
                    map.insert("ignored".into(), json!(record.ignored));
                }
                if outcome.result == CheckVerdict::Fail && !record.ignored {
                    for reason in &outcome.reasons {
                        let mut r = serde_json::to_value(reason).unwrap_or(Value::Null);
                        if let Value::Object(map) = &mut r {
                            map.insert("policy".into(), json!(found.name));
                        }
                        reasons.push(r);
                    }
                }
                checks.push(value);
            }
            _ => {}
        }
    }
    let result = overall(records);
    let message = match (
        records.len(),
        records.first().and_then(|r| r.outcome.as_ref()),
    ) {
        (1, Some(outcome)) => outcome.message.clone(),
        _ => summary_line(records),
    };
    json!({
        "result": result.name(),
        "message": message,
        "reasons": reasons,
        "checks": checks,
    })
}

/// The SARIF log: one result per responsible statement of each failing
/// check (ignored ones as `note`), and one per undecided check.
pub fn sarif_log(kind: CheckKind, records: &[CheckRecord], cwd: Option<&Path>) -> Value {
    let mut results = Vec::new();
    for record in records {
        let (found, outcome) = match (&record.document, &record.outcome) {
            (Ok(found), Some(outcome)) => (found, outcome),
            (Err(e), _) => {
                results.push(json!({
                    "ruleId": kind.code(),
                    "level": "error",
                    "message": {"text": e.to_string()},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact(&e.file, cwd)}}],
                }));
                continue;
            }
            _ => continue,
        };
        match outcome.result {
            CheckVerdict::Pass => {}
            CheckVerdict::Unknown => results.push(json!({
                "ruleId": kind.code(),
                "level": "error",
                "message": {"text": outcome.message},
                "locations": [location(found, None, cwd)],
            })),
            CheckVerdict::Fail => {
                for reason in &outcome.reasons {
                    results.push(json!({
                        "ruleId": kind.code(),
                        "level": if record.ignored { "note" } else { "error" },
                        "message": {"text": format!("{} {}", outcome.message, reason.description)},
                        "locations": [location(found, Some(reason.statement_index), cwd)],
                    }));
                }
            }
        }
    }
    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({"driver": {
            "name": "zoneproof-check",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": [{
                "id": kind.code(),
                "name": kind.code(),
                "shortDescription": {"text": rule_text(kind)},
                "defaultConfiguration": {"level": "error"},
            }],
        }}),
    );
    if let Some(uri) = cwd.and_then(directory_uri) {
        run.insert(
            "originalUriBaseIds".into(),
            json!({"%SRCROOT%": {"uri": uri}}),
        );
    }
    run.insert("results".into(), Value::Array(results));
    json!({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [Value::Object(run)]})
}

fn rule_text(kind: CheckKind) -> &'static str {
    match kind {
        CheckKind::NoNewAccess => "The policy grants access that the reference policy does not",
        CheckKind::AccessNotGranted => {
            "The policy grants a listed action or access to a listed resource"
        }
        CheckKind::NoPublicAccess => "The resource policy grants public access",
    }
}

fn artifact(file: &Path, cwd: Option<&Path>) -> Value {
    match cwd.and_then(|cwd| relative_to(file, cwd)) {
        Some(relative) => json!({"uri": relative, "uriBaseId": "%SRCROOT%"}),
        None => json!({"uri": file_uri(file, cwd)}),
    }
}

/// The location of a statement (or of the policy).
fn location(found: &FoundDocument, statement: Option<usize>, cwd: Option<&Path>) -> Value {
    let mut physical = Map::new();
    physical.insert("artifactLocation".into(), artifact(&found.file, cwd));
    if let Some(line) = statement_line(found, statement) {
        physical.insert("region".into(), json!({"startLine": line}));
    }
    let logical = match statement {
        Some(i) => format!("{} Statement[{i}]", found.name),
        None => found.name.clone(),
    };
    json!({
        "physicalLocation": physical,
        "logicalLocations": [{"fullyQualifiedName": logical, "kind": "member"}],
    })
}

/// The 1-based line of a statement in its file.
pub fn statement_line(found: &FoundDocument, statement: Option<usize>) -> Option<u32> {
    let mut path = Vec::new();
    if let Some(i) = statement {
        path.push(PathElement::Value("Statement".into()));
        path.push(PathElement::Index(i));
    }
    if !found.is_whole_file() {
        return found.file_line(&JsonPath(path));
    }
    let root = zoneproof_analyzer::validate::json::parse(&found.text).ok()?;
    let Some(i) = statement else {
        return Some(root.span.start.line);
    };
    let statements = &root.member("Statement")?.value;
    match statements.as_array() {
        Some(items) => items.get(i).map(|n| n.span.start.line),
        None => Some(statements.span.start.line),
    }
}
