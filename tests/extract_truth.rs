//! Extracted claims of the default corpus against the hand-coded truth in
//! `corpora/truth/kachin-2024-05/claims.csv`.
//!
//! A claim matches a truth row on (report_id, event, polarity, target-or-place),
//! where target-or-place is the target's id when there is one, else the place's
//! (the truth file codes captured towns and villages as targets). Both sides are
//! compared as sets of keys. Precision and recall are printed
//! (`cargo test --test extract_truth -- --nocapture`, with the sentence of each
//! extra key and the coder's note of each missing one) and held above a floor.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use corroborate::config::Config;
use corroborate::model::{Claim, ClaimOrigin};
use corroborate::pipeline::{inputs, Resources};
use corroborate::{extract, ingest, normalize};

type Key = (String, String, String, String);

fn extracted() -> (Vec<Claim>, BTreeMap<String, String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config.toml")).expect("config.toml loads");
    let resources = Resources::load(&config).expect("gazetteer and lexicons load");
    let ingested = ingest::run(&inputs(&config, &[]), &config.input);
    let normalized = normalize::run(&resources.normalizer, ingested);
    let extracted = extract::run(
        &resources.extractor,
        resources.normalizer.gazetteer(),
        normalized,
    );
    let texts = extracted
        .reports
        .iter()
        .map(|r| (r.report.id.clone(), r.report.text.clone()))
        .collect();
    let claims = extracted
        .claims
        .into_iter()
        .flat_map(|r| r.claims)
        .filter(|c| c.origin == ClaimOrigin::Extracted)
        .collect();
    (claims, texts)
}

fn key_of(c: &Claim) -> Key {
    let anchor = c
        .target
        .as_ref()
        .or(c.place.as_ref())
        .map(|e| e.id.clone())
        .unwrap_or_default();
    (
        c.report_id.clone(),
        c.event.to_string(),
        c.polarity.to_string(),
        anchor,
    )
}

/// Truth keys, each with the coder's note of its first row.
fn truth() -> BTreeMap<Key, String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/truth/kachin-2024-05/claims.csv");
    let mut r = csv::Reader::from_path(&path).expect("truth claims.csv exists");
    let mut out = BTreeMap::new();
    for row in r.deserialize::<BTreeMap<String, String>>() {
        let row = row.expect("truth row parses");
        let anchor = match row["target"].as_str() {
            "" => row["place"].clone(),
            t => t.to_string(),
        };
        out.entry((
            row["report_id"].clone(),
            row["event"].clone(),
            row["polarity"].clone(),
            anchor,
        ))
        .or_insert_with(|| row["note"].clone());
    }
    out
}

#[test]
fn extraction_matches_hand_coded_truth() {
    let truth_notes = truth();
    let truth: BTreeSet<Key> = truth_notes.keys().cloned().collect();
    let (claims, texts) = extracted();
    // The first sentence each key was extracted from, to read a false positive.
    let mut sentence: BTreeMap<Key, String> = BTreeMap::new();
    for c in &claims {
        let text = texts.get(&c.report_id).map(String::as_str).unwrap_or("");
        let s = text
            .get(c.span.0..c.span.1)
            .unwrap_or("")
            .replace('\n', " ");
        sentence.entry(key_of(c)).or_insert(s);
    }
    let got: BTreeSet<Key> = sentence.keys().cloned().collect();
    let hits = got.intersection(&truth).count();
    let precision = hits as f64 / got.len().max(1) as f64;
    let recall = hits as f64 / truth.len().max(1) as f64;
    for k in got.difference(&truth) {
        println!("extra   {k:?}\n        {}", sentence[k]);
    }
    for k in truth.difference(&got) {
        println!("missing {k:?}\n        note: {}", truth_notes[k]);
    }
    println!(
        "extract vs truth: {} extracted keys, {} truth keys, {hits} matched; precision {precision:.3}, recall {recall:.3}",
        got.len(),
        truth.len()
    );
    // The floor is the measured figure rounded down, so a regression fails.
    assert!(precision >= PRECISION_FLOOR, "precision {precision:.3}");
    assert!(recall >= RECALL_FLOOR, "recall {recall:.3}");
}

const PRECISION_FLOOR: f64 = 0.97;
const RECALL_FLOOR: f64 = 0.96;
