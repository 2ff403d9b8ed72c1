//! Table test: real variant spellings against the default gazetteer
//! (`corpora/normalize/variants.tsv`: input, expected id(s), method,
//! status, note). Rows marked `xfail` are known failures: the test checks
//! they still fail, so fixing one means moving it into the passing set.

use std::path::Path;

use corroborate::config::NormalizeConfig;
use corroborate::lexicon::load_tsv;
use corroborate::normalize::{zawgyi, Gazetteer, NormalizeLexicon, Normalizer};

fn normalizer() -> Normalizer {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let g = Gazetteer::load(&root.join("corpora/gazetteer.csv")).expect("gazetteer");
    let l = NormalizeLexicon::load(&root.join("corpora/normalize")).expect("lexicon");
    Normalizer::new(g, l, &NormalizeConfig::default())
}

#[test]
fn variant_spellings_resolve_like_an_expert() {
    let n = normalizer();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rows = load_tsv(
        &root.join("corpora/normalize/variants.tsv"),
        &["input", "id", "method", "status"],
    )
    .expect("variants.tsv");
    assert!(rows.len() >= 100, "only {} rows", rows.len());
    let burmese = rows
        .iter()
        .filter(|r| {
            r.get("input")
                .chars()
                .any(|c| ('\u{1000}'..='\u{109F}').contains(&c))
        })
        .count();
    let negatives = rows.iter().filter(|r| r.get("id").is_empty()).count();
    assert!(burmese >= 10, "{burmese} Burmese rows");
    assert!(negatives >= 15, "{negatives} negative rows");

    let mut failures = Vec::new();
    let mut fixed = Vec::new();
    for r in &rows {
        let got = n.resolve(r.get("input"));
        let ok = got.ids.join("|") == r.get("id") && got.method.as_str() == r.get("method");
        let line = format!(
            "line {}: {:?} expected {} {} got {} {} ({:.3})",
            r.line,
            r.get("input"),
            r.get("id"),
            r.get("method"),
            got.ids.join("|"),
            got.method,
            got.score
        );
        match (r.get("status") == "xfail", ok) {
            (false, false) => failures.push(line),
            (true, true) => fixed.push(line),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        fixed.is_empty(),
        "now passing, remove `xfail`:\n{}",
        fixed.join("\n")
    );
}

#[test]
fn required_pairs_collide_on_the_key() {
    let n = normalizer();
    for group in [
        &["Myitkyina", "Myitgyina"][..],
        &["Laiza", "Laizar"],
        &["Lwegel", "Lweje", "Loije"],
        &["Hsinbo", "Sinbo"],
        &["Katsu", "Khatcho", "Hkatshu"],
        &["Momauk", "Moemauk"],
        &["Bhamo", "Banmaw", "Bamaw", "Manmaw"],
        &["Waing Maw", "Waingmaw", "Waing-maw"],
    ] {
        let keys: Vec<String> = group.iter().map(|s| n.name_key(s)).collect();
        assert!(keys.iter().all(|k| *k == keys[0]), "{group:?} -> {keys:?}");
    }
    assert_ne!(n.name_key("Laiza"), n.name_key("Lashio"));
}

#[test]
fn town_and_township_are_told_apart_by_the_type_word() {
    let n = normalizer();
    assert_eq!(n.resolve("Waingmaw").ids, ["waingmaw"]);
    assert_eq!(n.resolve("Waingmaw township").ids, ["waingmaw-township"]);
    assert_eq!(n.resolve("Wainmaw township").ids, ["waingmaw-township"]);
    assert_eq!(n.resolve("Wainmaw").ids, ["waingmaw"]);
    assert_eq!(n.resolve("Momauk village").ids, ["momauk"]);
}

#[test]
fn zawgyi_is_converted_never_matched_as_written() {
    let n = normalizer();
    // Waingmaw in Zawgyi: converted, resolved, with a note.
    let r = n.resolve(
        "\u{101D}\u{102D}\u{102F}\u{1004}\u{1039}\u{1038}\u{1031}\u{1019}\u{102C}\u{1039}",
    );
    assert_eq!(r.ids, ["waingmaw"]);
    assert_eq!(r.method.as_str(), "alias");
    assert_eq!(r.note.as_deref(), Some(zawgyi::NOTE_CONVERTED));
    // Taunggyi in Zawgyi converts to a name the gazetteer lacks: none, and
    // the note says it looks Zawgyi.
    let r = n.resolve("ေတာင္ႀကီး");
    assert_eq!(r.method.as_str(), "none");
    assert_eq!(r.note.as_deref(), Some(zawgyi::NOTE));
    // Without a conversion table, Zawgyi is only reported.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let g = Gazetteer::load(&root.join("corpora/gazetteer.csv")).expect("gazetteer");
    let mut l = NormalizeLexicon::load(&root.join("corpora/normalize")).expect("lexicon");
    l.zawgyi = Default::default();
    let bare = Normalizer::new(g, l, &NormalizeConfig::default());
    let r = bare.resolve("ျမစ္ႀကီးနား");
    assert_eq!(r.method.as_str(), "none");
    assert_eq!(r.note.as_deref(), Some(zawgyi::NOTE));
}

#[test]
fn no_unicode_alias_of_the_gazetteer_looks_zawgyi() {
    let n = normalizer();
    let mut burmese = 0;
    for e in n.gazetteer().entries() {
        for a in e.aliases.iter().chain([&e.name]) {
            if a.chars().any(|c| ('\u{1000}'..='\u{109F}').contains(&c)) {
                burmese += 1;
                assert!(!zawgyi::looks_zawgyi(a), "{}: {a}", e.id);
            }
        }
    }
    assert!(burmese >= 50, "{burmese}");
}
