//! Decoding a solver model into a concrete request (the witness of a
//! finding), and re-checking it with the concrete evaluator.

use crate::encode::keys::{key_role, KeyRole};
use crate::encode::universe::{session_role_arn, PrincipalKind};
use crate::encode::vars::{KeyVars, View};
use crate::encode::{single_view, Question};
use crate::eval::{evaluate, Context, Decision, Request, RequestPrincipal};
use crate::finding::Witness;
use crate::policy::Policy;
use crate::resource::split_arn;
use crate::value::DECIMAL_SCALE;
use crate::zone::Zone;
use std::collections::BTreeMap;
use zoneproof_encodings::model::{Model, Value};
use zoneproof_encodings::term::Var;

/// Text standing for a context value that does not parse for the operator
/// type the policy compares it with.
const UNPARSEABLE: &str = "not-a-valid-value";

/// A decoded request, in evaluator and report form.
#[derive(Debug, Clone)]
pub struct DecodedRequest {
    /// The request for the evaluator.
    pub request: Request,
    /// The same request for the finding's `witness` field.
    pub witness: Witness,
}

/// Decodes the request of a model whose action class is `class`.
pub fn decode(
    question: &Question,
    model: &Model,
    class: usize,
    zone: &Zone,
) -> Result<DecodedRequest, String> {
    let v = &question.vars;
    let kind = match model.get(&v.kind) {
        Some(Value::Int(code)) => PrincipalKind::from_code(*code),
        _ => None,
    }
    .ok_or("model has no principal kind")?;
    let principal = match kind {
        PrincipalKind::Anonymous => RequestPrincipal::Anonymous,
        PrincipalKind::Aws => RequestPrincipal::Aws(text(model, &v.arn)),
        PrincipalKind::Service => RequestPrincipal::Service(text(model, &v.service)),
        PrincipalKind::Federated => RequestPrincipal::Federated(text(model, &v.provider)),
        PrincipalKind::CanonicalUser => RequestPrincipal::CanonicalUser(text(model, &v.canonical)),
    };
    let action = question
        .classes
        .get(class)
        .and_then(|c| c.actions.first())
        .ok_or_else(|| format!("no action in class {class}"))?
        .clone();
    let resource = text(model, &v.resource);
    let mut context = Context::new();
    for (key, vars) in &question.keys {
        if matches!(key_role(key), KeyRole::Principal(_)) {
            continue;
        }
        if let Some(values) = key_values(vars, model)? {
            context.insert_all(vars.display.clone(), values);
        }
    }
    add_principal_keys(&mut context, &principal, question);
    add_resource_keys(&mut context, zone, question);
    let witness = Witness {
        principal: principal.to_string(),
        action: action.clone(),
        resource: resource.clone(),
        context: context
            .iter()
            .map(|(k, values)| {
                let value = match values {
                    [single] => serde_json::Value::String(single.clone()),
                    many => serde_json::Value::from(many.to_vec()),
                };
                (k.to_string(), value)
            })
            .collect::<BTreeMap<_, _>>(),
    };
    Ok(DecodedRequest {
        request: Request {
            principal,
            action,
            resource,
            context,
        },
        witness,
    })
}

/// Re-checks a decoded request: the evaluator must allow it. Returns the
/// allowing statements.
pub fn recheck(policy: &Policy, decoded: &DecodedRequest) -> Result<Vec<usize>, String> {
    let evaluation = evaluate(policy, &decoded.request);
    if evaluation.decision == Decision::Allow {
        return Ok(evaluation.statements);
    }
    Err(format!(
        "model invalid: the solver's witness (principal `{}`, action `{}`, resource `{}`, context {}) is {} by the concrete evaluator",
        decoded.witness.principal,
        decoded.witness.action,
        decoded.witness.resource,
        serde_json::Value::from(serde_json::Map::from_iter(decoded.witness.context.clone())),
        evaluation.decision.name()
    ))
}

fn text(model: &Model, var: &Var) -> String {
    match model.get(var) {
        Some(Value::Str(s)) => s.clone(),
        _ => String::new(),
    }
}

