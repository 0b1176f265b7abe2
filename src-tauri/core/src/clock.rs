//! The clock, injected so that domain code never reads the system time and tests can move
//! "today" across a date change.

use chrono::{Local, NaiveDateTime};
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    /// Local wall-clock time: Dutch terms run on the municipality's calendar days.
    fn now(&self) -> NaiveDateTime;
}

#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> NaiveDateTime {
        Local::now().naive_local()
    }
}

/// A clock that stands still until moved; for tests.
#[derive(Debug)]
pub struct FixedClock(Mutex<NaiveDateTime>);

impl FixedClock {
    pub fn new(at: NaiveDateTime) -> Self {
        Self(Mutex::new(at))
    }

    pub fn set(&self, at: NaiveDateTime) {
        if let Ok(mut now) = self.0.lock() {
            *now = at;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> NaiveDateTime {
        self.0.lock().map(|now| *now).unwrap_or_default()
    }
}
