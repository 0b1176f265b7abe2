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
    /// Only on the shared store: its schema version, its own facts, the sealed search tokens,
    /// the server's own record of writes (SEC-07).
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
    pub sealed: &'static [SealedColumn],
    /// Deleted with a destroyed complaint (its sealed columns in `complaints` are emptied).
    pub part_of_complaint: PartOfComplaint,
}

const fn data(name: &'static str, identity: bool, sealed: &'static [SealedColumn], part_of_complaint: PartOfComplaint) -> Table {
    Table { name, holds: Holds::Data, identity, sealed, part_of_complaint }
}

use PartOfComplaint::{Directly, No, ThroughLetter};

/// A column that holds personal data or free text: on the shared store its values are sealed
/// on the desk (SEC-01) and its type is `bytea`, so the server refuses a plain value. The store
/// seals and opens only through these constants, so a seal cannot name a column the catalogue
/// does not list; the catalogue test checks each against the shared schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealedColumn {
    pub table: &'static str,
    pub name: &'static str,
}

/// Writes one module per table with a constant per sealed column and `ALL`, its list.
macro_rules! sealed_columns {
    ($($table:ident { $($constant:ident = $column:literal),+ $(,)? })+) => {
        $(
            #[doc = concat!("The sealed columns of `", stringify!($table), "`.")]
            pub mod $table {
                use super::super::SealedColumn;
                $(pub const $constant: SealedColumn = SealedColumn { table: stringify!($table), name: $column };)+
                pub const ALL: &[SealedColumn] = &[$($constant),+];
            }
        )+
    };
}

/// The sealed columns, per table.
pub mod sealed {
    sealed_columns! {
        officials {
            NAME = "name",
        }
        complaints {
            COMPLAINANT_NAME = "complainant_name",
            STREET_ADDRESS = "street_address",
            POSTCODE = "postcode",
            CITY = "city",
            PHONE = "phone",
            EMAIL = "email",
            REPRESENTATIVE = "representative",
            DESCRIPTION = "description",
            DESIRED_OUTCOME = "desired_outcome",
            RESPONDENT_NAMES = "respondent_names",
            HANDLER_NAME = "handler_name",
            HANDLER_REASON = "handler_reason",
            HEARING_SKIP_REASON = "hearing_skip_reason",
            CLOSING_DETAIL = "closing_detail",
        }
        notes {
            TEXT = "text",
        }
        events {
            DETAIL = "detail",
        }
        contacts {
            SUMMARY = "summary",
        }
        hearings {
            PLACE = "place",
            REPORT = "report",
        }
        decisions {
            FINDINGS = "findings",
            CONCLUSIONS = "conclusions",
            REASONS = "reasons",
            COMMENT = "comment",
        }
        tasks {
            DESCRIPTION = "description",
        }
        letters {
            PDF = "pdf",
            SHA256 = "sha256",
            RECIPIENT_NAME = "recipient_name",
            CORRECTION_REASON = "correction_reason",
        }
        letter_drafts {
            RECIPIENT_NAME = "recipient_name",
            CORRECTION_REASON = "correction_reason",
            PDF = "pdf",
            TEXT = "text",
            COMMENT = "comment",
        }
        corrections {
            PREVIOUS_VALUE = "previous_value",
        }
        recipients {
            RECIPIENT = "recipient",
            WHAT = "what",
        }
        destruction_lists {
            REASON = "reason",
        }
        destruction_list_items {
            EXCLUDED_REASON = "excluded_reason",
        }
        access_requests {
            REQUESTER = "requester",
            ADDRESS = "address",
            IDENTITY_NOTE = "identity_note",
            EXTENSION_REASON = "extension_reason",
            ANSWER_REFERENCES = "answer_references",
            ANSWER_PDF = "answer_pdf",
        }
    }
}

