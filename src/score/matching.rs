//! Does one report's claim support or contradict a scored claim, and how well?
//!
//! A claim is compared only with the candidates found through the indexes in
//! [`Index`] (same target, same or enclosing place, or a place inside it), so
//! scoring is linear in the number of claims plus the number of matches.

use std::collections::HashMap;

use crate::config::ScoreConfig;
use crate::model::{Claim, DateWindow, EntityRef, Event, MatchKind, Polarity, Quantity};

use super::parties::fold_name;

/// Which events entail which (a capture entails an attack), closed
/// transitively, and which events share a family (are compared at all).
#[derive(Debug, Clone)]
pub struct Events {
    entails: [[bool; 7]; 7],
    family: [usize; 7],
}

fn idx(e: Event) -> usize {
    Event::ALL.iter().position(|x| *x == e).unwrap_or(0)
}

impl Events {
    pub fn new(config: &ScoreConfig) -> Events {
        let mut entails = [[false; 7]; 7];
        for (i, row) in entails.iter_mut().enumerate() {
            row[i] = true;
        }
        for (a, bs) in &config.implies {
            for b in bs {
                entails[idx(*a)][idx(*b)] = true;
            }
        }
        // Transitive closure (7 events: Floyd–Warshall is the simplest correct way).
        for k in 0..7 {
            for i in 0..7 {
                for j in 0..7 {
                    if entails[i][k] && entails[k][j] {
                        entails[i][j] = true;
                    }
                }
            }
        }
        let mut family = [0, 1, 2, 3, 4, 5, 6];
        for i in 0..7 {
            for j in 0..7 {
                if entails[i][j] {
                    let (a, b) = (family[i], family[j]);
                    let lo = a.min(b);
                    for f in family.iter_mut() {
                        if *f == a || *f == b {
                            *f = lo;
                        }
                    }
                }
            }
        }
        Events { entails, family }
    }

    /// True when `a` happening means `b` happened too.
    pub fn entails(&self, a: Event, b: Event) -> bool {
        self.entails[idx(a)][idx(b)]
    }

    pub fn family(&self, e: Event) -> usize {
        self.family[idx(e)]
    }
}

/// The claim being scored, in the form matching needs.
#[derive(Debug, Clone)]
pub struct View<'a> {
    pub event: Event,
    pub polarity: Polarity,
    pub target: Option<&'a EntityRef>,
    pub place: Option<&'a EntityRef>,
    pub parents: &'a [String],
    /// The actor's party (or the actor id when it has none).
    pub actor_key: Option<String>,
    pub window: Option<DateWindow>,
    pub quantity: Option<Quantity>,
}

/// How a report's claim relates to the scored claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Support,
    Contra,
}

/// One match of a report's claim against the scored claim.
#[derive(Debug, Clone)]
pub struct Hit {
    pub item: usize,
    pub role: Role,
    pub kind: MatchKind,
    pub notes: Vec<String>,
}

/// How the report claim's scope relates to the scored claim's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Same,
    /// The report's claim is about something inside the scored claim's place.
    Narrower,
    /// The report's claim is about an enclosing place only.
    Broader,
    Disjoint,
}

fn near<'a>(place: Option<&'a EntityRef>, parents: &'a [String], levels: usize) -> Vec<&'a str> {
    let mut out: Vec<&str> = place.map(|p| p.id.as_str()).into_iter().collect();
    out.extend(parents.iter().take(levels).map(String::as_str));
    out
}

fn scope(s: &View<'_>, c: &Claim, levels: usize, notes: &mut Vec<String>) -> Scope {
    let s_place = s.place.map(|p| p.id.as_str());
    let c_place = c.place.as_ref().map(|p| p.id.as_str());
    let c_parents = &c.place_parents[..levels.min(c.place_parents.len())];
    let s_parents = &s.parents[..levels.min(s.parents.len())];
    match (s.target, &c.target) {
        (Some(st), Some(ct)) => {
            if st.id != ct.id {
                return Scope::Disjoint;
            }
            if let (Some(sp), Some(cp)) = (s.place, &c.place) {
                if sp.id != cp.id {
                    notes.push(format!("{}: place given as {}", c.report_id, cp.name));
                }
            }
            Scope::Same
        }
        (Some(_), None) => match c_place {
            Some(cp) if near(s.place, s.parents, levels).contains(&cp) => Scope::Broader,
            _ => Scope::Disjoint,
        },
        (None, Some(_)) => match s_place {
            Some(sp) if c_place == Some(sp) || c_parents.iter().any(|p| p == sp) => Scope::Narrower,
            _ => Scope::Disjoint,
        },
        (None, None) => {
            if s_place == c_place {
                Scope::Same
            } else if s_place.is_some_and(|sp| c_parents.iter().any(|p| p == sp)) {
                Scope::Narrower
            } else if c_place.is_some_and(|cp| s_parents.iter().any(|p| p == cp)) {
                Scope::Broader
            } else {
                Scope::Disjoint
            }
        }
    }
}

