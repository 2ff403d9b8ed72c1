//! Stage 5: group near-duplicate reports.
//!
//! Entry point: [`run`]. First version: every report is its own cluster
//! (issue 6 adds MinHash/LSH clustering).

use crate::config::ClusterConfig;
use crate::model::{Cluster, ClusterMember, Clustered, Signed};

pub fn run(_config: &ClusterConfig, signed: Signed) -> Clustered {
    let mut clusters: Vec<Cluster> = signed
        .signatures
        .iter()
        .map(|s| Cluster {
            id: s.report_id.clone(),
            members: vec![ClusterMember {
                report_id: s.report_id.clone(),
                jaccard: 1.0,
                containment: 1.0,
            }],
            shared_details: Vec::new(),
        })
        .collect();
    clusters.sort_by(|a, b| a.id.cmp(&b.id));
    Clustered {
        clusters,
        mentions: signed.mentions,
        claims: signed.claims,
        rejected: signed.rejected,
        stats: signed.stats,
    }
}
