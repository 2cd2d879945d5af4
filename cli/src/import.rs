//! `parcours import finess`: the FINESS register (official JSON flux or older semicolon
//! extract) into a network fragment, optionally merged into a hand-written network.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use parcours::messages::CliMsg;
use parcours::registers::{
    ImportOptions, Mapping, decode_text, merge, read_finess_extract, read_finess_json,
};
use parcours::{Network, Problem};

use crate::error::said;
use crate::input::{self, InputError};
use crate::output;

/// Registers that can be imported.
#[derive(Subcommand)]
pub enum ImportCommand {
    /// The FINESS register: the official JSON flux (structures, and optionally activities) or
    /// the older semicolon extract (structureet and geolocalisation lines).
    #[command(after_help = "\
The fragment has legal entities and sites with their FINESS numbers (ids ej-<EJ>, et-<ET>),
locations (WGS84; the extract's Lambert-93 or overseas UTM coordinates are reprojected),
GHTs and GCSs with their members, and capabilities derived from the authorisations through a
mapping table (the default is core/data/finess-mapping.csv; copy and edit it, then pass
--mapping). Records that cannot be used are reported as warnings (R010-R017) on standard
error and left out; the others are imported. Rules are never imported: they stay hand-written.

Examples:
  parcours import finess examples/registers/finess/structures-excerpt-20260309.json examples/registers/finess/activites-excerpt-20260401.json \\
      -o out/fragment.json
  parcours import finess examples/registers/finess/structures-excerpt-20260309.json --departement 52 --departement 21 \\
      -o out/hm.json
  parcours import finess examples/registers/finess/extract-2016-ain.csv --category 355 --category 101 -o out/ch.json
  parcours import finess examples/registers/finess/structures-excerpt-20260309.json \\
      --merge-into examples/networks/sud-haut-marnais.json -o out/merged.json")]
    Finess(FinessArgs),
    /// A FHIR R4 Bundle (as `parcours export fhir` writes it) as a network JSON file.
    Fhir(crate::fhir::ImportArgs),
}

/// Arguments of `parcours import finess`.
#[derive(Args)]
pub struct FinessArgs {
    /// The structures flux (JSON) or the extract (CSV); then, for the JSON flux, the
    /// activities flux.
    #[arg(required = true, num_args = 1..=2, value_name = "FILES")]
    files: Vec<PathBuf>,
    /// Input format; `auto` tells the JSON flux from the extract by content.
    #[arg(long, value_enum, default_value_t = RegisterFormat::Auto)]
    format: RegisterFormat,
    /// Keep only sites in this département (repeat or comma-separate: 52,21).
    #[arg(long = "departement", value_delimiter = ',', value_name = "CODE")]
    departements: Vec<String>,
    /// Keep only sites of this establishment category (repeat or comma-separate: 355,101).
    #[arg(long = "category", value_delimiter = ',', value_name = "CODE")]
    categories: Vec<String>,
    /// Leave out establishments that have closed.
    #[arg(long)]
    open_only: bool,
    /// Mapping table (CSV, the format of core/data/finess-mapping.csv).
    #[arg(long, value_name = "TABLE.csv")]
    mapping: Option<PathBuf>,
    /// Add the fragment to this hand-written network (matched by FINESS number); conflicts
    /// are printed on standard error.
    #[arg(long, value_name = "NETWORK")]
    merge_into: Option<PathBuf>,
    /// Write the warnings (and merge conflicts) as JSON to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Write the network to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Input formats of the FINESS register.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegisterFormat {
    /// Tell by content.
    Auto,
    /// The official JSON flux.
    Json,
    /// The semicolon extract.
    Extract,
}

/// How many warnings are printed on standard error; `--report` has them all.
const SHOWN: usize = 30;

/// Prints a warning with its place and help, in `lang`.
fn print_problem(file: &str, p: &Problem, lang: parcours::Lang) {
    let p = p.localized(lang);
    let mut at = file.to_owned();
    if let Some(l) = p.line {
        at = format!("{at}:{l}");
    } else if !p.pointer.is_empty() {
        at = format!("{at}#{}", p.pointer);
    }
    eprintln!(
        "{}",
        CliMsg::ImportWarning.fill(lang, &[p.code.as_str(), p.message.as_str(), at.as_str()])
    );
    if let Some(h) = &p.help {
        eprintln!("{}", CliMsg::ImportHelp.fill(lang, &[h]));
    }
}

/// Runs `parcours import finess`; its summary lines in `lang`.
#[allow(clippy::too_many_lines)] // read, report, merge, write: in order
pub fn run(command: ImportCommand, lang: parcours::Lang) -> Result<(), InputError> {
    let a = match command {
        ImportCommand::Finess(a) => a,
        ImportCommand::Fhir(args) => return crate::fhir::import(&args).map(|_| ()),
    };
    let first = a.files.first().ok_or_else(|| said!(ArgGiveFile))?;
    let first_name = first.display().to_string();
    let bytes = input::read_bytes(first)?;
    let text = decode_text(&bytes);
    let format = match a.format {
        RegisterFormat::Auto => {
            if text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{')
            {
                RegisterFormat::Json
            } else {
                RegisterFormat::Extract
            }
        }
        f => f,
    };
    let mut opts = ImportOptions::default()
        .departements(a.departements.iter().map(|d| d.trim().to_owned()))
        .categories(a.categories.iter().map(|c| c.trim().to_owned()))
        .include_closed(!a.open_only)
        .source_name(
            first
                .file_name()
                .map_or(first_name.clone(), |n| n.to_string_lossy().into_owned()),
        );
    if let Some(m) = &a.mapping {
        let name = m.display().to_string();
        let bytes = input::read_bytes(m)?;
        let table =
            parcours::text::utf8(&bytes).map_err(|p| said!(ImportMapping, &name, p.text(lang)))?;
        let mapping = Mapping::parse(table, &name).map_err(|problems| {
            let list: Vec<String> = problems.iter().map(|p| p.text(lang)).collect();
            said!(ImportMapping, &name, list.join("\n"))
        })?;
        opts = opts.mapping(mapping);
    }
    let import = if format == RegisterFormat::Extract {
        if a.files.len() > 1 {
            return Err(said!(ArgExtractOneFile).into());
        }
        read_finess_extract(&text, &first_name, &opts)?
    } else {
        let acts = match a.files.get(1) {
            Some(p) => Some((
                p.display().to_string(),
                decode_text(&input::read_bytes(p)?).into_owned(),
            )),
            None => None,
        };
        read_finess_json(
            &text,
            &first_name,
            acts.as_ref().map(|(_, t)| t.as_str()),
            acts.as_ref().map_or("", |(n, _)| n.as_str()),
            &opts,
        )?
    };
    for w in import.warnings.iter().take(SHOWN) {
        print_problem(&first_name, w, lang);
    }
    if import.warnings.len() > SHOWN {
        let more = (import.warnings.len() - SHOWN).to_string();
        eprintln!("{}", CliMsg::MoreWarnings.fill(lang, &[&more]));
    }
    let n = &import.network;
    let counts = [
        n.legal_entities.len(),
        n.sites.len(),
        n.groupings.len(),
        n.memberships.len(),
        n.capabilities.len(),
        import.stats.sites_read,
        import.stats.sites_filtered,
        import.stats.sites_without_coordinates,
        import.warnings.len(),
    ]
    .map(|c| c.to_string());
    let args: Vec<&str> = counts.iter().map(String::as_str).collect();
    eprintln!("{}", CliMsg::Imported.fill(lang, &args));
    let (network, conflicts): (Network, Vec<parcours::registers::Conflict>) = match &a.merge_into {
        Some(base) => {
            let base_net = input::network(base)?;
            let m = merge(&base_net, &import.network);
            for c in m.conflicts.iter().take(SHOWN) {
                // The message is the merge's own (core `registers`), in `lang`.
                let kind = json_tag(&c.kind);
                eprintln!(
                    "{}",
                    CliMsg::ImportConflict.fill(lang, &[&kind, &c.message_in(lang)])
                );
            }
            let numbers = [
                m.matched_legal_entities.len(),
                m.matched_sites.len(),
                m.added[0],
                m.added[1],
                m.added[2],
                m.added[3],
                m.added[4],
                m.conflicts.len(),
            ]
            .map(|c| c.to_string());
            let name = base.display().to_string();
            let mut args: Vec<&str> = vec![&name];
            args.extend(numbers.iter().map(String::as_str));
            eprintln!("{}", CliMsg::Merged.fill(lang, &args));
            m.network.validate().map_err(|e| {
                input::named(
                    e,
                    "<network>",
                    &said!(ImportMergedName, base.display().to_string(), &first_name).render(lang),
                )
            })?;
            (m.network, m.conflicts)
        }
        None => (import.network, Vec::new()),
    };
    if let Some(r) = &a.report {
        // The messages and hints in `--lang`; codes, places and values as they are.
        let warnings: Vec<Problem> = import.warnings.iter().map(|p| p.localized(lang)).collect();
        let conflicts: Vec<_> = conflicts.iter().map(|c| c.localized(lang)).collect();
        let report = serde_json::json!({
            "warnings": warnings,
            "stats": import.stats,
            "conflicts": conflicts,
        });
        output::write(Some(r), &output::json(&report)?)?;
    }
    output::write(a.output.as_deref(), &(network.to_json_pretty() + "\n"))?;
    Ok(())
}

fn json_tag<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
