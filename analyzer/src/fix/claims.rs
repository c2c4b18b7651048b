//! The federation claims a restrict of a federated finding keeps
//! (`zoneproof fix --claim KEY=VALUE`).
//!
//! A federated finding (a web-identity or SAML provider trusted without
//! conditions that name your workload) is restricted by the provider's
//! claims — `token.actions.githubusercontent.com:sub`, `SAML:aud`,
//! `cognito-identity.amazonaws.com:aud`, ... — whose right values only the
//! user knows. Each claim key must be a condition key of the provider of a
//! selected finding: its host (an OIDC provider's URL, or a well-known
//! provider such as `accounts.google.com`) or `saml:` for a SAML provider,
//! followed by a claim AWS documents. Values with `*` or `?` are compared
//! with `StringLike`, the others with `StringEquals`; several values of one
//! key are one list (any of them); a multivalued key (`...:amr`) takes the
//! `ForAnyValue:` form. Keys are ANDed.
//!
//! The claims become, for the proof, a policy that allows exactly the
//! federated requests of those providers that satisfy them (the KEPT policy
//! of [`crate::question::fix_obligations`]).

use crate::catalog::Catalog;
use crate::policy::{parse_policy_value, Policy};
use crate::semantics::keys::KeyInfo;

/// Why a claim is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    /// Not `KEY=VALUE`.
    #[error("--claim `{0}`: expected KEY=VALUE, e.g. `token.actions.githubusercontent.com:sub=repo:my-org/my-repo:ref:refs/heads/main`")]
    Syntax(String),
    /// A key or value that cannot be used.
    #[error("claim `{key}`: {reason}")]
    Invalid {
        /// The key as given.
        key: String,
        /// What is wrong.
        reason: String,
    },
}

/// The claims given, by key (keys compared case-insensitively, in the
/// order first given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    entries: Vec<(String, Vec<String>)>,
}

/// One claim key with its values, as a condition to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimCondition {
    /// The key as given.
    pub key: String,
    /// Its values (any of them).
    pub values: Vec<String>,
    /// The operators that say it, preferred first (equivalent spellings:
    /// the next is used when a statement already reads the key under one).
    pub operators: Vec<&'static str>,
}

impl Claims {
    /// No claims.
    pub fn new() -> Claims {
        Claims::default()
    }

    /// Claims from `KEY=VALUE` arguments (split at the first `=`).
    ///
    /// # Errors
    /// [`ClaimError`] for an argument without `=`, an empty key or value,
    /// or a value with a policy variable.
    ///
    /// # Example
    /// ```
    /// use zoneproof_analyzer::fix::claims::Claims;
    /// let claims = Claims::from_args(&["SAML:aud=https://signin.aws.amazon.com/saml".into()]).unwrap();
    /// assert_eq!(claims.keys().collect::<Vec<_>>(), ["SAML:aud"]);
    /// assert!(Claims::from_args(&["SAML:aud".into()]).is_err());
    /// ```
    pub fn from_args(args: &[String]) -> Result<Claims, ClaimError> {
        let mut claims = Claims::new();
        for arg in args {
            let (key, value) = arg
                .split_once('=')
                .ok_or_else(|| ClaimError::Syntax(arg.clone()))?;
            claims.add(key.trim(), value)?;
        }
        Ok(claims)
    }

    /// Adds one value of a key.
    ///
    /// # Errors
    /// [`ClaimError`] for an empty key or value, or a value with a policy
    /// variable (`${...}`).
    pub fn add(&mut self, key: &str, value: &str) -> Result<(), ClaimError> {
        let invalid = |reason: &str| ClaimError::Invalid {
            key: key.to_string(),
            reason: reason.to_string(),
        };
        if key.is_empty() || !key.contains(':') {
            return Err(ClaimError::Syntax(format!("{key}={value}")));
        }
        if value.is_empty() {
            return Err(invalid("the value is empty"));
        }
        if value.contains("${") {
            return Err(invalid(
                "policy variables (`${...}`) are not supported in claim values",
            ));
        }
        match self
            .entries
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
        {
            Some((_, values)) if values.iter().any(|v| v == value) => {}
            Some((_, values)) => values.push(value.to_string()),
            None => self
                .entries
                .push((key.to_string(), vec![value.to_string()])),
        }
        Ok(())
    }

