//! The military-unit grammar: every accepted shape, unlisted units, and
//! things that look like units but are not.

use std::path::Path;

use corroborate::config::NormalizeConfig;
use corroborate::normalize::{Gazetteer, NormalizeLexicon, Normalizer};

fn normalizer() -> Normalizer {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let g = Gazetteer::load(&root.join("corpora/gazetteer.csv")).expect("gazetteer");
    let l = NormalizeLexicon::load(&root.join("corpora/normalize")).expect("lexicon");
    Normalizer::new(g, l, &NormalizeConfig::default())
}

/// A gazetteer without LIB 321's aliases, so every form goes through the
/// grammar rather than an alias.
fn bare() -> Normalizer {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let csv =
        "id,kind,name,aliases,parent,lat,lon\nlib-321,unit,LIB 321,,,,\nib-58,unit,IB 58,,,,\n";
    let g = Gazetteer::from_csv(csv.as_bytes(), "t.csv").expect("gazetteer");
    let l = NormalizeLexicon::load(&root.join("corpora/normalize")).expect("lexicon");
    Normalizer::new(g, l, &NormalizeConfig::default())
}

#[test]
fn every_form_of_lib_321() {
    let n = bare();
    for form in [
        "LIB 321",
        "LIB-321",
        "LIB321",
        "lib 321",
        "Light Infantry Battalion (LIB) 321",
        "Light Infantry Battalion 321",
        "321 Light Infantry Battalion",
        "321st LIB",
        "321st Light Infantry Battalion",
        "No. 321 LIB",
        "Light Infantry Battalion No. 321",
        "Battalion No. 321",
        "Battalion 321",
        "Kha Ma Ya 321",
        "Kha-Ma-Ya 321",
        "KhaMaYa-321",
        "L.I.B. 321",
        "ခမရ ၃၂၁",
        "ခမရ-၃၂၁",
        "ခမရ၃၂၁",
        "၃၂၁ တပ်ရင်း",
    ] {
        let r = n.resolve(form);
        assert_eq!(r.ids, ["lib-321"], "{form}: {r:?}");
        assert!(
            matches!(r.method.as_str(), "unit" | "exact"),
            "{form}: {r:?}"
        );
    }
}

#[test]
fn unlisted_units_get_stable_synthetic_ids() {
    let n = bare();
    for (form, id, name) in [
        ("LIB 437", "unit:lib-437", "LIB 437"),
        ("437th Light Infantry Battalion", "unit:lib-437", "LIB 437"),
        ("Kha La Ya 536", "unit:ib-536", "IB 536"),
        ("ခလရ ၅၃၆", "unit:ib-536", "IB 536"),
        ("Light Infantry Division 33", "unit:lid-33", "LID 33"),
        ("MOC-21", "unit:moc-21", "MOC 21"),
        ("IB 058", "ib-58", "IB 58"),
    ] {
        let r = n.resolve(form);
        assert_eq!(
            (r.ids.join("|"), r.names.join("|")),
            (id.into(), name.into()),
            "{form}"
        );
        assert_eq!(r.method.as_str(), "unit", "{form}");
    }
}

#[test]
fn not_units() {
    let n = bare();
    for s in [
        "11 battalion",
        "LIBERATION 5",
        "Battalion 4711",
        "LIB",
        "321",
        "IB 0",
    ] {
        let r = n.resolve(s);
        assert!(!r.method.is_resolved(), "{s}: {r:?}");
    }
}

#[test]
fn units_in_running_text_keep_offsets() {
    let n = normalizer();
    let text = "KIA said the base of Light Infantry Battalion (LIB) 321 fell; \
                residents said 321st LIB and ခမရ ၃၂၁ left, while LIB 437 and \
                at least 11 battalion headquarters were taken.";
    let ms = n.find_mentions("r1", text);
    let units: Vec<(&str, &str)> = ms
        .iter()
        .filter(|m| m.kind.is_some_and(|k| k.as_str() == "unit") && m.method.is_resolved())
        .map(|m| (&text[m.start..m.end], m.id.as_str()))
        .collect();
    assert_eq!(
        units,
        [
            ("Light Infantry Battalion (LIB) 321", "lib-321"),
            ("321st LIB", "lib-321"),
            ("ခမရ ၃၂၁", "lib-321"),
            ("LIB 437", "unit:lib-437"),
        ]
    );
}
