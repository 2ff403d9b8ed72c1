//! Stage 1: read reports from files and folders.
//!
//! Entry point: [`run`]. Every record ends up either as a [`Report`] or as a
//! [`Rejected`] row with file, line and reason; one bad record never stops the
//! others, one bad file never stops the other files.

mod formats;
mod record;
mod walk;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::InputConfig;
use crate::model::{IngestStats, Ingested, Rejected, Report};

pub use record::{valid_id, RawRecord};
pub use walk::display as display_path;

/// What one input file yielded, before duplicate ids are settled.
#[derive(Debug, Default)]
struct FileOutcome {
    reports: Vec<Report>,
    rejected: Vec<Rejected>,
    records: u64,
    unknown_fields: BTreeMap<String, u64>,
}

/// Reads every report under `inputs` (files and folders, walked recursively in
/// sorted order). The result does not depend on the order of `inputs`.
pub fn run(inputs: &[PathBuf], config: &InputConfig) -> Ingested {
    let walked = walk::walk(inputs);
    let outcomes: Vec<FileOutcome> = walked
        .files
        .par_iter()
        .map(|file| read_file(file, config))
        .collect();

    let mut stats = IngestStats {
        files_read: walked.files.len() as u64,
        files_skipped: walked.skipped,
        ..IngestStats::default()
    };
    let mut rejected = walked.errors;
    let mut reports: Vec<Report> = Vec::new();
    for outcome in outcomes {
        stats.records_seen += outcome.records;
        for (k, v) in outcome.unknown_fields {
            *stats.unknown_fields.entry(k).or_default() += v;
        }
        rejected.extend(outcome.rejected);
        reports.extend(outcome.reports);
    }

    // Files are in sorted order and records in line order, so the first
    // occurrence of an id is the one in (path, line) order.
    let mut first_seen: BTreeMap<String, (String, u64)> = BTreeMap::new();
    let mut kept = Vec::with_capacity(reports.len());
    for report in reports {
        if let Some((file, line)) = first_seen.get(&report.id) {
            rejected.push(Rejected {
                file: report.provenance.file.clone(),
                line: report.provenance.line,
                reason: format!(
                    "duplicate id `{}` (first seen at {file}:{line}); this record is ignored",
                    report.id
                ),
            });
        } else {
            first_seen.insert(
                report.id.clone(),
                (report.provenance.file.clone(), report.provenance.line),
            );
            kept.push(report);
        }
    }
    kept.sort_by(|a, b| a.id.cmp(&b.id));
    rejected.sort();
    stats.reports_accepted = kept.len() as u64;
    stats.records_rejected = rejected.len() as u64;
    Ingested {
        reports: kept,
        rejected,
        stats,
    }
}

fn read_file(file: &walk::InputFile, config: &InputConfig) -> FileOutcome {
    let mut outcome = FileOutcome::default();
    let mut add = |item| outcome.add(item, file, config);
    let read = match file.format {
        // Streamed: a JSON-lines file may hold a million reports.
        walk::Format::Jsonl => std::fs::File::open(&file.path).and_then(|f| {
            formats::jsonl_each(std::io::BufReader::with_capacity(1 << 16, f), &mut add)
        }),
        walk::Format::Markdown | walk::Format::Csv => std::fs::read(&file.path).map(|bytes| {
            let items = match file.format {
                walk::Format::Markdown => formats::markdown(&bytes),
                _ => formats::csv(&bytes),
            };
            items.into_iter().for_each(&mut add);
        }),
    };
    if let Err(e) = read {
        outcome.rejected.push(Rejected {
            file: file.display.clone(),
            line: 0,
            reason: format!("cannot read file: {e}"),
        });
    }
    outcome
}

impl FileOutcome {
    /// Counts one record of `file` and keeps it as a report or a rejection.
    fn add(
        &mut self,
        item: Result<RawRecord, (u64, String)>,
        file: &walk::InputFile,
        config: &InputConfig,
    ) {
        self.records += 1;
        let result = item.and_then(|raw| {
            for name in &raw.unknown {
                *self.unknown_fields.entry(name.clone()).or_default() += 1;
            }
            record::validate(raw, &file.display, config)
        });
        match result {
            Ok(report) => self.reports.push(report),
            Err((line, reason)) => self.rejected.push(Rejected {
                file: file.display.clone(),
                line,
                reason,
            }),
        }
    }
}
