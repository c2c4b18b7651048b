//! A small JSON parser that keeps where every value and every object key
//! sits in the text (line, column, offset of its first and last character),
//! and keeps repeated keys instead of silently dropping them.
//!
//! Validation needs both: each finding points at the element it is about,
//! and a document with a repeated key is still walked so that its other
//! problems are reported too. Positions follow IAM Access Analyzer's
//! `Position`: lines from 1, columns and offsets from 0, counted in
//! characters.

/// A position in the policy text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Position {
    /// Line, starting from 1.
    pub line: u32,
    /// Column in characters, starting from 0.
    pub column: u32,
    /// Offset in characters from the start of the text, starting from 0.
    pub offset: u32,
}

/// The text a value or key covers: from its first character to just after
/// its last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Span {
    /// Where it starts.
    pub start: Position,
    /// Just after where it ends.
    pub end: Position,
}

/// A JSON value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it is written.
    pub span: Span,
}

/// A JSON value whose children carry their spans.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object: its members in document order, repeated keys included.
    Object(Vec<Member>),
}

/// One `"key": value` member of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Where the key (with its quotes) is written.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

/// Text that is not JSON: where the parser stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError {
    /// The position of the first character that does not fit.
    pub at: Position,
}

impl Node {
    /// The members when the node is an object.
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The items when the node is an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The text when the node is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The first member called exactly `key`, when the node is an object.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().find(|member| member.key == key)
    }

    /// The scalar's text (strings unescaped, numbers as written, booleans
    /// and null as in JSON); `None` for arrays and objects.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Null => Some("null".to_owned()),
            Value::Bool(flag) => Some(flag.to_string()),
            Value::Number(text) | Value::String(text) => Some(text.clone()),
            Value::Array(_) | Value::Object(_) => None,
        }
    }

    /// The JSON type, as AWS names data types in findings.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "Null",
            Value::Bool(_) => "Boolean",
            Value::Number(_) => "Number",
            Value::String(_) => "String",
            Value::Array(_) => "Array",
            Value::Object(_) => "Object",
        }
    }

    /// The value converted to a `serde_json::Value` (repeated keys: the
    /// last one wins, as in serde_json).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(flag) => serde_json::Value::Bool(*flag),
            Value::Number(text) => serde_json::from_str(text)
                .unwrap_or_else(|_| serde_json::Value::String(text.clone())),
            Value::String(text) => serde_json::Value::String(text.clone()),
            Value::Array(items) => items.iter().map(Node::to_json).collect(),
            Value::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|member| (member.key.clone(), member.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The deepest nesting accepted; policies need six levels.
const MAX_DEPTH: usize = 128;

/// Parses JSON text (a leading byte-order mark is skipped).
///
/// # Errors
/// [`SyntaxError`] at the first character that does not fit the JSON
/// grammar, or where nesting exceeds 128 levels.
///
/// # Example
/// ```
/// use zoneproof_analyzer::validate::json::parse;
/// let node = parse("{\n  \"Version\": \"2012-10-17\"\n}").unwrap();
/// let version = node.member("Version").unwrap();
/// assert_eq!(version.key_span.start.line, 2);
/// assert_eq!(version.key_span.start.column, 2);
/// assert_eq!(version.value.span.start.offset, 15);
/// ```
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser {
        chars: text.chars().collect(),
        index: 0,
        line: 1,
        column: 0,
    };
    parser.skip_whitespace();
    let node = parser.value(0)?;
    parser.skip_whitespace();
    if parser.peek().is_some() {
        return Err(parser.error());
    }
    Ok(node)
}

struct Parser {
    chars: Vec<char>,
    index: usize,
    line: u32,
    column: u32,
}

