//! The records of the IAM catalog: services, actions, resource types and
//! condition keys, with the names spelled as AWS spells them.

use std::fmt;

use zoneproof_encodings::pattern::Pattern;

use super::CatalogError;

/// An AWS service: its actions, resource types and condition keys.
#[derive(Debug)]
pub struct Service {
    /// The service prefix used in actions and ARNs, lower case, e.g. `s3`.
    pub prefix: &'static str,
    /// The service's full name, e.g. `Amazon S3`.
    pub name: &'static str,
    /// The actions, sorted case-insensitively by name.
    pub actions: Vec<Action>,
    /// The resource types, sorted case-insensitively by name.
    pub resource_types: Vec<ResourceTypeInfo>,
    /// The condition keys the service documents (its own and some global or
    /// federation keys), sorted case-insensitively by name. For the type of
    /// a key as used in a policy, see
    /// [`Catalog::condition_key_type`](super::Catalog::condition_key_type).
    pub condition_keys: Vec<ConditionKey>,
}

impl Service {
    /// The action with this name (case-insensitive), e.g. `getobject`.
    pub fn action(&self, name: &str) -> Option<&Action> {
        find_by_name(&self.actions, name, |a| a.name)
    }

    /// The resource type with this name (case-insensitive), e.g. `bucket`.
    pub fn resource_type(&self, name: &str) -> Option<&ResourceTypeInfo> {
        find_by_name(&self.resource_types, name, |r| r.name)
    }

    /// The condition key with this exact name (case-insensitive), as the
    /// service lists it, e.g. `s3:x-amz-acl` or `aws:RequestTag/${TagKey}`.
    pub fn condition_key(&self, name: &str) -> Option<&ConditionKey> {
        find_by_name(&self.condition_keys, name, |k| k.name)
    }

    /// The actions whose qualified name (`s3:GetObject`) matches an IAM action
    /// pattern such as `s3:Get*`, `*` or `s3:*Object?`, ignoring case as IAM
    /// does. `*` matches any sequence of characters, `?` any one character.
    ///
    /// # Example
    /// ```
    /// use zoneproof_analyzer::catalog::Catalog;
    /// let s3 = Catalog::get().service("s3").unwrap();
    /// assert!(s3.actions_matching("S3:getobj*").any(|a| a.name == "GetObject"));
    /// ```
    pub fn actions_matching(&self, pattern: &str) -> impl Iterator<Item = &Action> + '_ {
        let pattern = Pattern::wildcard(pattern).ignoring_case();
        let mut qualified = String::new();
        self.actions.iter().filter(move |action| {
            qualified.clear();
            qualified.push_str(action.service);
            qualified.push(':');
            qualified.push_str(action.name);
            pattern.matches(&qualified)
        })
    }

    /// The actions that can act on at least one of the named resource types
    /// (case-insensitive), in catalog order: the concrete actions a finding
    /// on such a resource lists. Actions that take no resource type (they
    /// only accept `"Resource": "*"`) are never included.
    ///
    /// # Errors
    /// [`CatalogError::UnknownResourceType`] when the service has no
    /// resource type of one of the names, so that a misspelt type never
    /// silently yields no actions.
    pub fn actions_on_resource_types(
        &self,
        resource_types: &[&str],
    ) -> Result<Vec<&Action>, CatalogError> {
        if let Some(unknown) = resource_types
            .iter()
            .find(|name| self.resource_type(name).is_none())
        {
            return Err(CatalogError::UnknownResourceType {
                service: self.prefix.to_string(),
                name: unknown.to_string(),
            });
        }
        Ok(self
            .actions
            .iter()
            .filter(|action| resource_types.iter().any(|name| action.acts_on(name)))
            .collect())
    }
}

