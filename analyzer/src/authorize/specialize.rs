//! Policies specialised to one principal: the policy variables whose value
//! the inputs derive for the principal (`${aws:username}`,
//! `${aws:PrincipalTag/team}`, `${aws:PrincipalAccount}`, ...) replaced by
//! that value, as the concrete decision substitutes them. A question that
//! fixes the principal (who can, what can) encodes the specialised policy,
//! so a variable that the symbolic engine could not represent for every
//! principal at once becomes plain text.

use std::collections::HashMap;

use serde_json::Value;

use crate::eval::variables::{pieces, Piece};
use crate::eval::Context;
use crate::policy::{parse_policy, Policy};
use crate::semantics::principal_keys::PrincipalKey;

/// The specialised copies of the policies of several principals.
#[derive(Debug, Default)]
pub(crate) struct Specializer {
    arena: Vec<Policy>,
    by_key: HashMap<(usize, String), usize>,
    keys: HashMap<usize, Vec<String>>,
}

fn address(policy: &Policy) -> usize {
    policy as *const Policy as usize
}

/// Whether a variable's key is one the inputs derive for a principal.
fn derivable(key: &str) -> bool {
    !matches!(
        PrincipalKey::of(&key.to_ascii_lowercase()),
        None | Some(PrincipalKey::Session)
    )
}

impl Specializer {
    /// The derivable variable keys a policy uses (lowercase, sorted).
    fn keys_of(&mut self, policy: &Policy) -> &[String] {
        self.keys.entry(address(policy)).or_insert_with(|| {
            let mut keys = Vec::new();
            if policy.variables_enabled() {
                walk_strings(&policy.to_iam_json(), &mut |text| {
                    for piece in pieces(text, true) {
                        if let Piece::Variable { key, .. } = piece {
                            if derivable(&key) {
                                keys.push(key.to_ascii_lowercase());
                            }
                        }
                    }
                });
            }
            keys.sort();
            keys.dedup();
            keys
        })
    }

    /// The values of a policy's derivable variables in `context` (empty
    /// when it has none, or when the policy was never [added](Self::add)).
    pub(crate) fn key(&self, policy: &Policy, context: &Context) -> String {
        let Some(keys) = self.keys.get(&address(policy)) else {
            return String::new();
        };
        keys.iter()
            .map(|k| match context.get(k) {
                Some([single]) => format!("{k}={single}\u{1}"),
                _ => format!("{k}\u{2}"),
            })
            .collect()
    }

    /// Specialises `policy` for `context` (a principal's derived keys),
    /// once per distinct value; returns the key of the copy.
    pub(crate) fn add(&mut self, policy: &Policy, context: &Context) -> String {
        self.keys_of(policy);
        let key = self.key(policy, context);
        if key.is_empty() || self.by_key.contains_key(&(address(policy), key.clone())) {
            return key;
        }
        let mut json = policy.to_iam_json();
        substitute(&mut json, context);
        // A substituted policy parses like its original: only strings
        // changed, into escaped literal text.
        if let Ok(specialised) = parse_policy(&json.to_string()) {
            self.by_key
                .insert((address(policy), key.clone()), self.arena.len());
            self.arena.push(specialised);
        }
        key
    }

    /// The policy to encode for `policy` under `key` (from [`Self::add`]).
    pub(crate) fn get<'a>(&'a self, policy: &'a Policy, key: &str) -> &'a Policy {
        if key.is_empty() {
            return policy;
        }
        self.by_key
            .get(&(address(policy), key.to_string()))
            .map_or(policy, |i| &self.arena[*i])
    }
}

fn walk_strings(value: &Value, f: &mut dyn FnMut(&str)) {
    match value {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter().for_each(|v| walk_strings(v, f)),
        Value::Object(map) => map.values().for_each(|v| walk_strings(v, f)),
        _ => {}
    }
}

fn substitute(value: &mut Value, context: &Context) {
    match value {
        Value::String(s) if s.contains("${") => *s = substituted(s, context),
        Value::Array(items) => items.iter_mut().for_each(|v| substitute(v, context)),
        Value::Object(map) => map.values_mut().for_each(|v| substitute(v, context)),
        _ => {}
    }
}

/// `text` with each derivable variable that has a value (its single value
/// in `context`, else its default) replaced by that value, escaped so that
/// it stays literal; other variables stay as written.
fn substituted(text: &str, context: &Context) -> String {
    let mut out = String::new();
    for piece in pieces(text, true) {
        match piece {
            Piece::Text(t) => out.push_str(&t),
            Piece::Char(c) => out.push_str(&format!("${{{c}}}")),
            Piece::Variable { key, default } => {
                let value = match context.get(&key) {
                    Some([single]) => Some(single.clone()),
                    _ => default.clone(),
                };
                match value.filter(|_| derivable(&key)) {
                    Some(value) => out.push_str(&escape(&value)),
                    None => match default {
                        Some(d) => out.push_str(&format!("${{{key}, '{d}'}}")),
                        None => out.push_str(&format!("${{{key}}}")),
                    },
                }
            }
        }
    }
    out
}

fn escape(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        match c {
            '*' | '?' | '$' => out.push_str(&format!("${{{c}}}")),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_principal_tag_becomes_literal_text_and_other_variables_stay() {
        let policy = parse_policy(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
            "Resource": "arn:aws:s3:::${aws:PrincipalTag/team}-*/${aws:SourceIp}",
            "Condition": {"StringEquals": {"s3:prefix": "${aws:username}"}}}]}"#,
        )
        .unwrap();
        let context = Context::new()
            .with("aws:PrincipalTag/team", "da*ta")
            .with("aws:username", "alice");
        let mut s = Specializer::default();
        let key = s.add(&policy, &context);
        let json = s.get(&policy, &key).to_iam_json().to_string();
        assert!(
            json.contains("arn:aws:s3:::da${*}ta-*/${aws:SourceIp}"),
            "{json}"
        );
        assert!(json.contains("\"alice\""), "{json}");
        let other = s.add(&policy, &Context::new().with("aws:username", "bob"));
        assert_ne!(key, other);
    }
}
