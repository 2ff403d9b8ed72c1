//! Time expressions and their windows relative to the publication date.
//!
//! The words (months, weekdays, "yesterday", "last weekend", "since" …) come
//! from `dates.tsv`; the regexes here only fix how they combine with digits.

pub use crate::normalize::units::digits;
use jiff::civil::{Date, Weekday};
use jiff::Span;
use regex::Regex;

use super::lex::{Part, TimeWord};
use crate::model::DateWindow;

/// What a time expression names, before it is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A calendar day; `year` None = the publication year (or the one before).
    Day {
        year: Option<i16>,
        month: i8,
        day: i8,
    },
    /// A month or part of one.
    Month {
        year: Option<i16>,
        month: i8,
        part: Option<Part>,
    },
    Weekday(u8),
    /// Days relative to publication.
    Rel(i64),
    /// Days after the previously mentioned day.
    Next(i64),
    Week(i64),
    Weekend(i64),
    Past(i64),
    MonthRel(i64),
}

/// How a prefix shapes the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    None,
    /// "since X": from X to publication.
    Since,
    /// "by X": up to X.
    By,
    /// "around X": a day either side.
    About,
}

/// One time expression in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeExpr {
    pub start: usize,
    pub end: usize,
    pub when: When,
    pub modifier: Modifier,
}

/// The compiled time grammar.
#[derive(Debug, Clone)]
pub struct TimeGrammar {
    iso: Regex,
    dmy: Regex,
    mdy: Regex,
    other_script: Option<Regex>,
    part_month: Regex,
    prep_month: Regex,
    weekday: Regex,
    rel: Option<Regex>,
    words: Vec<(String, TimeWord)>,
}

fn alternation<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut w: Vec<&str> = words.collect();
    w.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    w.dedup();
    w.iter()
        .map(|s| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|")
}

fn build(pattern: &str) -> Regex {
    Regex::new(pattern).expect("time grammar compiles (lexicon words are escaped)")
}

impl TimeGrammar {
    pub fn new(words: &[(String, TimeWord)]) -> TimeGrammar {
        let of = |pred: &dyn Fn(&TimeWord) -> bool, ascii: bool| {
            alternation(
                words
                    .iter()
                    .filter(|(w, t)| pred(t) && w.is_ascii() == ascii)
                    .map(|(w, _)| w.as_str()),
            )
        };
        let months = of(&|t| matches!(t, TimeWord::Month(_)), true);
        let months_other = of(&|t| matches!(t, TimeWord::Month(_)), false);
        let weekdays = of(&|t| matches!(t, TimeWord::Weekday(_)), true);
        let parts = of(&|t| matches!(t, TimeWord::Part(_)), true);
        let preps = of(&|t| matches!(t, TimeWord::Prep(_)), true);
        let rel = of(
            &|t| {
                matches!(
                    t,
                    TimeWord::Day(_)
                        | TimeWord::Next(_)
                        | TimeWord::Week(_)
                        | TimeWord::Weekend(_)
                        | TimeWord::Past(_)
                        | TimeWord::MonthRel(_)
                )
            },
            true,
        );
        let nonempty = |s: &str| {
            if s.is_empty() {
                "\u{0}NONE".to_string()
            } else {
                s.to_string()
            }
        };
        let (months, weekdays, parts, preps) = (
            nonempty(&months),
            nonempty(&weekdays),
            nonempty(&parts),
            nonempty(&preps),
        );
        TimeGrammar {
            iso: build(r"\b([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\b"),
            dmy: build(&format!(
                r"(?i)\b([0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({months})\b\.?(?:,?\s+([0-9]{{4}})\b)?"
            )),
            mdy: build(&format!(
                r"(?i)\b({months})\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+([0-9]{{4}})\b)?"
            )),
            other_script: (!months_other.is_empty()).then(|| {
                build(&format!(r"({months_other})\S{{0,3}}\s*([0-9\x{{1040}}-\x{{1049}}]{{1,2}})\s*\x{{101B}}\x{{1000}}\x{{103A}}"))
            }),
            part_month: build(&format!(
                r"(?i)\b({parts})(?:\s*-\s*|\s+)({months})\b(?:\s+([0-9]{{4}})\b)?"
            )),
            prep_month: build(&format!(
                r"(?i)\b({preps})\s+({months})\b(?:\s+([0-9]{{4}})\b)?"
            )),
            weekday: build(&format!(r"(?i)\b({weekdays})\b")),
            rel: (!rel.is_empty()).then(|| build(&format!(r"(?i)\b({rel})\b"))),
            words: words.to_vec(),
        }
    }

