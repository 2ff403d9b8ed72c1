//! Stage 3: turn each report into claims.
//!
//! Entry point: [`run`], with an [`Extractor`] built once from the lexicons
//! in `corpora/extract/` ([`Extractor::load`]). Per report, the text is split
//! into sentences and clauses; event words give claims, their targets, places
//! and actors come from `normalize`'s mentions (never from spellings), and
//! polarity, time window, quantity, attribution and hedges from the lexicons.
//! Hand-coded `[[claims]]` are kept as given.

pub mod lex;
pub mod quantity;
pub mod sentence;
pub mod time;

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;
use time::add_days;

use crate::config::{Config, ExtractConfig};
use crate::lexicon::LexiconError;
use crate::model::{
    Claim, ClaimOrigin, DateWindow, EntityKind, EntityRef, Event, Extracted, ExtractedReport,
    Interval, Normalized, NormalizedReport, Polarity, Quantity,
};
use crate::normalize::Gazetteer;
use lex::{AttributionRole, Hit, Lexicons, PlaceContext, PolarityScope};
use time::{TimeExpr, TimeGrammar};

/// The extraction rules with their lexicons, built once per run and shared by
/// all threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    lex: Lexicons,
    time: TimeGrammar,
    config: ExtractConfig,
}

impl Extractor {
    /// Loads the lexicons from `<input.lexicons>/extract`.
    pub fn load(config: &Config) -> Result<Extractor, LexiconError> {
        let dir = config.resolve(&config.input.lexicons).join("extract");
        Extractor::from_dir(&dir, &config.extract)
    }

    /// Loads the lexicons from `dir`.
    pub fn from_dir(dir: &Path, config: &ExtractConfig) -> Result<Extractor, LexiconError> {
        let lex = Lexicons::load(dir)?;
        let time = TimeGrammar::new(&lex.time_words);
        Ok(Extractor {
            lex,
            time,
            config: config.clone(),
        })
    }

    pub fn config(&self) -> &ExtractConfig {
        &self.config
    }

    /// Claims of one report: hand-coded ones first, then extracted ones in text order.
    pub fn extract_report(&self, gazetteer: &Gazetteer, nr: &NormalizedReport) -> ExtractedReport {
        let report = &nr.report;
        let mut claims = Vec::new();
        if self.config.hand_claims {
            for (hand, refs) in report.hand_claims.iter().zip(&nr.hand_refs) {
                claims.push(hand_claim(gazetteer, &report.id, &report.cites, hand, refs));
            }
        }
        if self.config.text_claims {
            claims.extend(self.text_claims(gazetteer, nr));
        }
        ExtractedReport {
            report_id: report.id.clone(),
            source: report.source.clone(),
            kind: report.kind,
            affiliation: report.affiliation.clone(),
            published: report.published,
            cites: report.cites.clone(),
            url: report.url.clone(),
            claims,
        }
    }
}

fn hand_claim(
    gazetteer: &Gazetteer,
    report_id: &str,
    cites: &[String],
    hand: &crate::model::HandClaim,
    refs: &crate::model::HandRefs,
) -> Claim {
    let window = match (hand.date_from, hand.date_to) {
        (Some(from), Some(to)) => Some(DateWindow {
            from: from.min(to),
            to: from.max(to),
            precision: if from == to { 1 } else { 2 },
        }),
        (Some(d), None) | (None, Some(d)) => Some(DateWindow {
            from: d,
            to: d,
            precision: 1,
        }),
        (None, None) => None,
    };
    let quantity = hand.quantity_min.map(|lo| Quantity {
        range: Interval {
            lo,
            hi: hand.quantity_max,
        },
        noun: hand.quantity_noun.clone().unwrap_or_default(),
    });
    let place_parents = refs
        .place
        .as_ref()
        .map(|p| gazetteer.ancestors(&p.id))
        .unwrap_or_default();
    Claim {
        report_id: report_id.to_string(),
        event: hand.event,
        polarity: hand.polarity,
        target: refs.target.clone(),
        place: refs.place.clone(),
        place_parents,
        actor: refs.actor.as_ref().map(|a| a.id.clone()),
        window,
        quantity,
        attribution: cites.to_vec(),
        hedges: Vec::new(),
        origin: ClaimOrigin::Hand,
        span: (0, 0),
    }
}

/// A resolved mention (or a resolved back-reference such as "the base").
#[derive(Debug, Clone)]
struct Ent {
    start: usize,
    end: usize,
    e: EntityRef,
}

/// An event word in a sentence, or a denial that implies one.
#[derive(Debug, Clone)]
struct Trigger {
    start: usize,
    end: usize,
    event: Event,
    noun: String,
    with_target: Option<Event>,
    /// The subject of the word lost the thing (events.tsv `subject = loser`).
    loser: bool,
    denied: bool,
    /// Set when a denial in a later clause answers this trigger ("…killed by
    /// KIA shelling; the KIA denied firing"): the claim stands as said and a
    /// denied copy is added, ascribed to the denier in that span.
    counter: Option<(usize, usize)>,
}

/// A speaker found in a sentence.
#[derive(Debug, Clone)]
struct Speaker {
    start: usize,
    end: usize,
    label: String,
    /// A group mention used as (part of) the speaker.
    group_span: Option<(usize, usize)>,
    /// The speaker phrase's own label without a party ("statement"), when
    /// it is a phrase from `attribution.tsv`.
    bare: Option<String>,
}

/// Word starts of a text, for distances in words.
struct Words(Vec<usize>);

impl Words {
    fn new(text: &str) -> Words {
        let mut v = Vec::new();
        let mut prev_word = false;
        for (i, c) in text.char_indices() {
            let w = c.is_alphanumeric();
            if w && !prev_word {
                v.push(i);
            }
            prev_word = w || (prev_word && is_mark(c));
        }
        Words(v)
    }

    /// Words starting in `a..b`.
    fn between(&self, a: usize, b: usize) -> usize {
        if b <= a {
            return 0;
        }
        self.0.partition_point(|&x| x < b) - self.0.partition_point(|&x| x < a)
    }

    /// Words between two spans, whichever comes first.
    fn gap(&self, a: (usize, usize), b: (usize, usize)) -> usize {
        if a.1 <= b.0 {
            self.between(a.1, b.0)
        } else if b.1 <= a.0 {
            self.between(b.1, a.0)
        } else {
            0
        }
    }
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x102B..=0x103E | 0x1056..=0x1059 | 0x105E..=0x1060 | 0x1062..=0x1064 | 0x1067..=0x106D | 0x1071..=0x1074 | 0x1082..=0x108D | 0x108F | 0x109A..=0x109D)
}

fn in_span(h: &Hit, s: usize, e: usize) -> bool {
    h.start >= s && h.end <= e
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// A time expression with its window, resolved in text order.
#[derive(Debug, Clone)]
struct Timed {
    expr: TimeExpr,
    window: Option<DateWindow>,
    /// Says when something was said ("said on Saturday"), not when it happened.
    speech: bool,
}

/// What one sentence's claims are built from.
struct Sentence<'a> {
    s: usize,
    e: usize,
    text: &'a str,
    clause_cuts: Vec<usize>,
}

impl Sentence<'_> {
    fn clause(&self, pos: usize) -> usize {
        self.clause_cuts.partition_point(|&c| c <= pos)
    }

    /// Byte range of clause `k`.
    fn clause_range(&self, k: usize) -> (usize, usize) {
        let start = if k == 0 {
            self.s
        } else {
            self.clause_cuts.get(k - 1).copied().unwrap_or(self.s)
        };
        let end = self.clause_cuts.get(k).copied().unwrap_or(self.e);
        (start, end.max(start))
    }
}

/// A draft with its sentence span, attribution chain and hedges.
type DraftAt = (Draft, (usize, usize), Vec<String>, Vec<String>);

/// A claim's (target, place, anchor span) before the other parts are added.
type Item = (Option<EntityRef>, Option<EntityRef>, (usize, usize));

/// A claim before attribution and hedges are attached.
#[derive(Debug, Clone)]
struct Draft {
    event: Event,
    polarity: Polarity,
    target: Option<EntityRef>,
    place: Option<EntityRef>,
    actor: Option<String>,
    window: Option<DateWindow>,
    quantity: Option<Quantity>,
    /// Set for the denied copy of a countered claim: who denies it.
    counter_speaker: Option<String>,
}

