//! Zone-of-trust and analysis flags shared by `analyze` and `scan`.

use anyhow::{bail, Context as _};
use std::path::PathBuf;
use std::time::Duration;
use zoneproof_analyzer::analysis::AnalysisOptions;
use zoneproof_analyzer::archive::parse_archive_rules;
use zoneproof_analyzer::inputs::ZoneTemplate;
use zoneproof_analyzer::resource::split_arn;
use zoneproof_analyzer::zone::{is_account_id, Zone};
use zoneproof_encodings::solver::BackendKind;

/// The zone of trust and how to analyse.
#[derive(clap::Args, Debug, Clone)]
pub struct ZoneArgs {
    /// The account that owns the resource (default: the ARN's account).
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// Make the zone of trust an organization (`o-...`).
    #[arg(long, value_name = "o-ID")]
    pub org: Option<String>,
    /// A member account of the organization (repeatable).
    #[arg(long = "org-account", value_name = "ID")]
    pub org_accounts: Vec<String>,
    /// An account trusted as if inside the zone (repeatable).
    #[arg(long = "trusted-account", value_name = "ID")]
    pub trusted_accounts: Vec<String>,
    /// Archive rules (Access Analyzer filter syntax, JSON list).
    #[arg(long, value_name = "FILE")]
    pub archive_rules: Option<PathBuf>,
    /// Do not report service principals allowed without a source condition.
    #[arg(long)]
    pub no_service_findings: bool,
    /// The solver backend.
    #[arg(long, default_value = "automata", value_name = "automata|z3-strings")]
    pub backend: BackendKind,
    /// Timeout of one solver check, in milliseconds.
    #[arg(long, default_value_t = 10_000, value_name = "MS")]
    pub timeout_ms: u64,
    /// The organization export (root, OUs, accounts, SCPs and RCPs, as
    /// `zoneproof authorize` reads it): access that a resource control
    /// policy (RCP) of the resource's account denies is cut, and each
    /// finding names the RCP statements that cut it.
    #[arg(long, value_name = "FILE")]
    pub organization: Option<PathBuf>,
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

impl ZoneArgs {
    /// The zone for a resource: `--account`, else the ARN's account.
    pub fn zone_for(&self, arn: &str) -> anyhow::Result<Zone> {
        let account = match (&self.account, split_arn(arn)) {
            (Some(a), _) => a.clone(),
            (None, Some(parts)) if is_account_id(parts.account) => parts.account.to_string(),
            (None, Some(_)) => bail!("resource ARN `{arn}` names no account: give --account"),
            (None, None) => bail!("invalid resource ARN `{arn}`"),
        };
        let zone = Zone {
            account,
            org: self.org.clone(),
            org_accounts: self.org_accounts.clone(),
            trusted_accounts: self.trusted_accounts.clone(),
        };
        zone.validate()?;
        Ok(zone)
    }

    /// The zone of trust of a scan, whose owner account comes from each
    /// resource unless `--account` is given; the ids are checked once here.
    pub fn template(&self) -> anyhow::Result<ZoneTemplate> {
        let template = ZoneTemplate {
            account: self.account.clone(),
            org: self.org.clone(),
            org_accounts: self.org_accounts.clone(),
            trusted_accounts: self.trusted_accounts.clone(),
        };
        // Any valid owner will do to check the other ids.
        let owner = self.account.as_deref().unwrap_or("000000000000");
        template.zone(owner).validate()?;
        Ok(template)
    }

    /// The analysis options.
    pub fn options(&self) -> anyhow::Result<AnalysisOptions> {
        let archive_rules = match &self.archive_rules {
            None => Vec::new(),
            Some(path) => {
                let text = zoneproof_analyzer::inputs::read_regular_file(path)
                    .map_err(|e| e.to_string())
                    .and_then(|b| String::from_utf8(b).map_err(|_| "not valid UTF-8".to_string()))
                    .map_err(anyhow::Error::msg)
                    .with_context(|| format!("{}: cannot read", path.display()))?;
                parse_archive_rules(&text).with_context(|| path.display().to_string())?
            }
        };
        Ok(AnalysisOptions {
            service_findings: !self.no_service_findings,
            backend: self.backend,
            timeout: Duration::from_millis(self.timeout_ms),
            archive_rules,
            limits: self.limits.limits(),
            organization: match &self.organization {
                None => None,
                Some(path) => Some(std::sync::Arc::new(read_organization(path)?)),
            },
        })
    }
}

/// Reads an organization export; every problem is an error naming the
/// file and JSON path.
fn read_organization(
    path: &std::path::Path,
) -> anyhow::Result<zoneproof_analyzer::organization::Organization> {
    let bytes = zoneproof_analyzer::inputs::read_regular_file(path)
        .map_err(|m| anyhow::anyhow!("{}: {m}", path.display()))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| anyhow::anyhow!("{}: $: not valid JSON: {e}", path.display()))?;
    zoneproof_analyzer::organization::Organization::from_export(path, &value).map_err(|errors| {
        let first = errors.first().map_or_else(
            || "not an organization export".to_string(),
            ToString::to_string,
        );
        anyhow::anyhow!("--organization: {first}")
    })
}
