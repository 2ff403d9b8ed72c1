//! One input record, format-independent, and its validation into a [`Report`].

use crate::config::InputConfig;
use crate::model::{Date, HandClaim, Provenance, Report, SourceKind};

/// A record as read from any format: field values as text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RawRecord {
    /// 1-based line where the record starts.
    pub line: u64,
    pub id: Option<String>,
    pub source: Option<String>,
    pub kind: Option<String>,
    pub affiliation: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
    pub url: Option<String>,
    pub cites: Vec<String>,
    pub text: Option<String>,
    pub claims: Vec<HandClaim>,
    /// Names of fields that are not part of the format (ignored, counted).
    pub unknown: Vec<String>,
}

/// Field names a record may carry.
pub const FIELDS: [&str; 9] = [
    "id",
    "source",
    "kind",
    "affiliation",
    "published",
    "language",
    "url",
    "cites",
    "text",
];

impl RawRecord {
    /// Sets a text field by name; returns false for an unknown name.
    pub fn set(&mut self, name: &str, value: String) -> bool {
        let slot = match name {
            "id" => &mut self.id,
            "source" => &mut self.source,
            "kind" => &mut self.kind,
            "affiliation" => &mut self.affiliation,
            "published" => &mut self.published,
            "language" => &mut self.language,
            "url" => &mut self.url,
            "text" => &mut self.text,
            "cites" => {
                self.cites = split_cites(&value);
                return true;
            }
            _ => return false,
        };
        *slot = Some(value);
        true
    }
}

/// `a; b;;c ` -> `["a", "b", "c"]`.
pub fn split_cites(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// An id is 1–128 ASCII letters, digits and `._:/-`, starting with a letter or digit.
pub fn valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    (1..=128).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b".:/_-".contains(b))
}

/// Parses an ISO 8601 date or date-time; returns the date part as written.
pub fn parse_published(s: &str) -> Option<Date> {
    let s = s.trim();
    // Years 1-9999 only: jiff also reads signed six-digit years ("-009999").
    let plausible = |d: Date| d.year() >= 1;
    if let Ok(d) = s.parse::<Date>() {
        return plausible(d).then_some(d);
    }
    let date: Date = s.get(..10)?.parse().ok()?;
    let rest_ok = s.parse::<jiff::civil::DateTime>().is_ok()
        || s.parse::<jiff::Timestamp>().is_ok()
        || s.parse::<jiff::Zoned>().is_ok();
    (rest_ok && plausible(date)).then_some(date)
}

type Invalid = (u64, String);

/// Checks a raw record against the input contract (DESIGN.md, "Input").
pub fn validate(raw: RawRecord, file: &str, config: &InputConfig) -> Result<Report, Invalid> {
    let line = raw.line;
    let fail = |reason: String| Err((line, reason));
    let required = |value: Option<String>, name: &str| match value {
        Some(v) if !v.trim().is_empty() => Ok(v),
        Some(_) if name == "text" => Err((line, "empty body (`text` is blank)".to_string())),
        _ => Err((line, format!("missing required field `{name}`"))),
    };
    let id = required(raw.id, "id")?;
    let source = required(raw.source, "source")?;
    let kind = required(raw.kind, "kind")?;
    let published_raw = required(raw.published, "published")?;
    let text = required(raw.text, "text")?;

    if !valid_id(&id) {
        return fail(format!(
            "invalid id {:?}: use 1-128 letters, digits and ._:/- starting with a letter or digit",
            truncate(&id, 40)
        ));
    }
    let Some(kind) = SourceKind::parse(kind.trim()) else {
        return fail(format!(
            "unknown kind {:?}: expected one of statement, media, resident, official, social, ngo",
            truncate(&kind, 40)
        ));
    };
    let Some(published) = parse_published(&published_raw) else {
        return fail(format!(
            "bad date {:?} in `published`: expected ISO 8601, e.g. 2024-05-20 or 2024-05-20T08:30:00+06:30",
            truncate(&published_raw, 40)
        ));
    };
    let fields = [
        ("source", Some(&source)),
        ("text", Some(&text)),
        ("affiliation", raw.affiliation.as_ref()),
        ("language", raw.language.as_ref()),
        ("url", raw.url.as_ref()),
    ];
    for (name, value) in fields {
        if value.is_some_and(|v| v.contains('\0')) {
            return fail(format!("NUL byte in `{name}`"));
        }
    }
    if raw.cites.iter().any(|c| c.contains('\0')) {
        return fail("NUL byte in `cites`".to_string());
    }
    for (i, c) in raw.claims.iter().enumerate() {
        if let (Some(lo), Some(hi)) = (c.quantity_min, c.quantity_max) {
            if hi < lo {
                return fail(format!(
                    "claims[{}]: quantity_max {hi} is below quantity_min {lo}",
                    i + 1
                ));
            }
        }
    }
    if text.len() > config.max_body_bytes {
        return fail(format!(
            "body of {} bytes is over the limit of {} bytes (input.max_body_bytes)",
            text.len(),
            config.max_body_bytes
        ));
    }
    let nonempty = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(Report {
        id,
        source: source.trim().to_string(),
        kind,
        affiliation: nonempty(raw.affiliation)
            .map(|a| a.to_lowercase())
            .unwrap_or_else(|| "unknown".into()),
        published,
        published_raw: published_raw.trim().to_string(),
        language: nonempty(raw.language).unwrap_or_else(|| "und".into()),
        url: nonempty(raw.url),
        cites: raw.cites,
        text,
        hand_claims: raw.claims,
        provenance: Provenance {
            file: file.to_string(),
            line,
        },
    })
}

/// The first `n` characters of `s`, with `…` when cut.
pub fn truncate(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(valid_id("kia-stmt-0519"));
        assert!(valid_id("a"));
        assert!(valid_id("src:2024/05.x_y"));
        assert!(!valid_id(""));
        assert!(!valid_id("-lead"));
        assert!(!valid_id("has space"));
        assert!(!valid_id("=cmd()"));
        assert!(!valid_id(&"x".repeat(129)));
        assert!(valid_id(&"x".repeat(128)));
    }

    #[test]
    fn dates() {
        let d = |s: &str| parse_published(s).map(|d| d.to_string());
        assert_eq!(d("2024-05-20").as_deref(), Some("2024-05-20"));
        assert_eq!(d("2024-05-20T08:30:00").as_deref(), Some("2024-05-20"));
        assert_eq!(
            d("2024-05-20T08:30:00+06:30").as_deref(),
            Some("2024-05-20")
        );
        assert_eq!(d("2024-05-20T02:00:00Z").as_deref(), Some("2024-05-20"));
        assert_eq!(d("2024-02-30"), None);
        assert_eq!(d("20 May 2024"), None);
        assert_eq!(d("2024-05-20Tnonsense"), None);
        assert_eq!(d("-009999-01-01"), None);
        assert_eq!(d("0000-01-01"), None);
        assert_eq!(d("9999-12-31").as_deref(), Some("9999-12-31"));
    }

    #[test]
    fn cites_split() {
        assert_eq!(split_cites(" a; b;;c "), vec!["a", "b", "c"]);
        assert!(split_cites("").is_empty());
    }
}
