//! Near-duplicate clustering (`sign` + `cluster`): the duplicate families of
//! the default corpus, anti-chaining, boilerplate guards, explanations, and
//! invariance to input order and thread count.

use std::collections::BTreeMap;
use std::path::PathBuf;

use corroborate::config::{ClusterConfig, Config, SignConfig};
use corroborate::model::{
    Cluster, Date, NormalizedReport, Provenance, Report, Signature, SourceKind,
};
use corroborate::{cluster, normalize, pipeline, sign};
use proptest::prelude::*;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn default_clusters() -> Vec<Cluster> {
    let config = Config::load(&repo().join("config.toml")).unwrap();
    pipeline::run(&config).unwrap().0.clusters
}

/// report id -> cluster id.
fn membership(clusters: &[Cluster]) -> BTreeMap<String, String> {
    clusters
        .iter()
        .flat_map(|c| {
            c.members
                .iter()
                .map(|m| (m.report_id.clone(), c.id.clone()))
        })
        .collect()
}

#[test]
fn default_corpus_families_cluster_and_different_stories_do_not() {
    let clusters = default_clusters();
    let of = membership(&clusters);
    // (leader, members): syndicated copy (acd), edited copy (mm); lightly
    // edited repost; copy with other spellings (Waing Maw, Laizar);
    // aggregator copy; excerpt with a comment added.
    let families: [(&str, &[&str]); 5] = [
        ("nfn-0527", &["acd-0528", "mm-0528"]),
        ("so-0521", &["nvb-0522"]),
        ("kw-0522", &["soc-wmy-0523"]),
        ("ml-0520", &["bba-0521"]),
        ("kw-0519", &["soc-kln-0519"]),
    ];
    for (leader, members) in families {
        assert_eq!(of[leader], leader, "{leader} leads its family");
        for m in members {
            assert_eq!(of[*m], leader, "{m} joins {leader}");
        }
        let c = clusters.iter().find(|c| c.id == leader).unwrap();
        assert_eq!(c.members.len(), members.len() + 1, "{:?}", c.members);
        assert_eq!(c.members[0].report_id, leader, "leader listed first");
    }
    // Two stories about LIB 321's fall (KIA-relayed vs residents), the KIA
    // statement vs the story relaying it, and the Burmese edition: related,
    // not copies.
    for (a, b) in [
        ("kw-0522", "dd-0522"),
        ("kia-stmt-0522", "kw-0522"),
        ("kw-0522", "kw-my-0522"),
        ("ml-0520", "soc-kdn-0521"),
    ] {
        assert_ne!(of[a], of[b], "{a} and {b} must not cluster");
    }
    // Exactly the five families are merged; everything else stands alone.
    assert_eq!(clusters.iter().filter(|c| c.members.len() > 1).count(), 5);
    assert_eq!(of.len(), 40);
}

#[test]
fn excerpt_joins_by_containment_not_jaccard() {
    let clusters = default_clusters();
    let c = clusters.iter().find(|c| c.id == "kw-0519").unwrap();
    let excerpt = &c.members[1];
    assert_eq!(excerpt.report_id, "soc-kln-0519");
    let config = ClusterConfig::default();
    assert!(excerpt.jaccard < config.jaccard, "{excerpt:?}");
    assert!(excerpt.containment >= config.containment, "{excerpt:?}");
}

#[test]
fn syndicated_copy_shares_its_quotation() {
    let clusters = default_clusters();
    let c = clusters.iter().find(|c| c.id == "nfn-0527").unwrap();
    assert!(
        c.shared_details.iter().any(|d| d.starts_with("quote:")),
        "{:?}",
        c.shared_details
    );
    for c in clusters.iter().filter(|c| c.members.len() == 1) {
        assert!(c.shared_details.is_empty());
    }
}

// ---- synthetic reports ----

fn words(n: usize, salt: u64) -> Vec<String> {
    // Deterministic pseudo-random words, distinct per salt.
    let mut state = salt.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            format!("w{}", state % 100_000)
        })
        .collect()
}

fn report(id: &str, day: i8, text: &str) -> NormalizedReport {
    NormalizedReport {
        report: Report {
            id: id.to_string(),
            source: "test".into(),
            kind: SourceKind::Media,
            affiliation: "unknown".into(),
            published: Date::new(2024, 5, day).unwrap(),
            published_raw: format!("2024-05-{day:02}"),
            language: "en".into(),
            url: None,
            cites: Vec::new(),
            text: text.to_string(),
            hand_claims: Vec::new(),
            provenance: Provenance {
                file: "t".into(),
                line: 1,
            },
        },
        mentions: Vec::new(),
        norm_text: normalize::normalized_text(text, &[]),
        hand_refs: Vec::new(),
    }
}

