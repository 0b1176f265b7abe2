//! What retention reads (AVG-02): the closed complaints that could be past their term, with
//! only the plain columns retention needs (status, judgement, closing date, marks).

use super::sql::values;
use super::{Reader, StoreResult};
use crate::domain::procedure::{Judgement, Status};
use crate::domain::report::Outcome;
use crate::domain::retention::RetentionMarks;
use chrono::NaiveDate;

/// A closed complaint as retention sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionFacts {
    pub complaint_id: i64,
    pub reference: String,
    pub outcome: Option<Outcome>,
    pub closed_on: NaiveDate,
    pub marks: RetentionMarks,
}

impl Reader<'_> {
    /// Every complaint closed on or before `closed_until`, oldest first.
    pub fn closed_complaints_until(&self, closed_until: NaiveDate) -> StoreResult<Vec<RetentionFacts>> {
        let rows = self.sql.query(
            "SELECT reference, status, judgement, closed_on, compensation_paid, ombudsman, ombudsman_case_open, keep_permanently, id
               FROM complaints WHERE closed_on IS NOT NULL AND closed_on <= ?1 AND destroyed_at IS NULL ORDER BY closed_on, reference",
            values![closed_until],
        )?;
        rows.iter()
            .map(|row| {
                let status: Status = row.code(1, "complaints", "status")?;
                let judgement: Option<Judgement> = row.opt_code(2, "complaints", "judgement")?;
                Ok(RetentionFacts {
                    complaint_id: row.i64(8)?,
                    reference: row.text(0)?,
                    outcome: Outcome::of(status, judgement),
                    closed_on: row.date(3)?,
                    marks: RetentionMarks {
                        compensation_paid: row.bool(4)?,
                        ombudsman: row.bool(5)?,
                        ombudsman_case_open: row.bool(6)?,
                        keep_permanently: row.bool(7)?,
                    },
                })
            })
            .collect()
    }
}
