//! Near-duplicate clustering benchmark on the synthetic corpus of
//! `dedup_text_bench.py` (see README.md, "Benchmarks"):
//!
//! ```text
//! cargo run --release --example dedup_bench -- CORPUS.jsonl TRUTH.tsv \
//!     [--threads N] [--config FILE] [--shingle char|word] [--size K] \
//!     [--jaccard J] [--containment C] [--bands B --rows R] [--anchor-rate A]
//!     [--sample-rate S] [--sample-above N]
//! ```
//!
//! Reads `{"id","text"}` lines, folds each text as `normalize` does (no
//! gazetteer: lowercase, punctuation stripped), signs the reports in parallel
//! batches through the library (`sign::sign_report`; bodies are dropped
//! batch by batch), clusters them (`cluster::clusters`), and prints one JSON
//! line: pairwise precision/recall/F1 against the truth clusters, seconds per
//! stage (reading and folding excluded, as in the Python peer) and peak RSS.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use corroborate::config::{Config, ShingleKind};
use corroborate::model::{NormalizedReport, Provenance, Report, SourceKind};
use corroborate::{cluster, normalize, sign};

const BATCH: usize = 20_000;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut config = Config::default();
    let mut threads = 0usize;
    let mut misses = false;
    let mut i = 0;
    let value = |i: usize| -> Result<&String> {
        args.get(i + 1)
            .with_context(|| format!("{} needs a value", args[i]))
    };
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "--threads" => threads = value(i)?.parse()?,
            "--misses" => {
                misses = true;
                i += 1;
                continue;
            }
            "--config" => config = Config::load(std::path::Path::new(value(i)?))?,
            "--shingle" => {
                config.sign.shingle = match value(i)?.as_str() {
                    "char" => ShingleKind::Char,
                    "word" => ShingleKind::Word,
                    other => bail!("--shingle char|word, not {other}"),
                }
            }
            "--size" => config.sign.shingle_size = value(i)?.parse()?,
            "--jaccard" => config.cluster.jaccard = value(i)?.parse()?,
            "--containment" => config.cluster.containment = value(i)?.parse()?,
            "--bands" => config.cluster.bands = value(i)?.parse()?,
            "--rows" => config.cluster.rows = value(i)?.parse()?,
            "--anchor-rate" => config.cluster.anchor_rate = value(i)?.parse()?,
            "--sample-rate" => config.sign.sample_rate = value(i)?.parse()?,
            "--sample-above" => config.sign.sample_above = value(i)?.parse()?,
            "--max-bucket" => config.cluster.max_bucket = value(i)?.parse()?,
            _ if a.starts_with("--") => bail!("unknown option {a}"),
            _ => {
                positional.push(a.to_string());
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    config.sign.num_perm = config.cluster.bands * config.cluster.rows;
    let [corpus, truth] = positional.as_slice() else {
        bail!("usage: dedup_bench CORPUS.jsonl TRUTH.tsv [options]");
    };
    if threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()?;
    }

    let truth = read_truth(truth)?;
    let hasher = sign::MinHasher::new(config.sign.num_perm, config.sign.seed);
    let published = corroborate::model::Date::constant(2024, 5, 1);
    let file = std::fs::File::open(corpus).with_context(|| corpus.clone())?;
    let mut lines = BufReader::new(file).lines();
    let mut signatures = Vec::new();
    let (mut fold_secs, mut sign_secs) = (0.0, 0.0);
    loop {
        let t = Instant::now();
        let mut batch = Vec::with_capacity(BATCH);
        for line in lines.by_ref().take(BATCH) {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            let id = v["id"].as_str().context("id")?.to_string();
            let text = v["text"].as_str().context("text")?.to_string();
            batch.push((id, text));
        }
        if batch.is_empty() {
            break;
        }
        let reports: Vec<NormalizedReport> = rayon_map(batch, |(id, text)| {
            let norm_text = normalize::normalized_text(&text, &[]);
            NormalizedReport {
                report: report(id, text, published),
                mentions: Vec::new(),
                norm_text,
                hand_refs: Vec::new(),
            }
        });
        fold_secs += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let signed = rayon_map(reports, |nr| sign::sign_report(&config.sign, &hasher, &nr));
        signatures.extend(signed);
        sign_secs += t.elapsed().as_secs_f64();
    }

    let t = Instant::now();
    let (clusters, stats) = cluster::clusters_with_stats(&config.cluster, &signatures);
    let cluster_secs = t.elapsed().as_secs_f64();

    let mut predicted = HashMap::new();
    for c in &clusters {
        for m in &c.members {
            predicted.insert(m.report_id.as_str(), c.id.as_str());
        }
    }
    let labels: Vec<(&str, &str)> = signatures
        .iter()
        .map(|s| {
            let id = s.report_id.as_str();
            (predicted[id], truth.get(id).map_or(id, String::as_str))
        })
        .collect();
    let (p, r, f1, pred_pairs, true_pairs) = pair_metrics(&labels);
    if misses {
        print_misses(&signatures, &labels);
    }
    let multi = clusters.iter().filter(|c| c.members.len() > 1).count();
    let with_details = clusters
        .iter()
        .filter(|c| !c.shared_details.is_empty())
        .count();
    println!(
        "{}",
        serde_json::json!({
            "bench": "dedup_text", "tool": "corroborate", "N": signatures.len(),
            "threads": rayon::current_num_threads(),
            "shingle": format!("{:?}{}", config.sign.shingle, config.sign.shingle_size).to_lowercase(),
            "num_perm": config.sign.num_perm,
            "bands_rows": [config.cluster.bands, config.cluster.rows],
            "jaccard": config.cluster.jaccard, "containment": config.cluster.containment,
            "anchor_rate": config.cluster.anchor_rate, "max_bucket": config.cluster.max_bucket,
            "secs_total": round(sign_secs + cluster_secs),
            "stages_secs": {"read_fold": round(fold_secs), "sign": round(sign_secs), "cluster": round(cluster_secs)},
            "candidate_pairs": stats.candidate_pairs, "verified_pairs": stats.verified_pairs,
            "pred_clusters": clusters.len(), "multi_member_clusters": multi,
            "clusters_with_shared_details": with_details,
            "precision": round(p), "recall": round(r), "f1": round(f1),
            "pred_pairs": pred_pairs, "true_pairs": true_pairs,
            "maxrss_mb": peak_rss_mb(),
        })
    );
    Ok(())
}

