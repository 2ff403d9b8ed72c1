//! `corroborate stage STAGE [--config FILE] [--out DIR]`: one pipeline stage
//! as a filter, JSON lines in on stdin and out on stdout, for a cluster
//! engine (Spark's `RDD.pipe`).
//!
//! - `ingest` reads input paths (files or folders), one per line, and writes
//!   `report`, `rejected` and one `stats` record. Duplicate ids are settled
//!   within one invocation, so run ingest as a single partition.
//! - `normalize`, `extract`, `sign` are per report: any partitioning works.
//! - `cluster` reads every `signed` record (one partition) and writes one
//!   `clustered` record; `score` turns it into one `scored` record; `report`
//!   writes the output files into `--out`.
//!
//! Every stage sorts what it reads by report id before working, so the result
//! does not depend on how records were partitioned or ordered. Chained, the
//! stages give the same files as `corroborate run` (only the `run` object of
//! `report.json` differs).

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::{load_config, CliError, CliResult};
use crate::model::{
    Extracted, ExtractedRecord, IngestStats, Ingested, Normalized, Rejected, Signed, SignedRecord,
    StageRecord,
};
use crate::pipeline::{Resources, Stage};
use crate::report::RunMeta;
use crate::{cluster, extract, ingest, normalize, score, sign};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    pub stage: Stage,
    /// Config file; default: config.toml in the current folder.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Output folder for `report`; default: the config's output.dir.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// The records of one stream, sorted into what stages need.
#[derive(Default)]
struct Stream {
    reports: Vec<crate::model::Report>,
    normalized: Vec<crate::model::NormalizedReport>,
    extracted: Vec<ExtractedRecord>,
    signed: Vec<SignedRecord>,
    clustered: Vec<crate::model::Clustered>,
    scored: Vec<crate::model::Scored>,
    rejected: Vec<Rejected>,
    stats: IngestStats,
}

fn merge_stats(into: &mut IngestStats, s: IngestStats) {
    into.files_read += s.files_read;
    into.files_skipped.extend(s.files_skipped);
    into.files_skipped.sort();
    into.records_seen += s.records_seen;
    into.reports_accepted += s.reports_accepted;
    into.records_rejected += s.records_rejected;
    for (k, v) in s.unknown_fields {
        *into.unknown_fields.entry(k).or_default() += v;
    }
}

