//! The window notices its project file changed on disk (as `git pull` or a colleague's save
//! leaves it) and offers to reload it or merge it with the unsaved work, never saving over it.

use std::sync::Arc;

use egui_kittest::kittest::Queryable;
use pressmark::app::{AppCommand, Command, Prefs, PressmarkApp};
use pressmark::project::{store, Claim, Edit, Project, Status};

use crate::common::{harness_for, tagged_sample_project};

type H = egui_kittest::Harness<'static, PressmarkApp>;

/// The window on a saved project, with one unsaved change of ours (a note on its first
/// claim); and a colleague's version written over the file: a new claim, another claim
/// checked.
fn window_and_colleague(dir: &std::path::Path) -> (H, Claim, Claim, Claim) {
    let (_, path, archive) = tagged_sample_project(dir);
    let mut app = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
    app.open_project(&path);
    app.wait_for_load();
    let mut h = harness_for(app, 1400.0, 900.0);
    let project: &Project = &h.state().doc.project;
    let mut ours = project.claims.values().next().expect("a claim").clone();
    ours.note = "our reading: the 2022 figure".into();
    ours.modified += 1;
    h.state_mut()
        .commands
        .push(AppCommand::Edit(Edit::UpdateClaim(ours.clone())));
    h.run();
    assert!(h.state().doc.is_dirty());

    let mut theirs = store::load(&path).expect("loads");
    let mut checked = theirs.claims.values().nth(1).expect("two claims").clone();
    checked.status = Status::Checked;
    checked.modified += 1;
    Edit::UpdateClaim(checked.clone())
        .apply(&mut theirs)
        .expect("edit");
    let release = &archive.releases[0];
    let at = release.text.find("student visa").expect("in the sample");
    let tag = theirs.codebook.by_name("policy promise").expect("tag").id;
    let new = theirs.new_claim(
        &release.id,
        pressmark::project::Anchor::from_range(&release.text, at, at + "student visa".len()),
        vec![tag],
        1_700_000_000,
    );
    Edit::AddClaim(new.clone())
        .apply(&mut theirs)
        .expect("edit");
    store::save(&theirs, &path).expect("the colleague saves");

    // The window looks every two seconds; look now (the file is read on a task).
    h.state_mut().disk_watch.look_now();
    h.run_steps(1);
    crate::common::wait_for_tasks(&mut h);
    (h, ours, checked, new)
}

#[test]
fn merge_with_mine_keeps_both_sides_and_saves_over_the_merged_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, ours, checked, new) = window_and_colleague(dir.path());
    h.get_by_label_contains("was changed on disk by another program");
    h.get_by_label("Merge with mine").click();
    // Worked out on a task.
    h.run_steps(1);
    crate::common::wait_for_tasks(&mut h);
    let p = &h.state().doc.project;
    assert_eq!(
        p.claim(ours.id).map(|c| c.note.as_str()),
        Some(ours.note.as_str())
    );
    assert_eq!(p.claim(checked.id).map(|c| c.status), Some(Status::Checked));
    assert!(p.claim(new.id).is_some(), "their new claim");
    assert!(p.conflicts.is_empty());
    assert!(h.state().doc.is_dirty(), "merged, not yet saved");
    h.get_by_label_contains("Merged the version on disk with yours: 1 added");
    assert!(
        h.query_by_label("Merge with mine").is_none(),
        "the offer is gone"
    );

    // Save writes the merge over the colleague's version (which it now holds).
    h.state_mut().commands.push(AppCommand::Run(Command::Save));
    crate::common::wait_for_tasks(&mut h);
    assert_eq!(h.state().error, None);
    let path = h.state().doc.path.clone().expect("path");
    let saved = store::load(&path).expect("saved");
    assert!(saved.claim(new.id).is_some());
    assert_eq!(
        saved.claim(ours.id).map(|c| c.note.as_str()),
        Some(ours.note.as_str())
    );
    assert_eq!(
        saved.claim(checked.id).map(|c| c.status),
        Some(Status::Checked)
    );
}

/// The window looks at the file every two seconds, also while a merge is worked out: a look
/// that lands before the merge is taken in must not offer the version being merged again
/// (a fresh-clone CI run on a busy machine once left the offer standing after the merge).
#[test]
fn a_look_at_the_file_during_the_merge_does_not_offer_it_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, _, _, new) = window_and_colleague(dir.path());
    h.get_by_label("Merge with mine").click();
    h.run_steps(1);
    // The merge is on its task; the file, read meanwhile by the two-second look, lands first.
    let path = h.state().doc.path.clone().expect("path");
    let read = store::load_stamped(&path);
    let app = h.state_mut();
    app.disk_watch.took_read(&app.doc, &path, read);
    crate::common::wait_for_tasks(&mut h);
    assert!(h.state().doc.project.claim(new.id).is_some(), "merged");
    h.run();
    assert!(
        h.query_by_label("Merge with mine").is_none(),
        "the version merged is not offered again"
    );
    assert!(h.state().disk_watch.changed.is_none());
}

