//! Stage 5: group near-duplicate reports (reposts, syndicated copies, edited
//! copies, copies with other spellings, excerpts).
//!
//! Entry point: [`run`]; the clustering itself is [`clusters`].
//!
//! 1. Reports are ranked by (published, id): the rank decides who leads.
//! 2. Candidate pairs come from LSH banding of the MinHash signatures and from
//!    anchor shingles ([`candidates`]); buckets are capped, so there is no
//!    all-pairs comparison even on boilerplate.
//! 3. Every candidate pair is verified by exact Jaccard and containment of
//!    the shingle sets; verified pairs link reports into components. Inside a
//!    component, each report in rank order joins the earliest leader it is
//!    similar enough to, or leads a new cluster. Similarity is never
//!    transitive here: plain union-find would let A≈B and B≈C chain an
//!    unrelated A and C through a series of edits, but every member is
//!    verified against its leader.
//! 4. Each cluster lists its members' similarity to the leader and the rare
//!    details they all share ([`shared_details`]), so a merge is explained.

mod candidates;

use std::collections::HashMap;

use rayon::prelude::*;

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
        self.smaller >= config.min_shingles
            && (self.jaccard >= config.jaccard || self.containment >= config.containment)
    }
}

/// Similarity of two signatures: exact when both keep every shingle;
/// otherwise estimated on the sample both share (each set filtered by the
/// other's rate, so both are the values divisible by the two rates): Jaccard
/// as the samples' Jaccard, containment as the share of the smaller report's
/// sample found in the other's. `smaller` is always the true size.
pub fn signature_similarity(a: &Signature, b: &Signature) -> Similarity {
    if a.sample_rate <= 1 && b.sample_rate <= 1 {
        return similarity(&a.shingles, &b.shingles);
    }
    // A value both sets hold is divisible by both rates already, so the
    // overlap needs no filtering; only the sizes of the filtered sets do
    // (no copy: this runs for every candidate pair).
    let filtered = |s: &Signature, rate: u32| {
        if rate <= 1 || rate == s.sample_rate {
            s.shingles.len()
        } else {
            s.shingles.iter().filter(|&&h| h % rate == 0).count()
        }
    };
    let (sa, sb) = (filtered(a, b.sample_rate), filtered(b, a.sample_rate));
    let shared = overlap(&a.shingles, &b.shingles);
    let (na, nb) = (a.shingle_count(), b.shingle_count());
    // The sample of the report that is smaller in truth.
    let small = if na <= nb { sa } else { sb };
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    Similarity {
        jaccard: ratio(shared, sa + sb - shared),
        containment: ratio(shared, small),
        smaller: na.min(nb),
    }
}

/// |A ∩ B| of two sorted, deduplicated sets (one merge pass).
fn overlap(a: &[u32], b: &[u32]) -> usize {
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
    shared
}

/// Exact similarity of two sorted, deduplicated shingle sets (one merge pass).
pub fn similarity(a: &[u32], b: &[u32]) -> Similarity {
    let shared = overlap(a, b);
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
        (
            a.published,
            &a.report_id,
            &a.minhash,
            &a.shingles,
            &a.details,
        )
            .cmp(&(
                b.published,
                &b.report_id,
                &b.minhash,
                &b.shingles,
                &b.details,
            ))
    });
    ranked
}

/// Counters of one clustering, for benchmarks and `report.json`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClusterStats {
    /// Distinct candidate pairs from LSH and anchors.
    pub candidate_pairs: usize,
    /// Candidate pairs that passed verification.
    pub verified_pairs: usize,
}

/// Groups near-duplicate reports; every report is in exactly one cluster.
/// Clusters are sorted by id (the leader's report id), members by rank
/// (leader first).
pub fn clusters(config: &ClusterConfig, signatures: &[Signature]) -> Vec<Cluster> {
    clusters_with_stats(config, signatures).0
}