    /// Whether no claim is given.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The keys, in the order given.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// The claims that belong to `provider`, as conditions.
    pub fn of_provider(&self, provider: &str) -> Vec<ClaimCondition> {
        self.entries
            .iter()
            .filter(|(key, _)| belongs_to(key, provider).is_ok())
            .map(|(key, values)| ClaimCondition {
                key: key.clone(),
                values: values.clone(),
                operators: operators(key, values),
            })
            .collect()
    }

    /// Checks that every claim is a claim of one of `providers` (the
    /// providers of the selected federated findings).
    ///
    /// # Errors
    /// [`ClaimError::Invalid`] naming the first claim that is not.
    pub fn check(&self, providers: &[&str]) -> Result<(), ClaimError> {
        for (key, _) in &self.entries {
            let invalid = |reason: String| ClaimError::Invalid {
                key: key.clone(),
                reason,
            };
            if providers.is_empty() {
                return Err(invalid(
                    "no selected finding names an identity provider: claims restrict the findings of a named OIDC or SAML provider".into(),
                ));
            }
            let reasons: Vec<String> = providers
                .iter()
                .filter_map(|p| belongs_to(key, p).err())
                .collect();
            if reasons.len() == providers.len() {
                return Err(invalid(reasons.join("; ")));
            }
        }
        Ok(())
    }

    /// The KEPT policy of the proof: for each of `providers` with claims,
    /// an `Allow` of every action to its federated principals that satisfy
    /// them; `None` when no provider has claims.
    pub fn kept_policy(&self, providers: &[&str]) -> Option<Policy> {
        let mut statements = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for provider in providers {
            if seen.contains(provider) {
                continue;
            }
            seen.push(provider);
            let conditions = self.of_provider(provider);
            if conditions.is_empty() {
                continue;
            }
            let mut block = serde_json::Map::new();
            for c in &conditions {
                let operator = c.operators.first().copied().unwrap_or("StringEquals");
                let entry = block
                    .entry(operator.to_string())
                    .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
                if let Some(keys) = entry.as_object_mut() {
                    keys.insert(c.key.clone(), serde_json::json!(c.values));
                }
            }
            statements.push(serde_json::json!({
                "Effect": "Allow",
                "Principal": {"Federated": provider},
                "Action": "*",
                "Resource": "*",
                "Condition": block,
            }));
        }
        if statements.is_empty() {
            return None;
        }
        parse_policy_value(&serde_json::json!({
            "Version": "2012-10-17",
            "Statement": statements,
        }))
        .ok()
    }
}

/// The operators of a claim: `StringLike` when a value has a wildcard,
/// else `StringEquals` (then `StringLike`, which says the same of values
/// without wildcards); the `ForAnyValue:` form for a multivalued key. On a
/// single-valued key, `ForAnyValue:StringLike` says what `StringLike` says
/// (both false when the key is absent): the last spelling, for a statement
/// that already reads the key under the others.
fn operators(key: &str, values: &[String]) -> Vec<&'static str> {
    let multivalued = KeyInfo::of(key).multivalued;
    let wildcard = values.iter().any(|v| v.contains(['*', '?']));
    match (multivalued, wildcard) {
        (false, false) => vec!["StringEquals", "StringLike", "ForAnyValue:StringLike"],
        (false, true) => vec!["StringLike", "ForAnyValue:StringLike"],
        (true, false) => vec!["ForAnyValue:StringEquals", "ForAnyValue:StringLike"],
        (true, true) => vec!["ForAnyValue:StringLike"],
    }
}

