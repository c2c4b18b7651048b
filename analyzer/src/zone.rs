//! The zone of trust: the accounts (and organization) whose principals are
//! not "external".

use serde::Serialize;

/// A zone of trust, as given by `--account`, `--org`, `--org-account` and
/// `--trusted-account`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Zone {
    /// The resource owner's account (12 digits).
    pub account: String,
    /// The organization id (`o-...`) when the zone is an organization.
    pub org: Option<String>,
    /// Known member accounts of the organization.
    pub org_accounts: Vec<String>,
    /// Further accounts trusted as if they were inside the zone.
    pub trusted_accounts: Vec<String>,
}

/// A zone that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZoneError {
    /// An account id that is not 12 digits.
    #[error("invalid account id `{0}`: expected 12 digits")]
    InvalidAccount(String),
    /// An organization id that is not `o-` plus 10 to 32 lowercase letters or digits.
    #[error("invalid organization id `{0}`: expected `o-` followed by 10 to 32 lowercase letters or digits")]
    InvalidOrg(String),
    /// Member accounts given without an organization.
    #[error("organization member accounts need an organization id (--org)")]
    AccountsWithoutOrg,
}

impl Zone {
    /// A zone of one account.
    pub fn account(account: &str) -> Zone {
        Zone {
            account: account.to_string(),
            ..Zone::default()
        }
    }

    /// Checks the ids' formats.
    pub fn validate(&self) -> Result<(), ZoneError> {
        for account in self.accounts() {
            if !is_account_id(account) {
                return Err(ZoneError::InvalidAccount(account.to_string()));
            }
        }
        match &self.org {
            Some(org) if !is_org_id(org) => Err(ZoneError::InvalidOrg(org.clone())),
            None if !self.org_accounts.is_empty() => Err(ZoneError::AccountsWithoutOrg),
            _ => Ok(()),
        }
    }

    /// Every account inside the zone: the owner, the listed organization
    /// members and the trusted accounts.
    pub fn accounts(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.account.as_str())
            .chain(self.org_accounts.iter().map(String::as_str))
            .chain(self.trusted_accounts.iter().map(String::as_str))
    }

    /// Whether `account` is inside the zone by its id alone (an account of the
    /// zone's organization that is not listed is recognised by its
    /// `aws:PrincipalOrgID` instead).
    pub fn contains_account(&self, account: &str) -> bool {
        self.accounts().any(|a| a == account)
    }

    /// Whether `org` is the zone's organization.
    pub fn is_zone_org(&self, org: &str) -> bool {
        self.org.as_deref() == Some(org)
    }
}

pub use crate::policy::{is_account_id, is_org_id};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_zone_needs_valid_ids() {
        let mut zone = Zone::account("111122223333");
        assert!(zone.validate().is_ok());
        zone.org = Some("o-abc".into());
        assert_eq!(zone.validate(), Err(ZoneError::InvalidOrg("o-abc".into())));
        zone.org = Some("o-a1b2c3d4e5".into());
        assert!(zone.validate().is_ok());
        zone.trusted_accounts.push("12".into());
        assert_eq!(zone.validate(), Err(ZoneError::InvalidAccount("12".into())));
    }

    #[test]
    fn trusted_and_member_accounts_are_inside() {
        let zone = Zone {
            account: "111122223333".into(),
            org: Some("o-a1b2c3d4e5".into()),
            org_accounts: vec!["222233334444".into()],
            trusted_accounts: vec!["555566667777".into()],
        };
        assert!(zone.contains_account("222233334444"));
        assert!(zone.contains_account("555566667777"));
        assert!(!zone.contains_account("444455556666"));
    }
}
