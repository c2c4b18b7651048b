//! Who makes the request: the principal named on the command line, found
//! in the IAM model when it is an IAM user or role.

use crate::eval::RequestPrincipal;
use crate::iam::{Entity, IamModel, Role, User};
use crate::policy::AwsIdentity;

use super::trace::PrincipalSummary;
use super::AuthorizeError;

/// The session name given to a role named by its role ARN.
pub const DEFAULT_SESSION_NAME: &str = "session";

/// The principal of a request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Caller<'a> {
    /// The account's root user.
    Root { partition: String, account: String },
    /// An IAM user.
    User { user: &'a User, account: String },
    /// A session of an IAM role.
    RoleSession {
        role: &'a Role,
        partition: String,
        account: String,
        session: String,
    },
    /// A federated user session (`GetFederationToken`), with the IAM user
    /// that created it when known.
    FederatedUser {
        arn: String,
        account: String,
        federating_user: Option<&'a User>,
    },
    /// An AWS service principal.
    Service(String),
    /// An unauthenticated caller.
    Anonymous,
    /// A web-identity or SAML provider (before a role is assumed).
    Federated(String),
    /// An S3 canonical user.
    CanonicalUser(String),
}

impl<'a> Caller<'a> {
    /// Finds the principal written `text` (the forms of
    /// [`RequestPrincipal::from_str`](std::str::FromStr)) in the model.
    /// `federating_user` names the IAM user that created a federated user
    /// session.
    pub(crate) fn resolve(
        iam: &'a IamModel,
        text: &str,
        federating_user: Option<&str>,
    ) -> Result<Caller<'a>, AuthorizeError> {
        let principal: RequestPrincipal =
            text.parse()
                .map_err(|e: crate::eval::PrincipalSyntaxError| {
                    AuthorizeError::InvalidPrincipal(e.to_string())
                })?;
        if federating_user.is_some() && !text.contains(":federated-user/") {
            return Err(AuthorizeError::InvalidRequest(
                "a federating user applies only to a federated user principal (arn:aws:sts::ID:federated-user/NAME)"
                    .to_string(),
            ));
        }
        let arn = match principal {
            RequestPrincipal::Anonymous => return Ok(Caller::Anonymous),
            RequestPrincipal::Service(name) => return Ok(Caller::Service(name)),
            RequestPrincipal::Federated(provider) => return Ok(Caller::Federated(provider)),
            RequestPrincipal::CanonicalUser(id) => return Ok(Caller::CanonicalUser(id)),
            RequestPrincipal::Aws(arn) => arn,
        };
        let identity = AwsIdentity::parse(&arn).ok_or_else(|| {
            AuthorizeError::InvalidPrincipal(format!("`{arn}` is not a principal ARN"))
        })?;
        let account = identity.account().to_string();
        let partition = identity.partition().to_string();
        match &identity {
            AwsIdentity::Root { .. } => Ok(Caller::Root { partition, account }),
            AwsIdentity::User { .. } => {
                let user = find_user(iam, &account, identity.name(), &arn)?;
                Ok(Caller::User { user, account })
            }
            AwsIdentity::Role { .. } => Ok(Caller::RoleSession {
                role: find_role(iam, &account, identity.name(), &arn)?,
                partition,
                account,
                session: DEFAULT_SESSION_NAME.to_string(),
            }),
            AwsIdentity::AssumedRole { role, session, .. } => Ok(Caller::RoleSession {
                role: find_role(iam, &account, role, &arn)?,
                session: session.clone(),
                partition,
                account,
            }),
            AwsIdentity::FederatedUser { .. } => {
                let federating_user = match federating_user {
                    None => None,
                    Some(user_arn) => Some(federating(iam, user_arn, &account)?),
                };
                Ok(Caller::FederatedUser {
                    arn: arn.clone(),
                    account,
                    federating_user,
                })
            }
        }
    }

    /// The principal's account, for AWS principals.
    pub(crate) fn account(&self) -> Option<&str> {
        match self {
            Caller::Root { account, .. }
            | Caller::User { account, .. }
            | Caller::RoleSession { account, .. }
            | Caller::FederatedUser { account, .. } => Some(account),
            _ => None,
        }
    }

    /// Whether the caller is an IAM principal of an account (root, user,
    /// role session, federated user): the principals whose account's
    /// identity-side policies apply.
    pub(crate) fn is_account_principal(&self) -> bool {
        self.account().is_some()
    }

    /// The user or role whose identity-based policies and boundary apply
    /// (for a federated user, the IAM user that created the session).
    pub(crate) fn entity(&self) -> Option<Entity<'a>> {
        match self {
            Caller::User { user, .. } => Some(Entity::User(user)),
            Caller::RoleSession { role, .. } => Some(Entity::Role(role)),
            Caller::FederatedUser {
                federating_user: Some(user),
                ..
            } => Some(Entity::User(user)),
            _ => None,
        }
    }

    /// Whether the caller is a session of a service-linked role.
    pub(crate) fn is_service_linked(&self) -> bool {
        matches!(self, Caller::RoleSession { role, .. } if role.is_service_linked())
    }

    /// Whether the caller is a session principal (role session or federated
    /// user), the principals a session policy can limit.
    pub(crate) fn is_session(&self) -> bool {
        matches!(
            self,
            Caller::RoleSession { .. } | Caller::FederatedUser { .. }
        )
    }

    /// The principal as the evaluator sees it: a role session by its
    /// session ARN.
    pub(crate) fn request_principal(&self) -> RequestPrincipal {
        match self {
            Caller::Root { .. }
            | Caller::User { .. }
            | Caller::RoleSession { .. }
            | Caller::FederatedUser { .. } => RequestPrincipal::Aws(self.arn()),
            Caller::Service(name) => RequestPrincipal::Service(name.clone()),
            Caller::Anonymous => RequestPrincipal::Anonymous,
            Caller::Federated(provider) => RequestPrincipal::Federated(provider.clone()),
            Caller::CanonicalUser(id) => RequestPrincipal::CanonicalUser(id.clone()),
        }
    }

    /// The ARN (or the command-line form) of the principal.
    pub(crate) fn arn(&self) -> String {
        match self {
            Caller::Root { partition, account } => format!("arn:{partition}:iam::{account}:root"),
            Caller::User { user, .. } => user.arn.clone(),
            Caller::RoleSession {
                role,
                partition,
                account,
                session,
            } => format!(
                "arn:{partition}:sts::{account}:assumed-role/{}/{session}",
                role.name
            ),
            Caller::FederatedUser { arn, .. } => arn.clone(),
            other => other.request_principal().to_string(),
        }
    }

    /// What kind of principal it is, for people.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Caller::Root { .. } => "root user",
            Caller::User { .. } => "IAM user",
            Caller::RoleSession { .. } => "role session",
            Caller::FederatedUser { .. } => "federated user",
            Caller::Service(_) => "AWS service",
            Caller::Anonymous => "anonymous",
            Caller::Federated(_) => "federated identity",
            Caller::CanonicalUser(_) => "canonical user",
        }
    }

    /// The kind with its article: `an IAM user`, `a role session`, `anonymous`.
    pub(crate) fn kind_with_article(&self) -> String {
        let kind = self.kind();
        match kind {
            "anonymous" => "an anonymous caller".to_string(),
            _ if kind.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) => {
                format!("an {kind}")
            }
            _ => format!("a {kind}"),
        }
    }

    /// The principal part of the trace.
    pub(crate) fn summary(&self) -> PrincipalSummary {
        PrincipalSummary {
            arn: self.arn(),
            kind: self.kind().to_string(),
            account: self.account().map(str::to_string),
            entity: self.entity().map(|e| e.arn().to_string()),
            service_linked: self.is_service_linked(),
        }
    }
}

