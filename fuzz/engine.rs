//! A small mutation fuzzer that runs on the stable toolchain: seeds from the project's own
//! fixtures, byte- and line-level mutations with a dictionary of the formats' tokens, a corpus
//! that keeps inputs giving a new outcome (a cheap stand-in for coverage), panics caught and
//! saved as findings.
//!
//! Knobs (environment): `PRESSMARK_FUZZ_SECONDS` per target (default 2, with a fixed seed),
//! `PRESSMARK_FUZZ_SEED` (for long runs; default: from the clock; printed), `PRESSMARK_FUZZ_SLOW_MS` (default 3000: an input taking
//! longer, in CPU time of the fuzzing thread, is saved as a slow finding, reported but not
//! failed, since time depends on the machine).

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What one run of a target says: `Ok(outcome)` where `outcome` summarises what happened (an
/// error's kind, counts in buckets) so inputs with new outcomes join the corpus, or `Err` when
/// an invariant does not hold (a finding, like a panic).
pub type Outcome = Result<u64, String>;

/// xorshift64*: small, fast, reproducible from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 if `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Tokens of the formats under test, inserted whole by the mutator.
pub const DICTIONARY: &[&[u8]] = &[
    b"\n",
    b"\r\n",
    b"\r",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\t",
    b"\xc2\xa0",
    b"  \xe2\x80\xa2 ",
    b"    \xe2\x80\xa2 ",
    b"PRESS RELEASE : ",
    b"HISTORIC PRESS RELEASE : ",
    b" [May 2023]",
    b"Tag: Home Office\n",
    b"The press release issued by the Home Office on 23 May 2023.",
    b"The speech made by ",
    b" said:",
    b"\xc2\xa3",
    b"$",
    b"\xe2\x82\xac",
    b"%",
    b" per cent",
    b" million",
    b" billion",
    b"up to ",
    b"over ",
    b"1 in 15",
    b"half a ",
    b"39,564,574",
    b"0.",
    b"999999999999999999999999999999999999999",
    b"-",
    b"\xe2\x80\x93",
    b"projects",
    b"since 2020",
    b"Total",
    b"format_version: ",
    b"claims: [",
    b"tags: [",
    b"anchor: (",
    b"start: ",
    b"end: ",
    b"exact: \"",
    b"parent: Some(",
    b"id: ",
    b"18446744073709551615",
    b"project.ron",
    b"../",
    b"/",
];

/// The result of fuzzing one target.
#[derive(Debug, Default)]
pub struct Report {
    pub target: String,
    pub seed: u64,
    pub executions: u64,
    pub corpus: usize,
    /// Inputs that panicked or broke an invariant, saved under `fuzz/findings/`.
    pub findings: Vec<(PathBuf, String)>,
    /// Inputs slower than the slow limit, saved too (reported, not failed).
    pub slow: Vec<(PathBuf, Duration)>,
    pub elapsed: Duration,
}

/// CPU time of this thread: what an input costs, whatever else the machine is doing (long
/// runs go at the lowest priority on a shared machine, where wall time says little).
#[cfg(target_os = "linux")]
fn cpu_time() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    if !ok {
        return Duration::ZERO;
    }
    Duration::new(
        t.tv_sec.max(0) as u64,
        t.tv_nsec.clamp(0, 999_999_999) as u32,
    )
}

