//! CPU time of one frame of the whole window, headless (no GPU, no window): the 100,000-release
//! archive loaded, 10,000 claims, the release list, the timeline strip (one row, then in
//! lanes by department and by tag), two compare columns and the claims panel. A frame is
//! `Context::run_ui` (layout and drawing into shapes) plus `Context::tessellate` (shapes into
//! meshes), which is what eframe does on the CPU before handing meshes to the GPU.
//!
//! ```text
//! cargo bench --bench frame            # 100,000 releases
//! FRAME_BENCH_RELEASES=10000 cargo bench --bench frame
//! # the frames after claim edits only, each median of 2000 edits:
//! FRAME_BENCH_EDITS=2000 target/release/deps/frame-<hash> --bench zzznomatch
//! ```

use std::cell::Cell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use egui::{pos2, vec2, Context, RawInput, Rect};
use pressmark::app::{AppCommand, Prefs, PressmarkApp};
use pressmark::archive::BlockKind;
use pressmark::project::{Anchor, Edit};
use pressmark::timeline::LaneBy;

#[path = "common/large.rs"]
mod large;

const CLAIMS: usize = 10_000;

/// The app with the archive loaded, the claims added and two columns open.
struct Window {
    ctx: Context,
    input: RawInput,
    frame: Cell<u64>,
    app: PressmarkApp,
    _dir: tempfile::TempDir,
}