    fn word(&self, w: &str) -> Option<&TimeWord> {
        let w = w.to_lowercase();
        self.words.iter().find(|(x, _)| *x == w).map(|(_, t)| t)
    }

    fn month(&self, w: &str) -> Option<i8> {
        let w = w.trim_end_matches('.').to_lowercase();
        self.words.iter().find_map(|(x, t)| match t {
            TimeWord::Month(m) if *x == w => Some(*m as i8),
            _ => None,
        })
    }

    /// Every time expression in `text`, in order, without overlaps.
    pub fn find(&self, text: &str) -> Vec<TimeExpr> {
        let mut found: Vec<TimeExpr> = Vec::new();
        let mut add = |s: usize, e: usize, when: When, modifier: Modifier| {
            found.push(TimeExpr {
                start: s,
                end: e,
                when,
                modifier,
            });
        };
        let year = |m: Option<regex::Match>| m.and_then(|y| y.as_str().parse::<i16>().ok());
        for c in self.iso.captures_iter(text) {
            let n = |i: usize| c[i].parse::<i64>().unwrap_or(0);
            let m = c.get(0).expect("match");
            if (1..=12).contains(&n(2)) && (1..=31).contains(&n(3)) {
                add(
                    m.start(),
                    m.end(),
                    When::Day {
                        year: Some(n(1) as i16),
                        month: n(2) as i8,
                        day: n(3) as i8,
                    },
                    Modifier::None,
                );
            }
        }
        for (re, day_first) in [(&self.dmy, true), (&self.mdy, false)] {
            for c in re.captures_iter(text) {
                let m = c.get(0).expect("match");
                let (d, mo) = if day_first {
                    (&c[1], &c[2])
                } else {
                    (&c[2], &c[1])
                };
                let (Ok(day), Some(month)) = (d.parse::<i8>(), self.month(mo)) else {
                    continue;
                };
                if (1..=31).contains(&day) {
                    add(
                        m.start(),
                        m.end(),
                        When::Day {
                            year: year(c.get(3)),
                            month,
                            day,
                        },
                        Modifier::None,
                    );
                }
            }
        }
        if let Some(re) = &self.other_script {
            for c in re.captures_iter(text) {
                let m = c.get(0).expect("match");
                let day = digits(&c[2]);
                if let (Some(month), Some(day)) = (self.month(&c[1]), day) {
                    if (1..=31).contains(&day) {
                        add(
                            m.start(),
                            m.end(),
                            When::Day {
                                year: None,
                                month,
                                day: day as i8,
                            },
                            Modifier::None,
                        );
                    }
                }
            }
        }
        for c in self.part_month.captures_iter(text) {
            let m = c.get(0).expect("match");
            let part = match self.word(&c[1]) {
                Some(TimeWord::Part(p)) => Some(*p),
                _ => None,
            };
            if let Some(month) = self.month(&c[2]) {
                add(
                    m.start(),
                    m.end(),
                    When::Month {
                        year: year(c.get(3)),
                        month,
                        part,
                    },
                    Modifier::None,
                );
            }
        }
        for c in self.prep_month.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let mo = c.get(2).expect("month group");
            // "since March 7" is a day, found by the day patterns.
            let rest = text[whole.end()..].trim_start_matches(['.', ' ']);
            if c.get(3).is_none() && rest.starts_with(|ch: char| ch.is_ascii_digit()) {
                continue;
            }
            let since = self
                .words
                .iter()
                .any(|(w, t)| *t == TimeWord::Prep(true) && w.eq_ignore_ascii_case(&c[1]));
            if let Some(month) = self.month(mo.as_str()) {
                let modifier = if since {
                    Modifier::Since
                } else {
                    Modifier::None
                };
                let start = if since { whole.start() } else { mo.start() };
                add(
                    start,
                    whole.end(),
                    When::Month {
                        year: year(c.get(3)),
                        month,
                        part: None,
                    },
                    modifier,
                );
            }
        }
        for m in self.weekday.find_iter(text) {
            if let Some(TimeWord::Weekday(d)) = self.word(m.as_str()) {
                add(m.start(), m.end(), When::Weekday(*d), Modifier::None);
            }
        }
        if let Some(re) = &self.rel {
            for m in re.find_iter(text) {
                let when = match self.word(m.as_str()) {
                    Some(TimeWord::Day(n)) => When::Rel(*n),
                    Some(TimeWord::Next(n)) => When::Next(*n),
                    Some(TimeWord::Week(n)) => When::Week(*n),
                    Some(TimeWord::Weekend(n)) => When::Weekend(*n),
                    Some(TimeWord::Past(n)) => When::Past(*n),
                    Some(TimeWord::MonthRel(n)) => When::MonthRel(*n),
                    _ => continue,
                };
                add(m.start(), m.end(), when, Modifier::None);
            }
        }
        // Earliest first, then longest; drop anything overlapping a kept expression.
        found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<TimeExpr> = Vec::new();
        for f in found {
            if out.last().is_some_and(|l| f.start < l.end) {
                continue;
            }
            out.push(f);
        }
        for t in &mut out {
            if t.modifier == Modifier::None {
                t.modifier = self.prefix(&text[..t.start]);
            }
        }
        out
    }

    /// The modifier named by the words just before an expression
    /// ("since", "by", "around", "on the night of").
    fn prefix(&self, before: &str) -> Modifier {
        let b = before.trim_end().to_lowercase();
        let b = b.strip_suffix(" on").map(str::to_string).unwrap_or(b);
        let mut best: Option<(usize, Modifier)> = None;
        for (w, t) in &self.words {
            let m = match t {
                TimeWord::Since => Modifier::Since,
                TimeWord::By => Modifier::By,
                TimeWord::About => Modifier::About,
                TimeWord::Night => Modifier::None,
                TimeWord::Began => continue,
                _ => continue,
            };
            if b.ends_with(w.as_str()) {
                let at = b.len() - w.len();
                let bounded = at == 0 || !b.as_bytes()[at - 1].is_ascii_alphanumeric();
                if bounded && best.map_or(true, |(l, _)| w.len() > l) {
                    best = Some((w.len(), m));
                }
            }
        }
        if let Some((_, m)) = best {
            return m;
        }
        self.since_clause(&b)
    }

    /// "since the operation began on March 7", "since it opened an offensive
    /// on March 7": a "since" word opens the clause and a `began` word follows
    /// it, so the window runs from the date. Only within the clause (no comma
    /// or sentence stop between) and within eight words.
    fn since_clause(&self, b: &str) -> Modifier {
        let clause_start = b.rfind([',', ';', '.', ':', '(']).map_or(0, |i| i + 1);
        let words: Vec<&str> = b[clause_start..].split_whitespace().collect();
        let is = |w: &str, kind: &TimeWord| self.words.iter().any(|(s, t)| t == kind && s == w);
        let Some(since) = words.iter().rposition(|w| is(w, &TimeWord::Since)) else {
            return Modifier::None;
        };
        let rest = &words[since + 1..];
        if rest.len() <= 8 && rest.iter().any(|w| is(w, &TimeWord::Began)) {
            Modifier::Since
        } else {
            Modifier::None
        }
    }
}

