//! Shared helpers for the integration tests: PDF text extraction and file scanning.

#![allow(dead_code)]

use std::path::Path;

/// The text of a PDF as pdftotext (poppler-utils) extracts it, with layout.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (poppler-utils); scripts/setup.sh installs it");
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8")
}

/// Number of pages according to pdfinfo.
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = std::process::Command::new("pdfinfo").arg(&path).output().expect("pdfinfo");
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().find_map(|line| line.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("Pages line")
}

/// Every file below `dir` whose bytes contain `needle` (as UTF-8 or UTF-16LE).
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let utf16: Vec<u8> = needle.encode_utf16().flat_map(|unit| unit.to_le_bytes()).collect();
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap_or_default();
            let contains = |pattern: &[u8]| bytes.windows(pattern.len()).any(|window| window == pattern);
            if contains(needle.as_bytes()) || contains(&utf16) {
                hits.push(path.display().to_string());
            }
        }
    }
    hits
}

/// (name, length, sha256-ish fingerprint) of every file below `dir`, sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        files.push((entry.file_name().to_string_lossy().into_owned(), bytes));
    }
    files.sort();
    files
}
