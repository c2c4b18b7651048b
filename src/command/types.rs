//! `zoneproof types`: the resource types zoneproof analyses, and what it
//! reads for each, from the type registry (one file per type in
//! `analyzer/src/resource/types/`). The README's table is this command's
//! Markdown output.

use clap::ValueEnum;
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;
use zoneproof_analyzer::resource::{
    ConfigSource, NameOrigin, ResourceType, Target, TemplateSource, TypeDef,
};

/// Arguments of `zoneproof types`.
#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = TypesFormat::Text)]
    format: TypesFormat,
}

/// How `zoneproof types` prints the registry.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TypesFormat {
    /// One line per type: name and policy.
    Text,
    /// A Markdown table (the README's).
    Markdown,
    /// An array of objects, one per type.
    Json,
}

/// Prints the registry.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let definitions: Vec<&TypeDef> = ResourceType::all()
        .filter_map(ResourceType::definition)
        .collect();
    let text = match args.format {
        TypesFormat::Text => text(&definitions),
        TypesFormat::Markdown => markdown(&definitions),
        TypesFormat::Json => {
            serde_json::to_string_pretty(&Value::Array(
                definitions.iter().map(|def| to_json(def)).collect(),
            ))? + "\n"
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn text(definitions: &[&TypeDef]) -> String {
    let width = definitions.iter().map(|d| d.name.len()).max().unwrap_or(0);
    definitions
        .iter()
        .map(|def| format!("{:width$}  {}\n", def.name, def.policy_name))
        .collect()
}

/// The README's table of types.
pub fn markdown(definitions: &[&TypeDef]) -> String {
    let mut out = String::from(
        "| type | policy | ARN | CloudFormation | Terraform | AWS Config |\n\
         | --- | --- | --- | --- | --- | --- |\n",
    );
    for def in definitions {
        let name = match def.name_origin {
            NameOrigin::CloudFormation => format!("`{}`", def.name),
            NameOrigin::Zoneproof => format!("`{}`¹", def.name),
        };
        let arns: Vec<String> = def.arn_forms.iter().map(|f| format!("`{f}`")).collect();
        out.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} |\n",
            def.policy_name,
            arns.join("<br>"),
            sources(def.inputs.cloudformation),
            sources(def.inputs.terraform),
            config(def.inputs.config.as_ref()),
        ));
    }
    out
}

/// `AWS::Glacier::Vault.AccessPolicy`, ... or a dash.
fn sources(sources: &[TemplateSource]) -> String {
    if sources.is_empty() {
        return "—".to_string();
    }
    let cells: Vec<String> = sources
        .iter()
        .map(|source| match source.target {
            Target::Synthesised => format!("`{}` (statements)", source.resource_type),
            _ => format!("`{}.{}`", source.resource_type, source.policy.join(".")),
        })
        .collect();
    cells.join("<br>")
}

fn config(source: Option<&ConfigSource>) -> String {
    match source {
        None => "—".to_string(),
        Some(source) => {
            let paths: Vec<String> = source
                .policy
                .iter()
                .take(1)
                .map(|path| format!("`{}`", path.join(".")))
                .collect();
            format!("`{}` {}", source.config_type, paths.join(" "))
        }
    }
}

fn to_json(def: &TypeDef) -> Value {
    let template = |sources: &[TemplateSource]| -> Vec<Value> {
        sources
            .iter()
            .map(|s| json!({"resourceType": s.resource_type, "policy": s.policy.join(".")}))
            .collect()
    };
    json!({
        "name": def.name,
        "nameFromCloudFormation": def.name_origin == NameOrigin::CloudFormation,
        "policy": def.policy_name,
        "arnForms": def.arn_forms,
        "actions": def.actions.iter()
            .map(|a| json!({"service": a.service, "kinds": a.kinds}))
            .collect::<Vec<_>>(),
        "cloudformation": template(def.inputs.cloudformation),
        "terraform": template(def.inputs.terraform),
        "config": def.inputs.config.as_ref().map(|c| json!({
            "resourceType": c.config_type,
            "policy": c.policy.iter().map(|p| p.join(".")).collect::<Vec<_>>(),
        })),
        "remarks": def.inputs.remarks,
        "example": {"arn": def.example.arn},
    })
}
