//! Benchmark: the shared PostgreSQL store with sealed columns against the same
//! schema and store code with plain values in those columns, both on one server in one run:
//! intake, the worklist's first page (50 rows and the total, as the window reads it) and a
//! few searches, each as a desk runs it. Then 8 desks
//! registering complaints at once on a sealed database: intakes per second and the p95
//! latency of one intake. The ratio sealed/plain per phase is printed at the end (goal: at
//! most 1.3x); nothing asserts it, timings on a shared machine are too noisy for that. Measure
//! in the bench (release) profile: the cipher is generic code, compiled at the opt-level of
//! the crate that uses it, so a debug build opens a sealed cell some 50 times slower.
//!
//! It needs the throwaway test server: `bash scripts/bench-shared.sh` measures, and
//! `bash scripts/with-postgres.sh cargo test -p klachtbalie-core --bench shared_store` runs
//! every benchmark once and checks its results (references, records read back, search hits).
//!
//! Two differences come from the plain comparison store itself
//! (`Database::open_shared_unsealed_for_comparison`): it writes no blind-index tokens, and its
//! `search_complaints` finds words nowhere (there are no tokens to look in; a whole reference
//! it finds through the unique index, as the sealed side does). So the intake ratio includes
//! writing the blind index, and the plain side's word search is the server matching the start
//! of words in the plain columns itself, as a store without sealing would. After that both
//! sides load the complaints found through the same store code (one query), as the worklist does.

mod common;
#[path = "../../../tests/support.rs"]
mod support;

use common::{Desk, YEAR};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use klachtbalie_core::domain::complaint::{ComplaintReference, NewComplaint};
use klachtbalie_core::store::key::DatabaseKey;
use klachtbalie_core::store::{Database, SearchReach, WorklistQuery};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

/// Complaints registered per timed intake run; the worklist and the searches read them back.
const COMPLAINTS: usize = 300;
const DESKS: usize = 8;
const INTAKES_PER_DESK: usize = 50;

const FIRST_NAMES: &[&str] =
    &["Els", "Mohamed", "Fatima", "Kees", "Anouk", "Pieter", "Sanne", "Ahmet", "Lotte", "Daan", "Noor", "Bram", "Iris"];
const SURNAMES: &[&str] = &[
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Öztürk",
    "Meijer",
    "Mulder",
    "de Graaf",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Dekker",
    "Brouwer",
    "El Amrani",
    "Kok",
    "Jacobs",
    "Verbeek",
    "Koster",
];
const STREETS: &[&str] = &[
    "Wilhelminaplein",
    "Kerkstraat",
    "Dorpsstraat",
    "Stationsweg",
    "Molenweg",
    "Schoolstraat",
    "Julianalaan",
    "Beukenlaan",
    "Prinsengracht",
    "Hoofdstraat",
    "Lindenlaan",
];

/// A fresh database on the test server, owned by the owner's login with the desks' login
/// allowed to connect, dropped again at the end: the tests' own.
type ScratchDatabase = support::SharedTestDatabase;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Sealed,
    Plain,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Sealed => "sealed",
            Side::Plain => "plain",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Intake,
    Worklist,
    Search,
}

/// One side's database, opened with the desks' login. Fields drop in order: the connections
/// before the database is dropped on the server.
struct Store {
    database: Database,
    /// The plain side's search: the server reads the plain columns itself.
    plain_search: Option<postgres::Client>,
    scratch: ScratchDatabase,
}

impl Store {
    fn open(side: Side, key: &DatabaseKey) -> Self {
        let scratch = ScratchDatabase::create();
        let database = match side {
            Side::Sealed => {
                drop(Database::create_shared(&scratch.owner, key).expect("set up the sealed database"));
                Database::open_shared(&scratch.app, key).expect("open the sealed database as a desk")
            }
            Side::Plain => {
                drop(Database::open_shared_unsealed_for_comparison(&scratch.owner).expect("set up the plain database"));
                Database::open_shared_unsealed_for_comparison(&scratch.app).expect("open the plain database as a desk")
            }
        };
        let plain_search = match side {
            Side::Sealed => None,
            Side::Plain => Some(scratch.app.connect().expect("connect for the plain search")),
        };
        Self { database, plain_search, scratch }
    }
}

