//! Properties of the keys: idempotent, and blind to case, spacing,
//! hyphenation and zero-width characters.

use std::path::Path;
use std::sync::OnceLock;

use corroborate::config::NormalizeConfig;
use corroborate::normalize::key::fold_key;
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

proptest! {
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
