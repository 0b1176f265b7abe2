//! Organisation-chart use cases (RT-01): view, import and export as JSON, and edit one
//! department or official at a time. Every change is validated against the whole chart and
//! against what refers to it (accounts, open complaints), and is all-or-nothing.

use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::{AuditEvent, AuditResult};
use crate::domain::organisation::{DepartmentEntry, FunctionLabels, OfficialEntry, OrgChart, OrgChartFile};
use crate::roles::UseCase;

/// What an import changed, for the confirmation message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub departments: usize,
    pub officials: usize,
}

impl Klachtbalie {
    /// The chart and the configured function names, for the intake form and the
    /// organisation screen.
    pub fn organisation(&mut self, actor: &Actor) -> ServiceResult<(OrgChart, FunctionLabels)> {
        self.authorize(actor, UseCase::ViewOrganisation, "organogram")?;
        Ok((self.org_chart()?, self.settings()?.function_labels))
    }

    /// Replaces the chart with the one in `json`, or changes nothing and names every problem.
    pub fn import_org_chart(&mut self, actor: &Actor, json: &str) -> ServiceResult<ImportSummary> {
        self.authorize(actor, UseCase::ManageOrganisation, "organogram")?;
        let file = OrgChartFile::from_json(json).map_err(ServiceError::InvalidChart)?;
        let chart = self.replace_chart(actor, &file, "organogram importeren")?;
        Ok(ImportSummary { departments: chart.departments().len(), officials: chart.officials().len() })
    }

    /// The chart in the import format (README), e.g. to edit it elsewhere and import it back.
    pub fn export_org_chart(&mut self, actor: &Actor) -> ServiceResult<String> {
        self.authorize(actor, UseCase::ManageOrganisation, "organogram")?;
        let json = self.org_chart()?.to_file().to_json();
        self.record(
            actor,
            &AuditEvent { action: "organogram exporteren".into(), object: "organogram".into(), result: AuditResult::Success },
        )?;
        Ok(json)
    }

    /// Adds or changes one department (matched by id).
    pub fn save_department(&mut self, actor: &Actor, entry: DepartmentEntry) -> ServiceResult<OrgChart> {
        self.authorize(actor, UseCase::ManageOrganisation, "organogram")?;
        let mut file = self.org_chart()?.to_file();
        let entry = DepartmentEntry { id: entry.id.trim().into(), name: entry.name.trim().into(), manager: entry.manager };
        match file.departments.iter_mut().find(|existing| existing.id == entry.id) {
            Some(existing) => *existing = entry,
            None => file.departments.push(entry),
        }
        self.replace_chart(actor, &file, "afdeling opslaan")
    }

    /// Adds or changes one official (matched by id): function, department, deputy, absence.
    pub fn save_official(&mut self, actor: &Actor, entry: OfficialEntry) -> ServiceResult<OrgChart> {
        self.authorize(actor, UseCase::ManageOrganisation, "organogram")?;
        let mut file = self.org_chart()?.to_file();
        let blank_to_none = |value: Option<String>| value.map(|text| text.trim().to_string()).filter(|text| !text.is_empty());
        let entry = OfficialEntry {
            id: entry.id.trim().into(),
            name: entry.name.trim().into(),
            department: blank_to_none(entry.department),
            deputy: blank_to_none(entry.deputy),
            ..entry
        };
        match file.officials.iter_mut().find(|existing| existing.id == entry.id) {
            Some(existing) => *existing = entry,
            None => file.officials.push(entry),
        }
        self.replace_chart(actor, &file, "functionaris opslaan")
    }

    /// The one writer of the chart: validates the whole chart, checks that no account or
    /// open complaint loses the official it refers to, then replaces it in one transaction.
    fn replace_chart(&mut self, actor: &Actor, file: &OrgChartFile, action: &str) -> ServiceResult<OrgChart> {
        let labels = self.settings()?.function_labels;
        let mut problems = match OrgChart::validate(file, &labels) {
            Ok(_) => Vec::new(),
            Err(problems) => problems,
        };
        let known = |id: &str| file.officials.iter().any(|official| official.id.trim() == id);
        for user in self.database.reader().users()? {
            if let Some(official) = user.official_id.as_deref().filter(|id| user.active && !known(id)) {
                problems.push(format!(
                    "Gebruiker '{}' is gekoppeld aan functionaris '{official}', die in het nieuwe organogram ontbreekt. Koppel de gebruiker eerst aan een ander of neem de functionaris op.",
                    user.username
                ));
            }
        }
        for complaint in self.database.reader().open_complaints()? {
            if !known(&complaint.handler.id) {
                problems.push(format!(
                    "Klacht {} wordt behandeld door '{}' ({}), die in het nieuwe organogram ontbreekt. Wijs de klacht eerst toe aan een ander.",
                    complaint.reference, complaint.handler.id, complaint.handler.name
                ));
            }
        }
        if !problems.is_empty() {
            let event = AuditEvent { action: action.into(), object: "organogram".into(), result: AuditResult::Refused };
            self.record(actor, &event)?;
            return Err(ServiceError::InvalidChart(problems));
        }
        let chart = OrgChart::validate(file, &labels).map_err(ServiceError::InvalidChart)?;
        let now = self.clock.now();
        let actor_name = actor.name();
        let workstation = self.workstation.clone();
        self.database.write(|tx| -> ServiceResult<()> {
            tx.replace_org_chart(&chart)?;
            let event = AuditEvent { action: action.into(), object: "organogram".into(), result: AuditResult::Success };
            tx.append_audit(now, &actor_name, &workstation, &event)?;
            Ok(())
        })?;
        Ok(chart)
    }
}
