//! `acled.csv`: corroborated, partisan and contested event claims under ACLED's
//! column names, so the result drops into ACLED-style workflows.
//!
//! ACLED codes one row per event with one date; a claim's window becomes
//! `event_date` = the window's first day and `time_precision` = the window's
//! precision (undated claims: the first supporting report's date, precision
//! 3, and a note). `geo_precision` follows ACLED: 1 for a town or village (or a
//! point inside one), 2 for a position or area near it, 3 for a township or
//! larger. `admin1..3` are the enclosing state/region, district and township
//! (ACLED's Myanmar convention), from the gazetteer's `level` column; a
//! gazetteer without districts leaves `admin2` empty. Verdict, origins and
//! score go into `notes` and `tags`.

use std::collections::BTreeMap;

use super::{csv_bytes, csv_safe, fmt_score};
use crate::config::OutputConfig;
use crate::model::{Polarity, Scored, ScoredClaim, Verdict};

pub const COLUMNS: [&str; 22] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
];

fn wanted(c: &ScoredClaim) -> bool {
    c.polarity == Polarity::Asserted
        && matches!(
            c.verdict,
            Verdict::Corroborated | Verdict::Partisan | Verdict::Contested
        )
}

fn geo_precision(level: Option<&str>) -> &'static str {
    match level {
        Some("town" | "village") => "1",
        Some("township" | "state" | "country") => "3",
        _ => "2",
    }
}

pub fn render(scored: &Scored, config: &OutputConfig) -> Vec<u8> {
    let sources: BTreeMap<&str, &str> = scored
        .reports
        .iter()
        .map(|r| (r.report_id.as_str(), r.source.as_str()))
        .collect();
    let published: BTreeMap<&str, crate::model::Date> = scored
        .reports
        .iter()
        .map(|r| (r.report_id.as_str(), r.published))
        .collect();
    let name_of = |id: &str| {
        scored
            .entities
            .get(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    };
    csv_bytes(&COLUMNS, |w| {
        for c in scored.claims.iter().filter(|c| wanted(c)) {
            let (event_type, sub_event_type) = c.event.acled();
            let disorder = if event_type == "Strategic developments" {
                "Strategic developments"
            } else {
                "Political violence"
            };
            let place = c
                .place
                .as_ref()
                .or(c.target.as_ref())
                .and_then(|p| scored.entities.get(&p.id));
            let level_name = |level: &str| {
                place.and_then(|p| {
                    p.level
                        .as_deref()
                        .filter(|l| *l == level)
                        .map(|_| p.name.clone())
                        .or_else(|| {
                            p.ancestors
                                .iter()
                                .find(|(l, _)| l == level)
                                .map(|(_, n)| n.clone())
                        })
                })
            };
            let coords = |f: fn(&crate::model::EntityInfo) -> Option<f64>| {
                place
                    .and_then(f)
                    .map(|x| format!("{x:.4}"))
                    .unwrap_or_default()
            };
            let mut srcs: Vec<&str> = c
                .supporting
                .iter()
                .filter_map(|id| sources.get(id.as_str()).copied())
                .collect();
            srcs.sort();
            srcs.dedup();
            let fatalities = c
                .quantity
                .as_ref()
                .filter(|q| {
                    let last = q.noun.split_whitespace().next_back().unwrap_or("");
                    config.fatality_nouns.iter().any(|n| n == last)
                })
                .map(|q| q.range.lo.to_string())
                .unwrap_or_default();
            // ACLED needs a date: a claim whose reports give none is dated by
            // its first report, at the coarsest precision, and says so in notes.
            let first_report = c
                .supporting
                .iter()
                .filter_map(|id| published.get(id.as_str()))
                .min();
            let (date, precision, undated) = match (c.window, first_report) {
                (Some(w), _) => (Some(w.from), w.precision.to_string(), false),
                (None, Some(d)) => (Some(*d), "3".to_string(), true),
                (None, None) => (None, String::new(), true),
            };
            let year = date.map(|d| d.year().to_string()).unwrap_or_default();
            let date = date.map(|d| d.to_string()).unwrap_or_default();
            let mut notes = format!(
                "{}: {} independent origin(s), score {}; claim {}",
                super::markdown::title(c),
                c.origins.len(),
                fmt_score(c.score),
                c.claim_id
            );
            if undated {
                notes.push_str("; date not stated, event_date is the first report's");
            }
            w.write_record([
                c.claim_id.as_str(),
                &date,
                &year,
                &precision,
                disorder,
                event_type,
                sub_event_type,
                &csv_safe(&c.actor.as_deref().map(name_of).unwrap_or_default()),
                &csv_safe(c.target.as_ref().map_or("", |t| t.name.as_str())),
                &csv_safe(&level_name("country").unwrap_or_default()),
                &csv_safe(&level_name("state").unwrap_or_default()),
                // ACLED's Myanmar rows: admin1 state/region, admin2 district,
                // admin3 township.
                &csv_safe(&level_name("district").unwrap_or_default()),
                &csv_safe(&level_name("township").unwrap_or_default()),
                &csv_safe(place.map_or("", |p| p.name.as_str())),
                &coords(|p| p.lat),
                &coords(|p| p.lon),
                geo_precision(place.and_then(|p| p.level.as_deref())),
                &csv_safe(&srcs.join("; ")),
                "",
                &csv_safe(&notes),
                &fatalities,
                c.verdict.as_str(),
            ])?;
        }
        Ok(())
    })
}
