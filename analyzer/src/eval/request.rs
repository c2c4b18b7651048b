//! The request being authorized: principal, action, resource and context.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::policy::{is_account_id, AwsIdentity};
use crate::semantics::principal_keys::{derived_value, Derived, DERIVED_KEY_NAMES};

/// Who makes the request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequestPrincipal {
    /// An unauthenticated caller.
    Anonymous,
    /// An AWS principal, by ARN: `arn:aws:iam::A:root`, `arn:aws:iam::A:user/path/name`,
    /// `arn:aws:iam::A:role/path/name`, `arn:aws:sts::A:assumed-role/ROLE/SESSION`
    /// or `arn:aws:sts::A:federated-user/NAME`.
    Aws(String),
    /// An AWS service principal such as `cloudtrail.amazonaws.com`.
    Service(String),
    /// A federated identity provider (web identity or SAML), e.g.
    /// `cognito-identity.amazonaws.com` or `arn:aws:iam::A:saml-provider/P`.
    Federated(String),
    /// An S3 canonical user id.
    CanonicalUser(String),
}

impl FromStr for RequestPrincipal {
    type Err = PrincipalSyntaxError;

    /// Parses the command-line form of a principal: a principal ARN (see
    /// [`RequestPrincipal::Aws`]), a 12-digit account id (its root user),
    /// `anonymous`, `service:NAME`, `federated:PROVIDER` or `canonical:ID`.
    fn from_str(text: &str) -> Result<RequestPrincipal, PrincipalSyntaxError> {
        let error = || PrincipalSyntaxError(text.to_string());
        let nonempty = |rest: &str| {
            (!rest.is_empty())
                .then(|| rest.to_string())
                .ok_or_else(error)
        };
        if text == "anonymous" {
            Ok(RequestPrincipal::Anonymous)
        } else if let Some(name) = text.strip_prefix("service:") {
            nonempty(name).map(RequestPrincipal::Service)
        } else if let Some(provider) = text.strip_prefix("federated:") {
            nonempty(provider).map(RequestPrincipal::Federated)
        } else if let Some(id) = text.strip_prefix("canonical:") {
            nonempty(id).map(RequestPrincipal::CanonicalUser)
        } else if is_account_id(text) {
            Ok(RequestPrincipal::Aws(format!("arn:aws:iam::{text}:root")))
        } else if AwsIdentity::parse(text).is_some() {
            Ok(RequestPrincipal::Aws(text.to_string()))
        } else {
            Err(error())
        }
    }
}

impl fmt::Display for RequestPrincipal {
    /// Prints the form [`RequestPrincipal::from_str`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestPrincipal::Anonymous => f.write_str("anonymous"),
            RequestPrincipal::Aws(arn) => f.write_str(arn),
            RequestPrincipal::Service(name) => write!(f, "service:{name}"),
            RequestPrincipal::Federated(provider) => write!(f, "federated:{provider}"),
            RequestPrincipal::CanonicalUser(id) => write!(f, "canonical:{id}"),
        }
    }
}

/// A principal that is none of the forms [`RequestPrincipal::from_str`] reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid principal `{0}`: expected a principal ARN (arn:aws:iam::ID:root|user/..|role/.., arn:aws:sts::ID:assumed-role/R/S|federated-user/U), an account id, `anonymous`, `service:NAME`, `federated:PROVIDER` or `canonical:ID`")]
pub struct PrincipalSyntaxError(pub String);

/// The request context: condition keys (case-insensitive) to their values.
///
/// A key maps to a set of values: one value for a single-valued key, several
/// for a multivalued key, or none (a key that is present with an empty set,
/// which `ForAllValues` treats as true and `ForAnyValue` as false). Values
/// keep their insertion order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Normalised key -> (key as first inserted, values).
    entries: BTreeMap<String, (String, Vec<String>)>,
}

/// The form under which condition keys are compared: IAM key names are
/// case-insensitive (`reference_policies_elements_condition.md`), compared
/// here after Unicode lowercasing.
pub fn normalize_key(key: &str) -> String {
    key.to_lowercase()
}

impl Context {
    /// An empty context.
    pub fn new() -> Context {
        Context::default()
    }

