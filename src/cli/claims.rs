//! `corroborate claims [INPUT]... [--format csv|jsonl]`: extracted claims,
//! one per (report, claim), before scoring.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{check_inputs, init_threads, load_config, CliError, CliResult};
use crate::model::Claim;
use crate::pipeline::{inputs, Resources};
use crate::report::csv_safe;
use crate::{extract, ingest, normalize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and folders of reports; default: the config's corpus.
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Config file; default: config.toml in the current folder.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Worker threads; default: one per core.
    #[arg(long)]
    pub threads: Option<usize>,
}

/// The columns of `claims --format csv`.
pub const COLUMNS: [&str; 17] = [
    "report_id",
    "event",
    "polarity",
    "target",
    "target_name",
    "place",
    "place_name",
    "place_parents",
    "actor",
    "date_from",
    "date_to",
    "time_precision",
    "qty_min",
    "qty_max",
    "qty_noun",
    "attribution",
    "hedges",
];

fn row(c: &Claim) -> Vec<String> {
    let opt = |r: &Option<crate::model::EntityRef>| {
        r.as_ref().map_or((String::new(), String::new()), |e| {
            (e.id.clone(), e.name.clone())
        })
    };
    let (target, target_name) = opt(&c.target);
    let (place, place_name) = opt(&c.place);
    let (from, to, precision) = c.window.map_or(Default::default(), |w| {
        (
            w.from.to_string(),
            w.to.to_string(),
            w.precision.to_string(),
        )
    });
    let (qmin, qmax, noun) = c.quantity.as_ref().map_or(Default::default(), |q| {
        (
            q.range.lo.to_string(),
            q.range.hi.map(|h| h.to_string()).unwrap_or_default(),
            q.noun.clone(),
        )
    });
    [
        c.report_id.clone(),
        c.event.to_string(),
        c.polarity.to_string(),
        target,
        target_name,
        place,
        place_name,
        c.place_parents.join("|"),
        c.actor.clone().unwrap_or_default(),
        from,
        to,
        precision,
        qmin,
        qmax,
        noun,
        c.attribution.join(" > "),
        c.hedges.join("|"),
    ]
    .into_iter()
    .map(|s| csv_safe(&s).into_owned())
    .collect()
}

pub fn run(args: Args) -> CliResult {
    let config = load_config(args.config.as_deref())?;
    init_threads(args.threads)?;
    check_inputs(&args.inputs)?;
    let resources = Resources::load(&config).map_err(|e| CliError::Failed(e.into()))?;
    let ingested = ingest::run(&inputs(&config, &args.inputs), &config.input);
    for r in &ingested.rejected {
        eprintln!("{}:{}: rejected: {}", r.file, r.line, r.reason);
    }
    let normalized = normalize::run(&resources.normalizer, ingested);
    let extracted = extract::run(
        &resources.extractor,
        resources.normalizer.gazetteer(),
        normalized,
    );
    let claims = extracted.claims.iter().flat_map(|r| &r.claims);
    let stdout = std::io::stdout();
    let lock = stdout.lock();
    let result: anyhow::Result<()> = match args.format {
        Format::Csv => (|| {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(lock);
            w.write_record(COLUMNS)?;
            for c in claims {
                w.write_record(row(c))?;
            }
            w.flush()?;
            Ok(())
        })(),
        Format::Jsonl => (|| {
            let mut w = std::io::BufWriter::new(lock);
            for c in claims {
                serde_json::to_writer(&mut w, c)?;
                w.write_all(b"\n")?;
            }
            w.flush()?;
            Ok(())
        })(),
    };
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(CliError::Failed(e)),
    }
}
