//! Every condition key, classified once: where its value comes from, when
//! it is in the request ("Availability" on
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>),
//! its value type and the shape of its values.
//!
//! [`KeyInfo::presence`] is the one presence rule shared by the encoder,
//! the witness decoder and the random request generator of the property
//! tests. The rule, in short:
//! - a key of a service (`s3:`, `kms:`, `sts:`, ...) is present only for
//!   actions whose catalog entry lists it; a key of a prefix that is no
//!   service and no identity provider is never present;
//! - keys that describe the principal follow
//!   [`super::principal_keys::derivation`];
//! - `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID`,
//!   `aws:SourceOrgPaths` and `aws:SourceOwner` only when a service
//!   principal acts for a resource;
//! - `aws:SourceVpc`, `aws:SourceVpce`, `aws:VpcSourceIp`,
//!   `aws:SourceVpcArn` and the `aws:Vpce*` keys only through a VPC
//!   endpoint, and then `aws:SourceVpc` and `aws:SourceVpce` always;
//!   `aws:SourceIp` exactly when not through a VPC endpoint (for service
//!   principals, whose network AWS does not document, any combination);
//! - identity-provider keys (`saml:...`, `accounts.google.com:aud`,
//!   `token.actions.githubusercontent.com:sub`, ...) only for web-identity
//!   and SAML callers;
//! - `aws:CurrentTime`, `aws:EpochTime`, `aws:RequestedRegion`,
//!   `aws:SecureTransport`, `aws:UserAgent` and `aws:ViaAWSService` always;
//! - `aws:ResourceAccount` always (its value is the owner);
//!   `aws:ResourceOrgID` and `aws:ResourceOrgPaths` when the owner is in an
//!   organization;
//! - every other key (request tags, `aws:referer`, global keys this table
//!   does not know) may or may not be present.

use crate::catalog::{Catalog, KeyType};

use super::principal_keys::{derivation, Derivation, PrincipalKey, PrincipalShape};

/// Where a key's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeySource {
    /// It describes the principal.
    Principal(PrincipalKey),
    /// It describes the resource.
    Resource(ResourceKey),
    /// A service principal acting for a resource sets it.
    ServiceSource,
    /// Set for requests through a VPC endpoint.
    VpcEndpoint,
    /// Set for requests not through a VPC endpoint (`aws:SourceIp`).
    NotVpcEndpoint,
    /// A claim of a web-identity or SAML caller.
    Federation,
    /// Always in the request.
    Always,
    /// Chosen by the request (tags, referer, request parameters).
    Request,
    /// Never in a request (a key of no service and no provider).
    Never,
}

/// Keys that describe the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceKey {
    /// `aws:ResourceAccount`, `s3:ResourceAccount`: the owner.
    Account,
    /// `aws:ResourceOrgID`: the owner's organization.
    OrgId,
    /// `aws:ResourceOrgPaths`.
    OrgPaths,
}

/// The realistic shape of a key's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueShape {
    /// Any string.
    Any,
    /// A 12-digit account id.
    Account,
    /// An organization id, `o-` and 10 to 32 lowercase letters or digits.
    OrgId,
    /// An organization path, `o-.../r-.../ou-.../`.
    OrgPath,
    /// An ARN (six colon-separated components).
    Arn,
    /// An IP address.
    Ip,
    /// `true` or `false`.
    Bool,
}

/// Whether a key is in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Never.
    Never,
    /// Always.
    Always,
    /// As the request says.
    Maybe,
}

impl Presence {
    /// Both conditions: never if either is never, always if both are always.
    pub fn and(self, other: Presence) -> Presence {
        match (self, other) {
            (Presence::Never, _) | (_, Presence::Never) => Presence::Never,
            (Presence::Always, Presence::Always) => Presence::Always,
            _ => Presence::Maybe,
        }
    }
}

/// What the presence of a key depends on, for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestTraits {
    /// The principal's shape.
    pub shape: PrincipalShape,
    /// Whether the request comes through a VPC endpoint.
    pub via_vpc_endpoint: bool,
    /// Whether the action's catalog entry lists the key (for service keys).
    pub action_lists_key: bool,
    /// Whether the owner of the resource is known to be in an organization
    /// (`Some(true)`), known not to be (`Some(false)`), or unknown.
    pub owner_in_org: Option<bool>,
}

/// Everything the analysis knows about one condition key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// The key as AWS spells it (or as first written when unknown).
    pub name: String,
    /// The key in lowercase.
    pub lowercase: String,
    /// The service whose actions must list the key, if it is a service key.
    pub service_gated: bool,
    /// Where its value comes from.
    pub source: KeySource,
    /// Its value type, when the catalog knows it.
    pub value_type: Option<KeyType>,
    /// The shape of its values.
    pub shape: ValueShape,
    /// Whether it can hold several values.
    pub multivalued: bool,
}

