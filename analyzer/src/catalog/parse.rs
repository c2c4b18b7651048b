//! Parser of the generated catalog text (format: see the header of
//! `analyzer/data/iam-catalog.txt` and `scripts/gen_catalog.py`).
//!
//! Loading is in two steps so that a run pays only for the services it
//! uses: [`split_services`] finds each service's records and parses its
//! condition keys (which key-type lookups need for every service), and
//! [`ServiceEntry::service`] parses a service's resource types and actions
//! on first use.
//!
//! Names are borrowed from the text, which is `'static` (embedded with
//! `include_str!`), so parsing allocates only the lists and indexes. The
//! parser checks everything the lookups rely on: sorted, unique names, and
//! that every resource type and condition key an action or resource type
//! names is defined by its service.

use std::cmp::Ordering;
use std::sync::OnceLock;

use super::keys::KeyIndex;
use super::model::{
    cmp_ignore_ascii_case, find_by_name, AccessLevel, AccessLevels, Action, ActionResource,
    ConditionKey, KeyType, ResourceTypeInfo, Service,
};
use super::CatalogError;

/// What is wrong with a record; the caller adds the line.
type Result<T> = std::result::Result<T, String>;

/// A service's records: its condition keys parsed, the rest parsed on
/// first use.
#[derive(Debug)]
pub(super) struct ServiceEntry {
    /// The service prefix, e.g. `s3`.
    pub(super) prefix: &'static str,
    /// The service's condition keys, sorted case-insensitively.
    pub(super) condition_keys: Vec<ConditionKey>,
    /// The same keys, indexed for type lookup.
    pub(super) key_index: KeyIndex,
    name: &'static str,
    /// The R and A records.
    body: &'static str,
    /// Byte offset of `body` in the catalog text.
    body_offset: usize,
    parsed: OnceLock<std::result::Result<Service, CatalogError>>,
}

