//! `pressmark merge` and `pressmark agree` on two analysts' projects of the sample, through
//! the built binary, with and without `--map THEIRS=MINE`.

use std::path::Path;
use std::process::{Command, Output};

fn pressmark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

/// Ana tags "136,000" as "funding total"; Bo tags it, and "£200,000", as "Funding".
fn two_analysts(dir: &Path) -> (String, String) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
    let archive = dir.join("archive.txt");
    std::fs::copy(sample, &archive).expect("copy");
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let (ana, bo, archive) = (s(&dir.join("ana.ron")), s(&dir.join("bo.ron")), s(&archive));
    for (project, needle, tag) in [
        (&ana, "136,000", "funding total"),
        (&bo, "136,000", "Funding"),
        (&bo, "£200,000", "Funding"),
    ] {
        let o = pressmark(&[
            "tag",
            project,
            "--archive",
            &archive,
            "--match",
            needle,
            "--tag",
            tag,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    (ana, bo)
}

fn tag_row<'a>(agreement: &'a serde_json::Value, tag: &str) -> Option<&'a serde_json::Value> {
    agreement["tags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tag"] == tag)
}

#[test]
fn agree_counts_their_tag_as_mine_with_map() {
    let dir = tempfile::tempdir().unwrap();
    let (ana, bo) = two_analysts(dir.path());
    let plain = json(&pressmark(&["agree", &ana, &bo, "--json"]));
    let mine = tag_row(&plain, "funding total").unwrap();
    assert_eq!(
        (mine["a_chars"].as_u64(), mine["b_chars"].as_u64()),
        (Some(7), Some(0))
    );
    assert!(tag_row(&plain, "Funding").is_some());

    let mapped = json(&pressmark(&[
        "agree",
        &ana,
        &bo,
        "--json",
        "--map",
        "Funding=funding total",
    ]));
    assert!(tag_row(&mapped, "Funding").is_none(), "counted as mine");
    let mine = tag_row(&mapped, "funding total").unwrap();
    // 136,000 (7 characters) both; £200,000 (8) only theirs, twice in its release.
    assert_eq!(mine["a_chars"].as_u64(), Some(7));
    assert_eq!(mine["both_chars"].as_u64(), Some(7));
    assert!(mine["b_chars"].as_u64().unwrap() > 7);
    assert!(mapped["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["tag"] == "funding total" && d["who"] == "b_only"));
}

#[test]
fn merge_maps_their_tag_onto_mine() {
    let dir = tempfile::tempdir().unwrap();
    let (ana, bo) = two_analysts(dir.path());
    let out = dir.path().join("merged.ron");
    let out = out.to_string_lossy();
    let o = json(&pressmark(&[
        "merge",
        &ana,
        &bo,
        "--out",
        &out,
        "--json",
        "--map",
        "funding = Funding Total",
    ]));
    assert_eq!(o["conflicts"].as_u64(), Some(0), "{o}");
    let merged = std::fs::read_to_string(out.as_ref()).unwrap();
    assert!(!merged.contains("name: \"Funding\""), "no new tag");
    // Without the mapping their tag comes in under its own name.
    let o = pressmark(&["merge", &ana, &bo, "--out", &out, "--json"]);
    assert!(o.status.success());
    let merged = std::fs::read_to_string(out.as_ref()).unwrap();
    assert!(merged.contains("name: \"Funding\""));
}

#[test]
fn a_bad_map_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (ana, bo) = two_analysts(dir.path());
    for (map, says) in [
        ("Funding", "expected THEIRS=MINE"),
        ("Funding=no such tag", "no tag named \"no such tag\""),
    ] {
        let o = pressmark(&["agree", &ana, &bo, "--map", map]);
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(says), "{err}");
    }
}

/// Two analysts tag the same words, one before and one after a paragraph was added to the
/// archive: `agree` compares where the words are now, so they agree fully. It had compared
/// the first project's stored offsets with the edited text (kappa 0.123, 14 disagreements
/// quoting stray letters). Seen failing before the fix.
#[test]
fn agree_compares_claims_where_their_words_are_now() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = tagged_before_and_after_an_edit(dir.path());
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let v = json(&pressmark(&["agree", &s(&a), &s(&b), "--json"]));
    let mig = v["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .find(|t| t["tag"] == "mig")
        .expect("mig")
        .clone();
    assert_eq!(mig["agreement"], 100.0, "{v}");
    assert_eq!(mig["kappa"], 1.0, "{v}");
    assert_eq!(v["disagreements"].as_array().map(Vec::len), Some(0), "{v}");
}

/// The same two analysts merged: their claims on the same words are one claim each, where
/// the words are now. It had kept the first project's claims at their old offsets beside
/// the second's (15 claims for 8 places; an export listed each twice). Seen failing before
/// the fix.
#[test]
fn merge_places_both_sides_claims_where_their_words_are_now() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = tagged_before_and_after_an_edit(dir.path());
    let m = dir.path().join("m.ron");
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let o = pressmark(&["merge", &s(&a), &s(&b), "--out", &s(&m)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let merged = pressmark::project::store::load(&m).expect("loads");
    let mine = pressmark::project::store::load(&b).expect("loads");
    let places = |p: &pressmark::project::Project| {
        let mut v: Vec<(String, usize, usize)> = p
            .claims
            .values()
            .map(|c| (c.release.clone(), c.anchor.start, c.anchor.end))
            .collect();
        v.sort();
        v
    };
    assert_eq!(places(&merged), places(&mine));
}

/// Two analysts' projects, `a.ron` and `b.ron` in `dir`, tagging every "net migration" of a
/// copy of the sample: A before a paragraph was added near the start of the first release
/// (as an editor might), B after.
fn tagged_before_and_after_an_edit(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
    let archive = dir.join("archive.txt");
    std::fs::copy(&sample, &archive).expect("copy");
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let (a, b) = (dir.join("a.ron"), dir.join("b.ron"));
    let tag = |project: &Path| {
        let o = pressmark(&[
            "tag",
            &s(project),
            "--archive",
            &s(&archive),
            "--match",
            "net migration",
            "--tag",
            "mig",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    tag(&a);
    let text = std::fs::read_to_string(&archive).expect("reads");
    let line = "    The press release issued by the Home Office on 23 May 2023.\n";
    assert!(text.contains(line));
    let edited = text.replacen(line, &format!("{line}\n    A paragraph added later.\n"), 1);
    std::fs::write(&archive, edited).expect("writes");
    tag(&b);
    (a, b)
}
