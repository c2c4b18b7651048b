//! Policy documents as inputs hold them: a JSON object, a JSON string, or a
//! URL-encoded JSON string (IAM's `AssumeRolePolicyDocument`, AWS Config's
//! `assumeRolePolicyDocument`).

use serde_json::Value;

/// Decodes a policy value. `Ok(None)`: there is no policy (`null` or an
/// empty string). An error is the one-line reason the policy is unusable.
pub(crate) fn decode(value: &Value) -> Result<Option<Value>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Object(_) => Ok(Some(value.clone())),
        Value::String(text) => decode_text(text),
        other => Err(format!(
            "a policy must be a JSON object or a JSON string, found {}",
            type_name(other)
        )),
    }
}

/// Decodes policy text: JSON, or URL-encoded JSON.
pub(crate) fn decode_text(text: &str) -> Result<Option<Value>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let json = if trimmed.starts_with('%') {
        percent_decode(trimmed)?
    } else {
        trimmed.to_string()
    };
    match serde_json::from_str::<Value>(&json) {
        Ok(value @ Value::Object(_)) => Ok(Some(value)),
        Ok(other) => Err(format!(
            "policy text must hold a JSON object, found {}",
            type_name(&other)
        )),
        Err(error) => Err(format!("policy text is not valid JSON: {error}")),
    }
}

/// Decodes `%XX` escapes (RFC 3986; `+` stays a plus sign).
fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = bytes
                .get(index + 1..index + 3)
                .and_then(|pair| std::str::from_utf8(pair).ok())
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| format!("bad URL escape at byte {index} of the policy text"))?;
            out.push(hex);
            index += 3;
        } else {
            out.push(byte);
            index += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "URL-decoded policy text is not UTF-8".to_string())
}

/// The number of statements of a decoded policy.
pub(crate) fn statement_count(policy: &Value) -> usize {
    match policy.get("Statement") {
        Some(Value::Array(statements)) => statements.len(),
        Some(Value::Object(_)) => 1,
        _ => 0,
    }
}

/// The pointers of the statements of a policy written as an object at
/// `pointer` (`decoded` tells how many there are).
pub(crate) fn statement_pointers(pointer: &str, decoded: Option<&Value>) -> Vec<String> {
    let statement = super::pointer_push(pointer, "Statement");
    match decoded.and_then(|policy| policy.get("Statement")) {
        Some(Value::Array(statements)) => (0..statements.len())
            .map(|index| super::pointer_index(&statement, index))
            .collect(),
        Some(Value::Object(_)) => vec![statement],
        _ => Vec::new(),
    }
}

/// A short name of a JSON value's type, for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn url_encoded_trust_policies_are_decoded() {
        // The IAM API returns AssumeRolePolicyDocument URL-encoded (RFC 3986).
        let text = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
        let policy = decode(&json!(text)).unwrap().unwrap();
        assert_eq!(
            policy["Statement"][0]["Principal"]["Service"],
            "ec2.amazonaws.com"
        );
    }

    #[test]
    fn json_strings_objects_and_empty_values() {
        assert_eq!(
            decode(&json!("{\"Statement\": []}")).unwrap(),
            Some(json!({"Statement": []}))
        );
        assert_eq!(
            decode(&json!({"Statement": []})).unwrap(),
            Some(json!({"Statement": []}))
        );
        assert_eq!(decode(&json!(null)).unwrap(), None);
        assert_eq!(decode(&json!("  ")).unwrap(), None);
    }

    #[test]
    fn malformed_policies_are_errors() {
        assert!(decode(&json!("{\"Statement\": ["))
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(decode(&json!("[1]")).unwrap_err().contains("JSON object"));
        assert!(decode(&json!(7)).unwrap_err().contains("a number"));
        assert!(decode(&json!("%7B%2")).unwrap_err().contains("URL escape"));
    }
}
