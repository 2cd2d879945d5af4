//! What the Python and WebAssembly bindings share to move data in and out in bulk: not the
//! routing API (a Rust program routes with [`crate::Engine`] and [`crate::batch::Memo`]), but
//! the one implementation of the transport both bindings would otherwise each write, so that
//! they adapt (Arrow buffers, typed arrays) and delegate. It may change with the bindings.
//!
//! - [`intern`]: dictionary codes of texts, for categorical / dictionary output columns.
//! - [`json`]: reading a value from JSON text with the JSON pointer of any error.
//! - [`router`]: the row loop of a batch, from case columns to the result writer.

pub mod intern;
pub mod json;
pub mod router;

pub use intern::{DictColumn, Interner};
