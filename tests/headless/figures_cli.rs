//! `pressmark claims` and `pressmark findings` on the hard forms: table cells
//! with their header's scale, ranges, ratios, and an amount too long to hold.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const SAMPLE: &str = include_str!("../../assets/home-office-may-2023.txt");
const PSF: &str = include_str!("../fixtures/figures/hard/01-psf-august-2011.txt");
const LAND: &str = include_str!("../fixtures/figures/hard/34-public-sector-land-answer.txt");

/// Writes `body` as a one-release archive (real release text under an
/// archive heading) and returns its path.
fn archive_file(name: &str, body: &str) -> PathBuf {
    let mut text = String::from("Tag: Office for National Statistics\n\n");
    text.push_str("  \u{2022} PRESS RELEASE : Public sector finances [September 2011]\n\n");
    text.push_str("    PRESS RELEASE : Public sector finances [September 2011]\n\n");
    text.push_str("    The press release issued by the Office for National Statistics on 21 September 2011.\n\n");
    for line in body.lines() {
        text.push_str("    ");
        text.push_str(line);
        text.push('\n');
    }
    let dir = std::env::temp_dir().join(format!("pressmark-figures-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_pressmark"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(out: &Output) -> Vec<Value> {
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

#[test]
fn claims_json_gives_table_cells_with_the_header_scale_and_sign() {
    let path = archive_file("psf.txt", PSF);
    let claims = json(&run(&["claims", path.to_str().unwrap(), "--json"]));
    let cell = claims
        .iter()
        .find(|c| c["text"] == "-13.8")
        .unwrap_or_else(|| panic!("no -13.8 cell: {claims:#?}"));
    assert_eq!(cell["value"].as_f64(), Some(-13.8e9));
    assert_eq!(cell["unit"], "GBP");
    // the same fields as ever
    let keys: Vec<&str> = cell
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
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
}

#[test]
fn claims_json_gives_a_range_as_two_figures_and_shares_as_ratios() {
    let path = archive_file("land.txt", LAND);
    let claims = json(&run(&["claims", path.to_str().unwrap(), "--json"]));
    let range: Vec<&Value> = claims
        .iter()
        .filter(|c| c["text"] == "20" || c["text"] == "30%")
        .collect();
    assert_eq!(range.len(), 2, "{claims:#?}");
    assert!(range.iter().all(|c| c["unit"] == "percent"));
    assert_ne!(
        range[0]["column"], range[1]["column"],
        "each end has its own span"
    );
    let share = claims
        .iter()
        .find(|c| c["text"] == "two thirds")
        .unwrap_or_else(|| panic!("no share: {claims:#?}"));
    assert_eq!(share["unit"], "ratio");
    assert!((share["value"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
}

#[test]
fn an_out_of_range_amount_is_reported_and_the_rest_kept() {
    let huge = format!("£ 1{}.00", "0".repeat(399));
    let text = SAMPLE.replacen("£ 1,230,500.00", &huge, 1);
    let dir = std::env::temp_dir().join(format!("pressmark-figures-huge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.txt");
    std::fs::write(&path, text).unwrap();
    let out = run(&["claims", path.to_str().unwrap(), "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("out of range"), "{stderr}");
    let claims = json(&out);
    assert_eq!(claims.len(), 70, "every other figure is kept");
    assert_eq!(claims.iter().filter(|c| c["value"].is_null()).count(), 1);
    let findings = json(&run(&["findings", path.to_str().unwrap(), "--json"]));
    let f = findings
        .iter()
        .find(|f| f["kind"] == "total_vs_breakdown")
        .unwrap_or_else(|| panic!("the table's finding went: {findings:#?}"));
    assert!(
        f["message"].as_str().unwrap().contains("out of range"),
        "{f:#?}"
    );
}
