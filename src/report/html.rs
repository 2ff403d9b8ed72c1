//! `report.html`: one self-contained page (no network): a claims table with
//! verdict badges, an SVG chart of origins per claim, an SVG timeline and each
//! claim's evidence. All report text is escaped; only http(s) URLs are linked.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::markdown::title;
use crate::model::{Scored, ScoredClaim, Verdict};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The URL if it is a plain http(s) URL that is safe to link, else None.
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim().to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then_some(url.trim())
}

fn color(v: Verdict) -> &'static str {
    match v {
        Verdict::Corroborated => "#1b7837",
        Verdict::Contested => "#b2182b",
        Verdict::Partisan => "#d6604d",
        Verdict::SingleSource => "#777777",
    }
}

/// Claims in reading order: verdict, then score (highest first), then id.
fn ordered(scored: &Scored) -> Vec<&ScoredClaim> {
    let mut claims: Vec<&ScoredClaim> = scored.claims.iter().collect();
    claims.sort_by(|a, b| {
        a.verdict
            .cmp(&b.verdict)
            .then(b.score.total_cmp(&a.score))
            .then(a.claim_id.cmp(&b.claim_id))
    });
    claims
}

fn origins_chart(out: &mut String, claims: &[&ScoredClaim]) {
    let row = 18;
    let label_w = 330;
    let unit = 40;
    let max = claims
        .iter()
        .map(|c| c.origins.len().max(c.contra_origins.len()))
        .max()
        .unwrap_or(1)
        .max(1);
    let width = label_w + unit * max + 60;
    let height = row * claims.len() + 24;
    let _ = writeln!(
        out,
        r#"<svg role="img" aria-label="Independent origins per claim" width="{width}" height="{height}" viewBox="0 0 {width} {height}">"#
    );
    for (i, c) in claims.iter().enumerate() {
        let y = i * row + 4;
        let n = c.origins.len();
        let k = c.contra_origins.len();
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text><rect x="{}" y="{}" width="{}" height="7" fill="{}"><title>{} supporting origin(s)</title></rect><rect x="{}" y="{}" width="{}" height="5" fill="#555555"><title>{} contradicting origin(s)</title></rect><text x="{}" y="{}" font-size="10">{}/{}</text>"##,
            label_w - 6,
            y + 11,
            escape(&title(c)),
            label_w,
            y + 2,
            unit * n,
            color(c.verdict),
            n,
            label_w,
            y + 10,
            unit * k,
            k,
            label_w + unit * n.max(k) + 4,
            y + 11,
            n,
            k,
        );
    }
    let _ = writeln!(
        out,
        r#"<text x="{label_w}" y="{}" font-size="10">bars: supporting origins (colour = verdict) / contradicting origins (grey)</text></svg>"#,
        height - 4
    );
}

fn timeline(out: &mut String, claims: &[&ScoredClaim]) {
    let dated: Vec<&&ScoredClaim> = claims.iter().filter(|c| c.window.is_some()).collect();
    let Some(first) = dated.iter().filter_map(|c| c.window).map(|w| w.from).min() else {
        out.push_str("<p>No dated claims.</p>\n");
        return;
    };
    let last = dated
        .iter()
        .filter_map(|c| c.window)
        .map(|w| w.to)
        .max()
        .unwrap_or(first);
    let days = |d: crate::model::Date| (d - first).get_days().max(0) as usize;
    let span = days(last) + 1;
    let (left, day_w, row) = (330usize, (600 / span).clamp(4, 40), 16usize);
    let width = left + day_w * span + 20;
    let height = row * dated.len() + 30;
    let _ = writeln!(
        out,
        r#"<svg role="img" aria-label="Timeline of claims" width="{width}" height="{height}" viewBox="0 0 {width} {height}">"#
    );
    for (i, c) in dated.iter().enumerate() {
        let w = c.window.expect("filtered");
        let y = i * row + 4;
        let x = left + days(w.from) * day_w;
        let len = (days(w.to) - days(w.from) + 1) * day_w;
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text><rect x="{x}" y="{}" width="{len}" height="9" fill="{}"><title>{} to {}</title></rect>"#,
            left - 6,
            y + 10,
            escape(&title(c)),
            y + 2,
            color(c.verdict),
            w.from,
            w.to
        );
    }
    let _ = writeln!(
        out,
        r#"<text x="{left}" y="{}" font-size="10">{first}</text><text x="{}" y="{}" font-size="10" text-anchor="end">{last}</text></svg>"#,
        height - 6,
        left + day_w * span,
        height - 6
    );
}