impl Extractor {
    fn text_claims(&self, gaz: &Gazetteer, nr: &NormalizedReport) -> Vec<Claim> {
        let lex = &self.lex;
        let report = &nr.report;
        let text = report.text.as_str();
        let published = report.published;
        let default_days = self.config.default_window_days;

        // Resolved mentions with valid, non-overlapping spans.
        let mut ents: Vec<Ent> = Vec::new();
        for m in &nr.mentions {
            let Some(e) = m.entity() else { continue };
            if m.start >= m.end
                || m.end > text.len()
                || !text.is_char_boundary(m.start)
                || !text.is_char_boundary(m.end)
                || is_dateline(text, m.start, m.end)
            {
                continue;
            }
            if ents.last().is_some_and(|l| m.start < l.end) {
                continue;
            }
            ents.push(Ent {
                start: m.start,
                end: m.end,
                e,
            });
        }
        let ents = self.expand_series(gaz, text, ents);
        let protected: Vec<(usize, usize)> = ents.iter().map(|m| (m.start, m.end)).collect();
        let sentences = sentence::split(text, &lex.abbreviations, &protected);
        let words = Words::new(text);
        let outside_mentions = |h: &Hit| !protected.iter().any(|&p| overlaps(p, (h.start, h.end)));

        let events: Vec<Hit> = lex
            .events
            .find(text)
            .into_iter()
            .filter(outside_mentions)
            .collect();
        let polarity: Vec<Hit> = lex
            .polarity
            .find(text)
            .into_iter()
            .filter(outside_mentions)
            .collect();
        // Event phrases around a group name ("under KIA administration").
        let group_trigs: Vec<(usize, usize, &lex::EventWord)> = ents
            .iter()
            .filter(|m| m.e.kind == EntityKind::Group)
            .flat_map(|m| {
                lex.group_events.iter().filter_map(move |g| {
                    let start = phrase_before(text, m.start, &g.before)?;
                    let end = phrase_after(text, m.end, &g.after)?;
                    Some((start, end, &g.word))
                })
            })
            .collect();
        let hedges = lex.hedges.find(text);
        let attribution: Vec<Hit> = lex
            .attribution
            .find(text)
            .into_iter()
            .filter(outside_mentions)
            .collect();
        let anaphora = lex.anaphora.find(text);
        let self_refs: Vec<(usize, usize)> = attribution
            .iter()
            .filter(|h| matches!(lex.attribution.value(h), AttributionRole::SelfRef))
            .map(|h| (h.start, h.end))
            .collect();
        let clause_hits = lex.clauses.find(text);

        let report_hedges: Vec<String> = dedup(
            hedges
                .iter()
                .map(|h| lex.hedges.value(h))
                .filter(|h| h.report_wide)
                .map(|h| h.label.clone()),
        );

        // Time expressions in text order; "the next day" follows the last day named.
        let cues: Vec<&Hit> = attribution
            .iter()
            .filter(|h| matches!(lex.attribution.value(h), AttributionRole::Cue))
            .collect();
        let mut timed: Vec<Timed> = Vec::new();
        let mut last_day: Option<Date> = None;
        for expr in self.time.find(text) {
            if protected
                .iter()
                .any(|&p| overlaps(p, (expr.start, expr.end)))
            {
                continue;
            }
            let speech = cues.iter().any(|c| {
                c.end <= expr.start
                    && words.between(c.end, expr.start) <= 3
                    && !text[c.end..expr.start].contains(['.', '!', '?', ',', ';'])
            });
            let window = time::resolve(&expr, published, last_day, default_days);
            if let Some(w) = window {
                if !speech && w.precision == 1 {
                    last_day = Some(w.from);
                }
            }
            timed.push(Timed {
                expr,
                window,
                speech,
            });
        }
        let quantities: Vec<quantity::Qty> = quantity::find(lex, text)
            .into_iter()
            .filter(|q| {
                !protected.iter().any(|&p| overlaps(p, (q.start, q.num_end)))
                    && !timed
                        .iter()
                        .any(|t| overlaps((t.expr.start, t.expr.end), (q.start, q.num_end)))
            })
            .collect();

        let mut memory: BTreeMap<String, EntityRef> = BTreeMap::new();
        // The place each target was last given by its own sentence.
        let mut placed: BTreeMap<String, EntityRef> = BTreeMap::new();
        let mut drafts: Vec<DraftAt> = Vec::new();
        let mut prev_drafts = 0..0;
        // Speakers named with their party earlier in the report ("a KIA
        // statement"), by bare label: a later "the statement said" is that one.
        let mut named_speakers: BTreeMap<String, String> = BTreeMap::new();

        for &(s, e) in &sentences {
            let sent_text = &text[s..e];
            let mut sent_ents: Vec<Ent> = ents
                .iter()
                .filter(|m| m.start >= s && m.end <= e)
                .cloned()
                .collect();
            // Back-references resolve against entities named before this sentence.
            let mut resolved_ana: Vec<Ent> = Vec::new();
            let mut resolved_groups: Vec<Ent> = Vec::new();
            for h in anaphora.iter().filter(|h| in_span(h, s, e)) {
                let a = lex.anaphora.value(h);
                let key = memory_key(a.kind, a.level.as_deref());
                // "The group said…": the last armed group named before this
                // sentence speaks or acts, whatever other groups the sentence
                // names ("no junta post was left").
                if a.kind == EntityKind::Group {
                    let inside_mention = protected.iter().any(|&p| overlaps(p, (h.start, h.end)));
                    if let Some(found) = memory.get(&key).filter(|_| !inside_mention) {
                        resolved_groups.push(Ent {
                            start: h.start,
                            end: h.end,
                            e: found.clone(),
                        });
                    }
                    continue;
                }
                let has_own = sent_ents.iter().any(|m| match a.kind {
                    EntityKind::Place => m.e.kind == EntityKind::Place,
                    _ => matches!(m.e.kind, EntityKind::Unit | EntityKind::Position),
                });
                if has_own {
                    continue;
                }
                let found = memory.get(&key).or_else(|| {
                    (a.kind == EntityKind::Unit)
                        .then(|| memory.get(&memory_key(EntityKind::Position, None)))
                        .flatten()
                });
                if let Some(found) = found {
                    resolved_ana.push(Ent {
                        start: h.start,
                        end: h.end,
                        e: found.clone(),
                    });
                }
            }
            if !resolved_groups.is_empty() {
                sent_ents.extend(resolved_groups);
                sent_ents.sort_by_key(|m| (m.start, m.end));
            }
            // What was named last before this sentence (for unnamed villages).
            let last_before = memory.get(LAST).cloned();
            // Remember what this sentence names, for later back-references;
            // destinations ("fled to Myitkyina") are not where later events are.
            for m in &sent_ents {
                if m.e.kind == EntityKind::Place
                    && self.place_context(&text[s..m.start]) == Some(PlaceContext::Away)
                {
                    continue;
                }
                remember(&mut memory, gaz, &m.e);
            }

            let sentence_is_question = sent_text
                .trim_end_matches(['"', '”', '\'', ')'])
                .ends_with('?');
            let pols: Vec<(Hit, PolarityScope)> = polarity
                .iter()
                .filter(|h| in_span(h, s, e))
                .map(|h| (*h, *lex.polarity.value(h)))
                .collect();
            if sentence_is_question || pols.iter().any(|(_, p)| *p == PolarityScope::Void) {
                continue;
            }

            let mut cuts: Vec<usize> = sent_text
                .char_indices()
                .filter(|(_, c)| matches!(c, ';' | ':' | '—' | '–' | '၊'))
                .map(|(i, _)| s + i)
                .collect();
            cuts.extend(
                clause_hits
                    .iter()
                    .filter(|h| in_span(h, s, e))
                    .map(|h| h.start),
            );
            cuts.sort_unstable();
            let sent = Sentence {
                s,
                e,
                text: sent_text,
                clause_cuts: cuts,
            };

            // Triggers and polarity.
            let counter = pols
                .iter()
                .find_map(|(h, p)| (*p == PolarityScope::Counter).then_some(h.start));
            let sentence_denial = pols
                .iter()
                .find(|(h, p)| *p == PolarityScope::Sentence && counter.is_none_or_before(h.start));
            let countered = counter.and_then(|c| {
                pols.iter()
                    .find(|(h, p)| *p == PolarityScope::Sentence && h.start > c)
                    .map(|(h, _)| (c, h.end))
            });
            let flip_all = sentence_denial.is_some() && countered.is_none();
            // A denial in a later clause than an event word answers it rather than
            // flipping it: "…were killed by KIA shelling; the KIA denied firing".
            let denial_at = sentence_denial
                .filter(|_| flip_all)
                .map(|(h, _)| (sent.clause(h.start), h.end));
            let denial_for = |start: usize| -> (bool, Option<(usize, usize)>) {
                match denial_at {
                    None => (false, None),
                    Some((dc, end)) => {
                        let c = sent.clause(start);
                        if c >= dc {
                            (true, None)
                        } else {
                            let from = sent.clause_cuts.get(dc - 1).copied().unwrap_or(s);
                            (false, Some((from, end)))
                        }
                    }
                }
            };
            let mut triggers: Vec<Trigger> = Vec::new();
            let lower = sent_text.to_ascii_lowercase();
            // Only sentences with event words need their background phrases.
            let has_events = events.iter().any(|h| in_span(h, s, e));
            // Where each phrase of `list` ends in the sentence (word-bounded).
            let ends_of = |list: &[String]| -> Vec<usize> {
                list.iter()
                    .filter(|_| has_events)
                    .flat_map(|b| {
                        lower.match_indices(b.as_str()).filter_map(|(i, _)| {
                            let bounded =
                                i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric();
                            let end = i + b.len();
                            let bounded_end = end == lower.len()
                                || !lower.as_bytes()[end].is_ascii_alphanumeric();
                            (bounded && bounded_end).then_some(s + end)
                        })
                    })
                    .collect()
            };
            // "during the fighting", "since the KIA began attacking": background;
            // "the pictures were old or taken elsewhere": another sense of the word.
            let not_claimed_at: Vec<usize> = ends_of(&lex.background_words)
                .into_iter()
                .chain(ends_of(&lex.sense_words))
                .collect();
            for h in events.iter().filter(|h| in_span(h, s, e)) {
                let w = lex.events.value(h);
                let not_claimed = not_claimed_at
                    .iter()
                    .any(|&end| end <= h.start && words.between(end, h.start) <= 3);
                if not_claimed {
                    continue;
                }
                let negated = pols.iter().any(|(p, scope)| match scope {
                    PolarityScope::Negator => {
                        p.end <= h.start && words.between(p.end, h.start) <= 2
                    }
                    PolarityScope::NegatorAfter => p.start >= h.end && p.start - h.end <= 40,
                    _ => false,
                });
                let (flip, counter) = denial_for(h.start);
                triggers.push(Trigger {
                    start: h.start,
                    end: h.end,
                    event: w.event,
                    noun: w.noun.clone(),
                    with_target: w.with_target,
                    loser: w.loser,
                    denied: negated || flip,
                    counter: counter.filter(|_| !negated),
                });
            }
            for &(gs, ge, w) in group_trigs.iter().filter(|t| t.0 >= s && t.1 <= e) {
                let (flip, counter) = denial_for(gs);
                triggers.push(Trigger {
                    start: gs,
                    end: ge,
                    event: w.event,
                    noun: w.noun.clone(),
                    with_target: w.with_target,
                    loser: w.loser,
                    denied: flip,
                    counter,
                });
            }
            for (h, p) in &pols {
                if let PolarityScope::State(ev) = p {
                    for t in triggers.iter_mut().filter(|t| t.event == *ev) {
                        t.denied = true;
                    }
                    triggers.push(Trigger {
                        start: h.start,
                        end: h.end,
                        event: *ev,
                        noun: String::new(),
                        with_target: None,
                        loser: false,
                        denied: true,
                        counter: None,
                    });
                }
            }
            if triggers.is_empty() {
                // "This accusation is false.": the previous sentence's claims are denied.
                if flip_all {
                    for d in &mut drafts[prev_drafts.clone()] {
                        d.0.polarity = Polarity::Denied;
                    }
                }
                prev_drafts = drafts.len()..drafts.len();
                continue;
            }
            let first_draft = drafts.len();
            triggers.sort_by_key(|t| (t.start, t.end));

            // Entities: targets (units, positions), places, groups.
            let sent_refs: Vec<&Ent> = sent_ents.iter().collect();
            let mut all: Vec<Ent> = sent_ents
                .iter()
                .filter(|m| {
                    m.e.kind != EntityKind::Group || self.force_base(gaz, text, s, &sent_refs, m)
                })
                .cloned()
                .collect();
            all.extend(resolved_ana.iter().cloned());
            all.sort_by_key(|m| (m.start, m.end));
            let lists = self.lists(text, &all);
            let groups: Vec<&Ent> = sent_ents
                .iter()
                .filter(|m| {
                    m.e.kind == EntityKind::Group && !self.force_base(gaz, text, s, &sent_refs, m)
                })
                .collect();

            // A list that holds a unit or position makes its places targets too ("Katsu").
            let mut targets: Vec<Ent> = Vec::new();
            let mut places: Vec<Ent> = Vec::new();
            for (k, m) in all.iter().enumerate() {
                let in_target_list = lists.iter().any(|l| {
                    l.contains(&k)
                        && l.len() > 1
                        && l.iter().any(|&j| all[j].e.kind != EntityKind::Place)
                });
                if m.e.kind != EntityKind::Place || in_target_list {
                    targets.push(m.clone());
                    continue;
                }
                let after = text[m.end..e].trim_start().to_lowercase();
                // Scripts without spaces (Burmese) attach postpositions to the word.
                let word_after = |w: &String| {
                    after.starts_with(w.as_str())
                        && (!w.is_ascii()
                            || !after[w.len()..].starts_with(|c: char| c.is_alphanumeric()))
                };
                // "the Waingmaw–Laizar road": a name joined by a dash to the
                // next one takes that one's context (both are the road's ends).
                let joined_end = after.strip_prefix(['–', '-', '—']).and_then(|_| {
                    let dash_at = text[m.end..e].find(['–', '-', '—'])? + m.end;
                    let next_at = dash_at + text[dash_at..].chars().next()?.len_utf8();
                    all.iter().find(|n| n.start == next_at).map(|n| n.end)
                });
                let after_joined = joined_end.map(|j| text[j..e].trim_start().to_lowercase());
                let around_after = lex.around_after.iter().any(word_after)
                    || after_joined.as_ref().is_some_and(|a| {
                        lex.around_after.iter().any(|w| {
                            a.starts_with(w.as_str())
                                && !a[w.len()..].starts_with(|c: char| c.is_alphanumeric())
                        })
                    });
                let context = if lex.away_after.iter().any(word_after) {
                    Some(PlaceContext::Away)
                } else if around_after {
                    Some(PlaceContext::Around)
                } else {
                    self.place_context(&text[s..m.start])
                };
                match context {
                    Some(PlaceContext::Away) => {}
                    Some(PlaceContext::Around) => {
                        let parent = gaz
                            .ancestors(&m.e.id)
                            .into_iter()
                            .filter_map(|id| gaz.get(&id))
                            .find(|p| p.kind == EntityKind::Place)
                            .map(|p| p.to_ref());
                        places.push(Ent {
                            e: parent.unwrap_or_else(|| m.e.clone()),
                            ..m.clone()
                        });
                    }
                    _ => places.push(m.clone()),
                }
            }
            let place_lists: Vec<Vec<Ent>> = lists
                .iter()
                .filter(|l| l.len() > 1 && l.iter().all(|&j| all[j].e.kind == EntityKind::Place))
                .map(|l| l.iter().map(|&j| all[j].clone()).collect())
                .collect();

            // Which targets belong to which trigger: same clause first, else the
            // nearest clause that has a trigger.
            // The side that lost something ("junta troops abandoned / left the
            // post"): the nearest group before a loser word in its clause. It is
            // not the actor of any capture in the sentence, and a loser word
            // with an armed subject means its `with_target` event ("troops left
            // the town" is the town's loss, not flight).
            let mut losers: Vec<(usize, usize)> = Vec::new();
            for t in triggers.iter_mut().filter(|t| t.loser) {
                let subject = groups
                    .iter()
                    .filter(|g| g.end <= t.start && sent.clause(g.start) == sent.clause(t.start))
                    .max_by_key(|g| g.start);
                if let Some(g) = subject {
                    losers.push((g.start, g.end));
                    t.event = t.with_target.unwrap_or(t.event);
                }
            }
            let trig_clauses: Vec<usize> = triggers.iter().map(|t| sent.clause(t.start)).collect();
            let mut assigned: Vec<Vec<&Ent>> = vec![Vec::new(); triggers.len()];
            for t in &targets {
                let c = sent.clause(t.start);
                let own: Vec<usize> = (0..triggers.len())
                    .filter(|&i| trig_clauses[i] == c)
                    .collect();
                let chosen: Vec<usize> = if !own.is_empty() {
                    own
                } else {
                    let best = trig_clauses
                        .iter()
                        .map(|tc| tc.abs_diff(c))
                        .min()
                        .unwrap_or(0);
                    (0..triggers.len())
                        .filter(|&i| trig_clauses[i].abs_diff(c) == best)
                        .collect()
                };
                for i in chosen {
                    assigned[i].push(t);
                }
            }

            // A fighting word with no target and no place in its clause ("…: under
            // KIA attack from 18 May; heavy fighting through the night") is about
            // the nearest unit or position named before it in the sentence.
            for (i, trig) in triggers.iter().enumerate() {
                if trig.with_target.is_none() || !assigned[i].is_empty() {
                    continue;
                }
                let c = trig_clauses[i];
                if places.iter().any(|p| sent.clause(p.start) == c) {
                    continue;
                }
                let units = || targets.iter().filter(|t| t.e.kind != EntityKind::Place);
                let before = units()
                    .filter(|t| t.end <= trig.start)
                    .max_by_key(|t| t.start);
                if let Some(t) = before.or_else(|| units().min_by_key(|t| t.start)) {
                    assigned[i].push(t);
                }
            }

            let mut speakers = self.speakers(text, &words, &attribution, &sent_ents, s, e);
            for sp in &mut speakers {
                match (sp.bare.take(), sp.group_span) {
                    (Some(bare), Some(_)) => {
                        named_speakers.insert(bare, sp.label.clone());
                    }
                    (Some(bare), None) => {
                        if let Some(full) = named_speakers.get(&bare) {
                            sp.label = full.clone();
                        }
                    }
                    _ => {}
                }
            }
            // A cited source named in the sentence ("The Pyidaungsu Sentinel … said")
            // speaks when no speaker phrase does.
            let cited = cited_in(sent_text, &report.cites);
            let speaker = speakers
                .first()
                .map(|sp| sp.label.clone())
                .or_else(|| cited.clone());
            let sentence_hedges: Vec<String> = dedup(
                hedges
                    .iter()
                    .filter(|h| in_span(h, s, e))
                    .map(|h| lex.hedges.value(h))
                    .filter(|h| !h.report_wide)
                    .map(|h| h.label.clone()),
            );
            let mut claim_hedges = sentence_hedges.clone();
            claim_hedges.extend(report_hedges.iter().cloned());
            let claim_hedges = dedup(claim_hedges.into_iter());
            let sent_times: Vec<&Timed> = timed
                .iter()
                .filter(|t| t.expr.start >= s && t.expr.end <= e)
                .collect();
            let sent_qty: Vec<&quantity::Qty> = quantities
                .iter()
                .filter(|q| q.start >= s && q.end <= e)
                .collect();

            // A time in brackets right after a name ("Dawthponeyan (taken in
            // early March), Lwegel (taken in April)") dates that list item only.
            let bracketed: Vec<(usize, Option<DateWindow>)> = sent_times
                .iter()
                .filter_map(|t| {
                    let open = text[s..t.expr.start].rfind('(')? + s;
                    if text[open..t.expr.start].contains(')') {
                        return None;
                    }
                    text[t.expr.end..e].find(')')?;
                    Some((open, t.window))
                })
                .collect();
            let free_times: Vec<&Timed> = sent_times
                .iter()
                .copied()
                .filter(|t| {
                    !bracketed.iter().any(|(o, _)| {
                        *o < t.expr.start && {
                            let close = text[*o..e].find(')').map_or(e, |c| o + c);
                            t.expr.end <= close
                        }
                    })
                })
                .collect();
            // The bracket right after an item, or the one the item's word is in.
            let item_window = |(a0, a1): (usize, usize)| -> Option<Option<DateWindow>> {
                let after = &text[a1..e];
                let gap = after.len() - after.trim_start().len();
                bracketed
                    .iter()
                    .find(|(o, _)| {
                        *o == a1 + gap
                            || (*o < a0 && !text[*o..a0].contains(')') && text[a1..e].contains(')'))
                    })
                    .map(|(_, w)| *w)
            };
            for (ti, trig) in triggers.iter().enumerate() {
                let trig_window = self.window_for(&sent, trig, &free_times, published);
                let qtys = self.quantities_for(&sent, &words, trig, &sent_qty);
                let mut items: Vec<Item> = Vec::new();
                // The claim of the previous sentence this one's toll follows.
                let mut follows: Option<Draft> = None;
                let area = if assigned[ti].is_empty() {
                    self.area_place(gaz, &sent, &places, trig, last_before.as_ref(), &memory)
                } else {
                    None
                };
                if let Some(p) = area {
                    items.push((None, Some(p), (trig.start, trig.end)));
                } else if assigned[ti].is_empty() {
                    // No target: the place, or each place of a list of places.
                    let anchor = (trig.start, trig.end);
                    match self.place_for(gaz, &sent, &places, anchor, None) {
                        Some(p) => {
                            let list = place_lists
                                .iter()
                                .find(|l| l.iter().any(|m| m.e.id == p.id));
                            match list {
                                Some(l) => items.extend(l.iter().map(|m| {
                                    (
                                        None,
                                        Some(self.level_mapped(gaz, &sent, &places, &m.e)),
                                        (m.start, m.end),
                                    )
                                })),
                                None => items.push((None, Some(p), anchor)),
                            }
                        }
                        None => {
                            match self.counted_area(gaz, &sent, trig, !qtys.is_empty(), &memory) {
                                Some(p) => items.push((None, Some(p), anchor)),
                                None => {
                                    // A toll with no place of its own ("KIA shells
                                    // hit Katsu village. Six civilians were
                                    // killed…") is the toll of the event the
                                    // sentence before reported: its place, and
                                    // its actor and dates unless this one says.
                                    let prev = (trig.event == Event::Casualties
                                        && !qtys.is_empty())
                                    .then(|| {
                                        drafts[prev_drafts.clone()].iter().find(|d| {
                                            d.0.place.is_some()
                                                && d.0.polarity == Polarity::Asserted
                                                && d.0.event != Event::Casualties
                                        })
                                    })
                                    .flatten();
                                    let Some(prev) = prev else { continue };
                                    items.push((None, prev.0.place.clone(), anchor));
                                    follows = Some(prev.0.clone());
                                }
                            }
                        }
                    }
                } else {
                    for t in &assigned[ti] {
                        let anchor = (t.start, t.end);
                        if t.e.kind == EntityKind::Place {
                            items.push((None, Some(t.e.clone()), anchor));
                        } else {
                            // A unit the gazetteer does not place, with no place in
                            // its sentence, is where the report placed it before,
                            // else in the area the report is about: the last
                            // area-level place it named ("IB 58", "the Wuyan militia
                            // camp" in a report on Waingmaw Township).
                            let found = self.place_for(gaz, &sent, &places, anchor, Some(&t.e));
                            if let Some(p) = &found {
                                placed.insert(t.e.id.clone(), p.clone());
                            }
                            let p = found.or_else(|| placed.get(&t.e.id).cloned()).or_else(|| {
                                let level = self.config.area_level.as_str();
                                (!level.is_empty())
                                    .then(|| {
                                        memory
                                            .get(&memory_key(EntityKind::Place, Some(level)))
                                            .cloned()
                                    })
                                    .flatten()
                            });
                            items.push((Some(t.e.clone()), p, anchor));
                        }
                    }
                }
                for (target, place, anchor) in items {
                    let window = item_window(anchor).unwrap_or(trig_window);
                    // A settlement named with units or positions ("Point 1130,
                    // Katsu and Wuhtau Bum") is captured like them; a settlement
                    // where counted things were taken ("several camps near
                    // Laiza") is only where the tally is.
                    let listed = assigned[ti]
                        .iter()
                        .any(|t| (t.start, t.end) == anchor && t.e.kind == EntityKind::Place);
                    let (target, place) = match (trig.event, target) {
                        (Event::Capture, None) if listed || qtys.is_empty() => {
                            self.captured_settlement(gaz, place)
                        }
                        (_, target) => (target, place),
                    };
                    let owner_ids: Vec<String> = target
                        .as_ref()
                        .map(|t| gaz.ancestors(&t.id))
                        .unwrap_or_default();
                    // Groups in another clause that has its own event word act there.
                    let busy: Vec<usize> = trig_clauses
                        .iter()
                        .copied()
                        .filter(|&c| c != trig_clauses[ti])
                        .collect();
                    let actor = self
                        .actor_for(
                            text, &words, &sent, &groups, &speakers, &owner_ids, trig, anchor,
                            report, &self_refs, &busy, &losers,
                        )
                        .or_else(|| follows.as_ref().and_then(|f| f.actor.clone()));
                    let window = window.or_else(|| follows.as_ref().and_then(|f| f.window));
                    // A count ("a dozen outposts, among them Point 1130") describes a
                    // set, not the one unit or position a claim is about.
                    let counted_set = target.is_some() && trig.event != Event::Casualties;
                    let q_choices: Vec<Option<Quantity>> = if qtys.is_empty() || counted_set {
                        vec![None]
                    } else {
                        qtys.iter().cloned().map(Some).collect()
                    };
                    for quantity in q_choices {
                        let polarity = if trig.denied {
                            Polarity::Denied
                        } else {
                            Polarity::Asserted
                        };
                        let event = match (&target, trig.with_target) {
                            (Some(_), Some(ev)) => ev,
                            _ => trig.event,
                        };
                        let draft = Draft {
                            event,
                            polarity,
                            target: target.clone(),
                            place: place.clone(),
                            actor: actor.clone(),
                            window,
                            quantity,
                            counter_speaker: None,
                        };
                        if let Some((cs, ce)) = trig.counter.or(countered) {
                            let denier = groups
                                .iter()
                                .find(|g| g.start >= cs && g.end <= ce)
                                .map(|g| g.e.id.clone())
                                .or_else(|| {
                                    speakers
                                        .iter()
                                        .find(|sp| sp.start >= cs && sp.end <= ce)
                                        .map(|sp| sp.label.clone())
                                });
                            let mut denied = draft.clone();
                            denied.polarity = Polarity::Denied;
                            denied.counter_speaker = Some(denier.unwrap_or_default());
                            // The claim as said is the first speaker's, not the denier's.
                            let asserter = speakers
                                .iter()
                                .find(|sp| !(sp.start >= cs && sp.end <= ce))
                                .map(|sp| sp.label.clone())
                                .or_else(|| cited.clone());
                            drafts.push((
                                draft,
                                (s, e),
                                chain(asserter.as_deref(), &report.cites),
                                claim_hedges.clone(),
                            ));
                            drafts.push((
                                denied.clone(),
                                (s, e),
                                chain(
                                    denied.counter_speaker.as_deref().filter(|x| !x.is_empty()),
                                    &report.cites,
                                ),
                                claim_hedges.clone(),
                            ));
                        } else {
                            drafts.push((
                                draft,
                                (s, e),
                                chain(speaker.as_deref(), &report.cites),
                                claim_hedges.clone(),
                            ));
                        }
                    }
                }
            }
            prev_drafts = first_draft..drafts.len();
        }

        // A headline restates the body: its claim is dropped when the body has
        // the same event and polarity about the same target, or (without a
        // target) at a place that encloses or lies inside the headline's.
        let head_end = headline_end(text);
        let body: Vec<&Draft> = drafts
            .iter()
            .filter(|d| d.1 .0 >= head_end)
            .map(|d| &d.0)
            .collect();
        let restated = |h: &Draft| {
            body.iter().any(|b| {
                // "Fighting intensifies in X" restates "the KIA is attacking camps in X".
                let same_event =
                    b.event == h.event || (h.event == Event::Clash && b.event == Event::Attack);
                same_event
                    && b.polarity == h.polarity
                    && match (&h.target, &b.target) {
                        // A headline's place for a named target is kept as
                        // evidence unless the body says the same.
                        (Some(ht), Some(bt)) => ht.id == bt.id && h.place == b.place,
                        (Some(_), None) => false,
                        (None, _) => {
                            let hp = h.place.as_ref().map(|p| p.id.as_str());
                            let bp = b.place.as_ref().or(b.target.as_ref());
                            match (hp, bp) {
                                (Some(hp), Some(bp)) => {
                                    hp == bp.id
                                        || gaz.ancestors(&bp.id).iter().any(|a| a == hp)
                                        || gaz.ancestors(hp).contains(&bp.id)
                                }
                                _ => false,
                            }
                        }
                    }
            })
        };
        let keep: Vec<bool> = drafts
            .iter()
            .map(|d| d.1 .0 >= head_end || !restated(&d.0))
            .collect();
        let drafts: Vec<DraftAt> = drafts
            .into_iter()
            .zip(keep)
            .filter_map(|(d, k)| k.then_some(d))
            .collect();

        // One claim per distinct content; the first sentence's span and
        // attribution are kept, hedges are merged.
        let mut out: Vec<Claim> = Vec::new();
        for (d, span, attribution, hedges) in drafts {
            let place_parents = d
                .place
                .as_ref()
                .map(|p| gaz.ancestors(&p.id))
                .unwrap_or_default();
            let claim = Claim {
                report_id: report.id.clone(),
                event: d.event,
                polarity: d.polarity,
                target: d.target,
                place: d.place,
                place_parents,
                actor: d.actor,
                window: d.window,
                quantity: d.quantity,
                attribution,
                hedges,
                origin: ClaimOrigin::Extracted,
                span,
            };
            if let Some(prev) = out.iter_mut().find(|c| same_content(c, &claim)) {
                for h in claim.hedges {
                    if !prev.hedges.contains(&h) {
                        prev.hedges.push(h);
                    }
                }
                continue;
            }
            out.push(claim);
        }
        out
    }