/// An action of a service, e.g. `GetObject` of `s3`.
#[derive(Debug)]
pub struct Action {
    /// The prefix of the service the action belongs to, e.g. `s3`.
    pub service: &'static str,
    /// The action name as AWS spells it, e.g. `GetObject`.
    pub name: &'static str,
    /// The most specific access level: `Tagging` or `Permissions management`
    /// when listed, else `Write`, `Read` or `List` — the classification the
    /// AWS Service Authorization Reference shows.
    pub access_level: AccessLevel,
    /// Every access level the source lists for the action (iam-data lists
    /// tagging actions as `Tagging, Write`).
    pub access_levels: AccessLevels,
    /// The resource types the action can act on, sorted case-insensitively.
    /// Empty when the action only accepts `"Resource": "*"`.
    pub resource_types: Vec<ActionResource>,
    /// The condition keys the action supports whatever its resource.
    pub condition_keys: Vec<&'static str>,
}

impl Action {
    /// The name with its service prefix, e.g. `s3:GetObject`.
    pub fn qualified_name(&self) -> String {
        format!("{}:{}", self.service, self.name)
    }

    /// Whether the action can act on a resource of this type (case-insensitive).
    pub fn acts_on(&self, resource_type: &str) -> bool {
        self.resource_type(resource_type).is_some()
    }

    /// The action's entry for a resource type (case-insensitive).
    pub fn resource_type(&self, name: &str) -> Option<&ActionResource> {
        find_by_name(&self.resource_types, name, |r| r.name)
    }
}

/// A resource type an action can act on.
#[derive(Debug)]
pub struct ActionResource {
    /// The resource type's name, as its [`ResourceTypeInfo`] spells it.
    pub name: &'static str,
    /// Whether a request for the action always names a resource of this type
    /// (marked `*` in the AWS Service Authorization Reference).
    pub required: bool,
    /// Condition keys that apply only when the action acts on this type.
    pub condition_keys: Vec<&'static str>,
}

/// A resource type of a service, e.g. `object` of `s3`.
#[derive(Debug)]
pub struct ResourceTypeInfo {
    /// The resource type's name, e.g. `object`.
    pub name: &'static str,
    /// The ARN formats of the type, with `${...}` placeholders, e.g.
    /// `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    pub arn_formats: Vec<&'static str>,
    /// Condition keys that describe resources of this type.
    pub condition_keys: Vec<&'static str>,
}

/// A condition key and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionKey {
    /// The key as AWS spells it, possibly templated, e.g.
    /// `aws:RequestTag/${TagKey}` or `s3:ExistingObjectTag/<key>`.
    pub name: &'static str,
    /// The type of its values.
    pub key_type: KeyType,
}

/// The type of a condition key's values, as the AWS Service Authorization
/// Reference names it. `ArrayOf...` types are multivalued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// A string (`String`).
    String,
    /// A set of strings (`ArrayOfString`).
    ArrayOfString,
    /// An ARN (`ARN`).
    Arn,
    /// A set of ARNs (`ArrayOfARN`).
    ArrayOfArn,
    /// A Boolean (`Bool`).
    Bool,
    /// A set of Booleans (`ArrayOfBool`).
    ArrayOfBool,
    /// A number (`Numeric`).
    Numeric,
    /// A set of numbers (`ArrayOfNumeric`).
    ArrayOfNumeric,
    /// A date and time (`Date`).
    Date,
    /// A set of dates (`ArrayOfDate`).
    ArrayOfDate,
    /// An IPv4 or IPv6 address (`IPAddress`).
    IpAddress,
    /// A set of IP addresses (`ArrayOfIPAddress`).
    ArrayOfIpAddress,
}

impl KeyType {
    /// The type named as AWS names it, e.g. `ArrayOfARN`.
    pub fn from_aws_name(name: &str) -> Option<KeyType> {
        Some(match name {
            "String" => KeyType::String,
            "ArrayOfString" => KeyType::ArrayOfString,
            "ARN" => KeyType::Arn,
            "ArrayOfARN" => KeyType::ArrayOfArn,
            "Bool" => KeyType::Bool,
            "ArrayOfBool" => KeyType::ArrayOfBool,
            "Numeric" => KeyType::Numeric,
            "ArrayOfNumeric" => KeyType::ArrayOfNumeric,
            "Date" => KeyType::Date,
            "ArrayOfDate" => KeyType::ArrayOfDate,
            "IPAddress" => KeyType::IpAddress,
            "ArrayOfIPAddress" => KeyType::ArrayOfIpAddress,
            _ => return None,
        })
    }