/// `COMPLAINTS` intakes on a fresh database; checks the references they got.
fn fill(desk: &Desk, database: &mut Database) {
    let references: Vec<String> = (0..COMPLAINTS).map(|n| desk.register(database, &complaint(n))).collect();
    assert_eq!(references, (0..COMPLAINTS).map(reference).collect::<Vec<_>>(), "references in order, none skipped");
}

fn surname(n: usize) -> &'static str {
    SURNAMES[n % SURNAMES.len()]
}

fn street(n: usize) -> &'static str {
    STREETS[n % STREETS.len()]
}

/// The reference the `n`th intake on a fresh database gets.
fn reference(n: usize) -> String {
    format!("KL-{YEAR}-{:04}", n + 1)
}

fn complaint(n: usize) -> NewComplaint {
    let name = format!("{} {}", FIRST_NAMES[n % FIRST_NAMES.len()], surname(n));
    common::complaint(n, name, format!("{} {}", street(n), n % 97 + 1))
}

/// The searches (a surname, a street, a reference, and a surname with a street) with the
/// references each must find, worked out from the generator.
fn searches() -> Vec<(String, Vec<String>)> {
    let matching = |keep: &dyn Fn(usize) -> bool| (0..COMPLAINTS).filter(|&n| keep(n)).map(reference).collect::<Vec<_>>();
    let wanted = COMPLAINTS / 2;
    let searches = vec![
        ("Brouwer".to_string(), matching(&|n| surname(n) == "Brouwer")),
        ("Beukenlaan".to_string(), matching(&|n| street(n) == "Beukenlaan")),
        (reference(wanted), vec![reference(wanted)]),
        ("brouwer beukenlaan".to_string(), matching(&|n| surname(n) == "Brouwer" && street(n) == "Beukenlaan")),
    ];
    for (query, expected) in &searches {
        assert!(!expected.is_empty(), "the generator gives {query:?} something to find");
    }
    searches
}

/// The plain columns a search looks in, as text (the sealed side's search fields).
const PLAIN_FIELDS: &[&str] = &[
    "reference",
    "convert_from(complainant_name, 'UTF8')",
    "convert_from(representative, 'UTF8')",
    "convert_from(respondent_names, 'UTF8')",
    "convert_from(street_address, 'UTF8')",
    "convert_from(city, 'UTF8')",
    "convert_from(postcode, 'UTF8')",
    "convert_from(phone, 'UTF8')",
    "convert_from(email, 'UTF8')",
    "convert_from(description, 'UTF8')",
    "convert_from(desired_outcome, 'UTF8')",
];

/// One search as the worklist runs it: the ids of the matches, then their records. Returns
/// the references found, sorted.
fn search(store: &mut Store, query: &str) -> Vec<String> {
    let whole_reference = ComplaintReference::parse(&query.trim().to_uppercase()).is_some();
    let ids: Vec<i64> = match store.plain_search.as_mut() {
        Some(client) if !whole_reference => {
            // Every word must start a word in one of the columns (case ignored).
            let patterns: Vec<String> = query
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty())
                .map(|word| format!("\\m{}", word.to_lowercase()))
                .collect();
            let conditions: Vec<String> = (1..=patterns.len())
                .map(|index| {
                    format!("({})", PLAIN_FIELDS.iter().map(|field| format!("{field} ~* ${index}")).collect::<Vec<_>>().join(" OR "))
                })
                .collect();
            let sql = format!("SELECT id FROM complaints WHERE {} ORDER BY id", conditions.join(" AND "));
            let params: Vec<&(dyn postgres::types::ToSql + Sync)> =
                patterns.iter().map(|pattern| pattern as &(dyn postgres::types::ToSql + Sync)).collect();
            client.query(&sql, &params).expect("plain search").iter().map(|row| row.get::<_, i64>(0)).collect()
        }
        _ => store.database.reader().search_complaints(query, SearchReach::Complete).expect("search").ids,
    };
    let records = store.database.reader().complaints_by_ids(&ids).expect("load the complaints found");
    assert_eq!(records.len(), ids.len(), "every complaint found exists");
    let mut found: Vec<String> = records.into_iter().map(|record| record.reference).collect();
    found.sort();
    found
}

/// Rows on the first page of the worklist the window reads (its page size).
const PAGE_SIZE: i64 = 50;

