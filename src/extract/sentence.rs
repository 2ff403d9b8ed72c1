//! Sentence splitting.
//!
//! Hand-written because it is the core of the stage and must agree with the
//! mention spans from `normalize`: a full stop inside a mention ("K.I.A."),
//! after an abbreviation ("Col.", "U.S.") or inside a quotation does not end a
//! sentence; a line break, a Burmese full stop (`။`) or `.!?` before a capital
//! does.

use std::collections::HashSet;

/// Byte ranges of the sentences of `text`, trimmed, in order.
/// `protected` are byte ranges (sorted) that never contain a boundary.
pub fn split(
    text: &str,
    abbreviations: &HashSet<String>,
    protected: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_quote = false;
    let mut chars = text.char_indices().peekable();
    let inside_protected = |i: usize| {
        let k = protected.partition_point(|&(_, e)| e <= i);
        protected.get(k).is_some_and(|&(s, _)| s <= i)
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => in_quote = !in_quote,
            '“' => in_quote = true,
            '”' => in_quote = false,
            '\n' => {
                // A soft-wrapped line (lowercase or comma before, lowercase after) continues.
                let before = text[start..i].trim_end().chars().next_back();
                let after = text[i + 1..].trim_start_matches([' ', '\t']).chars().next();
                let soft = before.is_some_and(|b| b.is_lowercase() || b == ',')
                    && after.is_some_and(char::is_lowercase);
                if !soft {
                    push(text, &mut out, start, i);
                    start = i + 1;
                    in_quote = false;
                }
            }
            '။' => {
                let end = i + c.len_utf8();
                push(text, &mut out, start, end);
                start = end;
                in_quote = false;
            }
            '.' | '!' | '?' => {
                if inside_protected(i) {
                    continue;
                }
                // Closing quotes and brackets belong to the sentence.
                let mut end = i + 1;
                let mut closes_quote = false;
                while let Some(&(j, d)) = chars.peek() {
                    if matches!(d, '"' | '”' | '’' | '\'' | ')' | ']' | '.' | '!' | '?') {
                        if matches!(d, '"' | '”') {
                            closes_quote = true;
                        }
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                if closes_quote {
                    in_quote = false;
                }
                if in_quote {
                    continue;
                }
                let rest = &text[end..];
                let trimmed = rest.trim_start_matches([' ', '\t']);
                if trimmed.len() == rest.len() && !rest.is_empty() {
                    continue; // no space after: "U.S.", "3.5", "example.org"
                }
                let next = trimmed.chars().next();
                let starts_sentence = match next {
                    None => true,
                    Some(n) => {
                        n.is_uppercase()
                            || n.is_numeric()
                            || matches!(n, '"' | '“' | '\'' | '‘' | '(' | '[' | '-' | '—' | '\n')
                            || (n.is_alphabetic() && !n.is_lowercase() && !n.is_ascii())
                    }
                };
                if !starts_sentence || (c == '.' && is_abbreviation(bytes, text, i, abbreviations))
                {
                    continue;
                }
                push(text, &mut out, start, end);
                start = end;
            }
            _ => {}
        }
    }
    push(text, &mut out, start, text.len());
    out
}

/// True when the word ending in the full stop at `dot` is an abbreviation
/// ("Col.", "Lt-Gen.") or a single capital initial ("U.").
fn is_abbreviation(bytes: &[u8], text: &str, dot: usize, abbreviations: &HashSet<String>) -> bool {
    let mut s = dot;
    while s > 0 && !bytes[s - 1].is_ascii_whitespace() && bytes[s - 1] != b'(' {
        s -= 1;
    }
    let word = &text[s..=dot];
    if abbreviations.contains(word) {
        return true;
    }
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    letters.len() == 1 && letters[0].is_uppercase()
}

fn push(text: &str, out: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let (s, e) = (start + lead, end - trail);
    if s < e {
        out.push((s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbr() -> HashSet<String> {
        ["Col.", "Lt-Gen.", "U.S.", "No."]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn parts(text: &str) -> Vec<&str> {
        split(text, &abbr(), &[])
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            parts("KIA spokesperson Col. Naw Bu said so. Lt-Gen. Aung spoke. The U.S. Embassy agreed."),
            vec!["KIA spokesperson Col. Naw Bu said so.", "Lt-Gen. Aung spoke.", "The U.S. Embassy agreed."]
        );
        assert_eq!(
            parts("Post No. 5 fell. Then U Tin Oo spoke."),
            vec!["Post No. 5 fell.", "Then U Tin Oo spoke."]
        );
    }

    #[test]
    fn quotes_hold_together() {
        assert_eq!(
            parts("\"They ran. We stayed,\" he said. Then it rained."),
            vec!["\"They ran. We stayed,\" he said.", "Then it rained."]
        );
        assert_eq!(
            parts("He said: \"It fell.\" Others agreed."),
            vec!["He said: \"It fell.\"", "Others agreed."]
        );
    }

    #[test]
    fn lines_and_burmese_full_stops_split() {
        assert_eq!(
            parts("Headline here\n\nBody one. Body two"),
            vec!["Headline here", "Body one.", "Body two"]
        );
        assert_eq!(parts("တိုက်ပွဲ။ ထွက်ပြေး။"), vec!["တိုက်ပွဲ။", "ထွက်ပြေး။"]);
        assert_eq!(
            parts("a line that wraps,\ncontinues here."),
            vec!["a line that wraps,\ncontinues here."]
        );
    }

    #[test]
    fn lowercase_after_stop_and_decimals_do_not_split() {
        assert_eq!(
            parts("It was 3.5 km away. at night."),
            vec!["It was 3.5 km away. at night."]
        );
    }

    #[test]
    fn protected_spans_do_not_split() {
        let t = "Fighters of Y.P.F. Unit took it. Then left.";
        let s = t.find("Y.P.F. Unit").unwrap();
        let got: Vec<&str> = split(t, &abbr(), &[(s, s + 11)])
            .into_iter()
            .map(|(a, b)| &t[a..b])
            .collect();
        assert_eq!(got, vec!["Fighters of Y.P.F. Unit took it.", "Then left."]);
        let unprotected: Vec<&str> = split(t, &abbr(), &[])
            .into_iter()
            .map(|(a, b)| &t[a..b])
            .collect();
        assert_eq!(unprotected.len(), 3);
    }
}
