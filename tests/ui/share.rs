//! Sharing through the menus: export a CSV, merge a colleague's project.

use std::path::Path;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use pressmark::app::{AppCommand, PressmarkApp};

use crate::common;
use crate::common::harness;

fn tag(h: &mut Harness<'static, PressmarkApp>, words: &str, button: &str) {
    let app = h.state_mut();
    let index = app.selected.unwrap();
    let text = &app.archive.as_ref().unwrap().releases[index].text;
    let start = text.find(words).unwrap();
    app.commands.push(AppCommand::SetSelection {
        release: index,
        start,
        end: start + words.len(),
    });
    h.run();
    h.get_by_label(button).click();
    h.run();
}

fn choose_path(h: &mut Harness<'static, PressmarkApp>, path: &Path, action: &str) {
    let field = h.get_by_label("Path");
    field.click();
    h.run();
    h.state_mut().open_panel.path = path.display().to_string();
    h.run();
    h.get_by_label(action).click();
    // A task (export, merge, agreement) shows a spinner while its thread runs: step until
    // it has ended rather than wait to settle.
    h.run_steps(3);
    common::wait_for_tasks(h);
}

#[test]
fn export_csv_through_the_menu() {
    let mut h = harness();
    tag(
        &mut h,
        "net migration was over 500,000",
        "1 migration figure",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("claims.csv");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("CSV…").click();
    h.run();
    choose_path(&mut h, &out, "Save");
    for _ in 0..200 {
        h.step();
        if out.exists()
            && h.state()
                .share
                .notice
                .as_deref()
                .is_some_and(|n| n.starts_with("Exported"))
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.lines().count() == 2, "{csv}");
    assert!(csv.contains("net migration was over 500,000"));
}

#[test]
fn merge_a_colleagues_project_through_the_menu() {
    let dir = tempfile::tempdir().unwrap();
    // The colleague tags one passage and saves.
    let theirs = dir.path().join("colleague.ron");
    let mut h = harness();
    tag(&mut h, "half a million", "1 migration figure");
    h.state_mut()
        .commands
        .push(AppCommand::SaveTo(theirs.clone()));
    crate::common::wait_for_tasks(&mut h);
    drop(h);

    // I tag another and merge theirs in.
    let mut h = harness();
    tag(&mut h, "750%", "7 comparison");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Merge Colleague's Project…").click();
    h.run();
    choose_path(&mut h, &theirs, "Merge");
    let claims = &h.state().doc.project.claims;
    assert_eq!(claims.len(), 2, "{:?}", h.state().error);
    assert!(claims.values().any(|c| c.anchor.exact == "half a million"));
    // One undo step takes the whole merge back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().doc.project.claims.len(), 1);
}

/// A colleague's project, made with the core API: `words` tagged `tag` in the sample, saved as
/// `dir/colleague.ron`.
fn colleague_project(dir: &Path, words: &str, tag: &str) -> std::path::PathBuf {
    use pressmark::archive::Archive;
    use pressmark::project::{store, Anchor, ArchiveRef, Edit, Project};
    let sample = common::sample_path();
    let archive = Archive::load(std::slice::from_ref(&sample)).unwrap();
    let path = dir.join("colleague.ron");
    let mut theirs = Project::new(ArchiveRef::for_file(&path, &sample).unwrap(), "bo");
    let tag = match theirs.codebook.by_name(tag) {
        Some(t) => t.id,
        None => {
            // A tag of theirs that the default codebook lacks.
            let id = theirs.codebook.next_id();
            Edit::AddTag(pressmark::project::Tag::new(id, tag, [1, 2, 3]))
                .apply(&mut theirs)
                .unwrap();
            id
        }
    };
    let r = archive
        .releases
        .iter()
        .find(|r| r.text.contains(words))
        .unwrap();
    let s = r.text.find(words).unwrap();
    let claim = theirs.new_claim(
        &r.id,
        Anchor::from_range(&r.text, s, s + words.len()),
        vec![tag],
        1_683_000_000,
    );
    Edit::AddClaim(claim).apply(&mut theirs).unwrap();
    store::save(&theirs, &path).unwrap();
    path
}

#[test]
fn their_tag_is_counted_as_mine_in_the_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let theirs = colleague_project(dir.path(), "half a million", "Funding");
    let mut h = harness();
    tag(&mut h, "half a million", "2 funding total");
    h.state_mut().commands.push(AppCommand::AgreeWith(theirs));
    crate::common::wait_for_tasks(&mut h);
    // Apart, each of us tagged the words with a tag the other lacks.
    h.get_by_label("funding total - only you: \"half a million\"");
    h.get_by_label("Funding - only they: \"half a million\"");
    assert_eq!(h.state().share.agree_tags, [("Funding".to_owned(), None)]);
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Funding")
        .click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "funding total")
        .click();
    // Worked out again on a task.
    h.run_steps(1);
    crate::common::wait_for_tasks(&mut h);
    let (_, agreement) = h.state().share.agreement.clone().unwrap();
    assert!(agreement.disagreements.is_empty(), "{agreement:?}");
    let row = agreement
        .per_tag
        .iter()
        .find(|t| t.tag == "funding total")
        .unwrap();
    assert!((row.kappa - 1.0).abs() < 1e-9);
    assert!(agreement.per_tag.iter().all(|t| t.tag != "Funding"));
    h.get_by_label("0 passages where you disagree (click one to see both sides):");
}

