//! The load/edit/save session: one open project, its undo history, where it is saved and
//! what its claims need once their archive loads. The window and `pressmark tag` both work
//! through it, so whatever the window does to a project a script can do and check. No UI.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::archive::Archive;

use super::{
    reanchor, store, Anchor, ArchiveRef, Claim, ClaimId, ClaimsByRelease, Counts, Edit, EditError,
    History, Match, Project, SaveJob, Saved, TagId,
};

/// Words selected in a release: byte offsets into its canonical text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Index into `archive.releases`.
    pub release: usize,
    pub start: usize,
    pub end: usize,
}

/// What a tag is put on: words (a new claim) or a claim that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagTarget {
    Words(Selection),
    Claim(ClaimId),
}

impl TagTarget {
    /// The selected words if any, else the selected claim: a fresh selection is what the
    /// user is pointing at.
    pub fn of(selection: Option<Selection>, claim: Option<ClaimId>) -> Option<TagTarget> {
        selection
            .map(TagTarget::Words)
            .or(claim.map(TagTarget::Claim))
    }
}

/// What `Session::tag_all` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagAllOutcome {
    pub added: usize,
    /// The tag's name as the codebook spells it.
    pub tag_name: String,
    /// The tag was made for this.
    pub created: bool,
}

/// `a/b/../c` as `a/c`: a reference relative to the project's folder resolves to a path
/// with `..` in it, which should read as the file the user opened. The same folding that
/// `store::relative_to_project` undoes, so no file system is asked.
fn without_dot_dot(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match (c, out.last()) {
            (Component::ParentDir, Some(Component::Normal(_))) => {
                out.pop();
            }
            (Component::CurDir, _) => {}
            _ => out.push(c),
        }
    }
    out.iter().collect()
}

/// What `Session::follow_archive` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Followed {
    /// The claims were placed again, with these outcomes.
    pub counts: Option<Counts>,
    /// The project now refers to another archive file.
    pub repointed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    /// The project was made on another archive (these paths) and re-pointing was not asked.
    #[error("the project was made on the archive {}", crate::output::shown_paths(.0))]
    OtherArchive(Vec<PathBuf>),
    #[error(transparent)]
    Edit(#[from] EditError),
}

pub struct Session {
    pub project: Project,
    pub history: History,
    /// Where the project is saved; `None` until the first Save As.
    pub path: Option<PathBuf>,
    /// What the file at `path` held when it was opened or last saved here: a save refuses
    /// to write over changes made since by another program or window.
    pub disk_stamp: Option<store::Stamp>,
    /// Claims that could not be placed in the archive as it is now.
    pub orphans: Vec<ClaimId>,
    /// Set when a project was opened and its claims must be re-anchored once its archive loads.
    pub needs_reanchor: bool,
    /// Set when the user chose to re-point the project at an archive being loaded.
    pub repoint_to: Option<PathBuf>,
    /// The claims of each release, brought up to date on use (see `claims_in_release`).
    claims_index: Mutex<ClaimsByRelease>,
}

impl Session {
    pub fn new(author: &str) -> Session {
        Session::holding(Project::new(ArchiveRef::default(), author), None)
    }

    fn holding(project: Project, path: Option<PathBuf>) -> Session {
        Session {
            project,
            history: History::new(),
            path,
            disk_stamp: None,
            orphans: Vec::new(),
            needs_reanchor: false,
            repoint_to: None,
            claims_index: Mutex::default(),
        }
    }

    /// A project read from elsewhere (a bundle), saved at `path`; re-anchored once its archive
    /// loads.
    pub fn from_project(project: Project, path: PathBuf) -> Session {
        Session {
            needs_reanchor: true,
            ..Session::holding(project, Some(path))
        }
    }

    /// Opens a project file; the caller then loads `archive_path`.
    pub fn open(path: &Path) -> Result<(Session, PathBuf), store::StoreError> {
        let (project, stamp) = store::load_stamped(path)?;
        let archive_path = project.archive.resolve(path);
        let session = Session {
            disk_stamp: Some(stamp),
            needs_reanchor: true,
            ..Session::holding(project, Some(path.to_owned()))
        };
        Ok((session, archive_path))
    }

