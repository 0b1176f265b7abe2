//! Roles and the one place that decides what each role may do (section 1, AVG-05).

use crate::domain::code::coded;
use serde::{Deserialize, Serialize};

coded! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Role {
        KccMedewerker = "kcc_medewerker",
        Klachtbehandelaar = "klachtbehandelaar",
        Klachtcoordinator = "klachtcoordinator",
        Beheerder = "beheerder",
    }
}

impl Role {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::KccMedewerker => "KCC-medewerker",
            Self::Klachtbehandelaar => "Klachtbehandelaar",
            Self::Klachtcoordinator => "Klachtcoördinator",
            Self::Beheerder => "Beheerder",
        }
    }

    /// Roles as stored: comma-separated codes.
    pub fn encode(roles: &[Role]) -> String {
        roles.iter().map(|role| role.code()).collect::<Vec<_>>().join(",")
    }

    pub fn decode(text: &str) -> Vec<Role> {
        text.split(',').filter_map(|code| Role::from_code(code.trim())).collect()
    }
}

/// Everything a user can ask the core to do, for the permission check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UseCase {
    RegisterComplaint,
    ViewWorklist,
    /// Status, handler, deadlines, intake data and timeline of one complaint.
    ViewComplaint,
    /// The handler's working notes (section 1: not for the KCC).
    ReadNotes,
    AddNote,
    PrintAcknowledgement,
    ReassignHandler,
    /// Procedure steps: contacts, hearing, postponement, decision draft, side exits.
    WorkOnComplaint,
    /// PR-07: approving or returning a decision draft.
    ApproveDecision,
    ReopenComplaint,
    ViewComplaintAudit,
    ViewOrganisation,
    ManageOrganisation,
    ManageUsers,
    ViewAuditLog,
    ManageSettings,
    /// RP-01..03: the annual complaint report (aggregate figures, no personal data).
    ViewAnnualReport,
    /// Bringing complaints of earlier years in from the previous system.
    ImportComplaints,
    /// The dashboard (every complaint, or a handler's own).
    ViewDashboard,
    /// SEC-06: a backup of the single desk's database.
    MakeBackup,
    /// AVG-02: retention terms and the marks that decide a complaint's class.
    ManageRetention,
    /// AVG-03: finding what is held about a person and answering an access request.
    AnswerAccessRequest,
    /// SEC-08: saving the recovery-key sheet and confirming it is kept (the key opens every
    /// complaint: the Beheerder's alone).
    SaveRecoveryKey,
}

impl UseCase {
    pub const ALL: [UseCase; 23] = [
        Self::RegisterComplaint,
        Self::ViewWorklist,
        Self::ViewComplaint,
        Self::ReadNotes,
        Self::AddNote,
        Self::PrintAcknowledgement,
        Self::ReassignHandler,
        Self::WorkOnComplaint,
        Self::ApproveDecision,
        Self::ReopenComplaint,
        Self::ViewComplaintAudit,
        Self::ViewOrganisation,
        Self::ManageOrganisation,
        Self::ManageUsers,
        Self::ViewAuditLog,
        Self::ManageSettings,
        Self::ViewAnnualReport,
        Self::ImportComplaints,
        Self::ViewDashboard,
        Self::MakeBackup,
        Self::ManageRetention,
        Self::AnswerAccessRequest,
        Self::SaveRecoveryKey,
    ];

