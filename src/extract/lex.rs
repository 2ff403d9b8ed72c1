//! The extraction lexicons under `corpora/extract/`, loaded once per run.
//!
//! Every word the rules react to lives in one of these files; this module
//! only knows their columns.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::lexicon::{load_tsv, LexiconError, Row};
use crate::model::Event;

/// A set of phrases found in text case-insensitively (ASCII), leftmost-longest,
/// on word boundaries for phrases that start/end with an ASCII letter or digit.
///
/// Matches are found overlapping and then chosen leftmost-longest among those
/// on word boundaries, so "a statement" inside "KIA statement" cannot hide
/// "statement".
#[derive(Debug, Clone)]
pub struct Phrases<T> {
    ac: AhoCorasick,
    patterns: Vec<String>,
    values: Vec<T>,
}

/// One phrase found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Index into the phrase set's values.
    pub index: usize,
}

impl<T> Phrases<T> {
    /// Builds the set; later duplicates of a pattern are dropped.
    pub fn new(rows: Vec<(String, T)>) -> Phrases<T> {
        let mut seen = HashSet::new();
        let mut patterns = Vec::new();
        let mut values = Vec::new();
        for (p, v) in rows {
            let p = p.trim().to_lowercase();
            if p.is_empty() || !seen.insert(p.clone()) {
                continue;
            }
            patterns.push(p);
            values.push(v);
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("lexicon phrases build an automaton");
        Phrases {
            ac,
            patterns,
            values,
        }
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    pub fn value(&self, hit: &Hit) -> &T {
        &self.values[hit.index]
    }

    pub fn pattern(&self, hit: &Hit) -> &str {
        &self.patterns[hit.index]
    }

    /// Every phrase in `text` (byte offsets), on word boundaries.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let mut all = Vec::new();
        for m in self.ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            let pat = self.patterns[m.pattern().as_usize()].as_bytes();
            let word = |b: u8| b.is_ascii_alphanumeric();
            let left_ok = !pat.first().copied().is_some_and(word) || s == 0 || !word(bytes[s - 1]);
            let right_ok =
                !pat.last().copied().is_some_and(word) || e == bytes.len() || !word(bytes[e]);
            if left_ok && right_ok {
                all.push(Hit {
                    start: s,
                    end: e,
                    index: m.pattern().as_usize(),
                });
            }
        }
        all.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then(a.index.cmp(&b.index))
        });
        let mut out: Vec<Hit> = Vec::with_capacity(all.len());
        for h in all {
            if out.last().is_some_and(|l| h.start < l.end) {
                continue;
            }
            out.push(h);
        }
        out
    }

    /// The value of a phrase equal to `word` (case-insensitive), if any.
    pub fn lookup(&self, word: &str) -> Option<&T> {
        let w = word.to_lowercase();
        self.patterns
            .iter()
            .position(|p| *p == w)
            .map(|i| &self.values[i])
    }
}

/// An event trigger row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventWord {
    pub event: Event,
    /// For casualties: "killed", "wounded", …
    pub noun: String,
    /// The event when the claim has a unit or position target.
    pub with_target: Option<Event>,
    /// The word's subject is the side that lost the thing ("junta troops
    /// abandoned the post", "withdrew"): it is not the event's actor.
    pub loser: bool,
}

/// How a polarity phrase acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolarityScope {
    Negator,
    NegatorAfter,
    Sentence,
    Counter,
    State(Event),
    Void,
}

/// What an attribution phrase is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributionRole {
    Cue,
    Speaker(String),
    SelfRef,
}

/// Hedge scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hedge {
    pub report_wide: bool,
    pub label: String,
}

/// A time word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeWord {
    Month(u8),
    Weekday(u8),
    Day(i64),
    Next(i64),
    Week(i64),
    Weekend(i64),
    Past(i64),
    MonthRel(i64),
    Part(Part),
    Since,
    By,
    About,
    Night,
    /// A verb that opens a "since" clause's own date ("since the operation
    /// began on March 7": the window runs from March 7, not on it).
    Began,
    /// A word before a bare month name; `true` for "since"-like words.
    Prep(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Early,
    Mid,
    Late,
}