/// `d` moved by `n` days; `d` itself when that leaves jiff's range (never panics).
pub(crate) fn add_days(d: Date, n: i64) -> Date {
    Span::new()
        .try_days(n)
        .ok()
        .and_then(|span| d.checked_add(span).ok())
        .unwrap_or(d)
}

fn weekday_num(w: Weekday) -> i64 {
    w.to_monday_one_offset() as i64
}

/// Precision from a window's length, like ACLED's `time_precision`.
pub fn precision_of(from: Date, to: Date) -> u8 {
    let days = (to - from).get_days().abs();
    if days == 0 {
        1
    } else if days <= 7 {
        2
    } else {
        3
    }
}

fn window(from: Date, to: Date, precision: u8) -> DateWindow {
    DateWindow {
        from: from.min(to),
        to: from.max(to),
        precision,
    }
}

/// A calendar day in the year of `published` (or the year before, when the
/// day would be more than a week after publication).
fn day_near(published: Date, year: Option<i16>, month: i8, day: i8) -> Option<Date> {
    match year {
        Some(y) => Date::new(y, month, day).ok(),
        None => {
            let d = Date::new(published.year(), month, day).ok()?;
            if d > add_days(published, 7) {
                Date::new(published.year() - 1, month, day).ok()
            } else {
                Some(d)
            }
        }
    }
}

