//! Mentions in running text: offsets into the original text, guards
//! against false positives, context, and the normalised text.

use std::path::Path;

use corroborate::config::NormalizeConfig;
use corroborate::model::Mention;
use corroborate::normalize::{
    normalized_text, zawgyi, Gazetteer, Memo, NormalizeLexicon, Normalizer,
};

fn normalizer() -> Normalizer {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let g = Gazetteer::load(&root.join("corpora/gazetteer.csv")).expect("gazetteer");
    let l = NormalizeLexicon::load(&root.join("corpora/normalize")).expect("lexicon");
    Normalizer::new(g, l, &NormalizeConfig::default())
}

fn found<'a>(text: &'a str, ms: &'a [Mention]) -> Vec<(&'a str, &'a str, &'a str)> {
    ms.iter()
        .map(|m| (&text[m.start..m.end], m.id.as_str(), m.method.as_str()))
        .collect()
}

#[test]
fn offsets_point_into_the_original_text() {
    let n = normalizer();
    let text = "On Monday, Col. Naw Bu told reporters that KIA\u{2019}s troops entered \
                Ｗａｉｎｇｍａｗ town and the Waing\u{00A0}Maw Township office, \
                near Myit\u{200B}kyina and Moemauk; May fighting spread to Laizar.";
    let ms = n.find_mentions("r", text);
    for m in &ms {
        assert_eq!(m.surface, &text[m.start..m.end]);
    }
    assert_eq!(
        found(text, &ms),
        [
            ("KIA", "kia", "alias"),
            ("Ｗａｉｎｇｍａｗ town", "waingmaw", "alias"),
            ("Waing\u{00A0}Maw Township", "waingmaw-township", "exact"),
            ("Myit\u{200B}kyina", "myitkyina", "exact"),
            ("Moemauk", "momauk", "alias"),
            ("Laizar", "laiza", "alias"),
        ]
    );
}

#[test]
fn spellings_the_gazetteer_lacks_are_found_by_key_and_fuzzy() {
    let n = normalizer();
    let text = "Shelling hit Momawk and Myitkyna before troops reached Dawphoneyan.";
    let ms = n.find_mentions("r", text);
    assert_eq!(
        found(text, &ms),
        [
            ("Momawk", "momauk", "key"),
            ("Myitkyna", "myitkyina", "fuzzy"),
            ("Dawphoneyan", "dawthponeyan", "fuzzy"),
        ]
    );
}

#[test]
fn common_words_people_and_lowercase_words_are_not_places() {
    let n = normalizer();
    let text = "The spokesperson Naw Bu said on Tuesday in March that the muse of \
                war is shan style. Colonel Zau Tawng agreed. Residents fled.";
    let ms = n.find_mentions("r", text);
    assert!(ms.is_empty(), "{:?}", found(text, &ms));
}

#[test]
fn context_settles_ambiguity() {
    let n = normalizer();
    let text = "Villagers fled Nyaung Pin Thar village near Bhamo.";
    let ms = n.find_mentions("r", text);
    assert_eq!(
        found(text, &ms),
        [
            ("Nyaung Pin Thar", "nyaung-pin-thar-bhamo", "exact"),
            ("Bhamo", "bhamo", "exact"),
        ]
    );
    // Without a place to tell them apart it stays ambiguous.
    let text = "Villagers fled Nyaung Pin Thar.";
    let ms = n.find_mentions("r", text);
    assert_eq!(ms[0].method.as_str(), "ambiguous");
    assert_eq!(ms[0].id, "nyaung-pin-thar-bhamo|nyaung-pin-thar-myitkyina");
}

#[test]
fn burmese_text_and_zawgyi() {
    let n = normalizer();
    let text = "ဝိုင်းမော်မြို့နယ်တွင် ခမရ ၃၂၁ တပ်စခန်း";
    let ms = n.find_mentions("r", text);
    assert_eq!(
        found(text, &ms),
        [
            ("ဝိုင်းမော်မြို့နယ်", "waingmaw-township", "alias"),
            ("ခမရ ၃၂၁", "lib-321", "alias"),
        ]
    );
    let zawgyi = "\u{101D}\u{102D}\u{102F}\u{1004}\u{1039}\u{1038}\u{1031}\u{1019}\u{102C}\u{1039}";
    let text = format!("Fighting in {zawgyi} today");
    let ms = n.find_mentions("r", &text);
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].id, "waingmaw");
    assert_eq!(ms[0].surface, zawgyi, "offsets of the original text");
    assert_eq!(ms[0].note.as_deref(), Some(zawgyi::NOTE_CONVERTED));
}