fn read_stream(input: impl BufRead) -> anyhow::Result<Stream> {
    let mut s = Stream::default();
    for (i, line) in input.lines().enumerate() {
        let line = line.context("reading stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let record: StageRecord = serde_json::from_str(&line)
            .with_context(|| format!("stdin line {}: not a stage record", i + 1))?;
        match record {
            StageRecord::Report(r) => s.reports.push(r),
            StageRecord::Normalized(r) => s.normalized.push(r),
            StageRecord::Extracted(r) => s.extracted.push(r),
            StageRecord::Signed(r) => s.signed.push(r),
            StageRecord::Clustered(r) => s.clustered.push(r),
            StageRecord::Scored(r) => s.scored.push(r),
            StageRecord::Rejected(r) => s.rejected.push(r),
            StageRecord::Stats(st) => merge_stats(&mut s.stats, st),
        }
    }
    s.reports.sort_by(|a, b| a.id.cmp(&b.id));
    s.normalized.sort_by(|a, b| a.report.id.cmp(&b.report.id));
    s.extracted
        .sort_by(|a, b| a.report.report.id.cmp(&b.report.report.id));
    s.signed
        .sort_by(|a, b| a.signature.report_id.cmp(&b.signature.report_id));
    s.rejected.sort();
    Ok(s)
}

fn write_records(
    out: &mut impl Write,
    records: impl IntoIterator<Item = StageRecord>,
) -> anyhow::Result<()> {
    for r in records {
        serde_json::to_writer(&mut *out, &r)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Records every stage passes through: rejections and the ingest counters.
fn passthrough(rejected: Vec<Rejected>, stats: IngestStats) -> Vec<StageRecord> {
    let mut v: Vec<StageRecord> = rejected.into_iter().map(StageRecord::Rejected).collect();
    v.push(StageRecord::Stats(stats));
    v
}

fn one<T>(mut items: Vec<T>, what: &str) -> anyhow::Result<T> {
    match items.len() {
        1 => Ok(items.remove(0)),
        n => anyhow::bail!("expected exactly one `{what}` record on stdin, got {n}"),
    }
}

fn signed_of(s: Stream) -> Signed {
    let mut signed = Signed {
        rejected: s.rejected,
        stats: s.stats,
        ..Signed::default()
    };
    for r in s.signed {
        signed.signatures.push(r.signature);
        signed.mentions.extend(r.mentions);
        signed.claims.push(r.claims);
    }
    signed
}

fn run_stage(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let config = load_config(args.config.as_deref())?;
    let failed = CliError::Failed;
    let stdin = std::io::stdin();
    if args.stage == Stage::Ingest {
        let mut paths = Vec::new();
        for line in stdin.lock().lines() {
            let line = line.map_err(|e| failed(e.into()))?;
            let line = line.trim_end_matches('\r');
            if !line.trim().is_empty() {
                paths.push(PathBuf::from(line));
            }
        }
        let Ingested {
            reports,
            rejected,
            stats,
        } = ingest::run(&paths, &config.input);
        let records = reports
            .into_iter()
            .map(StageRecord::Report)
            .chain(passthrough(rejected, stats));
        return write_records(out, records).map_err(failed);
    }
    let stream = read_stream(stdin.lock()).map_err(CliError::Usage)?;
    let resources = || Resources::load(&config).map_err(|e| failed(e.into()));
    let records: Vec<StageRecord> = match args.stage {
        Stage::Ingest => unreachable!("handled above"),
        Stage::Normalize => {
            let ingested = Ingested {
                reports: stream.reports,
                rejected: stream.rejected,
                stats: stream.stats,
            };
            let n = normalize::run(&resources()?.normalizer, ingested);
            let mut v: Vec<StageRecord> =
                n.reports.into_iter().map(StageRecord::Normalized).collect();
            v.extend(passthrough(n.rejected, n.stats));
            v
        }
        Stage::Extract => {
            let r = resources()?;
            let normalized = Normalized {
                reports: stream.normalized,
                rejected: stream.rejected,
                stats: stream.stats,
            };
            let e = extract::run(&r.extractor, r.normalizer.gazetteer(), normalized);
            let mut v: Vec<StageRecord> = e
                .reports
                .into_iter()
                .zip(e.claims)
                .map(|(report, claims)| StageRecord::Extracted(ExtractedRecord { report, claims }))
                .collect();
            v.extend(passthrough(e.rejected, e.stats));
            v
        }
        Stage::Sign => {
            let (reports, claims) = stream
                .extracted
                .into_iter()
                .map(|r| (r.report, r.claims))
                .unzip();
            let extracted = Extracted {
                reports,
                claims,
                rejected: stream.rejected,
                stats: stream.stats,
            };
            let s = sign::run(&config.sign, extracted);
            let mut mentions: std::collections::BTreeMap<String, Vec<_>> = Default::default();
            for m in s.mentions {
                mentions.entry(m.report_id.clone()).or_default().push(m);
            }
            let mut v: Vec<StageRecord> = s
                .signatures
                .into_iter()
                .zip(s.claims)
                .map(|(signature, claims)| {
                    let mentions = mentions.remove(&signature.report_id).unwrap_or_default();
                    StageRecord::Signed(SignedRecord {
                        signature,
                        mentions,
                        claims,
                    })
                })
                .collect();
            v.extend(passthrough(s.rejected, s.stats));
            v
        }
        Stage::Cluster => {
            vec![StageRecord::Clustered(cluster::run(
                &config.cluster,
                signed_of(stream),
            ))]
        }
        Stage::Score => {
            let clustered = one(stream.clustered, "clustered").map_err(CliError::Usage)?;
            let r = resources()?;
            let gazetteer = r.normalizer.gazetteer();
            let mut scored = score::run(&config.score, gazetteer, clustered);
            scored.entities = crate::pipeline::entities(gazetteer, &scored);
            vec![StageRecord::Scored(scored)]
        }
        Stage::Report => {
            let scored = one(stream.scored, "scored").map_err(CliError::Usage)?;
            let dir = args
                .out
                .clone()
                .unwrap_or_else(|| config.resolve(&config.output.dir));
            let meta = RunMeta {
                tool: env!("CARGO_PKG_NAME").to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                config_hash: config.hash(),
                ..RunMeta::default()
            };
            crate::report::run(&dir, &scored, &meta, &config.output)
                .map_err(|e| failed(e.into()))?;
            Vec::new()
        }
    };
    write_records(out, records).map_err(failed)
}

pub fn run(args: Args) -> CliResult {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match run_stage(&args, &mut out)
        .and_then(|()| out.flush().map_err(|e| CliError::Failed(e.into())))
    {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(CliError::Failed(e))
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(e),
    }
}