impl KeyInfo {
    /// Classifies a key as written in a policy.
    pub fn of(key: &str) -> KeyInfo {
        let lowercase = key.to_lowercase();
        let prefix = lowercase.split_once(':').map_or("", |(p, _)| p);
        let federation = is_federation_key(&lowercase);
        let known_service = !federation && prefix != "aws" && is_service_prefix(prefix);
        let source = key_source(&lowercase, prefix, federation, known_service);
        let value_type = Catalog::get().condition_key_type(key);
        let multivalued =
            value_type.is_some_and(KeyType::is_multivalued) || is_known_multivalued(&lowercase);
        KeyInfo {
            name: canonical_key_name(key),
            shape: value_shape(&lowercase, value_type),
            lowercase,
            service_gated: known_service,
            source,
            value_type,
            multivalued,
        }
    }

    /// Whether the key is in a request with these traits (see the module
    /// documentation).
    pub fn presence(&self, traits: &RequestTraits) -> Presence {
        let gate = if self.service_gated && !traits.action_lists_key {
            Presence::Never
        } else {
            Presence::Always
        };
        gate.and(self.source_presence(traits))
    }

    fn source_presence(&self, traits: &RequestTraits) -> Presence {
        let shape = traits.shape;
        let service = shape == PrincipalShape::Service;
        match self.source {
            KeySource::Principal(key) => match derivation(shape, key) {
                Derivation::Absent => Presence::Never,
                Derivation::Fact(_) => Presence::Maybe,
                _ => Presence::Always,
            },
            KeySource::Resource(ResourceKey::Account) => Presence::Always,
            KeySource::Resource(ResourceKey::OrgId | ResourceKey::OrgPaths) => {
                match traits.owner_in_org {
                    Some(true) => Presence::Always,
                    Some(false) => Presence::Never,
                    None => Presence::Maybe,
                }
            }
            KeySource::ServiceSource if service => Presence::Maybe,
            KeySource::ServiceSource => Presence::Never,
            KeySource::VpcEndpoint | KeySource::NotVpcEndpoint if service => Presence::Maybe,
            KeySource::VpcEndpoint if !traits.via_vpc_endpoint => Presence::Never,
            KeySource::VpcEndpoint => match self.lowercase.as_str() {
                "aws:sourcevpc" | "aws:sourcevpce" => Presence::Always,
                _ => Presence::Maybe,
            },
            KeySource::NotVpcEndpoint if traits.via_vpc_endpoint => Presence::Never,
            KeySource::NotVpcEndpoint => Presence::Always,
            KeySource::Federation if shape == PrincipalShape::WebIdentity => Presence::Maybe,
            KeySource::Federation | KeySource::Never => Presence::Never,
            KeySource::Always => Presence::Always,
            KeySource::Request => Presence::Maybe,
        }
    }

    /// Whether the presence of the key depends on the VPC-endpoint trait.
    pub fn depends_on_vpc_endpoint(&self) -> bool {
        matches!(
            self.source,
            KeySource::VpcEndpoint | KeySource::NotVpcEndpoint
        )
    }
}

fn key_source(lowercase: &str, prefix: &str, federation: bool, known_service: bool) -> KeySource {
    if let Some(key) = PrincipalKey::of(lowercase) {
        return KeySource::Principal(key);
    }
    if federation {
        return KeySource::Federation;
    }
    match lowercase {
        "aws:resourceaccount" | "s3:resourceaccount" => {
            return KeySource::Resource(ResourceKey::Account)
        }
        "aws:resourceorgid" => return KeySource::Resource(ResourceKey::OrgId),
        "aws:resourceorgpaths" => return KeySource::Resource(ResourceKey::OrgPaths),
        "aws:sourcearn" | "aws:sourceaccount" | "aws:sourceorgid" | "aws:sourceorgpaths"
        | "aws:sourceowner" => return KeySource::ServiceSource,
        "aws:sourcevpc" | "aws:sourcevpce" | "aws:vpcsourceip" | "aws:sourcevpcarn"
        | "aws:vpceaccount" | "aws:vpceorgid" | "aws:vpceorgpaths" => {
            return KeySource::VpcEndpoint
        }
        "aws:sourceip" => return KeySource::NotVpcEndpoint,
        "aws:currenttime"
        | "aws:epochtime"
        | "aws:requestedregion"
        | "aws:securetransport"
        | "aws:useragent"
        | "aws:viaawsservice" => return KeySource::Always,
        _ => {}
    }
    if prefix == "aws" || known_service {
        KeySource::Request
    } else {
        KeySource::Never
    }
}

