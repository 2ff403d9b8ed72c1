//! A folder of hostile input files: every bad row lands in `rejected.csv` with
//! file, line and reason; good reports in the same files survive; nothing
//! panics and the run exits 0 (1 with `--strict`).

use std::path::{Path, PathBuf};
use std::process::Command;

use corroborate::config::InputConfig;
use corroborate::ingest;

const GOOD_FRONT: &str = "source = \"Good Outlet\"\nkind = \"media\"\npublished = \"2024-05-20\"\n";

fn md(id: &str, extra: &str, body: &str) -> String {
    format!("+++\nid = \"{id}\"\n{GOOD_FRONT}{extra}+++\n{body}\n")
}

/// Writes the hostile folder; returns the ids of the good reports in it.
fn hostile(dir: &Path) -> Vec<&'static str> {
    let w = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    w(
        "a-good.md",
        md("good-md", "", "Fighting in Waingmaw.").as_bytes(),
    );
    // A UTF-8 BOM and CRLF line ends are accepted.
    w(
        "b-bom-crlf.md",
        format!("\u{feff}{}", md("good-bom", "", "Body."))
            .replace('\n', "\r\n")
            .as_bytes(),
    );
    let mut bad_utf8 = md("bad-utf8", "", "Body ").into_bytes();
    bad_utf8.extend_from_slice(b"\xff\xfe broken\n");
    w("c-invalid-utf8.md", &bad_utf8);
    w(
        "d-missing-source.md",
        b"+++\nid = \"no-source\"\nkind = \"media\"\npublished = \"2024-05-20\"\n+++\nBody\n",
    );
    w(
        "e-unknown-kind.md",
        md("x", "", "B").replace("\"media\"", "\"blog\"").as_bytes(),
    );
    w(
        "f-bad-date.md",
        md("x", "", "B")
            .replace("2024-05-20", "2024-13-45")
            .as_bytes(),
    );
    w("g-dup-first.md", md("dup", "", "First copy.").as_bytes());
    w("h-dup-second.md", md("dup", "", "Second copy.").as_bytes());
    w(
        "i-unclosed.md",
        b"+++\nid = \"unclosed\"\nsource = \"S\"\nBody with no end\n",
    );
    w("j-empty-body.md", md("empty", "", "   ").as_bytes());
    w("k-nul.md", md("nul", "", "Body with \0 NUL").as_bytes());
    w("l-big.md", md("big", "", &"x".repeat(2048)).as_bytes());
    w("m-bad-id.md", md("=1+1", "", "B").as_bytes());
    w(
        "n-reports.jsonl",
        concat!(
            r#"{"id":"good-json","source":"S","kind":"resident","published":"2024-05-21","text":"Shelling near Katsu.","cites":["a","b"],"mood":"x"}"#,
            "\n",
            r#"{"id":"broken","source":"S""#,
            "\n\n",
            r#"{"id":"nokind","source":"S","published":"2024-05-21","text":"t"}"#,
            "\n"
        )
        .as_bytes(),
    );
    w(
        "o-reports.csv",
        b"id,source,kind,published,text,cites\ngood-csv,S,ngo,2024-05-22,Families fled.,x;y\nragged,S,ngo\n,S,ngo,2024-05-22,no id,\n",
    );
    w("p-notes.txt", b"not a report");
    w(
        "q-sub/deep.md",
        md("good-deep", "", "Deep body.").as_bytes(),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", dir.join("q-sub/loop")).unwrap();
    vec![
        "good-bom",
        "good-csv",
        "good-deep",
        "good-json",
        "good-md",
        "dup",
    ]
}

fn small_config() -> InputConfig {
    InputConfig {
        max_body_bytes: 1024,
        ..InputConfig::default()
    }
}

