//! How CloudTrail events map to IAM actions and resources: the exceptions
//! to the default rule, as data (`analyzer/data/cloudtrail-events.txt`,
//! hand-written by zoneproof and documented in `docs/cloudtrail-mapping.md`).
//!
//! The default rule (an event `GetObject` from `s3.amazonaws.com` needs
//! `s3:GetObject`) is applied by [`crate::activity::mapping`]; this module
//! holds the records that change it:
//! - [`EventMap::service_of_source`]: event sources whose service prefix is
//!   not the host name's first label (`monitoring.amazonaws.com` is
//!   `cloudwatch`);
//! - [`EventMap::no_permission`]: calls that need no IAM permission
//!   (`sts:GetCallerIdentity`, console sign-in, IAM Identity Center portal
//!   calls), with the reason;
//! - [`EventMap::rule`]: calls that need other or several actions
//!   (`ListObjectsV2` needs `s3:ListBucket`; `CopyObject` needs
//!   `s3:GetObject` on the source and `s3:PutObject` on the target);
//! - [`EventMap::placeholder`]: how to fill an ARN placeholder from a
//!   request parameter of another name (`${ObjectName}` from `key`).
//!
//! Every record is checked against the IAM catalog by the unit tests: the
//! services, actions and resource types it names exist, and each resource
//! type belongs to its action.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The mapping text, embedded at build time.
const EMBEDDED: &str = include_str!("../../data/cloudtrail-events.txt");

static EMBEDDED_MAP: LazyLock<Result<EventMap, EventMapError>> =
    LazyLock::new(|| EventMap::parse(EMBEDDED));

/// A malformed record of the mapping text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cloudtrail event mapping line {line}: {message}")]
pub struct EventMapError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The exceptions to the default event-to-action rule.
#[derive(Debug, Default)]
pub struct EventMap {
    sources: HashMap<&'static str, &'static str>,
    /// Keyed by [`event_key`].
    no_permission: HashMap<String, (&'static str, &'static str, &'static str)>,
    /// Keyed by [`event_key`].
    rules: HashMap<String, (&'static str, &'static str, Vec<Clause>)>,
    /// Keyed by `service:placeholder`, lower case.
    placeholders: HashMap<String, (&'static str, String, Template)>,
}

/// One action an event needs, with how to find its resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The qualified action, as the record spells it (`s3:ListBucket`).
    pub action: &'static str,
    /// A request parameter that must be present (or absent) for the clause
    /// to apply.
    pub guard: Option<Guard>,
    /// The catalog resource type, when the record names one.
    pub resource_type: Option<&'static str>,
    /// Placeholder values (`BucketName={bucket}`).
    pub bindings: Vec<(&'static str, Template)>,
    /// The whole resource ARN.
    pub arn: Option<Template>,
}

/// When a clause applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Only when the request parameter is present.
    Present(&'static str),
    /// Only when the request parameter is absent.
    Absent(&'static str),
}

/// A template over an event: text and references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The parts, in order.
    pub parts: Vec<TemplatePart>,
}

/// A part of a [`Template`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    /// Literal text.
    Text(&'static str),
    /// A value of the event, possibly filtered.
    Ref(Reference),
}

/// A reference to a value of the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Where the value comes from.
    pub source: RefSource,
    /// The path into request parameters or additional data.
    pub path: Vec<&'static str>,
    /// A transformation of the value.
    pub filter: Option<Filter>,
}

/// Where a [`Reference`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefSource {
    /// `requestParameters`.
    Parameter,
    /// `additionalEventData`.
    Additional,
    /// The caller's partition.
    Partition,
    /// The event's Region.
    Region,
    /// The resource's account.
    Account,
}

/// Transformations of a referenced value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// The last path segment of a URL (an SQS queue URL's queue name).
    UrlLast,
    /// The account id in an SQS queue URL's path.
    UrlAccount,
    /// S3's `x-amz-copy-source` (`bucket/key`, URL-encoded, maybe
    /// `?versionId=`) as `bucket/key`.
    CopySource,
    /// An IAM name whose path is not in the event: any path, then the name.
    AnyPath,
    /// A Secrets Manager secret name: the ARN adds `-` and six random
    /// characters.
    SecretName,
    /// A Lambda function name, partial ARN or ARN: the part after
    /// `function:`.
    FunctionName,
    /// A KMS key id; an alias or other form is unknown.
    KmsKeyId,
    /// The value without a leading `/`.
    StripSlash,
}

impl Filter {
    fn parse(name: &str) -> Option<Filter> {
        Some(match name {
            "url-last" => Filter::UrlLast,
            "url-account" => Filter::UrlAccount,
            "copy-source" => Filter::CopySource,
            "any-path" => Filter::AnyPath,
            "secret-name" => Filter::SecretName,
            "function-name" => Filter::FunctionName,
            "kms-key-id" => Filter::KmsKeyId,
            "strip-slash" => Filter::StripSlash,
            _ => return None,
        })
    }
}

