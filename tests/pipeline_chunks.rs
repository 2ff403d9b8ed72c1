//! The pipeline runs the per-report stages (normalise, extract, sign) a chunk
//! of reports at a time; the chunk size must never change the result.

use std::path::PathBuf;

use corroborate::config::Config;
use corroborate::pipeline::{self, Resources, Stage, StageEvent};

#[test]
fn chunk_size_never_changes_the_result() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&repo.join("config.toml")).unwrap();
    let resources = Resources::load(&config).unwrap();
    let inputs = pipeline::inputs(&config, &[]);
    let ingested = corroborate::ingest::run(&inputs, &config.input);
    assert!(ingested.reports.len() > 8, "the default corpus has reports");
    let events = std::sync::Mutex::new(Vec::new());
    let progress = |s: Stage, e: StageEvent| events.lock().unwrap().push((s, e));
    let run = |chunk: usize| {
        let mut timings = Vec::new();
        let scored = pipeline::run_from_chunked(
            &config,
            &resources,
            ingested.clone(),
            &progress,
            &mut timings,
            chunk,
        );
        // Every stage is timed once, whatever the number of chunks.
        let names: Vec<&str> = timings.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            names,
            ["normalize", "extract", "sign", "cluster", "score"],
            "chunk {chunk}"
        );
        serde_json::to_string(&scored).unwrap()
    };
    let whole = run(usize::MAX);
    assert!(whole.contains("\"claims\":[{"), "claims were scored");
    for chunk in [0, 1, 3, 7, pipeline::CHUNK_REPORTS] {
        assert!(run(chunk) == whole, "chunk size {chunk} changed the result");
    }
    // Each stage started and finished once per run.
    let events = events.into_inner().unwrap();
    for stage in [
        Stage::Normalize,
        Stage::Extract,
        Stage::Sign,
        Stage::Cluster,
    ] {
        let starts = events
            .iter()
            .filter(|(s, e)| *s == stage && *e == StageEvent::Start)
            .count();
        assert_eq!(starts, 6, "{stage:?}");
    }
}
