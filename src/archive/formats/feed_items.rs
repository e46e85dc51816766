//! A feed read item by item, on every core for a large one: each item is handed to the feed
//! crate on its own, inside the feed's opening tags, and becomes a release at once. So the
//! parsed channel is never held whole, drafts do not pile up, and the work is shared.
//!
//! Anything unusual (names or dates the scan repaired, items the scan cannot bound, an item
//! element with a prefix, anything the crate refuses) goes back to the whole-document read,
//! which gives its own answer or error: this path only ever gives the same releases faster.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::feed::{
    atom_head, atom_item, first_element_at, rss_head, rss_item, tag_end, ByteLines, Context,
    ItemScan, Scan,
};
use crate::archive::draft::Format;
use crate::archive::release::Release;

/// Items per unit of work handed to a thread: enough that handing out work costs nothing,
/// few enough that a core slowed by other work does not hold the rest up.
const CHUNK: usize = 64;

/// Below this many items one thread reads them all (a folder of small feeds is already
/// read on every core, a file per thread).
const PARALLEL_FROM: usize = 256;

/// Releases and warnings (line, message), in the order of the items.
pub(crate) type FileReleases = (Vec<Release>, Vec<(u32, String)>);

/// Told which bytes (`from..to`) are no longer needed once their items are releases: a
/// memory-mapped feed lets their pages go, so the file and all its releases are never held
/// in memory at once.
pub(crate) type Forget<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// The feed read item by item; `None` when it must be read whole instead.
pub(super) fn read_by_item(
    bytes: &[u8],
    atom: bool,
    scan: &Scan,
    forget: Forget<'_>,
) -> Option<FileReleases> {
    if scan.repaired.is_some() || !plainly_bounded(bytes, atom, &scan.items) {
        return None;
    }
    let frame = Frame::of(bytes, atom, &scan.items)?;
    let org = frame.organisation(bytes, atom, &scan.items)?;
    let starts = ByteLines::line_starts(bytes);
    let n = scan.items.len();
    let chunks = n.div_ceil(CHUNK);
    let slots: Vec<Mutex<Option<FileReleases>>> = (0..chunks).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || {
        let lines = ByteLines::with_starts(Arc::clone(&starts));
        let ctx = Context {
            bytes,
            lines: &lines,
            scans: &scan.items,
            org: org.clone(),
        };
        while !failed.load(Ordering::Relaxed) {
            let c = next.fetch_add(1, Ordering::Relaxed);
            if c >= chunks {
                break;
            }
            let mut releases = Vec::with_capacity(CHUNK);
            let mut warnings = Vec::new();
            for k in c * CHUNK..((c + 1) * CHUNK).min(n) {
                match frame.release(k, &ctx, atom, &mut warnings) {
                    Some(r) => releases.push(r),
                    None => {
                        failed.store(true, Ordering::Relaxed);
                        return;
                    }
                }
            }
            if let Some(Ok(mut slot)) = slots.get(c).map(|m| m.lock()) {
                *slot = Some((releases, warnings));
            }
            let first = scan.items.get(c * CHUNK).map_or(0, |i| i.start);
            let last = scan.items.get(((c + 1) * CHUNK).min(n) - 1);
            forget(first, last.and_then(|i| i.end).unwrap_or(first));
        }
    };
    let threads = if n >= PARALLEL_FROM {
        std::thread::available_parallelism().map_or(1, |t| t.get())
    } else {
        1
    };
    std::thread::scope(|s| {
        for t in 1..threads {
            // A thread that does not start leaves its share to the others.
            let _ = std::thread::Builder::new()
                .name(format!("feed-{t}"))
                .spawn_scoped(s, work);
        }
        // This thread works too, so the items are read even if no thread starts.
        work();
    });
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    let mut releases = Vec::with_capacity(n);
    let mut warnings = Vec::new();
    for slot in slots {
        let (r, w) = slot.into_inner().ok()??;
        releases.extend(r);
        warnings.extend(w);
    }
    Some((releases, warnings))
}

/// Whether every item has an end, the items follow one another without overlapping, and
/// each is opened by a plain `<item>` (`<entry>` in Atom), as the crate reads them.
fn plainly_bounded(bytes: &[u8], atom: bool, items: &[ItemScan]) -> bool {
    let tag: &[u8] = if atom { b"entry" } else { b"item" };
    let mut from = 0;
    for item in items {
        let Some(end) = item.end else {
            return false;
        };
        let name = bytes.get(item.start + 1..).unwrap_or_default();
        let plain_name = name.starts_with(tag)
            && name
                .get(tag.len())
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>');
        if item.start < from || end <= item.start || !plain_name {
            return false;
        }
        from = end;
    }
    !items.is_empty()
}