fn rayon_map<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    items.into_par_iter().map(f).collect()
}

fn report(id: String, text: String, published: corroborate::model::Date) -> Report {
    Report {
        id,
        source: "bench".into(),
        kind: SourceKind::Media,
        affiliation: "unknown".into(),
        published,
        published_raw: "2024-05-01".into(),
        language: "en".into(),
        url: None,
        cites: Vec::new(),
        text,
        hand_claims: Vec::new(),
        provenance: Provenance {
            file: String::new(),
            line: 0,
        },
    }
}

fn read_truth(path: &str) -> Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).with_context(|| path.to_string())?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(id, c)| (id.to_string(), c.to_string()))
        .collect())
}

/// Pairwise precision, recall and F1 over (predicted, true) labels, as in the
/// Python peer.
fn pair_metrics(labels: &[(&str, &str)]) -> (f64, f64, f64, u64, u64) {
    fn pairs<K: std::hash::Hash + Eq>(keys: impl Iterator<Item = K>) -> u64 {
        let mut counts: HashMap<K, u64> = HashMap::new();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
        counts.values().map(|&c| c * (c - 1) / 2).sum()
    }
    let tp = pairs(labels.iter().copied());
    let pp = pairs(labels.iter().map(|l| l.0));
    let tt = pairs(labels.iter().map(|l| l.1));
    let p = if pp == 0 { 1.0 } else { tp as f64 / pp as f64 };
    let r = if tt == 0 { 1.0 } else { tp as f64 / tt as f64 };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f, pp, tt)
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Peak resident set size in MB (`VmHWM` from /proc; 0 where unavailable).
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| round(kb / 1024.0))
}

/// Prints to stderr each true pair split across predicted clusters, with its
/// exact similarity (for tuning thresholds).
fn print_misses(signatures: &[corroborate::model::Signature], labels: &[(&str, &str)]) {
    let mut by_truth: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, l) in labels.iter().enumerate() {
        by_truth.entry(l.1).or_default().push(i);
    }
    for members in by_truth.values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if labels[i].0 != labels[j].0 {
                    let s = cluster::signature_similarity(&signatures[i], &signatures[j]);
                    let (a, b) = (&signatures[i].minhash, &signatures[j].minhash);
                    let rows_equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
                    let bands_equal = a.chunks(8).zip(b.chunks(8)).filter(|(x, y)| x == y).count();
                    eprintln!(
                        "miss {} {} jaccard {:.3} containment {:.3} smaller {} minhash_equal {} bands8_equal {}",
                        signatures[i].report_id, signatures[j].report_id, s.jaccard, s.containment, s.smaller,
                        rows_equal, bands_equal
                    );
                }
            }
        }
    }
}
