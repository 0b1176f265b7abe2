//! The IPC types: what crosses between the window and Rust. They are not the domain types
//! (ARCHITECTURE.md, invariant 2); their TypeScript twins in ui/src/generated/ipc.ts are
//! generated from these definitions by the `typescript_bindings_are_current` test.

use klachtbalie_core::audit::AuditEntry;
use klachtbalie_core::domain::deadlines::ComplaintDeadlines;
use klachtbalie_core::domain::dutch_date::{long_date, long_date_with_weekday, short_date};
use klachtbalie_core::domain::function::{Function, FunctionLabels};
use klachtbalie_core::domain::organisation::OrgChart;
use klachtbalie_core::domain::procedure::{HearingSkipReason, Judgement, NonHandlingGround, Status, Step};
use klachtbalie_core::domain::recipient::RecipientKind;
use klachtbalie_core::letters::{LetterKind, Recipient};
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{self, ComplaintDetail, ServiceError, UserSummary, WorklistItem};
use klachtbalie_core::store::ServerChange;
use klachtbalie_core::store::{LetterDraftRecord, LetterSummary};
use serde::{Deserialize, Serialize};

#[cfg(test)]
use ts_rs::TS;

mod complaint;
mod errors;
mod letters;
mod organisation;
mod procedure;
mod start;
mod worklist;

pub use complaint::*;
pub use errors::*;
pub use letters::*;
pub use organisation::*;
pub use procedure::*;
pub use start::*;
pub use worklist::*;

/// Database counts and ids as the UI's numbers (ids stay far below 2^32).
fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every IPC type, in the order it is written to ui/src/generated/ipc.ts.
    fn bindings() -> String {
        let cfg = ts_rs::Config::new();
        let declarations = [
            Phase::decl(&cfg),
            AppStatus::decl(&cfg),
            SharedConnectionView::decl(&cfg),
            SharedConnectionRequest::decl(&cfg),
            SharedSetupRequest::decl(&cfg),
            SharedJoinRequest::decl(&cfg),
            LiveChange::decl(&cfg),
            Abilities::decl(&cfg),
            UserView::decl(&cfg),
            SetupRequest::decl(&cfg),
            SettingsData::decl(&cfg),
            SetupResponse::decl(&cfg),
            SavedFile::decl(&cfg),
            FunctionOption::decl(&cfg),
            OrgDepartmentView::decl(&cfg),
            OfficialView::decl(&cfg),
            OrganisationView::decl(&cfg),
            DepartmentSaveRequest::decl(&cfg),
            OfficialSaveRequest::decl(&cfg),
            ImportResult::decl(&cfg),
            ComplaintImportResult::decl(&cfg),
            crate::file_dialog::OpenPurpose::decl(&cfg),
            crate::file_dialog::ChosenFile::decl(&cfg),
            ComplaintRequest::decl(&cfg),
            DeadlineView::decl(&cfg),
            RegisteredView::decl(&cfg),
            Light::decl(&cfg),
            WorklistRow::decl(&cfg),
            WorklistPageView::decl(&cfg),
            FoundComplaintRow::decl(&cfg),
            FoundComplaintsView::decl(&cfg),
            crate::report_commands::ReportRowView::decl(&cfg),
            crate::report_commands::ReportSectionView::decl(&cfg),
            crate::report_commands::ReportTextsView::decl(&cfg),
            crate::report_commands::ReportView::decl(&cfg),
            crate::dashboard_commands::StatusCountView::decl(&cfg),
            crate::dashboard_commands::WorkloadView::decl(&cfg),
            crate::dashboard_commands::DashboardView::decl(&cfg),
            crate::backup_commands::BackupStatusView::decl(&cfg),
            crate::about::LicenceView::decl(&cfg),
            crate::about::AboutView::decl(&cfg),
            crate::access_commands::AccessRequestView::decl(&cfg),
            crate::access_commands::AccessRequestFormRequest::decl(&cfg),
            crate::access_commands::IdentityCheckOption::decl(&cfg),
            crate::access_commands::AccessRequestsView::decl(&cfg),
            crate::access_commands::PersonMatchView::decl(&cfg),
            crate::destruction_commands::DestructionItemView::decl(&cfg),
            crate::destruction_commands::DestructionListView::decl(&cfg),
            crate::destruction_commands::ExclusionRequest::decl(&cfg),
            crate::destruction_commands::DestructionOutcomeView::decl(&cfg),
            crate::destruction_commands::DestructionProgressView::decl(&cfg),
            crate::destruction_commands::RetentionPeriodsView::decl(&cfg),
            crate::backup_commands::BackupMadeView::decl(&cfg),
            LetterView::decl(&cfg),
            WorklistScopeRequest::decl(&cfg),
            WorklistFilterRequest::decl(&cfg),
            Choice::decl(&cfg),
            ProcedureOptions::decl(&cfg),
            StepRequest::decl(&cfg),
            DecisionRequest::decl(&cfg),
            RunningDeadlineView::decl(&cfg),
            ContactView::decl(&cfg),
            HearingView::decl(&cfg),
            DecisionView::decl(&cfg),
            ReminderView::decl(&cfg),
            TimelineEntry::decl(&cfg),
            NoteView::decl(&cfg),
            RetentionMarksView::decl(&cfg),
            ContactCorrectionRequest::decl(&cfg),
            RecipientView::decl(&cfg),
            RecipientRequest::decl(&cfg),
            PossibleDuplicateView::decl(&cfg),
            ComplaintDetailView::decl(&cfg),
            ReassignRequest::decl(&cfg),
            UserAccountView::decl(&cfg),
            RoleOption::decl(&cfg),
            UserSaveRequest::decl(&cfg),
            PasswordChangeRequest::decl(&cfg),
            AuditEntryView::decl(&cfg),
            AuditLogView::decl(&cfg),
            ServerChangeView::decl(&cfg),
            AuditFilterRequest::decl(&cfg),
            LetterKindOption::decl(&cfg),
            LetterSummaryView::decl(&cfg),
            LetterDraftView::decl(&cfg),
            LetterOverview::decl(&cfg),
            LetterRequest::decl(&cfg),
            LetterPreviewView::decl(&cfg),
            FinaliseResult::decl(&cfg),
            SendingRequest::decl(&cfg),
            PlaceholderView::decl(&cfg),
            TemplateView::decl(&cfg),
            TemplateRequest::decl(&cfg),
            TemplateSavedView::decl(&cfg),
            FieldProblem::decl(&cfg),
            CommandError::decl(&cfg),
        ];
        let mut text = String::from(
            "// Generated from src-tauri/app/ipc/ by the `typescript_bindings_are_current` test.\n\
             // Do not edit: run `UPDATE_TS_BINDINGS=1 cargo test --lib typescript_bindings` instead.\n\n",
        );
        for declaration in declarations {
            text.push_str("export ");
            text.push_str(&declaration);
            text.push_str("\n\n");
        }
        text
    }

    #[test]
    fn typescript_bindings_are_current() {
        // Invariant 2: the TS types are generated from Rust, never written twice by hand.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/generated/ipc.ts");
        let expected = bindings();
        if std::env::var_os("UPDATE_TS_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, &expected).expect("write bindings");
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == expected,
            "ui/src/generated/ipc.ts is out of date: run `UPDATE_TS_BINDINGS=1 cargo test --lib typescript_bindings`"
        );
    }
}