fn no_entity(iam: &IamModel, kind: &str, account: &str, name: &str, arn: &str) -> AuthorizeError {
    let why = if iam.account(account).is_some() {
        format!("no {kind} `{name}` in the authorization details of account {account}")
    } else {
        format!(
            "no authorization details for account {account} (`aws iam get-account-authorization-details`)"
        )
    };
    AuthorizeError::PrincipalNotInInputs(format!(
        "`{arn}`: {why}; its identity-based policies are needed"
    ))
}

fn find_user<'a>(
    iam: &'a IamModel,
    account: &str,
    name: &str,
    arn: &str,
) -> Result<&'a User, AuthorizeError> {
    iam.user(account, name)
        .ok_or_else(|| no_entity(iam, "user", account, name, arn))
}

fn find_role<'a>(
    iam: &'a IamModel,
    account: &str,
    name: &str,
    arn: &str,
) -> Result<&'a Role, AuthorizeError> {
    iam.role(account, name)
        .ok_or_else(|| no_entity(iam, "role", account, name, arn))
}

/// The IAM user that created a federated user session: a user of the
/// session's account.
fn federating<'a>(
    iam: &'a IamModel,
    user_arn: &str,
    account: &str,
) -> Result<&'a User, AuthorizeError> {
    match AwsIdentity::parse(user_arn) {
        Some(identity @ AwsIdentity::User { .. }) if identity.account() == account => {
            find_user(iam, account, identity.name(), user_arn)
        }
        _ => Err(AuthorizeError::InvalidRequest(format!(
            "the federating user `{user_arn}` must be an IAM user ARN of account {account}"
        ))),
    }
}