/// The worklist as the window reads it: the first page, nearest deadline first, and how many
/// complaints there are in all.
fn first_page(store: &Store) -> Vec<klachtbalie_core::store::ComplaintRecord> {
    let query = WorklistQuery { limit: PAGE_SIZE, ..WorklistQuery::default() };
    let (records, total) = store.database.reader().worklist_page(&query).expect("worklist page");
    assert_eq!((records.len(), total), (PAGE_SIZE as usize, COMPLAINTS as i64), "a full first page of every open complaint");
    records
}

/// What the sealed side wrote reads back as it was typed (the seal round trip), on both sides.
fn check_worklist(store: &Store) {
    let records = store.database.reader().open_complaints().expect("worklist");
    assert_eq!(records.len(), COMPLAINTS, "every complaint is open");
    for n in [0, COMPLAINTS / 2, COMPLAINTS - 1] {
        let record = records.iter().find(|record| record.reference == reference(n)).expect("on the worklist");
        assert_eq!(record.complaint, complaint(n), "{} reads back as registered", record.reference);
        assert_eq!(record.respondent_names, "Jan Smit");
        assert_eq!(record.handler.name, "Anna de Boer");
    }
}

/// Times per phase and side (one entry per timed run) and the 8-desk runs.
#[derive(Default)]
struct Figures {
    /// From criterion's runs: each side measured in its own block of seconds.
    phases: BTreeMap<(Phase, Side), Vec<Duration>>,
    /// From the paired rounds (benchmark mode only): one entry per round, both sides per round.
    paired: BTreeMap<(Phase, Side), Vec<Duration>>,
    desk_runs: Vec<DeskRun>,
    /// Blind-index rows the sealed side wrote per complaint (the plain side writes none).
    tokens_per_complaint: Option<f64>,
}

struct DeskRun {
    elapsed: Duration,
    latencies: Vec<Duration>,
}

const PHASES: [Phase; 3] = [Phase::Intake, Phase::Worklist, Phase::Search];

fn median<T: Copy + PartialOrd>(values: &[T]) -> T {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
    sorted[sorted.len() / 2]
}

