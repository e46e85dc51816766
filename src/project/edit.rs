//! Document changes. `Edit::apply` changes a project and returns the edit that undoes it.

use super::{Claim, ClaimId, Codebook, Project, Tag, TagId};

/// What happens to the claims of a removed tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagFate {
    /// Claims with only this tag are removed; claims with other tags just lose it.
    DeleteClaims,
    /// Claims get this other tag instead (a merge).
    MoveClaimsTo(TagId),
}

/// One change to a project. One user gesture is one edit (use `Batch` for several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    AddClaim(Claim),
    RemoveClaim(ClaimId),
    /// Replaces the claim with the same id.
    UpdateClaim(Claim),
    AddTag(Tag),
    /// Replaces the tag with the same id (rename, recolour, describe, move).
    UpdateTag(Tag),
    /// Removes a tag; its child tags move up to its parent.
    RemoveTag {
        id: TagId,
        fate: TagFate,
    },
    /// An empty note removes the release's note.
    SetReleaseNote {
        release: String,
        note: String,
    },
    /// Applied in order, all or nothing.
    Batch(Vec<Edit>),
    /// Points the project at another archive file (the window's "re-point").
    SetArchive(crate::project::ArchiveRef),
    /// The name given to new claims.
    SetAuthor(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no claim {}", .0 .0)]
    UnknownClaim(ClaimId),
    #[error("there is already a claim {}", .0 .0)]
    DuplicateClaim(ClaimId),
    #[error("there is no tag {}", .0 .0)]
    UnknownTag(TagId),
    #[error("there is already a tag {}", .0 .0)]
    DuplicateTag(TagId),
    #[error("there is already a tag named {0:?}")]
    DuplicateTagName(String),
    #[error("a tag needs a name")]
    EmptyTagName,
    #[error("tag {} cannot sit under itself or its own descendant", .0 .0)]
    TagCycle(TagId),
    #[error("claim {} has an anchor that ends before it starts", .0 .0)]
    BadAnchor(ClaimId),
}

impl Edit {
    /// The claims this edit adds, removes or changes, or `None` if it changes more than
    /// claims (tags, whose colours and names every claim shows; the archive).
    pub fn claims_touched(&self) -> Option<Vec<ClaimId>> {
        match self {
            Edit::AddClaim(c) | Edit::UpdateClaim(c) => Some(vec![c.id]),
            Edit::RemoveClaim(id) => Some(vec![*id]),
            // A new tag has no claims yet; notes and the author are not claims.
            Edit::AddTag(_) | Edit::SetReleaseNote { .. } | Edit::SetAuthor(_) => Some(Vec::new()),
            Edit::UpdateTag(_) | Edit::RemoveTag { .. } | Edit::SetArchive(_) => None,
            Edit::Batch(edits) => {
                let mut out = Vec::new();
                for e in edits {
                    out.extend(e.claims_touched()?);
                }
                Some(out)
            }
        }
    }

