//! From a model of the environment's variables to a concrete request (the
//! witness of a finding), and back: the inverse that turns a concrete
//! request into an assignment of the variables, for the property tests'
//! equivalence check ([`super::oracle`]).
//!
//! Both directions derive the keys that describe the principal with
//! [`crate::semantics::principal_keys::derived_value`] (the evaluator's
//! request builder uses the same function) and decide presence with
//! [`crate::semantics::keys::KeyInfo::presence`].

use std::collections::BTreeMap;

use zoneproof_encodings::model::{Model, Value};
use zoneproof_encodings::term::{Sort, Var};

use crate::eval::{Context, Request, RequestPrincipal};
use crate::semantics::keys::{KeyInfo, KeySource, ResourceKey};
use crate::semantics::principal_keys::{
    derivation, derived_value, Derivation, Derived, PrincipalShape, DERIVED_KEY_NAMES,
};
use crate::value::{parse_date, parse_decimal, parse_ip, DECIMAL_SCALE};

use super::env::{Environment, KeyEntry};
use super::request::{MAX_ISO_SECONDS, MIN_ISO_SECONDS};
use super::shapes::account_pattern;
use super::vars::RequestVars;
use super::vars::{ElementVars, KeyVars, PrincipalKind, View};

/// Text standing for a context value that does not parse for the operator
/// type the policy compares it with.
pub const UNPARSEABLE: &str = "not-a-valid-value";

/// Why a model or a request could not be translated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The model lacks a value the decoder needs.
    #[error("model has no value for `{0}`")]
    Missing(String),
    /// The request is outside the environment's request space.
    #[error("request outside the request space: {0}")]
    OutsideSpace(String),
}

fn text(model: &Model, var: &Var) -> String {
    model.get_str(var).unwrap_or_default().to_string()
}

fn flag(model: &Model, var: &Var) -> bool {
    model.get_bool(var).unwrap_or(false)
}

/// The principal of a model.
pub fn decode_principal(env: &Environment, model: &Model) -> Result<RequestPrincipal, DecodeError> {
    let v = &env.vars;
    let kind = model
        .get_int(&v.kind)
        .and_then(PrincipalKind::from_code)
        .ok_or_else(|| DecodeError::Missing(v.kind.name().to_string()))?;
    Ok(match kind {
        PrincipalKind::Anonymous => RequestPrincipal::Anonymous,
        PrincipalKind::Aws => RequestPrincipal::Aws(text(model, &v.arn)),
        PrincipalKind::Service => RequestPrincipal::Service(text(model, &v.service)),
        PrincipalKind::Federated => RequestPrincipal::Federated(text(model, &v.provider)),
        PrincipalKind::CanonicalUser => RequestPrincipal::CanonicalUser(text(model, &v.canonical)),
    })
}

/// The action class of a model.
pub fn decode_class(env: &Environment, model: &Model) -> Result<usize, DecodeError> {
    model
        .get_int(&env.vars.action)
        .and_then(|i| usize::try_from(i).ok())
        .filter(|i| *i < env.classes.len())
        .ok_or_else(|| DecodeError::Missing(env.vars.action.name().to_string()))
}

/// Decodes the request of a model (with the first action of its class).
pub fn decode_request(env: &Environment, model: &Model) -> Result<Request, DecodeError> {
    let principal = decode_principal(env, model)?;
    let class = decode_class(env, model)?;
    let action = env
        .classes
        .get(class)
        .and_then(|c| c.actions.first())
        .cloned()
        .ok_or_else(|| DecodeError::Missing(format!("an action of class {class}")))?;
    let shape = PrincipalShape::of(&principal);
    let mut context = Context::new();
    for (key, name) in DERIVED_KEY_NAMES {
        let lowercase = name.to_lowercase();
        if gated_out(env, &lowercase, class) {
            continue;
        }
        if let Derived::Value(value) = derived_value(&principal, key) {
            context.insert(name, value);
        }
    }
    for entry in env.keys.values() {
        if let Some(values) = stated_values(env, entry, shape, model)? {
            context.insert_all(entry.info.name.clone(), values);
        }
    }
    add_resource_keys(env, &mut context, class);
    add_vpc_endpoint(model, &env.vars, &mut context);
    Ok(Request {
        principal,
        action,
        resource: text(model, &env.vars.resource),
        context,
    })
}