impl EventMap {
    /// The embedded mapping, loaded on first use.
    ///
    /// # Errors
    /// [`EventMapError`] if the embedded text is malformed, which the unit
    /// tests rule out for the text that ships.
    pub fn try_get() -> Result<&'static EventMap, EventMapError> {
        EMBEDDED_MAP.as_ref().map_err(Clone::clone)
    }

    /// The service prefix of an event source that is not the default
    /// (`<prefix>.amazonaws.com`).
    pub fn service_of_source(&self, source: &str) -> Option<&'static str> {
        self.sources.get(source).copied()
    }

    /// Why the event needs no permission, when it does not.
    pub fn no_permission(&self, source: &str, name: &str) -> Option<&'static str> {
        self.no_permission
            .get(&event_key(source, name))
            .map(|(_, _, reason)| *reason)
    }

    /// The actions an event needs, when they are not the default.
    pub fn rule(&self, source: &str, name: &str) -> Option<&[Clause]> {
        self.rules
            .get(&event_key(source, name))
            .map(|(_, _, clauses)| clauses.as_slice())
    }

    /// How to fill `placeholder` (case-insensitive) of a resource of
    /// `service`, when it is not the request parameter of the same name.
    pub fn placeholder(&self, service: &str, placeholder: &str) -> Option<&Template> {
        self.placeholders
            .get(&placeholder_key(service, placeholder))
            .map(|(_, _, template)| template)
    }

    /// Every exception rule, for coverage reports and tests.
    pub fn rules(&self) -> impl Iterator<Item = ((&'static str, &'static str), &[Clause])> {
        self.rules
            .values()
            .map(|(source, name, clauses)| ((*source, *name), clauses.as_slice()))
    }

    /// Every no-permission record.
    pub fn no_permission_events(
        &self,
    ) -> impl Iterator<Item = ((&'static str, &'static str), &'static str)> + '_ {
        self.no_permission
            .values()
            .map(|(source, name, reason)| ((*source, *name), *reason))
    }

    /// Every source-to-service record.
    pub fn sources(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.sources
            .iter()
            .map(|(source, service)| (*source, *service))
    }

    /// Every placeholder record: (service, placeholder in lower case, template).
    pub fn placeholders(&self) -> impl Iterator<Item = (&'static str, &str, &Template)> {
        self.placeholders
            .values()
            .map(|(service, name, template)| (*service, name.as_str(), template))
    }

    fn parse(text: &'static str) -> Result<EventMap, EventMapError> {
        let mut map = EventMap::default();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: String| EventMapError {
                line: index + 1,
                message,
            };
            let fields: Vec<&'static str> = line.split('\t').collect();
            match fields.as_slice() {
                ["S", source, service] => {
                    map.sources.insert(source, service);
                }
                ["N", source, name, reason] => {
                    map.no_permission
                        .insert(event_key(source, name), (source, name, reason));
                }
                ["E", source, name, clauses @ ..] if !clauses.is_empty() => {
                    let clauses = clauses
                        .iter()
                        .map(|clause| parse_clause(clause))
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(error)?;
                    map.rules
                        .insert(event_key(source, name), (source, name, clauses));
                }
                ["P", service, placeholder, template] => {
                    let template = parse_template(template).map_err(error)?;
                    map.placeholders.insert(
                        placeholder_key(service, placeholder),
                        (service, placeholder.to_ascii_lowercase(), template),
                    );
                }
                _ => return Err(error(format!("unrecognised record `{line}`"))),
            }
        }
        Ok(map)
    }
}

/// The key of an event: `eventSource eventName`.
pub fn event_key(source: &str, name: &str) -> String {
    format!("{source} {name}")
}

fn placeholder_key(service: &str, placeholder: &str) -> String {
    format!("{service}:{placeholder}").to_ascii_lowercase()
}

fn parse_clause(text: &'static str) -> Result<Clause, String> {
    let mut words = text.split(' ').filter(|w| !w.is_empty());
    let head = words.next().ok_or("empty clause")?;
    let (action_part, resource_type) = match head.split_once('@') {
        Some((action, resource_type)) => (action, Some(resource_type)),
        None => (head, None),
    };
    let (action, guard) = if let Some((action, param)) = action_part.split_once('?') {
        (action, Some(Guard::Present(param)))
    } else if let Some((action, param)) = action_part.split_once('!') {
        (action, Some(Guard::Absent(param)))
    } else {
        (action_part, None)
    };
    if !action.contains(':') {
        return Err(format!(
            "`{action}` is not a qualified action (service:Action)"
        ));
    }
    let mut clause = Clause {
        action,
        guard,
        resource_type,
        bindings: Vec::new(),
        arn: None,
    };
    for word in words {
        let (name, template) = word
            .split_once('=')
            .ok_or_else(|| format!("`{word}`: expected Placeholder=template"))?;
        let template = parse_template(template)?;
        if name == "ARN" {
            clause.arn = Some(template);
        } else {
            clause.bindings.push((name, template));
        }
    }
    Ok(clause)
}