/// The prefix of the claim keys of a provider: an OIDC provider's URL, a
/// well-known provider's host, or `saml` for a SAML provider.
pub fn claim_prefix(provider: &str) -> String {
    if let Some((_, url)) = provider.split_once(":oidc-provider/") {
        return url.to_string();
    }
    if provider.contains(":saml-provider/") {
        return "SAML".to_string();
    }
    provider.to_string()
}

/// Whether `key` is a claim of `provider`; `Err` says why not.
fn belongs_to(key: &str, provider: &str) -> Result<(), String> {
    let prefix = claim_prefix(provider);
    let Some((key_prefix, claim)) = key.split_once(':') else {
        return Err(format!("`{key}` is not a condition key"));
    };
    if !key_prefix.eq_ignore_ascii_case(&prefix) || claim.is_empty() {
        return Err(format!(
            "not a claim of provider `{provider}` (its claims are `{prefix}:...`, e.g. `{}`)",
            example_key(provider)
        ));
    }
    if !Catalog::get().has_condition_key(key) {
        return Err(format!(
            "`{claim}` is not a claim AWS documents for provider `{provider}` (e.g. `{}`)",
            example_key(provider)
        ));
    }
    Ok(())
}

/// A claim key of the provider that names the workload, for messages.
pub fn example_key(provider: &str) -> String {
    let prefix = claim_prefix(provider);
    match prefix.to_ascii_lowercase().as_str() {
        "saml" => "SAML:aud".into(),
        "graph.facebook.com" | "www.amazon.com" => format!("{prefix}:app_id"),
        _ => format!("{prefix}:sub"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GITHUB: &str =
        "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
    const SAML: &str = "arn:aws:iam::111122223333:saml-provider/ExampleCorpIdP";

    fn claims(args: &[&str]) -> Claims {
        Claims::from_args(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>()).expect("claims")
    }

    #[test]
    fn values_of_one_key_are_one_list_and_wildcards_pick_string_like() {
        let c = claims(&[
            "token.actions.githubusercontent.com:sub=repo:o/a:ref:refs/heads/main",
            "token.actions.githubusercontent.com:sub=repo:o/b:*",
            "token.actions.githubusercontent.com:aud=sts.amazonaws.com",
        ]);
        let conditions = c.of_provider(GITHUB);
        assert_eq!(conditions.len(), 2);
        assert_eq!(conditions[0].values.len(), 2);
        assert_eq!(conditions[0].operators[0], "StringLike");
        assert_eq!(conditions[1].operators[..2], ["StringEquals", "StringLike"]);
        assert!(c.check(&[GITHUB]).is_ok());
    }

    #[test]
    fn keys_of_another_provider_or_undocumented_claims_are_refused() {
        let google = claims(&["accounts.google.com:aud=x"]);
        let error = google.check(&[GITHUB]).expect_err("other provider");
        assert!(
            error.to_string().contains("not a claim of provider"),
            "{error}"
        );
        let unknown = claims(&["token.actions.githubusercontent.com:colour=blue"]);
        let error = unknown.check(&[GITHUB]).expect_err("unknown claim");
        assert!(
            error.to_string().contains("not a claim AWS documents"),
            "{error}"
        );
        assert!(claims(&["SAML:aud=https://signin.aws.amazon.com/saml"])
            .check(&[SAML])
            .is_ok());
        assert!(claims(&["SAML:aud=x"]).check(&[]).is_err());
        assert!(Claims::from_args(&["x:y=${aws:username}".into()]).is_err());
    }

    #[test]
    fn a_multivalued_claim_takes_for_any_value() {
        let c = claims(&["cognito-identity.amazonaws.com:amr=authenticated"]);
        let conditions = c.of_provider("cognito-identity.amazonaws.com");
        assert_eq!(conditions[0].operators[0], "ForAnyValue:StringEquals");
        let kept = c
            .kept_policy(&["cognito-identity.amazonaws.com"])
            .expect("kept");
        assert_eq!(kept.statements.len(), 1);
    }
}
