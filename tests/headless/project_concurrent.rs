//! Two writers on one project: two real `pressmark tag` processes at once both keep their
//! claims (each re-reads the project under its lock). The window's side: `project_stamps`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use pressmark::project::store;
use pressmark::project::Project;

pub fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt");
    let archive = dir.path().join("archive.txt");
    std::fs::copy(sample, &archive).expect("copy");
    let project = dir.path().join("work.ron");
    (dir, project, archive)
}

pub fn tag_command(project: &Path, archive: &Path, pattern: &str, tag: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pressmark"));
    c.arg("tag")
        .arg(project)
        .arg("--archive")
        .arg(archive)
        .args(["--match", pattern, "--tag", tag])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Claims carrying the tag named `name`.
fn tagged(project: &Project, name: &str) -> usize {
    let Some(tag) = project.codebook.by_name(name) else {
        return 0;
    };
    project
        .claims
        .values()
        .filter(|c| c.tags.contains(&tag.id))
        .count()
}

#[test]
fn two_tag_processes_at_once_both_keep_their_claims() {
    let (_dir, project, archive) = setup();
    const ROUNDS: usize = 20;
    for round in 0..ROUNDS {
        // Started together, so that both read the project before either has saved.
        let a = tag_command(&project, &archive, "net migration", &format!("a{round}"))
            .spawn()
            .expect("first run starts");
        let b = tag_command(&project, &archive, "£400 million", &format!("b{round}"))
            .spawn()
            .expect("second run starts");
        for run in [a, b] {
            let out = run.wait_with_output().expect("run ends");
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let p = store::load(&project).expect("project loads");
        assert_eq!(
            tagged(&p, &format!("a{round}")),
            8,
            "round {round}: first run's claims"
        );
        assert_eq!(
            tagged(&p, &format!("b{round}")),
            1,
            "round {round}: second run's claims"
        );
    }
    let p = store::load(&project).expect("project loads");
    // Every round's two new tags, on top of the 8 a new project starts with.
    assert_eq!(p.codebook.len(), 8 + 2 * ROUNDS);
    for round in 0..ROUNDS {
        assert_eq!(tagged(&p, &format!("a{round}")), 8);
        assert_eq!(tagged(&p, &format!("b{round}")), 1);
    }
    // Nothing is left beside the project: no lock file, no temporary file.
    let mut left: Vec<String> = std::fs::read_dir(project.parent().expect("folder"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["archive.txt", "work.ron"]);
    // Ids are unique in the file itself, not only in the map it loads into.
    let text = std::fs::read_to_string(&project).expect("read");
    let claim_ids = text.lines().filter(|l| l.starts_with("      id: ")).count();
    assert_eq!(claim_ids, p.claims.len() + p.codebook.len());
}
