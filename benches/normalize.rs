//! Criterion benches of the normalize stage.
//!
//! ```text
//! cargo bench --bench normalize
//! NAMES_BENCH_DIR=/tmp/bench-n/names_G100000_Q2000_seed20240611 cargo bench --bench normalize
//! ```
//! Always: loading the default gazetteer, resolving its variant table and
//! finding mentions in a report-sized text and in the corpus reports (one
//! [`Memo`] per pass, as a run shares one). With `NAMES_BENCH_DIR` (the
//! output folder of `../shared/bench/names_bench.py`): building the index of
//! the synthetic gazetteer and resolving its noisy queries. Accuracy on that
//! set is printed by `cargo run --release --example names_bench -- DIR`.

#[path = "../examples/support/names_tsv.rs"]
mod names_tsv;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use corroborate::config::NormalizeConfig;
use corroborate::lexicon::load_tsv;
use corroborate::normalize::{Gazetteer, Memo, NormalizeLexicon, Normalizer};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn lexicon() -> NormalizeLexicon {
    NormalizeLexicon::load(&root().join("corpora/normalize")).expect("lexicon")
}

fn default_normalizer() -> Normalizer {
    let g = Gazetteer::load(&root().join("corpora/gazetteer.csv")).expect("gazetteer");
    Normalizer::new(g, lexicon(), &NormalizeConfig::default())
}

fn default_gazetteer(c: &mut Criterion) {
    c.bench_function("normalize/load_default", |b| {
        b.iter(|| black_box(default_normalizer()))
    });
    let n = default_normalizer();
    let rows =
        load_tsv(&root().join("corpora/normalize/variants.tsv"), &["input"]).expect("variants");
    let names: Vec<String> = rows.iter().map(|r| r.get("input").to_string()).collect();
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Elements(names.len() as u64));
    g.bench_function("resolve_variants", |b| {
        b.iter(|| {
            for name in &names {
                black_box(n.resolve(name));
            }
        })
    });
    let text = "Kachin Independence Army (KIA) troops attacked the base of Light Infantry \
        Battalion (LIB) 321 near Shwe Nyaungbin village in Waingmaw Township on Tuesday, \
        residents said. Col. Naw Bu said outposts at Point 1130, Katsu and Wuhtau Bum fell \
        and that fighting spread towards Myitgyina and the Waingmaw-Laiza road. Junta \
        media said IB 58 repelled the attack; ခမရ ၃၂၁ and ဝိုင်းမော်မြို့နယ် were named in \
        Burmese reports. Moemauk and Laizar were quiet. "
        .repeat(8);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("find_mentions_3kb", |b| {
        b.iter(|| black_box(n.find_mentions("r", &text)))
    });
    // The corpus reports with one memo per pass, as `normalize::run` does.
    let dir = root().join("corpora/reports/kachin-2024-05");
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    texts.sort();
    g.throughput(Throughput::Bytes(
        texts.iter().map(|t| t.len() as u64).sum(),
    ));
    g.bench_function("find_mentions_reports_memo", |b| {
        b.iter(|| {
            let memo = Memo::new();
            for t in &texts {
                black_box(n.find_mentions_memo("r", t, &memo));
            }
        })
    });
    g.finish();
}

fn synthetic(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("NAMES_BENCH_DIR").map(PathBuf::from) else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("gazetteer.tsv")).expect("gazetteer.tsv");
    let entries = names_tsv::entries(&text);
    let queries: Vec<String> = std::fs::read_to_string(dir.join("queries.tsv"))
        .expect("queries.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(1).map(str::to_string))
        .collect();
    let lex = lexicon();
    let mut g = c.benchmark_group("names_bench");
    g.sample_size(10);
    g.bench_function("build_index", |b| {
        b.iter(|| {
            let gz = Gazetteer::from_entries(entries.clone(), "gazetteer.tsv").expect("ids");
            black_box(Normalizer::new(
                gz,
                lex.clone(),
                &NormalizeConfig::default(),
            ))
        })
    });
    let gz = Gazetteer::from_entries(entries, "gazetteer.tsv").expect("ids");
    let n = Normalizer::new(gz, lex, &NormalizeConfig::default());
    g.throughput(Throughput::Elements(queries.len() as u64));
    g.bench_function("top1_queries", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(n.candidates(q, 1));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, default_gazetteer, synthetic);
criterion_main!(benches);
