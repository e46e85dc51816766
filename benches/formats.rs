//! Reading the formats other than the tag page, from the real fixtures in
//! tests/fixtures/formats: one GOV.UK Content API item, one saved news page, and a folder of
//! 200 saved pages (the end-to-end figure for 10,000 pages is measured with
//! `benches/make-html-folder.py` and `/usr/bin/time`, see the README).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pressmark::archive::Archive;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name);
    std::fs::read(path).unwrap_or_default()
}

fn formats(c: &mut Criterion) {
    let mut group = c.benchmark_group("formats");
    group.sample_size(20);
    for (name, file) in [
        ("govuk-json item", "govuk-press-release.json"),
        ("html page (144 KB)", "page-bbc-news.html"),
        ("html page (43 KB)", "page-python-blog.html"),
    ] {
        let bytes = fixture(file);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                Archive::parse_bytes(bytes.clone(), Path::new(file)).map(|a| a.releases.len())
            })
        });
    }
    // A folder of 200 pages with their own titles: detection, reading on every core, ids.
    let dir = std::env::temp_dir().join(format!("pressmark-bench-{}", std::process::id()));
    let page = String::from_utf8(fixture("page-python-blog.html")).unwrap_or_default();
    let mut total = 0u64;
    for i in 0..200 {
        let text = page.replace(
            "Python 3.6.0 is now available!",
            &format!("Python 3.6.{i} is now available!"),
        );
        total += text.len() as u64;
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("page-{i:03}.html")), text);
    }
    group.throughput(Throughput::Bytes(total));
    group.bench_function("folder of 200 html pages", |b| {
        b.iter(|| Archive::load(std::slice::from_ref(&dir)).map(|a| a.releases.len()))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, formats);
criterion_main!(benches);
