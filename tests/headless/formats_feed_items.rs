//! A large feed opened from disk (memory-mapped, read item by item on every core, its pages
//! let go as it goes) gives the releases the whole-document reader gives. The feed is the
//! real NASA feed (tests/fixtures/formats/rss2-nasa.xml, source in SOURCES-formats.md) with
//! its item repeated under new titles and guids, as benches/feeds.rs builds it.

use pressmark::archive::{read_draft_as, Archive, Format};

fn many_items(n: usize) -> String {
    let path = format!(
        "{}/tests/fixtures/formats/rss2-nasa.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    let feed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
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
    out
}

#[test]
fn a_large_feed_opened_from_disk_reads_as_the_whole_document_does() {
    let feed = many_items(1000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("nasa-1000.xml");
    std::fs::write(&path, &feed).expect("written");
    let archive = Archive::load(std::slice::from_ref(&path)).expect("the feed opens");
    let draft = read_draft_as(Format::Rss, feed.as_bytes()).expect("the feed reads");
    assert_eq!(archive.releases.len(), 1000);
    assert_eq!(draft.releases.len(), 1000);
    for (got, want) in archive.releases.iter().zip(draft.releases) {
        let mut want = want.into_release(0, Format::Rss);
        want.id.clone_from(&got.id);
        want.version_of.clone_from(&got.version_of);
        assert_eq!(got, &want);
    }
    assert!(archive.releases[999].title.ends_with("Ship 999"));
}