#[test]
fn zawgyi_running_text_is_converted_word_by_word() {
    let n = normalizer();
    // "Myitkyina, Bhamo battalion 321 Taunggyi": names, a unit, a place
    // not in the gazetteer
    let text = "ျမစ္ႀကီးနား၊ ဗန္းေမာ္ တပ္ရင္း ၃၂၁ ေတာင္ႀကီး";
    let ms = n.find_mentions("r", text);
    let got: Vec<(&str, &str, &str)> = ms
        .iter()
        .map(|m| (m.surface.as_str(), m.id.as_str(), m.method.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("ျမစ္ႀကီးနား", "myitkyina", "alias"),
            ("ဗန္းေမာ္", "bhamo", "alias"),
            ("တပ္ရင္း ၃၂၁", "lib-321", "unit"),
            ("ေတာင္ႀကီး", "", "none"),
        ]
    );
    for m in &ms {
        let want = if m.id.is_empty() {
            zawgyi::NOTE
        } else {
            zawgyi::NOTE_CONVERTED
        };
        assert_eq!(m.note.as_deref(), Some(want), "{m:?}");
        assert_eq!(&text[m.start..m.end], m.surface);
    }
}

#[test]
fn normalized_text_uses_canonical_names() {
    let n = normalizer();
    let text = "KIA seized LIB-321's base near Waing Maw, Myitgyina!";
    let ms = n.find_mentions("r", text);
    assert_eq!(
        normalized_text(text, &ms),
        "kachin independence army seized lib 321 base near waingmaw myitkyina"
    );
}

#[test]
fn hostile_text_does_not_panic() {
    let n = normalizer();
    for text in [
        "",
        "\u{0}\u{FEFF}'s's's",
        "—–’ ‘ ´ ` \u{200B}\u{00AD}",
        "ÉÉÉ Ｌａｉｚａ\u{0301} ﬁ ①②",
        "LIB 99999999999 No. No. No.",
        "ခ\u{1039}\u{1039}\u{1031}",
    ] {
        let ms = n.find_mentions("r", text);
        for m in &ms {
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        }
        let _ = normalized_text(text, &ms);
    }
}

#[test]
fn a_plural_type_word_names_every_place_of_its_list() {
    let n = normalizer();
    let text = "Fighting in Momauk, Waimaw, Mansi and Tanai townships; \
                Dawthponeyan and Sumprabum towns are free. Tanai was quiet.";
    let ms = n.find_mentions("r", text);
    assert_eq!(
        found(text, &ms),
        [
            ("Momauk", "momauk-township", "exact"),
            ("Waimaw", "waingmaw-township", "alias"),
            ("Mansi", "mansi-township", "exact"),
            ("Tanai", "tanai-township", "exact"),
            // No "… Town" rows: the towns keep their own resolution.
            ("Dawthponeyan", "dawthponeyan", "exact"),
            ("Sumprabum", "sumprabum", "exact"),
            // Outside the list: the town, as before.
            ("Tanai", "tanai", "exact"),
        ]
    );
    // A sentence break ends the list.
    let text = "Fighting near Tanai. Mansi townships were calm.";
    let ms = n.find_mentions("r", text);
    assert_eq!(
        found(text, &ms),
        [
            ("Tanai", "tanai", "exact"),
            ("Mansi", "mansi-township", "exact")
        ]
    );
}

/// A memo shared across reports changes nothing: every report's mentions
/// equal those found with a fresh memo, whatever order the reports come in
/// and whichever report filled the memo first (context-dependent answers
/// stay per report).
#[test]
fn a_shared_memo_gives_the_same_mentions() {
    let n = normalizer();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/reports/kachin-2024-05");
    let mut texts: Vec<String> = std::fs::read_dir(&root)
        .expect("reports")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    texts.sort();
    // Ambiguous names settled differently by context in two reports.
    texts.push("Villagers fled Nyaung Pin Thar village near Bhamo.".into());
    texts.push("Villagers fled Nyaung Pin Thar.".into());
    texts.push("Villagers fled Nyaung Pin Thar near Myitkyina.".into());
    assert!(texts.len() > 10);
    let fresh: Vec<Vec<Mention>> = texts.iter().map(|t| n.find_mentions("r", t)).collect();
    let ids = |ms: &[Mention]| ms.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    let k = texts.len();
    assert_ne!(ids(&fresh[k - 3]), ids(&fresh[k - 2]));
    assert_ne!(ids(&fresh[k - 3]), ids(&fresh[k - 1]));
    for reversed in [false, true] {
        let memo = Memo::new();
        let order: Vec<usize> = if reversed {
            (0..texts.len()).rev().collect()
        } else {
            (0..texts.len()).collect()
        };
        for i in order {
            assert_eq!(n.find_mentions_memo("r", &texts[i], &memo), fresh[i]);
        }
    }
}

