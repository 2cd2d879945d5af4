#![doc = include_str!("../README.md")]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod analysis;
pub mod batch;
pub mod canonical;
#[cfg(feature = "toml")]
mod canonical_toml;
mod case_input;
pub mod check;
pub mod code_table;
pub mod date;
pub mod diagnostic;
pub mod engine;
mod entry;
pub mod error;
pub mod expect;
pub mod ffi;
#[cfg(feature = "fhir")]
pub mod fhir;
pub mod fingerprint;
mod first_line;
mod geo;
pub mod history;
mod invalid;
pub mod labels;
pub mod load;
pub mod messages;
pub mod network;
mod objects;
mod order;
mod pointer;
pub mod query;
pub mod reference;
#[cfg(feature = "registers")]
pub mod registers;
pub mod results;
pub mod route;
pub mod schema;
mod serde_text;
pub mod services;
pub mod structure;
mod summary;
pub mod territory;
pub mod text;
mod validate;

pub use batch::{Memo, MemoStats};
pub use case_input::{CaseError, CaseFields};
pub use check::{Counts, Report, check, check_named};
pub use code_table::{CodeEntry, codes};
pub use date::{Date, DateError, Precision, Status, Validity};
pub use diagnostic::{Code, Diagnostic, Family, Severity};
pub use engine::{CompileOptions, Engine, TravelEntry};
pub use error::{Error, Problem, Result};
pub use fingerprint::Fingerprint;
pub use load::{Format, MAX_INPUT_BYTES};
pub use messages::{Lang, UnknownLang};
pub use network::*;
pub use route::{
    Alternative, Case, CaseId, Decision, Explanation, Origin, Outcome, ReasonCode, Rejection,
    TraceEntry,
};
pub use services::ServiceProvision;
pub use summary::Summary;
pub use territory::derive_ght_territories;
pub use validate::MAX_ID_BYTES;