/// What each item is read inside: the feed up to its first element's opening tag (the XML
/// declaration, the namespaces), the channel's opening tag for RSS, and the closing tags.
struct Frame {
    open: Vec<u8>,
    close: Vec<u8>,
}

impl Frame {
    fn of(bytes: &[u8], atom: bool, items: &[ItemScan]) -> Option<Frame> {
        let first_item = items.first()?.start;
        let (at, root) = first_element_at(bytes)?;
        let root_end = tag_end(bytes, at + root.len())?;
        if root_end > first_item || bytes.get(root_end.checked_sub(2)?) == Some(&b'/') {
            return None;
        }
        let mut open = bytes.get(..root_end)?.to_vec();
        let mut close = Vec::new();
        // An item inside another element (an extension's) is not one the crate reads.
        let depth = if root == b"rss" { 2 } else { 1 };
        if items.iter().any(|i| i.depth != depth) {
            return None;
        }
        match (atom, root) {
            (true, b"feed") => {}
            (false, b"rss") => {
                // The channel's own tag: it may declare namespaces too.
                let between = bytes.get(root_end..first_item)?;
                let tag_at = root_end + memchr::memmem::find(between, b"<channel")?;
                let name_end = tag_at + b"<channel".len();
                let after = bytes.get(name_end)?;
                if !(after.is_ascii_whitespace() || *after == b'>') {
                    return None;
                }
                let end = tag_end(bytes, name_end)?;
                if end > first_item || bytes.get(end - 2) == Some(&b'/') {
                    return None;
                }
                open.extend_from_slice(bytes.get(tag_at..end)?);
                close.extend_from_slice(b"</channel>");
            }
            // RSS 1.0: the items stand beside the channel, which the crate wants to see.
            (false, b"rdf:RDF") => open.extend_from_slice(b"<channel></channel>"),
            _ => return None,
        }
        close.extend_from_slice(b"</");
        close.extend_from_slice(root);
        close.push(b'>');
        Some(Frame { open, close })
    }

    /// The organisation the feed names, read from the feed without its items; `None` (read
    /// the whole feed instead) when the crate refuses that.
    fn organisation(&self, bytes: &[u8], atom: bool, items: &[ItemScan]) -> Option<Option<String>> {
        let mut rest = Vec::new();
        let mut from = 0;
        for item in items {
            rest.extend_from_slice(bytes.get(from..item.start)?);
            from = item.end?;
        }
        rest.extend_from_slice(bytes.get(from..)?);
        let org = if atom {
            atom_head(&atom_syndication::Feed::read_from(rest.as_slice()).ok()?).1
        } else {
            rss_head(&rss::Channel::read_from(rest.as_slice()).ok()?).1
        };
        Some(org)
    }

    /// Item `k` read on its own and made a release; `None` when the crate refuses it or
    /// does not find exactly one item in it.
    fn release(
        &self,
        k: usize,
        ctx: &Context<'_>,
        atom: bool,
        warnings: &mut Vec<(u32, String)>,
    ) -> Option<Release> {
        let scan = ctx.scans.get(k)?;
        let item = ctx.bytes.get(scan.start..scan.end?)?;
        let mut xml = Vec::with_capacity(self.open.len() + item.len() + self.close.len());
        xml.extend_from_slice(&self.open);
        xml.extend_from_slice(item);
        xml.extend_from_slice(&self.close);
        let (draft, format) = if atom {
            let feed = atom_syndication::Feed::read_from(xml.as_slice()).ok()?;
            let [entry] = feed.entries() else {
                return None;
            };
            (ctx.draft(k, &atom_item(entry), warnings), Format::Atom)
        } else {
            let channel = rss::Channel::read_from(xml.as_slice()).ok()?;
            let [item] = channel.items() else {
                return None;
            };
            (ctx.draft(k, &rss_item(item), warnings), Format::Rss)
        };
        Some(draft.into_release(0, format))
    }
}

#[cfg(test)]
mod tests {
    use super::super::feed::{prepare, read, read_releases};
    use super::*;

    const FIXTURES: [&str; 6] = [
        "atom-feed-rs-releases.xml",
        "rss091-spec.xml",
        "rss1-debian.rdf",
        "rss2-ilmessaggero.xml",
        "rss2-nasa-untidy.xml",
        "rss2-nasa.xml",
    ];

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/formats/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// What the whole-document read makes of `bytes`, as releases.
    fn whole(bytes: &[u8]) -> Result<FileReleases, String> {
        let draft = read(bytes)?;
        let format = draft.format;
        let releases = draft
            .releases
            .into_iter()
            .map(|d| d.into_release(0, format))
            .collect();
        Ok((releases, draft.warnings))
    }

