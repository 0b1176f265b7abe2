//! Organisation-chart use cases (RT-01): view, import and export as JSON, and edit one
//! department or official at a time. Every change is validated against the whole chart and
//! against what refers to it (accounts, open complaints), and is all-or-nothing.

use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::{AuditEvent, AuditResult};
use crate::domain::function::{Function, FunctionLabels};
use crate::domain::organisation::{DepartmentEntry, OfficialEntry, OrgChart, OrgChartFile};
use crate::domain::text::shown;
use crate::roles::UseCase;
use crate::store::{OpenComplaintOfficials, UserRecord};

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
        let chart = self.replace_chart(actor, "organogram importeren", |_stored, _| file.clone())?;
        Ok(ImportSummary { departments: chart.departments().len(), officials: chart.officials().len() })
    }

    /// The chart in the import format (README), e.g. to edit it elsewhere and import it back.
    pub fn export_org_chart(&mut self, actor: &Actor) -> ServiceResult<String> {
        self.authorize(actor, UseCase::ManageOrganisation, "organogram")?;
        let json = self.org_chart()?.to_file().to_json();
        self.record(actor, &AuditEvent::success("organogram exporteren", "organogram"))?;
        Ok(json)
    }

    /// Adds or changes one department (matched by id).
    pub fn save_department(&mut self, actor: &Actor, entry: DepartmentEntry) -> ServiceResult<OrgChart> {
        self.authorize(actor, UseCase::ManageOrganisation, "organogram")?;
        let entry = DepartmentEntry { id: entry.id.trim().into(), name: entry.name.trim().into(), manager: entry.manager };
        self.replace_chart(actor, "afdeling opslaan", |mut file, labels| {
            match file.departments.iter_mut().find(|existing| existing.id == entry.id) {
                Some(existing) => *existing = entry.clone(),
                None => file.departments.push(entry.clone()),
            }
            // Entering a chart by hand: a department needs its manager, and the manager is
            // entered first without a department; the department they manage becomes theirs.
            let manager = file.officials.iter_mut().find(|official| Some(&official.id) == entry.manager.as_ref());
            if let Some(manager) = manager.filter(|official| official.department.is_none()) {
                if labels.parse(&manager.function) == Some(Function::Afdelingsmanager) {
                    manager.department = Some(entry.id.clone());
                }
            }
            file
        })
    }

    /// Adds or changes one official (matched by id): function, department, deputy, absence.
    pub fn save_official(&mut self, actor: &Actor, entry: OfficialEntry) -> ServiceResult<OrgChart> {
        self.authorize(actor, UseCase::ManageOrganisation, "organogram")?;
        let blank_to_none = |value: Option<String>| value.map(|text| text.trim().to_string()).filter(|text| !text.is_empty());
        let entry = OfficialEntry {
            id: entry.id.trim().into(),
            name: entry.name.trim().into(),
            department: blank_to_none(entry.department),
            deputy: blank_to_none(entry.deputy),
            ..entry
        };
        self.replace_chart(actor, "functionaris opslaan", |mut file, _| {
            match file.officials.iter_mut().find(|existing| existing.id == entry.id) {
                Some(existing) => *existing = entry.clone(),
                None => file.officials.push(entry.clone()),
            }
            file
        })
    }

    /// The one writer of the chart. Everything happens in one write transaction, reading
    /// through it, so no other process can change what the decision rests on in between:
    /// `change` turns the stored chart into the new one (a form edit starts from the chart as
    /// it is now, so it cannot undo another desk's edit); the new chart is validated as a whole
    /// against the stored one (`OrgChart::validate_replacement`); no account or open complaint
    /// may lose an official it refers to. Then the chart is replaced and the change recorded, or
    /// the refusal is recorded and nothing else changes.
    fn replace_chart(
        &mut self,
        actor: &Actor,
        action: &str,
        change: impl Fn(OrgChartFile, &FunctionLabels) -> OrgChartFile,
    ) -> ServiceResult<OrgChart> {
        let stamp = self.stamp(actor);
        let outcome = self.database.write(|tx| -> ServiceResult<Result<OrgChart, Vec<String>>> {
            let reader = tx.read();
            let labels = FunctionLabels::from_setting(reader.setting("function_labels")?.as_deref());
            let stored = reader.org_chart_file()?;
            let file = change(stored.clone(), &labels);
            let checked = OrgChart::validate_replacement(&file, &labels, &stored);
            let mut problems = checked.as_ref().err().cloned().unwrap_or_default();
            problems.extend(lost_references(&file, &stored, &reader.users()?, &reader.open_complaint_officials()?));
            let result = match checked {
                Ok(chart) if problems.is_empty() => {
                    tx.replace_org_chart(&chart)?;
                    Ok(chart)
                }
                _ => Err(problems),
            };
            let audit_result = if result.is_ok() { AuditResult::Success } else { AuditResult::Refused };
            let event = AuditEvent::with_result(action, "organogram", audit_result);
            tx.append_audit(&stamp, &event)?;
            Ok(result)
        })?;
        outcome.map_err(ServiceError::InvalidChart)
    }
}

/// What would lose the official it refers to if `file` became the chart: an active account
/// linked to an official, and an open complaint's handler or respondents (the persons it is
/// about; routing and the need-to-know rules read them from the chart).
fn lost_references(
    file: &OrgChartFile,
    stored: &OrgChartFile,
    users: &[UserRecord],
    open_complaints: &[OpenComplaintOfficials],
) -> Vec<String> {
    let known = |id: &str| file.officials.iter().any(|official| official.id.trim() == id);
    // The name as the chart has it now (the complaint's own copy is sealed contents, which a
    // Beheerder does not read).
    let name_of =
        |id: &str| stored.officials.iter().find(|official| official.id.trim() == id).map_or("", |official| official.name.as_str());
    let mut problems = Vec::new();
    for user in users {
        if let Some(official) = user.official_id.as_deref().filter(|id| user.active && !known(id)) {
            problems.push(format!(
                "Gebruiker '{}' is gekoppeld aan functionaris '{}', die in het nieuwe organogram ontbreekt. Koppel de gebruiker eerst aan een ander of neem de functionaris op.",
                shown(&user.username),
                shown(official)
            ));
        }
    }
    for complaint in open_complaints {
        if !known(&complaint.handler_id) {
            problems.push(format!(
                "Klacht {} wordt behandeld door '{}' ({}), die in het nieuwe organogram ontbreekt. Wijs de klacht eerst toe aan een ander.",
                complaint.reference,
                shown(&complaint.handler_id),
                shown(name_of(&complaint.handler_id))
            ));
        }
        for respondent in complaint.respondent_ids.iter().filter(|id| !known(id)) {
            problems.push(format!(
                "Klacht {} gaat over functionaris '{}', die in het nieuwe organogram ontbreekt. Neem de functionaris op (eventueel als afwezig) zolang de klacht open is.",
                complaint.reference,
                shown(respondent)
            ));
        }
    }
    problems
}
