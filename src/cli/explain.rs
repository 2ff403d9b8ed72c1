//! `corroborate explain CLAIM_ID [--out DIR] [--json]`: the evidence ledger
//! of one claim of a finished run, read from `DIR/report.json`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context};

use super::{CliError, CliResult};
use crate::model::ScoredClaim;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The claim id (first column of claims.csv).
    pub claim_id: String,
    /// Folder of the run (holding report.json).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Print the claim as JSON instead of a readable ledger.
    #[arg(long)]
    pub json: bool,
}

/// Reads the claims of `DIR/report.json`.
pub fn read_claims(out: &std::path::Path) -> anyhow::Result<Vec<serde_json::Value>> {
    let path = out.join("report.json");
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "{}: cannot read; run `corroborate run` first",
            path.display()
        )
    })?;
    let doc: serde_json::Value = serde_json::from_slice(&bytes).with_context(|| {
        format!(
            "{}: not a report.json written by `corroborate run`",
            path.display()
        )
    })?;
    match doc.get("claims") {
        Some(serde_json::Value::Array(a)) => Ok(a.clone()),
        _ => Err(anyhow!("{}: has no `claims` array", path.display())),
    }
}

pub fn run(args: Args) -> CliResult {
    let claims = read_claims(&args.out).map_err(CliError::Failed)?;
    let found = claims
        .into_iter()
        .find(|c| c.get("claim_id").and_then(|v| v.as_str()) == Some(args.claim_id.as_str()));
    let Some(value) = found else {
        return Err(CliError::Failed(anyhow!(
            "no claim {:?} in {}; the ids are the first column of {}",
            args.claim_id,
            args.out.join("report.json").display(),
            args.out.join("claims.csv").display()
        )));
    };
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&value).map_err(|e| CliError::Failed(e.into()))?;
        s.push('\n');
        s
    } else {
        let claim: ScoredClaim = serde_json::from_value(value)
            .context("the claim in report.json has an unexpected form; rerun `corroborate run`")
            .map_err(CliError::Failed)?;
        crate::score::explain::render_text(&claim)
    };
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(CliError::Failed(e.into())),
    }
}