#[test]
fn every_bad_row_is_rejected_with_a_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hostile");
    let good = hostile(&dir);
    let got = ingest::run(std::slice::from_ref(&dir), &small_config());

    let mut ids: Vec<&str> = got.reports.iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    let mut want = good.clone();
    want.sort();
    assert_eq!(ids, want);
    // The first of two duplicate ids in (path, line) order is kept.
    let dup = got.reports.iter().find(|r| r.id == "dup").unwrap();
    assert!(dup.text.starts_with("First copy"));
    // BOM and CRLF: the text has LF only.
    let bom = got.reports.iter().find(|r| r.id == "good-bom").unwrap();
    assert_eq!(bom.text, "Body.\n");
    assert_eq!(
        got.reports
            .iter()
            .find(|r| r.id == "good-csv")
            .unwrap()
            .cites,
        vec!["x", "y"]
    );

    let name = |f: &str| f.rsplit('/').next().unwrap().to_string();
    let rejected: Vec<(String, u64, &str)> = got
        .rejected
        .iter()
        .map(|r| (name(&r.file), r.line, r.reason.as_str()))
        .collect();
    let expect = [
        ("c-invalid-utf8.md", 1, "invalid UTF-8"),
        ("d-missing-source.md", 1, "missing required field `source`"),
        ("e-unknown-kind.md", 1, "unknown kind"),
        ("f-bad-date.md", 1, "bad date"),
        ("h-dup-second.md", 1, "duplicate id `dup`"),
        ("i-unclosed.md", 1, "unclosed front matter"),
        ("j-empty-body.md", 1, "empty body"),
        ("k-nul.md", 1, "NUL byte"),
        ("l-big.md", 1, "over the limit"),
        ("m-bad-id.md", 1, "invalid id"),
        ("n-reports.jsonl", 2, "broken JSON"),
        ("n-reports.jsonl", 4, "missing required field `kind`"),
        ("o-reports.csv", 3, "ragged CSV row"),
        ("o-reports.csv", 4, "missing required field `id`"),
    ];
    for (file, line, reason) in expect {
        assert!(
            rejected
                .iter()
                .any(|(f, l, r)| f == file && *l == line && r.contains(reason)),
            "no rejection {file}:{line} {reason:?} in {rejected:#?}"
        );
    }
    #[cfg(unix)]
    assert!(
        rejected
            .iter()
            .any(|(_, l, r)| *l == 0 && r.contains("loop")),
        "{rejected:#?}"
    );
    let loops = usize::from(cfg!(unix));
    assert_eq!(rejected.len(), expect.len() + loops, "{rejected:#?}");
    // Every record is accounted for.
    assert_eq!(
        got.stats.records_seen,
        (got.reports.len() + got.rejected.len() - loops) as u64
    );
    assert_eq!(got.stats.files_skipped.len(), 1);
    assert!(got.stats.files_skipped[0].ends_with("p-notes.txt"));
    assert_eq!(got.stats.unknown_fields.get("mood"), Some(&1));
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_corroborate"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn hostile_folder_runs_to_exit_0_and_strict_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hostile");
    hostile(&dir);
    let config = tmp.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[input]\ngazetteer = {:?}\nlexicons = {:?}\nmax_body_bytes = 1024\n",
            repo().join("corpora/gazetteer.csv"),
            repo().join("corpora")
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let run = |strict: bool| {
        let mut c = bin();
        c.arg("run")
            .arg(&dir)
            .arg("--config")
            .arg(&config)
            .arg("--out")
            .arg(&out);
        if strict {
            c.arg("--strict");
        }
        c.output().unwrap()
    };
    let o = run(false);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("i-unclosed.md:1: rejected: unclosed front matter"),
        "{stderr}"
    );
    assert!(stderr.contains("p-notes.txt: skipped"), "{stderr}");
    let rejected = std::fs::read_to_string(out.join("rejected.csv")).unwrap();
    assert_eq!(rejected.lines().count(), 1 + 15, "{rejected}");
    let clusters = std::fs::read_to_string(out.join("clusters.csv")).unwrap();
    for id in [
        "good-md",
        "good-bom",
        "good-json",
        "good-csv",
        "good-deep",
        "dup",
    ] {
        assert!(
            clusters.lines().any(|l| l.starts_with(&format!("{id},"))),
            "{id}"
        );
    }
    for f in corroborate::report::FILES {
        assert!(out.join(f).exists(), "{f}");
    }
    let o = run(true);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn formula_like_cells_in_rejected_csv_are_defused() {
    let rows = vec![corroborate::model::Rejected {
        file: "=cmd|' /C calc'!A0.csv".into(),
        line: 3,
        reason: "@SUM(1)".into(),
    }];
    let text = String::from_utf8(corroborate::report::rejected_csv(&rows)).unwrap();
    let row = text.lines().nth(1).unwrap();
    assert!(row.starts_with("'=cmd"), "{row}");
    assert!(row.ends_with(",'@SUM(1)"), "{row}");
}

#[test]
fn a_file_named_as_input_with_another_extension_is_rejected_not_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes.txt");
    std::fs::write(&notes, "not a report").unwrap();
    let got = ingest::run(&[notes], &InputConfig::default());
    assert_eq!(got.rejected.len(), 1, "{:?}", got.rejected);
    assert_eq!(got.rejected[0].line, 0);
    assert!(got.rejected[0].reason.contains("unsupported file type"));
    assert!(got.stats.files_skipped.is_empty());
}

#[test]
fn a_hand_claim_with_an_inverted_quantity_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let claim = "[[claims]]\nevent = \"casualties\"\nquantity_min = 10\nquantity_max = 3\n";
    std::fs::write(dir.join("a.md"), md("inverted", claim, "Body.")).unwrap();
    let got = ingest::run(&[dir], &InputConfig::default());
    assert!(got.reports.is_empty());
    assert!(
        got.rejected[0]
            .reason
            .contains("quantity_max 3 is below quantity_min 10"),
        "{:?}",
        got.rejected
    );
}