/// Every table, the data tables in an order that respects the foreign keys (parents first).
pub const TABLES: &[Table] = &[
    data("settings", false, &[], No),
    data("users", true, &[], No),
    data("login_failures", false, &[], No),
    data("reference_sequences", false, &[], No),
    data("org_departments", false, &[], No),
    data("officials", false, sealed::officials::ALL, No),
    data("complaints", true, sealed::complaints::ALL, No),
    data("notes", true, sealed::notes::ALL, Directly),
    data("events", true, sealed::events::ALL, Directly),
    data("contacts", true, sealed::contacts::ALL, Directly),
    data("hearings", true, sealed::hearings::ALL, Directly),
    data("decisions", true, sealed::decisions::ALL, Directly),
    data("tasks", true, sealed::tasks::ALL, Directly),
    data("reminders_given", false, &[], Directly),
    data("letter_templates", true, &[], No),
    data("letters", true, sealed::letters::ALL, Directly),
    data("letter_drafts", true, sealed::letter_drafts::ALL, Directly),
    data("letter_sendings", true, &[], ThroughLetter),
    data("report_texts", false, &[], No),
    data("corrections", true, sealed::corrections::ALL, Directly),
    data("recipients", true, sealed::recipients::ALL, Directly),
    data("destruction_lists", true, sealed::destruction_lists::ALL, No),
    data("destruction_list_items", true, sealed::destruction_list_items::ALL, No),
    data("destruction_records", true, &[], No),
    data("access_requests", true, sealed::access_requests::ALL, No),
    Table { name: "audit_log", holds: Holds::AuditLog, identity: false, sealed: &[], part_of_complaint: No },
    Table { name: "klachtbalie_schema", holds: Holds::SharedStoreOnly, identity: false, sealed: &[], part_of_complaint: No },
    Table { name: "store_info", holds: Holds::SharedStoreOnly, identity: false, sealed: &[], part_of_complaint: No },
    Table { name: "audit_head", holds: Holds::SharedStoreOnly, identity: false, sealed: &[], part_of_complaint: No },
    Table { name: "server_changes", holds: Holds::SharedStoreOnly, identity: false, sealed: &[], part_of_complaint: No },
    Table { name: "role_changes", holds: Holds::SharedStoreOnly, identity: false, sealed: &[], part_of_complaint: No },
    Table { name: "first_passwords", holds: Holds::SharedStoreOnly, identity: false, sealed: &[], part_of_complaint: No },
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
pub fn sealed_columns(table: &str) -> &'static [SealedColumn] {
    TABLES.iter().find(|entry| entry.name == table).map_or(&[], |entry| entry.sealed)
}

/// What a table's seals bind besides table, column and row (SEC-01, schema 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealBinding {
    /// Nothing more: the table is not about one complaint.
    RowOnly,
    /// The complaint the row is part of (`complaint_id`), so a part moved to another
    /// complaint no longer opens.
    PartOfComplaint,
    /// The complaint's `seal_version`, raised with every change of its sealed cells (all of
    /// them are sealed anew), so an older value put back no longer opens.
    ComplaintVersion,
}

pub fn seal_binding(table: &str) -> SealBinding {
    match TABLES.iter().find(|entry| entry.name == table) {
        Some(entry) if entry.name == "complaints" => SealBinding::ComplaintVersion,
        Some(entry) if entry.part_of_complaint == Directly => SealBinding::PartOfComplaint,
        _ => SealBinding::RowOnly,
    }
}

/// The tables that hold parts of one complaint, in an order they can be deleted in (children
/// first), with how their rows belong to it; `shared` includes the shared store's own tables.
pub fn complaint_parts(shared: bool) -> impl Iterator<Item = &'static Table> {
    TABLES.iter().rev().filter(move |table| table.part_of_complaint != No && (shared || table.holds != Holds::SharedStoreOnly))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_s_sealed_columns_name_that_table() {
        // SEC-01: a sealed value is bound to its table by name, so a column listed under the
        // wrong table would seal values another table's reader cannot open.
        for table in TABLES {
            for column in table.sealed {
                assert_eq!(column.table, table.name, "{column:?}");
            }
        }
        assert_eq!(sealed_columns("complaints").len(), 14);
        assert!(sealed_columns("users").is_empty() && sealed_columns("unknown").is_empty());
    }
}