impl Window {
    fn new(releases: usize) -> Window {
        let t = Instant::now();
        let text = large::make_archive(releases);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("large-archive.txt");
        std::fs::write(&path, &text).expect("write archive");
        let mb = text.len() as f64 / 1e6;
        drop(text);
        println!(
            "generated {releases} releases ({mb:.0} MB) in {:.1?}",
            t.elapsed()
        );

        let t = Instant::now();
        let mut app = PressmarkApp::new(Prefs::default(), Arc::new(|| {}));
        app.open(vec![path]);
        app.wait_for_load();
        let archive = app.archive.clone().expect("archive loaded");
        println!(
            "loaded {} releases in {:.1?}",
            archive.releases.len(),
            t.elapsed()
        );

        let t = Instant::now();
        let tag_id = app.doc.project.codebook.tags()[0].id;
        let n = archive.releases.len();
        let mut added = 0;
        let mut i = 0;
        while added < CLAIMS && i < n * 2 {
            // A spread of the archive: release k * n / CLAIMS, or the next one with a paragraph.
            let index = (added * n / CLAIMS + i % n.max(1)) % n;
            let r = &archive.releases[index];
            let Some(block) = r.blocks.iter().find(|b| b.kind == BlockKind::Paragraph) else {
                i += 1;
                continue;
            };
            let s = block.start as usize;
            let mut e = (s + 20).min(block.end as usize);
            while !r.text.is_char_boundary(e) {
                e -= 1;
            }
            let anchor = Anchor::from_range(&r.text, s, e);
            let claim = app.doc.project.new_claim(&r.id, anchor, vec![tag_id], 0);
            app.doc.apply(Edit::AddClaim(claim)).expect("add claim");
            added += 1;
            i = 0;
        }
        println!("added {added} claims in {:.1?}", t.elapsed());

        let (a, b) = (app.order[0], app.order[n / 2]);
        app.selected = Some(a);
        app.commands.push(AppCommand::AddColumn(a));
        app.commands.push(AppCommand::AddColumn(b));

        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 1000.0))),
            predicted_dt: 1.0 / 60.0,
            ..Default::default()
        };
        let mut w = Window {
            ctx: Context::default(),
            input,
            frame: Cell::new(0),
            app,
            _dir: dir,
        };

        // Warm up: fonts, layout caches, the column commands and the background index
        // (findings are computed only when their panel is shown).
        let t = Instant::now();
        for _ in 0..5 {
            w.frame();
        }
        let deadline = Instant::now() + Duration::from_secs(600);
        while w.app.search.is_indexing() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
            w.frame();
        }
        for _ in 0..5 {
            w.frame();
        }
        println!("warm-up (index) {:.1?}", t.elapsed());
        w.check();
        w
    }

    /// The median of `n` frames, each drawn right after a claim edit made by `edit`.
    fn after_edit(&mut self, name: &str, n: usize, edit: fn(&mut Window)) {
        let times: Vec<Timed> = (0..n)
            .map(|_| {
                edit(self);
                Timed::of(|| std::hint::black_box(self.frame()))
            })
            .collect();
        report(name, times, "edits");
    }

    /// Adds a claim with the first tag to a release that has none (with lanes by tag, it
    /// leaves the untagged lane of most of the archive for the tag's lane), or undoes the
    /// last one added (it comes back): a real edit, then a real undo.
    fn add_or_undo(&mut self) {
        if self.app.doc.project.claims.len() > CLAIMS {
            self.app.doc.undo().expect("undo the added claim");
            return;
        }
        let archive = self.app.archive.clone().expect("archive loaded");
        let n = archive.releases.len();
        let project = &self.app.doc.project;
        let tag = project.codebook.tags()[0].id;
        // A release near the middle with a paragraph and no claims.
        let found =
            (0..n).map(|k| (n / 2 + 1 + k) % n).find_map(|i| {
                let r = &archive.releases[i];
                let block = r.blocks.iter().find(|b| b.kind == BlockKind::Paragraph)?;
                let s = block.start as usize;
                let mut e = (s + 20).min(block.end as usize);
                while !r.text.is_char_boundary(e) {
                    e -= 1;
                }
                self.app.doc.claims_in_release(&r.id).is_empty().then(|| {
                    project.new_claim(&r.id, Anchor::from_range(&r.text, s, e), vec![tag], 0)
                })
            });
        let claim = found.expect("a release without claims");
        self.app
            .doc
            .apply(Edit::AddClaim(claim))
            .expect("add a claim");
    }

    /// Adds a second tag to the first claim, or takes it away again (one undoable edit).
    fn retag(&mut self) {
        let project = &self.app.doc.project;
        let second = project.codebook.tags()[1].id;
        let Some(mut claim) = project.claims.values().next().cloned() else {
            return;
        };
        if claim.tags.contains(&second) {
            claim.tags.retain(|t| *t != second);
        } else {
            claim.tags.push(second);
        }
        self.app
            .doc
            .apply(Edit::UpdateClaim(claim))
            .expect("retag a claim");
    }

    /// One frame: layout, drawing and tessellation.
    fn frame(&mut self) -> usize {
        let n = self.frame.get() + 1;
        self.frame.set(n);
        self.input.time = Some(n as f64 / 60.0);
        let app = &mut self.app;
        let output = self.ctx.run_ui(self.input.clone(), |ui| app.show(ui));
        let meshes = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        meshes.len()
    }

    /// Layout and drawing only.
    fn frame_ui_only(&mut self) -> usize {
        let n = self.frame.get() + 1;
        self.frame.set(n);
        self.input.time = Some(n as f64 / 60.0);
        let app = &mut self.app;
        let output = self.ctx.run_ui(self.input.clone(), |ui| app.show(ui));
        output.shapes.len()
    }

    /// Says (does not panic) if the frame is not what it should be.
    fn check(&self) {
        let columns = self.app.columns.columns.len();
        let claims = self.app.doc.project.claims.len();
        let releases = self.app.archive.as_ref().map_or(0, |a| a.releases.len());
        let ok = |b: bool| if b { "ok" } else { "UNEXPECTED" };
        println!(
            "frame contents: {releases} releases, {claims} claims ({}), {columns} columns ({}), \
             timeline {} placed, indexing {}, findings {}",
            ok(claims == CLAIMS),
            ok(columns == 2),
            self.app.timeline.timeline.placed.len(),
            self.app.search.is_indexing(),
            self.app.findings.findings.as_ref().map_or(0, |f| f.len()),
        );
    }

    /// Median of `n` frames, timed here (besides criterion).
    fn median(&mut self, name: &str, n: usize) {
        let times: Vec<Timed> = (0..n)
            .map(|_| Timed::of(|| std::hint::black_box(self.frame())))
            .collect();
        report(name, times, "frames");
    }
}

/// One frame's wall-clock time and the CPU time of the thread that drew it. On a loaded
/// machine the wall clock also counts time the thread waited for a core; the CPU time does
/// not, so it is the steadier figure to compare changes by.
#[derive(Clone, Copy)]
struct Timed {
    wall: Duration,
    cpu: Option<Duration>,
}

impl Timed {
    fn of<T>(f: impl FnOnce() -> T) -> Timed {
        let (t, c) = (Instant::now(), thread_cpu());
        f();
        let cpu = thread_cpu().zip(c).map(|(b, a)| b.saturating_sub(a));
        Timed {
            wall: t.elapsed(),
            cpu,
        }
    }
}

