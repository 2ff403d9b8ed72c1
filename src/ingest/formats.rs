//! Readers for the three input formats. Each turns a file's bytes into one
//! result per record: a [`RawRecord`] or `(line, reason)`.

use super::record::{split_cites, RawRecord, FIELDS};
use crate::model::HandClaim;

type Item = Result<RawRecord, (u64, String)>;

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

fn utf8_error(bytes: &[u8], e: std::str::Utf8Error, first_line: u64) -> (u64, String) {
    let at = e.valid_up_to();
    let line = first_line + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64;
    (
        first_line,
        format!("invalid UTF-8 at byte {at} (line {line}); save the file as UTF-8"),
    )
}

/// `.md`: TOML front matter between `+++` lines, then the body. One record per file.
pub fn markdown(bytes: &[u8]) -> Vec<Item> {
    vec![markdown_record(strip_bom(bytes))]
}

fn markdown_record(bytes: &[u8]) -> Item {
    let text = std::str::from_utf8(bytes).map_err(|e| utf8_error(bytes, e, 1))?;
    let text = text.replace("\r\n", "\n");
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err((
            1,
            "missing front matter: the file must start with a line `+++`".into(),
        ));
    }
    let mut offset = first.len();
    let mut front_end = None;
    for line in lines {
        if line.trim_end() == "+++" {
            front_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((front_end, body_start)) = front_end else {
        return Err((1, "unclosed front matter: no closing `+++` line".into()));
    };
    let front = &text[first.len()..front_end];
    let table: toml::Table = front.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map(|s| front[..s.start].matches('\n').count() as u64 + 2)
            .unwrap_or(1);
        (
            1,
            format!("front matter line {line}: {}", e.message().trim_end()),
        )
    })?;
    let mut raw = RawRecord {
        line: 1,
        ..RawRecord::default()
    };
    for (key, value) in table {
        if key == "claims" {
            raw.claims = toml_claims(value)?;
            continue;
        }
        if key == "text" {
            return Err((
                1,
                "`text` is not allowed in front matter: the body follows the closing `+++`".into(),
            ));
        }
        if !FIELDS.contains(&key.as_str()) {
            raw.unknown.push(key);
            continue;
        }
        let value = match value {
            toml::Value::String(s) => s,
            toml::Value::Datetime(d) if key == "published" => d.to_string(),
            toml::Value::Array(items) if key == "cites" => {
                raw.cites = string_list(items.into_iter().map(|v| match v {
                    toml::Value::String(s) => Some(s),
                    _ => None,
                }))
                .ok_or((1, "`cites` must be a list of strings".to_string()))?;
                continue;
            }
            other => {
                return Err((
                    1,
                    format!("field `{key}` must be a string, not {}", other.type_str()),
                ))
            }
        };
        raw.set(&key, value);
    }
    let body = &text[body_start..];
    raw.text = Some(body.trim_start_matches('\n').to_string());
    Ok(raw)
}

fn string_list(items: impl Iterator<Item = Option<String>>) -> Option<Vec<String>> {
    let list: Option<Vec<String>> = items.collect();
    list.map(|l| {
        l.into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    })
}

fn toml_claims(value: toml::Value) -> Result<Vec<HandClaim>, (u64, String)> {
    let toml::Value::Array(items) = value else {
        return Err((1, "`claims` must be an array of tables ([[claims]])".into()));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, mut item)| {
            // Unquoted TOML dates (`date_from = 2024-05-26`) become strings.
            if let toml::Value::Table(t) = &mut item {
                for (_, v) in t.iter_mut() {
                    if let toml::Value::Datetime(d) = &*v {
                        *v = toml::Value::String(d.to_string());
                    }
                }
            }
            item.try_into::<HandClaim>()
                .map_err(|e| (1, format!("claims[{}]: {}", i + 1, e.message().trim_end())))
        })
        .collect()
}

/// `.jsonl`: one JSON object per line; blank lines are skipped.
#[cfg(test)]
pub fn jsonl(bytes: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    // Reading from memory cannot fail.
    let _ = jsonl_each(bytes, |item| items.push(item));
    items
}

/// [`jsonl`] read line by line from `reader`, each record handed to `each`
/// as soon as it is parsed: a large file is never held whole in memory. An
/// I/O error stops the file; the records before it stand.
pub fn jsonl_each(
    mut reader: impl std::io::BufRead,
    mut each: impl FnMut(Item),
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut n = 0u64;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        n += 1;
        let mut line: &[u8] = &buf;
        if n == 1 {
            line = strip_bom(line);
        }
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        each(json_record(line, n));
    }
}