    /// Applies the edit; on success returns its inverse. On error the project is unchanged.
    pub fn apply(self, project: &mut Project) -> Result<Edit, EditError> {
        match self {
            Edit::AddClaim(mut claim) => {
                check_claim(&project.codebook, &mut claim)?;
                if project.claims.contains_key(&claim.id) {
                    return Err(EditError::DuplicateClaim(claim.id));
                }
                let id = claim.id;
                project.claims.insert(id, claim);
                Ok(Edit::RemoveClaim(id))
            }
            Edit::RemoveClaim(id) => project
                .claims
                .remove(&id)
                .map(Edit::AddClaim)
                .ok_or(EditError::UnknownClaim(id)),
            Edit::UpdateClaim(mut claim) => {
                check_claim(&project.codebook, &mut claim)?;
                let slot = project
                    .claims
                    .get_mut(&claim.id)
                    .ok_or(EditError::UnknownClaim(claim.id))?;
                Ok(Edit::UpdateClaim(std::mem::replace(slot, claim)))
            }
            Edit::AddTag(tag) => {
                if project.codebook.get(tag.id).is_some() {
                    return Err(EditError::DuplicateTag(tag.id));
                }
                check_tag(&project.codebook, &tag)?;
                let id = tag.id;
                project.codebook.put(tag);
                Ok(Edit::RemoveTag {
                    id,
                    fate: TagFate::DeleteClaims,
                })
            }
            Edit::UpdateTag(tag) => {
                if project.codebook.get(tag.id).is_none() {
                    return Err(EditError::UnknownTag(tag.id));
                }
                check_tag(&project.codebook, &tag)?;
                let id = tag.id;
                let old = project.codebook.put(tag).ok_or(EditError::UnknownTag(id))?;
                Ok(Edit::UpdateTag(old))
            }
            Edit::RemoveTag { id, fate } => remove_tag(project, id, fate),
            Edit::SetReleaseNote { release, note } => {
                let old = if note.is_empty() {
                    project.release_notes.remove(&release)
                } else {
                    project.release_notes.insert(release.clone(), note)
                };
                Ok(Edit::SetReleaseNote {
                    release,
                    note: old.unwrap_or_default(),
                })
            }
            Edit::SetArchive(archive) => Ok(Edit::SetArchive(std::mem::replace(
                &mut project.archive,
                archive,
            ))),
            Edit::SetAuthor(author) => Ok(Edit::SetAuthor(std::mem::replace(
                &mut project.author,
                author,
            ))),
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(project) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            // Roll back what was done; inverses of applied edits cannot fail.
                            for inverse in inverses.into_iter().rev() {
                                let _ = inverse.apply(project);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }

    /// True for an edit that changes nothing (an empty batch).
    pub fn is_empty(&self) -> bool {
        match self {
            Edit::Batch(edits) => edits.iter().all(Edit::is_empty),
            _ => false,
        }
    }

    /// A new tag under `parent`; returns its id and the edit that adds it.
    pub fn create_tag(
        book: &Codebook,
        name: &str,
        colour: [u8; 3],
        parent: Option<TagId>,
    ) -> (TagId, Edit) {
        let id = book.next_id();
        let tag = Tag {
            parent,
            ..Tag::new(id, name.trim(), colour)
        };
        (id, Edit::AddTag(tag))
    }

    pub fn rename_tag(book: &Codebook, id: TagId, name: &str) -> Result<Edit, EditError> {
        Self::change_tag(book, id, |t| t.name = name.trim().to_owned())
    }

    pub fn recolour_tag(book: &Codebook, id: TagId, colour: [u8; 3]) -> Result<Edit, EditError> {
        Self::change_tag(book, id, |t| t.colour = colour)
    }

    pub fn move_tag(book: &Codebook, id: TagId, parent: Option<TagId>) -> Result<Edit, EditError> {
        Self::change_tag(book, id, |t| t.parent = parent)
    }

    /// Any change to one tag, as an `UpdateTag`.
    pub fn change_tag(
        book: &Codebook,
        id: TagId,
        change: impl FnOnce(&mut Tag),
    ) -> Result<Edit, EditError> {
        let mut tag = book.get(id).cloned().ok_or(EditError::UnknownTag(id))?;
        change(&mut tag);
        Ok(Edit::UpdateTag(tag))
    }

    /// Moves every claim of `from` to `into` and removes `from`.
    pub fn merge_tags(from: TagId, into: TagId) -> Edit {
        Edit::RemoveTag {
            id: from,
            fate: TagFate::MoveClaimsTo(into),
        }
    }

    /// Any change to one claim, as an `UpdateClaim` with `modified` set to `now`.
    pub fn change_claim(
        project: &Project,
        id: ClaimId,
        now: i64,
        change: impl FnOnce(&mut Claim),
    ) -> Result<Edit, EditError> {
        let mut claim = project
            .claim(id)
            .cloned()
            .ok_or(EditError::UnknownClaim(id))?;
        change(&mut claim);
        claim.modified = now;
        Ok(Edit::UpdateClaim(claim))
    }
}

fn check_claim(book: &Codebook, claim: &mut Claim) -> Result<(), EditError> {
    claim.normalise();
    if let Some(&missing) = claim.tags.iter().find(|t| book.get(**t).is_none()) {
        return Err(EditError::UnknownTag(missing));
    }
    if claim.anchor.start > claim.anchor.end {
        return Err(EditError::BadAnchor(claim.id));
    }
    Ok(())
}

fn check_tag(book: &Codebook, tag: &Tag) -> Result<(), EditError> {
    if tag.name.trim().is_empty() {
        return Err(EditError::EmptyTagName);
    }
    if let Some(other) = book.by_name(&tag.name) {
        if other.id != tag.id {
            return Err(EditError::DuplicateTagName(tag.name.clone()));
        }
    }
    if let Some(parent) = tag.parent {
        if book.get(parent).is_none() {
            return Err(EditError::UnknownTag(parent));
        }
        if book.is_ancestor(tag.id, parent) {
            return Err(EditError::TagCycle(tag.id));
        }
    }
    Ok(())
}

/// Removal as a batch of simple edits (claims, child tags), then the tag itself.
fn remove_tag(project: &mut Project, id: TagId, fate: TagFate) -> Result<Edit, EditError> {
    let tag = project
        .codebook
        .get(id)
        .cloned()
        .ok_or(EditError::UnknownTag(id))?;
    if let TagFate::MoveClaimsTo(target) = fate {
        if target == id {
            return Err(EditError::TagCycle(id));
        }
        if project.codebook.get(target).is_none() {
            return Err(EditError::UnknownTag(target));
        }
    }
    let mut steps = Vec::new();
    for claim in project.claims.values().filter(|c| c.has_tag(id)) {
        let mut changed = claim.clone();
        changed.tags.retain(|t| *t != id);
        match fate {
            TagFate::DeleteClaims if changed.tags.is_empty() => {
                steps.push(Edit::RemoveClaim(claim.id));
                continue;
            }
            TagFate::DeleteClaims => {}
            TagFate::MoveClaimsTo(target) => changed.tags.push(target),
        }
        steps.push(Edit::UpdateClaim(changed));
    }
    for child in project.codebook.children(id) {
        let mut moved = project
            .codebook
            .get(child)
            .cloned()
            .ok_or(EditError::UnknownTag(child))?;
        moved.parent = tag.parent;
        steps.push(Edit::UpdateTag(moved));
    }
    let undo_steps = Edit::Batch(steps).apply(project)?;
    project.codebook.take(id);
    Ok(Edit::Batch(vec![Edit::AddTag(tag), undo_steps]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Anchor, ArchiveRef};

    fn project_with_claims() -> Project {
        let mut p = Project::new(ArchiveRef::default(), "me");
        for (i, tags) in [vec![TagId(1)], vec![TagId(1), TagId(2)], vec![TagId(3)]]
            .into_iter()
            .enumerate()
        {
            let mut claim = p.new_claim("r", Anchor::from_range("abcdef", i, i + 1), tags, 0);
            // Ids 1, 2, 3 as an older project has them (new ids are random).
            claim.id = ClaimId(i as u64 + 1);
            assert!(Edit::AddClaim(claim).apply(&mut p).is_ok());
        }
        p
    }

    #[test]
    fn delete_tag_and_undo() {
        let mut p = project_with_claims();
        let before = p.clone();
        let (child, add) = Edit::create_tag(&p.codebook, "sub", [1, 2, 3], Some(TagId(1)));
        assert!(add.apply(&mut p).is_ok());
        let with_child = p.clone();
        let Ok(undo) = (Edit::RemoveTag {
            id: TagId(1),
            fate: TagFate::DeleteClaims,
        })
        .apply(&mut p) else {
            panic!("remove failed");
        };
        assert_eq!(p.claims.len(), 2);
        assert_eq!(
            p.claim(ClaimId(2)).map(|c| c.tags.clone()),
            Some(vec![TagId(2)])
        );
        assert_eq!(p.codebook.get(child).and_then(|t| t.parent), None);
        assert!(undo.apply(&mut p).is_ok());
        assert_eq!(p, with_child);
        let Ok(Edit::RemoveTag { .. }) =
            Edit::AddTag(Tag::new(TagId(99), "x", [0; 3])).apply(&mut p)
        else {
            panic!("add failed");
        };
        assert_ne!(p, before);
    }

    #[test]
    fn merge_moves_claims() {
        let mut p = project_with_claims();
        let before = p.clone();
        let Ok(undo) = Edit::merge_tags(TagId(1), TagId(2)).apply(&mut p) else {
            panic!("merge failed");
        };
        assert!(p.codebook.get(TagId(1)).is_none());
        assert!(p
            .claims
            .values()
            .filter(|c| c.id.0 <= 2)
            .all(|c| c.tags == vec![TagId(2)]));
        assert!(undo.apply(&mut p).is_ok());
        assert_eq!(p, before);
    }

    #[test]
    fn failed_batch_changes_nothing() {
        let mut p = project_with_claims();
        let before = p.clone();
        let edit = Edit::Batch(vec![
            Edit::RemoveClaim(ClaimId(1)),
            Edit::RemoveClaim(ClaimId(77)),
        ]);
        assert_eq!(
            edit.apply(&mut p),
            Err(EditError::UnknownClaim(ClaimId(77)))
        );
        assert_eq!(p, before);
    }

    #[test]
    fn tag_rules() {
        let mut p = project_with_claims();
        let Ok(e) = Edit::rename_tag(&p.codebook, TagId(1), "QUOTE") else {
            panic!("no tag");
        };
        assert!(matches!(
            e.apply(&mut p),
            Err(EditError::DuplicateTagName(_))
        ));
        let (child, add) = Edit::create_tag(&p.codebook, "sub", [1, 2, 3], Some(TagId(1)));
        assert!(add.apply(&mut p).is_ok());
        let Ok(e) = Edit::move_tag(&p.codebook, TagId(1), Some(child)) else {
            panic!("no tag");
        };
        assert_eq!(e.apply(&mut p), Err(EditError::TagCycle(TagId(1))));
    }
}
