//! Shared set-up for the window tests: the app on the bundled sample, in a headless harness.
// Each test file uses some of these helpers, not all.
#![allow(dead_code)]

// Keeps every test out of the user's cache and data folders.
#[path = "../../src/test_folders.rs"]
mod test_folders;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui_kittest::Harness;
use pressmark::app::{AppCommand, Prefs, PressmarkApp};

pub fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt")
}

/// The app with the sample loaded (waits for the background load).
pub fn app_on_sample() -> PressmarkApp {
    app_on(sample_path())
}

/// The app with an archive loaded (waits for the background load).
pub fn app_on(path: PathBuf) -> PressmarkApp {
    let mut app = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
    app.open(vec![path]);
    app.wait_for_load();
    app
}

pub fn harness_for(app: PressmarkApp, width: f32, height: f32) -> Harness<'static, PressmarkApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(width, height))
        // A window that opens, or results arriving from a thread, can take a few frames to
        // settle (new widgets are styled on their second frame).
        .with_max_steps(12)
        .build_ui_state(|ui, app: &mut PressmarkApp| app.show(ui), app);
    // The search index builds on a thread, with a spinner that keeps the UI repainting; let it
    // finish so that later `run`s settle.
    wait_for_index(&mut h);
    h
}

/// A 1400×900 window on the sample.
pub fn harness() -> Harness<'static, PressmarkApp> {
    harness_for(app_on_sample(), 1400.0, 900.0)
}

/// Runs frames until the search index (built on a thread) is ready.
pub fn wait_for_index(h: &mut Harness<'static, PressmarkApp>) {
    for _ in 0..300 {
        let _ = h.try_run();
        if !h.state().search.is_indexing() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
}

/// Runs the frame that takes what was typed into the search field, then waits for a search
/// run on a thread (one with a phrase) to end (blocking on its results, for at most a
/// minute) and runs the frames that show its results.
pub fn wait_for_search(h: &mut Harness<'static, PressmarkApp>) {
    h.run();
    h.state_mut()
        .search
        .wait_for_search(std::time::Duration::from_secs(60));
    assert!(!h.state().search.is_searching(), "the search ended");
    h.run();
}

/// Runs frames until the window settles, giving threads time between tries: a spinner (a
/// task, a load, the index) keeps `run` repainting until its thread ends.
pub fn settle(h: &mut Harness<'static, PressmarkApp>) {
    for _ in 0..2000 {
        if h.try_run().is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run();
}

/// Runs frames until the app's background tasks (save, open, merge, agreement, import,
/// export) have ended and the window has taken their results in.
pub fn wait_for_tasks(h: &mut Harness<'static, PressmarkApp>) {
    for _ in 0..2000 {
        let _ = h.try_run();
        if h.state().tasks.is_idle() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run();
}

/// Selects `words` in release `index`, as a drag across them would.
pub fn select_in(h: &mut Harness<'static, PressmarkApp>, index: usize, words: &str) {
    let app = h.state_mut();
    let text = &app.archive.as_ref().expect("archive").releases[index].text;
    let start = text.find(words).expect("words in the release");
    app.commands.push(AppCommand::SetSelection {
        release: index,
        start,
        end: start + words.len(),
    });
    h.run();
}

/// Selects `words` in the open release.
pub fn select(h: &mut Harness<'static, PressmarkApp>, words: &str) {
    let index = h.state().selected.expect("a selected release");
    select_in(h, index, words);
}

/// A copy of the sample at `dir/home-office.txt` and a project `dir/work.ron` on it whose
/// claims tag every "net migration" as a migration figure, saved.
pub fn tagged_sample_project(
    dir: &Path,
) -> (
    pressmark::project::Project,
    PathBuf,
    pressmark::archive::Archive,
) {
    use pressmark::project::{find_matches, store, tag_all_edit, ArchiveRef, Project};
    let archive_path = dir.join("home-office.txt");
    std::fs::copy(sample_path(), &archive_path).unwrap();
    let project_path = dir.join("work.ron");
    let archive = pressmark::archive::Archive::load(std::slice::from_ref(&archive_path)).unwrap();
    let mut project = Project::new(
        ArchiveRef::for_file(&project_path, &archive_path).unwrap(),
        "ana",
    );
    let tag = project.codebook.by_name("migration figure").unwrap().id;
    let matches = find_matches(&archive, "net migration", false).unwrap();
    assert!(matches.len() > 3);
    tag_all_edit(&project, &archive, &matches, tag, "", 1_683_000_000)
        .apply(&mut project)
        .unwrap();
    store::save(&project, &project_path).unwrap();
    (project, project_path, archive)
}

/// Where `title` is shown: as a label (the list's rows) or as a release's own title run of
/// text at the top of a reader (where its marks show).
pub fn title_rects(h: &Harness<'static, PressmarkApp>, title: &str) -> Vec<egui::Rect> {
    use egui_kittest::kittest::Queryable;
    let as_text = egui_kittest::kittest::by()
        .value(title)
        .role(egui::accesskit::Role::MultilineTextInput);
    h.get_all_by_label(title)
        .chain(h.query_all(as_text))
        .map(|n| n.rect())
        .collect()
}