    /// The item-by-item read alone (no fall-back to the whole document).
    fn by_item(bytes: &[u8]) -> Option<FileReleases> {
        let (atom, scan) = prepare(bytes).expect("a feed");
        read_by_item(bytes, atom, &scan, &|_, _| {})
    }

    #[test]
    fn every_feed_fixture_reads_the_same_item_by_item() {
        let mut whole_only = Vec::new();
        for name in FIXTURES {
            let bytes = fixture(name);
            let want = whole(&bytes).expect("the feed reads");
            match by_item(&bytes) {
                Some(got) => {
                    assert_eq!(got.0, want.0, "{name}");
                    assert_eq!(got.1, want.1, "{name}");
                }
                None => whole_only.push(name),
            }
            assert_eq!(read_releases(&bytes, &|_, _| {}), Ok(want), "{name}");
        }
        // Only the feed whose element names had to be put in their proper case is read whole.
        assert_eq!(whole_only, ["rss2-nasa-untidy.xml"]);
    }

    /// The real NASA feed's item repeated under new titles and guids (as benches/feeds.rs
    /// builds its feed), enough items for every core to take a share.
    fn many_items(n: usize) -> Vec<u8> {
        let feed = String::from_utf8(fixture("rss2-nasa.xml")).expect("UTF-8");
        let start = feed.find("<item>").expect("an item");
        let end = feed.find("</item>").expect("an item's end") + "</item>".len();
        let mut out = feed[..start].to_owned();
        for i in 0..n {
            out.push_str(
                &feed[start..end]
                    .replace("Cygnus Cargo Ship</title>", &format!("Ship {i}</title>"))
                    .replace("</guid>", &format!("#{i}</guid>")),
            );
        }
        out.push_str(&feed[end..]);
        out.into_bytes()
    }

    #[test]
    fn a_large_feed_read_on_every_core_keeps_its_items_in_order() {
        let bytes = many_items(PARALLEL_FROM * 3 + 5);
        let got = by_item(&bytes).expect("read item by item");
        let want = whole(&bytes).expect("the feed reads");
        assert_eq!(got.0.len(), PARALLEL_FROM * 3 + 5);
        assert!(
            got.0[700].title.ends_with("Ship 700"),
            "{}",
            got.0[700].title
        );
        assert_eq!(got, want);
    }

    #[test]
    fn every_item_is_let_go_once_it_is_a_release() {
        let bytes = many_items(PARALLEL_FROM + 1);
        let forgotten = Mutex::new(Vec::new());
        let forget = |from: usize, to: usize| {
            if let Ok(mut f) = forgotten.lock() {
                f.push((from, to));
            }
        };
        let (atom, scan) = prepare(&bytes).expect("a feed");
        assert!(read_by_item(&bytes, atom, &scan, &forget).is_some());
        let mut forgotten = forgotten.into_inner().expect("not poisoned");
        forgotten.sort();
        let items: Vec<(usize, usize)> = scan
            .items
            .iter()
            .map(|i| (i.start, i.end.expect("an end")))
            .collect();
        let chunks: Vec<(usize, usize)> = items
            .chunks(CHUNK)
            .map(|c| (c[0].0, c[c.len() - 1].1))
            .collect();
        assert_eq!(forgotten, chunks);
    }

    #[test]
    fn an_item_inside_another_element_is_left_to_the_whole_document_read() {
        // The crate reads only the items of the channel itself; one inside an extension's
        // element is skipped by it, so the scan's count of items cannot be trusted.
        let feed = String::from_utf8(many_items(2)).expect("UTF-8");
        let at = feed.find("<item>").expect("an item");
        let end = feed.find("</item>").expect("an item's end") + "</item>".len();
        let wrapped = format!(
            "{}<media:group>{}</media:group>{}",
            &feed[..at],
            &feed[at..end],
            &feed[end..]
        );
        assert!(by_item(wrapped.as_bytes()).is_none());
        let (releases, _) = read_releases(wrapped.as_bytes(), &|_, _| {}).expect("the feed reads");
        assert_eq!(releases.len(), 1);
        assert_eq!(Ok(releases), whole(wrapped.as_bytes()).map(|r| r.0));
    }

    #[test]
    fn a_feed_cut_short_gets_the_whole_document_answer() {
        let bytes = many_items(3);
        let cut = &bytes[..bytes.len() - 200];
        assert!(by_item(cut).is_none());
        assert_eq!(read_releases(cut, &|_, _| {}), whole(cut));
        assert!(read_releases(cut, &|_, _| {}).is_err());
    }
}
