//! A large archive for benches: the sample's releases recombined with new titles, dates
//! and figures (as `make-large-archive.py` does).

use pressmark::archive::MONTHS;

const SAMPLE: &str = include_str!("../../assets/home-office-may-2023.txt");
const ENTRY: &str = "  \u{2022} ";

/// A tiny deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The sample's releases, each as its lines (entry line first).
fn sample_releases() -> Vec<Vec<&'static str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    for line in SAMPLE.lines() {
        if line.starts_with(ENTRY) {
            out.push(vec![line]);
        } else if let Some(r) = out.last_mut() {
            r.push(line);
        }
    }
    out
}

/// Varies numbers of two or more digits (not years) by up to ±50%.
fn vary_numbers(line: &str, rng: &mut Rng, out: &mut String) {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let value: u64 = line[i..j].parse().unwrap_or(0);
            if value >= 10 && !(1900..=2100).contains(&value) && j - i < 12 {
                let scaled = value * (50 + rng.next() % 101) / 100;
                out.push_str(&scaled.max(1).to_string());
            } else {
                out.push_str(&line[i..j]);
            }
            i = j;
        } else {
            let c = line[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
}

/// Newest first, like a tag page: releases recombined from the sample with new titles,
/// dates and figures.
pub fn make_archive(n: usize) -> String {
    let pool = sample_releases();
    let mut rng = Rng(2023);
    let mut text = String::with_capacity(n * 5_600);
    text.push_str("Tag: Home Office\n\n");
    let start = pressmark::archive::days_from_civil(2010, 1, 1);
    let span = 6_000i64;
    for serial in 1..=n {
        let days = start + span - (serial as i64 * span / n as i64);
        let (y, m, d) = pressmark::archive::civil_from_days(days);
        let month = MONTHS[usize::from(m) - 1];
        let r = &pool[(rng.next() % pool.len() as u64) as usize];
        let title = r[0][ENTRY.len()..]
            .rsplit_once(" [")
            .map_or(r[0], |(t, _)| t)
            .to_owned();
        let title = format!("{title} (no. {serial}) [{month} {y}]");
        text.push_str(ENTRY);
        text.push_str(&title);
        text.push('\n');
        for line in &r[1..] {
            let t = line.trim_start();
            if t.starts_with("PRESS RELEASE :") {
                text.push_str("    ");
                text.push_str(&title);
            } else if let Some(rest) = t.strip_prefix("The press release issued by the ") {
                let dept = rest.split(" on ").next().unwrap_or("Home Office");
                text.push_str(&format!(
                    "    The press release issued by the {dept} on {d} {month} {y}."
                ));
            } else {
                vary_numbers(line, &mut rng, &mut text);
            }
            text.push('\n');
        }
    }
    text
}
