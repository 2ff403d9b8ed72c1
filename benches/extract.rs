//! Extraction throughput in bytes of report text per second on one core:
//! the default corpus, normalised once, replicated in memory.
//! `cargo bench --bench extract` (criterion prints MiB/s; `EXTRACT_BENCH_COPIES`
//! sets the replication, default 200).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use corroborate::config::Config;
use corroborate::model::Normalized;
use corroborate::pipeline::{inputs, Resources};
use corroborate::{extract, ingest, normalize};

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config.toml")).expect("config loads");
    let resources = Resources::load(&config).expect("resources load");
    let ingested = ingest::run(&inputs(&config, &[]), &config.input);
    let once = normalize::run(&resources.normalizer, ingested);
    let copies: usize = std::env::var("EXTRACT_BENCH_COPIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let mut reports = Vec::with_capacity(once.reports.len() * copies);
    for i in 0..copies {
        for r in &once.reports {
            let mut r = r.clone();
            r.report.id = format!("{}-{i}", r.report.id);
            reports.push(r);
        }
    }
    let bytes: u64 = reports.iter().map(|r| r.report.text.len() as u64).sum();
    let corpus = Normalized {
        reports,
        ..Default::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("one-thread pool");
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("default_corpus_one_core", |b| {
        b.iter_batched(
            || corpus.clone(),
            |n| {
                pool.install(|| {
                    extract::run(&resources.extractor, resources.normalizer.gazetteer(), n)
                })
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
