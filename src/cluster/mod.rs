//! Stage 5: group near-duplicate reports (reposts, syndicated copies, edited
//! copies, copies with other spellings, excerpts).
//!
//! Entry point: [`run`]; the clustering itself is [`clusters`].
//!
//! 1. Reports are ranked by (published, id): the rank decides who leads.
//! 2. Candidate pairs come from LSH banding of the MinHash signatures and from
//!    anchor shingles ([`candidates`]); buckets are capped, so there is no
//!    all-pairs comparison even on boilerplate.
//! 3. Each report, in rank order, is verified against the leaders of its
//!    earlier candidates (exact Jaccard and containment of the shingle sets)
//!    and joins the earliest leader it is similar enough to; otherwise it
//!    leads a new cluster. Similarity is never transitive here: plain
//!    union-find would let A≈B and B≈C chain an unrelated A and C through a
//!    series of edits, but every member is verified against its leader.
//! 4. Each cluster lists its members' similarity to the leader and the rare
//!    details they all share ([`shared_details`]), so a merge is explained.

mod candidates;

use std::collections::HashMap;

use crate::config::ClusterConfig;
use crate::model::{Cluster, ClusterMember, Clustered, Signature, Signed};

pub use candidates::candidates;

/// At most this many shared details are listed per cluster (rarest first).
const MAX_SHARED_DETAILS: usize = 12;

/// Similarity of two shingle sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// |A ∩ B| / |A ∪ B|.
    pub jaccard: f64,
    /// |A ∩ B| / min(|A|, |B|): how much of the smaller set is in the larger.
    pub containment: f64,
    /// min(|A|, |B|).
    pub smaller: usize,
}

impl Similarity {
    /// Whether the pair is a near-duplicate under `config`.
    pub fn passes(&self, config: &ClusterConfig) -> bool {
        self.jaccard >= config.jaccard
            || (self.containment >= config.containment
                && self.smaller >= config.containment_min_shingles)
    }
}

/// Exact similarity of two sorted, deduplicated shingle sets (one merge pass).
pub fn similarity(a: &[u32], b: &[u32]) -> Similarity {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    let smaller = a.len().min(b.len());
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    Similarity {
        jaccard: ratio(shared, union),
        containment: ratio(shared, smaller),
        smaller,
    }
}

/// Ranks signatures by (published, id); ties on both (only possible in
/// hand-made JSONL input, since ingest rejects duplicate ids) fall back to the
/// content, so the order never depends on the input order.
fn ranked(signatures: &[Signature]) -> Vec<&Signature> {
    let mut ranked: Vec<&Signature> = signatures.iter().collect();
    ranked.sort_by(|a, b| {
        (a.published, &a.report_id, &a.minhash, &a.shingles, &a.details).cmp(&(
            b.published,
            &b.report_id,
            &b.minhash,
            &b.shingles,
            &b.details,
        ))
    });
    ranked
}