#[test]
fn not_now_leaves_the_file_as_the_colleague_saved_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, _, _, new) = window_and_colleague(dir.path());
    h.get_by_label("Not now").click();
    h.run();
    assert!(h.query_by_label("Merge with mine").is_none());
    // Saving now is refused (the file changed), in words; the colleague's claim stays on disk.
    h.state_mut().commands.push(AppCommand::Run(Command::Save));
    crate::common::wait_for_tasks(&mut h);
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.contains("changed by another program"), "{error}");
    let path = h.state().doc.path.clone().expect("path");
    assert!(store::load(&path).expect("loads").claim(new.id).is_some());
}

#[test]
fn reload_takes_the_version_on_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, ours, _, new) = window_and_colleague(dir.path());
    h.get_by_label("Reload from disk (drop my unsaved changes)")
        .click();
    // A project opens on a task, with a spinner: step, then wait for it.
    h.run_steps(1);
    h.state_mut().wait_for_load();
    h.run();
    let p = &h.state().doc.project;
    assert!(p.claim(new.id).is_some());
    assert_ne!(
        p.claim(ours.id).map(|c| c.note.as_str()),
        Some(ours.note.as_str())
    );
    assert!(!h.state().doc.is_dirty());
}

#[test]
fn a_conflict_from_merge_with_mine_is_listed_and_settled_in_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, ours, _, _) = window_and_colleague(dir.path());
    // The colleague also wrote a note of their own on the claim we annotated.
    let path = h.state().doc.path.clone().expect("path");
    let mut theirs = store::load(&path).expect("loads");
    let mut their_claim = theirs.claim(ours.id).expect("claim").clone();
    their_claim.note = "their reading: the 2021 figure".into();
    their_claim.modified += 2;
    Edit::UpdateClaim(their_claim.clone())
        .apply(&mut theirs)
        .expect("edit");
    store::save(&theirs, &path).expect("saves");
    h.state_mut().disk_watch.look_now();
    h.run_steps(1);
    crate::common::wait_for_tasks(&mut h);
    h.get_by_label("Merge with mine").click();
    // Worked out on a task.
    h.run_steps(1);
    crate::common::wait_for_tasks(&mut h);
    h.get_by_label_contains("1 conflict kept with both versions");
    h.get_by_label_contains("Merge conflicts: 1");
    assert_eq!(
        h.state()
            .doc
            .project
            .claim(ours.id)
            .map(|c| c.note.as_str()),
        Some(ours.note.as_str())
    );
    h.get_by_label("Use the other version").click();
    h.run();
    assert_eq!(
        h.state()
            .doc
            .project
            .claim(ours.id)
            .map(|c| c.note.as_str()),
        Some(their_claim.note.as_str())
    );
    assert!(h.state().doc.project.conflicts.is_empty());
    assert!(h.query_by_label_contains("Merge conflicts").is_none());
    assert!(h.state().doc.is_dirty());
}

#[test]
fn a_tag_renamed_two_ways_is_settled_with_the_other_name() {
    use pressmark::project::merge3::merge3;
    let dir = tempfile::tempdir().expect("tempdir");
    let (base, path, _) = tagged_sample_project(dir.path());
    let tag = base
        .codebook
        .by_name("policy promise")
        .expect("tag")
        .clone();
    let renamed = |name: &str| {
        let mut p = base.clone();
        Edit::UpdateTag(pressmark::project::Tag {
            name: name.to_owned(),
            ..tag.clone()
        })
        .apply(&mut p)
        .expect("rename");
        p
    };
    let merged = merge3(&base, &renamed("pledge"), &renamed("commitment"));
    assert_eq!(merged.conflicts.len(), 1);
    store::save(&merged.project, &path).expect("saves");

    let mut app = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
    app.open_project(&path);
    app.wait_for_load();
    let mut h = harness_for(app, 1400.0, 900.0);
    h.get_by_label_contains("Merge conflicts: 1");
    h.get_by_label_contains("\"pledge\": changed on our side, changed on theirs");
    h.get_by_label("Use the other version").click();
    h.run();
    let p = &h.state().doc.project;
    assert_eq!(
        p.codebook.get(tag.id).map(|t| t.name.as_str()),
        Some("commitment")
    );
    assert!(p.conflicts.is_empty());
    // Undo takes the name back; the conflict stays settled.
    h.state_mut().commands.push(AppCommand::Run(Command::Undo));
    h.run();
    assert_eq!(
        h.state()
            .doc
            .project
            .codebook
            .get(tag.id)
            .map(|t| t.name.as_str()),
        Some("pledge")
    );
}
