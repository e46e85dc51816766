//! Where a write really goes: through symbolic links to the file they name, and straight
//! into devices and pipes (which cannot be replaced by a rename, and must not be).

use std::io;
use std::path::{Path, PathBuf};

/// How a path is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file (existing or not) at this path, with no link left in its last part:
    /// written to a temporary file beside it and renamed over it.
    Replace(PathBuf),
    /// A device, pipe, socket, or a name for an open file (`/dev/stdout`, `/proc/self/fd/1`):
    /// opened and written as it is.
    Direct(PathBuf),
}

/// Links followed before giving up (the usual system limit).
const MAX_LINKS: usize = 40;

/// Where writing `path` goes.
pub fn resolve(path: &Path) -> io::Result<Target> {
    // `/dev/stdout` and the like name whatever the process was given (a terminal, a pipe, a
    // file opened for appending): write to it as it is, never rename over it.
    if names_a_descriptor(path) {
        return Ok(Target::Direct(path.to_owned()));
    }
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        let meta = match std::fs::symlink_metadata(&current) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::Replace(current)),
            Err(e) => return Err(e),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            let link = std::fs::read_link(&current)?;
            current = match current.parent() {
                Some(dir) => dir.join(link),
                None => link,
            };
            continue;
        }
        if kind.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "that is a folder, not a file",
            ));
        }
        if kind.is_file() {
            return Ok(Target::Replace(current));
        }
        return Ok(Target::Direct(current));
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row"
    )))
}

/// True for the names of a process's open files: `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`,
/// `/proc/self/fd/N`, `/proc/PID/fd/N`. (Other names under `/dev`, such as a file in
/// `/dev/shm`, are files like any other.)
fn names_a_descriptor(path: &Path) -> bool {
    if path == Path::new("/dev/stdout") || path == Path::new("/dev/stderr") {
        return true;
    }
    let parts: Vec<&str> = path
        .components()
        .map(|c| c.as_os_str().to_str().unwrap_or(""))
        .collect();
    matches!(
        parts.as_slice(),
        ["/", "dev", "fd", _] | ["/", "proc", _, "fd", _]
    )
}

/// True if writing `path` goes straight into a device or pipe (so a program printing to
/// standard output should print its own messages elsewhere).
pub fn writes_directly(path: &Path) -> bool {
    matches!(resolve(path), Ok(Target::Direct(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_followed_to_the_file_they_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.ron");
        std::fs::write(&real, "x").expect("write");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.ron");
            std::os::unix::fs::symlink("real.ron", &link).expect("link");
            let chain = dir.path().join("chain.ron");
            std::os::unix::fs::symlink(&link, &chain).expect("link");
            assert_eq!(
                resolve(&chain).expect("resolves"),
                Target::Replace(real.clone())
            );
            // A dangling link: the file it names is created.
            let dangling = dir.path().join("dangling.ron");
            std::os::unix::fs::symlink("new.ron", &dangling).expect("link");
            assert_eq!(
                resolve(&dangling).expect("resolves"),
                Target::Replace(dir.path().join("new.ron"))
            );
            let round = dir.path().join("round.ron");
            std::os::unix::fs::symlink("round.ron", &round).expect("link");
            assert!(resolve(&round).is_err());
        }
        assert_eq!(
            resolve(&real).expect("resolves"),
            Target::Replace(real.clone())
        );
        assert!(resolve(dir.path()).is_err(), "a folder is refused");
        #[cfg(unix)]
        {
            assert!(matches!(
                resolve(Path::new("/dev/null")),
                Ok(Target::Direct(_))
            ));
            assert!(matches!(
                resolve(Path::new("/dev/stdout")),
                Ok(Target::Direct(_))
            ));
            assert!(names_a_descriptor(Path::new("/proc/self/fd/1")));
            assert!(names_a_descriptor(Path::new("/dev/fd/3")));
            // A file in shared memory is a file: replaced atomically, never written over in place.
            assert!(!names_a_descriptor(Path::new("/dev/shm/work.ron")));
            if Path::new("/dev/shm").is_dir() {
                assert_eq!(
                    resolve(Path::new("/dev/shm/no-such-project.ron")).ok(),
                    Some(Target::Replace("/dev/shm/no-such-project.ron".into()))
                );
            }
        }
    }
}