fn json_record(line: &[u8], n: u64) -> Item {
    let text = std::str::from_utf8(line).map_err(|e| utf8_error(line, e, n))?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| (n, format!("broken JSON: {e}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err((n, "a JSON line must be an object".into()));
    };
    let mut raw = RawRecord {
        line: n,
        ..RawRecord::default()
    };
    for (key, value) in map {
        if key == "claims" {
            raw.claims = serde_json::from_value::<Vec<HandClaim>>(value)
                .map_err(|e| (n, format!("claims: {e}")))?;
            continue;
        }
        if !FIELDS.contains(&key.as_str()) {
            raw.unknown.push(key);
            continue;
        }
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => {
                raw.set(&key, s);
            }
            serde_json::Value::Array(items) if key == "cites" => {
                raw.cites = string_list(items.into_iter().map(|v| match v {
                    serde_json::Value::String(s) => Some(s),
                    _ => None,
                }))
                .ok_or((n, "`cites` must be a list of strings".to_string()))?;
            }
            _ => return Err((n, format!("field `{key}` must be a string"))),
        }
    }
    Ok(raw)
}

/// `.csv`: a header row with field names, then one record per row.
pub fn csv(bytes: &[u8]) -> Vec<Item> {
    let bytes = strip_bom(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return vec![Err((1, format!("cannot read CSV header: {e}")))],
    };
    let names: Vec<String> = match header
        .iter()
        .map(|h| std::str::from_utf8(h).map(|s| s.trim().to_string()))
        .collect::<Result<_, _>>()
    {
        Ok(n) => n,
        Err(_) => return vec![Err((1, "invalid UTF-8 in CSV header".into()))],
    };
    let unknown: Vec<String> = names
        .iter()
        .filter(|n| !FIELDS.contains(&n.as_str()) && *n != "claims")
        .cloned()
        .collect();
    // csv's own line numbers drift with CRLF line ends; count from byte offsets.
    let newlines: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_of = |byte: u64| {
        // A record may be reported as starting on the line end before it.
        let mut at = byte as usize;
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        newlines.partition_point(|&i| i < at) as u64 + 1
    };
    let mut items = Vec::new();
    let mut record = ::csv::ByteRecord::new();
    loop {
        let line = line_of(reader.position().byte());
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| line_of(p.byte()));
                items.push(csv_record(&names, &unknown, &record, line));
            }
            Err(e) => {
                let line = e.position().map_or(line, |p| line_of(p.byte()));
                items.push(Err((line, format!("broken CSV row: {e}"))));
                // csv cannot resume inside a broken quoted field reliably, but
                // it does continue at the next record for other errors.
                if matches!(e.kind(), ::csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    items
}

fn csv_record(names: &[String], unknown: &[String], record: &::csv::ByteRecord, line: u64) -> Item {
    if record.len() != names.len() {
        return Err((
            line,
            format!(
                "ragged CSV row: {} fields, the header has {}",
                record.len(),
                names.len()
            ),
        ));
    }
    let mut raw = RawRecord {
        line,
        unknown: unknown.to_vec(),
        ..RawRecord::default()
    };
    for (name, cell) in names.iter().zip(record.iter()) {
        let value = std::str::from_utf8(cell).map_err(|e| {
            (
                line,
                format!(
                    "invalid UTF-8 in column `{name}` at byte {}",
                    e.valid_up_to()
                ),
            )
        })?;
        if name == "claims" {
            if !value.trim().is_empty() {
                raw.claims = serde_json::from_str(value)
                    .map_err(|e| (line, format!("claims (JSON in CSV): {e}")))?;
            }
            continue;
        }
        if value.is_empty() && name != "text" {
            continue;
        }
        if name == "cites" {
            raw.cites = split_cites(value);
        } else {
            raw.set(name, value.replace("\r\n", "\n"));
        }
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(items: Vec<Item>) -> Item {
        assert_eq!(items.len(), 1, "{items:?}");
        items.into_iter().next().unwrap()
    }

    #[test]
    fn markdown_with_claims_bom_and_crlf() {
        let src = "\u{feff}+++\r\nid = \"a\"\r\nsource = \"S\"\r\nkind = \"media\"\r\npublished = 2024-05-20\r\ncites = [\"KIA\"]\r\nextra = 1\r\n[[claims]]\r\nevent = \"capture\"\r\ntarget = \"LIB 321\"\r\n+++\r\nBody\r\nline\r\n";
        let raw = one(markdown(src.as_bytes())).unwrap();
        assert_eq!(raw.id.as_deref(), Some("a"));
        assert_eq!(raw.published.as_deref(), Some("2024-05-20"));
        assert_eq!(raw.cites, vec!["KIA"]);
        assert_eq!(raw.unknown, vec!["extra"]);
        assert_eq!(raw.claims.len(), 1);
        assert_eq!(raw.claims[0].target.as_deref(), Some("LIB 321"));
        assert_eq!(raw.text.as_deref(), Some("Body\nline\n"));
    }

    #[test]
    fn markdown_errors() {
        let e = |s: &str| one(markdown(s.as_bytes())).unwrap_err().1;
        assert!(e("+++\nid = \"a\"\nbody").contains("unclosed"));
        assert!(e("no front matter").contains("missing front matter"));
        assert!(e("+++\nid = \n+++\n").contains("front matter line 2"));
        assert!(e("+++\n[[claims]]\nevent = \"picnic\"\n+++\n").contains("claims[1]"));
        let bad = one(markdown(b"+++\nid=\"a\"\n+++\n\xff\xfe")).unwrap_err();
        assert!(bad.1.contains("invalid UTF-8"), "{bad:?}");
    }

    #[test]
    fn jsonl_lines() {
        let src = b"{\"id\":\"a\",\"cites\":[\"x\",\"y\"]}\r\n\n{broken\n[1]\n{\"id\":\"\xff\"}\n";
        let items = jsonl(src);
        assert_eq!(items.len(), 4);
        assert_eq!(items[0].as_ref().unwrap().cites, vec!["x", "y"]);
        assert_eq!(items[1].as_ref().unwrap_err().0, 3);
        assert!(items[1].as_ref().unwrap_err().1.contains("broken JSON"));
        assert!(items[2].as_ref().unwrap_err().1.contains("object"));
        assert_eq!(items[3].as_ref().unwrap_err().0, 5);
    }

    #[test]
    fn jsonl_streams_across_buffer_boundaries() {
        // A BOM, CRLF, a blank line, a last line without a newline; read
        // through a 3-byte buffer the records and their lines are the same
        // as from memory.
        let src = "\u{feff}{\"id\":\"a\",\"text\":\"ခမရ ၃၂၁\"}\r\n\n{\"id\":\"b\"}\n{broken";
        let whole = jsonl(src.as_bytes());
        let mut streamed = Vec::new();
        jsonl_each(
            std::io::BufReader::with_capacity(3, src.as_bytes()),
            |item| streamed.push(item),
        )
        .unwrap();
        let lines = |items: &[Item]| -> Vec<u64> {
            items
                .iter()
                .map(|i| match i {
                    Ok(r) => r.line,
                    Err((line, _)) => *line,
                })
                .collect()
        };
        assert_eq!(lines(&whole), vec![1, 3, 4]);
        assert_eq!(lines(&streamed), lines(&whole));
        assert_eq!(streamed[0].as_ref().unwrap().id.as_deref(), Some("a"));
        assert_eq!(
            streamed[0].as_ref().unwrap().text.as_deref(),
            Some("ခမရ ၃၂၁")
        );
        assert!(streamed[2].as_ref().unwrap_err().1.contains("broken JSON"));
    }

    #[test]
    fn csv_rows() {
        let src = "\u{feff}id,source,kind,published,text,cites,note\r\na,S,media,2024-05-20,\"multi\r\nline\",x;y,n\r\nb,S\r\nc,S,media,2024-05-20,t,,n\r\n";
        let items = csv(src.as_bytes());
        assert_eq!(items.len(), 3, "{items:?}");
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.line, 2);
        assert_eq!(a.cites, vec!["x", "y"]);
        assert_eq!(a.text.as_deref(), Some("multi\nline"));
        assert_eq!(a.unknown, vec!["note"]);
        let b = items[1].as_ref().unwrap_err();
        assert_eq!(b.0, 4);
        assert!(b.1.contains("ragged"));
        assert_eq!(items[2].as_ref().unwrap().line, 5);
    }
}
