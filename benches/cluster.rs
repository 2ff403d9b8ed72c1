//! Criterion benches of `sign` (shingles + MinHash) and `cluster` (LSH,
//! anchors, verification, leader rule) on a synthetic corpus of 5,000
//! reports of ~120 words, 30 % of them lightly edited copies.
//!
//! `cargo bench --bench cluster`. For the 100k side-by-side with datasketch
//! see the `dedup_bench` example (README.md, "Benchmarks").

use criterion::{criterion_group, criterion_main, Criterion};

use corroborate::config::Config;
use corroborate::model::{Date, NormalizedReport, Provenance, Report, SourceKind};
use corroborate::{cluster, sign};

fn corpus(n: usize) -> Vec<NormalizedReport> {
    let mut state = 0x2024_0611_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let originals = n * 7 / 10;
    let mut texts: Vec<String> = Vec::with_capacity(n);
    for _ in 0..originals {
        let words: Vec<String> = (0..120).map(|_| format!("w{}", next() % 20_000)).collect();
        texts.push(words.join(" "));
    }
    for _ in originals..n {
        let src = texts[(next() % originals as u64) as usize].clone();
        let mut words: Vec<&str> = src.split(' ').collect();
        let edit = format!("e{}", next() % 1000);
        let at = (next() % words.len() as u64) as usize;
        words[at] = &edit;
        texts.push(words.join(" "));
    }
    texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| NormalizedReport {
            report: Report {
                id: format!("r{i:06}"),
                source: "bench".into(),
                kind: SourceKind::Media,
                affiliation: "unknown".into(),
                published: Date::constant(2024, 5, 1),
                published_raw: "2024-05-01".into(),
                language: "en".into(),
                url: None,
                cites: Vec::new(),
                text: text.clone(),
                hand_claims: Vec::new(),
                provenance: Provenance {
                    file: String::new(),
                    line: 0,
                },
            },
            mentions: Vec::new(),
            norm_text: text,
            hand_refs: Vec::new(),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let config = Config::default();
    let reports = corpus(5_000);
    let hasher = sign::MinHasher::new(config.sign.num_perm, config.sign.seed);
    c.bench_function("sign 5k reports", |b| {
        b.iter(|| {
            reports
                .iter()
                .map(|r| sign::sign_report(&config.sign, &hasher, r).minhash[0])
                .fold(0u32, |a, b| a ^ b)
        })
    });
    let signatures: Vec<_> = reports
        .iter()
        .map(|r| sign::sign_report(&config.sign, &hasher, r))
        .collect();
    c.bench_function("cluster 5k reports", |b| {
        b.iter(|| cluster::clusters(&config.cluster, &signatures).len())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