    /// Section 1: which roles may perform this use case. A Klachtbehandelaar only ever acts
    /// on complaints assigned to them (`is_allowed_on_any_complaint`).
    pub fn allowed_roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Self::RegisterComplaint => &[KccMedewerker, Klachtcoordinator],
            Self::ViewWorklist | Self::ViewComplaint => &[KccMedewerker, Klachtbehandelaar, Klachtcoordinator],
            Self::ReadNotes | Self::AddNote | Self::WorkOnComplaint | Self::ViewDashboard => &[Klachtbehandelaar, Klachtcoordinator],
            // PR-07: the responsible handler (or the deputy of an absent one), never someone
            // else, also not the coördinator who may have drafted it.
            Self::ApproveDecision => &[Klachtbehandelaar],
            Self::ReopenComplaint => &[Klachtcoordinator],
            Self::PrintAcknowledgement => &[KccMedewerker, Klachtcoordinator],
            Self::ReassignHandler
            | Self::ViewComplaintAudit
            | Self::ViewAnnualReport
            | Self::ManageRetention
            | Self::AnswerAccessRequest => &[Klachtcoordinator],
            Self::ViewOrganisation => &[KccMedewerker, Klachtbehandelaar, Klachtcoordinator, Beheerder],
            Self::ManageOrganisation
            | Self::ManageUsers
            | Self::ViewAuditLog
            | Self::ManageSettings
            | Self::ImportComplaints
            | Self::MakeBackup
            | Self::SaveRecoveryKey => &[Beheerder],
        }
    }

    pub fn dutch_description(self) -> &'static str {
        match self {
            Self::RegisterComplaint => "klachten registreren",
            Self::ViewWorklist => "de werkvoorraad bekijken",
            Self::ViewComplaint => "klachten bekijken",
            Self::ReadNotes => "de notities van de behandelaar lezen",
            Self::AddNote => "notities toevoegen",
            Self::PrintAcknowledgement => "ontvangstbevestigingen maken",
            Self::ReassignHandler => "een klacht aan een andere behandelaar toewijzen",
            Self::WorkOnComplaint => "aan de behandeling van een klacht werken",
            Self::ApproveDecision => "een beslissing goedkeuren",
            Self::ReopenComplaint => "een gesloten klacht heropenen",
            Self::ViewComplaintAudit => "het auditspoor van een klacht bekijken",
            Self::ViewOrganisation => "het organogram bekijken",
            Self::ManageOrganisation => "het organogram beheren",
            Self::ManageUsers => "gebruikers beheren",
            Self::ViewAuditLog => "het auditlog bekijken",
            Self::ManageSettings => "instellingen beheren",
            Self::ViewAnnualReport => "het klachtverslag opstellen",
            Self::ImportComplaints => "klachten uit een vorig systeem importeren",
            Self::ViewDashboard => "het overzicht bekijken",
            Self::MakeBackup => "een back-up maken",
            Self::SaveRecoveryKey => "de herstelsleutel bewaren",
            Self::ManageRetention => "bewaartermijnen beheren",
            Self::AnswerAccessRequest => "een inzageverzoek beantwoorden",
        }
    }

    pub fn is_allowed_for(self, roles: &[Role]) -> bool {
        self.allowed_roles().iter().any(|allowed| roles.contains(allowed))
    }

    /// Whether one of `roles` allows this use case on every complaint, not only on the
    /// complaints assigned to the user (AVG-05: a handler has need-to-know for their own).
    pub fn is_allowed_on_any_complaint(self, roles: &[Role]) -> bool {
        self.allowed_roles().iter().any(|allowed| *allowed != Role::Klachtbehandelaar && roles.contains(allowed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beheerder_sees_no_complaint_contents_by_default() {
        // rule AVG-05 / section 1: the Beheerder has no access to complaint contents.
        let admin = [Role::Beheerder];
        for use_case in [UseCase::ViewWorklist, UseCase::ViewComplaint, UseCase::ReadNotes, UseCase::RegisterComplaint] {
            assert!(!use_case.is_allowed_for(&admin), "{use_case:?}");
        }
        assert!(UseCase::ManageOrganisation.is_allowed_for(&admin));
    }

    #[test]
    fn kcc_registers_and_prints_but_does_not_manage() {
        // section 1: KCC registers complaints and prints the acknowledgement.
        let kcc = [Role::KccMedewerker];
        assert!(UseCase::RegisterComplaint.is_allowed_for(&kcc));
        assert!(UseCase::PrintAcknowledgement.is_allowed_for(&kcc));
        assert!(!UseCase::ManageOrganisation.is_allowed_for(&kcc));
        assert!(!UseCase::ReadNotes.is_allowed_for(&kcc), "section 1: the KCC does not read handler notes");
    }

    #[test]
    fn a_handler_acts_only_on_assigned_complaints_unless_another_role_allows_more() {
        // rule AVG-05
        assert!(UseCase::ReadNotes.is_allowed_for(&[Role::Klachtbehandelaar]));
        assert!(!UseCase::ReadNotes.is_allowed_on_any_complaint(&[Role::Klachtbehandelaar]));
        assert!(UseCase::ReadNotes.is_allowed_on_any_complaint(&[Role::Klachtbehandelaar, Role::Klachtcoordinator]));
        assert!(UseCase::ViewComplaint.is_allowed_on_any_complaint(&[Role::KccMedewerker]));
    }

    #[test]
    fn roles_round_trip_through_storage() {
        let roles = vec![Role::Beheerder, Role::Klachtcoordinator];
        assert_eq!(Role::decode(&Role::encode(&roles)), roles);
        assert_eq!(Role::decode("beheerder,onbekend"), vec![Role::Beheerder]);
    }
}
