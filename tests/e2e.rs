//! End to end on the default corpus: snapshots of the outputs users read, and
//! byte-identical outputs across thread counts and input orders.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_files() -> Vec<PathBuf> {
    let dir = repo().join("corpora/reports/kachin-2024-05");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `corroborate run` from the repository root into `out`.
fn run(out: &Path, extra: &[&str], inputs: &[PathBuf]) {
    let o = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .arg("run")
        .arg("--quiet")
        .arg("--out")
        .arg(out)
        .args(extra)
        .args(inputs)
        .current_dir(repo())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every output file's bytes; `report.json` without its `run` object, the one
/// place allowed to hold timings.
fn outputs(out: &Path) -> Vec<(String, Vec<u8>)> {
    corroborate::report::FILES
        .iter()
        .map(|name| {
            let bytes = std::fs::read(out.join(name)).unwrap();
            let bytes = if *name == "report.json" {
                let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                v.as_object_mut()
                    .unwrap()
                    .remove("run")
                    .expect("run object");
                serde_json::to_vec_pretty(&v).unwrap()
            } else {
                bytes
            };
            (name.to_string(), bytes)
        })
        .collect()
}

#[test]
fn default_corpus_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    run(tmp.path(), &[], &[]);
    let read = |name: &str| std::fs::read_to_string(tmp.path().join(name)).unwrap();
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("default_claims_csv", read("claims.csv"));
        insta::assert_snapshot!("default_clusters_csv", read("clusters.csv"));
    });
    // Every report of the corpus is in clusters.csv; nothing was rejected.
    let clusters = read("clusters.csv");
    assert_eq!(clusters.lines().count() - 1, 40);
    assert_eq!(read("rejected.csv"), "file,line,reason\n");
}

#[test]
fn outputs_are_identical_across_threads_and_input_orders() {
    let tmp = tempfile::tempdir().unwrap();
    let files = corpus_files();
    let mut reversed = files.clone();
    reversed.reverse();
    // A fixed shuffle: every 7th file, cycling (7 is coprime with the count).
    let n = files.len();
    assert!(n % 7 != 0);
    let shuffled: Vec<PathBuf> = (0..n).map(|i| files[(i * 7 + 3) % n].clone()).collect();

    let base = tmp.path().join("t1");
    run(&base, &["--threads", "1"], &[]);
    let want = outputs(&base);
    let cases: [(&str, Vec<&str>, Vec<PathBuf>); 4] = [
        ("t2", vec!["--threads", "2"], vec![]),
        ("rev", vec!["--threads", "2"], reversed),
        ("shuf", vec!["--threads", "1"], shuffled.clone()),
        ("shuf4", vec!["--threads", "4"], shuffled),
    ];
    for (name, flags, inputs) in cases {
        let out = tmp.path().join(name);
        run(&out, &flags, &inputs);
        for ((file, a), (_, b)) in want.iter().zip(outputs(&out)) {
            assert!(*a == b, "{file} differs in case {name}");
        }
    }
}

#[test]
fn untrusted_text_is_escaped_in_html_and_defused_in_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let report = |id: &str, source: &str, url: &str| {
        format!(
            "+++\nid = \"{id}\"\nsource = \"{source}\"\nkind = \"media\"\npublished = \"2024-05-20\"\nurl = \"{url}\"\n\
             [[claims]]\nevent = \"capture\"\ntarget = \"Point 1130\"\n+++\nPoint 1130 was seized.\n"
        )
    };
    std::fs::write(
        dir.join("a.md"),
        report("evil", "Z<script>alert(1)</script>", "javascript:alert(1)"),
    )
    .unwrap();
    std::fs::write(
        dir.join("b.md"),
        report("fine", "=HYPERLINK(1)", "https://example.org/x?a=1&b=2"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    run(&out, &[], &[dir]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script"), "raw script tag in HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("javascript:"), "non-http URL linked");
    assert!(html.contains(r#"href="https://example.org/x?a=1&amp;b=2""#));
    assert!(!html.contains("http-equiv=\"refresh\""));
    let acled = std::fs::read_to_string(out.join("acled.csv")).unwrap();
    // Two unaffiliated origins: a corroborated row whose source cell starts with the formula.
    assert!(acled.contains(",'=HYPERLINK(1); Z<script>"), "{acled}");
    // The hand-coded claims give no date: ACLED's event_date falls back to the
    // first report's publication date, at precision 3, with a note.
    let row = acled.lines().nth(1).unwrap();
    assert!(row.contains(",2024-05-20,2024,3,"), "{row}");
    assert!(row.contains("date not stated"), "{row}");
    for line in acled.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with('='), "formula cell in acled.csv: {line}");
        }
    }
}
