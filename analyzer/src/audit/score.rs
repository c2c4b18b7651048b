//! One score per account: 100 minus 25 per CRITICAL, 10 per HIGH, 4 per
//! MEDIUM and 1 per LOW finding (at least 0), with a letter grade.

use serde::Serialize;

use super::{AuditFinding, Severity};

/// An account's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountScore {
    /// The account.
    pub account: String,
    /// 0 to 100.
    pub score: u32,
    /// A (90+), B (75+), C (50+), D (25+), F.
    pub grade: char,
    /// Findings per severity: CRITICAL, HIGH, MEDIUM, LOW.
    pub counts: [usize; 4],
    /// Findings per check, most frequent first.
    pub checks: Vec<(String, usize)>,
}

fn weight(severity: Severity) -> u32 {
    match severity {
        Severity::Critical => 25,
        Severity::High => 10,
        Severity::Medium => 4,
        Severity::Low => 1,
    }
}

/// The score of each account.
pub fn scores(accounts: &[String], findings: &[AuditFinding]) -> Vec<AccountScore> {
    accounts
        .iter()
        .map(|account| {
            let mine: Vec<&AuditFinding> =
                findings.iter().filter(|f| &f.account == account).collect();
            let penalty: u32 = mine.iter().map(|f| weight(f.severity)).sum();
            let score = 100u32.saturating_sub(penalty);
            let grade = match score {
                90.. => 'A',
                75.. => 'B',
                50.. => 'C',
                25.. => 'D',
                _ => 'F',
            };
            let counts = Severity::ALL.map(|s| mine.iter().filter(|f| f.severity == s).count());
            let mut checks: Vec<(String, usize)> = Vec::new();
            for finding in &mine {
                match checks.iter_mut().find(|(c, _)| c == finding.check) {
                    Some(entry) => entry.1 += 1,
                    None => checks.push((finding.check.to_string(), 1)),
                }
            }
            checks.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            AccountScore {
                account: account.clone(),
                score,
                grade,
                counts,
                checks,
            }
        })
        .collect()
}
