//! What the annual report reads (RP-01..03): the facts of the complaints received in a year,
//! only from plain columns (dates, codes, flags), so the same query serves both stores and
//! nothing sealed is opened. Also the municipality's own texts of a year's report (RP-04).

use super::sql::values;
use super::{timestamp, Reader, StoreResult, Writer, TIMESTAMP};
use crate::domain::deadlines::TermChanges;
use crate::domain::procedure::{Judgement, Status};
use crate::domain::report::ReportTexts;
use crate::domain::report::{Outcome, ReportFacts};
use chrono::NaiveDateTime;

impl Reader<'_> {
    /// The facts of the complaints received in `year` (RP-01), grouped: each with how many
    /// complaints share them.
    pub fn report_facts(&self, year: i32) -> StoreResult<Vec<ReportFacts>> {
        self.report_facts_of(year, None)
    }

    /// `report_facts` of the complaints of these handlers only (`None`: all), for a handler's
    /// own dashboard. (Filtering on the formal decisions here made SQLite leave the covering
    /// index for the status index and the dashboard 65 % slower at 1,000,000 complaints.)
    pub fn report_facts_of(&self, year: i32, handlers: Option<&[String]>) -> StoreResult<Vec<ReportFacts>> {
        let mut params = values![format!("{year:04}-01-01"), format!("{year:04}-12-31")].to_vec();
        let handlers = super::dashboard::handler_condition(handlers, &mut params);
        // Grouped on the server: complaints with the same facts become one row with their
        // number, read through the report's covering index (migration 9 / schema 2).
        let rows = self.sql.query(
            &format!(
                "SELECT received_on, complaint_type, channel, department_id, status, closed_on, advisory_committee,
                    postponement_weeks, agreed_end, judgement, count(*), sum(hearing_held), sum(ombudsman)
               FROM (SELECT c.received_on, c.complaint_type, c.channel, c.department_id, c.status, c.closed_on,
                            c.advisory_committee, c.postponement_weeks, c.agreed_end,
                            c.judgement,
                            CASE WHEN c.hearing_held THEN 1 ELSE 0 END AS hearing_held,
                            CASE WHEN c.ombudsman THEN 1 ELSE 0 END AS ombudsman
                       FROM complaints c
                      WHERE c.received_on >= ?1 AND c.received_on <= ?2 AND {handlers}) facts
              GROUP BY received_on, complaint_type, channel, department_id, status, closed_on, advisory_committee,
                       postponement_weeks, agreed_end, judgement"
            ),
            &params,
        )?;
        rows.iter()
            .map(|row| {
                let status: Status = row.code(4, "complaints", "status")?;
                let judgement: Option<Judgement> = row.opt_code(9, "complaints", "judgement")?;
                Ok(ReportFacts {
                    count: u64::try_from(row.i64(10)?).unwrap_or_default(),
                    received_on: row.date(0)?,
                    complaint_type: row.code(1, "complaints", "complaint_type")?,
                    channel: row.code(2, "complaints", "channel")?,
                    department_id: row.opt_text(3)?,
                    outcome: Outcome::of(status, judgement),
                    closed_on: row.opt_date(5)?,
                    term_changes: TermChanges {
                        advisory_committee: row.bool(6)?,
                        postponement_weeks: row.opt_i64(7)?.and_then(|weeks| u64::try_from(weeks).ok()),
                        agreed_end: row.opt_date(8)?,
                    },
                    hearings_held: u64::try_from(row.i64(11)?).unwrap_or_default(),
                    ombudsman: u64::try_from(row.i64(12)?).unwrap_or_default(),
                })
            })
            .collect()
    }
}

impl Reader<'_> {
    /// RP-04: the municipality's own texts of `year`'s report, with when and by whom they were
    /// last saved; `None` before the first save.
    pub fn report_texts(&self, year: i32) -> StoreResult<Option<(ReportTexts, NaiveDateTime, String)>> {
        let row = self.sql.query_optional(
            "SELECT introduction, lessons_learned, measures, follow_up, changed_at, changed_by FROM report_texts WHERE year = ?1",
            values![year],
        )?;
        row.map(|row| {
            let texts =
                ReportTexts { introduction: row.text(0)?, lessons_learned: row.text(1)?, measures: row.text(2)?, follow_up: row.text(3)? };
            let at = row.text(4)?;
            let at = NaiveDateTime::parse_from_str(&at, TIMESTAMP)
                .map_err(|_| super::StoreError::Column(format!("onleesbaar tijdstip '{at}'")))?;
            Ok((texts, at, row.text(5)?))
        })
        .transpose()
    }
}

impl Writer<'_> {
    pub fn save_report_texts(&self, year: i32, texts: &ReportTexts, at: NaiveDateTime, by: &str) -> StoreResult<()> {
        self.sql.execute(
            "INSERT INTO report_texts (year, introduction, lessons_learned, measures, follow_up, changed_at, changed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (year) DO UPDATE SET introduction = excluded.introduction, lessons_learned = excluded.lessons_learned,
                 measures = excluded.measures, follow_up = excluded.follow_up, changed_at = excluded.changed_at,
                 changed_by = excluded.changed_by",
            values![year, texts.introduction, texts.lessons_learned, texts.measures, texts.follow_up, timestamp(at), by],
        )?;
        Ok(())
    }
}
