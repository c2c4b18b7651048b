//! The condition keys that describe the principal, defined once.
//!
//! AWS documents, per key, when it is in the request context and what it
//! holds ("Availability" on
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>,
//! and the table of principal key values on
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable>).
//! [`derivation`] is that documentation as a table over the shapes of
//! request principals. Three readers use it and nothing else:
//! - the concrete request builder ([`crate::eval::Request::with_principal_keys`]),
//! - the encoder's symbolic request ([`crate::encode`]: presence and value of
//!   each key as a formula over the principal variables),
//! - the witness decoder and its inverse ([`crate::encode::decode`]).
//!
//! A key is either derived from the principal (its ARN, its account, its
//! service name, a constant), absent, or a *fact*: a property of the request
//! that the principal does not determine (an IAM user's unique id, the
//! organization of the principal's account, principal tags, MFA). Facts are
//! read from the request context by the evaluator and range over every
//! value of their shape in the encoder.

use crate::eval::RequestPrincipal;
use crate::policy::AwsIdentity;

/// The shapes of request principals that the documentation tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrincipalShape {
    /// An unsigned request.
    Anonymous,
    /// The account root user, `arn:P:iam::A:root`.
    Root,
    /// An IAM user, `arn:P:iam::A:user/path/name`.
    User,
    /// A role, standing for any session of it, `arn:P:iam::A:role/path/name`.
    Role,
    /// A named role session, `arn:P:sts::A:assumed-role/R/S`.
    Session,
    /// An STS federated user, `arn:P:sts::A:federated-user/N`.
    FederatedUser,
    /// An AWS principal named by a string that is no identity ARN (a unique
    /// id such as `AIDA...`): its account and keys are unknown.
    OpaqueAws,
    /// An AWS service principal such as `cloudtrail.amazonaws.com`.
    Service,
    /// A web-identity or SAML caller of `sts:AssumeRoleWith...`.
    WebIdentity,
    /// An S3 canonical user.
    CanonicalUser,
}

impl PrincipalShape {
    /// The shape of a concrete request principal.
    pub fn of(principal: &RequestPrincipal) -> PrincipalShape {
        match principal {
            RequestPrincipal::Anonymous => PrincipalShape::Anonymous,
            RequestPrincipal::Aws(arn) => match AwsIdentity::parse(arn) {
                Some(AwsIdentity::Root { .. }) => PrincipalShape::Root,
                Some(AwsIdentity::User { .. }) => PrincipalShape::User,
                Some(AwsIdentity::Role { .. }) => PrincipalShape::Role,
                Some(AwsIdentity::AssumedRole { .. }) => PrincipalShape::Session,
                Some(AwsIdentity::FederatedUser { .. }) => PrincipalShape::FederatedUser,
                None => PrincipalShape::OpaqueAws,
            },
            RequestPrincipal::Service(_) => PrincipalShape::Service,
            RequestPrincipal::Federated(_) => PrincipalShape::WebIdentity,
            RequestPrincipal::CanonicalUser(_) => PrincipalShape::CanonicalUser,
        }
    }

    /// Whether the shape is an IAM identity of a known account (root, user,
    /// role, session, federated user).
    pub fn is_identity(self) -> bool {
        matches!(
            self,
            PrincipalShape::Root
                | PrincipalShape::User
                | PrincipalShape::Role
                | PrincipalShape::Session
                | PrincipalShape::FederatedUser
        )
    }

    /// Whether the shape is an AWS (IAM) principal, of known account or not.
    pub fn is_aws(self) -> bool {
        self.is_identity() || self == PrincipalShape::OpaqueAws
    }

    /// Every shape.
    pub const ALL: [PrincipalShape; 10] = [
        PrincipalShape::Anonymous,
        PrincipalShape::Root,
        PrincipalShape::User,
        PrincipalShape::Role,
        PrincipalShape::Session,
        PrincipalShape::FederatedUser,
        PrincipalShape::OpaqueAws,
        PrincipalShape::Service,
        PrincipalShape::WebIdentity,
        PrincipalShape::CanonicalUser,
    ];
}