/// A VPC endpoint the witness names when the model's request comes
/// through one but no policy reads the endpoint keys (17 hexadecimal
/// digits, as AWS forms the ids).
const STAND_IN_VPC_ENDPOINT: &str = "vpce-0a1b2c3d4e5f67890";

/// Says so in the context when the request comes through a VPC endpoint
/// and no endpoint key was decoded: without it the request would read as
/// one from the internet without `aws:SourceIp`, which cannot happen (and
/// which the encoder's domain rightly excludes).
fn add_vpc_endpoint(model: &Model, vars: &RequestVars, context: &mut Context) {
    let stated = VPC_ENDPOINT_KEYS.iter().any(|k| context.contains_key(k));
    if flag(model, &vars.via_vpc_endpoint) && !stated {
        context.insert("aws:SourceVpce", STAND_IN_VPC_ENDPOINT);
    }
}

/// Whether a service key is absent for the class (its actions do not list
/// it).
fn gated_out(env: &Environment, lowercase: &str, class: usize) -> bool {
    KeyInfo::of(lowercase).service_gated
        && !env
            .classes
            .get(class)
            .is_some_and(|c| c.keys.contains(lowercase))
}

/// The owner's account (and organization, when known) as the resource
/// keys.
fn add_resource_keys(env: &Environment, context: &mut Context, class: usize) {
    if !context.contains_key("aws:ResourceAccount") {
        context.insert("aws:ResourceAccount", env.owner.clone());
    }
    if !gated_out(env, "s3:resourceaccount", class) && !context.contains_key("s3:ResourceAccount") {
        context.insert("s3:ResourceAccount", env.owner.clone());
    }
    if let Some(org) = &env.owner_org {
        if !context.contains_key("aws:ResourceOrgID") {
            context.insert("aws:ResourceOrgID", org.clone());
        }
    }
}

/// The values the request states for a key with free variables (facts and
/// keys the caller sends), `None` when absent or derived.
fn stated_values(
    env: &Environment,
    entry: &KeyEntry,
    shape: PrincipalShape,
    model: &Model,
) -> Result<Option<Vec<String>>, DecodeError> {
    let Some(vars) = &entry.vars else {
        return Ok(None);
    };
    if let KeySource::Principal(pk) = entry.info.source {
        if !matches!(
            derivation(shape, pk),
            Derivation::Fact(_) | Derivation::PresentFact(_)
        ) {
            return Ok(None);
        }
    }
    if matches!(entry.info.source, KeySource::Resource(ResourceKey::Account)) {
        return Ok(None);
    }
    if !flag(model, &vars.present) {
        return Ok(None);
    }
    let view = vars.view();
    let mut values = Vec::new();
    for element in &vars.elements {
        if flag(model, &element.used) {
            values.push(element_value(element, view, model)?);
        }
    }
    let _ = env;
    Ok(Some(values))
}

fn element_value(element: &ElementVars, view: View, model: &Model) -> Result<String, DecodeError> {
    let int = |var: &Var| {
        model
            .get_int(var)
            .ok_or_else(|| DecodeError::Missing(var.name().to_string()))
    };
    Ok(match view {
        View::Text => text(model, &element.text),
        View::Number if flag(model, &element.number.1) => format_decimal(int(&element.number.0)?),
        View::Date if flag(model, &element.date.ok) => {
            format_date_parts(int(&element.date.seconds)?, int(&element.date.millis)?)
        }
        View::Ip if flag(model, &element.ip.1) => match model.get_ip(&element.ip.0) {
            Some(ip) => format_ip(ip),
            None => return Err(DecodeError::Missing(element.ip.0.name().to_string())),
        },
        View::Number | View::Date | View::Ip => UNPARSEABLE.to_string(),
    })
}

/// The keys that exist exactly when a request comes through a VPC
/// endpoint.
const VPC_ENDPOINT_KEYS: [&str; 3] = ["aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp"];

