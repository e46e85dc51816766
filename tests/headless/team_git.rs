//! The team workflow with the real `git`: `pressmark git-setup`, two branches that add, edit
//! and delete claims and tags, `git merge` through the driver, `git diff` through the
//! summary. On the bundled sample and the project made from it
//! (`tests/fixtures/project/sample-tagged.ron`, format version 1, as an old repository has).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pressmark::project::{store, ClaimId, Conflict, Edit, Project, Status, TagFate, TagId};

const PRESSMARK: &str = env!("CARGO_BIN_EXE_pressmark");

fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        // Only this test's settings: none from the machine's or the user's git config.
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Analyst")
        .env("GIT_AUTHOR_EMAIL", "analyst@example.org")
        .env("GIT_COMMITTER_NAME", "Analyst")
        .env("GIT_COMMITTER_EMAIL", "analyst@example.org")
        .output()
        .expect("program runs")
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn git(dir: &Path, args: &[&str]) -> String {
    ok(run(dir, "git", args))
}

/// A repository holding the sample archive and a version-1 project on it, `git-setup` run
/// and committed on `main`.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().to_owned();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("assets/home-office-may-2023.txt"),
        dir.join("home-office.txt"),
    )
    .expect("archive");
    let text = std::fs::read_to_string(root.join("tests/fixtures/project/sample-tagged.ron"))
        .expect("fixture")
        .replace(
            "../../../assets/home-office-may-2023.txt",
            "home-office.txt",
        );
    std::fs::write(dir.join("work.ron"), text).expect("project");
    git(&dir, &["init", "-q", "-b", "main"]);
    let setup = ok(run(&dir, PRESSMARK, &["git-setup"]));
    assert!(
        setup.contains("*.ron merge=pressmark diff=pressmark"),
        "{setup}"
    );
    // Run twice: the attribute line is not repeated.
    ok(run(&dir, PRESSMARK, &["git-setup"]));
    let attributes = std::fs::read_to_string(dir.join(".gitattributes")).expect("attributes");
    assert_eq!(attributes, "*.ron merge=pressmark diff=pressmark\n");
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "start"]);
    (tmp, dir)
}

/// Changes the project as the window would (through edits) and commits on the branch.
fn on_branch(dir: &Path, branch: &str, change: impl FnOnce(&mut Project)) {
    git(dir, &["checkout", "-q", "-B", branch, "main"]);
    let path = dir.join("work.ron");
    let mut p = store::load(&path).expect("loads");
    change(&mut p);
    store::save(&p, &path).expect("saves");
    git(dir, &["commit", "-q", "-am", branch]);
}

fn edit_claim(p: &mut Project, id: u64, change: impl FnOnce(&mut pressmark::project::Claim)) {
    let mut c = p.claim(ClaimId(id)).expect("claim").clone();
    change(&mut c);
    c.modified += 1;
    Edit::UpdateClaim(c).apply(p).expect("updated");
}

/// A new claim on the same place as claim `like`, with a new tag `tag_name`.
fn add_claim_with_new_tag(p: &mut Project, like: u64, tag_name: &str) -> (ClaimId, TagId) {
    let (tag, add) = Edit::create_tag(&p.codebook, tag_name, [1, 2, 3], None);
    add.apply(p).expect("tag");
    let c = p.claim(ClaimId(like)).expect("claim").clone();
    let new = p.new_claim(&c.release, c.anchor.clone(), vec![tag], 1_700_000_000);
    let id = new.id;
    Edit::AddClaim(new).apply(p).expect("claim");
    (id, tag)
}

