//! Resource types zoneproof does not know: given with a policy and an ARN,
//! they are analysed over every action of the ARN's service, with any
//! resource of that service a request could name (nothing is assumed
//! away), and the result says so.
//!
//! A generic type is its name and its service. Both are interned once per
//! process so that [`GenericType`] stays a copyable pointer; the number of
//! distinct generic types is bounded ([`MAX_GENERIC_TYPES`]), so that a
//! hostile input cannot grow memory without end.

use std::collections::BTreeMap;
use std::sync::{LazyLock, Mutex};

/// At most this many distinct unknown types are analysed in one process.
pub const MAX_GENERIC_TYPES: usize = 4096;

/// The longest name accepted for an unknown type.
const MAX_NAME_LENGTH: usize = 256;

/// A resource type zoneproof does not know, analysed generically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GenericType(&'static GenericDef);

#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct GenericDef {
    name: &'static str,
    service: &'static str,
}

static INTERNED: LazyLock<Mutex<BTreeMap<(String, String), &'static GenericDef>>> =
    LazyLock::new(|| Mutex::new(BTreeMap::new()));

/// Why an unknown type cannot be analysed generically.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenericError {
    /// The name is empty, too long or holds control characters.
    #[error("invalid resource type name: expected a name such as `AWS::Service::Resource`")]
    BadName,
    /// Too many distinct unknown types in this process.
    #[error("more than {MAX_GENERIC_TYPES} distinct unknown resource types")]
    TooMany,
}

impl GenericType {
    /// The generic type `name` of `service` (the ARN's service).
    ///
    /// # Errors
    /// [`GenericError`] for an unusable name or past the bound.
    pub fn new(name: &str, service: &str) -> Result<GenericType, GenericError> {
        let name = name.trim();
        if name.is_empty() || name.len() > MAX_NAME_LENGTH || name.chars().any(char::is_control) {
            return Err(GenericError::BadName);
        }
        let mut interned = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
        let key = (name.to_string(), service.to_string());
        if let Some(def) = interned.get(&key) {
            return Ok(GenericType(def));
        }
        if interned.len() >= MAX_GENERIC_TYPES {
            return Err(GenericError::TooMany);
        }
        let def: &'static GenericDef = Box::leak(Box::new(GenericDef {
            name: Box::leak(name.to_string().into_boxed_str()),
            service: Box::leak(service.to_string().into_boxed_str()),
        }));
        interned.insert(key, def);
        Ok(GenericType(def))
    }

    /// The type's name as given.
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// The service of its ARN, whose actions are all analysed.
    pub fn service(self) -> &'static str {
        self.0.service
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_gives_one_value_per_name_and_service() {
        let a = GenericType::new("AWS::Example::Thing", "example");
        let b = GenericType::new(" AWS::Example::Thing ", "example");
        assert_eq!(a, b);
        let c = GenericType::new("AWS::Example::Thing", "other");
        assert_ne!(a, c);
        assert_eq!(a.map(GenericType::service), Ok("example"));
    }

    #[test]
    fn unusable_names_are_refused() {
        assert_eq!(GenericType::new("", "s"), Err(GenericError::BadName));
        assert_eq!(GenericType::new("a\nb", "s"), Err(GenericError::BadName));
        let long = "A".repeat(MAX_NAME_LENGTH + 1);
        assert_eq!(GenericType::new(&long, "s"), Err(GenericError::BadName));
    }
}
