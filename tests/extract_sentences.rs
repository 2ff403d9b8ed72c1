//! The sentence table `corpora/extract/sentences.tsv`: each row's text,
//! normalised against the default gazetteer and extracted, must give exactly
//! the expected claims (rows marked `gap` are printed, not held).
//! `cargo test --test extract_sentences -- --nocapture` prints every row.

use std::path::Path;

use corroborate::config::Config;
use corroborate::extract;
use corroborate::lexicon::load_tsv;
use corroborate::model::{Claim, Ingested, Provenance, Report, SourceKind};
use corroborate::normalize;
use corroborate::pipeline::Resources;

fn render(c: &Claim) -> String {
    let mut s = format!(
        "{}{} {}",
        c.event,
        if c.polarity == corroborate::model::Polarity::Asserted {
            "+"
        } else {
            "-"
        },
        c.target
            .as_ref()
            .or(c.place.as_ref())
            .map_or("", |e| e.id.as_str())
    );
    if let Some(a) = &c.actor {
        s.push_str(&format!(" by={a}"));
    }
    if let Some(w) = c.window {
        s.push_str(&format!(" {}..{}/{}", w.from, w.to, w.precision));
    }
    if let Some(q) = &c.quantity {
        let hi = q.range.hi.map_or("*".to_string(), |h| h.to_string());
        s.push_str(&format!(" q={}..{hi} {}", q.range.lo, q.noun));
    }
    if let Some(a) = c.attribution.first() {
        s.push_str(&format!(" a={a}"));
    }
    if !c.hedges.is_empty() {
        s.push_str(&format!(" h={}", c.hedges.join("|")));
    }
    s
}

#[test]
fn sentence_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config.toml")).expect("config loads");
    let resources = Resources::load(&config).expect("resources load");
    let rows = load_tsv(
        &root.join("corpora/extract/sentences.tsv"),
        &["published", "text", "expected", "gap"],
    )
    .expect("sentence table loads");
    assert!(rows.len() >= 80, "the table has {} rows", rows.len());
    let reports: Vec<Report> = rows
        .iter()
        .map(|r| Report {
            id: format!("s{:03}", r.line),
            source: "table".into(),
            kind: SourceKind::Media,
            affiliation: "independent".into(),
            published: r.get("published").parse().expect("published is a date"),
            published_raw: r.get("published").into(),
            language: "en".into(),
            url: None,
            cites: Vec::new(),
            // `\n` in the table stands for a line break (headlines).
            text: r.get("text").replace("\\n", "\n"),
            hand_claims: Vec::new(),
            provenance: Provenance {
                file: "sentences.tsv".into(),
                line: r.line as u64,
            },
        })
        .collect();
    let normalized = normalize::run(
        &resources.normalizer,
        Ingested {
            reports,
            ..Default::default()
        },
    );
    let extracted = extract::run(
        &resources.extractor,
        resources.normalizer.gazetteer(),
        normalized,
    );
    let mut failures = Vec::new();
    let mut gaps = 0;
    for row in &rows {
        let id = format!("s{:03}", row.line);
        let got: Vec<String> = extracted
            .claims
            .iter()
            .find(|r| r.report_id == id)
            .map(|r| r.claims.iter().map(render).collect())
            .unwrap_or_default();
        let got = got.join(" ; ");
        let expected = row.get("expected");
        println!("{}\t{}\n\t-> {got}", row.line, row.get("text"));
        if got != expected {
            if row.get("gap") == "yes" {
                gaps += 1;
                println!("\tGAP (known): expected {expected}");
            } else {
                failures.push(format!(
                    "line {}: {}\n  expected: {expected}\n  got:      {got}",
                    row.line,
                    row.get("text")
                ));
            }
        }
    }
    println!("{} rows, {} known gaps", rows.len(), gaps);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
