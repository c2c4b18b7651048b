//! A position-aware scan of JSON text: the 1-based line where each value
//! starts, keyed by its JSON pointer.
//!
//! The scan runs on text that `serde_json` has already accepted, so it only
//! has to follow the structure; on anything unexpected it stops and keeps
//! the positions found so far (a missing line number is harmless, a panic
//! is not).

use super::document::{LineMap, ValueKind};

/// Records the line of every value of the JSON text `text`, whose first
/// line is line `first_line` of its file, under pointers starting with
/// `prefix`.
pub(crate) fn scan(text: &str, first_line: u32, prefix: &str, map: &mut LineMap) {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        line: first_line,
    };
    // Failures only stop the scan; the positions recorded so far stay valid.
    let _ = scanner.document(prefix, map);
}

#[derive(Clone, Copy)]
enum Container {
    Object,
    Array(usize),
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u32,
}

/// The scan met text that is not JSON (it cannot happen on text that
/// `serde_json` accepted).
struct Malformed;

impl Scanner<'_> {
    fn document(&mut self, prefix: &str, map: &mut LineMap) -> Result<(), Malformed> {
        let mut pointer = prefix.to_string();
        // Each open container with the length of its own pointer.
        let mut stack: Vec<(Container, usize)> = Vec::new();
        loop {
            // A value starts here.
            self.skip_whitespace();
            let byte = self.peek().ok_or(Malformed)?;
            let kind = match byte {
                b'{' => ValueKind::Object,
                b'[' => ValueKind::Array,
                b'"' => ValueKind::String,
                _ => ValueKind::Other,
            };
            map.insert(pointer.clone(), self.line, kind);
            match byte {
                b'{' => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                    } else {
                        stack.push((Container::Object, pointer.len()));
                        self.member_key(&mut pointer)?;
                        continue;
                    }
                }
                b'[' => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                    } else {
                        stack.push((Container::Array(0), pointer.len()));
                        pointer.push_str("/0");
                        continue;
                    }
                }
                b'"' => {
                    self.string_end()?;
                }
                _ => self.scalar(),
            }
            // After a value: close containers or move to the next member.
            loop {
                let Some((container, len)) = stack.last_mut() else {
                    return Ok(());
                };
                pointer.truncate(*len);
                self.skip_whitespace();
                match (self.peek().ok_or(Malformed)?, container) {
                    (b',', Container::Object) => {
                        self.pos += 1;
                        self.member_key(&mut pointer)?;
                        break;
                    }
                    (b',', Container::Array(index)) => {
                        self.pos += 1;
                        *index += 1;
                        pointer.push('/');
                        pointer.push_str(&index.to_string());
                        break;
                    }
                    (b'}', Container::Object) | (b']', Container::Array(_)) => {
                        self.pos += 1;
                        stack.pop();
                    }
                    _ => return Err(Malformed),
                }
            }
        }
    }

    /// Reads `"key":` and appends the key to `pointer`.
    fn member_key(&mut self, pointer: &mut String) -> Result<(), Malformed> {
        self.skip_whitespace();
        let start = self.pos;
        self.string_end()?;
        let raw = self.bytes.get(start..self.pos).ok_or(Malformed)?;
        let raw = std::str::from_utf8(raw).map_err(|_| Malformed)?;
        let key: String = serde_json::from_str(raw).map_err(|_| Malformed)?;
        pointer.push('/');
        pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(Malformed);
        }
        self.pos += 1;
        Ok(())
    }

    /// Moves past a string that starts at the current position.
    fn string_end(&mut self) -> Result<(), Malformed> {
        if self.peek() != Some(b'"') {
            return Err(Malformed);
        }
        self.pos += 1;
        loop {
            match self.peek().ok_or(Malformed)? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Moves past a number, `true`, `false` or `null`.
    fn scalar(&mut self) {
        while let Some(byte) = self.peek() {
            if matches!(byte, b',' | b'}' | b']') || byte.is_ascii_whitespace() {
                break;
            }
            self.pos += 1;
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> LineMap {
        let mut map = LineMap::new(true);
        scan(text, 1, "", &mut map);
        map
    }

    #[test]
    fn records_the_line_of_every_value() {
        let text = "{\n  \"a\": [\n    1,\n    {\"b/c\": \"x\"}\n  ],\n  \"d\": {},\n  \"e\": [],\n  \"f\": 2\n}\n";
        let map = lines_of(text);
        assert_eq!(map.line(""), Some(1));
        assert_eq!(map.line("/a"), Some(2));
        assert_eq!(map.line("/a/0"), Some(3));
        assert_eq!(map.line("/a/1"), Some(4));
        assert_eq!(map.line("/a/1/b~1c"), Some(4));
        assert_eq!(map.line("/d"), Some(6));
        assert_eq!(map.line("/e"), Some(7));
        assert_eq!(map.line("/f"), Some(8));
        assert_eq!(map.get_value_kind("/a/1/b~1c"), Some(ValueKind::String));
    }

    #[test]
    fn escaped_keys_and_quotes_in_strings_do_not_confuse_the_scan() {
        let text = "[\"a\\\"]\", {\"k\\u0041\": [\n[]]}]";
        let map = lines_of(text);
        assert_eq!(map.line("/1/kA/0"), Some(2));
    }

    #[test]
    fn truncated_text_keeps_what_was_found() {
        let map = lines_of("{\"a\": 1, \"b\": [");
        assert_eq!(map.line("/a"), Some(1));
        assert_eq!(map.line("/b"), Some(1));
    }
}
