//! The fuzzing harness (issue 16): the archive readers, the project loader, the bundle reader
//! and the figure detector, fuzzed from seeds taken from the project's own files.
//!
//! A short run (2 s per target) is part of `cargo test`; a long one is
//! `PRESSMARK_FUZZ_SECONDS=900 cargo test --test headless fuzz:: -- --nocapture`
//! (see fuzz/README.md). Findings go to `fuzz/findings/<target>/`; once fixed, an input is
//! kept in `fuzz/regressions/<target>/` and replayed at the start of every run.

mod engine;
mod targets;

use engine::{fuzz, summarise};

#[test]
fn fuzz_archive_readers() {
    let report = fuzz(
        "archive",
        targets::archive_seeds(),
        targets::MAX_LEN,
        &targets::archive_target,
        None,
    );
    targets::clean_scratch("archive");
    summarise(&report).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn fuzz_project_loader() {
    let report = fuzz(
        "project",
        targets::project_seeds(),
        targets::MAX_LEN,
        &targets::project_target,
        None,
    );
    targets::clean_scratch("project");
    summarise(&report).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn fuzz_bundle_reader() {
    let report = fuzz(
        "bundle",
        targets::bundle_seeds(),
        8 << 20,
        &targets::bundle_target,
        Some(&targets::bundle_structured),
    );
    targets::clean_scratch("bundle");
    summarise(&report).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn fuzz_figure_detector() {
    let report = fuzz(
        "figures",
        targets::figure_seeds(),
        targets::MAX_LEN,
        &targets::figure_target,
        None,
    );
    summarise(&report).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn the_seeds_are_read() {
    // A harness whose seed corpus is empty would fuzz nothing but noise.
    assert!(targets::archive_seeds().len() >= 10);
    assert!(!targets::project_seeds().is_empty());
    assert!(targets::bundle_seeds().len() >= 2);
    assert!(targets::figure_seeds().len() >= 10);
}
