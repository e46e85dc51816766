//! The archive files a cache's texts are sliced from, open and read a part at a time.
//!
//! Read rather than mapped: a search reads scattered parts of 541 MB, and mapping them
//! cost more in page-table work (fault-around, unmapping at exit) than the reads, and
//! counted the file's pages in the process's memory; the window keeps the files open for
//! hours, and a file truncated in place then gives a short read, never a fault.

use std::fs::File;
use std::path::Path;
use std::time::SystemTime;

use super::codec::{Damaged, Decoded};

/// Each file open, with its size and modification time when opened.
pub(super) struct ArchiveFiles(Vec<Option<(File, u64, Option<SystemTime>)>>);

impl ArchiveFiles {
    /// Opens each file that has a size (`None`: its texts are stored whole); each must
    /// still have that size.
    pub fn open<'p>(files: impl Iterator<Item = (&'p Path, Option<u64>)>) -> Decoded<ArchiveFiles> {
        let mut out = Vec::new();
        for (path, size) in files {
            let Some(size) = size else {
                out.push(None);
                continue;
            };
            let opened = File::open(path).map_err(|_| Damaged)?;
            let meta = opened.metadata().map_err(|_| Damaged)?;
            if meta.len() != size {
                return Err(Damaged);
            }
            out.push(Some((opened, size, meta.modified().ok())));
        }
        Ok(ArchiveFiles(out))
    }

    /// Bytes `from..to` of file `file`, read into `buf` (which only grows: zero-filling it
    /// again for every text read would cost as much as the read).
    pub fn read<'b>(
        &self,
        (file, from, to): (usize, u64, u64),
        buf: &'b mut Vec<u8>,
    ) -> Decoded<&'b [u8]> {
        // Checked before the buffer is made that size.
        if !self.holds(file, (from, to)) {
            return Err(Damaged);
        }
        let len = usize::try_from(to - from).map_err(|_| Damaged)?;
        if buf.len() < len {
            buf.resize(len, 0);
        }
        let part = buf.get_mut(..len).ok_or(Damaged)?;
        self.fill(file, from, part)?;
        Ok(part)
    }

    /// Fills `buf` from byte `from` of file `file`.
    pub fn fill(&self, file: usize, from: u64, buf: &mut [u8]) -> Decoded<()> {
        if buf.is_empty() {
            return Ok(());
        }
        let (handle, size, _) = self.0.get(file).and_then(Option::as_ref).ok_or(Damaged)?;
        let to = from.checked_add(buf.len() as u64).ok_or(Damaged)?;
        if to > *size {
            return Err(Damaged);
        }
        read_at(handle, buf, from).map_err(|_| Damaged)
    }

    /// Whether bytes `from..to` lie in file `file` (a damaged record could name any part,
    /// and a buffer that size would be made before the read found it short); a file whose
    /// texts are stored whole holds only empty parts.
    pub fn holds(&self, file: usize, (from, to): (u64, u64)) -> bool {
        match self.0.get(file).and_then(Option::as_ref) {
            Some((_, size, _)) => from <= to && to <= *size,
            None => from == to,
        }
    }

    /// Whether file `file` still has the size and modification time it had when opened
    /// (a part of a text read from it cannot be checked against the text's checksum).
    pub fn unchanged(&self, file: usize) -> bool {
        let Some((handle, size, modified)) = self.0.get(file).and_then(Option::as_ref) else {
            return false;
        };
        handle
            .metadata()
            .is_ok_and(|m| m.len() == *size && m.modified().ok() == *modified)
    }
}

/// Fills `buf` from `offset` without moving a shared file position (threads read at once).
#[cfg(unix)]
pub(super) fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset)
}

#[cfg(windows)]
pub(super) fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
pub(super) fn read_at(_file: &File, _buf: &mut [u8], _offset: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}