fn milliseconds(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

impl Figures {
    fn record(&mut self, phase: Phase, side: Side, elapsed: Duration) {
        self.phases.entry((phase, side)).or_default().push(elapsed);
    }

    fn describe(phase: Phase) -> String {
        match phase {
            Phase::Intake => format!("intake of {COMPLAINTS} complaints"),
            Phase::Worklist => format!("worklist page ({PAGE_SIZE} of {COMPLAINTS})"),
            Phase::Search => format!("{} searches", searches().len()),
        }
    }

    fn times(phase: Phase, sealed: Duration, plain: Duration) -> String {
        let each = |time: Duration| match phase {
            Phase::Intake => format!(" ({:.2} ms each)", milliseconds(time) / COMPLAINTS as f64),
            _ => String::new(),
        };
        format!("sealed {:>8.2} ms{}   plain {:>8.2} ms{}", milliseconds(sealed), each(sealed), milliseconds(plain), each(plain))
    }

    fn print(&self) {
        eprintln!("\nshared_store: sealed vs plain columns on one server (goal: at most 1.3x)");
        eprintln!("  criterion runs, median per side (each side timed in its own block of seconds):");
        for phase in PHASES {
            let (Some(sealed), Some(plain)) = (self.phases.get(&(phase, Side::Sealed)), self.phases.get(&(phase, Side::Plain))) else {
                continue;
            };
            let (sealed_median, plain_median) = (median(sealed), median(plain));
            eprintln!(
                "    {:<26} {}   ratio {:.2}x   [runs: {}/{}]",
                Self::describe(phase),
                Self::times(phase, sealed_median, plain_median),
                sealed_median.as_secs_f64() / plain_median.as_secs_f64(),
                sealed.len(),
                plain.len()
            );
        }
        if let (Some(sealed), Some(plain)) =
            (self.paired.get(&(Phase::Intake, Side::Sealed)), self.paired.get(&(Phase::Intake, Side::Plain)))
        {
            eprintln!(
                "  {} paired rounds (fresh databases, sides alternated), median per side and of the per-round ratios [min-max]:",
                sealed.len().min(plain.len())
            );
            for phase in PHASES {
                let (sealed, plain) = (&self.paired[&(phase, Side::Sealed)], &self.paired[&(phase, Side::Plain)]);
                let ratios: Vec<f64> = sealed.iter().zip(plain).map(|(s, p)| s.as_secs_f64() / p.as_secs_f64()).collect();
                let (low, high) = ratios.iter().fold((f64::MAX, f64::MIN), |(low, high), &r| (low.min(r), high.max(r)));
                eprintln!(
                    "    {:<26} {}   ratio {:.2}x [{low:.2}-{high:.2}]",
                    Self::describe(phase),
                    Self::times(phase, median(sealed), median(plain)),
                    median(&ratios)
                );
            }
        }
        if let Some(tokens) = self.tokens_per_complaint {
            eprintln!("  (the sealed intake also writes {tokens:.0} blind-index rows per complaint, in one INSERT; the plain side none)");
        }
        if !self.desk_runs.is_empty() {
            let total: Duration = self.desk_runs.iter().map(|run| run.elapsed).sum();
            let mut latencies: Vec<Duration> = self.desk_runs.iter().flat_map(|run| run.latencies.iter().copied()).collect();
            latencies.sort();
            let percentile = |p: f64| latencies[((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1];
            eprintln!(
                "  {DESKS} desks x {INTAKES_PER_DESK} intakes, sealed [runs: {}]: {:.0} intakes/s; one intake p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
                self.desk_runs.len(),
                latencies.len() as f64 / total.as_secs_f64(),
                milliseconds(percentile(0.50)),
                milliseconds(percentile(0.95)),
                milliseconds(percentile(1.0))
            );
        }
    }
}

/// Rounds of the whole workload on both sides, alternating which side goes first: load from
/// elsewhere on the machine then hits both sides of a round alike, so the per-round ratio is
/// steadier than the ratio of two blocks timed seconds apart.
fn paired_rounds(key: &DatabaseKey, figures: &mut Figures) {
    const ROUNDS: usize = 5;
    const READS: u32 = 20;
    let desk = Desk::new();
    let searches = searches();
    for round in 0..ROUNDS {
        let order = if round % 2 == 0 { [Side::Sealed, Side::Plain] } else { [Side::Plain, Side::Sealed] };
        for side in order {
            let mut store = Store::open(side, key);
            let started = Instant::now();
            fill(&desk, &mut store.database);
            let intake = started.elapsed();
            let started = Instant::now();
            for _ in 0..READS {
                black_box(first_page(&store));
            }
            let worklist = started.elapsed() / READS;
            let started = Instant::now();
            for _ in 0..READS {
                for (query, expected) in &searches {
                    assert_eq!(black_box(search(&mut store, query)).len(), expected.len());
                }
            }
            let search = started.elapsed() / READS;
            for (phase, time) in [(Phase::Intake, intake), (Phase::Worklist, worklist), (Phase::Search, search)] {
                figures.paired.entry((phase, side)).or_default().push(time);
            }
        }
    }
}

fn sealed_vs_plain(c: &mut Criterion, key: &DatabaseKey, figures: &mut Figures) {
    let desk = Desk::new();
    let searches = searches();
    let mut group = c.benchmark_group("shared_store");
    group.sample_size(10).sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_secs(1));
    for side in [Side::Sealed, Side::Plain] {
        // The last intake run's database stays for the worklist and the searches.
        let mut kept: Option<Store> = None;
        group.bench_function(BenchmarkId::new("intake_300", side.name()), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut store = Store::open(side, key);
                    let started = Instant::now();
                    fill(&desk, &mut store.database);
                    let elapsed = started.elapsed();
                    figures.record(Phase::Intake, side, elapsed);
                    total += elapsed;
                    kept = Some(store);
                }
                total
            })
        });
        // A filter may have skipped the intake benchmark.
        let store = kept.get_or_insert_with(|| {
            let mut store = Store::open(side, key);
            fill(&desk, &mut store.database);
            store
        });
        check_worklist(store);
        if side == Side::Sealed {
            let mut client = store.scratch.owner.connect().expect("connect as the owner");
            let tokens: i64 = client.query_one("SELECT count(*) FROM complaint_tokens", &[]).expect("count tokens").get(0);
            figures.tokens_per_complaint = Some(tokens as f64 / COMPLAINTS as f64);
        }
        for (query, expected) in &searches {
            assert_eq!(&search(store, query), expected, "{} search for {query:?}", side.name());
        }
        group.bench_function(BenchmarkId::new("worklist_page", side.name()), |b| {
            b.iter_custom(|iters| {
                let started = Instant::now();
                for _ in 0..iters {
                    black_box(first_page(store));
                }
                let elapsed = started.elapsed();
                figures.record(Phase::Worklist, side, elapsed / iters as u32);
                elapsed
            })
        });
        group.bench_function(BenchmarkId::new("search_4", side.name()), |b| {
            b.iter_custom(|iters| {
                let started = Instant::now();
                for _ in 0..iters {
                    for (query, expected) in &searches {
                        let found = search(store, query);
                        assert_eq!(found.len(), expected.len(), "{} search for {query:?}", side.name());
                        black_box(found);
                    }
                }
                let elapsed = started.elapsed();
                figures.record(Phase::Search, side, elapsed / iters as u32);
                elapsed
            })
        });
    }
    group.finish();
}