    /// A group that is part of another group (a militia under an army) named as
    /// the owner of a base ("a camp of the Wuyan militia", "the Wuyan militia
    /// camp") stands for that base: it is a target, not an actor.
    fn force_base(
        &self,
        gaz: &Gazetteer,
        text: &str,
        sent_start: usize,
        units_before: &[&Ent],
        m: &Ent,
    ) -> bool {
        let subordinate = gaz
            .ancestors(&m.e.id)
            .first()
            .and_then(|id| gaz.get(id))
            .is_some_and(|p| p.kind == EntityKind::Group);
        // …and only as one of a list of bases ("the IB 58 compound and a camp of
        // the Wuyan militia"), so "a KIA camp" stays the KIA's.
        let after_unit = |u: &&Ent| {
            matches!(u.e.kind, EntityKind::Unit | EntityKind::Position)
                && u.end <= m.start
                && m.start - u.end <= 60
        };
        if !subordinate || !units_before.iter().any(after_unit) {
            return false;
        }
        let nouns = &self.lex.capture_nouns;
        let after_end = text.len().min(m.end + 40);
        let after_end = (after_end..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        let after = text[m.end..after_end].trim_start().to_lowercase();
        let noun_after = nouns.iter().any(|n| {
            after.starts_with(n.as_str()) && after[n.len()..].chars().next().is_none_or_not_alnum()
        });
        let before = text[sent_start..m.start].trim_end().to_lowercase();
        let of_noun_before = self.lex.of_words.iter().any(|w| {
            before.ends_with(&format!(" {w}")) && {
                let rest = before[..before.len() - w.len()].trim_end();
                nouns.iter().any(|n| rest.ends_with(n.as_str()))
            }
        });
        noun_after || of_noun_before
    }

    /// The place of an air strike, shelling or displacement whose clause names
    /// the area it hits ("villages"): a place of the configured level in the
    /// clause, else that level's ancestor of a place in the clause, else of the
    /// last thing named before the sentence, else the last such place named.
    /// `None` when the rule does not apply.
    fn area_place(
        &self,
        gaz: &Gazetteer,
        sent: &Sentence,
        places: &[Ent],
        trig: &Trigger,
        last_before: Option<&EntityRef>,
        memory: &BTreeMap<String, EntityRef>,
    ) -> Option<EntityRef> {
        let level = self.config.area_level.as_str();
        if level.is_empty()
            || !matches!(
                trig.event,
                Event::Airstrike | Event::Shelling | Event::Displacement
            )
        {
            return None;
        }
        let clause = sent.clause(trig.start);
        let (cs, ce) = sent.clause_range(clause);
        let lower = lowercase_in_place(sent_slice(sent, cs, ce));
        // "Katsu village" and "the village" (a back-reference) name the village:
        // only unnamed villages count.
        let after_name = |at: usize| {
            places.iter().any(|m| {
                (m.start <= at && at < m.end)
                    || (m.end <= at && sent_slice(sent, m.end, at).trim().is_empty())
            })
        };
        let has_area_noun = self.lex.area_nouns.iter().any(|n| {
            lower.match_indices(n.as_str()).any(|(i, _)| {
                let ok_start = lower[..i].chars().next_back().is_none_or_not_alnum();
                let ok_end =
                    lower[i + n.len()..].chars().next().is_none_or_not_alnum() || !n.is_ascii();
                // `lowercase_in_place` keeps byte offsets, so `cs + i` is an
                // offset into the original text.
                ok_start && ok_end && !after_name(cs + i)
            })
        });
        if !has_area_noun {
            return None;
        }
        let in_clause: Vec<&Ent> = places
            .iter()
            .filter(|m| sent.clause(m.start) == clause)
            .collect();
        // "villages near Laiza": the named place itself.
        if let Some(m) = in_clause.iter().find(|m| {
            self.place_context(sent_slice(sent, sent.s, m.start)) == Some(PlaceContext::Near)
        }) {
            return Some(m.e.clone());
        }
        let own_level = in_clause
            .iter()
            .find(|m| gaz.get(&m.e.id).and_then(|g| g.level.as_deref()) == Some(level))
            .map(|m| m.e.clone());
        own_level
            .or_else(|| in_clause.iter().find_map(|m| at_level(gaz, &m.e.id, level)))
            // Outside the clause, the last area of that level the report named
            // ("Waingmaw Township") before the area of the last place named (a
            // refuge such as "volunteers in Myitkyina" is not where it happens).
            .or_else(|| {
                memory
                    .get(&memory_key(EntityKind::Place, Some(level)))
                    .cloned()
            })
            .or_else(|| last_before.and_then(|l| at_level(gaz, &l.id, level)))
    }

    /// What the words just before a place say about it ("east of", "toward").
    /// A capture or attack of things counted or named by a capture noun with
    /// no place in its sentence ("every army post along the road they use had
    /// been abandoned") is in the area the report is about: the last
    /// area-level place it named.
    fn counted_area(
        &self,
        gaz: &Gazetteer,
        sent: &Sentence,
        trig: &Trigger,
        counted: bool,
        memory: &BTreeMap<String, EntityRef>,
    ) -> Option<EntityRef> {
        let level = self.config.area_level.as_str();
        if level.is_empty() || !matches!(trig.event, Event::Capture | Event::Attack) {
            return None;
        }
        let (cs, ce) = sent.clause_range(sent.clause(trig.start));
        let lower = sent_slice(sent, cs, ce).to_lowercase();
        // A whole set: "every army post", "all the camps" (up to two words
        // between), or a counted one ("a dozen outposts").
        let has_noun = self.lex.capture_nouns.iter().any(|n| {
            lower.match_indices(n.as_str()).any(|(i, _)| {
                let bounded = lower[..i].chars().next_back().is_none_or_not_alnum()
                    && (!n.is_ascii()
                        || lower[i + n.len()..].chars().next().is_none_or_not_alnum());
                let before: Vec<&str> = lower[..i].split_whitespace().rev().take(3).collect();
                let every = before
                    .iter()
                    .any(|w| self.lex.every_words.iter().any(|e| e == w));
                bounded && (every || counted)
            })
        });
        if !has_noun {
            return None;
        }
        memory
            .get(&memory_key(EntityKind::Place, Some(level)))
            .cloned()
            .or_else(|| at_level(gaz, &memory.get(LAST)?.id, level))
    }

    fn place_context(&self, before: &str) -> Option<PlaceContext> {
        let b = before.trim_end().to_lowercase();
        self.lex.place_context.iter().find_map(|(w, c)| {
            let at = b.len().checked_sub(w.len())?;
            (b.ends_with(w.as_str()) && (at == 0 || !b.as_bytes()[at - 1].is_ascii_alphanumeric()))
                .then_some(*c)
        })
    }

    /// Lists of adjacent names joined by list words; returns index groups into `all`.
    fn lists(&self, text: &str, all: &[Ent]) -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = Vec::new();
        for k in 0..all.len() {
            // Members of one expanded series share their span: one list.
            let joined = k > 0
                && (all[k].start < all[k - 1].end || {
                    let between = text[all[k - 1].end..all[k].start].trim().to_lowercase();
                    self.lex.list_words.contains(&between)
                });
            if joined {
                out.last_mut().expect("a list is open").push(k);
            } else {
                out.push(vec![k]);
            }
        }
        out
    }

