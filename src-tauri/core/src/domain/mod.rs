//! Pure domain types and rules: no I/O, no clock, no database. Most unit tests live here.

pub mod access_request;
pub mod calendar;
pub mod code;
pub mod complaint;
pub mod contact_correction;
pub mod dashboard;
pub mod deadlines;
pub mod duplicates;
pub mod dutch_date;
pub mod form;
pub mod function;
pub mod import;
pub mod json_file;
pub mod organisation;
pub mod procedure;
pub mod recipient;
pub mod report;
pub mod retention;
pub mod routing;
pub mod text;
