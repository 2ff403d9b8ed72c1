//! Inputs found by fuzzing that once crashed a stage: each must now run
//! through the whole pipeline (nothing panics, the report is kept).

use std::path::Path;

use corroborate::config::Config;

fn run_one(body: &str) -> corroborate::model::Scored {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("r.md");
    std::fs::write(
        &file,
        format!(
            "+++\nid = \"r1\"\nsource = \"s\"\nkind = \"media\"\npublished = \"2024-05-20\"\n+++\n{body}\n"
        ),
    )
    .unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut config = Config::load(&root.join("config.toml")).unwrap();
    config.input.corpus = vec![file];
    let (scored, _) = corroborate::pipeline::run(&config).unwrap();
    assert_eq!(scored.stats.reports_accepted, 1);
    scored
}

/// "İ" and the Kelvin sign change byte length when lowercased; extraction
/// used offsets from a lowercased copy to slice the original text.
#[test]
fn case_folding_that_changes_byte_length_does_not_panic() {
    let burmese = "စစ်ကောင်စီ၏ Y-12 လေယာဉ်က ဝိုင်းမော်မြို့ İ ကျေးရွာများကို ဗုံးကြဲတိုက်ခိုက်နေကြောင်း ဒေသခံများက ပြောသည်။";
    let scored = run_one(burmese);
    // The air strike on Waingmaw is still found.
    assert!(
        scored
            .claims
            .iter()
            .any(|c| c.event.as_str() == "airstrike"),
        "{:?}",
        scored.claims
    );
    run_one("Junta jets bombed villages near Waingmaw \u{212a}\u{130} village yesterday.");
}
