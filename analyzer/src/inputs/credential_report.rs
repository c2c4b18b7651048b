//! The IAM credential report (`aws iam get-credential-report`, its
//! `Content` base64-decoded): one CSV row per user with password and
//! access-key state and last use
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html).
//!
//! Columns are found by their header names, so reports with more or fewer
//! columns read the same. Dates are ISO 8601; `N/A`, `no_information`,
//! `not_supported` and empty cells are "no date".

use std::path::Path;

use crate::timestamp::Timestamp;

/// One user's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialRow {
    /// `user` (`<root_account>` for the root user).
    pub user: String,
    /// `arn`.
    pub arn: String,
    /// `user_creation_time`.
    pub created: Option<Timestamp>,
    /// `password_enabled` is `TRUE`.
    pub password_enabled: bool,
    /// `password_last_used`.
    pub password_last_used: Option<Timestamp>,
    /// `password_last_changed`.
    pub password_last_changed: Option<Timestamp>,
    /// `mfa_active` is `TRUE`: an MFA device is enabled for the user.
    pub mfa_active: bool,
    /// Access keys 1 and 2.
    pub access_keys: [AccessKey; 2],
}

/// One access key's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessKey {
    /// `access_key_N_active` is `TRUE`.
    pub active: bool,
    /// `access_key_N_last_rotated`: when the key was created or last changed.
    pub last_rotated: Option<Timestamp>,
    /// `access_key_N_last_used_date`.
    pub last_used: Option<Timestamp>,
}

/// A report that cannot be read, in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {location}: {message}")]
pub struct CredentialReportError {
    /// The file.
    pub file: String,
    /// `line N` or `header`.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

/// Reads a credential report file. Rows that are malformed are errors of
/// their own line; the other rows are returned.
pub fn read_credential_report(path: &Path) -> (Vec<CredentialRow>, Vec<CredentialReportError>) {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => parse_credential_report(&file, &text),
        Err(error) => (
            Vec::new(),
            vec![CredentialReportError {
                file,
                location: "(file)".into(),
                message: format!("cannot read: {error}"),
            }],
        ),
    }
}

/// Parses credential report text; `file` names it in errors.
pub fn parse_credential_report(
    file: &str,
    text: &str,
) -> (Vec<CredentialRow>, Vec<CredentialReportError>) {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let error = |location: String, message: String| CredentialReportError {
        file: file.to_string(),
        location,
        message,
    };
    let Some((_, header)) = lines.next() else {
        return (
            Vec::new(),
            vec![error("header".into(), "empty report".into())],
        );
    };
    let header = split_csv(header);
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(user_col), Some(arn_col)) = (column("user"), column("arn")) else {
        return (
            Vec::new(),
            vec![error(
                "header".into(),
                "not an IAM credential report: no `user` and `arn` columns".into(),
            )],
        );
    };
    let columns = Columns {
        created: column("user_creation_time"),
        password_enabled: column("password_enabled"),
        password_last_used: column("password_last_used"),
        password_last_changed: column("password_last_changed"),
        mfa_active: column("mfa_active"),
        keys: [1, 2].map(|n| {
            (
                column(&format!("access_key_{n}_active")),
                column(&format!("access_key_{n}_last_rotated")),
                column(&format!("access_key_{n}_last_used_date")),
            )
        }),
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in lines {
        let cells = split_csv(line);
        if cells.len() != header.len() {
            errors.push(error(
                format!("line {}", index + 1),
                format!(
                    "{} cells where the header has {}",
                    cells.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let cell = |col: Option<usize>| col.and_then(|c| cells.get(c)).map_or("", |s| s.trim());
        let date = |col: Option<usize>| cell(col).parse::<Timestamp>().ok();
        let flag = |col: Option<usize>| cell(col).eq_ignore_ascii_case("true");
        rows.push(CredentialRow {
            user: cell(Some(user_col)).to_string(),
            arn: cell(Some(arn_col)).to_string(),
            created: date(columns.created),
            password_enabled: flag(columns.password_enabled),
            password_last_used: date(columns.password_last_used),
            password_last_changed: date(columns.password_last_changed),
            mfa_active: flag(columns.mfa_active),
            access_keys: columns.keys.map(|(active, rotated, used)| AccessKey {
                active: flag(active),
                last_rotated: date(rotated),
                last_used: date(used),
            }),
        });
    }
    (rows, errors)
}

struct Columns {
    created: Option<usize>,
    password_enabled: Option<usize>,
    password_last_used: Option<usize>,
    password_last_changed: Option<usize>,
    mfa_active: Option<usize>,
    keys: [(Option<usize>, Option<usize>, Option<usize>); 2],
}

/// Splits one CSV line (RFC 4180 quoting, `""` for a quote).
fn split_csv(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            (other, _) => cell.push(other),
        }
    }
    cells.push(cell);
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2026-01-10T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::111122223333:user/alice,2024-01-01T00:00:00+00:00,true,no_information,2024-01-01T00:00:00+00:00,N/A,false,true,2024-01-02T00:00:00+00:00,2026-02-27T10:00:00+00:00,us-east-1,s3,true,2025-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A
broken,row
";

    #[test]
    fn rows_are_read_by_column_name_and_bad_rows_named() {
        let (rows, errors) = parse_credential_report("report.csv", REPORT);
        assert_eq!(rows.len(), 2);
        let alice = &rows[1];
        assert!(alice.password_enabled);
        assert_eq!(alice.password_last_used, None);
        assert!(alice.access_keys[0].active && alice.access_keys[1].active);
        assert_eq!(
            alice.access_keys[0].last_used.unwrap().to_string(),
            "2026-02-27T10:00:00Z"
        );
        assert_eq!(alice.access_keys[1].last_used, None);
        assert!(!rows[0].password_enabled);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            "report.csv: line 4: 2 cells where the header has 22"
        );
    }

    #[test]
    fn quoted_cells_and_other_files() {
        assert_eq!(split_csv(r#"a,"b,c","d""e""#), ["a", "b,c", "d\"e"]);
        let (_, errors) = parse_credential_report("x.csv", "name,value\n");
        assert!(errors[0].message.contains("not an IAM credential report"));
    }
}
