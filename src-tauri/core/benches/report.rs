//! Benchmark: the annual report of one year and the dashboard over 1,000,000
//! complaints on the single-desk (SQLCipher) store; goal for the report: under 1 s.
//!
//! The complaints are made once with the `seed` use case (the intake's validation and routing,
//! sealed and indexed like any complaint) and kept in the build's temporary folder, so later
//! runs measure at once. `cargo test --benches` runs it once on 2,000 complaints;
//! KLACHTBALIE_BENCH_COMPLAINTS sets another number.

use criterion::{criterion_group, criterion_main, Criterion};
use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::service::{self, Actor, Klachtbalie, SetupForm, Startup};
use klachtbalie_core::store::key::KeyFileStore;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

const YEAR: i32 = 2026;
const ORG_CHART: &str = include_str!("../../../tests/fixtures/organogram-voorbeeld.json");

fn complaints() -> usize {
    if let Some(count) = std::env::var("KLACHTBALIE_BENCH_COMPLAINTS").ok().and_then(|text| text.parse().ok()) {
        return count;
    }
    // `cargo bench` passes --bench; `cargo test --benches` does not and runs each bench once.
    if std::env::args().any(|arg| arg == "--bench") {
        1_000_000
    } else {
        2_000
    }
}

fn actor() -> Actor {
    Actor::System { description: "bench".into() }
}

/// The seeded database of `count` complaints received in YEAR, made on first use.
fn seeded(count: usize) -> Klachtbalie {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("report-bench-{count}"));
    let keys = KeyFileStore::new(folder.join("key.txt"));
    let data_dir = folder.join("data");
    let clock =
        Arc::new(FixedClock::new(chrono::NaiveDate::from_ymd_opt(YEAR, 12, 15).and_then(|date| date.and_hms_opt(9, 0, 0)).expect("time")));
    let complete = folder.join("complete");
    if complete.exists() {
        if let Ok(Startup::Ready(app)) = service::start(&data_dir, &keys, clock.clone()) {
            return *app;
        }
    }
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("bench folder");
    let form = SetupForm {
        admin_username: "bench".into(),
        admin_display_name: "Bench".into(),
        admin_password: "een lang wachtwoord".into(),
        admin_password_repeat: "een lang wachtwoord".into(),
        ..SetupForm::diemen_defaults()
    };
    let mut app = service::set_up(&data_dir, &keys, clock, &form).expect("set up");
    app.import_org_chart(&actor(), ORG_CHART).expect("chart");
    let started = Instant::now();
    let seeded = app
        .seed_complaints(&actor(), count, YEAR, false, |done| {
            if done % 100_000 == 0 {
                eprintln!("{done} complaints seeded after {:.0} s", started.elapsed().as_secs_f64());
            }
        })
        .expect("seed");
    eprintln!("seeded {seeded} complaints in {:.1} s", started.elapsed().as_secs_f64());
    std::fs::write(&complete, "").expect("mark complete");
    app
}

fn report_and_dashboard(c: &mut Criterion) {
    let count = complaints();
    let mut app = seeded(count);
    let mut group = c.benchmark_group(format!("report_{count}"));
    group.sample_size(10);
    group.bench_function("annual_report", |b| {
        b.iter(|| {
            let figures = app.annual_report(&actor(), YEAR).expect("report");
            assert_eq!(figures.total, count as u64);
        })
    });
    group.bench_function("dashboard", |b| {
        b.iter(|| {
            let dashboard = app.dashboard(&actor()).expect("dashboard");
            assert!(dashboard.worklist.total.open > 0);
        })
    });
    group.finish();
}

criterion_group!(benches, report_and_dashboard);
criterion_main!(benches);
