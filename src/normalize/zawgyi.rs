//! Zawgyi detection.
//!
//! Much Burmese text online is typed in the Zawgyi font encoding, which
//! reuses the Myanmar code points with other meanings and a visual order.
//! Matching such text against Unicode aliases would silently fail or, worse,
//! match the wrong name, so normalisation reports it instead (`none` with a
//! note) and never guesses.
//!
//! The test is a pattern heuristic adapted from the `ZAWGYI_DETECT_PATTERN`
//! of Unicode CLDR's `MyanmarZawgyiConverter.java`
//! (<https://github.com/unicode-org/cldr>, Copyright © Unicode, Inc. and
//! IBM Corp., distributed under the Unicode License, see
//! <https://www.unicode.org/license.txt>). We keep its strongest signals:
//! code points Zawgyi uses outside standard Burmese, the vowel sign E
//! (U+1031) stored before its consonant, and medials out of order. Google's
//! myanmar-tools (Apache-2.0) uses a trained Markov model instead; a port of
//! that model would be the next step if the heuristic proves too coarse.

use std::sync::OnceLock;

use regex::Regex;

fn pattern() -> &'static Option<Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            // Zawgyi-only code points (stacked consonants, medial shapes)
            r"[\x{105A}\x{1060}-\x{1097}]",
            // Mon letters used by Zawgyi for u/uu shapes
            r"|[\x{1033}\x{1034}]",
            // vowel sign E before a medial or at the start of a word
            r"|\x{1031}[\x{103B}-\x{103E}]",
            r"|(?:^|[\s\x{104A}\x{104B}])[\x{1031}\x{103B}]",
            // vowel sign directly before E
            r"|[\x{102B}-\x{1030}\x{1032}]\x{1031}",
            // visarga then E or medial ya
            r"|\x{1038}[\x{1031}\x{103B}]",
            // medials out of Unicode order
            r"|\x{103C}\x{103B}|\x{103D}\x{103B}|\x{103E}\x{103B}|\x{103D}\x{103C}",
            r"|\x{103E}\x{103C}|\x{103E}\x{103D}",
            // virama at the end or before a non-consonant
            r"|\x{1039}$|\x{1039}[^\x{1000}-\x{1021}]",
        ))
        .ok()
    })
}

/// True when `s` contains Myanmar text that looks Zawgyi-encoded.
pub fn looks_zawgyi(s: &str) -> bool {
    if !s.chars().any(super::key::is_myanmar) {
        return false;
    }
    pattern().as_ref().is_some_and(|re| re.is_match(s))
}

/// The note given to a name or mention that looks Zawgyi-encoded.
pub const NOTE: &str = "looks Zawgyi-encoded; convert the text to Unicode Burmese first";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_burmese_is_not_zawgyi() {
        for s in [
            "ဝိုင်းမော်",
            "မြစ်ကြီးနား",
            "ခမရ ၃၂၁",
            "ကချင်လွတ်မြောက်ရေးတပ်မတော်",
            "မိုးမောက်မြို့",
            "Waingmaw",
        ] {
            assert!(!looks_zawgyi(s), "{s}");
        }
    }

    #[test]
    fn zawgyi_patterns_are_detected() {
        // Myitkyina in Zawgyi: medial ra (U+103B there) stored before its consonant.
        assert!(looks_zawgyi(
            "\u{103B}\u{1019}\u{1005}\u{1039}\u{1080}\u{1000}\u{102E}\u{1038}\u{1014}\u{102C}\u{1038}"
        ));
        // Waingmaw in Zawgyi: E (U+1031) typed before its consonant at word start.
        assert!(looks_zawgyi(
            "\u{101D}\u{102D}\u{102F}\u{1004}\u{1039}\u{1038}\u{1031}\u{1019}\u{102C}\u{1039}"
        ));
        // Zawgyi-only stacked consonant.
        assert!(looks_zawgyi("\u{1000}\u{1060}"));
    }
}
