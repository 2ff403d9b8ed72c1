//! The romanisation keys and their forms, packed for fuzzy lookup.
//!
//! A fuzzy lookup screens a few hundred keys picked at random places in the
//! gazetteer and runs the weighted distance over a few dozen of them. With
//! one `String` per key and one `Vec` of forms per key, every candidate cost
//! two or three dependent cache misses and a UTF-8 decode into scratch
//! space before any arithmetic. Here each key's text, its characters and
//! its forms' characters sit in a few flat arrays, addressed by key number.

use std::ops::Range;

/// One way of writing an entity, under its romanisation key.
#[derive(Debug, Clone)]
pub(super) struct Form {
    pub entry: u32,
    /// Folded form with any trailing type word stripped.
    pub fold: Box<str>,
    /// Index into the normaliser's type words of the stripped type word.
    pub hint: Option<u16>,
    /// Whether `fold` holds a digit (most names do not: then the number
    /// check is one comparison).
    pub digits: bool,
    /// Where `fold`'s characters are in [`KeyTable::form_chars`].
    chars: Range<usize>,
}

/// Keys (in the order given to [`KeyTable::new`], which is the index's key
/// numbering) with their text, characters and forms in flat arrays.
#[derive(Debug, Clone, Default)]
pub(super) struct KeyTable {
    /// Key `k` is `text[starts[k]..starts[k + 1]]`.
    text: String,
    starts: Vec<usize>,
    /// Key `k`'s characters are `chars[char_starts[k]..char_starts[k + 1]]`.
    chars: Vec<char>,
    char_starts: Vec<usize>,
    ascii: Vec<bool>,
    /// Key `k`'s forms are `forms[form_starts[k]..form_starts[k + 1]]`.
    forms: Vec<Form>,
    form_starts: Vec<usize>,
    form_chars: Vec<char>,
}

/// A form as built: entry, folded text, type-word hint.
pub(super) type RawForm = (u32, String, Option<u16>);

impl KeyTable {
    /// `keys[k]` with its forms `forms[k]`.
    pub fn new(keys: &[String], forms: Vec<Vec<RawForm>>) -> KeyTable {
        let mut t = KeyTable::default();
        let total: usize = keys.iter().map(String::len).sum();
        t.text.reserve(total);
        t.starts.reserve(keys.len() + 1);
        t.char_starts.reserve(keys.len() + 1);
        t.chars.reserve(total);
        let n_forms: usize = forms.iter().map(Vec::len).sum();
        t.forms.reserve(n_forms);
        t.form_starts.reserve(keys.len() + 1);
        t.ascii.reserve(keys.len());
        let form_bytes: usize = forms.iter().flatten().map(|f| f.1.len()).sum();
        t.form_chars.reserve(form_bytes);
        t.starts.push(0);
        t.char_starts.push(0);
        t.form_starts.push(0);
        for (key, forms) in keys.iter().zip(forms) {
            t.text.push_str(key);
            t.starts.push(t.text.len());
            t.chars.extend(key.chars());
            t.char_starts.push(t.chars.len());
            t.ascii.push(key.is_ascii());
            for (entry, fold, hint) in forms {
                let chars_at = t.form_chars.len();
                t.form_chars.extend(fold.chars());
                t.forms.push(Form {
                    entry,
                    digits: fold.bytes().any(|b| b.is_ascii_digit()),
                    fold: fold.into(),
                    hint,
                    chars: chars_at..t.form_chars.len(),
                });
            }
            t.form_starts.push(t.forms.len());
        }
        t
    }

    /// Reads the first byte of each key's text so that the cache misses
    /// of a batch of random keys overlap (a loop with no data-dependent
    /// branch lets the processor issue them all at once) instead of
    /// stalling one by one inside the string comparisons that follow: a
    /// portable software prefetch.
    pub fn warm(&self, ks: impl Iterator<Item = u32>) {
        let bytes = self.text.as_bytes();
        let mut sink = 0u8;
        for k in ks {
            sink ^= bytes.get(self.starts[k as usize]).copied().unwrap_or(0);
        }
        std::hint::black_box(sink);
    }

    /// Like [`KeyTable::warm`], for what the weighted distance reads: each
    /// key's characters, its forms and their characters.
    pub fn warm_forms(&self, ks: impl Iterator<Item = u32> + Clone) {
        let mut sink = 0u32;
        for k in ks.clone() {
            sink ^= self
                .chars
                .get(self.char_starts[k as usize])
                .map_or(0, |&c| c as u32);
            sink ^= self
                .forms
                .get(self.form_starts[k as usize])
                .map_or(0, |f| f.entry);
        }
        for k in ks {
            for f in self.forms(k) {
                sink ^= self.form_chars.get(f.chars.start).map_or(0, |&c| c as u32);
            }
        }
        std::hint::black_box(sink);
    }

    /// Key `k`'s text.
    pub fn text(&self, k: u32) -> &str {
        &self.text[span(&self.starts, k)]
    }

    /// Key `k`'s characters.
    pub fn chars(&self, k: u32) -> &[char] {
        &self.chars[span(&self.char_starts, k)]
    }

    pub fn is_ascii(&self, k: u32) -> bool {
        self.ascii[k as usize]
    }

    /// Key `k`'s forms.
    pub fn forms(&self, k: u32) -> &[Form] {
        &self.forms[span(&self.form_starts, k)]
    }

    /// A form's characters.
    pub fn form_chars(&self, f: &Form) -> &[char] {
        &self.form_chars[f.chars.clone()]
    }
}

fn span(starts: &[usize], k: u32) -> Range<usize> {
    starts[k as usize]..starts[k as usize + 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_forms_round_trip() {
        let keys = vec!["laiza".to_string(), "ဝိုင်းမော်".to_string()];
        let forms = vec![
            vec![
                (0, "laiza".to_string(), None),
                (3, "laizar".to_string(), Some(1)),
            ],
            vec![(1, "ဝိုင်းမော်".to_string(), None)],
        ];
        let t = KeyTable::new(&keys, forms);
        assert_eq!(t.text(0), "laiza");
        assert_eq!(t.text(1), "ဝိုင်းမော်");
        assert_eq!(t.chars(1), "ဝိုင်းမော်".chars().collect::<Vec<_>>());
        assert!(t.is_ascii(0) && !t.is_ascii(1));
        let f = t.forms(0);
        assert_eq!(f.len(), 2);
        assert_eq!((f[1].entry, &*f[1].fold, f[1].hint), (3, "laizar", Some(1)));
        assert_eq!(t.form_chars(&f[1]).iter().collect::<String>(), "laizar");
        assert_eq!(t.forms(1)[0].entry, 1);
    }
}