    /// Expands a numbered series named once ("the two Aung Myay positions")
    /// into its gazetteer members ("Aung Myay 1", "Aung Myay 2"), each spanning
    /// the whole phrase (`series.tsv`). The gazetteer is searched by name only
    /// when a phrase matches, which is rare; a series whose members are not all
    /// in the gazetteer stays as normalize resolved it.
    fn expand_series(&self, gaz: &Gazetteer, text: &str, ents: Vec<Ent>) -> Vec<Ent> {
        if self.lex.series.is_empty() {
            return ents;
        }
        let mut out: Vec<Ent> = Vec::with_capacity(ents.len());
        for m in ents {
            match self.series_at(gaz, text, &m) {
                Some((start, end, members)) if out.last().map_or(true, |l| l.end <= start) => {
                    out.extend(members.into_iter().map(|e| Ent { start, end, e }));
                }
                _ => out.push(m),
            }
        }
        out
    }

    /// The span and members of the series phrase around mention `m`, if any.
    fn series_at(
        &self,
        gaz: &Gazetteer,
        text: &str,
        m: &Ent,
    ) -> Option<(usize, usize, Vec<EntityRef>)> {
        let line_start = text[..m.start].rfind(['\n', '.', ';']).map_or(0, |i| i + 1);
        let before = &text[line_start..m.start];
        // Words before the name, last first, with their byte offsets.
        let words: Vec<(usize, &str)> = before
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .rev()
            .collect();
        let after = text[m.end..].trim_start();
        let after_at = text.len() - after.len();
        for series in &self.lex.series {
            let n = series.before.len();
            if words.len() < n {
                continue;
            }
            let mut count = series.count;
            let matched = series.before.iter().rev().zip(&words).all(|(p, (_, w))| {
                let w = w.to_lowercase();
                match p {
                    Some(p) => *p == w,
                    None => {
                        let digits = w.parse::<usize>().ok();
                        let word = self
                            .lex
                            .numbers
                            .get(&w)
                            .and_then(|&(lo, hi)| (hi == Some(lo)).then_some(lo as usize));
                        count = digits.or(word);
                        count.is_some()
                    }
                }
            });
            if !matched || !(2..=20).contains(&count.unwrap_or(0)) {
                continue;
            }
            let Some(noun) = series.after.iter().find(|a| {
                after.get(..a.len()).map(str::to_lowercase).as_ref() == Some(*a)
                    && !after[a.len()..].starts_with(|c: char| c.is_alphanumeric())
            }) else {
                continue;
            };
            let count = count?;
            let name = gaz
                .get(&m.e.id)
                .map_or(m.e.name.as_str(), |g| g.name.as_str());
            let members: Vec<EntityRef> = (1..=count)
                .filter_map(|k| {
                    let want = format!("{name} {k}");
                    gaz.entries()
                        .iter()
                        .find(|g| g.name == want)
                        .map(|g| g.to_ref())
                })
                .collect();
            if members.len() != count {
                continue;
            }
            return Some((words[n - 1].0, after_at + noun.len(), members));
        }
        None
    }

