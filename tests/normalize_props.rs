//! Properties of the keys: idempotent, and blind to case, spacing,
//! hyphenation and zero-width characters.

use std::path::Path;
use std::sync::OnceLock;

use corroborate::config::NormalizeConfig;
use corroborate::normalize::key::fold_key;
use corroborate::normalize::zawgyi;
use corroborate::normalize::{Gazetteer, NormalizeLexicon, Normalizer};
use proptest::prelude::*;

fn normalizer() -> &'static Normalizer {
    static N: OnceLock<Normalizer> = OnceLock::new();
    N.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let g = Gazetteer::load(&root.join("corpora/gazetteer.csv")).expect("gazetteer");
        let l = NormalizeLexicon::load(&root.join("corpora/normalize")).expect("lexicon");
        Normalizer::new(g, l, &NormalizeConfig::default())
    })
}

fn name() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Za-z][a-z]{0,8}( [A-Za-z][a-z]{0,8}){0,2}( [0-9]{1,3})?")
        .expect("regex")
}

/// Text heavy in Myanmar code points (Zawgyi-only ones included), with
/// some spaces, punctuation and Latin letters.
fn myanmar_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            8 => (0x1000u32..=0x109F).prop_map(|c| char::from_u32(c).unwrap_or(' ')),
            1 => prop_oneof![Just(' '), Just(','), Just('\u{104A}'), Just('a'), Just('7')],
        ],
        0..40,
    )
    .prop_map(|v| v.into_iter().collect())
}

/// Zawgyi and Unicode spellings of gazetteer names and other words run
/// together, sometimes with spaces or punctuation between them.
fn zawgyi_names() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("ျမစ္ႀကီးနား"),
            Just("ၿမိဳ႕"),
            Just("ဗန္းေမာ္"),
            Just("လိုင္ဇာ"),
            Just("လားရှိုး"),
            Just("တြင္"),
            Just("တပ္ရင္း ၃၂၁"),
            Just("ခမရ"),
            Just(" "),
            Just("၊ "),
            Just("ေ"),
        ],
        0..8,
    )
    .prop_map(|v| v.concat())
}

/// Code points Zawgyi uses outside standard Burmese.
fn zawgyi_only(c: char) -> bool {
    matches!(
        c,
        '\u{1060}'..='\u{1097}' | '\u{1033}' | '\u{1034}' | '\u{105A}'
    )
}

proptest! {
    #[test]
    fn zawgyi_conversion_is_total_and_keeps_other_text(
        s in prop_oneof![myanmar_text(), "\\PC{0,24}", any::<String>()],
    ) {
        let c = &normalizer().lexicon().zawgyi;
        let out = c.convert(&s);
        prop_assert_eq!(&c.convert(&s), &out);
        prop_assert!(!out.chars().any(zawgyi_only), "{:?} -> {:?}", s, out);
        let other = |t: &str| t.chars().filter(|c| !('\u{1000}'..='\u{109F}').contains(c)).collect::<String>();
        prop_assert_eq!(other(&out), other(&s));
    }

    #[test]
    fn the_conversion_map_tiles_both_texts(
        s in prop_oneof![myanmar_text(), "\\PC{0,24}", any::<String>()],
    ) {
        let c = &normalizer().lexicon().zawgyi;
        let (out, map) = c.convert_mapped(&s);
        prop_assert_eq!(&out, &c.convert(&s));
        let (mut o, mut i) = (0, 0);
        for &((os, oe), (is, ie)) in &map {
            prop_assert_eq!((os, is), (o, i), "{:?} -> {:?}: {:?}", s, out, map);
            prop_assert!(os <= oe && is <= ie, "{:?}", map);
            prop_assert!(out.is_char_boundary(oe) && s.is_char_boundary(ie), "{:?}", map);
            (o, i) = (oe, ie);
        }
        prop_assert_eq!((o, i), (out.len(), s.len()), "{:?} -> {:?}: {:?}", s, out, map);
    }

    #[test]
    fn only_zawgyi_looking_text_is_converted(
        s in prop_oneof![myanmar_text(), zawgyi_names(), "\\PC{0,24}"],
    ) {
        let n = normalizer();
        let r = n.resolve(&s);
        let converted = r.note.as_deref().is_some_and(|n| n.contains("converted from Zawgyi"));
        prop_assert!(!converted || zawgyi::looks_zawgyi(&s), "{:?}: {:?}", s, r);
        prop_assert!(!converted || r.method.as_str() != "none", "{:?}: {:?}", s, r);
        let ms = n.find_mentions("r", &s);
        prop_assert!(ms.iter().all(|m| m.start <= m.end && s.is_char_boundary(m.start) && s.is_char_boundary(m.end)));
        prop_assert!(ms.iter().all(|m| m.surface == s[m.start..m.end]), "{:?}: {:?}", s, ms);
        prop_assert!(ms.windows(2).all(|w| w[0].end <= w[1].start), "{:?}: {:?}", s, ms);
    }

    #[test]
    fn fold_key_is_idempotent(s in "\\PC{0,24}") {
        let k = fold_key(&s);
        prop_assert_eq!(fold_key(&k), k);
    }

    #[test]
    fn name_key_is_idempotent(s in name()) {
        let n = normalizer();
        let k = n.name_key(&s);
        prop_assert_eq!(n.name_key(&k), k);
    }

    #[test]
    fn keys_ignore_case_spacing_and_zero_width(
        s in name(),
        cuts in proptest::collection::vec((0usize..32, 0usize..5), 0..4),
    ) {
        let n = normalizer();
        let mut noisy: Vec<char> = s.to_uppercase().chars().collect();
        for (at, what) in cuts {
            let at = at.min(noisy.len());
            let c = ['\u{200B}', '\u{00AD}', ' ', '-', '\u{FEFF}'][what];
            noisy.insert(at, c);
        }
        let noisy: String = noisy.into_iter().collect();
        prop_assert_eq!(fold_key(&noisy), fold_key(&s));
        prop_assert_eq!(n.name_key(&noisy), n.name_key(&s));
    }
}
