//! The worklist: the index every change keeps current (on the worklist or not, the earliest
//! running deadline), the page of it a screen shows, and the reminders already given.

use super::complaints::{complaint_columns, ComplaintRecord};
use super::sql::{values, Value};
use super::{timestamp, Reader, StoreResult, Writer};
use chrono::{NaiveDate, NaiveDateTime};

/// "No running deadline" in the worklist index: sorts after every date on both stores (a NULL
/// sorts first on one and last on the other).
pub(super) const NO_DEADLINE: &str = "9999-12-31";

/// One page of the worklist as the store selects it: what the user filtered on, through the
/// worklist index, nearest deadline first. `handlers` limits it to the complaints of these
/// chart entries (a handler's own worklist); `ids` to the matches of a search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorklistQuery {
    pub handlers: Option<Vec<String>>,
    pub ids: Option<Vec<i64>>,
    pub status: Option<String>,
    pub department_id: Option<String>,
    pub handler_id: Option<String>,
    pub complaint_type: Option<String>,
    /// Only complaints whose next deadline is before this date (overdue).
    pub due_before: Option<NaiveDate>,
    /// Only complaints whose next deadline is on or after this date.
    pub due_from: Option<NaiveDate>,
    pub limit: i64,
    pub offset: i64,
}

impl Reader<'_> {
    /// One page of the worklist and the number of complaints on it in total. Reads only the
    /// page (the partial indexes on `on_worklist`), never every complaint.
    pub fn worklist_page(&self, query: &WorklistQuery) -> StoreResult<(Vec<ComplaintRecord>, i64)> {
        let mut conditions = vec!["c.on_worklist = 1".to_string()];
        let mut params: Vec<Value> = Vec::new();
        let bind = |value: Value, params: &mut Vec<Value>| {
            params.push(value);
            format!("?{}", params.len())
        };
        if let Some(handlers) = &query.handlers {
            let list: Vec<String> = handlers.iter().map(|handler| bind(Value::Text(handler.clone()), &mut params)).collect();
            conditions.push(if list.is_empty() { "1 = 0".into() } else { format!("c.handler_id IN ({})", list.join(", ")) });
        }
        if let Some(ids) = &query.ids {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            conditions.push(if list.is_empty() { "1 = 0".into() } else { format!("c.id IN ({})", list.join(", ")) });
        }
        for (column, value) in [
            ("c.status", &query.status),
            ("c.department_id", &query.department_id),
            ("c.handler_id", &query.handler_id),
            ("c.complaint_type", &query.complaint_type),
        ] {
            if let Some(value) = value {
                conditions.push(format!("{column} = {}", bind(Value::Text(value.clone()), &mut params)));
            }
        }
        if let Some(date) = query.due_before {
            conditions.push(format!("c.next_deadline_on < {}", bind(Value::Text(date.to_string()), &mut params)));
        }
        if let Some(date) = query.due_from {
            conditions.push(format!("c.next_deadline_on >= {}", bind(Value::Text(date.to_string()), &mut params)));
        }
        let condition = conditions.join(" AND ");
        let total = self.sql.query_one(&format!("SELECT count(*) FROM complaints c WHERE {condition}"), &params)?.i64(0)?;
        let limit = bind(Value::Integer(query.limit), &mut params);
        let offset = bind(Value::Integer(query.offset), &mut params);
        let columns = complaint_columns(self.sql.dialect());
        let sql = format!(
            "SELECT {columns} FROM complaints c WHERE {condition} ORDER BY c.next_deadline_on, c.reference LIMIT {limit} OFFSET {offset}"
        );
        let records = self.sql.query(&sql, &params)?.iter().map(|row| self.complaint_from_row(row)).collect::<StoreResult<_>>()?;
        Ok((records, total))
    }

    /// Ids of every complaint (filling the worklist index of an older database once).
    /// Whether this connection reads every complaint: always on a single desk; on the shared
    /// store as the server decides (schema 12), so the index is marked filled only by a refresh
    /// that saw them all.
    pub fn reads_every_complaint(&self) -> StoreResult<bool> {
        match self.sql.dialect() {
            super::sql::Dialect::Sqlite => Ok(true),
            super::sql::Dialect::Postgres => self.sql.query_one("SELECT klachtbalie_reads_every_complaint()", &[])?.bool(0),
        }
    }

    pub fn all_complaint_ids(&self) -> StoreResult<Vec<i64>> {
        self.sql.query("SELECT id FROM complaints ORDER BY id", &[])?.iter().map(|row| row.i64(0)).collect()
    }

    /// Whether this reminder was already given (DL-09: never twice per deadline and level).
    pub fn reminder_given(&self, username: &str, complaint_id: i64, deadline: &str, due_on: NaiveDate, level: &str) -> StoreResult<bool> {
        self.sql
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM reminders_given
                                WHERE username = ?1 AND complaint_id = ?2 AND deadline = ?3 AND due_on = ?4 AND level = ?5)",
                values![username, complaint_id, deadline, due_on, level],
            )?
            .bool(0)
    }
}

impl Writer<'_> {
    /// Stores a complaint's place in the worklist: whether it is on it and its earliest
    /// running deadline (computed by the service's one deadline function).
    pub fn set_worklist_index(&self, complaint_id: i64, on_worklist: bool, next_deadline_on: Option<NaiveDate>) -> StoreResult<()> {
        let due = next_deadline_on.map_or(NO_DEADLINE.to_string(), |date| date.to_string());
        self.sql.execute(
            "UPDATE complaints SET on_worklist = ?2, next_deadline_on = ?3 WHERE id = ?1",
            values![complaint_id, i64::from(on_worklist), due],
        )?;
        Ok(())
    }

    pub fn record_reminder(
        &self,
        username: &str,
        complaint_id: i64,
        deadline: &str,
        due_on: NaiveDate,
        level: &str,
        at: NaiveDateTime,
    ) -> StoreResult<()> {
        self.sql.execute(
            "INSERT INTO reminders_given (username, complaint_id, deadline, due_on, level, given_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            values![username, complaint_id, deadline, due_on, level, timestamp(at)],
        )?;
        Ok(())
    }
}