    /// The place of a claim: the named place nearest `anchor` in its clause
    /// (else in the sentence), narrowed to a named place inside it; else the
    /// nearest place among the target's gazetteer ancestors.
    fn place_for(
        &self,
        gaz: &Gazetteer,
        sent: &Sentence,
        places: &[Ent],
        anchor: (usize, usize),
        target: Option<&EntityRef>,
    ) -> Option<EntityRef> {
        let clause = sent.clause(anchor.0);
        let dist = |m: &Ent| {
            if m.end <= anchor.0 {
                anchor.0 - m.end
            } else {
                m.start.saturating_sub(anchor.1)
            }
        };
        // A target placed by the gazetteer ("Point 1130" in Waingmaw Township) only
        // takes a named place that encloses it.
        let target_places: Vec<String> = target.map(|t| gaz.ancestors(&t.id)).unwrap_or_default();
        let target_has_place = target_places
            .iter()
            .any(|id| gaz.get(id).is_some_and(|e| e.kind == EntityKind::Place));
        let places: Vec<Ent> = places
            .iter()
            .filter(|m| !target_has_place || target_places.contains(&m.e.id))
            .cloned()
            .collect();
        let places = places.as_slice();
        let in_clause: Vec<&Ent> = places
            .iter()
            .filter(|m| sent.clause(m.start) == clause)
            .collect();
        let pool: Vec<&Ent> = if in_clause.is_empty() {
            places.iter().collect()
        } else {
            in_clause
        };
        let best = pool
            .iter()
            .min_by_key(|m| (dist(m), m.start))
            .map(|m| m.e.clone());
        let best = match best {
            Some(b) => {
                let level_mapped = self.level_mapped(gaz, sent, places, &b);
                // Narrow to a named place inside it ("Shwe Nyaungbin village in Waingmaw Township").
                // Only in the anchor's clause: a village named in another clause
                // ("…, and … the base near Shwe Nyaungbin") is another event's.
                let inner = places
                    .iter()
                    .filter(|m| sent.clause(m.start) == clause)
                    .filter(|m| gaz.ancestors(&m.e.id).contains(&level_mapped.id))
                    .max_by_key(|m| (gaz.ancestors(&m.e.id).len(), std::cmp::Reverse(m.start)));
                Some(inner.map(|m| m.e.clone()).unwrap_or(level_mapped))
            }
            None => None,
        };
        best.or_else(|| {
            let t = target?;
            gaz.ancestors(&t.id)
                .into_iter()
                .filter_map(|id| gaz.get(&id))
                .find(|e| e.kind == EntityKind::Place)
                .map(|e| e.to_ref())
        })
    }

