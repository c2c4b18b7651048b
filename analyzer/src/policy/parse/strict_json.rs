//! Decoding policy bytes into JSON: UTF-8 is checked first, and an object
//! that repeats a key is an error (the IAM grammar notes: "Individual
//! elements must not contain multiple instances of the same key"), where
//! plain serde_json would silently keep the last value.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::{path_segment, quote, PolicyError, ROOT};

/// The UTF-8 byte-order mark, skipped if the document starts with it.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a JSON document, rejecting invalid UTF-8 and duplicate keys.
pub(super) fn decode(bytes: &[u8]) -> Result<Value, PolicyError> {
    let bytes = bytes.strip_prefix(BYTE_ORDER_MARK).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| {
        PolicyError::new(
            ROOT,
            format!(
                "not valid UTF-8 (invalid byte at offset {})",
                error.valid_up_to()
            ),
        )
    })?;
    let duplicate = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let seed = StrictSeed {
        path: &JsonPath::Root,
        duplicate: &duplicate,
    };
    seed.deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|error| syntax_error(&error, duplicate.into_inner()))
}

/// The duplicate key found while decoding: its path and the key.
type Duplicate = Option<(String, String)>;

/// Turns a serde_json error into a [`PolicyError`].
fn syntax_error(error: &serde_json::Error, duplicate: Duplicate) -> PolicyError {
    let position = format!("line {} column {}", error.line(), error.column());
    if let Some((path, key)) = duplicate {
        return PolicyError::new(
            path,
            format!(
                "duplicate key {} ({position}); each key may appear only once in an object",
                quote(&key)
            ),
        );
    }
    let text = error.to_string();
    if text.starts_with("recursion limit exceeded") {
        return PolicyError::new(
            ROOT,
            format!("not valid JSON: nested deeper than 128 levels ({position})"),
        );
    }
    PolicyError::new(ROOT, format!("not valid JSON: {text}"))
}

/// Where a value sits in the document, as a linked list to its parent; only
/// rendered when a duplicate key is found.
enum JsonPath<'a> {
    Root,
    Key(&'a JsonPath<'a>, &'a str),
    Index(&'a JsonPath<'a>, usize),
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root => f.write_str(ROOT),
            JsonPath::Key(JsonPath::Root, key) => f.write_str(&path_segment(key)),
            JsonPath::Key(parent, key) => write!(f, "{parent}.{}", path_segment(key)),
            JsonPath::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// Deserializes a [`Value`] at `path`, recording the first duplicate key.
#[derive(Clone, Copy)]
struct StrictSeed<'a> {
    path: &'a JsonPath<'a>,
    duplicate: &'a RefCell<Duplicate>,
}

impl<'de> DeserializeSeed<'de> for StrictSeed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Value, E> {
        Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut array = Vec::new();
        loop {
            let path = JsonPath::Index(self.path, array.len());
            let seed = StrictSeed {
                path: &path,
                duplicate: self.duplicate,
            };
            match items.next_element_seed(seed)? {
                Some(value) => array.push(value),
                None => return Ok(Value::Array(array)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = entries.next_key::<String>()? {
            let path = JsonPath::Key(self.path, &key);
            if map.contains_key(&key) {
                *self.duplicate.borrow_mut() = Some((path.to_string(), key.clone()));
                return Err(A::Error::custom("duplicate key"));
            }
            let seed = StrictSeed {
                path: &path,
                duplicate: self.duplicate,
            };
            let value = entries.next_value_seed(seed)?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}