    /// Reads the project at `path` (or makes one with `new`), lets `change` edit it through a
    /// session, and saves it, all under the project's lock: another run saving meanwhile is
    /// read here and its claims kept. `change` is told whether the file existed. On error
    /// nothing is written.
    pub fn update<T, E: From<store::StoreError>>(
        path: &Path,
        new: impl FnOnce() -> Result<Project, E>,
        change: impl FnOnce(&mut Session, bool) -> Result<T, E>,
    ) -> Result<T, E> {
        store::update(path, new, |project, existed| {
            let taken = std::mem::replace(project, Project::new(ArchiveRef::default(), ""));
            let mut session = Session::holding(taken, Some(path.to_owned()));
            let result = change(&mut session, existed);
            *project = session.project;
            result
        })
    }

    /// The claims of one release, sorted by position then id (as
    /// [`Project::claims_in_release`]), from an index kept by the history's revision: the
    /// panels that show a release each frame do not compare its id with every claim's.
    pub fn claims_in_release(&self, release: &str) -> Vec<&Claim> {
        let Ok(mut index) = self.claims_index.lock() else {
            // Poisoned by a panic elsewhere: the scan gives the same answer.
            return self.project.claims_in_release(release);
        };
        index.refresh(&self.project, &self.history);
        index.claims_in(&self.project, release)
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// Applies `edit` as one undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit)
    }

    /// Undoes the last step. Returns the archive to open when the step changed which
    /// archive the project refers to (a re-pointing undone): its claims belong there.
    pub fn undo(&mut self) -> Result<Option<Vec<PathBuf>>, EditError> {
        let before = self.project.archive.clone();
        self.history.undo(&mut self.project)?;
        Ok(self.archive_moved(&before))
    }

    /// Redoes the last undone step; returns the archive to open, as `undo` does.
    pub fn redo(&mut self) -> Result<Option<Vec<PathBuf>>, EditError> {
        let before = self.project.archive.clone();
        self.history.redo(&mut self.project)?;
        Ok(self.archive_moved(&before))
    }

    fn archive_moved(&mut self, before: &ArchiveRef) -> Option<Vec<PathBuf>> {
        let now = &self.project.archive;
        if now.path == before.path && now.more == before.more {
            return None;
        }
        let files = self.archive_files();
        if files.is_empty() {
            return None;
        }
        // The claims are placed again (and the orphans found again) once it loads.
        self.needs_reanchor = true;
        Some(files)
    }

    /// Every file or folder of the project's archive, resolved against the project's folder.
    pub fn archive_files(&self) -> Vec<PathBuf> {
        if self.project.archive.path.as_os_str().is_empty() {
            return Vec::new();
        }
        match &self.path {
            Some(p) => self
                .project
                .archive
                .resolve_all(p)
                .iter()
                .map(|f| without_dot_dot(f))
                .collect(),
            None => std::iter::once(&self.project.archive.path)
                .chain(&self.project.archive.more)
                .cloned()
                .collect(),
        }
    }

    /// The archive file the project refers to (its first, if several), found from the
    /// project's folder; `None` if it names none yet (untitled work before its first save).
    pub fn archive_file(&self) -> Option<PathBuf> {
        self.archive_files().into_iter().next()
    }

    /// How the project names `archive_path`: relative to its own folder once it has one.
    fn reference_to(&self, archive_path: &Path) -> PathBuf {
        match &self.path {
            Some(p) => store::relative_to_project(p, archive_path),
            None => archive_path.to_owned(),
        }
    }

    /// The user chose to re-point the project at `to` (being loaded); `from` is the archive
    /// open now. The project names `from` first if it named nothing yet, so that undoing the
    /// re-pointing knows which archive to go back to.
    pub fn begin_repoint(&mut self, to: PathBuf, from: Option<&Path>) {
        if self.project.archive.path.as_os_str().is_empty() {
            if let Some(from) = from {
                // What the first save would record; not a change of the user's.
                self.project.archive.path = self.reference_to(from);
            }
        }
        self.repoint_to = Some(to);
    }

