//! `corroborate normalize [NAME]... [--gazetteer FILE]`: one TSV line per name,
//! `input kind id name score method`. Names come from stdin when none are given.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{load_config, CliError, CliResult};
use crate::normalize::{Gazetteer, NormalizeLexicon, Normalizer};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Names to resolve; read one per line from stdin when none are given.
    pub names: Vec<String>,
    /// Gazetteer CSV; default: the one config.toml names.
    #[arg(long)]
    pub gazetteer: Option<PathBuf>,
    /// Config file (for thresholds and the default gazetteer).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

/// Makes a cell safe for one TSV line.
fn tsv(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

pub fn run(args: Args) -> CliResult {
    let config = load_config(args.config.as_deref())?;
    let path = args
        .gazetteer
        .clone()
        .unwrap_or_else(|| config.resolve(&config.input.gazetteer));
    let gazetteer = Gazetteer::load(&path).map_err(|e| CliError::Failed(e.into()))?;
    let lexicon = NormalizeLexicon::load(&config.resolve(&config.input.lexicons).join("normalize"))
        .map_err(|e| CliError::Failed(e.into()))?;
    let normalizer = Normalizer::new(gazetteer, lexicon, &config.normalize);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut emit = |name: &str| -> std::io::Result<()> {
        let r = normalizer.resolve(name);
        if let Some(note) = &r.note {
            eprintln!("{}: {note}", tsv(name));
        }
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{:.3}\t{}",
            tsv(name),
            r.kind.map_or("", |k| k.as_str()),
            tsv(&r.ids.join("|")),
            tsv(&r.names.join("|")),
            r.score,
            r.method
        )
    };
    let result: std::io::Result<()> = if args.names.is_empty() {
        std::io::stdin().lock().lines().try_for_each(|line| {
            let line = line?;
            emit(line.trim_end_matches('\r'))
        })
    } else {
        args.names.iter().try_for_each(|n| emit(n))
    };
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(CliError::Failed(e.into())),
    }
    out.flush().ok();
    Ok(ExitCode::SUCCESS)
}