/// The condition keys that describe the principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrincipalKey {
    /// `aws:PrincipalArn`.
    Arn,
    /// `aws:PrincipalAccount`.
    Account,
    /// `kms:CallerAccount` (a KMS key: present only for KMS actions).
    CallerAccount,
    /// `aws:PrincipalType`.
    Type,
    /// `aws:userid`.
    UserId,
    /// `aws:username`.
    UserName,
    /// `aws:PrincipalIsAWSService`.
    IsAwsService,
    /// `aws:PrincipalServiceName`.
    ServiceName,
    /// `aws:PrincipalServiceNamesList` (multivalued).
    ServiceNamesList,
    /// `aws:PrincipalOrgID`.
    OrgId,
    /// `aws:PrincipalOrgPaths` (multivalued).
    OrgPaths,
    /// `aws:PrincipalTag/<key>`.
    Tag,
    /// Keys about the principal's credentials or session: MFA, token issue
    /// time, federated provider, source identity, EC2 instance role keys,
    /// `aws:AssumedRoot`, `aws:CalledVia*`, `aws:SignInSessionArn`,
    /// `aws:ChatbotSourceArn`.
    Session,
}

impl PrincipalKey {
    /// The key an exact (lowercase) key name denotes, if it describes the
    /// principal.
    pub fn of(lowercase_key: &str) -> Option<PrincipalKey> {
        Some(match lowercase_key {
            "aws:principalarn" => PrincipalKey::Arn,
            "aws:principalaccount" => PrincipalKey::Account,
            "kms:calleraccount" => PrincipalKey::CallerAccount,
            "aws:principaltype" => PrincipalKey::Type,
            "aws:userid" => PrincipalKey::UserId,
            "aws:username" => PrincipalKey::UserName,
            "aws:principalisawsservice" => PrincipalKey::IsAwsService,
            "aws:principalservicename" => PrincipalKey::ServiceName,
            "aws:principalservicenameslist" => PrincipalKey::ServiceNamesList,
            "aws:principalorgid" => PrincipalKey::OrgId,
            "aws:principalorgpaths" => PrincipalKey::OrgPaths,
            "aws:multifactorauthpresent"
            | "aws:multifactorauthage"
            | "aws:tokenissuetime"
            | "aws:federatedprovider"
            | "aws:sourceidentity"
            | "aws:ec2instancesourcevpc"
            | "aws:ec2instancesourceprivateipv4"
            | "aws:assumedroot"
            | "aws:calledvia"
            | "aws:calledviafirst"
            | "aws:calledvialast"
            | "aws:signinsessionarn"
            | "aws:chatbotsourcearn" => PrincipalKey::Session,
            key if key.starts_with("aws:principaltag/") && key.len() > 17 => PrincipalKey::Tag,
            _ => return None,
        })
    }
}

/// The shapes a fact's value takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactShape {
    /// Any value the key's own shape allows.
    Key,
    /// A 12-digit account id.
    Account,
    /// A principal identity ARN.
    IdentityArn,
    /// An IAM user's unique id: `AIDA` and upper-case letters or digits.
    UserUniqueId,
    /// A role session's id: `AROA...:` and the session name.
    RoleSessionId,
    /// A principal type name.
    PrincipalType,
}

/// How a principal key's value follows from a principal of some shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derivation {
    /// The key is not in the request.
    Absent,
    /// The key holds this constant.
    Const(&'static str),
    /// `aws:PrincipalArn`: the identity ARN; for a session, its role's ARN
    /// (without path).
    IdentityArn,
    /// The account id of the principal's ARN.
    Account,
    /// `ACCOUNT:NAME` of an STS federated user.
    AccountColonName,
    /// The IAM user's name (the last segment of its ARN).
    UserName,
    /// The service principal's name.
    ServiceName,
    /// A fact of the request: present or absent as the request says, any
    /// value of the shape.
    Fact(FactShape),
    /// A fact that is always present.
    PresentFact(FactShape),
}