/// [`clusters`], with counters.
///
/// Verified candidate pairs link reports into components (in parallel); a
/// component is what union-find would call a cluster, chains included. Inside
/// each component (components in parallel) the leader rule runs: members in
/// rank order, each joins the earliest of the component's leaders it passes
/// verification against (at most `max_bucket` leaders are tried, the
/// earliest), else becomes a leader. Looking at every leader of the component,
/// not only the leaders of its own candidates, keeps two near-identical
/// copies from landing with different leaders when LSH linked only one of
/// them to the earlier leader.
pub fn clusters_with_stats(
    config: &ClusterConfig,
    signatures: &[Signature],
) -> (Vec<Cluster>, ClusterStats) {
    let ranked = ranked(signatures);
    let n = ranked.len();
    let pairs = candidates(config, &ranked);
    let verified: Vec<(u32, u32)> = pairs
        .par_iter()
        .copied()
        .filter(|&(a, b)| {
            signature_similarity(ranked[a as usize], ranked[b as usize]).passes(config)
        })
        .collect();
    let stats = ClusterStats {
        candidate_pairs: pairs.len(),
        verified_pairs: verified.len(),
    };
    drop(pairs);

    // Components of the verified graph; each root is the component's smallest rank.
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let up = parent[parent[x as usize] as usize];
            parent[x as usize] = up;
            x = up;
        }
        x
    }
    for &(a, b) in &verified {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            parent[hi as usize] = lo;
        }
    }
    let mut components: Vec<Vec<u32>> = vec![Vec::new(); n];
    for r in 0..n as u32 {
        let root = find(&mut parent, r);
        components[root as usize].push(r);
    }
    components.retain(|c| !c.is_empty());

    // Leader rule inside each component: groups of (rank, similarity to leader).
    let groups: Vec<Vec<(u32, Option<Similarity>)>> = components
        .par_iter()
        .flat_map_iter(|members| leader_groups(config, &ranked, members))
        .collect();

    let member_sigs: Vec<Vec<&Signature>> = groups
        .iter()
        .map(|g| g.iter().map(|&(r, _)| ranked[r as usize]).collect())
        .collect();
    let details = shared_details(config, &ranked, &member_sigs);
    let mut out: Vec<Cluster> = groups
        .iter()
        .zip(details)
        .map(|(g, shared_details)| Cluster {
            id: ranked[g[0].0 as usize].report_id.clone(),
            members: g
                .iter()
                .map(|&(r, sim)| ClusterMember {
                    report_id: ranked[r as usize].report_id.clone(),
                    jaccard: sim.map_or(1.0, |s| s.jaccard),
                    containment: sim.map_or(1.0, |s| s.containment),
                })
                .collect(),
            shared_details,
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    (out, stats)
}

/// Splits one component (ranks in ascending order) into leader groups; the
/// leader comes first in each group, with no similarity.
fn leader_groups(
    config: &ClusterConfig,
    ranked: &[&Signature],
    members: &[u32],
) -> Vec<Vec<(u32, Option<Similarity>)>> {
    let mut groups: Vec<Vec<(u32, Option<Similarity>)>> = Vec::new();
    for &r in members {
        let sig = ranked[r as usize];
        let joined = groups
            .iter()
            .take(config.max_bucket)
            .enumerate()
            .find_map(|(g, group)| {
                let sim = signature_similarity(sig, ranked[group[0].0 as usize]);
                sim.passes(config).then_some((g, sim))
            });
        match joined {
            Some((g, sim)) => groups[g].push((r, Some(sim))),
            None => groups.push(vec![(r, None)]),
        }
    }
    groups
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
    let mut carriers: HashMap<&str, usize> = shared.iter().flatten().map(|&d| (d, 0)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_counts_the_merge() {
        let s = similarity(&[1, 2, 3, 4], &[3, 4, 5]);
        assert_eq!(s.smaller, 3);
        assert!((s.jaccard - 2.0 / 5.0).abs() < 1e-12);
        assert!((s.containment - 2.0 / 3.0).abs() < 1e-12);
        let empty = similarity(&[], &[1]);
        assert_eq!((empty.jaccard, empty.containment), (0.0, 0.0));
    }

    #[test]
    fn short_reports_never_join() {
        let config = ClusterConfig::default();
        let small = Similarity {
            jaccard: 1.0,
            containment: 1.0,
            smaller: config.min_shingles - 1,
        };
        assert!(!small.passes(&config));
        let big = Similarity {
            smaller: config.min_shingles,
            ..small
        };
        assert!(big.passes(&config));
    }
}