/// How a quantifier bends a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantOp {
    Gt,
    Ge,
    Lt,
    Le,
    About,
    Eq,
}

/// Anaphora target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anaphor {
    pub kind: crate::model::EntityKind,
    pub level: Option<String>,
}

/// A numbered series named once ("the two Aung Myay positions"): the words
/// before the name (`None` = the count), the fixed count when no word is the
/// count, and the nouns that may follow the name (`series.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub before: Vec<Option<String>>,
    pub count: Option<usize>,
    pub after: Vec<String>,
}

/// A number word's interval: `[lo, hi]`, `hi` None = unbounded.
pub type Range = (u64, Option<u64>);

/// All extraction lexicons.
#[derive(Debug, Clone)]
pub struct Lexicons {
    pub events: Phrases<EventWord>,
    /// Event phrases around a group name ("under {group} administration").
    pub group_events: Vec<GroupEvent>,
    pub polarity: Phrases<PolarityScope>,
    pub hedges: Phrases<Hedge>,
    pub attribution: Phrases<AttributionRole>,
    pub abbreviations: HashSet<String>,
    /// number word -> [lo, hi]
    pub numbers: HashMap<String, Range>,
    /// Multi-word number phrases ("a dozen"), longest first.
    pub number_phrases: Vec<(Vec<String>, Range)>,
    pub quantifiers: Vec<(Vec<String>, QuantOp)>,
    /// Counted nouns (longest first): words, the noun kept, the events it counts for.
    pub nouns: Vec<(Vec<String>, String, Vec<Event>)>,
    /// Counted nouns that can be captured, as lowercase phrases (for owners: "junta outposts").
    pub capture_nouns: Vec<String>,
    pub time_words: Vec<(String, TimeWord)>,
    pub anaphora: Phrases<Anaphor>,
    pub clauses: Phrases<()>,
    pub levels: HashMap<String, String>,
    /// Gazetteer levels of settlements a capture takes as its target, and
    /// whether the claim is placed at the settlement itself (`true`) or at its
    /// nearest enclosing place (`settlements.tsv`).
    pub settlements: HashMap<String, bool>,
    /// List connectors (",", "and"), lowercased.
    pub list_words: Vec<String>,
    /// Words before a group that make it an owner ("of the").
    pub of_words: Vec<String>,
    /// Possessive endings after a group ("'s").
    pub poss_words: Vec<String>,
    /// Words before a place: (word, role) with role around | away | near, longest first.
    pub place_context: Vec<(String, PlaceContext)>,
    /// Words after a place that mean the area around it ("Waingmaw villages").
    pub around_after: Vec<String>,
    /// Words after a place that make it a destination (Burmese "ဘက်သို့", toward).
    pub away_after: Vec<String>,
    /// Words that make a following event word background ("during the").
    pub background_words: Vec<String>,
    /// Nouns that give a following event word another sense ("pictures ...
    /// taken elsewhere" is no capture), longest first.
    pub sense_words: Vec<String>,
    /// Nouns for the settled area an area event hits ("villages"), longest first.
    pub area_nouns: Vec<String>,
    /// Words that make a capture noun a whole set ("every post", "all camps").
    pub every_words: Vec<String>,
    /// Numbered series named once ("the two Aung Myay positions").
    pub series: Vec<Series>,
}

/// An event phrase with a group name inside: `before` ends right before the
/// group mention and `after` starts right after it (either may be empty).
#[derive(Debug, Clone)]
pub struct GroupEvent {
    pub before: String,
    pub after: String,
    pub word: EventWord,
}

/// What the words before a place say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceContext {
    /// The area around it: use its parent.
    Around,
    /// Movement toward it: not the event's place.
    Away,
    /// Near it: the place itself.
    Near,
}

fn err(path: &Path, row: &Row, message: String) -> LexiconError {
    LexiconError::Row {
        path: path.display().to_string(),
        line: row.line,
        message,
    }
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_lowercase).collect()
}

fn opt_u64(path: &Path, row: &Row, col: &str) -> Result<Option<u64>, LexiconError> {
    let v = row.get(col);
    if v.is_empty() {
        return Ok(None);
    }
    v.parse().map(Some).map_err(|_| {
        err(
            path,
            row,
            format!("`{col}` must be a whole number, not {v:?}"),
        )
    })
}

