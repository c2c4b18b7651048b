//! Text from the input (a policy, an ARN, a file name) shown on a terminal
//! or in a log: control characters escaped so that input cannot forge
//! lines or drive the terminal, and very long values cut (#15).

use std::fmt::Write as _;

/// The longest line, in characters, that [`line`] keeps.
pub const MAX_LINE_CHARS: usize = 2_000;

/// `text` as one printable line: every control character (C0, DEL, C1),
/// line or paragraph separator and bidirectional override is written as
/// `\u{XX}`, and a
/// text longer than [`MAX_LINE_CHARS`] is cut, saying how much was left
/// out.
pub fn line(text: &str) -> String {
    cut(text, MAX_LINE_CHARS)
}

/// [`line`] with a chosen length.
pub fn cut(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 2));
    let mut chars = text.chars();
    for (kept, c) in chars.by_ref().enumerate() {
        if kept >= max_chars {
            let left = 1 + chars.count();
            let _ = write!(out, "... ({left} more characters)");
            return out;
        }
        if needs_escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_and_escape_sequences_cannot_forge_lines_or_drive_the_terminal() {
        let forged = "bad\nzoneproof: all clear\r\x1b[2J\u{202e}";
        let shown = line(forged);
        assert!(!shown.contains(['\n', '\r', '\x1b', '\u{202e}']));
        assert_eq!(
            shown,
            "bad\\u{a}zoneproof: all clear\\u{d}\\u{1b}[2J\\u{202e}"
        );
    }

    #[test]
    fn a_megabyte_value_is_cut_to_a_readable_length() {
        let arn = format!("arn:aws:s3:::{}", "a".repeat(1 << 20));
        let shown = line(&arn);
        assert!(shown.chars().count() < MAX_LINE_CHARS + 40);
        assert!(shown.ends_with(&format!(
            "... ({} more characters)",
            arn.len() - MAX_LINE_CHARS
        )));
        assert_eq!(line("plain"), "plain");
    }
}
