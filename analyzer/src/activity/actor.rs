//! Who made a CloudTrail event, as the IAM principal whose policies allowed
//! it: a role covers its sessions (`AssumedRole` events name the role in
//! `sessionContext.sessionIssuer`), a federated user's calls are its
//! issuing IAM user's, and calls by AWS services (`AWSService`), by other
//! accounts known only by id (`AWSAccount`), and by web, SAML or IAM
//! Identity Center identities before they assume a role belong to no IAM
//! principal of the account.
//!
//! See https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html

use std::fmt;

use crate::inputs::cloudtrail::{TrailEvent, UserIdentity};

/// The kind of an IAM principal whose policies are read from the
/// authorization details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrincipalKind {
    /// An IAM role (and all of its sessions).
    Role,
    /// An IAM user (and the federated users it issued).
    User,
    /// The account's root user.
    Root,
}

impl PrincipalKind {
    /// `role`, `user` or `root`.
    pub fn name(self) -> &'static str {
        match self {
            PrincipalKind::Role => "role",
            PrincipalKind::User => "user",
            PrincipalKind::Root => "root",
        }
    }
}

/// An IAM principal, by account, kind and name (role and user names are
/// unique in an account whatever their case and path).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrincipalId {
    /// The account id.
    pub account: String,
    /// Role, user or root.
    pub kind: PrincipalKind,
    /// The name in lower case (empty for root).
    pub name: String,
}

impl PrincipalId {
    /// A principal of `kind` named `name` in `account`.
    pub fn new(account: &str, kind: PrincipalKind, name: &str) -> PrincipalId {
        PrincipalId {
            account: account.to_string(),
            kind,
            name: name.to_ascii_lowercase(),
        }
    }

    /// Reads a principal ARN: `arn:P:iam::A:role/path/name`,
    /// `arn:P:iam::A:user/path/name`, `arn:P:iam::A:root`, or a role
    /// session `arn:P:sts::A:assumed-role/name/session` (its role).
    pub fn from_arn(arn: &str) -> Option<PrincipalId> {
        let mut fields = arn.splitn(6, ':');
        let (Some("arn"), Some(_), Some(service), Some(_), Some(account), Some(resource)) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return None;
        };
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let last = |path: &str| {
            path.rsplit('/')
                .next()
                .filter(|n| !n.is_empty())
                .map(str::to_string)
        };
        match (service, resource.split_once('/')) {
            ("iam", None) if resource == "root" => {
                Some(PrincipalId::new(account, PrincipalKind::Root, ""))
            }
            ("iam", Some(("role", path))) => {
                Some(PrincipalId::new(account, PrincipalKind::Role, &last(path)?))
            }
            ("iam", Some(("user", path))) => {
                Some(PrincipalId::new(account, PrincipalKind::User, &last(path)?))
            }
            ("sts", Some(("assumed-role", rest))) => {
                let role = rest.split('/').next().filter(|n| !n.is_empty())?;
                Some(PrincipalId::new(account, PrincipalKind::Role, role))
            }
            _ => None,
        }
    }
}

impl fmt::Display for PrincipalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PrincipalKind::Root => write!(f, "arn:aws:iam::{}:root", self.account),
            kind => write!(f, "{} {} in {}", kind.name(), self.name, self.account),
        }
    }
}

/// Who made an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// An IAM principal of an account; `arn` is its ARN as the event gives
    /// it (the role's ARN with its path for a role session), `session` the
    /// session ARN for temporary credentials.
    Principal {
        /// The principal.
        id: PrincipalId,
        /// Its ARN, when the event gives it.
        arn: Option<String>,
        /// The caller's own ARN when it is a session (assumed role or
        /// federated user).
        session: Option<String>,
    },
    /// An AWS service acting on its own (`AWSService`), e.g. `cloudtrail.amazonaws.com`.
    Service(String),
    /// Another kind of caller (`AWSAccount`, `WebIdentityUser`,
    /// `SAMLUser`, `IdentityCenterUser`, `Directory`, `Unknown`, ...),
    /// with the `userIdentity.type` it has.
    Other(String),
}

impl Actor {
    /// The caller of an event.
    pub fn of_event(event: &TrailEvent<'_>) -> Actor {
        match &event.user_identity {
            Some(identity) => Actor::of_identity(identity),
            None => Actor::Other("none".to_string()),
        }
    }