/// Prints the median, min and max of the wall-clock times, and the median CPU time.
fn report(name: &str, times: Vec<Timed>, what: &str) {
    let n = times.len();
    if n == 0 {
        return;
    }
    let mut wall: Vec<Duration> = times.iter().map(|t| t.wall).collect();
    // A hitch is one slow frame among fast ones: say how many and where the slowest was.
    let hitches = wall
        .iter()
        .filter(|w| **w > Duration::from_millis(8))
        .count();
    let slowest = (0..n).max_by_key(|&i| wall[i]).unwrap_or(0);
    wall.sort();
    let mut cpu: Vec<Duration> = times.iter().filter_map(|t| t.cpu).collect();
    cpu.sort();
    let cpu = cpu
        .get(cpu.len() / 2)
        .map(|c| format!(", thread CPU median {c:.2?}"))
        .unwrap_or_default();
    println!(
        "{name}: median {:.2?} (min {:.2?}, max {:.2?} at {what} {slowest}, {n} {what}, \
         {hitches} over 8 ms){cpu}",
        wall[n / 2],
        wall[0],
        wall[n - 1]
    );
}

/// CPU time used so far by the calling thread.
#[cfg(target_os = "linux")]
fn thread_cpu() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu() -> Option<Duration> {
    None
}

fn bench(c: &mut Criterion) {
    let releases = std::env::var("FRAME_BENCH_RELEASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let mut w = Window::new(releases);

    let mut group = c.benchmark_group("frame");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));

    w.median("full frame", 60);
    group.bench_function("full", |b| b.iter(|| w.frame()));
    w.check();
    group.bench_function("full_ui_only_no_tessellate", |b| {
        b.iter(|| w.frame_ui_only())
    });

    // Without the columns: the reader shows the selected release instead.
    let columns = w.app.columns.columns.clone();
    w.app.columns.clear();
    for _ in 0..3 {
        w.frame();
    }
    w.median("no columns (reader)", 60);
    group.bench_function("no_columns", |b| b.iter(|| w.frame()));
    for &i in &columns {
        w.app.columns.add(i);
    }

    // The strip in lanes (each lane's timeline is computed in the first frame, not timed).
    for (name, by) in [
        ("lanes_department", LaneBy::Department),
        ("lanes_tag", LaneBy::Tag),
    ] {
        w.app.prefs.timeline_lanes = Some(by);
        for _ in 0..3 {
            w.frame();
        }
        println!("{name}: {} lanes", w.app.timeline.lanes().len());
        w.median(name, 60);
        group.bench_function(name, |b| b.iter(|| w.frame()));
    }
    // Lanes by tag after each claim edit: that frame rebuilds the lanes and the colours.
    // FRAME_BENCH_EDITS=3000 gives a profiler (`perf record -p`) time to look.
    let edits = std::env::var("FRAME_BENCH_EDITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    w.after_edit("lanes_tag, frame after a claim edit", edits, Window::retag);
    // An edit that moves a release between the untagged lane (most of the archive) and a
    // tag's lane, and its undo.
    w.after_edit(
        "lanes_tag, frame after a claim added or undone",
        edits,
        Window::add_or_undo,
    );
    if w.app.doc.project.claims.len() > CLAIMS {
        w.add_or_undo();
    }
    w.app.prefs.timeline_lanes = None;
    for _ in 0..3 {
        w.frame();
    }
    w.after_edit("one strip, frame after a claim edit", edits, Window::retag);

    // Without the timeline's data: the strip draws empty.
    let timeline = std::mem::take(&mut w.app.timeline.timeline);
    for _ in 0..3 {
        w.frame();
    }
    w.median("empty timeline", 60);
    group.bench_function("empty_timeline", |b| b.iter(|| w.frame()));
    w.app.timeline.timeline = timeline;

    // Without any claims.
    let claims = std::mem::take(&mut w.app.doc.project.claims);
    // Changed outside the undo history: say so, as the app does, so caches rebuild.
    w.app.doc.history.touch();
    for _ in 0..3 {
        w.frame();
    }
    w.median("no claims", 60);
    group.bench_function("no_claims", |b| b.iter(|| w.frame()));
    w.app.doc.project.claims = claims;
    w.app.doc.history.touch();

    for _ in 0..3 {
        w.frame();
    }
    w.check();
    w.median("full frame (again)", 60);
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
