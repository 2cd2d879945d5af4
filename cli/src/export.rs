//! The `export` command group: one subcommand per outside format. Add a format by adding a
//! variant here and its module beside this one.

use clap::Subcommand;

use crate::Outcome;
use crate::fhir;
use crate::input::InputError;

/// `parcours export FORMAT …`.
#[derive(Subcommand)]
pub enum Export {
    /// A network as a FHIR R4 Bundle following the French core profiles (FR Core).
    Fhir(fhir::ExportArgs),
}

/// Runs `parcours export …`.
pub fn run(command: &Export) -> Result<Outcome, InputError> {
    match command {
        Export::Fhir(args) => fhir::export(args),
    }
}