#[test]
fn a_disagreement_opens_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let theirs = colleague_project(dir.path(), "half a million", "migration figure");
    let mut h = harness();
    tag(&mut h, "750%", "7 comparison");
    h.state_mut().commands.push(AppCommand::AgreeWith(theirs));
    crate::common::wait_for_tasks(&mut h);
    assert!(h.state().share.colleague.is_some(), "{:?}", h.state().error);
    assert!(h.state().share.disagreement.is_none());
    h.get_by_label("migration figure - only they: \"half a million\"")
        .click();
    h.run();
    let view = h.state().share.disagreement.clone().expect("side by side");
    assert_eq!(view.passage.text, "half a million");
    let release = &h.state().archive.as_ref().unwrap().releases[view.release];
    assert_eq!(
        &release.text[view.passage.start..view.passage.end],
        "half a million"
    );
    // Both sides, each with its tags at the passage; theirs named by its file.
    h.get_by_label("Mine");
    h.get_by_label("Theirs");
    h.get_by_label("colleague.ron");
    h.get_by_label("Tags here: none");
    h.get_by_label("Tags here: migration figure");
    // Another passage replaces it.
    h.get_by_label("comparison - only you: \"750%\"").click();
    h.run();
    let view = h.state().share.disagreement.clone().unwrap();
    assert_eq!(view.passage.text, "750%");
    h.get_by_label("Tags here: comparison");
    h.get_by_label("Tags here: none");
}

#[test]
fn a_disagreement_deep_in_a_release_is_scrolled_into_view() {
    let dir = tempfile::tempdir().unwrap();
    let words = "Compulsive and Obsessive Behaviour Intervention";
    let theirs = colleague_project(dir.path(), words, "quote");
    let mut h = harness();
    h.state_mut().commands.push(AppCommand::AgreeWith(theirs));
    crate::common::wait_for_tasks(&mut h);
    h.get_by_label(&format!("quote - only they: \"{words}\""))
        .click();
    h.run();
    let view = h.state().share.disagreement.clone().unwrap();
    let release = &h.state().archive.as_ref().unwrap().releases[view.release];
    assert!(
        view.passage.start > release.text.len() / 2,
        "the passage is deep in a long release"
    );
    // The paragraph holding the passage, once in each column, is on screen.
    let shown: Vec<egui::Rect> = h
        .query_all(egui_kittest::kittest::by().predicate(|n| {
            n.role() == egui::accesskit::Role::MultilineTextInput
                && n.value().is_some_and(|v| v.contains(words))
        }))
        .map(|n| n.rect())
        .collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    for r in &shown {
        assert!(r.center().y > 0.0 && r.center().y < 900.0, "{r:?}");
    }
    assert!(shown[0].center().x < 700.0 || shown[1].center().x < 700.0);
}