fn sign_all(reports: &[NormalizedReport]) -> Vec<Signature> {
    sign_all_with(&SignConfig::default(), reports)
}

fn sign_all_with(config: &SignConfig, reports: &[NormalizedReport]) -> Vec<Signature> {
    let hasher = sign::MinHasher::new(config.num_perm, config.seed);
    reports
        .iter()
        .map(|r| sign::sign_report(config, &hasher, r))
        .collect()
}

#[test]
fn long_reports_keep_a_sample_that_compares_like_the_whole_set() {
    // Two long versions of a story (the second with its last fifth
    // rewritten), an excerpt of the first, and an unrelated long report.
    let a = words(400, 11);
    let mut b = a.clone();
    b[320..].clone_from_slice(&words(80, 12));
    let reports = [
        report("a", 1, &a.join(" ")),
        report("b", 2, &b.join(" ")),
        report("x", 3, &a[100..160].join(" ")),
        report("u", 4, &words(400, 13).join(" ")),
    ];
    let config = SignConfig::default();
    let sampled = sign_all_with(&config, &reports);
    let whole = sign_all_with(
        &SignConfig {
            sample_rate: 1,
            ..config.clone()
        },
        &reports,
    );
    // Long reports keep the values divisible by the rate; the excerpt is
    // short enough to stay whole.
    for s in [&sampled[0], &sampled[1], &sampled[3]] {
        assert_eq!(s.sample_rate, config.sample_rate);
        assert!(s.shingle_count() > config.sample_above);
        assert!(
            s.shingles.len() * 4 < s.shingle_count(),
            "{}",
            s.shingles.len()
        );
        assert!(s.shingles.iter().all(|h| h % config.sample_rate == 0));
    }
    assert_eq!(sampled[2].sample_rate, 1);
    assert_eq!(sampled[2].shingles, whole[2].shingles);
    for (i, j) in [(0, 1), (0, 2), (1, 2), (0, 3), (2, 3)] {
        let est = cluster::signature_similarity(&sampled[i], &sampled[j]);
        let exact = cluster::signature_similarity(&whole[i], &whole[j]);
        assert!(
            (est.jaccard - exact.jaccard).abs() < 0.08,
            "{i}-{j}: {est:?} vs {exact:?}"
        );
        assert!(
            (est.containment - exact.containment).abs() < 0.08,
            "{i}-{j}: {est:?} vs {exact:?}"
        );
        assert_eq!(est.smaller, exact.smaller, "true sizes");
    }
    // The decisions are the same: a joins b, the excerpt joins its source,
    // the unrelated report joins nothing.
    let cluster_config = ClusterConfig::default();
    let of = membership(&cluster::clusters(&cluster_config, &sampled));
    assert_eq!(of, membership(&cluster::clusters(&cluster_config, &whole)));
    assert_eq!(
        (of["b"].as_str(), of["x"].as_str(), of["u"].as_str()),
        ("a", "a", "u")
    );
}

#[test]
fn edits_do_not_chain_unrelated_reports() {
    // A; B = A with its last fifth rewritten; C = B with its first fifth
    // rewritten. A≈B and B≈C, but A and C share only the middle 3/5.
    let a = words(300, 1);
    let mut b = a.clone();
    b[240..].clone_from_slice(&words(60, 2));
    let mut c = b.clone();
    c[..60].clone_from_slice(&words(60, 3));
    let reports = [
        report("a", 1, &a.join(" ")),
        report("b", 2, &b.join(" ")),
        report("c", 3, &c.join(" ")),
    ];
    let sigs = sign_all(&reports);
    let config = ClusterConfig::default();
    // The test is only meaningful if union-find would chain them.
    assert!(cluster::signature_similarity(&sigs[0], &sigs[1]).passes(&config));
    assert!(cluster::signature_similarity(&sigs[1], &sigs[2]).passes(&config));
    assert!(!cluster::signature_similarity(&sigs[0], &sigs[2]).passes(&config));
    let clusters = cluster::clusters(&config, &sigs);
    let of = membership(&clusters);
    assert_eq!(of["a"], "a");
    assert_eq!(of["b"], "a");
    assert_eq!(of["c"], "c", "c must not chain to a through b");
}