    /// A place followed (after list words and other names) by a level word
    /// ("Tanai townships") stands for its ancestor of that level.
    /// A capture at a settlement (a town or village, per `settlements.tsv`)
    /// is about that settlement: it becomes the target, placed at itself or at
    /// its nearest enclosing place. Other places stay places.
    fn captured_settlement(
        &self,
        gaz: &Gazetteer,
        place: Option<EntityRef>,
    ) -> (Option<EntityRef>, Option<EntityRef>) {
        let Some(p) = place else { return (None, None) };
        let own = gaz
            .get(&p.id)
            .and_then(|e| e.level.as_deref())
            .and_then(|l| self.lex.settlements.get(l));
        match own {
            Some(true) => (Some(p.clone()), Some(p)),
            Some(false) => {
                let parent = gaz
                    .ancestors(&p.id)
                    .into_iter()
                    .filter_map(|id| gaz.get(&id))
                    .find(|e| e.kind == EntityKind::Place)
                    .map(|e| e.to_ref());
                (Some(p), parent)
            }
            None => (None, Some(p)),
        }
    }

    fn level_mapped(
        &self,
        gaz: &Gazetteer,
        sent: &Sentence,
        places: &[Ent],
        p: &EntityRef,
    ) -> EntityRef {
        let Some(m) = places.iter().find(|m| m.e.id == p.id) else {
            return p.clone();
        };
        // Skip over the rest of the list.
        let mut end = m.end;
        let mut k = places.iter().position(|x| x.start == m.start).unwrap_or(0) + 1;
        while let Some(n) = places.get(k) {
            let between = sent_slice(sent, end, n.start).trim().to_lowercase();
            if self.lex.list_words.contains(&between) {
                end = n.end;
                k += 1;
            } else {
                break;
            }
        }
        // The level word may follow a name the list could not resolve ("… and Tanai townships").
        let after = sent_slice(sent, end, sent.e);
        let stop = after
            .find([',', '.', ';', ':', '(', ')'])
            .unwrap_or(after.len());
        let level = after[..stop]
            .split_whitespace()
            .take(3)
            .find_map(|w| self.lex.levels.get(&w.to_lowercase()));
        let Some(level) = level else { return p.clone() };
        if gaz.get(&p.id).and_then(|e| e.level.as_deref()) == Some(level.as_str()) {
            return p.clone();
        }
        gaz.ancestors(&p.id)
            .into_iter()
            .filter_map(|id| gaz.get(&id))
            .find(|e| e.level.as_deref() == Some(level.as_str()))
            .map(|e| e.to_ref())
            .unwrap_or_else(|| p.clone())
    }