/// Groups near-duplicate reports; every report is in exactly one cluster.
/// Clusters are sorted by id (the leader's report id), members by rank
/// (leader first).
pub fn clusters(config: &ClusterConfig, signatures: &[Signature]) -> Vec<Cluster> {
    let ranked = ranked(signatures);
    let pairs = candidates(config, &ranked);
    if std::env::var_os("CLUSTER_DEBUG").is_some() { eprintln!("candidate pairs: {}", pairs.len()); }
    // `pairs` is sorted by (later, earlier): each report's earlier candidates
    // are one contiguous slice.
    let n = ranked.len();
    let mut starts = vec![0usize; n + 1];
    for &(later, _) in &pairs {
        starts[later as usize + 1] += 1;
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }

    // leader[r] = rank of r's leader; sims[r] = r's similarity to it.
    let mut leader: Vec<u32> = (0..n as u32).collect();
    let mut sims: Vec<Option<Similarity>> = vec![None; n];
    let mut leaders = Vec::new();
    for r in 0..n {
        leaders.clear();
        leaders.extend(
            pairs[starts[r]..starts[r + 1]]
                .iter()
                .map(|&(_, earlier)| leader[earlier as usize]),
        );
        leaders.sort_unstable();
        leaders.dedup();
        for &l in &leaders {
            let sim = similarity(&ranked[r].shingles, &ranked[l as usize].shingles);
            if sim.passes(config) {
                leader[r] = l;
                sims[r] = Some(sim);
                break;
            }
        }
        if std::env::var_os("CLUSTER_DEBUG").is_some() && sims[r].is_none() {
            for &(_, c) in &pairs[starts[r]..starts[r + 1]] {
                let sim = similarity(&ranked[r].shingles, &ranked[c as usize].shingles);
                if sim.passes(config) {
                    let l = leader[c as usize] as usize;
                    let ls = similarity(&ranked[r].shingles, &ranked[l].shingles);
                    eprintln!("split {} via {} leader {} j {:.3} c {:.3}", ranked[r].report_id, ranked[c as usize].report_id, ranked[l].report_id, ls.jaccard, ls.containment);
                    break;
                }
            }
        }
    }

    let mut members: Vec<Vec<u32>> = vec![Vec::new(); n];
    for r in 0..n {
        members[leader[r] as usize].push(r as u32);
    }
    let mut out: Vec<Cluster> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| !m.is_empty())
        .map(|(l, m)| Cluster {
            id: ranked[l].report_id.clone(),
            members: m
                .iter()
                .map(|&r| {
                    let sim = sims[r as usize];
                    ClusterMember {
                        report_id: ranked[r as usize].report_id.clone(),
                        jaccard: sim.map_or(1.0, |s| s.jaccard),
                        containment: sim.map_or(1.0, |s| s.containment),
                    }
                })
                .collect(),
            shared_details: Vec::new(),
        })
        .collect();
    let groups: Vec<Vec<&Signature>> = members
        .iter()
        .filter(|m| !m.is_empty())
        .map(|m| m.iter().map(|&r| ranked[r as usize]).collect())
        .collect();
    for (cluster, details) in out
        .iter_mut()
        .zip(shared_details(config, &ranked, &groups))
    {
        cluster.shared_details = details;
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// For each group of two or more reports: the details every member carries
/// and at most `rare_share` of the other reports carry (a figure every outlet
/// repeats proves nothing; a figure or a misspelling only the copies share
/// betrays copying). Rarest first, then alphabetical; at most
/// [`MAX_SHARED_DETAILS`].
pub fn shared_details(
    config: &ClusterConfig,
    all: &[&Signature],
    groups: &[Vec<&Signature>],
) -> Vec<Vec<String>> {
    let shared: Vec<Vec<&str>> = groups
        .iter()
        .map(|g| {
            if g.len() < 2 {
                return Vec::new();
            }
            let mut common: Vec<&str> = g[0].details.iter().map(String::as_str).collect();
            for s in &g[1..] {
                common.retain(|d| s.details.binary_search_by(|x| x.as_str().cmp(d)).is_ok());
            }
            common
        })
        .collect();
    // Count, over all reports, only the details some cluster shares.
    let mut carriers: HashMap<&str, usize> = shared
        .iter()
        .flatten()
        .map(|&d| (d, 0))
        .collect();
    if !carriers.is_empty() {
        for s in all {
            for d in &s.details {
                if let Some(c) = carriers.get_mut(d.as_str()) {
                    *c += 1;
                }
            }
        }
    }
    shared
        .into_iter()
        .zip(groups)
        .map(|(common, g)| {
            let others = all.len() - g.len();
            let allowed = (config.rare_share * others as f64).floor() as usize;
            let mut rare: Vec<(usize, &str)> = common
                .into_iter()
                .map(|d| (carriers[d].saturating_sub(g.len()), d))
                .filter(|&(outside, _)| outside <= allowed)
                .collect();
            rare.sort_unstable();
            rare.truncate(MAX_SHARED_DETAILS);
            rare.into_iter().map(|(_, d)| d.to_string()).collect()
        })
        .collect()
}

pub fn run(config: &ClusterConfig, signed: Signed) -> Clustered {
    let clusters = clusters(config, &signed.signatures);
    Clustered {
        clusters,
        mentions: signed.mentions,
        claims: signed.claims,
        rejected: signed.rejected,
        stats: signed.stats,
    }
}