pub fn render(scored: &Scored) -> String {
    let claims = ordered(scored);
    let urls: BTreeMap<&str, &str> = scored
        .reports
        .iter()
        .filter_map(|r| Some((r.report_id.as_str(), safe_url(r.url.as_deref()?)?)))
        .collect();
    let report_link = |id: &str| match urls.get(id) {
        Some(u) => format!(
            r#"<a href="{}" rel="noopener noreferrer">{}</a>"#,
            escape(u),
            escape(id)
        ),
        None => escape(id),
    };
    let mut out = String::new();
    out.push_str(concat!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
        "<title>Corroboration report</title>\n<style>\n",
        "body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}\n",
        "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;font-size:14px}\n",
        ".badge{color:#fff;border-radius:3px;padding:1px 6px;font-size:12px;white-space:nowrap}\n",
        "details{margin:.5em 0;border-left:3px solid #ccc;padding-left:.8em}code{font-size:12px}\n",
        "</style>\n</head>\n<body>\n<h1>Corroboration report</h1>\n"
    ));
    let _ = writeln!(out, "<p>{}</p>", super::summary(scored));
    out.push_str("<h2>Claims</h2>\n<table>\n<tr><th>claim</th><th>verdict</th><th>score</th><th>origins</th><th>dates</th><th>id</th></tr>\n");
    for c in &claims {
        let dates = c
            .window
            .map(|w| format!("{} – {}", w.from, w.to))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            r##"<tr><td><a href="#{id}">{t}</a></td><td><span class="badge" style="background:{col}">{v}</span></td><td>{score:.2}</td><td>{n}</td><td>{dates}</td><td><code>{id}</code></td></tr>"##,
            id = escape(&c.claim_id),
            t = escape(&title(c)),
            col = color(c.verdict),
            v = c.verdict,
            score = c.score,
            n = c.origins.len(),
        );
    }
    out.push_str("</table>\n<h2>Independent origins per claim</h2>\n");
    origins_chart(&mut out, &claims);
    out.push_str("<h2>Timeline</h2>\n");
    timeline(&mut out, &claims);
    out.push_str("<h2>Evidence</h2>\n");
    for c in &claims {
        let _ = writeln!(
            out,
            r#"<details id="{}"><summary><span class="badge" style="background:{}">{}</span> {} — score {:.2}</summary>"#,
            escape(&c.claim_id),
            color(c.verdict),
            c.verdict,
            escape(&title(c)),
            c.score
        );
        out.push_str("<ul>\n");
        for (role, origins) in [("supports", &c.origins), ("contradicts", &c.contra_origins)] {
            for o in origins {
                let reports: Vec<String> = o.reports.iter().map(|r| report_link(r)).collect();
                let _ = writeln!(
                    out,
                    "<li>{role}: <b>{}</b> ({}, {}), weight {:.2}, {} match; reports: {}{}</li>",
                    escape(&o.label),
                    o.kind,
                    escape(&o.affiliation),
                    o.weight,
                    match o.match_kind {
                        crate::model::MatchKind::Exact => "exact",
                        crate::model::MatchKind::Coarse => "coarse",
                    },
                    reports.join(", "),
                    o.notes
                        .iter()
                        .map(|n| format!("; {}", escape(n)))
                        .collect::<String>()
                );
            }
        }
        for r in &c.reasons {
            let _ = writeln!(out, "<li>why: {}</li>", escape(r));
        }
        out.push_str("</ul>\n</details>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn links_only_http() {
        assert_eq!(
            safe_url("https://example.org/a"),
            Some("https://example.org/a")
        );
        assert_eq!(safe_url("HTTP://example.org"), Some("HTTP://example.org"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,x"), None);
        assert_eq!(safe_url("https://a b"), None);
    }
}