#[test]
fn earliest_leader_wins_whatever_the_ids() {
    // "z" is published first, so it leads though its id sorts last.
    let text = words(200, 7).join(" ");
    let reports = [report("a-copy", 5, &text), report("z-original", 1, &text)];
    let clusters = cluster::clusters(&ClusterConfig::default(), &sign_all(&reports));
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].id, "z-original");
    assert_eq!(clusters[0].members[1].jaccard, 1.0);
}

#[test]
fn boilerplate_buckets_stay_linear() {
    // 400 identical posts: one bucket per band; pairs are capped by
    // max_bucket, and every post still joins the earliest.
    let text = words(120, 11).join(" ");
    let reports: Vec<NormalizedReport> = (0..400)
        .map(|i| report(&format!("p{i:03}"), 1 + (i % 28) as i8, &text))
        .collect();
    let sigs = sign_all(&reports);
    let config = ClusterConfig {
        max_bucket: 8,
        ..ClusterConfig::default()
    };
    let ranked: Vec<&Signature> = {
        let mut r: Vec<&Signature> = sigs.iter().collect();
        r.sort_by(|a, b| (a.published, &a.report_id).cmp(&(b.published, &b.report_id)));
        r
    };
    let pairs = cluster::candidates(&config, &ranked);
    assert!(pairs.len() <= 400 * 8, "{} pairs", pairs.len());
    let clusters = cluster::clusters(&config, &sigs);
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].id, "p000");
    assert_eq!(clusters[0].members.len(), 400);
}

#[test]
fn empty_and_tiny_reports_stay_alone() {
    let reports = [
        report("e1", 1, ""),
        report("e2", 1, "!!!"),
        report("t1", 1, "kia says"),
        report("long", 1, &format!("kia says {}", words(200, 5).join(" "))),
    ];
    let clusters = cluster::clusters(&ClusterConfig::default(), &sign_all(&reports));
    assert_eq!(clusters.len(), 4, "{clusters:?}");
}

#[test]
fn shared_details_are_rare_ones() {
    let base = words(150, 21).join(" ");
    let common = "The death toll was 26.";
    let reports = [
        report(
            "orig",
            1,
            &format!("{base} {common} A witness said “they came at night with 417 men”."),
        ),
        report(
            "copy",
            2,
            &format!("{base} {common} A witness said “they came at night with 417 men”. Share!"),
        ),
        report(
            "other1",
            3,
            &format!("{} {common}", words(150, 22).join(" ")),
        ),
        report(
            "other2",
            3,
            &format!("{} {common}", words(150, 23).join(" ")),
        ),
    ];
    let clusters = cluster::clusters(&ClusterConfig::default(), &sign_all(&reports));
    let c = clusters.iter().find(|c| c.id == "orig").unwrap();
    assert_eq!(c.members.len(), 2);
    assert!(
        c.shared_details.contains(&"number:417".to_string()),
        "{:?}",
        c.shared_details
    );
    assert!(c
        .shared_details
        .contains(&"quote:they came at night with 417 men".to_string()));
    // 26 is in every report: no evidence of copying.
    assert!(!c.shared_details.contains(&"number:26".to_string()));
}

/// A few families of edited copies plus unrelated reports.
fn family_corpus(seed: u64) -> Vec<NormalizedReport> {
    let mut out = Vec::new();
    for f in 0..4u64 {
        let base = words(150, seed * 100 + f);
        for copy in 0..3u64 {
            let mut w = base.clone();
            // Rewrite a few words per copy (a light edit).
            for (k, x) in words(6, seed * 1000 + f * 10 + copy)
                .into_iter()
                .enumerate()
            {
                w[(k * 23 + copy as usize * 7) % 150] = x;
            }
            let id = format!("f{f}-c{copy}");
            out.push(report(&id, 1 + (copy as i8) * 2, &w.join(" ")));
        }
    }
    for u in 0..4u64 {
        out.push(report(
            &format!("u{u}"),
            2,
            &words(120, seed * 7 + 5000 + u).join(" "),
        ));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn clusters_ignore_input_order_and_threads(seed in 1u64..1000, order in Just((0..16usize).collect::<Vec<_>>()).prop_shuffle()) {
        let reports = family_corpus(seed);
        let sigs = sign_all(&reports);
        let config = ClusterConfig::default();
        let expected = cluster::clusters(&config, &sigs);
        let shuffled: Vec<Signature> = order.iter().map(|&i| sigs[i].clone()).collect();
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let got = pool.install(|| cluster::clusters(&config, &shuffled));
            prop_assert_eq!(&got, &expected);
        }
        // The families are found.
        prop_assert_eq!(expected.iter().filter(|c| c.members.len() == 3).count(), 4);
    }
}
