//! `corroborate run [INPUT]... [--config FILE] [--out DIR] [--threads N] [--quiet] [--strict]`

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use super::{check_inputs, init_threads, load_config, CliError, CliResult};
use crate::model::Verdict;
use crate::pipeline::{self, Stage, StageEvent};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and folders of reports (.md, .csv, .jsonl); default: the config's corpus.
    pub inputs: Vec<PathBuf>,
    /// Config file; default: config.toml in the current folder.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Output folder; default: the config's output.dir (out/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads; default: one per core.
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bars and no messages except errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Exit 1 when any input row was rejected.
    #[arg(long)]
    pub strict: bool,
}

/// Progress bars, one per stage, on a terminal only.
struct Bars {
    multi: MultiProgress,
    bars: Mutex<Vec<(Stage, ProgressBar)>>,
}

impl Bars {
    fn event(&self, stage: Stage, event: StageEvent) {
        let mut bars = self.bars.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            StageEvent::Start => {
                let bar = self.multi.add(ProgressBar::new_spinner());
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                bar.set_message(stage.as_str());
                bar.enable_steady_tick(std::time::Duration::from_millis(100));
                bars.push((stage, bar));
            }
            StageEvent::Done => {
                if let Some((_, bar)) = bars.iter().find(|(s, _)| *s == stage) {
                    bar.finish_with_message(format!("{} done", stage.as_str()));
                }
            }
        }
    }
}

pub fn run(args: Args) -> CliResult {
    let config = load_config(args.config.as_deref())?;
    init_threads(args.threads)?;
    check_inputs(&args.inputs)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| config.resolve(&config.output.dir));
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let bars = show_progress.then(|| Bars {
        multi: MultiProgress::new(),
        bars: Mutex::new(Vec::new()),
    });
    let progress = |stage: Stage, event: StageEvent| {
        if let Some(b) = &bars {
            b.event(stage, event);
        }
    };
    let (scored, meta) = pipeline::run_with(&config, &args.inputs, &progress)
        .map_err(|e| CliError::Failed(e.into()))?;
    if let Some(b) = bars {
        // Clear the bars so the messages below start on a clean line.
        let _ = b.multi.clear();
        drop(b);
    }
    if !args.quiet {
        for r in &scored.rejected {
            eprintln!("{}:{}: rejected: {}", r.file, r.line, r.reason);
        }
        for f in &scored.stats.files_skipped {
            eprintln!("{f}: skipped (not .md, .csv or .jsonl)");
        }
    }
    crate::report::run(&out, &scored, &meta, &config.output)
        .map_err(|e| CliError::Failed(e.into()))?;
    if !args.quiet {
        let count = |v: Verdict| scored.claims.iter().filter(|c| c.verdict == v).count();
        eprintln!(
            "{} reports, {} rejected; {} claims: {} corroborated, {} contested, {} partisan, {} single-source; wrote {}",
            scored.stats.reports_accepted,
            scored.rejected.len(),
            scored.claims.len(),
            count(Verdict::Corroborated),
            count(Verdict::Contested),
            count(Verdict::Partisan),
            count(Verdict::SingleSource),
            out.display()
        );
    }
    if args.strict && !scored.rejected.is_empty() {
        eprintln!(
            "corroborate: --strict: {} input row(s) rejected (see {})",
            scored.rejected.len(),
            out.join("rejected.csv").display()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
