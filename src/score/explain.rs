//! The evidence ledger of a scored claim, shared by `report.md` and
//! `corroborate explain`: per origin its reports, kind, affiliation, weight
//! and how it was computed, how it matched, and its date or number
//! disagreements. Works on a [`ScoredClaim`] alone (as read back from
//! `report.json`), so it needs neither the config nor the run.

use std::fmt::Write;

use crate::model::{MatchKind, Origin, Polarity, ScoredClaim};

use super::matching::{fmt_range, fmt_window};

/// One line of the ledger; `depth` 0 is a heading-level line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub depth: usize,
    pub text: String,
}

/// A short human title: "capture of LIB 321 in Shwe Nyaungbin by kia".
pub fn title(c: &ScoredClaim) -> String {
    let mut t = c.event.as_str().to_string();
    if let Some(target) = &c.target {
        let _ = write!(t, " of {}", target.name);
    }
    if let Some(place) = &c.place {
        let _ = write!(t, " in {}", place.name);
    }
    if let Some(actor) = &c.actor {
        let _ = write!(t, " by {actor}");
    }
    if let Some(q) = &c.quantity {
        let _ = write!(t, " ({})", fmt_range(q));
    }
    if c.polarity == Polarity::Denied {
        t = format!("no {t} (denial)");
    }
    t
}

/// `title`, then the time window.
pub fn heading(c: &ScoredClaim) -> String {
    match &c.window {
        Some(w) => format!("{}, {}", title(c), fmt_window(w)),
        None => title(c),
    }
}

fn push(out: &mut Vec<Line>, depth: usize, text: String) {
    out.push(Line { depth, text });
}

fn origin_lines(out: &mut Vec<Line>, o: &Origin) {
    let speaks = match &o.party {
        Some(p) => format!("speaks for {p}"),
        None => "speaks for no party".to_string(),
    };
    push(
        out,
        1,
        format!(
            "{:+.2} {} [{}]: {}, affiliation {}, {speaks}",
            o.contribution, o.label, o.key, o.kind, o.affiliation
        ),
    );
    let mut formula = format!(
        "weight {:.2} = base {:.2} ({})",
        o.weight, o.base_weight, o.kind
    );
    if (o.interest - 1.0).abs() > f64::EPSILON {
        let _ = write!(formula, " x interest {:.2}", o.interest);
        if !o.interest_note.is_empty() {
            let _ = write!(formula, " ({})", o.interest_note);
        }
    }
    let before = o.base_weight * o.interest;
    let mut why = Vec::new();
    if o.hedged {
        why.push("hedged");
    }
    if o.match_kind == MatchKind::Coarse {
        why.push("coarse match");
    }
    if !why.is_empty() && before > 0.0 {
        let _ = write!(formula, " x {:.2} ({})", o.weight / before, why.join(", "));
    } else if before > 1.0 {
        formula.push_str(" (capped at 1)");
    }
    push(out, 2, formula);
    push(
        out,
        2,
        match o.match_kind {
            MatchKind::Exact => "matched exactly (same target or place, or one inside it)".into(),
            MatchKind::Coarse => "matched coarsely: only through an enclosing place".into(),
        },
    );
    push(
        out,
        2,
        format!("reports ({}): {}", o.reports.len(), o.reports.join(", ")),
    );
    if !o.chain.is_empty() {
        push(out, 2, format!("attribution: {}", o.chain.join(" <- ")));
    }
    for n in &o.notes {
        push(out, 2, format!("note: {n}"));
    }
}

/// The ledger of one claim.
pub fn ledger(c: &ScoredClaim) -> Vec<Line> {
    let mut out = Vec::new();
    push(
        &mut out,
        0,
        format!(
            "verdict {}; score {:.2} (support {:.2}, contradiction {:.2}); {} independent origin(s), {} report(s) support, {} contradict",
            c.verdict,
            c.score,
            c.support_score,
            c.contra_score,
            c.origins.len(),
            c.supporting.len(),
            c.contradicting.len()
        ),
    );
    push(&mut out, 0, "why:".into());
    for r in &c.reasons {
        push(&mut out, 1, r.clone());
    }
    push(
        &mut out,
        0,
        format!("supporting origins ({}), heaviest first:", c.origins.len()),
    );
    for o in &c.origins {
        origin_lines(&mut out, o);
    }
    if !c.coarse_origins.is_empty() {
        push(
            &mut out,
            0,
            format!(
                "coarse support ({}), through an enclosing place only, not counted as origins:",
                c.coarse_origins.len()
            ),
        );
        for o in &c.coarse_origins {
            origin_lines(&mut out, o);
        }
    }
    if !c.contra_origins.is_empty() {
        push(
            &mut out,
            0,
            format!("contradicting origins ({}):", c.contra_origins.len()),
        );
        for o in &c.contra_origins {
            origin_lines(&mut out, o);
        }
    }
    out
}

/// The ledger as plain text for a terminal.
pub fn render_text(c: &ScoredClaim) -> String {
    let mut s = format!("{} ({})\n", heading(c), c.claim_id);
    for l in ledger(c) {
        let _ = writeln!(s, "{}{}", "  ".repeat(l.depth), l.text);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityKind, EntityRef, Event, SourceKind, Verdict};

    #[test]
    fn title_names_denials_and_quantities() {
        let c = ScoredClaim {
            claim_id: "c1".into(),
            event: Event::Casualties,
            polarity: Polarity::Denied,
            target: None,
            place: Some(EntityRef {
                id: "v".into(),
                name: "Village".into(),
                kind: EntityKind::Place,
            }),
            actor: None,
            window: None,
            quantity: Some(crate::model::Quantity {
                range: crate::model::Interval { lo: 5, hi: None },
                noun: "wounded".into(),
            }),
            verdict: Verdict::SingleSource,
            score: 0.3,
            origins: vec![Origin {
                key: "outlet:x".into(),
                label: "X".into(),
                kind: SourceKind::Media,
                affiliation: "independent".into(),
                reports: vec!["r1".into(), "r2".into()],
                chain: vec!["residents".into(), "X".into()],
                base_weight: 0.6,
                interest: 1.0,
                hedged: true,
                weight: 0.42,
                match_kind: MatchKind::Exact,
                notes: vec![],
                party: None,
                interest_note: String::new(),
                contribution: 0.42,
            }],
            contra_origins: vec![],
            supporting: vec!["r1".into(), "r2".into()],
            contradicting: vec![],
            reasons: vec!["single-source: one origin".into()],
            favours: None,
            harms: None,
            support_score: 0.42,
            contra_score: 0.0,
            coarse_origins: vec![],
        };
        assert_eq!(
            title(&c),
            "no casualties in Village (at least 5 wounded) (denial)"
        );
        let text = render_text(&c);
        assert!(
            text.contains("weight 0.42 = base 0.60 (media) x 0.70 (hedged)"),
            "{text}"
        );
        assert!(text.contains("reports (2): r1, r2"), "{text}");
        assert!(text.contains("attribution: residents <- X"), "{text}");
    }
}
