//! Stage 7: write the output files.
//!
//! Entry point: [`run`]. Every file is written to a temporary name in the
//! output folder and renamed into place, so a killed run never leaves a
//! half-written file. Rows are sorted before they are written; only the `run`
//! object of `report.json` holds times.

mod acled;
pub mod html;
pub mod markdown;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{Cluster, Mention, Rejected, Scored, ScoredClaim};

/// What `report.json`'s `run` object says about the run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunMeta {
    pub tool: String,
    pub version: String,
    pub config_hash: String,
    pub inputs: Vec<String>,
    pub gazetteer: String,
    pub gazetteer_entries: usize,
    pub threads: usize,
    /// Seconds per stage, in pipeline order.
    pub timings: Vec<(String, f64)>,
}

/// The output files, in the order they are written.
pub const FILES: [&str; 8] = [
    "claims.csv",
    "clusters.csv",
    "mentions.csv",
    "rejected.csv",
    "report.json",
    "report.md",
    "report.html",
    "acled.csv",
];

#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write")]
pub struct WriteError {
    pub path: String,
    pub source: std::io::Error,
}

/// Prefixes a cell taken from report text with `'` when a spreadsheet would
/// read it as a formula (OWASP's rule against CSV injection).
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Writes `bytes` to `dir/name` atomically (temporary file, then rename).
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(dir, name, |w| w.write_all(bytes))
}

/// Writes `dir/name` atomically through `write`, buffered: a large output
/// (a million reports make a ~1 GB `report.json`) is streamed to the
/// temporary file instead of being built in memory first.
pub fn write_atomic_with(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let err = |source| WriteError {
        path: path.display().to_string(),
        source,
    };
    let f = std::fs::File::create(&tmp).map_err(err)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
    let written = write(&mut w).and_then(|()| w.flush());
    if let Err(e) = written {
        drop(w);
        // Best effort: a failed write leaves no temporary file behind.
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    let f = w.into_inner().map_err(|e| err(e.into_error()))?;
    f.sync_all().map_err(err)?;
    drop(f);
    std::fs::rename(&tmp, &path).map_err(err)
}

fn csv_bytes<F>(header: &[&str], rows: F) -> Vec<u8>
where
    F: FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(header).expect("write to memory");
    rows(&mut w).expect("write to memory");
    w.into_inner().expect("flush to memory")
}

/// One line about the run for the top of `report.md` and `report.html`.
pub fn summary(scored: &Scored) -> String {
    let s = &scored.stats;
    let duplicates = scored
        .clusters
        .iter()
        .filter(|c| c.members.len() > 1)
        .count();
    format!(
        "{} reports read ({} rejected) from {} files; {} claims; {} duplicate clusters.",
        s.reports_accepted,
        s.records_rejected,
        s.files_read,
        scored.claims.len(),
        duplicates
    )
}

fn join(ids: &[String]) -> String {
    ids.join(";")
}

fn fmt_score(x: f64) -> String {
    format!("{x:.3}")
}

/// `claims.csv`
pub fn claims_csv(claims: &[ScoredClaim]) -> Vec<u8> {
    csv_bytes(
        &[
            "claim_id",
            "event",
            "polarity",
            "target",
            "target_name",
            "place",
            "place_name",
            "actor",
            "date_from",
            "date_to",
            "verdict",
            "score",
            "origins",
            "supporting",
            "contradicting",
        ],
        |w| {
            for c in claims {
                let (target, target_name) = c
                    .target
                    .as_ref()
                    .map_or((String::new(), String::new()), |t| {
                        (t.id.clone(), t.name.clone())
                    });
                let (place, place_name) = c
                    .place
                    .as_ref()
                    .map_or((String::new(), String::new()), |p| {
                        (p.id.clone(), p.name.clone())
                    });
                let (from, to) = c.window.map_or((String::new(), String::new()), |w| {
                    (w.from.to_string(), w.to.to_string())
                });
                w.write_record([
                    c.claim_id.as_str(),
                    c.event.as_str(),
                    c.polarity.as_str(),
                    &csv_safe(&target),
                    &csv_safe(&target_name),
                    &csv_safe(&place),
                    &csv_safe(&place_name),
                    &csv_safe(c.actor.as_deref().unwrap_or("")),
                    &from,
                    &to,
                    c.verdict.as_str(),
                    &fmt_score(c.score),
                    &c.origins.len().to_string(),
                    &join(&c.supporting),
                    &join(&c.contradicting),
                ])?;
            }
            Ok(())
        },
    )
}

