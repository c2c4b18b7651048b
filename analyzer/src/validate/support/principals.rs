//! Principal values: service principals, federated providers, unique ids.

/// Whether a service principal is written as a service's DNS-style name,
/// e.g. `lambda.amazonaws.com`, `states.us-east-1.amazonaws.com`,
/// `ec2.amazonaws.com.cn`: lower case letters, digits, dots and hyphens,
/// ending in an AWS domain.
pub fn is_service_principal(text: &str) -> bool {
    const DOMAINS: [&str; 5] = [
        ".amazonaws.com",
        ".amazonaws.com.cn",
        ".amazon.com",
        ".aws.internal",
        ".api.aws",
    ];
    let well_formed = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && !text.starts_with(['.', '-']);
    well_formed
        && DOMAINS.iter().any(|domain| {
            text.strip_suffix(domain)
                .is_some_and(|name| !name.is_empty() && !name.ends_with('.'))
        })
}

/// What a `Federated` principal names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Federated {
    /// A SAML provider ARN (`arn:aws:iam::ID:saml-provider/NAME`).
    Saml,
    /// An OpenID Connect provider: its ARN
    /// (`arn:aws:iam::ID:oidc-provider/HOST`) or a built-in provider's
    /// domain (`accounts.google.com`, `cognito-identity.amazonaws.com`,
    /// ...). Holds the provider's host as condition keys name it.
    Oidc(String),
    /// Neither.
    Invalid,
}

/// Classifies a `Federated` principal value.
pub fn federated(text: &str) -> Federated {
    if let Some(rest) = text.strip_prefix("arn:") {
        let mut fields = rest.splitn(5, ':');
        let service = fields.nth(1);
        let resource = fields.nth(2);
        return match (service, resource) {
            (Some("iam"), Some(resource)) => {
                if let Some(name) = resource.strip_prefix("saml-provider/") {
                    if name.is_empty() {
                        Federated::Invalid
                    } else {
                        Federated::Saml
                    }
                } else if let Some(host) = resource.strip_prefix("oidc-provider/") {
                    if host.is_empty() {
                        Federated::Invalid
                    } else {
                        Federated::Oidc(host.to_owned())
                    }
                } else {
                    Federated::Invalid
                }
            }
            _ => Federated::Invalid,
        };
    }
    if is_domain_name(text) {
        Federated::Oidc(text.to_owned())
    } else {
        Federated::Invalid
    }
}

/// Whether the text is a domain name (optionally with a path, as OIDC
/// provider hosts may have): labels of letters, digits and hyphens
/// separated by dots, at least two labels.
fn is_domain_name(text: &str) -> bool {
    let host = text.split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The kind of IAM entity a unique id names, from its prefix: `AROA` a
/// role, `AIDA` a user.
pub fn unique_id_kind(text: &str) -> Option<&'static str> {
    let is_id = text.len() >= 16
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !is_id {
        return None;
    }
    if text.starts_with("AROA") {
        Some("role")
    } else if text.starts_with("AIDA") {
        Some("user")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_principals() {
        for good in [
            "lambda.amazonaws.com",
            "states.us-east-1.amazonaws.com",
            "ec2.amazonaws.com.cn",
            "alexa-appkit.amazon.com",
        ] {
            assert!(is_service_principal(good), "{good}");
        }
        for bad in [
            "lambda",
            "Lambda.amazonaws.com",
            "amazonaws.com",
            "arn:aws:iam::1:root",
            ".amazonaws.com",
        ] {
            assert!(!is_service_principal(bad), "{bad}");
        }
    }

    #[test]
    fn federated_providers() {
        assert_eq!(
            federated("arn:aws:iam::111122223333:saml-provider/corp"),
            Federated::Saml
        );
        assert_eq!(
            federated(
                "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
            ),
            Federated::Oidc("token.actions.githubusercontent.com".into())
        );
        assert_eq!(
            federated("cognito-identity.amazonaws.com"),
            Federated::Oidc("cognito-identity.amazonaws.com".into())
        );
        assert_eq!(federated("corp saml"), Federated::Invalid);
        assert_eq!(federated("arn:aws:iam::1:user/x"), Federated::Invalid);
    }

    #[test]
    fn unique_ids() {
        assert_eq!(unique_id_kind("AROAEXAMPLEID123456"), Some("role"));
        assert_eq!(unique_id_kind("AIDAEXAMPLEID123456"), Some("user"));
        assert_eq!(unique_id_kind("arn:aws:iam::1:role/x"), None);
    }
}