    /// Adds one value to `key` (a second value makes the key multivalued).
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Context {
        self.entry(key.into()).push(value.into());
        self
    }

    /// Adds every value to `key`; with no values the key becomes present
    /// with an empty set.
    pub fn insert_all<I, V>(&mut self, key: impl Into<String>, values: I) -> &mut Context
    where
        I: IntoIterator<Item = V>,
        V: Into<String>,
    {
        let entry = self.entry(key.into());
        entry.extend(values.into_iter().map(Into::into));
        self
    }

    /// Builder form of [`Context::insert`].
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Context {
        self.insert(key, value);
        self
    }

    /// The values of `key` (any case), `None` when the key is absent.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.entries
            .get(&normalize_key(key))
            .map(|(_, values)| values.as_slice())
    }

    /// Whether `key` (any case) is present, possibly with an empty set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.entries.contains_key(&normalize_key(key))
    }

    /// The keys (as first inserted) and their values, ordered by normalised key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries
            .values()
            .map(|(key, values)| (key.as_str(), values.as_slice()))
    }

    /// Whether the context has no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn entry(&mut self, key: String) -> &mut Vec<String> {
        &mut self
            .entries
            .entry(normalize_key(&key))
            .or_insert_with(|| (key, Vec::new()))
            .1
    }

    /// Sets `key` to one value unless it is already present.
    fn insert_default(&mut self, key: &str, value: impl Into<String>) {
        if !self.contains_key(key) {
            self.insert(key, value);
        }
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Context {
    /// Collects `(key, value)` pairs; a repeated key becomes multivalued.
    fn from_iter<T: IntoIterator<Item = (K, V)>>(iter: T) -> Context {
        let mut context = Context::new();
        for (key, value) in iter {
            context.insert(key, value);
        }
        context
    }
}

/// A request to authorize.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Who makes the request.
    pub principal: RequestPrincipal,
    /// The action, e.g. `s3:GetObject` (matched case-insensitively).
    pub action: String,
    /// The resource ARN (matched case-sensitively).
    pub resource: String,
    /// The condition keys of the request.
    pub context: Context,
}

impl Request {
    /// A request with an empty context.
    pub fn new(
        principal: RequestPrincipal,
        action: impl Into<String>,
        resource: impl Into<String>,
    ) -> Request {
        Request {
            principal,
            action: action.into(),
            resource: resource.into(),
            context: Context::new(),
        }
    }

    /// The same request with `context`.
    pub fn with_context(mut self, context: Context) -> Request {
        self.context = context;
        self
    }