/// `clusters.csv`: one row per report, sorted by report id.
pub fn clusters_csv(clusters: &[Cluster]) -> Vec<u8> {
    let mut rows: Vec<(&str, &str)> = clusters
        .iter()
        .flat_map(|c| {
            c.members
                .iter()
                .map(|m| (m.report_id.as_str(), c.id.as_str()))
        })
        .collect();
    rows.sort();
    csv_bytes(&["report_id", "cluster_id"], |w| {
        for (r, c) in rows {
            w.write_record([r, c])?;
        }
        Ok(())
    })
}

/// `mentions.csv`: sorted by report id, then offsets.
pub fn mentions_csv(mentions: &[Mention]) -> Vec<u8> {
    let mut sorted: Vec<&Mention> = mentions.iter().collect();
    sorted.sort_by(|a, b| (&a.report_id, a.start, a.end).cmp(&(&b.report_id, b.start, b.end)));
    csv_bytes(
        &[
            "report_id",
            "start",
            "end",
            "surface",
            "kind",
            "id",
            "name",
            "score",
            "method",
        ],
        |w| {
            for m in sorted {
                w.write_record([
                    m.report_id.as_str(),
                    &m.start.to_string(),
                    &m.end.to_string(),
                    &csv_safe(&m.surface),
                    m.kind.map_or("", |k| k.as_str()),
                    &csv_safe(&m.id),
                    &csv_safe(&m.name),
                    &fmt_score(m.score),
                    m.method.as_str(),
                ])?;
            }
            Ok(())
        },
    )
}

/// `rejected.csv`
pub fn rejected_csv(rejected: &[Rejected]) -> Vec<u8> {
    let mut sorted = rejected.to_vec();
    sorted.sort();
    csv_bytes(&["file", "line", "reason"], |w| {
        for r in &sorted {
            w.write_record([
                &*csv_safe(&r.file),
                &r.line.to_string(),
                &csv_safe(&r.reason),
            ])?;
        }
        Ok(())
    })
}

#[derive(Serialize)]
struct JsonReport<'a> {
    run: &'a RunMeta,
    stats: &'a crate::model::IngestStats,
    claims: Vec<JsonClaim<'a>>,
    clusters: &'a [Cluster],
    reports: &'a [crate::model::ExtractedReport],
    mentions: &'a [Mention],
    rejected: &'a [Rejected],
    entities: &'a std::collections::BTreeMap<String, crate::model::EntityInfo>,
}

#[derive(Serialize)]
struct JsonClaim<'a> {
    #[serde(flatten)]
    claim: &'a ScoredClaim,
    acled_event_type: &'static str,
    acled_sub_event_type: &'static str,
}

/// `report.json` (everything, with explanations; `run` holds the metadata),
/// written to `w` as it is serialised.
pub fn write_report_json(
    w: &mut dyn Write,
    scored: &Scored,
    meta: &RunMeta,
) -> std::io::Result<()> {
    let claims = scored
        .claims
        .iter()
        .map(|c| {
            let (t, s) = c.event.acled();
            JsonClaim {
                claim: c,
                acled_event_type: t,
                acled_sub_event_type: s,
            }
        })
        .collect();
    let doc = JsonReport {
        run: meta,
        stats: &scored.stats,
        claims,
        clusters: &scored.clusters,
        reports: &scored.reports,
        mentions: &scored.mentions,
        rejected: &scored.rejected,
        entities: &scored.entities,
    };
    serde_json::to_writer_pretty(&mut *w, &doc).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// Writes every output file into `dir` (created if missing).
pub fn run(
    dir: &Path,
    scored: &Scored,
    meta: &RunMeta,
    config: &crate::config::OutputConfig,
) -> Result<Vec<PathBuf>, WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.display().to_string(),
        source,
    })?;
    // One file rendered at a time (each buffer is dropped once written) and
    // report.json streamed, so memory holds at most one rendered output.
    write_atomic(dir, "claims.csv", &claims_csv(&scored.claims))?;
    write_atomic(dir, "clusters.csv", &clusters_csv(&scored.clusters))?;
    write_atomic(dir, "mentions.csv", &mentions_csv(&scored.mentions))?;
    write_atomic(dir, "rejected.csv", &rejected_csv(&scored.rejected))?;
    write_atomic_with(dir, "report.json", |w| write_report_json(w, scored, meta))?;
    write_atomic(dir, "report.md", markdown::render(scored).as_bytes())?;
    write_atomic(dir, "report.html", html::render(scored).as_bytes())?;
    write_atomic(dir, "acled.csv", &acled::render(scored, config))?;
    Ok(FILES.iter().map(|name| dir.join(name)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused() {
        for bad in ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"] {
            assert!(csv_safe(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(csv_safe("Waingmaw"), "Waingmaw");
        assert_eq!(csv_safe(""), "");
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "a.csv", b"one").unwrap();
        write_atomic(dir.path(), "a.csv", b"two").unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.csv")).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }
}