impl Parser {
    fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
            offset: u32::try_from(self.index).unwrap_or(u32::MAX),
        }
    }

    fn error(&self) -> SyntaxError {
        SyntaxError {
            at: self.position(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.index).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.index += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 0;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn expect(&mut self, wanted: char) -> Result<(), SyntaxError> {
        if self.peek() == Some(wanted) {
            self.bump();
            Ok(())
        } else {
            Err(self.error())
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error());
        }
        let start = self.position();
        let value = match self.peek() {
            Some('{') => self.object(depth)?,
            Some('[') => self.array(depth)?,
            Some('"') => Value::String(self.string()?),
            Some('t') => self.word("true", Value::Bool(true))?,
            Some('f') => self.word("false", Value::Bool(false))?,
            Some('n') => self.word("null", Value::Null)?,
            Some('-' | '0'..='9') => Value::Number(self.number()?),
            _ => return Err(self.error()),
        };
        Ok(Node {
            value,
            span: Span {
                start,
                end: self.position(),
            },
        })
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        for wanted in word.chars() {
            self.expect(wanted)?;
        }
        Ok(value)
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.expect('{')?;
        self.skip_whitespace();
        let mut members = Vec::new();
        if self.peek() == Some('}') {
            self.bump();
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some('"') {
                return Err(self.error());
            }
            let key_start = self.position();
            let key = self.string()?;
            let key_span = Span {
                start: key_start,
                end: self.position(),
            };
            self.skip_whitespace();
            self.expect(':')?;
            self.skip_whitespace();
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_whitespace();
            match self.bump() {
                Some(',') => continue,
                Some('}') => return Ok(Value::Object(members)),
                _ => return Err(self.back_one()),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.expect('[')?;
        self.skip_whitespace();
        let mut items = Vec::new();
        if self.peek() == Some(']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.bump() {
                Some(',') => continue,
                Some(']') => return Ok(Value::Array(items)),
                _ => return Err(self.back_one()),
            }
        }
    }

    /// The error for the character just consumed.
    fn back_one(&self) -> SyntaxError {
        let mut at = self.position();
        at.offset = at.offset.saturating_sub(1);
        at.column = at.column.saturating_sub(1);
        SyntaxError { at }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.expect('"')?;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.error()),
                Some('"') => {
                    self.bump();
                    return Ok(out);
                }
                Some('\\') => {
                    self.bump();
                    out.push(self.escape()?);
                }
                Some(c) if u32::from(c) < 0x20 => return Err(self.error()),
                Some(c) => {
                    self.bump();
                    out.push(c);
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let c = match self.peek() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                self.bump();
                return self.unicode_escape();
            }
            _ => return Err(self.error()),
        };
        self.bump();
        Ok(c)
    }

    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            // A high surrogate must be followed by `\u` and a low surrogate.
            self.expect('\\')?;
            self.expect('u')?;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error());
            }
            let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            return char::from_u32(code).ok_or_else(|| self.error());
        }
        char::from_u32(first).ok_or_else(|| self.error())
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.error())?;
            self.bump();
            code = code * 16 + digit;
        }
        Ok(code)
    }

    fn number(&mut self) -> Result<String, SyntaxError> {
        let mut out = String::new();
        if self.peek() == Some('-') {
            out.extend(self.bump());
        }
        match self.peek() {
            Some('0') => out.extend(self.bump()),
            Some('1'..='9') => self.digits(&mut out),
            _ => return Err(self.error()),
        }
        if self.peek() == Some('.') {
            out.extend(self.bump());
            if !matches!(self.peek(), Some('0'..='9')) {
                return Err(self.error());
            }
            self.digits(&mut out);
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            out.extend(self.bump());
            if matches!(self.peek(), Some('+' | '-')) {
                out.extend(self.bump());
            }
            if !matches!(self.peek(), Some('0'..='9')) {
                return Err(self.error());
            }
            self.digits(&mut out);
        }
        Ok(out)
    }

    fn digits(&mut self, out: &mut String) {
        while matches!(self.peek(), Some('0'..='9')) {
            out.extend(self.bump());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_values_and_keys() {
        let text = "{\"a\": [1, \"x\\ny\"],\n \"b\": {}}";
        let node = parse(text).unwrap();
        let a = node.member("a").unwrap();
        assert_eq!(a.key_span.start.offset, 1);
        assert_eq!(a.key_span.end.offset, 4);
        let items = a.value.as_array().unwrap();
        assert_eq!(items[1].as_str(), Some("x\ny"));
        assert_eq!(items[1].span.start.column, 10);
        let b = node.member("b").unwrap();
        assert_eq!(b.key_span.start.line, 2);
        assert_eq!(b.key_span.start.column, 1);
        assert_eq!(
            node.span.end.offset,
            u32::try_from(text.chars().count()).unwrap()
        );
    }

    #[test]
    fn repeated_keys_are_kept() {
        let node = parse("{\"a\": 1, \"a\": 2}").unwrap();
        assert_eq!(node.as_object().unwrap().len(), 2);
    }

    #[test]
    fn errors_name_the_first_bad_character() {
        let error = parse("{\n  \"a\": [1,]\n}").unwrap_err();
        assert_eq!((error.at.line, error.at.column), (2, 10));
        assert!(parse("{\"a\": 1} x").is_err());
        assert!(parse("{\"a\" 1}").is_err());
        assert!(parse("[01]").is_err());
        assert!(parse("\"\\ud800\"").is_err());
        assert_eq!(parse("\"\\ud83d\\ude00\"").unwrap().as_str(), Some("😀"));
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let node = parse("{\"é\": \"ü\", \"k\": 1}").unwrap();
        let k = node.member("k").unwrap();
        assert_eq!(k.key_span.start.offset, 11);
    }

    #[test]
    fn nesting_is_limited() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(parse(&deep).is_err());
    }
}