    /// Records the SHA-256 of the archive of `archive_paths` when the project refers to
    /// those files or folders and does not know its hash yet (just re-pointed, or made
    /// before hashes were kept). Returns whether it was recorded.
    pub fn learn_archive_sha(&mut self, archive_paths: &[PathBuf], sha: &str) -> bool {
        if !self.project.archive.sha256.is_empty() || sha.is_empty() {
            return false;
        }
        if !crate::output::same_paths(&self.archive_files(), archive_paths) {
            return false;
        }
        self.project.archive.sha256 = sha.to_owned();
        true
    }

    /// Re-anchors every claim against `archive` (a project just opened, its archive just
    /// loaded). Not the user's change, so not on the undo stack; the file is marked changed
    /// if claims moved, so that it learns their new places.
    pub fn reanchor(&mut self, archive: &Archive) -> Result<(), EditError> {
        self.place_claims(archive).map(|_| ())
    }

    /// `reanchor`, returning what the check found.
    fn place_claims(&mut self, archive: &Archive) -> Result<Counts, EditError> {
        let result = reanchor(&self.project, archive);
        self.orphans = result.orphans();
        self.needs_reanchor = false;
        let edit = result.edit(&self.project);
        if edit.is_empty() {
            return Ok(result.counts());
        }
        edit.apply(&mut self.project)?;
        self.history.touch();
        self.history.mark_unsaved();
        Ok(result.counts())
    }

    /// The command line's way to bring the project to `archive` (read from `archive_path`,
    /// whose reference is `now`): refuses another archive file unless `repoint`, re-anchors
    /// the claims when the archive's text may have changed since the project last saw it
    /// (before the new hash is stored, so that `check` never calls an archive unchanged while
    /// claims sit in the old places), then records `now`.
    pub fn follow_archive(
        &mut self,
        archive: &Archive,
        archive_paths: &[PathBuf],
        now: &ArchiveRef,
        repoint: bool,
    ) -> Result<Followed, FollowError> {
        let before = self.archive_files();
        let same = before.is_empty() || crate::output::same_paths(&before, archive_paths);
        if !same && !repoint {
            return Err(FollowError::OtherArchive(before));
        }
        let mut counts = None;
        if !same || self.project.archive.sha256 != now.sha256 || now.sha256.is_empty() {
            counts = Some(self.place_claims(archive)?);
        }
        self.project.archive = now.clone();
        Ok(Followed {
            counts,
            repointed: !same,
        })
    }

    /// Points the project at another archive (`archive_path`, loaded as `archive`) and
    /// re-anchors its claims there, as one undo step. Returns what the check found. The
    /// new archive's hash is not known yet: `learn_archive_sha` records it.
    pub fn repoint(&mut self, archive: &Archive, archive_path: &Path) -> Result<Counts, EditError> {
        let result = reanchor(&self.project, archive);
        let reference = ArchiveRef {
            path: self.reference_to(archive_path),
            sha256: String::new(),
            more: Vec::new(),
        };
        let edit = Edit::Batch(vec![
            Edit::SetArchive(reference),
            result.edit(&self.project),
        ]);
        self.history.apply(&mut self.project, edit)?;
        self.orphans = result.orphans();
        self.needs_reanchor = false;
        self.repoint_to = None;
        Ok(result.counts())
    }

    /// Saves to `path` (atomically), here and now, pointing the project at the archive of
    /// `archive_paths` (none: the reference stays as it is). The window saves through
    /// `begin_save`, on a task.
    pub fn save(
        &mut self,
        path: &Path,
        archive_paths: &[PathBuf],
        archive_sha: Option<&str>,
    ) -> Result<(), store::StoreError> {
        let job = self.begin_save(path, archive_paths, archive_sha);
        let result = job.run();
        self.end_save(&result);
        result.map(|_| ())
    }

    /// Takes what a save to `path` writes: a snapshot of the project as it is now. Edits
    /// made before `end_save` stay unsaved.
    pub fn begin_save(
        &mut self,
        path: &Path,
        archive_paths: &[PathBuf],
        archive_sha: Option<&str>,
    ) -> SaveJob {
        self.history.begin_save();
        // Saving where it was opened: only over the file as it was then.
        let since = self
            .disk_stamp
            .clone()
            .filter(|_| self.path.as_deref() == Some(path));
        SaveJob::new(
            self.project.clone(),
            path,
            archive_paths,
            archive_sha,
            since,
        )
    }