/// The values of a free key in the model, or `None` when absent.
fn key_values(vars: &KeyVars, model: &Model) -> Result<Option<Vec<String>>, String> {
    if !matches!(model.get(&vars.present), Some(Value::Bool(true))) {
        return Ok(None);
    }
    let view = single_view(&vars.views).unwrap_or(View::Text);
    let mut values = Vec::new();
    for element in &vars.elements {
        if !matches!(model.get(&element.used), Some(Value::Bool(true))) {
            continue;
        }
        values.push(element_value(element, view, model)?);
    }
    Ok(Some(values))
}

fn element_value(
    element: &crate::encode::vars::ElementVars,
    view: View,
    model: &Model,
) -> Result<String, String> {
    let ok = |flag: &Var| matches!(model.get(flag), Some(Value::Bool(true)));
    let int = |var: &Var| match model.get(var) {
        Some(Value::Int(i)) => Ok(*i),
        other => Err(format!("model has no integer for `{}` ({other:?})", var.name())),
    };
    Ok(match view {
        View::Text => text(model, &element.text),
        View::Number if ok(&element.number.1) => format_decimal(int(&element.number.0)?),
        View::Date if ok(&element.date.1) => format_date(int(&element.date.0)?),
        View::Ip if ok(&element.ip.1) => match model.get(&element.ip.0) {
            Some(Value::Ip(ip)) => format_ip(*ip),
            other => return Err(format!("model has no address ({other:?})")),
        },
        View::Number | View::Date | View::Ip => UNPARSEABLE.to_string(),
    })
}

/// The keys that are functions of the principal, exactly as the encoder
/// defines them.
fn add_principal_keys(context: &mut Context, principal: &RequestPrincipal, question: &Question) {
    match principal {
        RequestPrincipal::Anonymous => {
            context.insert("aws:PrincipalAccount", "anonymous");
            context.insert("aws:PrincipalType", "Anonymous");
        }
        RequestPrincipal::Aws(arn) if !question.universe.opaque.contains(arn) => {
            let session = question.universe.sessions.contains(arn);
            let identity = if session {
                session_role_arn(arn).unwrap_or_else(|| arn.clone())
            } else {
                arn.clone()
            };
            let account = split_arn(arn).map_or("", |p| p.account).to_string();
            let kind = match split_arn(arn).map(|p| p.resource) {
                Some("root") => "Account",
                Some(r) if r.starts_with("user/") => "User",
                Some(r) if r.starts_with("federated-user/") => "FederatedUser",
                _ => "AssumedRole",
            };
            context.insert("aws:PrincipalArn", identity);
            context.insert("aws:PrincipalAccount", account.clone());
            context.insert("kms:CallerAccount", account);
            context.insert("aws:PrincipalType", kind);
            context.insert("aws:PrincipalIsAWSService", "false");
        }
        RequestPrincipal::Aws(_) | RequestPrincipal::Federated(_) => {}
        RequestPrincipal::Service(name) => {
            context.insert("aws:PrincipalAccount", crate::encode::SERVICE_ACCOUNT);
            context.insert("aws:PrincipalIsAWSService", "true");
            context.insert("aws:PrincipalServiceName", name.clone());
        }
        RequestPrincipal::CanonicalUser(_) => {
            context.insert("aws:PrincipalIsAWSService", "false");
        }
    }
}

/// The keys that describe the resource.
fn add_resource_keys(context: &mut Context, zone: &Zone, question: &Question) {
    context.insert("aws:ResourceAccount", zone.account.clone());
    context.insert("s3:ResourceAccount", zone.account.clone());
    if let Some(org) = &zone.org {
        if !question.keys.contains_key("aws:resourceorgid") {
            context.insert("aws:ResourceOrgID", org.clone());
        }
    }
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

/// Epoch milliseconds as ISO 8601 UTC.
pub fn format_date(millis: i128) -> String {
    let seconds = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_dates_and_addresses_print_as_policies_write_them() {
        assert_eq!(format_decimal(1_500_000_000), "1.5");
        assert_eq!(format_decimal(-3_000_000_000), "-3");
        assert_eq!(format_date(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_date(1_565_956_800_000), "2019-08-16T12:00:00.000Z");
        assert_eq!(format_ip(0xffff_0a00_0001), "10.0.0.1");
        assert_eq!(format_ip(1), "::1");
    }
}