#[test]
fn two_branches_merge_through_the_driver_with_nothing_lost() {
    let (_tmp, dir) = repository();
    let mut alice_new = (ClaimId(0), TagId(0));
    let mut bob_new = (ClaimId(0), TagId(0));
    on_branch(&dir, "alice", |p| {
        alice_new = add_claim_with_new_tag(p, 1, "housing pledge");
        edit_claim(p, 2, |c| c.note = "ONS: year ending December 2022".into());
        Edit::RemoveClaim(ClaimId(3)).apply(p).expect("removed");
        // Tag 7 ("comparison") is used by no claim: deleted.
        Edit::RemoveTag {
            id: TagId(7),
            fate: TagFate::DeleteClaims,
        }
        .apply(p)
        .expect("tag removed");
    });
    on_branch(&dir, "bob", |p| {
        bob_new = add_claim_with_new_tag(p, 2, "visa route");
        edit_claim(p, 2, |c| c.status = Status::Checked);
        edit_claim(p, 5, |c| c.status = Status::Disputed);
        Edit::RemoveClaim(ClaimId(10)).apply(p).expect("removed");
    });
    git(&dir, &["checkout", "-q", "alice"]);
    let merged = run(&dir, "git", &["merge", "-q", "--no-edit", "bob"]);
    assert!(
        merged.status.success(),
        "git merge: {}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let path = dir.join("work.ron");
    let text = std::fs::read_to_string(&path).expect("merged");
    assert!(!text.contains("<<<<<<<"), "{text}");
    let p = store::load(&path).expect("the merged project loads");
    // Both sides' new claims and tags.
    assert!(p.claim(alice_new.0).is_some() && p.claim(bob_new.0).is_some());
    assert_eq!(
        p.codebook.get(alice_new.1).map(|t| t.name.as_str()),
        Some("housing pledge")
    );
    assert_eq!(
        p.codebook.get(bob_new.1).map(|t| t.name.as_str()),
        Some("visa route")
    );
    // Both edits of claim 2 (note from Alice, status from Bob), Bob's edit of 5.
    let c2 = p.claim(ClaimId(2)).expect("claim 2");
    assert_eq!(c2.note, "ONS: year ending December 2022");
    assert_eq!(c2.status, Status::Checked);
    assert_eq!(
        p.claim(ClaimId(5)).map(|c| c.status),
        Some(Status::Disputed)
    );
    // Both deletions; nothing else gone: 10 + 2 new - 2 deleted.
    assert!(p.claim(ClaimId(3)).is_none() && p.claim(ClaimId(10)).is_none());
    assert!(p.codebook.get(TagId(7)).is_none());
    assert_eq!(p.claims.len(), 10);
    assert!(p.conflicts.is_empty());
    // `check` passes on the merged project, and says there is no conflict.
    let check = ok(run(&dir, PRESSMARK, &["check", "work.ron"]));
    assert!(check.contains("orphaned 0"), "{check}");
    assert!(!check.contains("conflicts"), "{check}");
    // The merge commit holds it; `git status` is clean.
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");

    // `git diff` shows claims, not RON: Bob's new claim as one added line.
    let diff = git(&dir, &["diff", "alice~1", "HEAD", "--", "work.ron"]);
    let added = format!("+claim {} \"", bob_new.0 .0);
    assert!(diff.contains(&added), "{diff}");
    assert!(diff.contains("-claim 10 \"net migration\""), "{diff}");
    assert!(!diff.contains("anchor:"), "{diff}");
    let log = git(&dir, &["log", "-p", "-1", "bob", "--", "work.ron"]);
    assert!(log.contains("[visa route]"), "{log}");
}

#[test]
fn a_conflict_leaves_a_loadable_project_with_both_versions() {
    let (_tmp, dir) = repository();
    on_branch(&dir, "alice", |p| {
        edit_claim(p, 2, |c| c.note = "the figure is for 2022".into());
    });
    on_branch(&dir, "bob", |p| {
        edit_claim(p, 2, |c| c.note = "the figure is for 2021".into());
        Edit::RemoveClaim(ClaimId(4)).apply(p).expect("removed");
    });
    git(&dir, &["checkout", "-q", "alice"]);
    let merged = run(&dir, "git", &["merge", "-q", "--no-edit", "bob"]);
    assert!(!merged.status.success(), "the conflict stops the merge");
    let path = dir.join("work.ron");
    let text = std::fs::read_to_string(&path).expect("merged");
    assert!(
        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
        "{text}"
    );
    let p = store::load(&path).expect("the conflicted project loads");
    // Ours in the project, both in the conflict; Bob's other change merged.
    assert_eq!(
        p.claim(ClaimId(2)).map(|c| c.note.as_str()),
        Some("the figure is for 2022")
    );
    assert!(p.claim(ClaimId(4)).is_none());
    let [Conflict::Claim { id, ours, theirs }] = p.conflicts.as_slice() else {
        panic!("one claim conflict: {:?}", p.conflicts);
    };
    assert_eq!(*id, ClaimId(2));
    assert_eq!(
        ours.as_ref().map(|c| c.note.as_str()),
        Some("the figure is for 2022")
    );
    assert_eq!(
        theirs.as_ref().map(|c| c.note.as_str()),
        Some("the figure is for 2021")
    );
    // `check` lists it, in text and JSON.
    let check = ok(run(&dir, PRESSMARK, &["check", "work.ron"]));
    assert!(check.contains("conflicts 1"), "{check}");
    assert!(check.contains("claim 2 \"136,000 people\""), "{check}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(run(&dir, PRESSMARK, &["check", "--json", "work.ron"])))
            .expect("json");
    assert_eq!(json["conflicts"][0]["kind"], "claim");
    assert_eq!(json["conflicts"][0]["id"], 2);
    // The analyst resolves it (keeps ours, drops the entry) and commits the merge.
    let mut p = p;
    p.conflicts.clear();
    store::save(&p, &path).expect("saves");
    git(&dir, &["commit", "-q", "-am", "merged bob"]);
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");
}

#[test]
fn merge3_reports_json_and_refuses_nothing_it_can_merge() {
    let (_tmp, dir) = repository();
    let base = dir.join("work.ron");
    let p = store::load(&base).expect("loads");
    let mut ours = p.clone();
    let (new_claim, _) = add_claim_with_new_tag(&mut ours, 1, "housing pledge");
    let mut theirs = p.clone();
    Edit::RemoveClaim(ClaimId(9))
        .apply(&mut theirs)
        .expect("removed");
    edit_claim(&mut theirs, 1, |c| c.status = Status::False);
    store::save(&ours, &dir.join("ours.ron")).expect("saves");
    store::save(&theirs, &dir.join("theirs.ron")).expect("saves");
    let out = ok(run(
        &dir,
        PRESSMARK,
        &[
            "merge3",
            "work.ron",
            "ours.ron",
            "theirs.ron",
            "--out",
            "merged.ron",
            "--json",
        ],
    ));
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["added"].as_array().map(Vec::len), Some(2), "{json}");
    assert!(json["added"]
        .as_array()
        .expect("list")
        .iter()
        .any(|a| a["kind"] == "claim" && a["id"] == new_claim.0 && a["side"] == "ours"));
    assert_eq!(json["deleted"][0]["id"], 9);
    assert_eq!(json["deleted"][0]["side"], "theirs");
    assert_eq!(json["changed"][0]["id"], 1);
    assert_eq!(json["conflicts"].as_array().map(Vec::len), Some(0));
    let merged = store::load(&dir.join("merged.ron")).expect("loads");
    assert_eq!(merged.claims.len(), 10);
    assert_eq!(
        merged.archive.path,
        PathBuf::from("home-office.txt"),
        "the archive path is kept"
    );
}

#[test]
fn a_ron_file_that_is_not_a_project_is_merged_as_text() {
    let (_tmp, dir) = repository();
    // Another program's settings in RON: the driver hands it to git's text merge instead of
    // refusing it.
    let settings = "(\n  width: 800,\n  height: 600,\n  theme: \"dark\",\n  font: \"serif\",\n)\n";
    std::fs::write(dir.join("settings.ron"), settings).expect("write");
    git(&dir, &["add", "settings.ron"]);
    git(&dir, &["commit", "-q", "-m", "settings"]);
    git(&dir, &["checkout", "-q", "-b", "alice"]);
    std::fs::write(dir.join("settings.ron"), settings.replace("800", "1024")).expect("write");
    git(&dir, &["commit", "-q", "-am", "wider"]);
    git(&dir, &["checkout", "-q", "-b", "bob", "main"]);
    std::fs::write(dir.join("settings.ron"), settings.replace("serif", "sans")).expect("write");
    git(&dir, &["commit", "-q", "-am", "sans"]);
    let merged = run(&dir, "git", &["merge", "-q", "--no-edit", "alice"]);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert!(String::from_utf8_lossy(&merged.stderr).contains("merging as text"));
    let text = std::fs::read_to_string(dir.join("settings.ron")).expect("read");
    assert_eq!(
        text,
        settings.replace("800", "1024").replace("serif", "sans")
    );
}