/// How `key` follows from a principal of `shape` (see the module
/// documentation). Decisions where AWS is silent are recorded in
/// `docs/semantics.md` ("Principal keys"):
/// - a service principal's request carries no `aws:PrincipalAccount`,
///   `aws:PrincipalArn`, `aws:PrincipalType` or `aws:userid` (AWS documents
///   their values for IAM principals and anonymous callers only);
/// - a web-identity or SAML caller of `sts:AssumeRoleWith...` carries none
///   of the principal keys (it is not yet an AWS principal);
/// - a canonical user and an AWS principal named by an opaque id are AWS
///   principals of an account the analysis does not know: their keys are
///   facts;
/// - a role ARN stands for its sessions: `aws:PrincipalType` is
///   `AssumedRole` and `aws:userid` is `ROLE-ID:SESSION-NAME`.
pub fn derivation(shape: PrincipalShape, key: PrincipalKey) -> Derivation {
    use Derivation as D;
    use FactShape as F;
    use PrincipalKey as K;
    use PrincipalShape as S;
    match (key, shape) {
        (K::Arn, S::Root | S::User | S::Role | S::Session | S::FederatedUser) => D::IdentityArn,
        (K::Arn, S::OpaqueAws | S::CanonicalUser) => D::PresentFact(F::IdentityArn),
        (K::Account, S::Anonymous) => D::Const("anonymous"),
        (K::Account | K::CallerAccount, s) if s.is_identity() => D::Account,
        (K::Account | K::CallerAccount, S::OpaqueAws | S::CanonicalUser) => {
            D::PresentFact(F::Account)
        }
        (K::Type, S::Anonymous) => D::Const("Anonymous"),
        (K::Type, S::Root) => D::Const("Account"),
        (K::Type, S::User) => D::Const("User"),
        (K::Type, S::Role | S::Session) => D::Const("AssumedRole"),
        (K::Type, S::FederatedUser) => D::Const("FederatedUser"),
        (K::Type, S::OpaqueAws | S::CanonicalUser) => D::PresentFact(F::PrincipalType),
        (K::UserId, S::Anonymous) => D::Const("anonymous"),
        (K::UserId, S::Root) => D::Account,
        (K::UserId, S::User) => D::PresentFact(F::UserUniqueId),
        (K::UserId, S::Role | S::Session) => D::PresentFact(F::RoleSessionId),
        (K::UserId, S::FederatedUser) => D::AccountColonName,
        (K::UserId, S::OpaqueAws | S::CanonicalUser) => D::PresentFact(F::Key),
        (K::UserName, S::User) => D::UserName,
        (K::UserName, S::OpaqueAws) => D::Fact(F::Key),
        (K::IsAwsService, S::Service) => D::Const("true"),
        (K::IsAwsService, s) if s.is_aws() || s == S::CanonicalUser => D::Const("false"),
        (K::ServiceName, S::Service) => D::ServiceName,
        (K::ServiceNamesList, S::Service) => D::PresentFact(F::Key),
        (K::OrgId | K::OrgPaths | K::Session, s) if s.is_aws() || s == S::CanonicalUser => {
            D::Fact(F::Key)
        }
        (K::Tag, S::User | S::Role | S::Session | S::FederatedUser | S::OpaqueAws) => {
            D::Fact(F::Key)
        }
        _ => D::Absent,
    }
}

/// The value of a derived key for a concrete principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Derived {
    /// The key is not in the request.
    Absent,
    /// The key holds this value.
    Value(String),
    /// The request says (a fact).
    Fact,
}