/// 8 desks, each with its own connection to one fresh sealed database, registering at once.
fn eight_desks_run(key: &DatabaseKey, desk: &Desk) -> DeskRun {
    let scratch = ScratchDatabase::create();
    drop(Database::create_shared(&scratch.owner, key).expect("set up the sealed database"));
    let databases: Vec<Database> =
        (0..DESKS).map(|_| Database::open_shared(&scratch.app, key).expect("open the sealed database as a desk")).collect();
    let start = Barrier::new(DESKS + 1);
    let (elapsed, results) = std::thread::scope(|scope| {
        let threads: Vec<_> = databases
            .into_iter()
            .enumerate()
            .map(|(number, mut database)| {
                let start = &start;
                scope.spawn(move || {
                    start.wait();
                    (0..INTAKES_PER_DESK)
                        .map(|i| {
                            let started = Instant::now();
                            let reference = desk.register(&mut database, &complaint(number * INTAKES_PER_DESK + i));
                            (reference, started.elapsed())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        start.wait();
        let started = Instant::now();
        let results: Vec<(String, Duration)> = threads.into_iter().flat_map(|thread| thread.join().expect("desk thread")).collect();
        (started.elapsed(), results)
    });
    let (mut references, latencies): (Vec<String>, Vec<Duration>) = results.into_iter().unzip();
    references.sort();
    assert_eq!(references, (0..DESKS * INTAKES_PER_DESK).map(reference).collect::<Vec<_>>(), "distinct, consecutive references");
    DeskRun { elapsed, latencies }
}

fn eight_desks(c: &mut Criterion, key: &DatabaseKey, figures: &mut Figures) {
    let desk = Desk::new();
    let mut group = c.benchmark_group("shared_store_8_desks");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .throughput(Throughput::Elements((DESKS * INTAKES_PER_DESK) as u64));
    group.bench_function(format!("intake_{DESKS}x{INTAKES_PER_DESK}_sealed"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let run = eight_desks_run(key, &desk);
                total += run.elapsed;
                figures.desk_runs.push(run);
            }
            total
        })
    });
    group.finish();
}

fn main() {
    // Also under `cargo test --benches`: never skip silently without the server.
    if std::env::var_os("KLACHTBALIE_TEST_POSTGRES_PORT").is_none() {
        panic!(
            "KLACHTBALIE_TEST_POSTGRES_PORT is not set: the shared_store benchmark needs the throwaway PostgreSQL server, \
             also when it runs once as a test. Run it as `bash scripts/with-postgres.sh cargo test -p klachtbalie-core \
             --bench shared_store`, or measure with `bash scripts/bench-shared.sh`."
        );
    }
    let mut criterion = Criterion::default().configure_from_args();
    let key = DatabaseKey::generate();
    let mut figures = Figures::default();
    sealed_vs_plain(&mut criterion, &key, &mut figures);
    eight_desks(&mut criterion, &key, &mut figures);
    criterion.final_summary();
    // Measuring (`cargo bench`, no benchmark filter): the ratios from paired rounds as well.
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let measuring = arguments.iter().any(|a| a == "--bench") && !arguments.iter().any(|a| a == "--test" || a == "--list");
    if measuring && arguments.iter().all(|a| a.starts_with('-')) {
        paired_rounds(&key, &mut figures);
    }
    figures.print();
}