fn value_shape(lowercase: &str, value_type: Option<KeyType>) -> ValueShape {
    match lowercase {
        "aws:sourceaccount"
        | "aws:sourceowner"
        | "aws:resourceaccount"
        | "s3:resourceaccount"
        | "aws:vpceaccount"
        | "aws:principalaccount"
        | "kms:calleraccount" => return ValueShape::Account,
        "aws:principalorgid" | "aws:sourceorgid" | "aws:resourceorgid" | "aws:vpceorgid" => {
            return ValueShape::OrgId
        }
        "aws:principalorgpaths"
        | "aws:sourceorgpaths"
        | "aws:resourceorgpaths"
        | "aws:vpceorgpaths" => return ValueShape::OrgPath,
        _ => {}
    }
    match value_type.map(KeyType::element_type) {
        Some(KeyType::Arn) => ValueShape::Arn,
        Some(KeyType::IpAddress) => ValueShape::Ip,
        Some(KeyType::Bool) => ValueShape::Bool,
        _ => ValueShape::Any,
    }
}

/// Whether `prefix` is the prefix of a service in the IAM catalog.
fn is_service_prefix(prefix: &str) -> bool {
    !prefix.is_empty() && Catalog::get().service(prefix).is_some()
}

/// The key as AWS spells it (`aws:SourceVpc` for `AWS:sourcevpc`), for
/// reports; keys the catalog does not know keep the policy's spelling.
pub fn canonical_key_name(key: &str) -> String {
    Catalog::global_condition_keys()
        .find(|k| k.name.eq_ignore_ascii_case(key))
        .map_or_else(|| key.to_string(), |k| k.name.to_string())
}

/// Whether a key belongs to an identity provider: `saml:*` keys and keys
/// named after a provider host (`accounts.google.com:aud`,
/// `cognito-identity.amazonaws.com:amr`,
/// `token.actions.githubusercontent.com:sub`,
/// `oidc.eks.us-east-1.amazonaws.com/id/X:sub`, ...).
pub fn is_federation_key(lowercase_key: &str) -> bool {
    if lowercase_key.starts_with("saml:") {
        return true;
    }
    lowercase_key
        .split_once(':')
        .is_some_and(|(prefix, _)| prefix.contains('.'))
}

/// Keys that IAM treats as multivalued (sets) beyond those the catalog types
/// as arrays.
pub fn is_known_multivalued(lowercase_key: &str) -> bool {
    matches!(
        lowercase_key,
        "aws:principalorgpaths"
            | "aws:sourceorgpaths"
            | "aws:resourceorgpaths"
            | "aws:vpceorgpaths"
            | "aws:tagkeys"
            | "aws:calledvia"
            | "aws:principalservicenameslist"
            | "cognito-identity.amazonaws.com:amr"
    ) || lowercase_key.ends_with(":amr")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traits(shape: PrincipalShape) -> RequestTraits {
        RequestTraits {
            shape,
            via_vpc_endpoint: false,
            action_lists_key: false,
            owner_in_org: None,
        }
    }

    #[test]
    fn keys_of_another_service_are_never_present() {
        // An SQS action does not list s3:ResourceAccount.
        let key = KeyInfo::of("s3:ResourceAccount");
        assert!(key.service_gated);
        assert_eq!(key.presence(&traits(PrincipalShape::Root)), Presence::Never);
        let listed = RequestTraits {
            action_lists_key: true,
            ..traits(PrincipalShape::Root)
        };
        assert_eq!(key.presence(&listed), Presence::Always);
        assert_eq!(
            KeyInfo::of("nosuchservice:key").presence(&listed),
            Presence::Never
        );
    }

    #[test]
    fn source_keys_only_for_services_and_network_keys_by_endpoint() {
        let arn = KeyInfo::of("aws:SourceArn");
        assert_eq!(arn.presence(&traits(PrincipalShape::User)), Presence::Never);
        assert_eq!(
            arn.presence(&traits(PrincipalShape::Service)),
            Presence::Maybe
        );
        let ip = KeyInfo::of("aws:SourceIp");
        assert_eq!(ip.shape, ValueShape::Ip);
        assert_eq!(ip.presence(&traits(PrincipalShape::Root)), Presence::Always);
        let via = RequestTraits {
            via_vpc_endpoint: true,
            ..traits(PrincipalShape::Root)
        };
        assert_eq!(ip.presence(&via), Presence::Never);
        assert_eq!(
            KeyInfo::of("aws:SourceVpc").presence(&via),
            Presence::Always
        );
        assert_eq!(
            KeyInfo::of("aws:PrincipalAccount").presence(&traits(PrincipalShape::Anonymous)),
            Presence::Always
        );
        assert_eq!(
            KeyInfo::of("token.actions.githubusercontent.com:sub")
                .presence(&traits(PrincipalShape::WebIdentity)),
            Presence::Maybe
        );
    }
}