/// Surface, id, method and note of each mention, checking its offsets.
fn found_checked(text: &str, ms: &[Mention]) -> Vec<(String, String, String, String)> {
    ms.iter()
        .map(|m| {
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            assert_eq!(&text[m.start..m.end], m.surface, "{m:?}");
            (
                m.surface.clone(),
                m.id.clone(),
                m.method.as_str().to_string(),
                m.note.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Burmese writes no spaces between words: a Zawgyi clause is one "word",
/// and the names inside it are found through its conversion, with the
/// offsets of the original text, as in the same clause typed in Unicode.
#[test]
fn names_inside_a_zawgyi_clause_are_found() {
    let n = normalizer();
    let unicode = "မြစ်ကြီးနားမြို့တွင်";
    let want = found_checked(unicode, &n.find_mentions("r", unicode));
    assert_eq!(want.len(), 1, "{want:?}");
    assert_eq!(want[0].0, "မြစ်ကြီးနားမြို့");
    // "in Myitkyina town", in Zawgyi
    let text = "ျမစ္ႀကီးနားၿမိဳ႕တြင္";
    let got = found_checked(text, &n.find_mentions("r", text));
    assert_eq!(
        got,
        [(
            "ျမစ္ႀကီးနားၿမိဳ႕".to_string(),
            want[0].1.clone(),
            want[0].2.clone(),
            zawgyi::NOTE_CONVERTED.to_string()
        )]
    );
    // Inside English text, after other text, at another offset.
    let text = format!("Report: {text} fighting");
    let ms = n.find_mentions("r", &text);
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].start, "Report: ".len());
    assert_eq!(ms[0].surface, "ျမစ္ႀကီးနားၿမိဳ႕");
}

#[test]
fn a_zawgyi_sentence_naming_two_places_finds_both() {
    let n = normalizer();
    // "fighting broke out between Myitkyina town and Bhamo town", no spaces
    // inside the clauses
    let text = "ျမစ္ႀကီးနားၿမိဳ႕ႏွင့္ဗန္းေမာ္ၿမိဳ႕ၾကားတြင္ တိုက္ပြဲျဖစ္ပြားခဲ့သည္။";
    let got = found_checked(text, &n.find_mentions("r", text));
    let ids: Vec<(&str, &str)> = got.iter().map(|g| (g.0.as_str(), g.1.as_str())).collect();
    assert_eq!(ids, [("ျမစ္ႀကီးနားၿမိဳ႕", "myitkyina"), ("ဗန္းေမာ္ၿမိဳ႕", "bhamo")]);
    assert!(got.iter().all(|g| g.3 == zawgyi::NOTE_CONVERTED), "{got:?}");
}

/// A long clause where nothing is found gives no `none` mention; a short
/// word (a name the gazetteer lacks) still does.
#[test]
fn only_short_zawgyi_words_are_reported_unresolved() {
    let n = normalizer();
    let text = "တိုက္ပြဲျဖစ္ပြားခဲ့သည္။ ေတာင္ႀကီး";
    let got = found_checked(text, &n.find_mentions("r", text));
    assert_eq!(
        got,
        [(
            "ေတာင္ႀကီး".to_string(),
            String::new(),
            "none".to_string(),
            zawgyi::NOTE.to_string()
        )]
    );
}

/// A space-less run mixing Unicode and Zawgyi: Unicode Lashio is matched as
/// written, Zawgyi Laiza through its conversion.
#[test]
fn a_run_mixing_unicode_and_zawgyi_finds_both() {
    let n = normalizer();
    for text in ["လားရှိုးလိုင္ဇာ", "လားရှိုးလိုင္ဇာခမရ", "လားရှိုး လိုင္ဇာ"]
    {
        let got = found_checked(text, &n.find_mentions("r", text));
        let ids: Vec<(&str, &str, &str)> = got
            .iter()
            .map(|g| (g.0.as_str(), g.1.as_str(), g.3.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("လားရှိုး", "lashio", ""),
                ("လိုင္ဇာ", "laiza", zawgyi::NOTE_CONVERTED)
            ],
            "{text}"
        );
    }
    // Unicode Lashio and Zawgyi "in" (a short Zawgyi word, no `none` over
    // the name found in it)
    let text = "လားရှိုးတြင္";
    let got = found_checked(text, &n.find_mentions("r", text));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].1.as_str()), ("လားရှိုး", "lashio"));
}