    /// The caller described by a `userIdentity`.
    pub fn of_identity(identity: &UserIdentity<'_>) -> Actor {
        let kind = identity.identity_type.as_deref().unwrap_or("");
        let account = identity.account_id.as_deref().unwrap_or("");
        let issuer = identity
            .session_context
            .as_ref()
            .and_then(|c| c.session_issuer.as_ref());
        let principal = |id: Option<PrincipalId>, arn: Option<&str>, session: Option<&str>| match id
        {
            Some(id) => Actor::Principal {
                id,
                arn: arn.map(str::to_string),
                session: session.map(str::to_string),
            },
            None => Actor::Other(kind.to_string()),
        };
        match kind {
            "AssumedRole" | "Role" => {
                let issuer_arn = issuer.and_then(|i| i.arn.as_deref());
                let id = issuer_arn
                    .and_then(PrincipalId::from_arn)
                    .or_else(|| identity.arn.as_deref().and_then(PrincipalId::from_arn))
                    .filter(|id| id.kind == PrincipalKind::Role);
                principal(id, issuer_arn, identity.arn.as_deref())
            }
            "IAMUser" => {
                let id = identity
                    .arn
                    .as_deref()
                    .and_then(PrincipalId::from_arn)
                    .or_else(|| {
                        let name = identity.user_name.as_deref()?;
                        (!account.is_empty())
                            .then(|| PrincipalId::new(account, PrincipalKind::User, name))
                    });
                principal(id, identity.arn.as_deref(), None)
            }
            "Root" => {
                let id = (!account.is_empty())
                    .then(|| PrincipalId::new(account, PrincipalKind::Root, ""));
                principal(id, identity.arn.as_deref(), None)
            }
            "FederatedUser" => {
                let issuer_arn = issuer.and_then(|i| i.arn.as_deref());
                let id = issuer_arn
                    .and_then(PrincipalId::from_arn)
                    .filter(|id| id.kind == PrincipalKind::User);
                principal(id, issuer_arn, identity.arn.as_deref())
            }
            "AWSService" => Actor::Service(
                identity
                    .invoked_by
                    .as_deref()
                    .unwrap_or("unknown service")
                    .to_string(),
            ),
            other => Actor::Other(other.to_string()),
        }
    }

    /// The IAM principal, when the caller is one.
    pub fn principal(&self) -> Option<&PrincipalId> {
        match self {
            Actor::Principal { id, .. } => Some(id),
            Actor::Service(_) | Actor::Other(_) => None,
        }
    }
}

/// The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`), `aws` when
/// the text is not an ARN.
pub fn partition_of(arn: Option<&str>) -> &str {
    arn.and_then(|arn| arn.strip_prefix("arn:"))
        .and_then(|rest| rest.split(':').next())
        .filter(|p| !p.is_empty())
        .unwrap_or("aws")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(json: &str) -> Actor {
        let identity: UserIdentity = serde_json::from_str(json).unwrap();
        Actor::of_identity(&identity)
    }

    #[test]
    fn a_role_session_is_its_role_with_the_path() {
        let a = actor(
            r#"{"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/Deploy/ci-42",
            "accountId": "111122223333", "sessionContext": {"sessionIssuer": {"type": "Role",
            "arn": "arn:aws:iam::111122223333:role/ci/Deploy", "userName": "Deploy"}}}"#,
        );
        let Actor::Principal { id, arn, session } = a else {
            panic!()
        };
        assert_eq!(
            id,
            PrincipalId::new("111122223333", PrincipalKind::Role, "deploy")
        );
        assert_eq!(
            arn.as_deref(),
            Some("arn:aws:iam::111122223333:role/ci/Deploy")
        );
        assert_eq!(
            session.as_deref(),
            Some("arn:aws:sts::111122223333:assumed-role/Deploy/ci-42")
        );
    }

    #[test]
    fn users_root_federated_users_and_services() {
        let user = actor(
            r#"{"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/ops/Bob", "accountId": "111122223333"}"#,
        );
        assert_eq!(
            user.principal(),
            Some(&PrincipalId::new(
                "111122223333",
                PrincipalKind::User,
                "bob"
            ))
        );
        let root = actor(
            r#"{"type": "Root", "arn": "arn:aws:iam::111122223333:root", "accountId": "111122223333"}"#,
        );
        assert_eq!(root.principal().unwrap().kind, PrincipalKind::Root);
        let federated = actor(
            r#"{"type": "FederatedUser", "arn": "arn:aws:sts::111122223333:federated-user/x",
            "sessionContext": {"sessionIssuer": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/Bob"}}}"#,
        );
        assert_eq!(federated.principal(), user.principal());
        assert_eq!(
            actor(r#"{"type": "AWSService", "invokedBy": "cloudtrail.amazonaws.com"}"#),
            Actor::Service("cloudtrail.amazonaws.com".into())
        );
        assert_eq!(actor(r#"{"type": "WebIdentityUser"}"#).principal(), None);
    }

    #[test]
    fn principal_arns_are_read_and_others_refused() {
        assert_eq!(
            PrincipalId::from_arn("arn:aws:sts::111122223333:assumed-role/Deploy/s")
                .unwrap()
                .name,
            "deploy"
        );
        assert!(PrincipalId::from_arn("arn:aws:s3:::bucket").is_none());
        assert!(PrincipalId::from_arn("arn:aws:iam::1:role/x").is_none());
        assert_eq!(partition_of(Some("arn:aws-cn:iam::1:root")), "aws-cn");
    }
}