    /// The AWS name of the type, e.g. `IPAddress`.
    pub fn aws_name(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::ArrayOfString => "ArrayOfString",
            KeyType::Arn => "ARN",
            KeyType::ArrayOfArn => "ArrayOfARN",
            KeyType::Bool => "Bool",
            KeyType::ArrayOfBool => "ArrayOfBool",
            KeyType::Numeric => "Numeric",
            KeyType::ArrayOfNumeric => "ArrayOfNumeric",
            KeyType::Date => "Date",
            KeyType::ArrayOfDate => "ArrayOfDate",
            KeyType::IpAddress => "IPAddress",
            KeyType::ArrayOfIpAddress => "ArrayOfIPAddress",
        }
    }

    /// Whether a request may carry several values for the key.
    pub fn is_multivalued(self) -> bool {
        self.element_type() != self
    }

    /// The type of one value: `ArrayOfString` gives `String`, a scalar type
    /// gives itself.
    pub fn element_type(self) -> KeyType {
        match self {
            KeyType::ArrayOfString => KeyType::String,
            KeyType::ArrayOfArn => KeyType::Arn,
            KeyType::ArrayOfBool => KeyType::Bool,
            KeyType::ArrayOfNumeric => KeyType::Numeric,
            KeyType::ArrayOfDate => KeyType::Date,
            KeyType::ArrayOfIpAddress => KeyType::IpAddress,
            scalar => scalar,
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.aws_name())
    }
}

/// How much access an action grants, as the AWS Service Authorization
/// Reference classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    /// Lists resources (`List`).
    List,
    /// Reads resources or their attributes (`Read`).
    Read,
    /// Creates, changes or deletes resources (`Write`).
    Write,
    /// Changes permissions, e.g. resource policies (`Permissions management`).
    PermissionsManagement,
    /// Changes tags (`Tagging`).
    Tagging,
}

impl AccessLevel {
    const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];

    /// The level as AWS spells it, e.g. `Permissions management`.
    pub fn aws_name(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    /// The one-letter code of the generated catalog: `L`, `R`, `W`, `P`, `T`.
    pub(super) fn from_code(code: char) -> Option<AccessLevel> {
        match code {
            'L' => Some(AccessLevel::List),
            'R' => Some(AccessLevel::Read),
            'W' => Some(AccessLevel::Write),
            'P' => Some(AccessLevel::PermissionsManagement),
            'T' => Some(AccessLevel::Tagging),
            _ => None,
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.aws_name())
    }
}

/// A set of access levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AccessLevels(u8);

impl AccessLevels {
    /// The set with one more level.
    pub fn with(self, level: AccessLevel) -> AccessLevels {
        AccessLevels(self.0 | level.bit())
    }

    /// Whether the set holds `level`.
    pub fn contains(self, level: AccessLevel) -> bool {
        self.0 & level.bit() != 0
    }

    /// The levels in the set, from `List` to `Tagging`.
    pub fn iter(self) -> impl Iterator<Item = AccessLevel> {
        AccessLevel::ALL
            .into_iter()
            .filter(move |level| self.contains(*level))
    }

    /// The most specific level of the set: `Tagging`, then `Permissions
    /// management`, `Write`, `Read`, `List`; `None` for the empty set.
    pub fn most_specific(self) -> Option<AccessLevel> {
        [
            AccessLevel::Tagging,
            AccessLevel::PermissionsManagement,
            AccessLevel::Write,
            AccessLevel::Read,
            AccessLevel::List,
        ]
        .into_iter()
        .find(|level| self.contains(*level))
    }
}

/// Binary search in records sorted by ASCII-lower-cased name.
pub(super) fn find_by_name<'a, T>(
    records: &'a [T],
    name: &str,
    name_of: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    records
        .binary_search_by(|record| cmp_ignore_ascii_case(name_of(record), name))
        .ok()
        .and_then(|index| records.get(index))
}

/// Orders strings by their ASCII-lower-cased bytes.
pub(super) fn cmp_ignore_ascii_case(a: &str, b: &str) -> std::cmp::Ordering {
    let lower = |c: &u8| c.to_ascii_lowercase();
    a.as_bytes()
        .iter()
        .map(lower)
        .cmp(b.as_bytes().iter().map(lower))
}
