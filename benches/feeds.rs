//! Reading a feed of 10,000 items built from a real one (tests/fixtures/formats/rss2-nasa.xml):
//! its item repeated under new titles, guids and dates, with its short description or with a
//! whole press release as HTML (the bundled sample's first release) in `content:encoded`.
//! Issue 11 asks for a feed of 10,000 items to be read in at most 1 s.
//!
//! "item by item" is the path `pressmark inspect` and the window take (each item read on its
//! own, on every core: `read_feed_releases`); "whole document" the older path that parses
//! the channel at once and builds the releases after (`read_draft_as`), kept to compare.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pressmark::archive::{read_draft_as, read_feed_releases, Format};

const FEED: &str = include_str!("../tests/fixtures/formats/rss2-nasa.xml");
const RELEASE: &str = include_str!("../tests/fixtures/figures/release-01-student-visas.txt");

/// The feed with its one item repeated `n` times; `body` (HTML) added as `content:encoded`.
fn feed(n: usize, body: Option<&str>) -> String {
    let start = FEED.find("<item>").unwrap_or(0);
    let end = FEED
        .find("</item>")
        .map(|e| e + "</item>".len())
        .unwrap_or(FEED.len());
    let (head, item, tail) = (&FEED[..start], &FEED[start..end], &FEED[end..]);
    let head = head.replace(
        "xmlns:dc=",
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=",
    );
    let mut out = String::with_capacity(head.len() + n * (item.len() + 6000));
    out.push_str(&head);
    for i in 0..n {
        let mut it = item
            .replace(
                "Cygnus Cargo Ship</title>",
                &format!("Cygnus Cargo Ship {i}</title>"),
            )
            .replace("</guid>", &format!("#{i}</guid>"))
            .replace("01 Aug 2019", &format!("{:02} Aug 2019", 1 + i % 28));
        if let Some(html) = body {
            let encoded = format!("<content:encoded><![CDATA[{html}]]></content:encoded></item>");
            it = it.replace("</item>", &encoded);
        }
        out.push_str(&it);
    }
    out.push_str(tail);
    out
}

/// The sample release's paragraphs as the HTML a feed's `content:encoded` carries.
fn release_html() -> String {
    RELEASE
        .lines()
        .skip(8)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| format!("<p>{l}</p>\n"))
        .collect()
}

fn feeds(c: &mut Criterion) {
    let mut group = c.benchmark_group("feeds");
    group.sample_size(10);
    let html = release_html();
    for (name, text) in [
        ("10k items, descriptions", feed(10_000, None)),
        ("10k items, whole releases", feed(10_000, Some(&html))),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{name}, item by item"), |b| {
            b.iter(|| {
                let read = read_feed_releases(text.as_bytes()).map(|(r, _)| r.len());
                assert_eq!(read.ok(), Some(10_000));
            })
        });
        group.bench_function(format!("{name}, whole document"), |b| {
            b.iter(|| {
                let draft = read_draft_as(Format::Rss, text.as_bytes()).map(|d| {
                    let releases: Vec<_> = d
                        .releases
                        .into_iter()
                        .map(|r| r.into_release(0, Format::Rss))
                        .collect();
                    releases.len()
                });
                assert_eq!(draft.ok(), Some(10_000));
            })
        });
    }
    group.finish();
}

criterion_group!(benches, feeds);
criterion_main!(benches);