/// Turns a concrete request into an assignment of every variable of the
/// environment: the inverse of [`decode_request`]. The request must be in
/// the request space (its action in a class, its values representable).
///
/// # Errors
/// [`DecodeError::OutsideSpace`] when it is not.
pub fn encode_request(env: &Environment, request: &Request) -> Result<Model, DecodeError> {
    let mut model = Model::new();
    let v = &env.vars;
    let (kind, arn, service, provider, canonical) = match &request.principal {
        RequestPrincipal::Anonymous => (PrincipalKind::Anonymous, "", "", "", ""),
        RequestPrincipal::Aws(arn) => (PrincipalKind::Aws, arn.as_str(), "", "", ""),
        RequestPrincipal::Service(s) => (PrincipalKind::Service, "", s.as_str(), "", ""),
        RequestPrincipal::Federated(p) => (PrincipalKind::Federated, "", "", p.as_str(), ""),
        RequestPrincipal::CanonicalUser(c) => {
            (PrincipalKind::CanonicalUser, "", "", "", c.as_str())
        }
    };
    set(&mut model, &v.kind, Value::Int(kind as i128));
    set(&mut model, &v.arn, Value::Str(arn.to_string()));
    set(&mut model, &v.service, Value::Str(service.to_string()));
    set(&mut model, &v.provider, Value::Str(provider.to_string()));
    set(&mut model, &v.canonical, Value::Str(canonical.to_string()));
    let class = env
        .classes
        .iter()
        .position(|c| {
            c.actions
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&request.action))
        })
        .ok_or_else(|| {
            DecodeError::OutsideSpace(format!("action `{}` is in no class", request.action))
        })?;
    set(&mut model, &v.action, Value::Int(class as i128));
    set(
        &mut model,
        &v.resource,
        Value::Str(request.resource.clone()),
    );
    let via = VPC_ENDPOINT_KEYS
        .iter()
        .any(|k| request.context.contains_key(k));
    set(&mut model, &v.via_vpc_endpoint, Value::Bool(via));
    set(
        &mut model,
        &v.account_index,
        Value::Int(account_index(env, arn)),
    );
    let shape = PrincipalShape::of(&request.principal);
    for entry in env.keys.values() {
        if let Some(vars) = &entry.vars {
            encode_key(&mut model, entry, vars, shape, &request.context)?;
        }
    }
    Ok(model)
}

fn set(model: &mut Model, var: &Var, value: Value) {
    // The sorts are the variables' own; a mismatch is impossible here.
    let _ = model.insert(var.clone(), value);
}

/// The index of the account the ARN belongs to in the exclusivity list.
fn account_index(env: &Environment, arn: &str) -> i128 {
    let accounts: Vec<&String> = match &env.principal_accounts {
        Some(accounts) => accounts.values().collect(),
        None => env.universe.accounts.iter().collect(),
    };
    accounts
        .iter()
        .position(|a| account_pattern(&env.partition, a).matches(arn))
        .map_or(-1, |i| i as i128)
}

/// Assigns a key's free variables from the request's context.
fn encode_key(
    model: &mut Model,
    entry: &KeyEntry,
    vars: &KeyVars,
    shape: PrincipalShape,
    context: &Context,
) -> Result<(), DecodeError> {
    let stated = match entry.info.source {
        KeySource::Principal(pk) => matches!(
            derivation(shape, pk),
            Derivation::Fact(_) | Derivation::PresentFact(_)
        ),
        _ => true,
    };
    let values = if stated {
        context.get(&entry.info.name).map(<[String]>::to_vec)
    } else {
        None
    };
    set(model, &vars.present, Value::Bool(values.is_some()));
    let values = values.unwrap_or_default();
    if values.len() > vars.elements.len() || (!vars.multivalued && values.len() > 1) {
        return Err(DecodeError::OutsideSpace(format!(
            "key `{}` has {} values, more than the encoding holds",
            entry.info.name,
            values.len()
        )));
    }
    if !vars.multivalued && values.is_empty() && context.get(&entry.info.name).is_some() && stated {
        return Err(DecodeError::OutsideSpace(format!(
            "single-valued key `{}` is present with no value",
            entry.info.name
        )));
    }
    for (index, element) in vars.elements.iter().enumerate() {
        let value = values.get(index);
        set(model, &element.used, Value::Bool(value.is_some()));
        encode_element(model, element, value.map(String::as_str).unwrap_or(""));
    }
    Ok(())
}

