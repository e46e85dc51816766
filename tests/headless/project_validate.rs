//! Loading refuses a project that breaks the format's promises, saying where and what, on
//! real files (`tests/fixtures/project/`, see its README); nothing is dropped silently.

use std::path::{Path, PathBuf};

use pressmark::project::store::{self, StoreError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/project")
        .join(name)
}

/// The error loading `name` gives, as the user reads it.
fn refused(name: &str) -> String {
    let err = store::load(&fixture(name)).expect_err("the file must be refused");
    assert!(matches!(err, StoreError::Invalid { .. }), "{err}");
    err.to_string()
}

#[test]
fn the_fixtures_base_loads() {
    let p = store::load(&fixture("sample-tagged.ron")).expect("loads");
    assert_eq!(p.claims.len(), 10);
    assert_eq!(p.codebook.len(), 9);
}

#[test]
fn version_0_with_two_claims_of_one_id_is_refused_with_the_line() {
    let message = refused("v0-duplicate-claim-ids.ron");
    assert!(
        message.contains("v0-duplicate-claim-ids.ron: line 23: claim id 1 is used by two claims"),
        "{message}"
    );
}

#[test]
fn two_tags_with_one_id_are_refused_with_the_line() {
    let message = refused("duplicate-tag-ids.ron");
    assert!(
        message.contains(
            "line 66: tag id 2 is used by two tags (\"funding total\" and \"net migration\")"
        ),
        "{message}"
    );
}

#[test]
fn a_circle_of_tag_parents_is_refused() {
    let message = refused("tag-parent-cycle.ron");
    assert!(
        message.contains("line 24: the parents of tag 3 go round in a circle (3 → 4 → 3)"),
        "{message}"
    );
}

#[test]
fn a_claim_with_a_missing_tag_is_refused_with_the_line() {
    let message = refused("claim-missing-tag.ron");
    assert!(
        message.contains("line 113: claim 3 has tag 42, which is not in the codebook"),
        "{message}"
    );
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_project() {
    let with_bom = store::load(&fixture("byte-order-mark.ron")).expect("loads");
    let plain = store::load(&fixture("sample-tagged.ron")).expect("loads");
    assert_eq!(with_bom, plain);
}

#[test]
fn a_repeated_claim_id_in_the_current_format_is_refused_with_a_line() {
    let text = std::fs::read_to_string(fixture("sample-tagged.ron"))
        .expect("read")
        .replacen(
            "      id: 4,\n      release:",
            "      id: 3,\n      release:",
            1,
        );
    let err = store::from_ron(&text, Path::new("x.ron")).expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains("x.ron: line 132: claim id 3 is used by two claims"),
        "{message}"
    );
    assert!(matches!(err, StoreError::Invalid { .. }), "{message}");
}

#[test]
fn two_tags_with_one_name_are_refused_with_the_line() {
    let message = refused("duplicate-tag-names.ron");
    assert!(
        message.contains("line 66: two tags are named \"funding total\" and \"Funding Total\""),
        "{message}"
    );
}
