//! Benchmark: intake and read-back of 10,000 complaints on the encrypted (SQLCipher) database
//! against the same store code on an unencrypted database, in the same run. The ratio is the
//! price of encryption at rest (goal: at most 1.3x).
//!
//! Each complaint is written as the app writes it: its own immediate transaction (reference,
//! row, two timeline events) with synchronous=FULL. The databases live on tmpfs (/dev/shm)
//! when available, so disk fsync latency does not hide the CPU cost of encryption; set
//! KLACHTBALIE_BENCH_DIR to measure on another disk.
//!
//! Beside it, the password check of a desk's log-in (SEC-03: Argon2id, 64 MiB, 3 passes), which
//! must stay well under a second on these machines.

mod common;

use common::{complaint, Desk};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use klachtbalie_core::store::key::DatabaseKey;
use klachtbalie_core::store::Database;
use std::path::{Path, PathBuf};

const COMPLAINTS: usize = 10_000;

fn bench_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KLACHTBALIE_BENCH_DIR") {
        return PathBuf::from(dir);
    }
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

fn intake_and_read(database: &mut Database) -> usize {
    let desk = Desk::new();
    for n in 0..COMPLAINTS {
        desk.register(database, &complaint(n, format!("Klager nummer {n}"), format!("Wilhelminaplein {}", n % 200 + 1)));
    }
    database.reader().open_complaints().expect("read").len()
}

fn intake_10000(c: &mut Criterion) {
    let mut group = c.benchmark_group("intake_and_read_10000");
    group.sample_size(10);
    let key = DatabaseKey::generate();
    group.bench_function("encrypted", |b| {
        b.iter_batched(
            || tempfile::tempdir_in(bench_dir()).expect("tempdir"),
            |dir| {
                let mut database = Database::create(&dir.path().join("bench.db"), &key).expect("create");
                assert_eq!(intake_and_read(&mut database), COMPLAINTS);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("unencrypted", |b| {
        b.iter_batched(
            || tempfile::tempdir_in(bench_dir()).expect("tempdir"),
            |dir| {
                let mut database = Database::open_unencrypted_for_comparison(&dir.path().join("bench.db")).expect("create");
                assert_eq!(intake_and_read(&mut database), COMPLAINTS);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn password_check_at_log_in(c: &mut Criterion) {
    let mut group = c.benchmark_group("log_in");
    group.sample_size(10);
    let stored = klachtbalie_core::auth::hash_password("een lang wachtwoord").expect("hash");
    group.bench_function("argon2id_64mib_password_check", |b| {
        b.iter(|| assert!(klachtbalie_core::auth::verify_password("een lang wachtwoord", &stored)))
    });
    group.finish();
}

criterion_group!(benches, intake_10000, password_check_at_log_in);
criterion_main!(benches);
