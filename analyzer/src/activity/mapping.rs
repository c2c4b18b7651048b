//! From a CloudTrail event to the IAM requests it needed: action(s) and
//! resource ARN(s).
//!
//! The default rule and its exceptions are described in
//! [`crate::catalog::events`] and `docs/cloudtrail-mapping.md`. A [`Mapper`]
//! compiles each (eventSource, eventName) once and keeps it, so mapping an
//! event costs a hash lookup and the placeholder look-ups.
//!
//! Resources are found in this order for each action: the rule's whole
//! ARN; the action's resource types whose ARN format the event fills
//! completely; an ARN of the event (`resources`, or an ARN-valued request
//! parameter) that has the format of one of the action's resource types
//! (and not of a more specific type of the same service: an object is not
//! a bucket); otherwise the formats filled as far as the event goes, the
//! rest unknown (`*` in a policy). The resource's account is the owner the
//! event shows: the ARN's, else `recipientAccountId` when the caller is of
//! another account, else unknown for a cross-account event
//! (`sharedEventID`) seen from the caller's side, else the caller's.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::value::RawValue;

use super::actor::partition_of;
use super::arn_format::{escape_pattern, ArnFormat, Slot};
use crate::catalog::events::{
    EventMap, EventMapError, Filter, Guard, RefSource, Reference, Template, TemplatePart,
};
use crate::catalog::{Action, Catalog};
use crate::inputs::cloudtrail::event::{raw_lookup, raw_text, ShallowObject};
use crate::inputs::cloudtrail::TrailEvent;

/// What an event needed.
#[derive(Debug, Clone)]
pub enum Mapped {
    /// The requests the event needed authorized (one per action and resource).
    Requests(Vec<ActionRequest>),
    /// The call needs no IAM permission; the reason.
    NoPermission(&'static str),
    /// The mapping does not know the event.
    Unmapped(UnmappedReason),
}

/// Why an event could not be mapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnmappedReason {
    /// The event source names no service of the IAM catalog.
    UnknownService,
    /// The service has no action of the event's name and no exception
    /// says which it needs.
    UnknownAction,
}

impl UnmappedReason {
    /// A lowercase phrase.
    pub fn describe(self) -> &'static str {
        match self {
            UnmappedReason::UnknownService => "event source names no service of the IAM catalog",
            UnmappedReason::UnknownAction => "no IAM action of this name and no mapping exception",
        }
    }
}

/// One request an event needed: an action on a resource.
#[derive(Debug, Clone)]
pub struct ActionRequest {
    /// The action.
    pub action: &'static Action,
    /// The resource.
    pub resource: MappedResource,
}

/// The resource of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappedResource {
    /// The action takes no resource (the catalog lists none), or its
    /// resource types are all optional and the event names none: `*`.
    NoResource,
    /// A resource of a catalog resource type.
    Arn(ResourceArn),
}

/// A resource ARN in the structure of its catalog ARN format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceArn {
    /// The catalog resource type, e.g. `object`.
    pub type_name: &'static str,
    /// Its ARN format.
    pub format: Arc<ArnFormat>,
    /// One value per placeholder of the format.
    pub slots: Vec<Slot>,
}

impl ResourceArn {
    /// Whether every part of the ARN is known.
    pub fn is_exact(&self) -> bool {
        self.slots.iter().all(Slot::is_known)
    }

    /// The ARN as an IAM resource pattern (unknown parts `*`).
    pub fn pattern(&self) -> String {
        self.format.render_pattern(&self.slots)
    }

    /// A concrete resource string (unknown parts as a stand-in).
    pub fn value(&self) -> String {
        self.format.render_value(&self.slots)
    }
}

impl MappedResource {
    /// The resource as an IAM resource pattern: `*` for no resource.
    pub fn pattern(&self) -> String {
        match self {
            MappedResource::NoResource => "*".to_string(),
            MappedResource::Arn(arn) => arn.pattern(),
        }
    }

    /// A concrete resource string for the request (`*` for no resource).
    pub fn value(&self) -> String {
        match self {
            MappedResource::NoResource => "*".to_string(),
            MappedResource::Arn(arn) => arn.value(),
        }
    }

