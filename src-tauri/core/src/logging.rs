//! The log file: what the app and the CLI did and every store error in detail, in
//! `logs/klachtbalie.log.YYYY-MM-DD` in the data folder, one file a day, the last 14 kept.
//! Never personal data: callers log references, use cases and error kinds, never names,
//! addresses or complaint text (a test registers a unique name and searches the log).

use std::path::{Path, PathBuf};

pub use tracing_appender::non_blocking::WorkerGuard;

/// The folder that holds the log files.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Starts logging to the data folder. Keep the guard alive until the program ends: dropping it
/// flushes the last lines. Returns `None` (and logs nothing) if the folder cannot be written;
/// logging must never stop the program. `KLACHTBALIE_LOG` sets the level (default `info`).
pub fn init(data_dir: &Path, program: &str) -> Option<WorkerGuard> {
    let folder = log_dir(data_dir);
    std::fs::create_dir_all(&folder).ok()?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("klachtbalie.log")
        .max_log_files(14)
        .build(&folder)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let level = std::env::var("KLACHTBALIE_LOG").ok().and_then(|text| text.parse().ok()).unwrap_or(tracing::Level::INFO);
    let subscriber = tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_max_level(level).with_target(false).finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    // The platform facts a problem report needs (PLAT-01), on every start.
    let system = crate::platform::facts::operating_system();
    tracing::info!(program, version = env!("CARGO_PKG_VERSION"), %system, "gestart");
    Some(guard)
}