/// Every view of one value, from its text.
fn encode_element(model: &mut Model, element: &ElementVars, text: &str) {
    set(model, &element.text, Value::Str(text.to_string()));
    let number = parse_decimal(text).ok().map(|d| d.scaled);
    set(model, &element.number.0, Value::Int(number.unwrap_or(0)));
    set(model, &element.number.1, Value::Bool(number.is_some()));
    let date = parse_date(text).ok().map(i128::from);
    set(
        model,
        &element.date.seconds,
        Value::Int(date.map_or(0, |d| d.div_euclid(1000))),
    );
    set(
        model,
        &element.date.millis,
        Value::Int(date.map_or(0, |d| d.rem_euclid(1000))),
    );
    set(model, &element.date.ok, Value::Bool(date.is_some()));
    let ip = parse_ip(text).ok();
    set(model, &element.ip.0, Value::Ip(ip.unwrap_or(0)));
    set(model, &element.ip.1, Value::Bool(ip.is_some()));
}

/// Every variable the environment's formulas may mention, for callers that
/// complete partial models.
pub fn all_variables(env: &Environment) -> Vec<Var> {
    let mut vars: Vec<Var> = env.vars.all().into_iter().cloned().collect();
    for entry in env.keys.values() {
        if let Some(k) = &entry.vars {
            vars.push(k.present.clone());
            for e in &k.elements {
                vars.extend(e.all().into_iter().cloned());
            }
        }
    }
    vars
}

/// Completes a solver model with default values for the variables it does
/// not mention (the query does not constrain them, so any value keeps it
/// satisfied).
pub fn complete_model(env: &Environment, model: &Model) -> Model {
    let mut complete = model.clone();
    for var in all_variables(env) {
        if complete.get(&var).is_none() {
            let value = match var.sort() {
                Sort::Bool => Value::Bool(false),
                Sort::Str => Value::Str(String::new()),
                Sort::Int => Value::Int(0),
                Sort::Ip => Value::Ip(0),
            };
            set(&mut complete, &var, value);
        }
    }
    complete
}

/// A scaled decimal as text.
pub fn format_decimal(scaled: i128) -> String {
    let sign = if scaled < 0 { "-" } else { "" };
    let magnitude = scaled.unsigned_abs();
    let scale = DECIMAL_SCALE.unsigned_abs();
    let (whole, fraction) = (magnitude / scale, magnitude % scale);
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{fraction:09}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// Epoch milliseconds as ISO 8601 UTC (years 0000 to 9999), or as epoch
/// seconds beyond.
pub fn format_date(millis: i128) -> String {
    format_date_parts(millis.div_euclid(1000), millis.rem_euclid(1000))
}

/// A date given as seconds and milliseconds: ISO 8601 UTC within years 0000
/// to 9999, else epoch seconds (digits only), the only form AWS parses
/// there.
pub fn format_date_parts(seconds: i128, ms: i128) -> String {
    if !(MIN_ISO_SECONDS..=MAX_ISO_SECONDS).contains(&seconds) {
        return seconds.max(0).to_string();
    }
    let days = seconds.div_euclid(86_400);
    let rem = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{ms:03}Z")
}

/// Days since 1970-01-01 to a civil date (proleptic Gregorian).
fn civil_from_days(days: i128) -> (i128, i128, i128) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i128::from(m <= 2);
    (y, m, d)
}

/// A 128-bit address as text: dotted IPv4 when mapped, else IPv6.
pub fn format_ip(ip: u128) -> String {
    let addr = std::net::Ipv6Addr::from(ip);
    match addr.to_ipv4_mapped() {
        Some(v4) => v4.to_string(),
        None => addr.to_string(),
    }
}

/// The request's context as witness JSON: one string for a single value,
/// an array otherwise.
pub fn context_json(context: &Context) -> BTreeMap<String, serde_json::Value> {
    context
        .iter()
        .map(|(k, values)| {
            let value = match values {
                [single] => serde_json::Value::String(single.clone()),
                many => serde_json::Value::from(many.to_vec()),
            };
            (k.to_string(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_dates_and_addresses_print_as_policies_write_them() {
        assert_eq!(format_decimal(1_500_000_000), "1.5");
        assert_eq!(format_decimal(-3_000_000_000), "-3");
        assert_eq!(format_date(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_date(1_565_956_800_000), "2019-08-16T12:00:00.000Z");
        assert_eq!(format_date(253_402_300_800_000), "253402300800");
        assert_eq!(
            parse_date(&format_date(253_402_300_800_000)),
            Ok(253_402_300_800_000)
        );
        assert_eq!(format_ip(0xffff_0a00_0001), "10.0.0.1");
        assert_eq!(format_ip(1), "::1");
    }
}
