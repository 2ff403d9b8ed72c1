//! The whole pipeline: `ingest -> normalize -> extract -> sign -> cluster -> score -> report`.
//!
//! [`run`] is the library entry point (`corroborate::pipeline::run`). It
//! returns the scored result and run metadata; writing files is
//! [`crate::report::run`]'s job.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use crate::config::Config;
use crate::model::{EntityInfo, Ingested, Report, Scored, Signed};
use crate::normalize::{Gazetteer, GazetteerError, NormalizeLexicon, Normalizer};
use crate::report::RunMeta;
use crate::{cluster, extract, ingest, normalize, score, sign};

/// Errors that stop a run (bad rows never do: they go to `rejected.csv`).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    #[error(transparent)]
    Lexicon(#[from] crate::lexicon::LexiconError),
}

/// Called after each stage with the stage name; used for progress bars.
pub type Progress<'a> = &'a (dyn Fn(Stage, StageEvent) + Sync);

/// The pipeline's stages, in order (`corroborate stage NAME` takes the same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Stage {
    Ingest,
    Normalize,
    Extract,
    Sign,
    Cluster,
    Score,
    Report,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Ingest => "ingest",
            Stage::Normalize => "normalize",
            Stage::Extract => "extract",
            Stage::Sign => "sign",
            Stage::Cluster => "cluster",
            Stage::Score => "score",
            Stage::Report => "report",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageEvent {
    Start,
    Done,
}

/// Everything loaded once before the per-report stages run.
pub struct Resources {
    pub normalizer: Normalizer,
    pub extractor: extract::Extractor,
}

impl Resources {
    pub fn load(config: &Config) -> Result<Resources, PipelineError> {
        let gazetteer = Gazetteer::load(&config.resolve(&config.input.gazetteer))?;
        let lexicon =
            NormalizeLexicon::load(&config.resolve(&config.input.lexicons).join("normalize"))?;
        Ok(Resources {
            normalizer: Normalizer::new(gazetteer, lexicon, &config.normalize),
            extractor: extract::Extractor::load(config)?,
        })
    }
}

/// The inputs of a run: the given paths, or the config's corpus.
pub fn inputs(config: &Config, given: &[PathBuf]) -> Vec<PathBuf> {
    if given.is_empty() {
        config
            .input
            .corpus
            .iter()
            .map(|p| config.resolve(p))
            .collect()
    } else {
        given.to_vec()
    }
}

/// Reports go through the per-report stages (normalise, extract, sign) this
/// many at a time: only one chunk's normalised texts and extraction work
/// exist at once, and a chunk's report bodies are freed once it is signed
/// (DESIGN.md, Scale: "stream, don't hold every body"). Each report is
/// processed on its own, so the chunk size never changes the outputs.
pub const CHUNK_REPORTS: usize = 4096;

/// Runs every stage after ingest.
pub fn run_from(
    config: &Config,
    resources: &Resources,
    ingested: Ingested,
    progress: Progress<'_>,
    timings: &mut Vec<(String, f64)>,
) -> Scored {
    run_from_chunked(
        config,
        resources,
        ingested,
        progress,
        timings,
        CHUNK_REPORTS,
    )
}