/// The window of an expression; `last_day` is the previously mentioned day
/// (for "the next day"). None when it cannot be placed.
pub fn resolve(
    t: &TimeExpr,
    published: Date,
    last_day: Option<Date>,
    default_days: i64,
) -> Option<DateWindow> {
    let base = match t.when {
        When::Day { year, month, day } => {
            let d = day_near(published, year, month, day)?;
            window(d, d, 1)
        }
        When::Month { year, month, part } => {
            let y = year.unwrap_or_else(|| {
                if month > published.month() {
                    published.year() - 1
                } else {
                    published.year()
                }
            });
            let first = Date::new(y, month, 1).ok()?;
            let last = first.last_of_month();
            let (from, to) = match part {
                None => (first, last),
                Some(Part::Early) => (first, add_days(first, 9)),
                Some(Part::Mid) => (add_days(first, 10), add_days(first, 19)),
                Some(Part::Late) => (add_days(first, 20), last),
            };
            window(from, to, if part.is_some() { 2 } else { 3 })
        }
        When::Weekday(n) => {
            let back = (weekday_num(published.weekday()) - n as i64).rem_euclid(7);
            let d = add_days(published, -back);
            window(d, d, 1)
        }
        When::Rel(n) => {
            let d = add_days(published, n);
            window(d, d, 1)
        }
        When::Next(n) => {
            let d = add_days(last_day?, n);
            window(d, d, 1)
        }
        When::Week(n) => {
            let monday = add_days(published, 1 - weekday_num(published.weekday()) + 7 * n);
            let sunday = add_days(monday, 6).min(published);
            window(monday, sunday, 2)
        }
        When::Weekend(n) => {
            // The latest Saturday before publication day is weekend -1; this weekend is 0.
            let ref_day = if n < 0 {
                add_days(published, -1)
            } else {
                published
            };
            let back = (weekday_num(ref_day.weekday()) - 6).rem_euclid(7);
            let saturday = add_days(ref_day, -back + 7 * (n + 1).min(0));
            window(
                saturday,
                add_days(saturday, 1).min(published.max(saturday)),
                2,
            )
        }
        When::Past(n) => window(
            add_days(published, -n),
            published,
            precision_of(add_days(published, -n), published).max(2),
        ),
        When::MonthRel(n) => {
            let first = published.first_of_month();
            let first = first.checked_add(Span::new().months(n)).ok()?;
            let last = if n == 0 {
                published
            } else {
                first.last_of_month()
            };
            window(first, last, 3)
        }
    };
    Some(match t.modifier {
        Modifier::None => base,
        Modifier::Since => {
            let to = published.max(base.from);
            window(base.from, to, precision_of(base.from, to))
        }
        Modifier::By => window(add_days(base.to, -default_days), base.to, 2),
        Modifier::About => window(add_days(base.from, -1), add_days(base.to, 1), 2),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn grammar() -> TimeGrammar {
        let mut w = vec![];
        for (i, m) in [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
        .iter()
        .enumerate()
        {
            w.push((m.to_string(), TimeWord::Month(i as u8 + 1)));
        }
        w.push(("မေ".to_string(), TimeWord::Month(5)));
        for (i, d) in [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ]
        .iter()
        .enumerate()
        {
            w.push((d.to_string(), TimeWord::Weekday(i as u8 + 1)));
        }
        w.push(("yesterday".into(), TimeWord::Day(-1)));
        w.push(("the next day".into(), TimeWord::Next(1)));
        w.push(("last week".into(), TimeWord::Week(-1)));
        w.push(("last weekend".into(), TimeWord::Weekend(-1)));
        w.push(("mid".into(), TimeWord::Part(Part::Mid)));
        w.push(("since".into(), TimeWord::Since));
        w.push(("in".into(), TimeWord::Prep(false)));
        w.push(("since".into(), TimeWord::Prep(true)));
        w.push(("around".into(), TimeWord::About));
        w.push(("began".into(), TimeWord::Began));
        TimeGrammar::new(&w)
    }

    fn one(text: &str, published: Date) -> DateWindow {
        let g = grammar();
        let found = g.find(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        resolve(&found[0], published, None, 7).unwrap()
    }

    #[test]
    fn absolute_dates() {
        let p = date(2024, 5, 28);
        assert_eq!(
            one("on 18 May 2024", p),
            window(date(2024, 5, 18), date(2024, 5, 18), 1)
        );
        assert_eq!(
            one("on May 18", p),
            window(date(2024, 5, 18), date(2024, 5, 18), 1)
        );
        assert_eq!(
            one("on 2024-05-18", p),
            window(date(2024, 5, 18), date(2024, 5, 18), 1)
        );
        assert_eq!(
            one("မေ ၂၁ ရက် ညတွင်", p),
            window(date(2024, 5, 21), date(2024, 5, 21), 1)
        );
        // A December date read in January belongs to the previous year.
        assert_eq!(
            one("on 30 December", date(2025, 1, 3)).from,
            date(2024, 12, 30)
        );
    }

    #[test]
    fn weekdays_and_relative_days() {
        // 2024-05-22 is a Wednesday.
        let p = date(2024, 5, 22);
        assert_eq!(one("on Tuesday", p).from, date(2024, 5, 21));
        assert_eq!(one("on Wednesday", p).from, date(2024, 5, 22));
        assert_eq!(one("on Thursday", p).from, date(2024, 5, 16));
        assert_eq!(one("yesterday", p).from, date(2024, 5, 21));
        assert_eq!(
            one("last week", p),
            window(date(2024, 5, 13), date(2024, 5, 19), 2)
        );
        assert_eq!(
            one("last weekend", p),
            window(date(2024, 5, 18), date(2024, 5, 19), 2)
        );
    }

    #[test]
    fn since_mid_month_and_about() {
        let p = date(2024, 5, 28);
        assert_eq!(one("since March 7", p), window(date(2024, 3, 7), p, 3));
        assert_eq!(
            one("in mid-May", p),
            window(date(2024, 5, 11), date(2024, 5, 20), 2)
        );
        assert_eq!(
            one("in April", p),
            window(date(2024, 4, 1), date(2024, 4, 30), 3)
        );
        assert_eq!(one("since April", p).to, p);
        // "since" opens a clause whose verb is followed by the date.
        assert_eq!(
            one("Since the operation began on March 7, the KIA", p),
            window(date(2024, 3, 7), p, 3)
        );
        // A "began" clause without "since" is the day itself.
        assert_eq!(
            one("The operation began on March 7.", p),
            window(date(2024, 3, 7), date(2024, 3, 7), 1)
        );
        // "since" in an earlier clause does not reach past a comma.
        assert_eq!(
            one("Since then, the offensive began on March 7.", p),
            window(date(2024, 3, 7), date(2024, 3, 7), 1)
        );
        assert_eq!(
            one("around 10 April", p),
            window(date(2024, 4, 9), date(2024, 4, 11), 2)
        );
    }

    #[test]
    fn the_next_day_needs_a_previous_day() {
        let g = grammar();
        let t = g.find("the next day")[0];
        assert_eq!(resolve(&t, date(2024, 5, 20), None, 7), None);
        assert_eq!(
            resolve(&t, date(2024, 5, 20), Some(date(2024, 5, 18)), 7)
                .unwrap()
                .from,
            date(2024, 5, 19)
        );
    }

    #[test]
    fn may_as_a_verb_is_not_a_date() {
        assert!(grammar().find("they may attack soon").is_empty());
    }
}