    /// Whether the resource is known exactly (no resource counts as exact).
    pub fn is_exact(&self) -> bool {
        match self {
            MappedResource::NoResource => true,
            MappedResource::Arn(arn) => arn.is_exact(),
        }
    }
}

/// Maps events to requests, compiling each kind of event once.
#[derive(Debug)]
pub struct Mapper {
    catalog: &'static Catalog,
    map: &'static EventMap,
    /// eventSource -> eventName -> compiled rule.
    rules: HashMap<String, HashMap<String, Arc<Rule>>>,
    formats: HashMap<String, Arc<Vec<TypeFormat>>>,
}

#[derive(Debug)]
enum Rule {
    Clauses(Vec<CompiledClause>),
    NoPermission(&'static str),
    Unmapped(UnmappedReason),
}

#[derive(Debug)]
struct CompiledClause {
    action: &'static Action,
    guard: Option<Guard>,
    candidates: Vec<Candidate>,
    /// Every resource type of the action's service, most specific format first.
    service_formats: Arc<Vec<TypeFormat>>,
    bindings: Vec<(&'static str, Template)>,
    arn: Option<Template>,
}

#[derive(Debug, Clone)]
struct Candidate {
    type_name: &'static str,
    required: bool,
    formats: Vec<Arc<ArnFormat>>,
}

#[derive(Debug, Clone)]
struct TypeFormat {
    type_name: &'static str,
    format: Arc<ArnFormat>,
}

impl Mapper {
    /// A mapper over the embedded catalog and event mapping.
    ///
    /// # Errors
    /// [`EventMapError`] when the embedded mapping does not load (ruled out
    /// by the unit tests for the text that ships).
    pub fn new() -> Result<Mapper, EventMapError> {
        Ok(Mapper {
            catalog: Catalog::get(),
            map: EventMap::try_get()?,
            rules: HashMap::new(),
            formats: HashMap::new(),
        })
    }

    /// The number of distinct kinds of events compiled so far.
    pub fn kinds_seen(&self) -> usize {
        self.rules.values().map(HashMap::len).sum()
    }

    /// The requests `event` needed.
    pub fn map(&mut self, event: &TrailEvent<'_>) -> Mapped {
        let source = event.event_source.as_deref().unwrap_or("");
        let name = event.event_name.as_deref().unwrap_or("");
        let rule = self.rule(source, name);
        match rule.as_ref() {
            Rule::NoPermission(reason) => Mapped::NoPermission(reason),
            Rule::Unmapped(reason) => Mapped::Unmapped(*reason),
            Rule::Clauses(clauses) => {
                let context = EventContext::new(event, self.map);
                Mapped::Requests(
                    clauses
                        .iter()
                        .filter(|clause| context.guard_holds(clause.guard))
                        .flat_map(|clause| context.requests(clause))
                        .collect(),
                )
            }
        }
    }

    /// The service prefix that an event source names, if any.
    pub fn service_of_source(&self, source: &str) -> Option<&'static str> {
        if let Some(service) = self.map.service_of_source(source) {
            return Some(service);
        }
        let prefix = source.strip_suffix(".amazonaws.com")?;
        self.catalog.service(prefix).map(|service| service.prefix)
    }

    fn rule(&mut self, source: &str, name: &str) -> Arc<Rule> {
        if let Some(rule) = self.rules.get(source).and_then(|by_name| by_name.get(name)) {
            return Arc::clone(rule);
        }
        let rule = Arc::new(self.compile(source, name));
        self.rules
            .entry(source.to_string())
            .or_default()
            .insert(name.to_string(), Arc::clone(&rule));
        rule
    }

    fn compile(&mut self, source: &str, name: &str) -> Rule {
        let name = self
            .map
            .rule(source, name)
            .or_else(|| self.map.no_permission(source, name).map(|_| &[][..]))
            .map_or_else(|| strip_api_version(name), |_| name);
        if let Some(reason) = self.map.no_permission(source, name) {
            return Rule::NoPermission(reason);
        }
        if let Some(clauses) = self.map.rule(source, name) {
            let compiled = clauses
                .iter()
                .filter_map(|clause| {
                    let action = self.catalog.action(clause.action)?;
                    let mut compiled = self.compile_action(action, clause.resource_type);
                    compiled.guard = clause.guard;
                    compiled.bindings.clone_from(&clause.bindings);
                    compiled.arn.clone_from(&clause.arn);
                    Some(compiled)
                })
                .collect();
            return Rule::Clauses(compiled);
        }
        let Some(service) = self.service_of_source(source) else {
            return Rule::Unmapped(UnmappedReason::UnknownService);
        };
        match self.catalog.service(service).and_then(|s| s.action(name)) {
            Some(action) => Rule::Clauses(vec![self.compile_action(action, None)]),
            None => Rule::Unmapped(UnmappedReason::UnknownAction),
        }
    }

