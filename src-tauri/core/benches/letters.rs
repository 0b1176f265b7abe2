//! LT-02 performance: renders the decision letter 1,000 times, and in the same run prints the
//! equivalent HTML with headless Chromium (`chromium --headless --print-to-pdf`, Debian
//! package) for comparison. Run: `cargo bench -p klachtbalie-core --bench letters`
//! (scripts/bench-letters.sh installs chromium first).

use chrono::NaiveDate;
use klachtbalie_core::letters::templates::{compose, default_template};
use klachtbalie_core::letters::{render_letter, LetterKind, Municipality, Signer};
use klachtbalie_core::service::sample_facts;
use std::time::Instant;

const RUNS: usize = 1000;

fn main() {
    let municipality = Municipality::diemen_example();
    let facts = sample_facts(LetterKind::Decision, NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"));
    let signer = Signer { name: "Anna de Boer".into(), function: "afdelingsmanager Burgerzaken".into() };
    let template = default_template(LetterKind::Decision);

    // Warm up once (fonts are parsed once per process).
    let first = render_letter(LetterKind::Decision, &template, &facts, &municipality, &signer).expect("render");
    assert!(first.missing.is_empty(), "{:?}", first.missing);
    let started = Instant::now();
    let mut bytes = 0;
    for _ in 0..RUNS {
        bytes += render_letter(LetterKind::Decision, &template, &facts, &municipality, &signer).expect("render").pdf.len();
    }
    let total = started.elapsed();
    let per_letter = total / RUNS as u32;
    println!(
        "klachtbalie: {RUNS} decision letters in {:.2} s = {:.2} ms per letter ({} bytes each)",
        total.as_secs_f64(),
        per_letter.as_secs_f64() * 1000.0,
        bytes / RUNS
    );

    // The same letter as HTML, printed by headless Chromium.
    let composed = compose(LetterKind::Decision, &template, &facts, &municipality, &signer);
    let escape = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let paragraphs: String = composed.text.split("\n\n").map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>"))).collect();
    let html = format!(
        "<!doctype html><html lang=nl><meta charset=utf-8><style>@page {{ size: A4; margin: 25mm 20mm }} body {{ font: 10pt 'DejaVu Sans' }}</style><h1>Gemeente Diemen</h1>{paragraphs}</html>"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let html_path = dir.path().join("beslissing.html");
    let pdf_path = dir.path().join("beslissing.pdf");
    std::fs::write(&html_path, html).expect("html");
    let chromium =
        ["chromium", "chromium-browser"].into_iter().find(|name| std::process::Command::new(name).arg("--version").output().is_ok());
    let Some(chromium) = chromium else {
        println!("chromium: not installed (scripts/bench-letters.sh installs it); no comparison");
        return;
    };
    let mut samples = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let status = std::process::Command::new(chromium)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
            .arg(format!("--user-data-dir={}", dir.path().join("profile").display()))
            .arg(format!("--print-to-pdf={}", pdf_path.display()))
            .arg(format!("file://{}", html_path.display()))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("chromium");
        assert!(status.success() && pdf_path.exists(), "chromium failed: {status}");
        samples.push(started.elapsed());
    }
    samples.sort();
    let median = samples[1];
    let size = std::fs::metadata(&pdf_path).map(|m| m.len()).unwrap_or(0);
    println!("chromium: one letter in {:.0} ms (median of 3, {size} bytes)", median.as_secs_f64() * 1000.0);
    println!("klachtbalie is {:.0}x faster per letter (goal: at least 20x)", median.as_secs_f64() / per_letter.as_secs_f64());
}