    /// Who speaks in a sentence, nearest a speech cue first.
    fn speakers(
        &self,
        text: &str,
        words: &Words,
        attribution: &[Hit],
        sent_ents: &[Ent],
        s: usize,
        e: usize,
    ) -> Vec<Speaker> {
        let lex = &self.lex;
        let hits: Vec<&Hit> = attribution.iter().filter(|h| in_span(h, s, e)).collect();
        let cues: Vec<&Hit> = hits
            .iter()
            .copied()
            .filter(|h| matches!(lex.attribution.value(h), AttributionRole::Cue))
            .collect();
        if cues.is_empty() {
            return Vec::new();
        }
        let groups: Vec<&Ent> = sent_ents
            .iter()
            .filter(|m| m.e.kind == EntityKind::Group)
            .collect();
        let mut cands: Vec<Speaker> = Vec::new();
        for h in &hits {
            let AttributionRole::Speaker(label) = lex.attribution.value(h) else {
                continue;
            };
            // "a KIA statement", "the KIA's spokesperson"
            let prefix = groups.iter().rev().find(|g| {
                g.end <= h.start && {
                    let between = text[g.end..h.start].trim().to_lowercase();
                    between.is_empty() || lex.poss_words.contains(&between)
                }
            });
            match prefix {
                Some(g) => cands.push(Speaker {
                    start: g.start,
                    end: h.end,
                    label: format!("{} {}", g.e.id, label),
                    group_span: Some((g.start, g.end)),
                    bare: Some(label.clone()),
                }),
                // "a news site, the Pyidaungsu Sentinel, reported": the name
                // in apposition is the speaker.
                None => match apposition(&text[h.end..e]) {
                    Some(name) => cands.push(Speaker {
                        start: h.start,
                        end: h.end,
                        label: name.to_string(),
                        group_span: None,
                        bare: None,
                    }),
                    None => cands.push(Speaker {
                        start: h.start,
                        end: h.end,
                        label: label.clone(),
                        group_span: None,
                        bare: Some(label.clone()),
                    }),
                },
            }
        }
        for g in &groups {
            if cands.iter().any(|c| c.group_span == Some((g.start, g.end))) {
                continue;
            }
            // "He said junta soldiers…", "Residents said the KIA had…": a group
            // right after a cue and followed by a word is the subject of what
            // was said, not the speaker ("…, said the KIA." and "In a
            // statement, the KIA listed…" still speak).
            let subject_of_speech = cues.iter().any(|c| {
                c.end <= g.start
                    && !text[c.end..g.start].contains([',', ':', ';'])
                    && words.gap((g.start, g.end), (c.start, c.end)) <= 1
                    && text[g.end..e]
                        .trim_start()
                        .starts_with(|ch: char| ch.is_alphanumeric())
            });
            let near_cue = !subject_of_speech
                && cues
                    .iter()
                    .any(|c| words.gap((g.start, g.end), (c.start, c.end)) <= 1);
            if near_cue {
                cands.push(Speaker {
                    start: g.start,
                    end: g.end,
                    label: g.e.id.clone(),
                    group_span: Some((g.start, g.end)),
                    bare: None,
                });
            }
        }
        // A bare group ("the KIA") counts two words farther than a named speaker
        // ("KIA spokesperson Col. Naw Bu said").
        let dist = |sp: &Speaker| {
            let bare = sp.group_span == Some((sp.start, sp.end));
            cues.iter()
                .map(|c| words.gap((sp.start, sp.end), (c.start, c.end)))
                .min()
                .unwrap_or(usize::MAX)
                .saturating_add(if bare { 2 } else { 0 })
        };
        let mut scored: Vec<(usize, Speaker)> = cands
            .into_iter()
            .map(|c| (dist(&c), c))
            .filter(|(d, _)| *d <= 6)
            .collect();
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.start.cmp(&b.1.start)));
        scored.into_iter().map(|(_, c)| c).collect()
    }

    /// The acting group: a group in the trigger's clause (else the sentence)
    /// that is neither the target's owner nor an owner of counted things nor
    /// only a speaker; else the report's own party for "our forces".
    #[allow(clippy::too_many_arguments)]
    fn actor_for(
        &self,
        text: &str,
        words: &Words,
        sent: &Sentence,
        groups: &[&Ent],
        speakers: &[Speaker],
        owner_ids: &[String],
        trig: &Trigger,
        anchor: (usize, usize),
        report: &crate::model::Report,
        self_refs: &[(usize, usize)],
        busy_clauses: &[usize],
        losers: &[(usize, usize)],
    ) -> Option<String> {
        let lex = &self.lex;
        let is_owner = |g: &Ent| {
            if owner_ids.contains(&g.e.id) {
                return true;
            }
            let before = text[sent.s..g.start].trim_end().to_lowercase();
            if lex
                .of_words
                .iter()
                .any(|w| before.ends_with(&format!(" {w}")) || before == *w)
            {
                return true;
            }
            let after = text[g.end..sent.e].trim_start().to_lowercase();
            if lex.poss_words.iter().any(|p| after.starts_with(p.as_str())) {
                // "the junta's outposts": owner; "the KIA's forces": not decided here.
                let rest = after.split_once(char::is_whitespace).map_or("", |x| x.1);
                return lex
                    .capture_nouns
                    .iter()
                    .any(|n| rest.starts_with(n.as_str()));
            }
            // Only things that can be taken make a group their owner ("junta outposts",
            // not "KIA fighters").
            // Scripts without spaces (Burmese) attach particles to the noun.
            lex.capture_nouns.iter().any(|n| {
                after.starts_with(n.as_str())
                    && (!n.is_ascii() || after[n.len()..].chars().next().is_none_or_not_alnum())
            })
        };
        let speaker_only = |g: &Ent| {
            speakers
                .iter()
                .any(|sp| sp.group_span == Some((g.start, g.end)))
        };
        let clause = sent.clause(trig.start);
        let pick = |pool: Vec<&&Ent>| {
            pool.into_iter()
                .min_by_key(|g| {
                    (
                        words
                            .gap((g.start, g.end), (trig.start, trig.end))
                            .min(words.gap((g.start, g.end), anchor)),
                        g.start,
                    )
                })
                .map(|g| g.e.id.clone())
        };
        // "since the KIA began attacking": a group in a background phrase.
        let in_background = |g: &Ent| {
            let before = text[sent.s..g.start].trim_end().to_lowercase();
            lex.background_words.iter().any(|w| {
                before.ends_with(w.as_str())
                    && before[..before.len() - w.len()]
                        .chars()
                        .next_back()
                        .is_none_or_not_alnum()
            })
        };
        // "junta troops abandoned the post": the subject before a loser word
        // in its clause is the side that lost it.
        let lost = |g: &Ent| {
            (trig.loser && g.end <= trig.start && sent.clause(g.start) == clause)
                || (trig.event == Event::Capture && losers.contains(&(g.start, g.end)))
        };
        let free: Vec<&&Ent> = groups
            .iter()
            .filter(|g| !is_owner(g) && !speaker_only(g) && !in_background(g) && !lost(g))
            .filter(|g| {
                let c = sent.clause(g.start);
                c == clause || !busy_clauses.contains(&c)
            })
            .collect();
        let in_clause: Vec<&&Ent> = free
            .iter()
            .copied()
            .filter(|g| sent.clause(g.start) == clause)
            .collect();
        if let Some(a) = pick(in_clause) {
            return Some(a);
        }
        if let Some(a) = pick(free) {
            return Some(a);
        }
        let self_ref = self_refs.iter().any(|&(a, b)| a >= sent.s && b <= sent.e);
        let party = !matches!(report.affiliation.as_str(), "" | "independent" | "unknown");
        if self_ref && party {
            return Some(report.affiliation.clone());
        }
        let spoken: Vec<&&Ent> = groups
            .iter()
            .filter(|g| !is_owner(g) && speaker_only(g))
            .collect();
        pick(spoken)
    }

    /// The window of a trigger: a time expression in its clause, else in the
    /// sentence; a speech date bounds it from above; else the default window.
    fn window_for(
        &self,
        sent: &Sentence,
        trig: &Trigger,
        times: &[&Timed],
        published: Date,
    ) -> Option<DateWindow> {
        let clause = sent.clause(trig.start);
        let events: Vec<&&Timed> = times
            .iter()
            .filter(|t| !t.speech && t.window.is_some())
            .collect();
        let pick = events
            .iter()
            .find(|t| sent.clause(t.expr.start) == clause)
            .or_else(|| events.first());
        if let Some(t) = pick {
            return t.window;
        }
        // No time in the sentence: the text gives no date. By default the
        // claim has no window (score neither splits nor matches on a date the
        // text does not give); `dateless_window` gives it the days before
        // publication (or before the time of speaking) instead.
        if !self.config.dateless_window {
            return None;
        }
        let n = self.config.default_window_days.max(0);
        let to = times
            .iter()
            .filter(|t| t.speech)
            .filter_map(|t| t.window)
            .map(|w| w.to)
            .min()
            .unwrap_or(published)
            .min(published);
        Some(DateWindow {
            from: add_days(to, -n),
            to,
            precision: if n <= 7 { 2 } else { 3 },
        })
    }

    /// The quantities of a trigger's claim. Casualties take the number next
    /// to the word ("six villagers were killed and 11 injured"); other events
    /// take numbers of nouns they count in the clause.
    fn quantities_for(
        &self,
        sent: &Sentence,
        words: &Words,
        trig: &Trigger,
        qtys: &[&quantity::Qty],
    ) -> Vec<Quantity> {
        if trig.event == Event::Casualties && !trig.noun.is_empty() {
            let before = qtys
                .iter()
                .filter(|q| {
                    q.end <= trig.start
                        && words.between(q.end, trig.start) <= 3
                        && sent.clause(q.start) == sent.clause(trig.start)
                })
                .max_by_key(|q| q.end);
            let after = qtys
                .iter()
                .filter(|q| q.start >= trig.end && words.between(trig.end, q.start) <= 1)
                .min_by_key(|q| q.start);
            let Some(q) = before.or(after) else {
                return Vec::new();
            };
            let noun = q.noun.clone().or_else(|| {
                qtys.iter()
                    .filter(|p| p.end <= q.start)
                    .filter_map(|p| p.noun.clone())
                    .next_back()
            });
            let noun = match noun {
                Some(n) => format!("{n} {}", trig.noun),
                None => trig.noun.clone(),
            };
            return vec![Quantity {
                range: q.range,
                noun,
            }];
        }
        let clause = sent.clause(trig.start);
        let fits = |q: &&&quantity::Qty| q.noun.is_some() && q.events.contains(&trig.event);
        let mut chosen: Vec<&&quantity::Qty> = qtys
            .iter()
            .filter(|q| fits(q) && sent.clause(q.start) == clause)
            .collect();
        if chosen.is_empty() {
            chosen = qtys.iter().filter(fits).collect();
        }
        chosen
            .into_iter()
            .map(|q| Quantity {
                range: q.range,
                noun: q.noun.clone().unwrap_or_default(),
            })
            .collect()
    }
}