fn parse_template(text: &'static str) -> Result<Template, String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        if start > 0 {
            parts.push(TemplatePart::Text(rest.get(..start).unwrap_or_default()));
        }
        let end = rest
            .get(start..)
            .and_then(|r| r.find('}'))
            .ok_or_else(|| format!("`{text}`: unclosed `{{`"))?;
        let inner = rest.get(start + 1..start + end).unwrap_or_default();
        parts.push(TemplatePart::Ref(parse_reference(inner)?));
        rest = rest.get(start + end + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Text(rest));
    }
    Ok(Template { parts })
}

fn parse_reference(text: &'static str) -> Result<Reference, String> {
    let (path, filter) = match text.split_once('|') {
        Some((path, filter)) => (
            path,
            Some(Filter::parse(filter).ok_or_else(|| format!("unknown filter `{filter}`"))?),
        ),
        None => (text, None),
    };
    let (source, path) = match path {
        "partition" => (RefSource::Partition, ""),
        "region" => (RefSource::Region, ""),
        "account" => (RefSource::Account, ""),
        other => match other.strip_prefix("additional.") {
            Some(rest) => (RefSource::Additional, rest),
            None => (RefSource::Parameter, other),
        },
    };
    let path = if path.is_empty() {
        Vec::new()
    } else {
        path.split('.').collect()
    };
    Ok(Reference {
        source,
        path,
        filter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn map() -> &'static EventMap {
        EventMap::try_get().unwrap()
    }

    #[test]
    fn every_record_names_what_the_catalog_has() {
        let catalog = Catalog::get();
        for ((source, name), clauses) in map().rules() {
            for clause in clauses {
                let action = catalog.action(clause.action).unwrap_or_else(|| {
                    panic!("{source} {name}: unknown action `{}`", clause.action)
                });
                if let Some(resource_type) = clause.resource_type {
                    assert!(
                        action.acts_on(resource_type),
                        "{source} {name}: `{}` does not act on `{resource_type}`",
                        clause.action
                    );
                    let service = catalog.service(action.service).unwrap();
                    let info = service.resource_type(resource_type).unwrap();
                    for (placeholder, _) in &clause.bindings {
                        assert!(
                            info.arn_formats
                                .iter()
                                .any(|f| f.contains(&format!("${{{placeholder}}}"))),
                            "{source} {name}: `{resource_type}` has no `{placeholder}`"
                        );
                    }
                } else {
                    assert!(
                        clause.bindings.is_empty() && clause.arn.is_none(),
                        "{source} {name}: bindings need @type"
                    );
                }
            }
        }
        for (_, service) in map().sources() {
            assert!(
                catalog.service(service).is_some(),
                "unknown service `{service}`"
            );
        }
        for (service, placeholder, _) in map().placeholders() {
            let service = catalog
                .service(service)
                .unwrap_or_else(|| panic!("unknown service `{service}`"));
            assert!(
                service
                    .resource_types
                    .iter()
                    .flat_map(|r| &r.arn_formats)
                    .any(|f| f
                        .to_ascii_lowercase()
                        .contains(&format!("${{{placeholder}}}"))),
                "{}: no ARN format has `{placeholder}`",
                service.prefix
            );
        }
    }

    #[test]
    fn exceptions_differ_from_the_default_rule() {
        // A record that says what the default rule says is dead weight.
        let catalog = Catalog::get();
        for ((source, name), clauses) in map().rules() {
            let default_action = source.strip_suffix(".amazonaws.com").map(|prefix| {
                format!(
                    "{}:{name}",
                    map().service_of_source(source).unwrap_or(prefix)
                )
            });
            let same = clauses.len() == 1
                && clauses[0].guard.is_none()
                && clauses[0].bindings.is_empty()
                && clauses[0].arn.is_none()
                && default_action
                    .as_deref()
                    .and_then(|a| catalog.action(a))
                    .map(|a| a.qualified_name())
                    == Some(clauses[0].action.to_string());
            assert!(!same, "{source} {name} repeats the default rule");
        }
    }

    #[test]
    fn s3_list_objects_needs_list_bucket_and_copy_needs_two_actions() {
        let list = map().rule("s3.amazonaws.com", "ListObjectsV2").unwrap();
        assert_eq!(
            (list[0].action, list[0].resource_type),
            ("s3:ListBucket", Some("bucket"))
        );
        let copy = map().rule("s3.amazonaws.com", "CopyObject").unwrap();
        assert_eq!(
            copy.iter().map(|c| c.action).collect::<Vec<_>>(),
            ["s3:GetObject", "s3:PutObject"]
        );
        assert!(copy[0].arn.is_some());
        assert!(map()
            .no_permission("sts.amazonaws.com", "GetCallerIdentity")
            .is_some());
        assert_eq!(
            map().service_of_source("monitoring.amazonaws.com"),
            Some("cloudwatch")
        );
        assert!(map().placeholder("s3", "objectname").is_some());
    }

    #[test]
    fn malformed_records_are_errors_with_their_line() {
        let error = EventMap::parse("# c\nE\ts3.amazonaws.com\tX\tnotqualified\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(EventMap::parse("P\ts3\tX\t{key|nope}\n").is_err());
        assert!(EventMap::parse("Q\tx\n").is_err());
    }
}