/// The value `key` takes for `principal` (see [`derivation`]).
///
/// # Example
/// ```
/// use zoneproof_analyzer::eval::RequestPrincipal;
/// use zoneproof_analyzer::semantics::principal_keys::{derived_value, Derived, PrincipalKey};
/// let root = RequestPrincipal::Aws("arn:aws:iam::111122223333:root".into());
/// assert_eq!(derived_value(&root, PrincipalKey::UserId), Derived::Value("111122223333".into()));
/// let service = RequestPrincipal::Service("sns.amazonaws.com".into());
/// assert_eq!(derived_value(&service, PrincipalKey::Account), Derived::Absent);
/// ```
pub fn derived_value(principal: &RequestPrincipal, key: PrincipalKey) -> Derived {
    let identity = match principal {
        RequestPrincipal::Aws(arn) => AwsIdentity::parse(arn),
        _ => None,
    };
    match derivation(PrincipalShape::of(principal), key) {
        Derivation::Absent => Derived::Absent,
        Derivation::Const(value) => Derived::Value(value.to_string()),
        Derivation::Fact(_) | Derivation::PresentFact(_) => Derived::Fact,
        Derivation::IdentityArn => {
            identity.map_or(Derived::Fact, |i| Derived::Value(i.principal_arn()))
        }
        Derivation::Account => {
            identity.map_or(Derived::Fact, |i| Derived::Value(i.account().into()))
        }
        Derivation::AccountColonName => identity.map_or(Derived::Fact, |i| {
            Derived::Value(format!("{}:{}", i.account(), i.name()))
        }),
        Derivation::UserName => identity.map_or(Derived::Fact, |i| Derived::Value(i.name().into())),
        Derivation::ServiceName => match principal {
            RequestPrincipal::Service(name) => Derived::Value(name.clone()),
            _ => Derived::Fact,
        },
    }
}

/// The keys with a fixed name that [`derived_value`] gives a value to, with
/// their spelling: what [`crate::eval::Request::with_principal_keys`] fills.
pub const DERIVED_KEY_NAMES: [(PrincipalKey, &str); 9] = [
    (PrincipalKey::Arn, "aws:PrincipalArn"),
    (PrincipalKey::Account, "aws:PrincipalAccount"),
    (PrincipalKey::CallerAccount, "kms:CallerAccount"),
    (PrincipalKey::Type, "aws:PrincipalType"),
    (PrincipalKey::UserId, "aws:userid"),
    (PrincipalKey::UserName, "aws:username"),
    (PrincipalKey::IsAwsService, "aws:PrincipalIsAWSService"),
    (PrincipalKey::ServiceName, "aws:PrincipalServiceName"),
    (
        PrincipalKey::ServiceNamesList,
        "aws:PrincipalServiceNamesList",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn value(principal: &str, key: PrincipalKey) -> Derived {
        let principal: RequestPrincipal = match principal.parse() {
            Ok(p) => p,
            Err(e) => return Derived::Value(format!("bad principal {e}")),
        };
        derived_value(&principal, key)
    }

    #[test]
    fn the_principal_key_table_follows_the_documentation() {
        let v = |s: &str| Derived::Value(s.to_string());
        let session = "arn:aws:sts::111122223333:assumed-role/Dev/alice";
        assert_eq!(
            value(session, PrincipalKey::Arn),
            v("arn:aws:iam::111122223333:role/Dev")
        );
        assert_eq!(value(session, PrincipalKey::Type), v("AssumedRole"));
        assert_eq!(value(session, PrincipalKey::UserId), Derived::Fact);
        assert_eq!(value(session, PrincipalKey::UserName), Derived::Absent);
        let federated = "arn:aws:sts::111122223333:federated-user/bob";
        assert_eq!(
            value(federated, PrincipalKey::UserId),
            v("111122223333:bob")
        );
        let user = "arn:aws:iam::111122223333:user/ops/carol";
        assert_eq!(value(user, PrincipalKey::UserName), v("carol"));
        assert_eq!(value("anonymous", PrincipalKey::Account), v("anonymous"));
        assert_eq!(
            value("anonymous", PrincipalKey::IsAwsService),
            Derived::Absent
        );
        assert_eq!(
            value("service:sns.amazonaws.com", PrincipalKey::Account),
            Derived::Absent
        );
        assert_eq!(value("canonical:abc", PrincipalKey::Account), Derived::Fact);
        assert_eq!(
            value("canonical:abc", PrincipalKey::IsAwsService),
            v("false")
        );
    }
}