impl Lexicons {
    /// Loads every file of `dir` (normally `corpora/extract`).
    pub fn load(dir: &Path) -> Result<Lexicons, LexiconError> {
        let file = |name: &str| dir.join(name);

        let p = file("events.tsv");
        let mut events = Vec::new();
        let mut group_events = Vec::new();
        for row in load_tsv(&p, &["pattern", "event"])? {
            let event = Event::parse(row.get("event")).ok_or_else(|| {
                err(
                    &p,
                    &row,
                    format!(
                        "unknown event {:?}; use one of capture, attack, clash, airstrike, shelling, displacement, casualties",
                        row.get("event")
                    ),
                )
            })?;
            let with_target = match row.get("with_target") {
                "" => None,
                w => Some(Event::parse(w).ok_or_else(|| {
                    err(&p, &row, format!("unknown event {w:?} in `with_target`"))
                })?),
            };
            let loser = match row.get("subject") {
                "" | "actor" => false,
                "loser" => true,
                other => {
                    return Err(err(
                        &p,
                        &row,
                        format!("`subject` is actor or loser, not {other:?}"),
                    ))
                }
            };
            let word = EventWord {
                event,
                noun: row.get("noun").to_string(),
                with_target,
                loser,
            };
            let pattern = row.get("pattern");
            match pattern.split_once("{group}") {
                Some((before, after)) => group_events.push(GroupEvent {
                    before: before.trim().to_lowercase(),
                    after: after.trim().to_lowercase(),
                    word,
                }),
                None => events.push((pattern.to_string(), word)),
            }
        }

        let p = file("polarity.tsv");
        let mut polarity = Vec::new();
        for row in load_tsv(&p, &["pattern", "scope"])? {
            let scope = match row.get("scope") {
                "negator" => PolarityScope::Negator,
                "negator-after" => PolarityScope::NegatorAfter,
                "sentence" => PolarityScope::Sentence,
                "counter" => PolarityScope::Counter,
                "void" => PolarityScope::Void,
                "state" => PolarityScope::State(Event::parse(row.get("event")).ok_or_else(
                    || err(&p, &row, "a `state` row needs an `event`".to_string()),
                )?),
                other => {
                    return Err(err(
                        &p,
                        &row,
                        format!("unknown scope {other:?}; use negator, negator-after, sentence, counter, state or void"),
                    ))
                }
            };
            polarity.push((row.get("pattern").to_string(), scope));
        }

        let p = file("hedges.tsv");
        let mut hedges = Vec::new();
        for row in load_tsv(&p, &["pattern"])? {
            let pattern = row.get("pattern").to_string();
            let report_wide = match row.get("scope") {
                "" | "sentence" => false,
                "report" => true,
                other => {
                    return Err(err(
                        &p,
                        &row,
                        format!("unknown scope {other:?}; use sentence or report"),
                    ))
                }
            };
            let label = match row.get("label") {
                "" => pattern.to_lowercase(),
                l => l.to_string(),
            };
            hedges.push((pattern, Hedge { report_wide, label }));
        }

        let p = file("attribution.tsv");
        let mut attribution = Vec::new();
        for row in load_tsv(&p, &["pattern", "role"])? {
            let pattern = row.get("pattern").to_string();
            let role = match row.get("role") {
                "cue" => AttributionRole::Cue,
                "speaker" => AttributionRole::Speaker(match row.get("label") {
                    "" => pattern.to_lowercase(),
                    l => l.to_string(),
                }),
                "self" => AttributionRole::SelfRef,
                other => {
                    return Err(err(
                        &p,
                        &row,
                        format!("unknown role {other:?}; use cue, speaker or self"),
                    ))
                }
            };
            attribution.push((pattern, role));
        }

        let p = file("abbreviations.tsv");
        let abbreviations = load_tsv(&p, &["abbreviation"])?
            .iter()
            .map(|r| r.get("abbreviation").to_string())
            .filter(|a| !a.is_empty())
            .collect();

        let p = file("numbers.tsv");
        let mut numbers = HashMap::new();
        let mut number_phrases = Vec::new();
        for row in load_tsv(&p, &["word", "lo", "hi"])? {
            let lo = opt_u64(&p, &row, "lo")?
                .ok_or_else(|| err(&p, &row, "`lo` is required".to_string()))?;
            let hi = opt_u64(&p, &row, "hi")?;
            let w = words(row.get("word"));
            if w.len() == 1 {
                numbers.insert(w[0].clone(), (lo, hi));
            } else if !w.is_empty() {
                number_phrases.push((w, (lo, hi)));
            }
        }
        number_phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));

        let p = file("quantifiers.tsv");
        let mut quantifiers = Vec::new();
        for row in load_tsv(&p, &["word", "op"])? {
            let op = match row.get("op") {
                "gt" => QuantOp::Gt,
                "ge" => QuantOp::Ge,
                "lt" => QuantOp::Lt,
                "le" => QuantOp::Le,
                "about" => QuantOp::About,
                "eq" => QuantOp::Eq,
                other => {
                    return Err(err(
                        &p,
                        &row,
                        format!("unknown op {other:?}; use gt, ge, lt, le, about or eq"),
                    ))
                }
            };
            quantifiers.push((words(row.get("word")), op));
        }
        quantifiers.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));

        let p = file("nouns.tsv");
        let mut nouns = Vec::new();
        for row in load_tsv(&p, &["pattern", "noun", "events"])? {
            let mut evs = Vec::new();
            for e in row.get("events").split_whitespace() {
                evs.push(
                    Event::parse(e)
                        .ok_or_else(|| err(&p, &row, format!("unknown event {e:?} in `events`")))?,
                );
            }
            let w = words(row.get("pattern"));
            if !w.is_empty() {
                nouns.push((w, row.get("noun").to_string(), evs));
            }
        }
        nouns.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));

        let p = file("dates.tsv");
        let mut time_words = Vec::new();
        for row in load_tsv(&p, &["word", "kind"])? {
            let v = row.get("value");
            let int = || -> Result<i64, LexiconError> {
                v.parse()
                    .map_err(|_| err(&p, &row, format!("`value` must be a number, not {v:?}")))
            };
            let tw = match row.get("kind") {
                "month" => TimeWord::Month(int()?.clamp(1, 12) as u8),
                "weekday" => TimeWord::Weekday(int()?.clamp(1, 7) as u8),
                "day" => TimeWord::Day(int()?),
                "next" => TimeWord::Next(int()?),
                "week" => TimeWord::Week(int()?),
                "weekend" => TimeWord::Weekend(int()?),
                "past" => TimeWord::Past(int()?),
                "month-rel" => TimeWord::MonthRel(int()?),
                "part" => TimeWord::Part(match v {
                    "early" => Part::Early,
                    "mid" => Part::Mid,
                    "late" => Part::Late,
                    _ => return Err(err(&p, &row, "part is early, mid or late".to_string())),
                }),
                "since" => TimeWord::Since,
                "by" => TimeWord::By,
                "about" => TimeWord::About,
                "night" => TimeWord::Night,
                "began" => TimeWord::Began,
                "prep" => TimeWord::Prep(int()? != 0),
                other => return Err(err(&p, &row, format!("unknown kind {other:?}"))),
            };
            time_words.push((row.get("word").to_lowercase(), tw));
        }

        let p = file("anaphora.tsv");
        let mut anaphora = Vec::new();
        for row in load_tsv(&p, &["phrase", "kind"])? {
            let kind = crate::model::EntityKind::parse(row.get("kind")).ok_or_else(|| {
                err(
                    &p,
                    &row,
                    "kind is unit, position, place or group".to_string(),
                )
            })?;
            let level = Some(row.get("level").to_string()).filter(|l| !l.is_empty());
            anaphora.push((row.get("phrase").to_string(), Anaphor { kind, level }));
        }

        let p = file("clauses.tsv");
        let clauses = load_tsv(&p, &["marker"])?
            .iter()
            .map(|r| (r.get("marker").to_string(), ()))
            .collect();

        let p = file("levels.tsv");
        let levels = load_tsv(&p, &["word", "level"])?
            .iter()
            .map(|r| (r.get("word").to_lowercase(), r.get("level").to_string()))
            .collect();

        let p = file("settlements.tsv");
        let mut settlements = HashMap::new();
        for row in load_tsv(&p, &["level", "place"])? {
            let own = match row.get("place") {
                "self" => true,
                "parent" => false,
                other => {
                    return Err(err(
                        &p,
                        &row,
                        format!("unknown place {other:?}; use self or parent"),
                    ))
                }
            };
            settlements.insert(row.get("level").to_string(), own);
        }

        // Optional: a lexicon folder from before this file existed expands no series.
        let p = file("series.tsv");
        let mut series = Vec::new();
        let series_rows = if p.exists() {
            load_tsv(&p, &["before", "after"])?
        } else {
            Vec::new()
        };
        for row in series_rows {
            let before: Vec<Option<String>> = row
                .get("before")
                .split_whitespace()
                .map(|w| (w != "{n}").then(|| w.to_lowercase()))
                .collect();
            let count = match row.get("count") {
                "" => None,
                c => Some(
                    c.parse::<usize>()
                        .map_err(|_| err(&p, &row, format!("count {c:?} is not a whole number")))?,
                ),
            };
            let counted = before.iter().filter(|w| w.is_none()).count();
            if before.is_empty() || counted + usize::from(count.is_some()) != 1 {
                return Err(err(
                    &p,
                    &row,
                    "give the count once: {n} in `before` or a number in `count`".to_string(),
                ));
            }
            let mut after: Vec<String> = row
                .get("after")
                .split('|')
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect();
            // Longest first, so "hill posts" is tried before "posts".
            after.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            series.push(Series {
                before,
                count,
                after,
            });
        }

        let p = file("grammar.tsv");
        let (mut list_words, mut of_words, mut poss_words) = (Vec::new(), Vec::new(), Vec::new());
        let (mut place_context, mut background_words) = (Vec::new(), Vec::new());
        let (mut around_after, mut area_nouns) = (Vec::new(), Vec::new());
        let (mut away_after, mut every_words) = (Vec::new(), Vec::new());
        let mut sense_words = Vec::new();
        for row in load_tsv(&p, &["word", "role"])? {
            let w = row.get("word").to_lowercase();
            match row.get("role") {
                "list" => list_words.push(w),
                "of" => of_words.push(w),
                "poss" => poss_words.push(w),
                "around" => place_context.push((w, PlaceContext::Around)),
                "away" => place_context.push((w, PlaceContext::Away)),
                "near" => place_context.push((w, PlaceContext::Near)),
                "around-after" => around_after.push(w),
                "away-after" => away_after.push(w),
                "background" => background_words.push(w),
                "sense" => sense_words.push(w),
                "area" => area_nouns.push(w),
                "every" => every_words.push(w),
                other => {
                    return Err(err(&p, &row, format!("unknown role {other:?}; use list, of, poss, around, around-after, away, away-after, near, background, sense, area or every")))
                }
            }
        }
        // Longest first, so "of the" is tried before "of".
        for v in [
            &mut list_words,
            &mut of_words,
            &mut poss_words,
            &mut background_words,
            &mut sense_words,
            &mut area_nouns,
        ] {
            v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        }
        place_context.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));

        let capture_nouns = nouns
            .iter()
            .filter(|(_, _, evs)| evs.contains(&Event::Capture))
            .map(|(w, _, _)| w.join(" "))
            .collect();

        Ok(Lexicons {
            events: Phrases::new(events),
            group_events,
            polarity: Phrases::new(polarity),
            hedges: Phrases::new(hedges),
            attribution: Phrases::new(attribution),
            abbreviations,
            numbers,
            number_phrases,
            quantifiers,
            nouns,
            capture_nouns,
            time_words,
            anaphora: Phrases::new(anaphora),
            clauses: Phrases::new(clauses),
            levels,
            settlements,
            list_words,
            of_words,
            poss_words,
            place_context,
            around_after,
            away_after,
            background_words,
            sense_words,
            area_nouns,
            every_words,
            series,
        })
    }
}