impl ServiceEntry {
    /// The whole service, parsed on first call; `text` is the catalog text
    /// the entry was split from (for line numbers in errors).
    pub(super) fn service(&self, text: &str) -> std::result::Result<&Service, CatalogError> {
        self.parsed
            .get_or_init(|| parse_body(self, text))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// Splits catalog text into its services, parsing service and condition key
/// records. Services come sorted by prefix.
pub(super) fn split_services(
    text: &'static str,
) -> std::result::Result<Vec<ServiceEntry>, CatalogError> {
    let first = text.starts_with("S\t").then_some(0);
    let starts: Vec<usize> = first
        .into_iter()
        .chain(text.match_indices("\nS\t").map(|(at, _)| at + 1))
        .collect();
    let header_end = starts.first().copied().unwrap_or(text.len());
    for (offset, line) in lines(0, text.get(..header_end).unwrap_or_default()) {
        if !line.starts_with('#') {
            return Err(malformed(
                text,
                offset,
                "record before the first service".into(),
            ));
        }
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    let mut entries: Vec<ServiceEntry> = Vec::with_capacity(starts.len());
    for (start, end) in starts.iter().copied().zip(ends) {
        let entry = split_service(text, start, end)?;
        if let Some(last) = entries.last() {
            if cmp_ignore_ascii_case(last.prefix, entry.prefix) != Ordering::Less {
                let message = format!("service `{}` is out of order or repeated", entry.prefix);
                return Err(malformed(text, start, message));
            }
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// The records of one service, from its S record at `start` to `end`.
fn split_service(
    text: &'static str,
    start: usize,
    end: usize,
) -> std::result::Result<ServiceEntry, CatalogError> {
    let chunk = text.get(start..end).unwrap_or_default();
    let mut records = lines(start, chunk).peekable();
    let (prefix, name) = match records.next() {
        Some((offset, line)) => service_record(line).map_err(|m| malformed(text, offset, m))?,
        None => return Err(malformed(text, start, "missing service record".into())),
    };
    let mut condition_keys: Vec<ConditionKey> = Vec::new();
    let mut body_offset = end;
    while let Some((offset, line)) = records.next_if(|(_, line)| line.starts_with("K\t")) {
        let key = key_record(line).map_err(|m| malformed(text, offset, m))?;
        if let Some(last) = condition_keys.last() {
            if cmp_ignore_ascii_case(last.name, key.name) != Ordering::Less {
                let message = format!("`{}` is out of order or repeated", key.name);
                return Err(malformed(text, offset, message));
            }
        }
        condition_keys.push(key);
    }
    if let Some((offset, _)) = records.next() {
        body_offset = offset;
    }
    let key_index = KeyIndex::new(condition_keys.iter().map(|key| (key.name, key.key_type)));
    Ok(ServiceEntry {
        prefix,
        condition_keys,
        key_index,
        name,
        body: text.get(body_offset..end).unwrap_or_default(),
        body_offset,
        parsed: OnceLock::new(),
    })
}

/// The lines of `chunk`, which starts at byte `offset` of the catalog text,
/// with the byte offset of each.
fn lines(offset: usize, chunk: &str) -> impl Iterator<Item = (usize, &str)> {
    chunk.split_inclusive('\n').scan(offset, |next, line| {
        let at = *next;
        *next += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        // Tolerate a checkout that turned the line ends into CRLF.
        Some((at, line.strip_suffix('\r').unwrap_or(line)))
    })
}

fn malformed(text: &str, offset: usize, message: String) -> CatalogError {
    let before = text.get(..offset).unwrap_or(text);
    CatalogError::Malformed {
        line: before.bytes().filter(|b| *b == b'\n').count() + 1,
        message,
    }
}

fn service_record(line: &'static str) -> Result<(&'static str, &'static str)> {
    let mut fields = Fields::of(line, "S")?;
    let prefix = fields.next("service prefix")?;
    let name = fields.next("service name")?;
    fields.end()?;
    Ok((prefix, name))
}

fn key_record(line: &'static str) -> Result<ConditionKey> {
    let mut fields = Fields::of(line, "K")?;
    let name = fields.next("condition key")?;
    let type_name = fields.next("condition key type")?;
    fields.end()?;
    let key_type = KeyType::from_aws_name(type_name)
        .ok_or_else(|| format!("unknown condition key type `{type_name}`"))?;
    Ok(ConditionKey { name, key_type })
}

/// Parses the resource type and action records of a service.
fn parse_body(entry: &ServiceEntry, text: &str) -> std::result::Result<Service, CatalogError> {
    let mut body = Body {
        service: Service {
            prefix: entry.prefix,
            name: entry.name,
            actions: Vec::new(),
            resource_types: Vec::new(),
            condition_keys: entry.condition_keys.clone(),
        },
        previous: None,
    };
    for (offset, line) in lines(entry.body_offset, entry.body) {
        body.record(line)
            .map_err(|message| malformed(text, offset, message))?;
    }
    Ok(body.service)
}

/// The record groups after a service's condition keys, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    ResourceTypes,
    Actions,
}

struct Body {
    service: Service,
    /// The group and name of the previous record.
    previous: Option<(Section, &'static str)>,
}

impl Body {
    fn record(&mut self, line: &'static str) -> Result<()> {
        match line.split('\t').next() {
            Some(comment) if comment.starts_with('#') => Ok(()),
            Some("R") => self.resource_type(line),
            Some("A") => self.action(line),
            Some("K") => Err("condition key after resource types or actions".into()),
            other => Err(format!(
                "unknown record kind `{}`",
                other.unwrap_or_default()
            )),
        }
    }

    /// Checks that a record of `section` named `name` may follow the
    /// previous one.
    fn check_order(&mut self, section: Section, name: &'static str) -> Result<()> {
        if let Some((previous_section, previous_name)) = self.previous {
            let in_order = match previous_section.cmp(&section) {
                Ordering::Less => true,
                Ordering::Equal => cmp_ignore_ascii_case(previous_name, name) == Ordering::Less,
                Ordering::Greater => false,
            };
            if !in_order {
                return Err(format!("`{name}` is out of order or repeated"));
            }
        }
        self.previous = Some((section, name));
        Ok(())
    }

    fn resource_type(&mut self, line: &'static str) -> Result<()> {
        let mut fields = Fields::of(line, "R")?;
        let name = fields.next("resource type")?;
        let arns = fields.next("ARN formats")?;
        let keys = fields.next("condition keys")?;
        fields.end()?;
        self.check_order(Section::ResourceTypes, name)?;
        let arn_formats = list(arns)?;
        if arn_formats.is_empty() {
            return Err(format!("resource type `{name}` has no ARN format"));
        }
        let condition_keys = resolve_keys(&self.service, keys)?;
        self.service.resource_types.push(ResourceTypeInfo {
            name,
            arn_formats,
            condition_keys,
        });
        Ok(())
    }

    fn action(&mut self, line: &'static str) -> Result<()> {
        let mut fields = Fields::of(line, "A")?;
        let name = fields.next("action")?;
        let levels = fields.next("access level")?;
        let resources = fields.next("resource types")?;
        let keys = fields.next("condition keys")?;
        self.check_order(Section::Actions, name)?;
        let service = &self.service;
        let access_levels = access_levels(levels)?;
        let access_level = access_levels
            .most_specific()
            .ok_or_else(|| format!("action `{name}` has no access level"))?;
        let mut resource_types = action_resources(service, resources)?;
        for scoped in fields.0 {
            scope_keys(service, &mut resource_types, scoped)?;
        }
        let condition_keys = resolve_keys(service, keys)?;
        self.service.actions.push(Action {
            service: self.service.prefix,
            name,
            access_level,
            access_levels,
            resource_types,
            condition_keys,
        });
        Ok(())
    }
}

/// The fields of one record.
struct Fields(std::str::Split<'static, char>);

impl Fields {
    /// The fields after the record kind, which must be `kind`.
    fn of(line: &'static str, kind: &str) -> Result<Fields> {
        let mut fields = Fields(line.split('\t'));
        match fields.0.next() {
            Some(found) if found == kind => Ok(fields),
            found => Err(format!(
                "expected a `{kind}` record, found `{}`",
                found.unwrap_or_default()
            )),
        }
    }

    fn next(&mut self, what: &str) -> Result<&'static str> {
        self.0.next().ok_or_else(|| format!("missing {what}"))
    }

    fn end(&mut self) -> Result<()> {
        match self.0.next() {
            None => Ok(()),
            Some(extra) => Err(format!("unexpected field `{extra}`")),
        }
    }
}

/// The items of a `,`-separated list; the empty field is the empty list.
fn list(field: &'static str) -> Result<Vec<&'static str>> {
    if field.is_empty() {
        return Ok(Vec::new());
    }
    field
        .split(',')
        .map(|item| {
            if item.is_empty() {
                Err(format!("empty item in list `{field}`"))
            } else {
                Ok(item)
            }
        })
        .collect()
}

fn access_levels(codes: &str) -> Result<AccessLevels> {
    let mut levels = AccessLevels::default();
    for code in codes.chars() {
        let level = AccessLevel::from_code(code)
            .filter(|level| !levels.contains(*level))
            .ok_or_else(|| format!("bad access level `{codes}`"))?;
        levels = levels.with(level);
    }
    Ok(levels)
}

/// The resource types of an action (`name` or `name*` when required), each
/// resolved to its service's spelling, in increasing order.
fn action_resources(service: &Service, field: &'static str) -> Result<Vec<ActionResource>> {
    let mut resources: Vec<ActionResource> = Vec::new();
    for item in list(field)? {
        let (name, required) = match item.strip_suffix('*') {
            Some(name) => (name, true),
            None => (item, false),
        };
        let info = service
            .resource_type(name)
            .ok_or_else(|| format!("unknown resource type `{name}`"))?;
        if let Some(previous) = resources.last() {
            if cmp_ignore_ascii_case(previous.name, info.name) != Ordering::Less {
                return Err(format!(
                    "resource type `{name}` is out of order or repeated"
                ));
            }
        }
        resources.push(ActionResource {
            name: info.name,
            required,
            condition_keys: Vec::new(),
        });
    }
    Ok(resources)
}

/// Applies a `resource type=keys` field to the action's resource types.
fn scope_keys(
    service: &Service,
    resources: &mut [ActionResource],
    field: &'static str,
) -> Result<()> {
    let (name, keys) = field
        .split_once('=')
        .ok_or_else(|| format!("expected `resource type=condition keys`, got `{field}`"))?;
    let resource = resources
        .binary_search_by(|resource| cmp_ignore_ascii_case(resource.name, name))
        .ok()
        .and_then(|index| resources.get_mut(index))
        .ok_or_else(|| format!("keys for resource type `{name}` that the action does not list"))?;
    if !resource.condition_keys.is_empty() {
        return Err(format!("keys for resource type `{name}` given twice"));
    }
    resource.condition_keys = resolve_keys(service, keys)?;
    if resource.condition_keys.is_empty() {
        return Err(format!("empty key list for resource type `{name}`"));
    }
    Ok(())
}

/// Resolves a list of key references to the names the service's K records
/// define. A reference starting with `:` leaves out the service prefix.
fn resolve_keys(service: &Service, field: &'static str) -> Result<Vec<&'static str>> {
    list(field)?
        .into_iter()
        .map(|reference| resolve_key(service, reference))
        .collect()
}

fn resolve_key(service: &Service, reference: &str) -> Result<&'static str> {
    let found = if reference.starts_with(':') {
        let keys = &service.condition_keys;
        keys.binary_search_by(|key| cmp_with_prefix(key.name, service.prefix, reference))
            .ok()
            .and_then(|index| keys.get(index))
    } else {
        find_by_name(&service.condition_keys, reference, |key| key.name)
    };
    found
        .map(|key| key.name)
        .ok_or_else(|| format!("condition key `{reference}` is not defined by the service"))
}

/// Orders `name` against the concatenation `prefix` + `rest`, ignoring ASCII
/// case, without building the concatenation.
fn cmp_with_prefix(name: &str, prefix: &str, rest: &str) -> Ordering {
    let lower = |c: &u8| c.to_ascii_lowercase();
    let joined = prefix.as_bytes().iter().chain(rest.as_bytes()).map(lower);
    name.as_bytes().iter().map(lower).cmp(joined)
}