#[cfg(not(target_os = "linux"))]
fn cpu_time() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// How long each target runs.
pub fn seconds() -> f64 {
    std::env::var("PRESSMARK_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0)
}

fn seed() -> u64 {
    // The short run in `cargo test` always takes the same path, so CI does not pass or fail
    // by luck; a long run (PRESSMARK_FUZZ_SECONDS set) explores anew each time.
    if std::env::var_os("PRESSMARK_FUZZ_SECONDS").is_none() {
        return 2026;
    }
    std::env::var("PRESSMARK_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
}

fn slow_limit() -> Duration {
    Duration::from_millis(
        std::env::var("PRESSMARK_FUZZ_SLOW_MS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3000),
    )
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The folder for one target's findings.
pub fn findings_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/findings")
        .join(target)
}

/// Every file under `fuzz/regressions/<target>/`: inputs that once failed, replayed first.
pub fn regressions(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
    out.sort();
    out
}

/// Runs `target` once, catching a panic.
pub fn run_once(target: &dyn Fn(&[u8]) -> Outcome, input: &[u8]) -> Outcome {
    match catch_unwind(AssertUnwindSafe(|| target(input))) {
        Ok(outcome) => outcome,
        Err(panic) => Err(format!(
            "panic: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)")
        )),
    }
}

/// A target-specific mutation (for instance: re-zip a bundle with one entry changed, so the
/// CRCs stay right and the reader gets past them). `None` falls back to the byte mutator.
pub type Structured = dyn Fn(&mut Rng, &[u8], &[Vec<u8>]) -> Option<Vec<u8>>;

/// Fuzzes `target` for [`seconds`] from `seeds`.
pub fn fuzz(
    name: &str,
    seeds: Vec<Vec<u8>>,
    max_len: usize,
    target: &dyn Fn(&[u8]) -> Outcome,
    structured: Option<&Structured>,
) -> Report {
    let seed = seed();
    let mut rng = Rng::new(seed);
    let budget = Duration::from_secs_f64(seconds());
    let slow = slow_limit();
    // In long runs the input is written out before each run, so that an abort the process
    // cannot catch (a stack overflow) leaves the input that caused it.
    let keep_current = budget > Duration::from_secs(60);
    let mut report = Report {
        target: name.to_owned(),
        seed,
        ..Report::default()
    };
    let started = Instant::now();
    let mut seen_outcomes: HashSet<u64> = HashSet::new();
    let mut seen_findings: HashSet<String> = HashSet::new();
    let mut corpus: Vec<Vec<u8>> = Vec::new();
    let mut record = |report: &mut Report, input: &[u8], outcome: &Outcome, took: Duration| {
        if let Err(message) = outcome {
            // One file per distinct message: the same bug found again is not news.
            let key: String = message.chars().take(200).collect();
            if seen_findings.insert(key) {
                let dir = findings_dir(name);
                let _ = std::fs::create_dir_all(&dir);
                let path = dir.join(format!("crash-{:016x}", hash_of(input)));
                let _ = std::fs::write(&path, input);
                let _ = std::fs::write(path.with_extension("txt"), message);
                report.findings.push((path, message.clone()));
            }
        }
        if took > slow && report.slow.len() < 20 {
            let dir = findings_dir(name);
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join(format!("slow-{:016x}", hash_of(input)));
            let _ = std::fs::write(&path, input);
            report.slow.push((path, took));
        }
    };
    let current = findings_dir(name).join("current");
    let mut execute = |report: &mut Report, input: &[u8]| -> Outcome {
        if keep_current {
            let _ = std::fs::create_dir_all(findings_dir(name));
            let _ = std::fs::write(&current, input);
        }
        let t = cpu_time();
        let outcome = run_once(target, input);
        report.executions += 1;
        record(report, input, &outcome, cpu_time().saturating_sub(t));
        outcome
    };
    for (_, input) in regressions(name) {
        let _ = execute(&mut report, &input);
    }
    for s in seeds {
        if let Ok(o) = execute(&mut report, &s) {
            seen_outcomes.insert(o);
        }
        corpus.push(s);
    }
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    while started.elapsed() < budget {
        let base = &corpus[rng.below(corpus.len())];
        let input = match structured {
            Some(f) if rng.chance(2) => f(&mut rng, base, &corpus),
            _ => None,
        }
        .unwrap_or_else(|| mutate(&mut rng, base, &corpus, max_len));
        if let Ok(o) = execute(&mut report, &input) {
            if seen_outcomes.insert(o) && corpus.len() < 2000 {
                corpus.push(input);
            }
        }
    }
    if keep_current {
        let _ = std::fs::remove_file(&current);
    }
    report.corpus = corpus.len();
    report.elapsed = started.elapsed();
    report
}

/// One to four stacked mutations of `base`, at most `max_len` bytes.
pub fn mutate(rng: &mut Rng, base: &[u8], corpus: &[Vec<u8>], max_len: usize) -> Vec<u8> {
    let mut data = base.to_vec();
    for _ in 0..=rng.below(4) {
        mutate_once(rng, &mut data, corpus);
    }
    data.truncate(max_len);
    data
}

fn line_starts(data: &[u8]) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            data.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect()
}

fn mutate_once(rng: &mut Rng, data: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    let len = data.len();
    match rng.below(13) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            const BYTES: &[u8] = b"\0\x7f\x80\xbf\xc2\xe2\xef\xff\r\n \t0123456789,.%\"(\\";
            data[i] = BYTES[rng.below(BYTES.len())];
        }
        2 if len > 0 => {
            // Delete a range, usually short.
            let at = rng.below(len);
            let most = if rng.chance(4) { 4096 } else { 16 };
            let n = 1 + rng.below((len - at).min(most));
            data.drain(at..at + n);
        }
        3 if len > 0 => {
            // Duplicate a range in place.
            let at = rng.below(len);
            let n = 1 + rng.below((len - at).min(256));
            let copy = data[at..at + n].to_vec();
            let to = rng.below(len + 1);
            data.splice(to..to, copy);
        }
        4 | 5 => {
            let token = DICTIONARY[rng.below(DICTIONARY.len())];
            let at = rng.below(len + 1);
            data.splice(at..at, token.iter().copied());
        }
        6 if !corpus.is_empty() => {
            // Splice: our head, another input's tail.
            let other = &corpus[rng.below(corpus.len())];
            let cut = rng.below(len + 1);
            let from = rng.below(other.len() + 1);
            data.truncate(cut);
            data.extend_from_slice(&other[from..]);
        }
        7 if !corpus.is_empty() => {
            // A whole line of another input, inserted at a line start.
            let other = &corpus[rng.below(corpus.len())];
            let starts = line_starts(other);
            let i = rng.below(starts.len());
            let end = starts.get(i + 1).copied().unwrap_or(other.len());
            let line = other[starts[i]..end].to_vec();
            let ours = line_starts(data);
            let at = ours[rng.below(ours.len())];
            data.splice(at..at, line);
        }
        8 if len > 0 => {
            // Swap two lines' order by moving one.
            let starts = line_starts(data);
            if starts.len() > 2 {
                let i = rng.below(starts.len() - 1);
                let end = starts[i + 1];
                let line: Vec<u8> = data.drain(starts[i]..end).collect();
                let ours = line_starts(data);
                let at = ours[rng.below(ours.len())];
                data.splice(at..at, line);
            }
        }
        9 => {
            // Line ends: all LF to CR, or to CR LF, or CR LF to LF.
            let text = std::mem::take(data);
            *data = match rng.below(3) {
                0 => text
                    .iter()
                    .map(|&b| if b == b'\n' { b'\r' } else { b })
                    .collect(),
                1 => {
                    let mut out = Vec::with_capacity(text.len() + text.len() / 20);
                    for &b in &text {
                        if b == b'\n' {
                            out.push(b'\r');
                        }
                        out.push(b);
                    }
                    out
                }
                _ => text.into_iter().filter(|&b| b != b'\r').collect(),
            };
        }
        10 if len > 0 => {
            data.truncate(rng.below(len));
        }
        11 if len > 0 => {
            // Repeat a short piece many times: long lines, long numbers, deep nesting.
            let at = rng.below(len);
            let n = 1 + rng.below((len - at).min(8));
            let piece = data[at..at + n].to_vec();
            let times = 1 + rng.below(2000);
            let repeated: Vec<u8> = piece.iter().copied().cycle().take(n * times).collect();
            data.splice(at..at, repeated);
        }
        12 if len > 0 => {
            // Replace a digit run with another number.
            let at = rng.below(len);
            if let Some(d) = data[at..].iter().position(u8::is_ascii_digit) {
                let start = at + d;
                let end = start
                    + data[start..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                let shift = rng.below(64);
                let n = rng.next() >> shift;
                data.splice(start..end, n.to_string().into_bytes());
            }
        }
        _ => {
            let at = rng.below(len + 1);
            data.insert(at, (rng.next() & 0xff) as u8);
        }
    }
}

/// Prints the report and returns the findings as one message, if any.
pub fn summarise(report: &Report) -> Result<(), String> {
    eprintln!(
        "fuzz {}: {} executions in {:.1} s (seed {}), corpus {}, {} findings, {} slow",
        report.target,
        report.executions,
        report.elapsed.as_secs_f64(),
        report.seed,
        report.corpus,
        report.findings.len(),
        report.slow.len()
    );
    for (path, took) in &report.slow {
        eprintln!("  slow ({:.1} s): {}", took.as_secs_f64(), path.display());
    }
    if report.findings.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = report
        .findings
        .iter()
        .map(|(p, m)| format!("  {}: {m}", p.display()))
        .collect();
    Err(format!(
        "fuzz {}: {} findings (seed {}):\n{}",
        report.target,
        report.findings.len(),
        report.seed,
        list.join("\n")
    ))
}
