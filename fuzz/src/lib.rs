//! Structured inputs of the parcours fuzz targets: the `fuzzing` generator of the dev-only
//! `parcours-testkit` crate, which holds every network generator of the repository (issue #16
//! item 8), re-exported under the name the targets use.

pub use parcours_testkit::fuzzing::*;
