//! The annual complaint report (klachtverslag, Awb 9:12a; RP-01..03) for the coördinator and
//! `klachtbalie-cli report`: the figures of a year over both stores, from plain columns only.

use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::{AuditEvent, AuditResult};
use crate::domain::report::{annual_figures, AnnualFigures};
use crate::roles::UseCase;

/// Years a report can be asked for: Klachtbalie and the earlier systems it imports from.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=9999;

impl Klachtbalie {
    /// RP-01/RP-02: the figures of the complaints received in `year`, every department of the
    /// current chart included. The report is recorded in the audit log (who, which year); it
    /// holds no personal data (RP-03).
    pub fn annual_report(&mut self, actor: &Actor, year: i32) -> ServiceResult<AnnualFigures> {
        self.authorize(actor, UseCase::ViewAnnualReport, "klachtverslag")?;
        if !YEARS.contains(&year) {
            return Err(ServiceError::Refused(format!("Het jaar {year} kan niet: kies een jaar van 1990 tot en met 9999.")));
        }
        let settings = self.settings()?;
        let departments: Vec<String> = self.org_chart()?.departments().iter().map(|department| department.id.clone()).collect();
        let facts = self.database.reader().report_facts(year)?;
        let figures = annual_figures(year, &facts, &departments, &settings.calendar, &settings.norms);
        let event =
            AuditEvent { action: "klachtverslag opstellen".into(), object: format!("klachtverslag {year}"), result: AuditResult::Success };
        self.record(actor, &event)?;
        Ok(figures)
    }
}