/// Words that mark an origin note about a date within the tolerance.
pub const DATE_NOTE: &str = "date disagreement";
/// Words that mark an origin note about an incompatible count.
pub const NUMBER_NOTE: &str = "number disagreement";

/// Days between two windows (0 when they overlap).
pub fn gap_days(a: &DateWindow, b: &DateWindow) -> i64 {
    let days = |x: crate::model::Date, y: crate::model::Date| -> i64 {
        x.since(y).map_or(i64::MAX, |s| i64::from(s.get_days()))
    };
    if a.to < b.from {
        days(b.from, a.to)
    } else if b.to < a.from {
        days(a.from, b.to)
    } else {
        0
    }
}

/// True when two windows describe the same period (both ends within
/// `tolerance` days): only then can their counts contradict ("a dozen over
/// the weekend" and "over 100 since March" are both possible).
pub fn same_period(a: &DateWindow, b: &DateWindow, tolerance: i64) -> bool {
    let day = |d| DateWindow {
        from: d,
        to: d,
        precision: 1,
    };
    gap_days(&day(a.from), &day(b.from)) <= tolerance
        && gap_days(&day(a.to), &day(b.to)) <= tolerance
}

pub fn fmt_window(w: &DateWindow) -> String {
    if w.from == w.to {
        w.from.to_string()
    } else {
        format!("{} to {}", w.from, w.to)
    }
}

pub fn fmt_range(q: &Quantity) -> String {
    let n = match q.range.hi {
        Some(hi) if hi == q.range.lo => format!("{hi}"),
        Some(hi) => format!("{}-{}", q.range.lo, hi),
        None => format!("at least {}", q.range.lo),
    };
    if q.noun.is_empty() {
        n
    } else {
        format!("{n} {}", q.noun)
    }
}