/// [`run_from`] with the per-report stages run `chunk` reports at a time
/// (at least one). Stage timings are summed over the chunks.
pub fn run_from_chunked(
    config: &Config,
    resources: &Resources,
    ingested: Ingested,
    progress: Progress<'_>,
    timings: &mut Vec<(String, f64)>,
    chunk: usize,
) -> Scored {
    let per_report = [Stage::Normalize, Stage::Extract, Stage::Sign];
    // The three run in turn on every chunk: all are under way until the last.
    for stage in per_report {
        progress(stage, StageEvent::Start);
    }
    let Ingested {
        reports,
        rejected,
        stats,
    } = ingested;
    let mut signed = Signed {
        rejected,
        stats,
        ..Signed::default()
    };
    // Phrase resolutions are shared by every chunk (names repeat).
    let memo = normalize::Memo::new();
    let mut secs = [0.0f64; 3];
    let mut reports = reports.into_iter();
    loop {
        let part: Vec<Report> = reports.by_ref().take(chunk.max(1)).collect();
        if part.is_empty() {
            break;
        }
        let part = Ingested {
            reports: part,
            ..Ingested::default()
        };
        let t = Instant::now();
        let normalized = normalize::run_memo(&resources.normalizer, part, &memo);
        secs[0] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let extracted = extract::run(
            &resources.extractor,
            resources.normalizer.gazetteer(),
            normalized,
        );
        secs[1] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let part = sign::run(&config.sign, extracted);
        secs[2] += t.elapsed().as_secs_f64();
        signed.signatures.extend(part.signatures);
        signed.mentions.extend(part.mentions);
        signed.claims.extend(part.claims);
    }
    // The emptied vector of ingested reports (a few hundred bytes a report)
    // is not needed by cluster and score.
    drop(reports);
    for (stage, secs) in per_report.into_iter().zip(secs) {
        progress(stage, StageEvent::Done);
        timings.push((stage.as_str().to_string(), secs));
    }
    let mut timed = |stage: Stage, start: Instant| {
        progress(stage, StageEvent::Done);
        timings.push((stage.as_str().to_string(), start.elapsed().as_secs_f64()));
    };

    let t = Instant::now();
    progress(Stage::Cluster, StageEvent::Start);
    let clustered = cluster::run(&config.cluster, signed);
    timed(Stage::Cluster, t);

    let t = Instant::now();
    progress(Stage::Score, StageEvent::Start);
    let mut scored = score::run(&config.score, resources.normalizer.gazetteer(), clustered);
    scored.entities = entities(resources.normalizer.gazetteer(), &scored);
    timed(Stage::Score, t);
    scored
}

/// Gazetteer facts for every place, target and actor the scored claims name.
pub fn entities(gazetteer: &Gazetteer, scored: &Scored) -> BTreeMap<String, EntityInfo> {
    let mut out = BTreeMap::new();
    let ids = scored.claims.iter().flat_map(|c| {
        c.place
            .iter()
            .chain(c.target.iter())
            .map(|r| r.id.as_str())
            .chain(c.actor.as_deref())
    });
    for id in ids {
        if out.contains_key(id) {
            continue;
        }
        let Some(e) = gazetteer.get(id) else {
            continue;
        };
        let ancestors = gazetteer
            .ancestors(&e.id)
            .iter()
            .filter_map(|id| gazetteer.get(id))
            .map(|a| (a.level.clone().unwrap_or_default(), a.name.clone()))
            .collect();
        out.insert(
            e.id.clone(),
            EntityInfo {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind,
                level: e.level.clone(),
                lat: e.lat,
                lon: e.lon,
                ancestors,
            },
        );
    }
    out
}

/// Runs the pipeline on `inputs` (or the config's corpus when empty).
pub fn run_with(
    config: &Config,
    given: &[PathBuf],
    progress: Progress<'_>,
) -> Result<(Scored, RunMeta), PipelineError> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let resources = Resources::load(config)?;
    timings.push(("load".to_string(), t.elapsed().as_secs_f64()));

    let inputs = inputs(config, given);
    let t = Instant::now();
    progress(Stage::Ingest, StageEvent::Start);
    let ingested = ingest::run(&inputs, &config.input);
    progress(Stage::Ingest, StageEvent::Done);
    timings.push(("ingest".to_string(), t.elapsed().as_secs_f64()));

    let scored = run_from(config, &resources, ingested, progress, &mut timings);
    let mut shown: Vec<String> = inputs
        .iter()
        .map(|p| crate::ingest::display_path(p))
        .collect();
    shown.sort();
    let meta = RunMeta {
        tool: env!("CARGO_PKG_NAME").to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        config_hash: config.hash(),
        inputs: shown,
        gazetteer: crate::ingest::display_path(&config.resolve(&config.input.gazetteer)),
        gazetteer_entries: resources.normalizer.gazetteer().len(),
        threads: rayon::current_num_threads(),
        timings,
    };
    Ok((scored, meta))
}

/// Runs the pipeline without progress reporting.
pub fn run(config: &Config) -> Result<(Scored, RunMeta), PipelineError> {
    run_with(config, &[], &|_, _| {})
}