/// The start of `phrase` when it ends at `at` (spaces between allowed) on a
/// word boundary; `at` itself for an empty phrase.
fn phrase_before(text: &str, at: usize, phrase: &str) -> Option<usize> {
    if phrase.is_empty() {
        return Some(at);
    }
    let before = text.get(..at)?.trim_end();
    let start = before.len().checked_sub(phrase.len())?;
    if !before.get(start..)?.eq_ignore_ascii_case(phrase) {
        return None;
    }
    let bounded = before[..start].chars().next_back().is_none_or_not_alnum();
    bounded.then_some(start)
}

/// The end of `phrase` when it starts at `at` (spaces between allowed) on a
/// word boundary; `at` itself for an empty phrase.
fn phrase_after(text: &str, at: usize, phrase: &str) -> Option<usize> {
    if phrase.is_empty() {
        return Some(at);
    }
    let after = text.get(at..)?.trim_start();
    let off = text.len() - after.len();
    if !after.get(..phrase.len())?.eq_ignore_ascii_case(phrase) {
        return None;
    }
    let end = off + phrase.len();
    text[end..]
        .chars()
        .next()
        .is_none_or_not_alnum()
        .then_some(end)
}

/// The ancestor of `id` (or `id` itself) at gazetteer level `level`.
fn at_level(gaz: &Gazetteer, id: &str, level: &str) -> Option<EntityRef> {
    std::iter::once(id.to_string())
        .chain(gaz.ancestors(id))
        .filter_map(|a| gaz.get(&a))
        .find(|g| g.kind == EntityKind::Place && g.level.as_deref() == Some(level))
        .map(|g| g.to_ref())
}

/// Lowercases `s` character by character, keeping a character as it is when
/// its lowercase form has another UTF-8 length ("İ", the Kelvin sign), so
/// byte offsets into the result are byte offsets into `s`.
fn lowercase_in_place(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

/// The sentence's text between two absolute byte offsets, clamped to the
/// sentence and moved back to character boundaries (never panics).
fn sent_slice<'a>(sent: &Sentence<'a>, a: usize, b: usize) -> &'a str {
    let floor = |x: usize| {
        let mut x = x.clamp(sent.s, sent.e) - sent.s;
        while !sent.text.is_char_boundary(x) {
            x -= 1;
        }
        x
    };
    let (a, b) = (floor(a), floor(b));
    if a <= b {
        &sent.text[a..b]
    } else {
        ""
    }
}

trait OptPos {
    fn is_none_or_before(&self, pos: usize) -> bool;
}

impl OptPos for Option<usize> {
    /// True when there is no position or it lies after `pos`.
    fn is_none_or_before(&self, pos: usize) -> bool {
        self.map_or(true, |c| pos < c)
    }
}

trait OptChar {
    fn is_none_or_not_alnum(&self) -> bool;
}

impl OptChar for Option<char> {
    fn is_none_or_not_alnum(&self) -> bool {
        self.map_or(true, |c| !c.is_alphanumeric())
    }
}

fn memory_key(kind: EntityKind, level: Option<&str>) -> String {
    match level {
        Some(l) => format!("{}:{l}", kind.as_str()),
        None => kind.as_str().to_string(),
    }
}

/// A place written in capitals at the start of a line and followed by a dash
/// ("MYITKYINA — …") is where the story was filed, not where events happened.
fn is_dateline(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let surface = &text[start..end];
    text[line_start..start].trim().is_empty()
        && surface.chars().any(char::is_alphabetic)
        && !surface.chars().any(char::is_lowercase)
        && text[end..].trim_start().starts_with(['—', '–', '-'])
}

/// End of the headline: the first line when a blank line follows it and it
/// does not end a sentence; 0 when the text has no headline.
fn headline_end(text: &str) -> usize {
    let Some(nl) = text.find('\n') else { return 0 };
    let first = text[..nl].trim_end();
    let blank_after = text[nl + 1..]
        .split('\n')
        .next()
        .is_some_and(|l| l.trim().is_empty());
    if blank_after && !first.is_empty() && !first.ends_with(['.', ':']) {
        nl
    } else {
        0
    }
}

/// Memory key of the last unit, position or place named (groups have their own key).
const LAST: &str = "last";

fn remember(memory: &mut BTreeMap<String, EntityRef>, gaz: &Gazetteer, e: &EntityRef) {
    if e.kind != EntityKind::Group {
        memory.insert(LAST.to_string(), e.clone());
    }
    match e.kind {
        EntityKind::Group => {
            memory.insert(memory_key(e.kind, None), e.clone());
        }
        EntityKind::Unit | EntityKind::Position => {
            memory.insert(memory_key(e.kind, None), e.clone());
        }
        EntityKind::Place => {
            if let Some(level) = gaz.get(&e.id).and_then(|g| g.level.clone()) {
                memory.insert(memory_key(e.kind, Some(&level)), e.clone());
            }
            memory.insert(memory_key(e.kind, None), e.clone());
        }
    }
}

/// The cited source named first in `sentence`, if any.
/// A proper name in apposition right after a speaker phrase: ", the
/// Pyidaungsu Sentinel," gives "Pyidaungsu Sentinel". Every word of the name
/// is capitalised; an article before it is skipped.
fn apposition(after: &str) -> Option<&str> {
    let rest = after.strip_prefix(',')?.trim_start();
    let end = rest.find(',')?;
    let mut name = rest[..end].trim();
    for article in ["the ", "The "] {
        if let Some(n) = name.strip_prefix(article) {
            name = n;
        }
    }
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    (!name.is_empty()
        && name.split_whitespace().count() <= 6
        && name.split_whitespace().all(capitalised))
    .then_some(name)
}

fn cited_in(sentence: &str, cites: &[String]) -> Option<String> {
    let lower = sentence.to_lowercase();
    cites
        .iter()
        .filter(|c| !c.trim().is_empty())
        .filter_map(|c| lower.find(&c.to_lowercase()).map(|at| (at, c)))
        .min()
        .map(|(_, c)| c.clone())
}

fn chain(speaker: Option<&str>, cites: &[String]) -> Vec<String> {
    dedup(
        speaker
            .map(str::to_string)
            .into_iter()
            .chain(cites.iter().cloned()),
    )
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

fn same_content(a: &Claim, b: &Claim) -> bool {
    a.event == b.event
        && a.polarity == b.polarity
        && a.target == b.target
        && a.place == b.place
        && a.actor == b.actor
        && a.window == b.window
        && a.quantity == b.quantity
}

/// Extracts claims from every report, in parallel.
pub fn run(extractor: &Extractor, gazetteer: &Gazetteer, normalized: Normalized) -> Extracted {
    let claims = normalized
        .reports
        .par_iter()
        .map(|nr| extractor.extract_report(gazetteer, nr))
        .collect();
    Extracted {
        reports: normalized.reports,
        claims,
        rejected: normalized.rejected,
        stats: normalized.stats,
    }
}