    /// Takes in how a save begun with `begin_save` went.
    pub fn end_save(&mut self, result: &Result<Saved, store::StoreError>) {
        match result {
            Ok(saved) => {
                if let Some(reference) = &saved.archive {
                    self.project.archive = reference.clone();
                }
                self.disk_stamp = Some(saved.stamp.clone());
                self.path = Some(saved.path.clone());
                self.history.end_save(true);
            }
            Err(_) => self.history.end_save(false),
        }
    }

    pub fn file_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "untitled project".to_owned())
    }

    /// The edit that puts `tag` on `target` (a new claim on the words, or the tag added to
    /// the claim), and the claim's id. `None` if the words or the claim are not there.
    pub fn tag_edit(
        &self,
        archive: &Archive,
        target: TagTarget,
        tag: TagId,
        now: i64,
    ) -> Option<(Edit, ClaimId)> {
        match target {
            TagTarget::Words(sel) => {
                let release = archive.releases.get(sel.release)?;
                let anchor = Anchor::from_range(&release.text, sel.start, sel.end);
                let claim = self.project.new_claim(&release.id, anchor, vec![tag], now);
                let id = claim.id;
                Some((Edit::AddClaim(claim), id))
            }
            TagTarget::Claim(id) => {
                let edit = Edit::change_claim(&self.project, id, now, |c| {
                    if !c.tags.contains(&tag) {
                        c.tags.push(tag);
                    }
                })
                .ok()?;
                Some((edit, id))
            }
        }
    }

    /// Puts `tag` on `target` as one undo step; returns the claim tagged.
    pub fn tag(
        &mut self,
        archive: &Archive,
        target: TagTarget,
        tag: TagId,
        now: i64,
    ) -> Result<Option<ClaimId>, EditError> {
        let Some((edit, id)) = self.tag_edit(archive, target, tag, now) else {
            return Ok(None);
        };
        self.apply(edit)?;
        Ok(Some(id))
    }

    /// Puts the tag called `name` on `target`, making the tag if the codebook has none of
    /// that name: the new tag and its first claim are one undo step. Without a target the
    /// tag is only made. Returns the claim tagged.
    pub fn tag_with_name(
        &mut self,
        archive: &Archive,
        target: Option<TagTarget>,
        name: &str,
        now: i64,
    ) -> Result<Option<ClaimId>, EditError> {
        let name = name.trim();
        let book = &self.project.codebook;
        if let Some(existing) = book.by_name(name).map(|t| t.id) {
            return match target {
                Some(target) => self.tag(archive, target, existing, now),
                None => Ok(None),
            };
        }
        if name.is_empty() {
            return Ok(None);
        }
        let (id, tag_edit) = Edit::create_tag(book, name, book.next_colour(), None);
        match target.and_then(|t| self.tag_edit(archive, t, id, now)) {
            Some((claim_edit, claim)) => {
                self.apply(Edit::Batch(vec![tag_edit, claim_edit]))?;
                Ok(Some(claim))
            }
            None => self.apply(tag_edit).map(|()| None),
        }
    }

    /// Turns the figure at `start..end` of release `release` into a claim, tagged as its
    /// kind and context suggest (the tag is made, in the same undo step, if the codebook has
    /// no tag of that name and no tag at all). Returns the new claim.
    pub fn claim_figure(
        &mut self,
        archive: &Archive,
        release: usize,
        start: usize,
        end: usize,
        now: i64,
    ) -> Result<Option<ClaimId>, EditError> {
        let Some(r) = archive.releases.get(release) else {
            return Ok(None);
        };
        let figure = crate::figures::find_figures(&r.text)
            .into_iter()
            .find(|f| f.start == start && f.end == end);
        let Some(figure) = figure else {
            return Ok(None);
        };
        let name = crate::figures::suggest_tag(&r.text, &figure);
        let book = &self.project.codebook;
        let anchor = Anchor::from_range(&r.text, start, end);
        let (edit, id) = match book.by_name(name).or_else(|| book.tags().first()) {
            Some(tag) => {
                let claim = self.project.new_claim(&r.id, anchor, vec![tag.id], now);
                let id = claim.id;
                (Edit::AddClaim(claim), id)
            }
            None => {
                let (tag, tag_edit) = Edit::create_tag(book, name, book.next_colour(), None);
                let claim = self.project.new_claim(&r.id, anchor, vec![tag], now);
                let id = claim.id;
                (Edit::Batch(vec![tag_edit, Edit::AddClaim(claim)]), id)
            }
        };
        self.apply(edit)?;
        Ok(Some(id))
    }

    /// Claims every match with the tag called `tag_name` (made if the codebook has none),
    /// skipping matches already claimed with it, as one undo step.
    pub fn tag_all(
        &mut self,
        archive: &Archive,
        matches: &[Match],
        tag_name: &str,
        note: &str,
        now: i64,
    ) -> Result<TagAllOutcome, EditError> {
        let book = &self.project.codebook;
        let (tag, create) = match book.by_name(tag_name) {
            Some(t) => (t.id, None),
            None => {
                let (id, add) = Edit::create_tag(book, tag_name, book.next_colour(), None);
                (id, Some(add))
            }
        };
        let created = create.is_some();
        let claims = super::tag_all_edit(&self.project, archive, matches, tag, note, now);
        let added = match &claims {
            Edit::Batch(edits) => edits.len(),
            _ => 0,
        };
        self.apply(Edit::Batch(create.into_iter().chain([claims]).collect()))?;
        let tag_name = self
            .project
            .codebook
            .get(tag)
            .map_or_else(|| tag_name.to_owned(), |t| t.name.clone());
        Ok(TagAllOutcome {
            added,
            tag_name,
            created,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::ClaimId;

    fn sample_path() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/home-office-may-2023.txt")
    }

    fn variants_path() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archives/variants.txt")
    }

    fn load(path: &Path) -> Archive {
        Archive::load(&[path.to_owned()]).expect("archive")
    }

    /// The first release with `words`, and where they are in it.
    fn words(archive: &Archive, words: &str) -> Selection {
        archive
            .releases
            .iter()
            .enumerate()
            .find_map(|(i, r)| {
                let start = r.text.find(words)?;
                Some(Selection {
                    release: i,
                    start,
                    end: start + words.len(),
                })
            })
            .expect("words in the sample")
    }

    #[test]
    fn tagging_words_makes_a_claim_and_tagging_a_claim_adds_the_tag() {
        let archive = load(&sample_path());
        let mut s = Session::new("ana");
        let book = s.project.codebook.tags().to_vec();
        let sel = words(&archive, "net migration");
        let id = s
            .tag(&archive, TagTarget::Words(sel), book[0].id, 5)
            .expect("tag")
            .expect("a claim");
        let claim = s.project.claim(id).expect("added").clone();
        assert_eq!(claim.anchor.exact, "net migration");
        assert_eq!(claim.release, archive.releases[sel.release].id);
        assert_eq!((claim.author.as_str(), claim.created), ("ana", 5));
        assert_eq!(
            s.tag(&archive, TagTarget::Claim(id), book[1].id, 6),
            Ok(Some(id))
        );
        let mut tags = s.project.claim(id).expect("claim").tags.clone();
        tags.sort_unstable();
        let mut want = vec![book[0].id, book[1].id];
        want.sort_unstable();
        assert_eq!(tags, want);
        // Again: no second copy of the tag, and a claim that is not there tags nothing.
        assert!(s.tag(&archive, TagTarget::Claim(id), book[1].id, 7).is_ok());
        assert_eq!(s.project.claim(id).expect("claim").tags.len(), 2);
        assert_eq!(
            s.tag(&archive, TagTarget::Claim(ClaimId(1)), book[1].id, 7),
            Ok(None)
        );
        // Words beyond the archive tag nothing either.
        let gone = Selection {
            release: archive.releases.len(),
            ..sel
        };
        assert_eq!(
            s.tag(&archive, TagTarget::Words(gone), book[0].id, 7),
            Ok(None)
        );
        assert!(s.is_dirty());
    }

    #[test]
    fn a_new_tag_and_its_first_claim_are_one_undo_step() {
        let archive = load(&sample_path());
        let mut s = Session::new("ana");
        let before = s.project.clone();
        let sel = words(&archive, "net migration");
        let id = s
            .tag_with_name(&archive, Some(TagTarget::Words(sel)), "  levels  ", 1)
            .expect("tag")
            .expect("claim");
        let tag = s.project.codebook.by_name("levels").expect("made").id;
        assert_eq!(s.project.claim(id).expect("claim").tags, vec![tag]);
        assert_eq!(s.undo(), Ok(None));
        assert_eq!(s.project, before);
        // An existing name is that tag; no target only makes the tag; no name, nothing.
        let first = s.project.codebook.tags()[0].clone();
        let id = s
            .tag_with_name(&archive, Some(TagTarget::Words(sel)), &first.name, 2)
            .expect("tag")
            .expect("claim");
        assert_eq!(s.project.claim(id).expect("claim").tags, vec![first.id]);
        let tags = s.project.codebook.len();
        assert_eq!(s.tag_with_name(&archive, None, "later", 3), Ok(None));
        assert_eq!(s.project.codebook.len(), tags + 1);
        assert_eq!(s.tag_with_name(&archive, None, " ", 3), Ok(None));
        assert_eq!(s.project.codebook.len(), tags + 1);
    }

    #[test]
    fn claiming_a_figure_tags_it_as_suggested() {
        let archive = load(&sample_path());
        let (release, figure) = archive
            .releases
            .iter()
            .enumerate()
            .find_map(|(i, r)| {
                let f = crate::figures::find_figures(&r.text)
                    .into_iter()
                    .find(|f| r.text[f.start..f.end].starts_with('£'))?;
                Some((i, f))
            })
            .expect("a money figure in the sample");
        let mut s = Session::new("ana");
        let id = s
            .claim_figure(&archive, release, figure.start, figure.end, 9)
            .expect("claim")
            .expect("a claim");
        let claim = s.project.claim(id).expect("claim");
        let funding = s.project.codebook.by_name("funding total").expect("tag").id;
        assert_eq!(claim.tags, vec![funding]);
        let text = &archive.releases[release].text;
        assert_eq!(claim.anchor.exact, &text[figure.start..figure.end]);
        // Not a figure's bounds: nothing.
        assert_eq!(
            s.claim_figure(&archive, release, figure.start, figure.end + 1, 9),
            Ok(None)
        );
        assert_eq!(s.project.claims.len(), 1);
    }

    #[test]
    fn undoing_a_re_pointing_names_the_archive_to_go_back_to() {
        let sample = load(&sample_path());
        let variants = load(&variants_path());
        let dir = tempfile::tempdir().expect("tempdir");
        // Untitled work names no archive until saved: re-pointing names the one it was on.
        let mut s = Session::new("ana");
        let sel = words(&sample, "net migration");
        let tag = s.project.codebook.tags()[0].id;
        assert!(s.tag(&sample, TagTarget::Words(sel), tag, 1).is_ok());
        assert_eq!(s.archive_file(), None);
        s.begin_repoint(variants_path(), Some(&sample_path()));
        let counts = s.repoint(&variants, &variants_path()).expect("repoint");
        assert_eq!(counts.orphaned, 1);
        assert_eq!(s.orphans.len(), 1);
        assert_eq!(s.archive_file(), Some(variants_path()));
        assert_eq!(s.undo(), Ok(Some(vec![sample_path()])));
        assert!(
            s.needs_reanchor,
            "the claims are placed again when it loads"
        );
        assert_eq!(s.redo(), Ok(Some(vec![variants_path()])));
        // Saved: the project names its archive relative to its folder; going back still
        // names the file itself.
        let project = dir.path().join("p.ron");
        assert!(s.undo().is_ok());
        assert!(s.save(&project, &[sample_path()], None).is_ok());
        assert!(s.project.archive.path.is_relative());
        assert_eq!(s.archive_file(), Some(sample_path()));
        s.begin_repoint(variants_path(), Some(&sample_path()));
        assert!(s.repoint(&variants, &variants_path()).is_ok());
        assert_eq!(s.undo(), Ok(Some(vec![sample_path()])));
        // Other steps leave the archive alone.
        assert!(s.tag(&sample, TagTarget::Words(sel), tag, 2).is_ok());
        assert_eq!(s.undo(), Ok(None));
    }

    #[test]
    fn the_archive_s_hash_is_learnt_only_for_the_archive_the_project_names() {
        let variants = load(&variants_path());
        let mut s = Session::new("ana");
        s.begin_repoint(variants_path(), Some(&sample_path()));
        assert!(s.repoint(&variants, &variants_path()).is_ok());
        assert_eq!(s.project.archive.sha256, "");
        assert!(!s.learn_archive_sha(&[sample_path()], "aa"));
        assert!(!s.learn_archive_sha(&[variants_path()], ""));
        assert!(s.learn_archive_sha(&[variants_path()], "bb"));
        assert_eq!(s.project.archive.sha256, "bb");
        // Known already: kept.
        assert!(!s.learn_archive_sha(&[variants_path()], "cc"));
        assert_eq!(s.project.archive.sha256, "bb");
    }

    #[test]
    fn the_command_line_follows_its_archive_and_refuses_another_unless_asked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = dir.path().join("p.ron");
        let sample = load(&sample_path());
        let variants = load(&variants_path());
        let on_sample = ArchiveRef::for_file(&project, &sample_path()).expect("ref");
        let tag_all = |s: &mut Session| {
            let matches =
                crate::project::find_matches(&sample, "net migration", false).expect("matches");
            s.tag_all(&sample, &matches, "migration figure", "", 1)
        };
        let made = Session::update(
            &project,
            || Ok::<_, anyhow::Error>(Project::new(on_sample.clone(), "ana")),
            |s, existed| {
                assert!(!existed);
                Ok(tag_all(s)?)
            },
        )
        .expect("first run");
        assert!(made.added > 3 && !made.created);
        // Again: nothing new.
        let again = Session::update(
            &project,
            || Ok::<_, anyhow::Error>(Project::new(on_sample.clone(), "ana")),
            |s, existed| {
                assert!(existed);
                assert!(s
                    .follow_archive(&sample, &[sample_path()], &on_sample, false)
                    .is_ok_and(|f| !f.repointed));
                Ok(tag_all(s)?)
            },
        )
        .expect("second run");
        assert_eq!(again.added, 0);
        let on_variants = ArchiveRef::for_file(&project, &variants_path()).expect("ref");
        let (mut s, _) = Session::open(&project).expect("open");
        assert!(matches!(
            s.follow_archive(&variants, &[variants_path()], &on_variants, false),
            Err(FollowError::OtherArchive(p)) if p == vec![sample_path()]
        ));
        let followed = s
            .follow_archive(&variants, &[variants_path()], &on_variants, true)
            .expect("repoint");
        assert!(followed.repointed);
        assert_eq!(followed.counts.map(|c| c.orphaned), Some(made.added));
        assert_eq!(s.project.archive, on_variants);
    }

    /// What docs/project-format.md says under *Ids*: an id in use is never given to another
    /// claim, and an id freed (its claim deleted, or its adding undone) is not remembered.
    #[test]
    fn ids_in_use_are_never_given_again_and_freed_ids_are_not_remembered() {
        let archive = load(&sample_path());
        let mut s = Session::new("ana");
        let tag = s.project.codebook.tags()[0].id;
        let a = TagTarget::Words(words(&archive, "net migration"));
        let b = TagTarget::Words(words(&archive, "Home Secretary"));
        fastrand::seed(2026);
        let first = s.tag(&archive, a, tag, 1).expect("tag").expect("claim");
        // The same random draw with `first` in use: drawn again.
        fastrand::seed(2026);
        let second = s.tag(&archive, b, tag, 1).expect("tag").expect("claim");
        assert_ne!(second, first);
        assert_eq!(s.project.claims.len(), 2);
        // Both adds undone: the same draw gives `first` to the new claim.
        assert!(s.undo().is_ok() && s.undo().is_ok());
        fastrand::seed(2026);
        let again = s.tag(&archive, b, tag, 2).expect("tag").expect("claim");
        assert_eq!(again, first);
        assert_eq!(
            s.project.claim(again).map(|c| c.anchor.exact.as_str()),
            Some("Home Secretary")
        );
    }
}
