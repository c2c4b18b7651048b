//! The page itself: one HTML file with its style, its script and its data
//! inline, and nothing fetched when it is opened.
//!
//! Everything in the data comes from policies, which are hostile input: an
//! ARN, a Sid or a condition value may hold `</script>` or markup. The data
//! travels as JSON inside `<script type="application/json">` with `<`, `>`
//! and `&` written as `\u003c`, `\u003e`, `\u0026` (and U+2028, U+2029
//! escaped), so no input text can end the element; the script only ever
//! puts input text into the page as text (`textContent`, attribute values),
//! never as markup. A Content-Security-Policy allows exactly the page's own
//! script and style (by their SHA-256) and no network access at all, so
//! even a mistake in the above could not run injected code or leak data.

use sha2::{Digest, Sha256};

use super::page::Page;

const STYLESHEET: &str = include_str!("assets/report.css");
const SCRIPT: &str = include_str!("assets/report.js");

/// The report as one self-contained HTML document.
pub fn render_page(page: &Page<'_>) -> Result<String, serde_json::Error> {
    let data = script_safe_json(&serde_json::to_string(page)?);
    let mut html = String::with_capacity(data.len() + STYLESHEET.len() + SCRIPT.len() + 2048);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    html.push_str(&content_security_policy());
    html.push_str(
        "\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    );
    html.push_str("<meta name=\"generator\" content=\"");
    html.push_str(&escape_html(page.generator));
    html.push_str("\">\n<title>");
    html.push_str(&escape_html(page.title));
    html.push_str("</title>\n<style>");
    html.push_str(STYLESHEET);
    html.push_str(
        "</style>\n</head>\n<body>\n<noscript><p>This report draws its tables and graph \
                   with the JavaScript inside this file (nothing is fetched): allow scripts to \
                   see it.</p></noscript>\n<main id=\"app\"></main>\n",
    );
    html.push_str("<script type=\"application/json\" id=\"zoneproof-data\">");
    html.push_str(&data);
    html.push_str("</script>\n<script>");
    html.push_str(SCRIPT);
    html.push_str("</script>\n</body>\n</html>\n");
    Ok(html)
}

/// The policy: no network, no plugins, no base or form targets; only this
/// page's script and style run.
fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; \
         base-uri 'none'; form-action 'none'",
        sha256_source(SCRIPT),
        sha256_source(STYLESHEET)
    )
}

/// A CSP hash source: `sha256-` and the base64 of the SHA-256 of the text.
fn sha256_source(text: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(text.as_bytes())))
}

/// JSON text that can sit inside a `<script>` element: the characters that
/// HTML or JavaScript parsers treat specially are written as JSON escapes,
/// which only occur inside strings, so the JSON value is unchanged.
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text for an HTML text node or a quoted attribute value.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Standard base64 with padding (RFC 4648), as CSP hash sources use.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let symbol = |index: u32| char::from(ALPHABET[(index & 63) as usize]);
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let triple = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(symbol(triple >> 18));
        out.push(symbol(triple >> 12));
        out.push(if chunk.len() > 1 {
            symbol(triple >> 6)
        } else {
            '='
        });
        out.push(if chunk.len() > 2 { symbol(triple) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_follows_rfc_4648() {
        // RFC 4648 section 10 test vectors.
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected);
        }
        // SHA-256 of "abc" (FIPS 180-2), as CSP writes it.
        assert_eq!(
            sha256_source("abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }

    #[test]
    fn script_safe_json_cannot_close_the_element_and_decodes_the_same() {
        let hostile = serde_json::json!({"sid": "</script><script>alert(1)</script>",
                                         "arn": "a&b>c\u{2028}"});
        let text = script_safe_json(&hostile.to_string());
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, hostile);
    }

    #[test]
    fn the_script_has_no_markup_sink_for_input_text() {
        // The page's script builds every element with createElement and
        // sets text with textContent: it never parses strings as markup.
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!SCRIPT.contains(sink), "report.js uses `{sink}`");
        }
    }
}