/// Compares report claim `c` (item `item`) with the scored claim `s`.
pub fn compare(
    config: &ScoreConfig,
    events: &Events,
    s: &View<'_>,
    c: &Claim,
    c_actor_key: Option<&str>,
    item: usize,
) -> Option<Hit> {
    use Polarity::{Asserted, Denied};
    // Implication ("a capture implies an attack") is about one target; a
    // tally of captures in a township is not a report of fighting there.
    if c.event != s.event && (s.target.is_none() || c.target.is_none()) {
        return None;
    }
    // `asserting`: the report claim is an assertion (general evidence only
    // coarsely supports a specific claim; a specific report is a claim of
    // its own, not support for a township-wide tally); otherwise it is a
    // denial (a general denial covers every specific claim, a specific
    // denial says nothing of the general).
    let (role, asserting) = match (s.polarity, c.polarity) {
        (Asserted, Asserted) if events.entails(c.event, s.event) => (Role::Support, true),
        (Asserted, Denied) if events.entails(s.event, c.event) => (Role::Contra, false),
        (Denied, Denied) if events.entails(s.event, c.event) => (Role::Support, false),
        (Denied, Asserted) if events.entails(c.event, s.event) => (Role::Contra, true),
        _ => return None,
    };
    let two_sided =
        config.two_sided_events.contains(&s.event) && config.two_sided_events.contains(&c.event);
    if let (Some(a), Some(b), false) = (s.actor_key.as_deref(), c_actor_key, two_sided) {
        if a != b {
            return None;
        }
    }
    let mut notes = Vec::new();
    let scope = scope(s, c, config.coarse_levels, &mut notes);
    let kind = match (scope, asserting) {
        (Scope::Disjoint, _) => return None,
        (Scope::Same, _) | (Scope::Broader, false) => MatchKind::Exact,
        (Scope::Broader, true) => MatchKind::Coarse,
        (Scope::Narrower, true) if s.polarity == Polarity::Denied => MatchKind::Exact,
        (Scope::Narrower, _) => return None,
    };
    if kind == MatchKind::Coarse {
        let place = c.place.as_ref().map_or("", |p| p.name.as_str());
        notes.push(format!(
            "{}: only through the enclosing place {place}",
            c.report_id
        ));
    }
    if c.event != s.event {
        let how = if events.entails(c.event, s.event) {
            "implies"
        } else {
            "is implied by"
        };
        notes.push(format!(
            "{}: about {} {} ({} {how} {})",
            c.report_id, c.polarity, c.event, c.event, s.event
        ));
    }
    if let (Some(sw), Some(cw)) = (&s.window, &c.window) {
        let gap = gap_days(sw, cw);
        if gap > config.date_tolerance_days {
            return None;
        }
        if gap > 0 {
            notes.push(format!(
                "{}: {DATE_NOTE}: says {}, the claim {} ({gap} day(s) apart, within the {}-day tolerance)",
                c.report_id,
                fmt_window(cw),
                fmt_window(sw),
                config.date_tolerance_days
            ));
        }
    }
    let mut role = role;
    let same_period = match (&s.window, &c.window) {
        (Some(a), Some(b)) => same_period(a, b, config.date_tolerance_days),
        _ => true,
    };
    if let (Some(sq), Some(cq), true) = (&s.quantity, &c.quantity, same_period) {
        let (sn, cn) = (fold_name(&sq.noun), fold_name(&cq.noun));
        if !sn.is_empty() && !cn.is_empty() && sn != cn {
            // Different counts of one event ("killed", "injured"): not comparable.
        } else if scope == Scope::Broader && cq.range.hi.map_or(true, |hi| sq.range.lo <= hi) {
            // A count over an enclosing place ("more than 90 outposts across
            // the state") is a total the claim's count is part of: it only
            // disagrees when the part could exceed the whole.
            notes.push(format!(
                "{}: says {} over the enclosing place",
                c.report_id,
                fmt_range(cq)
            ));
        } else if !sq.range.overlaps(&cq.range) {
            notes.push(format!(
                "{}: {NUMBER_NOTE}: says {}, the claim {}",
                c.report_id,
                fmt_range(cq),
                fmt_range(sq)
            ));
            role = Role::Contra;
        } else if sq.range != cq.range {
            notes.push(format!("{}: says {}", c.report_id, fmt_range(cq)));
        }
    }
    Some(Hit {
        item,
        role,
        kind,
        notes,
    })
}

/// Candidate lookup: report claims by (event family, target), by (family,
/// place) for claims without a target, and by (family, enclosing place) for
/// claims inside a place.
#[derive(Debug, Default)]
pub struct Index<'a> {
    by_target: HashMap<(usize, &'a str), Vec<usize>>,
    by_place: HashMap<(usize, &'a str), Vec<usize>>,
    by_within: HashMap<(usize, &'a str), Vec<usize>>,
}

impl<'a> Index<'a> {
    pub fn new<'c>(
        events: &Events,
        claims: impl Iterator<Item = &'a Claim>,
        levels: usize,
    ) -> Index<'a> {
        let mut ix = Index::default();
        for (i, c) in claims.enumerate() {
            let f = events.family(c.event);
            let place = c.place.as_ref().map_or("", |p| p.id.as_str());
            match &c.target {
                Some(t) => {
                    ix.by_target.entry((f, t.id.as_str())).or_default().push(i);
                    if !place.is_empty() {
                        ix.by_within.entry((f, place)).or_default().push(i);
                    }
                }
                None => ix.by_place.entry((f, place)).or_default().push(i),
            }
            for p in c.place_parents.iter().take(levels) {
                ix.by_within.entry((f, p.as_str())).or_default().push(i);
            }
        }
        ix
    }

    /// Every report claim that may match `s`, sorted and without repeats.
    pub fn candidates(&self, events: &Events, s: &View<'_>, levels: usize) -> Vec<usize> {
        let f = events.family(s.event);
        let mut out = Vec::new();
        let mut add = |m: &HashMap<(usize, &'a str), Vec<usize>>, k: &str| {
            if let Some(v) = m.get(&(f, k)) {
                out.extend_from_slice(v);
            }
        };
        let place = s.place.map_or("", |p| p.id.as_str());
        match s.target {
            Some(t) => {
                add(&self.by_target, &t.id);
                for p in near(s.place, s.parents, levels) {
                    add(&self.by_place, p);
                }
            }
            None => {
                add(&self.by_place, place);
                if !place.is_empty() {
                    for p in s.parents.iter().take(levels) {
                        add(&self.by_place, p);
                    }
                    add(&self.by_within, place);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