    fn compile_action(
        &mut self,
        action: &'static Action,
        only_type: Option<&str>,
    ) -> CompiledClause {
        let service_formats = self.service_formats(action.service);
        let mut candidates: Vec<Candidate> = action
            .resource_types
            .iter()
            .filter(|r| only_type.is_none_or(|t| r.name.eq_ignore_ascii_case(t)))
            .map(|r| Candidate {
                type_name: r.name,
                required: r.required,
                formats: service_formats
                    .iter()
                    .filter(|f| f.type_name.eq_ignore_ascii_case(r.name))
                    .map(|f| Arc::clone(&f.format))
                    .collect(),
            })
            .filter(|c| !c.formats.is_empty())
            .collect();
        // Required types first, each group in catalog order.
        candidates.sort_by_key(|c| !c.required);
        CompiledClause {
            action,
            guard: None,
            candidates,
            service_formats,
            bindings: Vec::new(),
            arn: None,
        }
    }

    /// Every resource type's ARN formats in a service, most specific first.
    fn service_formats(&mut self, service: &'static str) -> Arc<Vec<TypeFormat>> {
        if let Some(formats) = self.formats.get(service) {
            return Arc::clone(formats);
        }
        let mut formats: Vec<TypeFormat> = self
            .catalog
            .service(service)
            .map(|s| {
                s.resource_types
                    .iter()
                    .flat_map(|r| {
                        r.arn_formats.iter().map(|f| TypeFormat {
                            type_name: r.name,
                            format: Arc::new(ArnFormat::parse(f)),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        formats.sort_by_key(|f| {
            std::cmp::Reverse((f.format.placeholder_count(), f.format.literal_length()))
        });
        let formats = Arc::new(formats);
        self.formats
            .insert(service.to_string(), Arc::clone(&formats));
        formats
    }
}

/// The event name without an API-version suffix (`GetFunction20150331v2`,
/// `ListFunctions20150331`, `CreateDistribution2020_05_31`), or unchanged.
pub fn strip_api_version(name: &str) -> &str {
    let trimmed = name
        .rfind(|c: char| !(c.is_ascii_digit() || c == 'v' || c == '_'))
        .map_or(name, |last| name.get(..=last).unwrap_or(name));
    let suffix = name.get(trimmed.len()..).unwrap_or("");
    let digits = suffix.bytes().filter(u8::is_ascii_digit).count();
    let looks_like_date = suffix.bytes().next().is_some_and(|b| b.is_ascii_digit()) && digits >= 8;
    if looks_like_date && !trimmed.is_empty() {
        trimmed
    } else {
        name
    }
}

/// The values of one event that resource templates read.
struct EventContext<'e> {
    event: &'e TrailEvent<'e>,
    map: &'static EventMap,
    /// `requestParameters` read one level deep (when it is an object).
    parameters: OnceCell<Option<ShallowObject<'e>>>,
    /// `requestParameters` decoded from JSON text (Athena).
    parameters_text: OnceCell<Option<Box<RawValue>>>,
    additional_text: OnceCell<Option<Box<RawValue>>>,
    partition: String,
    account: Slot,
}

impl<'e> EventContext<'e> {
    fn new(event: &'e TrailEvent<'e>, map: &'static EventMap) -> EventContext<'e> {
        let identity = event.user_identity.as_ref();
        let partition = partition_of(identity.and_then(|i| i.arn.as_deref())).to_string();
        EventContext {
            event,
            map,
            parameters: OnceCell::new(),
            parameters_text: OnceCell::new(),
            additional_text: OnceCell::new(),
            partition,
            account: resource_account(event),
        }
    }

    /// The request parameters' raw object (borrowed, or decoded from the
    /// JSON text Athena holds).
    fn parameters_raw(&self) -> Option<&RawValue> {
        match self.event.request_parameters {
            Some(raw) if raw.get().starts_with('"') => self
                .parameters_text
                .get_or_init(|| self.event.parameters_from_text())
                .as_deref(),
            other => other,
        }
    }

    fn additional_raw(&self) -> Option<&RawValue> {
        match self.event.additional_event_data {
            Some(raw) if raw.get().starts_with('"') => self
                .additional_text
                .get_or_init(|| self.event.additional_data_from_text())
                .as_deref(),
            other => other,
        }
    }

    /// A top-level request parameter (exact name, or ignoring case).
    fn parameter(&self, name: &str, ignore_case: bool) -> Option<String> {
        let find = |object: &ShallowObject<'_>| {
            if ignore_case {
                object.get_ignore_case(name)
            } else {
                object.get(name)
            }
            .and_then(raw_text)
        };
        match self.event.request_parameters {
            Some(raw) if !raw.get().starts_with('"') => self
                .parameters
                .get_or_init(|| ShallowObject::parse(raw))
                .as_ref()
                .and_then(find),
            _ => self
                .parameters_raw()
                .and_then(ShallowObject::parse)
                .as_ref()
                .and_then(find),
        }
    }

    fn parameter_present(&self, name: &str) -> bool {
        self.parameters_raw()
            .and_then(|raw| raw_lookup(raw, &[name]))
            .is_some_and(|v| v.get() != "null")
    }

    fn guard_holds(&self, guard: Option<Guard>) -> bool {
        let present = |param: &str| self.parameter_present(param);
        match guard {
            None => true,
            Some(Guard::Present(param)) => present(param),
            Some(Guard::Absent(param)) => !present(param),
        }
    }

    fn requests(&self, clause: &CompiledClause) -> Vec<ActionRequest> {
        let request = |resource| ActionRequest {
            action: clause.action,
            resource,
        };
        if clause.action.resource_types.is_empty() {
            return vec![request(MappedResource::NoResource)];
        }
        if clause.candidates.is_empty() {
            // The catalog gives the action resource types without ARN formats.
            return vec![request(MappedResource::NoResource)];
        }
        if let Some(template) = &clause.arn {
            let arn = match self.template(template) {
                Slot::Known(arn) => self.classify(clause, &arn),
                _ => None,
            };
            return vec![request(MappedResource::Arn(
                arn.unwrap_or_else(|| self.fill(clause, clause.candidates.first())),
            ))];
        }
        let required: Vec<&Candidate> = clause.candidates.iter().filter(|c| c.required).collect();
        if required.len() >= 2 {
            // IAM authorizes each resource a call names: every required
            // type is a request of its own.
            return required
                .into_iter()
                .map(|candidate| {
                    let arn = self.fill(clause, Some(candidate));
                    let arn = if arn.is_exact() {
                        arn
                    } else {
                        self.event_arn(clause, Some(candidate.type_name))
                            .unwrap_or(arn)
                    };
                    request(MappedResource::Arn(arn))
                })
                .collect();
        }
        let complete = clause.candidates.iter().find_map(|candidate| {
            let arn = self.fill(clause, Some(candidate));
            arn.is_exact().then_some(arn)
        });
        if let Some(arn) = complete.or_else(|| self.event_arn(clause, None)) {
            return vec![request(MappedResource::Arn(arn))];
        }
        if required.is_empty() {
            // The candidate with the most known slots; the first wins ties.
            let mut best: Option<(usize, ResourceArn)> = None;
            for candidate in &clause.candidates {
                let arn = self.fill(clause, Some(candidate));
                let known = arn
                    .slots
                    .iter()
                    .filter(|s| !matches!(s, Slot::Unknown))
                    .count();
                if best.as_ref().is_none_or(|(most, _)| known > *most) {
                    best = Some((known, arn));
                }
            }
            // Types that are all optional and an event that names none of
            // them: the request has no resource of those types.
            let named = |arn: &ResourceArn| {
                arn.format
                    .placeholders()
                    .zip(&arn.slots)
                    .any(|(name, slot)| !is_builtin(name) && !matches!(slot, Slot::Unknown))
            };
            match best {
                Some((_, arn)) if named(&arn) => vec![request(MappedResource::Arn(arn))],
                _ => vec![request(MappedResource::NoResource)],
            }
        } else {
            required
                .into_iter()
                .map(|c| request(MappedResource::Arn(self.fill(clause, Some(c)))))
                .collect()
        }
    }

    /// The candidate's first format that the event fills completely, or
    /// else its first format filled as far as the event goes.
    fn fill(&self, clause: &CompiledClause, candidate: Option<&Candidate>) -> ResourceArn {
        let Some(candidate) = candidate else {
            return ResourceArn {
                type_name: "",
                format: Arc::new(ArnFormat::parse("*")),
                slots: Vec::new(),
            };
        };
        let filled: Vec<ResourceArn> = candidate
            .formats
            .iter()
            .map(|format| ResourceArn {
                type_name: candidate.type_name,
                format: Arc::clone(format),
                slots: format
                    .placeholders()
                    .map(|p| self.placeholder(clause, p))
                    .collect(),
            })
            .collect();
        let chosen = filled.iter().position(ResourceArn::is_exact).unwrap_or(0);
        filled
            .into_iter()
            .nth(chosen)
            .unwrap_or_else(|| ResourceArn {
                type_name: candidate.type_name,
                format: Arc::new(ArnFormat::parse("*")),
                slots: Vec::new(),
            })
    }

    fn placeholder(&self, clause: &CompiledClause, name: &str) -> Slot {
        if let Some((_, template)) = clause.bindings.iter().find(|(p, _)| *p == name) {
            return self.template(template);
        }
        if let Some(template) = self.map.placeholder(clause.action.service, name) {
            let slot = self.template(template);
            if !matches!(slot, Slot::Unknown) || !is_builtin(name) {
                return slot;
            }
        }
        match name {
            "Partition" => Slot::Known(self.partition.clone()),
            "Region" => self
                .event
                .aws_region
                .as_deref()
                .map_or(Slot::Unknown, |r| Slot::Known(r.to_string())),
            "Account" => self.account.clone(),
            other => self
                .parameter(other, true)
                .filter(|v| !v.is_empty())
                .map_or(Slot::Unknown, Slot::Known),
        }
    }

    fn template(&self, template: &Template) -> Slot {
        if let [TemplatePart::Ref(reference)] = template.parts.as_slice() {
            return self.reference(reference);
        }
        let mut text = String::new();
        for part in &template.parts {
            match part {
                TemplatePart::Text(literal) => text.push_str(literal),
                TemplatePart::Ref(reference) => match self.reference(reference) {
                    Slot::Known(value) => text.push_str(&value),
                    _ => return Slot::Unknown,
                },
            }
        }
        Slot::Known(text)
    }

    fn reference(&self, reference: &Reference) -> Slot {
        let value = match reference.source {
            RefSource::Partition => Some(self.partition.clone()),
            RefSource::Region => self.event.aws_region.as_deref().map(str::to_string),
            RefSource::Account => match &self.account {
                Slot::Known(account) => Some(account.clone()),
                _ => None,
            },
            RefSource::Parameter => match reference.path.as_slice() {
                [name] => self.parameter(name, false),
                path => self
                    .parameters_raw()
                    .and_then(|raw| raw_lookup(raw, path))
                    .and_then(raw_text),
            },
            RefSource::Additional => self
                .additional_raw()
                .and_then(|raw| raw_lookup(raw, &reference.path))
                .and_then(raw_text),
        };
        match value.filter(|v| !v.is_empty()) {
            None => Slot::Unknown,
            Some(value) => match reference.filter {
                None => Slot::Known(value),
                Some(filter) => apply_filter(filter, &value),
            },
        }
    }

    /// An ARN of the event that has the format of one of the clause's
    /// resource types (of `only` when given).
    fn event_arn(&self, clause: &CompiledClause, only: Option<&str>) -> Option<ResourceArn> {
        let from_resources = self
            .event
            .resources
            .iter()
            .flatten()
            .filter_map(|r| r.arn.as_deref().map(str::to_string));
        let from_parameters = self
            .parameters_raw()
            .and_then(ShallowObject::parse)
            .map(|object| {
                object
                    .values()
                    .filter(|v| v.get().starts_with("\"arn:"))
                    .filter_map(raw_text)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        from_resources
            .chain(from_parameters)
            .collect::<Vec<_>>()
            .into_iter()
            .filter_map(|arn| self.classify(clause, &arn))
            .find(|arn| only.is_none_or(|t| t == arn.type_name))
    }

    /// `arn` read against the clause's resource types, unless a more
    /// specific type of the service has its format.
    fn classify(&self, clause: &CompiledClause, arn: &str) -> Option<ResourceArn> {
        let most_specific = clause
            .service_formats
            .iter()
            .find_map(|f| f.format.match_arn(arn).map(|values| (f, values)));
        let (found, values) = match most_specific {
            Some(found) => found,
            None => {
                // A type of another service (sts:AssumeRole acts on iam roles).
                return clause.candidates.iter().find_map(|c| {
                    c.formats.iter().find_map(|format| {
                        format.match_arn(arn).map(|values| ResourceArn {
                            type_name: c.type_name,
                            format: Arc::clone(format),
                            slots: values.into_iter().map(Slot::Known).collect(),
                        })
                    })
                });
            }
        };
        clause
            .candidates
            .iter()
            .any(|c| c.type_name == found.type_name)
            .then(|| ResourceArn {
                type_name: found.type_name,
                format: Arc::clone(&found.format),
                slots: values.into_iter().map(Slot::Known).collect(),
            })
    }
}

fn is_builtin(name: &str) -> bool {
    matches!(name, "Partition" | "Region" | "Account")
}

/// The owner account of the event's resource, as far as the event shows it.
fn resource_account(event: &TrailEvent<'_>) -> Slot {
    let caller = event
        .user_identity
        .as_ref()
        .and_then(|i| i.account_id.as_deref());
    let recipient = event.recipient_account_id.as_deref();
    match (caller, recipient) {
        (Some(caller), Some(recipient)) if caller != recipient => {
            Slot::Known(recipient.to_string())
        }
        (_, Some(_)) if event.shared_event_id.is_some() => Slot::Unknown,
        (_, Some(recipient)) => Slot::Known(recipient.to_string()),
        (Some(caller), None) => Slot::Known(caller.to_string()),
        (None, None) => Slot::Unknown,
    }
}

fn apply_filter(filter: Filter, value: &str) -> Slot {
    let known = |text: &str| {
        if text.is_empty() {
            Slot::Unknown
        } else {
            Slot::Known(text.to_string())
        }
    };
    match filter {
        Filter::UrlLast => known(value.trim_end_matches('/').rsplit('/').next().unwrap_or("")),
        Filter::UrlAccount => {
            let path = value.split("://").nth(1).unwrap_or(value);
            let account = path.split('/').nth(1).unwrap_or("");
            if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
                known(account)
            } else {
                Slot::Unknown
            }
        }
        Filter::CopySource => {
            let decoded = percent_decode(value);
            let path = decoded.trim_start_matches('/');
            let path = path.split("?versionId=").next().unwrap_or(path);
            if path.contains('/') {
                known(path)
            } else {
                Slot::Unknown
            }
        }
        Filter::AnyPath => Slot::Pattern(format!("*{}", escape_pattern(value))),
        Filter::SecretName => match value.split_once(":secret:") {
            Some((_, id)) => known(id),
            None => Slot::Pattern(format!("{}-??????", escape_pattern(value))),
        },
        Filter::FunctionName => match value.split_once("function:") {
            Some((_, name)) => known(name),
            None => known(value),
        },
        Filter::KmsKeyId => {
            if let Some((_, id)) = value.split_once(":key/") {
                known(id)
            } else if value.starts_with("arn:") || value.starts_with("alias/") {
                Slot::Unknown
            } else {
                known(value)
            }
        }
        Filter::StripSlash => known(value.trim_start_matches('/')),
    }
}

/// Decodes `%XX` escapes (`+` stays a plus sign); bad escapes stay as
/// they are.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let hex = (byte == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match hex {
            Some(decoded) => {
                out.push(decoded);
                index += 3;
            }
            None => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests;
