//! `parcours export fhir` and `parcours import fhir`: a network as a FHIR R4 Bundle (FR Core
//! profiles) and back. The mapping lives in the core (`parcours::fhir`, `docs/fhir.md`).

use std::path::PathBuf;

use clap::Args;

use crate::Outcome;
use crate::input::{self, InputError};
use crate::output;

/// Arguments of `parcours export fhir`.
#[derive(Args)]
#[command(after_help = "\
Writes a FHIR R4 Bundle (type collection): Organizations for legal entities (FINESS EJ), sites
(FINESS ET) and groupings, Locations, HealthcareServices for capabilities,
OrganizationAffiliations for memberships, following the FR Core profiles. Rules, shared
services, tele-services, events, sources, figures, tags and notes are not carried (see
docs/fhir.md).

Examples:
  parcours export fhir examples/networks/hpsm.json -o out/hpsm.fhir.json")]
pub struct ExportArgs {
    /// Network file (.json or .toml).
    network: PathBuf,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Arguments of `parcours import fhir`.
#[derive(Args)]
#[command(after_help = "\
Reads a FHIR R4 Bundle written by `parcours export fhir` (or built along the same mapping) and
writes the network JSON. Problems name the JSON pointer in the bundle (/entry/3/resource/...).

Examples:
  parcours import fhir out/hpsm.fhir.json -o out/hpsm.json")]
pub struct ImportArgs {
    /// FHIR Bundle (JSON).
    bundle: PathBuf,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// `parcours export fhir`.
pub fn export(args: &ExportArgs) -> Result<Outcome, InputError> {
    let net = input::network(&args.network)?;
    let bundle = parcours::fhir::to_fhir_bundle(&net);
    output::write(args.output.as_deref(), &output::json(&bundle)?)?;
    Ok(Outcome::Ok)
}

/// `parcours import fhir`.
pub fn import(args: &ImportArgs) -> Result<Outcome, InputError> {
    let text = input::read(&args.bundle)?;
    let net = parcours::fhir::from_fhir_bundle(&text, &args.bundle.display().to_string())?;
    output::write(args.output.as_deref(), &(net.to_json_pretty() + "\n"))?;
    Ok(Outcome::Ok)
}