#[test]
fn merge_maps_their_tag_onto_mine() {
    use egui::accesskit::Role;
    use pressmark::archive::Archive;
    use pressmark::project::{store, Anchor, ArchiveRef, Edit, Project, Tag};
    let dir = tempfile::tempdir().unwrap();
    // The colleague calls funding "Funding", and has a tag of their own.
    let sample = common::sample_path();
    let archive = Archive::load(std::slice::from_ref(&sample)).unwrap();
    let path = dir.path().join("colleague.ron");
    let mut theirs = Project::new(ArchiveRef::for_file(&path, &sample).unwrap(), "bo");
    let add_tag = |p: &mut Project, name: &str| {
        // Numbered 9, 10 as before format 2 (new ids are random): the step lists them in id
        // order.
        let id = pressmark::project::TagId(p.codebook.len() as u32 + 1);
        Edit::AddTag(Tag::new(id, name, [1, 2, 3]))
            .apply(p)
            .unwrap();
        id
    };
    let funding = add_tag(&mut theirs, "Funding");
    let dependants = add_tag(&mut theirs, "dependants");
    for (words, tag) in [("half a million", funding), ("750%", dependants)] {
        let r = &archive.releases[0];
        let s = r.text.find(words).unwrap();
        let c = theirs.new_claim(
            &r.id,
            Anchor::from_range(&r.text, s, s + words.len()),
            vec![tag],
            1_683_000_000,
        );
        Edit::AddClaim(c).apply(&mut theirs).unwrap();
    }
    store::save(&theirs, &path).unwrap();

    let mut h = harness();
    let tags_before = h.state().doc.project.codebook.len();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Merge Colleague's Project…").click();
    h.run();
    choose_path(&mut h, &path, "Merge");
    // Nothing is merged until the tags are settled.
    let step = h
        .state()
        .share
        .merge_tags
        .as_ref()
        .expect("the Merge tags step");
    assert_eq!(
        step.choices,
        [
            ("Funding".to_owned(), None),
            ("dependants".to_owned(), None)
        ]
    );
    assert!(h.state().doc.project.claims.is_empty());
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Funding")
        .click();
    h.run();
    h.get_by_label("funding total").click();
    h.run();
    assert_eq!(
        h.state().share.merge_tags.as_ref().unwrap().choices[0]
            .1
            .as_deref(),
        Some("funding total")
    );
    h.get_by_role_and_label(Role::Button, "Merge").click();
    // Worked out on a task.
    h.run_steps(1);
    crate::common::wait_for_tasks(&mut h);
    assert!(h.state().share.merge_tags.is_none());
    let project = &h.state().doc.project;
    assert_eq!(project.claims.len(), 2, "{:?}", h.state().error);
    let mine = project.codebook.by_name("funding total").unwrap().id;
    let half = project
        .claims
        .values()
        .find(|c| c.anchor.exact == "half a million")
        .unwrap();
    assert_eq!(half.tags, vec![mine], "their claim arrives with my tag");
    assert!(project.codebook.by_name("Funding").is_none());
    assert!(project.codebook.by_name("dependants").is_some());
    assert_eq!(project.codebook.len(), tags_before + 1);
    // One undo step takes the whole merge back, the new tag too.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().doc.project.claims.is_empty());
    assert_eq!(h.state().doc.project.codebook.len(), tags_before);
}

#[test]
fn a_colleagues_file_is_looked_for_beside_mine() {
    let mut h = harness();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Compare with Colleague…").click();
    h.run();
    // Untitled: the archive's folder, ready for a file name (not the last file opened).
    let folder = common::sample_path().parent().unwrap().join("");
    assert_eq!(h.state().open_panel.path, folder.display().to_string());
}

/// Issue 12 (smaller): a tag neither of us used is "not used", not 100 % agreement and
/// kappa 1.000.
#[test]
fn a_tag_neither_used_is_not_scored() {
    let dir = tempfile::tempdir().unwrap();
    let theirs = colleague_project(dir.path(), "half a million", "funding total");
    let mut h = harness();
    tag(&mut h, "half a million", "2 funding total");
    h.state_mut().commands.push(AppCommand::AgreeWith(theirs));
    crate::common::wait_for_tasks(&mut h);
    let (_, agreement) = h.state().share.agreement.clone().unwrap();
    let unused = agreement
        .per_tag
        .iter()
        .filter(|t| t.a_chars == 0 && t.b_chars == 0)
        .count();
    assert!(unused > 0);
    // Two cells (agreement and kappa) per unused tag say so.
    assert_eq!(h.get_all_by_label("not used").count(), 2 * unused);
}
