//! Command-line interface: one file per command, each with its `Args` and one
//! `run` function. Shared plumbing (config loading, thread pool, progress)
//! lives here.

pub mod check;
pub mod claims;
pub mod explain;
pub mod normalize;
pub mod run;
pub mod stage;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;

#[derive(Debug, Parser)]
#[command(name = "corroborate", version, about = "How many independent sources agree on each claim, and who disputes it", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline and write the outputs.
    Run(run::Args),
    /// Resolve names against the gazetteer (one TSV line per name).
    Normalize(normalize::Args),
    /// Print extracted claims, before scoring.
    Claims(claims::Args),
    /// Compare a run's claims with a stored snapshot (a CI regression gate).
    Check(check::Args),
    /// Run one stage as a JSON-lines filter (stdin to stdout), for Spark's RDD.pipe.
    Stage(stage::Args),
    /// Print the evidence ledger of one claim of a finished run.
    Explain(explain::Args),
}

/// An error with its exit status.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad arguments or config: exit 2.
    #[error("{0:#}")]
    Usage(anyhow::Error),
    /// The run failed: exit 1.
    #[error("{0:#}")]
    Failed(anyhow::Error),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Failed(_) => 1,
        }
    }
}

pub type CliResult = Result<ExitCode, CliError>;

pub fn run(cli: Cli) -> CliResult {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Normalize(args) => normalize::run(args),
        Command::Claims(args) => claims::run(args),
        Command::Check(args) => check::run(args),
        Command::Stage(args) => stage::run(args),
        Command::Explain(args) => explain::run(args),
    }
}

/// Loads `--config FILE`, or `config.toml` in the current folder, or the defaults.
pub fn load_config(path: Option<&Path>) -> Result<Config, CliError> {
    let loaded = match path {
        Some(p) => Config::load(p),
        None => Config::load_default(),
    };
    loaded.map_err(|e| CliError::Usage(e.into()))
}

/// Sets the size of rayon's global pool (once per process).
pub fn init_threads(threads: Option<usize>) -> Result<(), CliError> {
    if let Some(n) = threads {
        if n == 0 {
            return Err(CliError::Usage(anyhow::anyhow!(
                "--threads must be at least 1"
            )));
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .map_err(|e| CliError::Failed(e.into()))?;
    }
    Ok(())
}

/// Checks that every INPUT given on the command line exists.
pub fn check_inputs(inputs: &[PathBuf]) -> Result<(), CliError> {
    for p in inputs {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(CliError::Usage(anyhow::anyhow!(
                "{}: no such file or folder",
                p.display()
            )));
        }
    }
    Ok(())
}
