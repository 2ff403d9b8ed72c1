//! Candidate pairs: LSH banding of MinHash signatures, plus anchor shingles
//! for excerpts. Never all pairs: every bucket is capped (see [`pairs_in_run`]).

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::config::ClusterConfig;
use crate::model::Signature;

/// Candidate pairs `(later, earlier)` of ranks (positions in (published, id)
/// order), sorted and deduplicated.
pub fn candidates(config: &ClusterConfig, ranked: &[&Signature]) -> Vec<(u32, u32)> {
    let mut pairs = lsh_pairs(config, ranked);
    if config.anchor_rate > 0 {
        pairs.extend(anchor_pairs(config, ranked));
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// Pairs of ranks in one run of equal keys, each later report with the earlier
/// ones. Guard against boilerplate (hundreds of reports in one bucket): a
/// report is paired only with the run's first `max_bucket` reports, the
/// earliest, which are the leaders it could join; so a run of `m` reports
/// gives at most `m * max_bucket` pairs instead of `m^2 / 2`.
fn pairs_in_run(run: &[u32], max_bucket: usize, out: &mut Vec<(u32, u32)>) {
    for (j, &later) in run.iter().enumerate().skip(1) {
        for &earlier in &run[..j.min(max_bucket)] {
            out.push((later, earlier));
        }
    }
}

/// Appends the pairs of every run of equal keys in `keyed` (sorted by key, then rank).
fn pairs_of_runs(keyed: &[(u64, u32)], max_bucket: usize, out: &mut Vec<(u32, u32)>) {
    let mut ranks = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            ranks.clear();
            ranks.extend(run.iter().map(|&(_, r)| r));
            pairs_in_run(&ranks, max_bucket, out);
        }
    }
}

/// Reports whose signatures agree on every row of at least one band. Bands
/// are processed in parallel, each by sorting (key, rank) pairs, so memory is
/// one band's keys per thread plus the pairs.
fn lsh_pairs(config: &ClusterConfig, ranked: &[&Signature]) -> Vec<(u32, u32)> {
    let rows = config.rows.max(1);
    let per_band: Vec<Vec<(u32, u32)>> = (0..config.bands)
        .into_par_iter()
        .map(|band| {
            let lo = band * rows;
            let mut keyed: Vec<(u64, u32)> = ranked
                .iter()
                .enumerate()
                // A report without shingles has no signature to compare; a
                // signature shorter than the bands (a config mismatch in JSONL
                // input) joins only the bands it covers.
                .filter(|(_, s)| !s.shingles.is_empty() && s.minhash.len() >= lo + rows)
                .map(|(rank, s)| {
                    let bytes: Vec<u8> = s.minhash[lo..lo + rows]
                        .iter()
                        .flat_map(|v| v.to_le_bytes())
                        .collect();
                    (xxh3_64_with_seed(&bytes, band as u64), rank as u32)
                })
                .collect();
            keyed.sort_unstable();
            let mut out = Vec::new();
            pairs_of_runs(&keyed, config.max_bucket, &mut out);
            out
        })
        .collect();
    per_band.into_iter().flatten().collect()
}

/// Whether a shingle hash is an anchor (one in `rate`, by value).
fn is_anchor(shingle: u32, rate: u32) -> bool {
    shingle % rate == 0
}

/// Reports that share at least half of the smaller one's anchors (and at
/// least two). Anchors are a fixed sample of shingle values, so an excerpt's
/// anchors are a subset of its source's whatever their lengths; MinHash LSH
/// misses such pairs when the excerpt is short (Jaccard 0.2 collides in one
/// of 32 bands of 4 rows with odds of 5 %). An anchor carried by more than
/// `max_bucket` reports is boilerplate and dropped, which also bounds the
/// pairs per anchor.
fn anchor_pairs(config: &ClusterConfig, ranked: &[&Signature]) -> Vec<(u32, u32)> {
    let rate = config.anchor_rate;
    // (anchor << 32 | rank), sorted: plain u64s sort fastest.
    let mut postings: Vec<u64> = ranked
        .par_iter()
        .enumerate()
        .flat_map_iter(|(rank, s)| {
            s.shingles
                .iter()
                .filter(move |&&h| is_anchor(h, rate))
                .map(move |&h| (u64::from(h) << 32) | rank as u64)
        })
        .collect();
    postings.par_sort_unstable();
    // counts[r]: r's anchors that are not boilerplate.
    let mut counts = vec![0u32; ranked.len()];
    let mut occurrences: Vec<(u32, u32)> = Vec::new();
    let mut ranks = Vec::new();
    for run in postings.chunk_by(|a, b| a >> 32 == b >> 32) {
        if run.len() > config.max_bucket {
            continue;
        }
        ranks.clear();
        ranks.extend(run.iter().map(|&p| p as u32));
        for &r in &ranks {
            counts[r as usize] += 1;
        }
        pairs_in_run(&ranks, config.max_bucket, &mut occurrences);
    }
    drop(postings);
    occurrences.par_sort_unstable();
    let mut out = Vec::new();
    for run in occurrences.chunk_by(|a, b| a == b) {
        let (later, earlier) = run[0];
        let smaller = counts[later as usize].min(counts[earlier as usize]);
        let shared = run.len() as u32;
        if shared >= 2 && 2 * shared >= smaller {
            out.push((later, earlier));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_run_is_capped() {
        let run: Vec<u32> = (0..10).collect();
        let mut out = Vec::new();
        pairs_in_run(&run, 3, &mut out);
        // 1 + 2 + 3 * 7 instead of 45.
        assert_eq!(out.len(), 24);
        assert!(out
            .iter()
            .all(|&(later, earlier)| earlier < 3 && later > earlier));
        let mut all = Vec::new();
        pairs_in_run(&run, 64, &mut all);
        assert_eq!(all.len(), 45);
    }
}