    /// Fills, unless already set, the condition keys that are functions of
    /// the principal: every key of
    /// [`crate::semantics::principal_keys::DERIVED_KEY_NAMES`] whose value
    /// [`derived_value`] derives (the one derivation that the encoder and
    /// the witness decoder also use). For example, a role session
    /// `arn:P:sts::A:assumed-role/R/S` gets aws:PrincipalArn
    /// `arn:P:iam::A:role/R` (a session ARN does not carry the role's path:
    /// set aws:PrincipalArn yourself when the role has one), aws:PrincipalAccount
    /// and kms:CallerAccount `A`, aws:PrincipalType `AssumedRole` and
    /// aws:PrincipalIsAWSService `false`; anonymous callers get
    /// aws:PrincipalAccount, aws:userid `anonymous` and aws:PrincipalType
    /// `Anonymous`; a service principal gets aws:PrincipalIsAWSService
    /// `true` and aws:PrincipalServiceName. Facts that the principal does
    /// not determine (an IAM user's unique id in aws:userid, the
    /// organization of its account, tags) are left as the context gives
    /// them.
    pub fn with_principal_keys(mut self) -> Request {
        for (key, name) in DERIVED_KEY_NAMES {
            if let Derived::Value(value) = derived_value(&self.principal, key) {
                self.context.insert_default(name, value);
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive_and_repeated_inserts_make_sets() {
        // See: reference_policies_elements_condition.md, "Condition key names
        // are not case-sensitive".
        let mut context = Context::new();
        context
            .insert("aws:SourceIP", "1.2.3.4")
            .insert("AWS:sourceip", "5.6.7.8");
        assert_eq!(
            context.get("aws:sourceip"),
            Some(&["1.2.3.4".to_string(), "5.6.7.8".to_string()][..])
        );
        context.insert_all("aws:TagKeys", Vec::<String>::new());
        assert_eq!(context.get("AWS:TAGKEYS"), Some(&[][..]));
        assert_eq!(context.get("aws:missing"), None);
    }

    #[test]
    fn principals_parse_from_their_command_line_form() {
        let parse = |text: &str| text.parse::<RequestPrincipal>();
        assert_eq!(parse("anonymous"), Ok(RequestPrincipal::Anonymous));
        assert_eq!(
            parse("111122223333"),
            Ok(RequestPrincipal::Aws(
                "arn:aws:iam::111122223333:root".into()
            ))
        );
        assert_eq!(
            parse("service:sns.amazonaws.com"),
            Ok(RequestPrincipal::Service("sns.amazonaws.com".into()))
        );
        assert!(parse("service:").is_err());
        assert!(parse("arn:aws:s3:::bucket").is_err());
        assert!(parse("bob").is_err());
        for text in [
            "canonical:abc",
            "federated:accounts.google.com",
            "arn:aws:iam::111122223333:user/x",
        ] {
            assert_eq!(parse(text).map(|p| p.to_string()), Ok(text.to_string()));
        }
    }

    #[test]
    fn principal_keys_for_a_role_session() {
        let request = Request::new(
            RequestPrincipal::Aws("arn:aws:sts::111122223333:assumed-role/Dev/alice".into()),
            "s3:GetObject",
            "arn:aws:s3:::b/k",
        )
        .with_principal_keys();
        let get = |key: &str| request.context.get(key).map(<[String]>::to_vec);
        assert_eq!(
            get("aws:PrincipalArn"),
            Some(vec!["arn:aws:iam::111122223333:role/Dev".to_string()])
        );
        assert_eq!(
            get("kms:CallerAccount"),
            Some(vec!["111122223333".to_string()])
        );
        assert_eq!(
            get("aws:PrincipalType"),
            Some(vec!["AssumedRole".to_string()])
        );
        assert_eq!(get("aws:username"), None);
    }

    #[test]
    fn principal_keys_do_not_override_given_values() {
        let request = Request::new(
            RequestPrincipal::Aws("arn:aws:sts::111122223333:assumed-role/Dev/alice".into()),
            "s3:GetObject",
            "arn:aws:s3:::b/k",
        )
        .with_context(Context::new().with(
            "aws:principalarn",
            "arn:aws:iam::111122223333:role/team/Dev",
        ))
        .with_principal_keys();
        assert_eq!(
            request.context.get("aws:PrincipalArn"),
            Some(&["arn:aws:iam::111122223333:role/team/Dev".to_string()][..])
        );
    }

    #[test]
    fn principal_keys_for_user_root_anonymous_and_service() {
        let keys = |principal: RequestPrincipal| {
            Request::new(principal, "a:b", "*")
                .with_principal_keys()
                .context
        };
        let user = keys(RequestPrincipal::Aws(
            "arn:aws:iam::111122223333:user/ops/bob".into(),
        ));
        assert_eq!(user.get("aws:username"), Some(&["bob".to_string()][..]));
        assert_eq!(
            user.get("aws:PrincipalType"),
            Some(&["User".to_string()][..])
        );
        let root = keys(RequestPrincipal::Aws(
            "arn:aws:iam::111122223333:root".into(),
        ));
        assert_eq!(
            root.get("aws:userid"),
            Some(&["111122223333".to_string()][..])
        );
        let anonymous = keys(RequestPrincipal::Anonymous);
        assert_eq!(
            anonymous.get("aws:PrincipalAccount"),
            Some(&["anonymous".to_string()][..])
        );
        assert_eq!(anonymous.get("aws:PrincipalArn"), None);
        assert_eq!(anonymous.get("kms:CallerAccount"), None);
        let service = keys(RequestPrincipal::Service("sns.amazonaws.com".into()));
        assert_eq!(
            service.get("aws:PrincipalIsAWSService"),
            Some(&["true".to_string()][..])
        );
        assert_eq!(
            service.get("aws:PrincipalServiceName"),
            Some(&["sns.amazonaws.com".to_string()][..])
        );
    }
}
