//! `pressmark claims --json` and `pressmark findings --json` on the sample,
//! run through the built binary.

use std::process::Command;

use serde_json::Value;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/home-office-may-2023.txt"
);

fn run_json(args: &[&str]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

/// The text at 1-based `line` and 1-based character `column` of the sample.
fn text_at(line: u64, column: u64, len: usize) -> String {
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let l = text.lines().nth(line as usize - 1).unwrap();
    l.chars().skip(column as usize - 1).take(len).collect()
}

#[test]
fn claims_json_lists_figures_with_their_source_positions() {
    let claims = run_json(&["claims", SAMPLE, "--json"]);
    assert_eq!(claims.len(), 70);
    let keys: Vec<&str> = claims[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        vec![
            "column",
            "file",
            "line",
            "noun",
            "qualifier",
            "release",
            "text",
            "unit",
            "value"
        ]
    );
    let total = claims.iter().find(|c| c["text"] == "£39 million").unwrap();
    assert_eq!(total["value"].as_f64(), Some(39_000_000.0));
    assert_eq!(total["unit"], "GBP");
    assert_eq!(total["qualifier"], "up to");
    assert_eq!(total["line"], 290);
    assert_eq!(total["column"], 11);
    assert_eq!(text_at(290, 11, 11), "£39 million");
    let share = claims.iter().find(|c| c["text"] == "83%").unwrap();
    assert_eq!(share["unit"], "percent");
    assert_eq!(share["qualifier"], Value::Null);
    let (line, col) = (
        share["line"].as_u64().unwrap(),
        share["column"].as_u64().unwrap(),
    );
    assert_eq!(line, 296);
    assert_eq!(text_at(line, col, 3), "83%");
    // Every figure's position points at its text in the file.
    for c in &claims {
        let t = c["text"].as_str().unwrap();
        let at = text_at(
            c["line"].as_u64().unwrap(),
            c["column"].as_u64().unwrap(),
            t.chars().count(),
        );
        assert_eq!(at, t, "{c}");
    }
    let migrants = claims.iter().find(|c| c["text"] == "40").unwrap();
    assert_eq!(migrants["noun"], "migrants");
    assert_eq!(migrants["qualifier"], "more than");
}

#[test]
fn findings_json_reports_the_funding_table() {
    let found = run_json(&["findings", SAMPLE, "--json"]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f["kind"], "total_vs_breakdown");
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("£39,564,574"), "{message}");
    assert!(message.contains("27"), "{message}");
    assert!(message.contains("50 projects"), "{message}");
    let figures = f["figures"].as_array().unwrap();
    assert_eq!(figures[0]["value"].as_f64(), Some(39_000_000.0));
    assert_eq!(figures[0]["unit"], "GBP");
    assert_eq!(figures[0]["line"], 290);
    assert_eq!(figures[0]["column"], 11);
    assert_eq!(figures[1]["value"].as_f64(), Some(50.0));
    let sum: f64 = figures[2..]
        .iter()
        .map(|r| r["value"].as_f64().unwrap())
        .sum();
    assert_eq!(figures.len() - 2, 27);
    assert_eq!(sum, 39_564_574.0);
    for r in figures {
        let t = r["text"].as_str().unwrap();
        let at = text_at(
            r["line"].as_u64().unwrap(),
            r["column"].as_u64().unwrap(),
            t.chars().count(),
        );
        assert_eq!(at, t, "{r}");
    }
}

#[test]
fn unreadable_archive_is_one_error_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .args(["claims", "/nonexistent/archive.txt", "--json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(out.stdout.is_empty());
}
