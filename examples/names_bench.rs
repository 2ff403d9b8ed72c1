//! Name-resolution benchmark against the synthetic gazetteer of
//! `../shared/bench/names_bench.py` (its `gazetteer.tsv`: `id name`; its
//! `queries.tsv`: `qid query true_id true_name edits`).
//!
//! ```text
//! cargo run --release --example names_bench -- DIR [LEXICON_DIR]
//! ```
//! `DIR` holds the two TSV files; `LEXICON_DIR` defaults to
//! `corpora/normalize`. Prints one JSON line: load seconds (parse + index),
//! top-1 accuracy (the best candidate, ambiguity ignored, like rapidfuzz's
//! `extractOne`; `qps` times exactly these `candidates(q, 1)` calls), top-5
//! (untimed), the share resolved by `resolve` with the default
//! thresholds, and queries per second on one thread.

#[path = "support/names_tsv.rs"]
mod names_tsv;

use std::path::PathBuf;
use std::time::Instant;

use corroborate::config::NormalizeConfig;
use corroborate::normalize::{Gazetteer, NormalizeLexicon, Normalizer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: names_bench DIR [LEXICON_DIR]")?);
    let lexicons = PathBuf::from(args.next().unwrap_or_else(|| "corpora/normalize".into()));
    // NAMES_BENCH_MISSES=1 lists the misses on stderr.
    let show_misses = std::env::var_os("NAMES_BENCH_MISSES").is_some();
    // NAMES_BENCH_DUMP=1 prints every query's top 5 with scores on stderr
    // (to check that a speed-up leaves every ranking unchanged).
    let dump = std::env::var_os("NAMES_BENCH_DUMP").is_some();

    let t = Instant::now();
    let text = std::fs::read_to_string(dir.join("gazetteer.tsv"))?;
    let entries = names_tsv::entries(&text);
    let gazetteer = Gazetteer::from_entries(entries, "gazetteer.tsv")?;
    let lexicon = NormalizeLexicon::load(&lexicons)?;
    // NAMES_BENCH_CANDIDATES=N overrides `normalize.max_candidates`.
    let mut config = NormalizeConfig::default();
    if let Some(n) = std::env::var("NAMES_BENCH_CANDIDATES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        config.max_candidates = n;
    }
    // NAMES_BENCH_RANKED=N overrides `normalize.max_ranked`.
    if let Some(n) = std::env::var("NAMES_BENCH_RANKED")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        config.max_ranked = n;
    }
    // NAMES_BENCH_CONFIDENT=X overrides `normalize.confident_score`.
    if let Some(x) = std::env::var("NAMES_BENCH_CONFIDENT")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        config.confident_score = x;
    }
    let normalizer = Normalizer::new(gazetteer, lexicon, &config);
    let load = t.elapsed().as_secs_f64();

    let queries: Vec<(String, String)> = std::fs::read_to_string(dir.join("queries.tsv"))?
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            (cells.len() >= 3).then(|| (cells[1].to_string(), cells[2].to_string()))
        })
        .collect();

    let entries = normalizer.gazetteer().entries();
    // Timed like `extractOne`: the best candidate only.
    // NAMES_BENCH_REPEAT=N times the loop N times (for profilers); qps is
    // over all N passes.
    let repeat: usize = std::env::var("NAMES_BENCH_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    let t = Instant::now();
    let mut firsts: Vec<_> = Vec::new();
    for _ in 0..repeat {
        firsts = queries
            .iter()
            .map(|(q, _)| normalizer.candidates(q, 1))
            .collect();
    }
    let secs = t.elapsed().as_secs_f64() / repeat as f64;
    let (mut top1, mut top5) = (0usize, 0usize);
    for ((q, truth), first) in queries.iter().zip(&firsts) {
        // Top-5 (untimed) for diagnostics.
        let best = normalizer.candidates(q, 5);
        if dump {
            let row: Vec<String> = best
                .iter()
                .map(|c| format!("{}:{:.9}", entries[c.entry].id, c.score))
                .collect();
            eprintln!("{q}\t{}", row.join(" "));
        }
        if best.iter().any(|c| entries[c.entry].id == *truth) {
            top5 += 1;
        }
        if first.first().is_some_and(|c| entries[c.entry].id == *truth) {
            top1 += 1;
        } else if show_misses {
            let got = best
                .first()
                .map_or(("", 0.0), |c| (entries[c.entry].name.as_str(), c.score));
            let want = normalizer
                .gazetteer()
                .get(truth)
                .map_or("", |e| e.name.as_str());
            eprintln!("{q}\twant {want}\tgot {}\t{:.3}", got.0, got.1);
        }
    }

    let t = Instant::now();
    let (mut resolved, mut right) = (0usize, 0usize);
    for (q, truth) in &queries {
        let r = normalizer.resolve(q);
        if r.method.is_resolved() {
            resolved += 1;
            right += usize::from(r.ids.first() == Some(truth));
        }
    }
    let resolve_secs = t.elapsed().as_secs_f64();

    let n = queries.len().max(1) as f64;
    println!(
        "{{\"bench\": \"names\", \"G\": {}, \"Q\": {}, \"load_secs\": {:.3}, \"top1\": {:.4}, \"top5\": {:.4}, \"qps\": {:.0}, \"resolve_qps\": {:.0}, \"resolved\": {:.4}, \"resolved_precision\": {:.4}, \"threads\": 1}}",
        entries.len(),
        queries.len(),
        load,
        top1 as f64 / n,
        top5 as f64 / n,
        n / secs,
        n / resolve_secs,
        resolved as f64 / n,
        right as f64 / resolved.max(1) as f64,
    );
    Ok(())
}
