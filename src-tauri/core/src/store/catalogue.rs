//! The one catalogue of Klachtbalie's tables: what each holds and how the operations over all
//! tables treat it. The move to a shared store, the backup, the shared store's removal of a
//! failed schema and the destruction of a complaint take their lists from here, and a test
//! compares the catalogue with the tables of freshly created databases of both stores, so a new
//! table cannot be left out of any of them unnoticed.

/// What a table is to the operations over all tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// The municipality's data, in both stores: moved to a shared store and kept in a backup.
    Data,
    /// The audit log, in both stores: kept in a backup; moved by re-linking its chain (SEC-02).
    AuditLog,
    /// Only on the shared store: its schema version, its own facts, the sealed search tokens.
    SharedStoreOnly,
    /// Only on a single desk: the full-text search index, made again from the complaints.
    DeskSearchIndex,
}

/// How a table's rows belong to one complaint, for its destruction (AVG-02).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartOfComplaint {
    No,
    /// Through a `complaint_id` column.
    Directly,
    /// Through a `letter_id` of one of the complaint's letters.
    ThroughLetter,
}

/// One table of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub holds: Holds,
    /// Its `id` comes from an identity sequence on the shared store.
    pub identity: bool,
    /// The columns that hold personal data or free text: sealed on the shared store, bound to
    /// their row by the row's `id` (SEC-01). ARCHITECTURE.md lists the plain ones.
    pub sealed: &'static [&'static str],
    /// Deleted with a destroyed complaint (its sealed columns in `complaints` are emptied).
    pub part_of_complaint: PartOfComplaint,
}

const fn data(name: &'static str, identity: bool, sealed: &'static [&'static str], part_of_complaint: PartOfComplaint) -> Table {
    Table { name, holds: Holds::Data, identity, sealed, part_of_complaint }
}

use PartOfComplaint::{Directly, No, ThroughLetter};

/// Every table, the data tables in an order that respects the foreign keys (parents first).
pub const TABLES: &[Table] = &[
    data("settings", false, &[], No),
    data("users", true, &[], No),
    data("login_failures", false, &[], No),
    data("reference_sequences", false, &[], No),
    data("org_departments", false, &[], No),
    data("officials", false, &["name"], No),
    data(
        "complaints",
        true,
        &[
            "complainant_name",
            "street_address",
            "postcode",
            "city",
            "phone",
            "email",
            "representative",
            "description",
            "desired_outcome",
            "respondent_names",
            "handler_name",
            "handler_reason",
            "hearing_skip_reason",
            "closing_detail",
        ],
        No,
    ),
    data("notes", true, &["text"], Directly),
    data("events", true, &["detail"], Directly),
    data("contacts", true, &["summary"], Directly),
    data("hearings", true, &["place", "report"], Directly),
    data("decisions", true, &["findings", "conclusions", "reasons", "comment"], Directly),
    data("tasks", true, &["description"], Directly),
    data("reminders_given", false, &[], Directly),
    data("letter_templates", true, &[], No),
    data("letters", true, &["pdf", "sha256", "recipient_name", "correction_reason"], Directly),
    data("letter_drafts", true, &["recipient_name", "correction_reason", "pdf", "text", "comment"], Directly),
    data("letter_sendings", true, &[], ThroughLetter),
    data("report_texts", false, &[], No),
    data("corrections", true, &["previous_value"], Directly),
    data("recipients", true, &["recipient", "what"], Directly),
    data("destruction_lists", true, &["reason"], No),
    data("destruction_list_items", true, &["excluded_reason"], No),
    data("destruction_records", true, &[], No),
    data("access_requests", true, &["requester", "address", "identity_note", "extension_reason", "answer_references", "answer_pdf"], No),
    Table { name: "audit_log", holds: Holds::AuditLog, identity: false, sealed: &[], part_of_complaint: No },
    Table { name: "klachtbalie_schema", holds: Holds::SharedStoreOnly, identity: false, sealed: &[], part_of_complaint: No },
    Table { name: "store_info", holds: Holds::SharedStoreOnly, identity: false, sealed: &[], part_of_complaint: No },
    Table { name: "complaint_tokens", holds: Holds::SharedStoreOnly, identity: false, sealed: &[], part_of_complaint: Directly },
    Table { name: "complaint_search", holds: Holds::DeskSearchIndex, identity: false, sealed: &[], part_of_complaint: No },
];

/// The data tables, parents first: what a move to a shared store copies row by row.
pub fn data_tables() -> impl Iterator<Item = &'static Table> {
    TABLES.iter().filter(|table| table.holds == Holds::Data)
}

/// The tables a backup holds: the data tables and the audit log.
pub fn backup_tables() -> impl Iterator<Item = &'static str> {
    TABLES.iter().filter(|table| matches!(table.holds, Holds::Data | Holds::AuditLog)).map(|table| table.name)
}

/// The tables of a shared store (what removing its schema drops).
pub fn shared_store_tables() -> impl Iterator<Item = &'static str> {
    TABLES.iter().filter(|table| table.holds != Holds::DeskSearchIndex).map(|table| table.name)
}

/// The tables of a single desk's database.
pub fn desk_tables() -> impl Iterator<Item = &'static str> {
    TABLES.iter().filter(|table| table.holds != Holds::SharedStoreOnly).map(|table| table.name)
}

/// A table's sealed columns (none for a table not in the catalogue).
pub fn sealed_columns(table: &str) -> &'static [&'static str] {
    TABLES.iter().find(|entry| entry.name == table).map_or(&[], |entry| entry.sealed)
}

/// The tables that hold parts of one complaint, in an order they can be deleted in (children
/// first), with how their rows belong to it; `shared` includes the shared store's own tables.
pub fn complaint_parts(shared: bool) -> impl Iterator<Item = &'static Table> {
    TABLES.iter().rev().filter(move |table| table.part_of_complaint != No && (shared || table.holds != Holds::SharedStoreOnly))
}
