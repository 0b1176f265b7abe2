//! Benchmark: intake and read-back of 10,000 complaints on the encrypted (SQLCipher) database
//! against the same store code on an unencrypted database, in the same run. The ratio is the
//! price of encryption at rest (goal: at most 1.3x).
//!
//! Each complaint is written as the app writes it: its own immediate transaction (reference,
//! row, two timeline events) with synchronous=FULL. The databases live on tmpfs (/dev/shm)
//! when available, so disk fsync latency does not hide the CPU cost of encryption; set
//! KLACHTBALIE_BENCH_DIR to measure on another disk.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use klachtbalie_core::audit::{AuditEvent, AuditResult};
use klachtbalie_core::domain::complaint::{Channel, ComplaintType, NewComplaint};
use klachtbalie_core::store::key::DatabaseKey;
use klachtbalie_core::store::{ComplaintNames, Database, HandlerAssignment, StoreError};
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

fn complaint(n: usize) -> NewComplaint {
    let received = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + chrono::Days::new((n % 300) as u64);
    NewComplaint {
        received_on: received,
        channel: if n.is_multiple_of(3) { Channel::Brief } else { Channel::Telefoon },
        complainant_name: format!("Klager nummer {n}"),
        street_address: format!("Wilhelminaplein {}", n % 200 + 1),
        postcode: "1111 CE".into(),
        city: "Diemen".into(),
        phone: format!("06{:08}", n),
        email: format!("klager{n}@example.nl"),
        representative: String::new(),
        complaint_type: if n.is_multiple_of(2) { ComplaintType::Dienstverlening } else { ComplaintType::Bejegening },
        department_id: Some("bz".into()),
        respondent_ids: if n.is_multiple_of(2) { Vec::new() } else { vec!["e1".into()] },
        conduct_date: Some(received),
        description: "De aanvraag is niet op tijd behandeld en niemand heeft teruggebeld. ".repeat(4),
        desired_outcome: "Excuses en een snelle oplossing.".into(),
    }
}

fn intake_and_read(database: &mut Database) -> usize {
    let now = NaiveDate::from_ymd_opt(2026, 11, 23).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("time");
    let names = ComplaintNames { department_name: "Burgerzaken".into(), respondent_names: "Jan Smit".into() };
    let handler = HandlerAssignment {
        id: "m-bz".into(),
        name: "Anna de Boer".into(),
        function: "afdelingsmanager van Burgerzaken".into(),
        reason: "bench".into(),
    };
    let event = AuditEvent { action: "klacht registreren".into(), object: "KL".into(), result: AuditResult::Success };
    for n in 0..COMPLAINTS {
        let form = complaint(n);
        database
            .write(|tx| -> Result<(), StoreError> {
                let reference = tx.next_reference(2026)?;
                let id = tx.insert_complaint(&reference, &form, &names, &handler, now, "bench")?;
                tx.insert_event(id, now, "bench", "geregistreerd", "via brief")?;
                tx.insert_event(id, now, "bench", "toegewezen", "Anna de Boer")?;
                tx.append_audit(now, "bench", "werkplek", &event)?;
                Ok(())
            })
            .expect("intake");
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

criterion_group!(benches, intake_10000);
criterion_main!(benches);
