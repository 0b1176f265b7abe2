//! What the dashboard reads: the worklist index grouped by status, handler,
//! department and earliest deadline, and how many complaints were received in a period; only
//! plain columns, the same SQL on both stores.

use super::sql::{values, Value};
use super::worklist::NO_DEADLINE;
use super::{Reader, StoreResult};
use crate::domain::dashboard::WorklistFacts;
use chrono::NaiveDate;

/// The condition that keeps to the complaints of these handlers (`None`: every complaint).
pub(super) fn handler_condition(handlers: Option<&[String]>, params: &mut Vec<Value>) -> String {
    match handlers {
        None => "1 = 1".into(),
        Some([]) => "1 = 0".into(),
        Some(handlers) => {
            let placeholders: Vec<String> = handlers
                .iter()
                .map(|handler| {
                    params.push(Value::Text(handler.clone()));
                    format!("?{}", params.len())
                })
                .collect();
            format!("handler_id IN ({})", placeholders.join(", "))
        }
    }
}

impl Reader<'_> {
    /// The worklist (open complaints and closed ones with an open task), grouped; read through
    /// the worklist's partial indexes, never every complaint.
    pub fn worklist_facts(&self, handlers: Option<&[String]>) -> StoreResult<Vec<WorklistFacts>> {
        let mut params = Vec::new();
        let condition = handler_condition(handlers, &mut params);
        let rows = self.sql.query(
            &format!(
                "SELECT status, handler_id, department_id, next_deadline_on, count(*) FROM complaints
                  WHERE on_worklist = 1 AND {condition}
                  GROUP BY status, handler_id, department_id, next_deadline_on"
            ),
            &params,
        )?;
        rows.iter()
            .map(|row| {
                Ok(WorklistFacts {
                    status: row.code(0, "complaints", "status")?,
                    handler_id: row.text(1)?,
                    department_id: row.opt_text(2)?,
                    // The index stores "no deadline" as a date after every real one.
                    next_deadline: row.opt_text(3)?.filter(|date| date != NO_DEADLINE).map(|_| row.date(3)).transpose()?,
                    count: u64::try_from(row.i64(4)?).unwrap_or_default(),
                })
            })
            .collect()
    }

    /// How many complaints (of these handlers) were received from `first` to `last`.
    pub fn received_between(&self, first: NaiveDate, last: NaiveDate, handlers: Option<&[String]>) -> StoreResult<u64> {
        let mut params = values![first, last].to_vec();
        let condition = handler_condition(handlers, &mut params);
        let count = self
            .sql
            .query_one(&format!("SELECT count(*) FROM complaints WHERE received_on >= ?1 AND received_on <= ?2 AND {condition}"), &params)?
            .i64(0)?;
        Ok(u64::try_from(count).unwrap_or_default())
    }
}
