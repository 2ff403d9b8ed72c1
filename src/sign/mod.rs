//! Stage 4: shingles and MinHash signatures of the normalised text.
//!
//! Entry point: [`run`]. First version: word-trigram shingle hashes only, no
//! MinHash (issue 6 adds signatures). Report bodies are dropped here: later
//! stages never see raw text.

use rayon::prelude::*;

use crate::config::SignConfig;
use crate::model::{Extracted, Signature, Signed};

/// Sorted, deduplicated hashes of the word n-grams of `norm_text`.
pub fn shingles(norm_text: &str, size: usize, seed: u64) -> Vec<u64> {
    let words: Vec<&str> = norm_text.split(' ').filter(|w| !w.is_empty()).collect();
    let size = size.max(1);
    let mut out: Vec<u64> = if words.len() < size {
        vec![xxhash_rust::xxh3::xxh3_64_with_seed(
            norm_text.as_bytes(),
            seed,
        )]
    } else {
        words
            .windows(size)
            .map(|w| xxhash_rust::xxh3::xxh3_64_with_seed(w.join(" ").as_bytes(), seed))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

pub fn run(config: &SignConfig, extracted: Extracted) -> Signed {
    let signatures = extracted
        .reports
        .par_iter()
        .map(|nr| Signature {
            report_id: nr.report.id.clone(),
            published: nr.report.published,
            shingles: shingles(&nr.norm_text, 3, config.seed),
            minhash: Vec::new(),
        })
        .collect();
    let mentions = extracted
        .reports
        .into_iter()
        .flat_map(|nr| nr.mentions)
        .collect();
    Signed {
        signatures,
        mentions,
        claims: extracted.claims,
        rejected: extracted.rejected,
        stats: extracted.stats,
    }
}
