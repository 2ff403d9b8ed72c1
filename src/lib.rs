//! `corroborate`: how many independent sources agree on each claim in a set of
//! conflict reports, and who disputes it.
//!
//! The pipeline is `ingest -> normalize -> extract -> sign -> cluster -> score
//! -> report`; [`pipeline::run`] runs it all. See ARCHITECTURE.md for the map.

pub mod cli;
pub mod cluster;
pub mod config;
pub mod extract;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod report;
pub mod score;
pub mod sign;
