//! Build script: checks that the front end was built, and lets tauri-build generate the
//! context and the permissions of the app's own commands.

fn main() {
    let dist = std::path::Path::new("ui/dist/index.html");
    if !dist.exists() {
        panic!("ui/dist/index.html ontbreekt: bouw eerst de gebruikersinterface met `npm ci && npm run build` (of gebruik scripts/run-app.sh).");
    }
    println!("cargo:rerun-if-changed=ui/dist");
    let commands = &[
        "app_status",
        "setup_defaults",
        "set_up",
        "set_up_shared",
        "join_shared",
        "retry_start",
        "change_connection",
        "unlock_with_recovery_key",
        "log_in",
        "log_out",
        "record_activity",
        "save_recovery_key_pdf",
        "confirm_recovery_key_saved",
        "list_organisation",
        "import_org_chart",
        "import_complaints",
        "set_retention_marks",
        "correct_contact_data",
        "record_recipient",
        "export_org_chart",
        "save_org_department",
        "save_official",
        "register_complaint",
        "worklist",
        "open_acknowledgement",
        "get_settings",
        "save_settings",
        "complaint_detail",
        "complaint_notes",
        "add_note",
        "reassign_complaint",
        "complaint_audit",
        "list_users",
        "role_options",
        "save_user",
        "reset_user_password",
        "change_password",
        "audit_log",
        "export_audit_csv",
        "acknowledge_audit_damage",
        "procedure_options",
        "procedure_step",
        "draft_decision",
        "due_reminders",
        "export_deadlines_ics",
        "letter_overview",
        "preview_letter",
        "finalise_letter",
        "open_letter",
        "print_letter",
        "record_sending",
        "todays_letters",
        "approval_queue",
        "open_letter_draft",
        "approve_letter_draft",
        "return_letter_draft",
        "letter_templates",
        "template_history",
        "preview_template",
        "save_template",
        "set_logo",
        "annual_report",
        "export_annual_report",
        "save_report_texts",
        "dashboard",
        "backup_status",
        "destruction_lists",
        "propose_destruction",
        "propose_erasure",
        "confirm_destruction",
        "retention_periods",
        "save_retention_periods",
        "make_backup",
        "set_backup_reminder_days",
    ];
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(commands));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build: {error:#}");
    }
}
