//! `parcours`: check, route, coverage, diff, history, show, test, fmt and schema on the command line.
//!
//! Exit codes: 0 success; 1 `check` found errors (or `diff --fail-on-change` found changes,
//! `test` found failures, or `fmt --check` files not in canonical form);
//! 2 bad usage or input (unreadable file, parse error, missing column).

mod audit;
mod error;
mod expect;
mod export;
mod fhir;
mod fmt;
mod history;
mod import;
mod input;
mod output;
mod show;
mod table;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use parcours::analysis::{CoverageQuery, diff};
use parcours::messages::CliMsg;
use parcours::{Case, Date};

use crate::error::{Part, said};
use crate::input::InputError;

/// Rules of French healthcare cooperation networks (GHT, GCS, alliances): check a network,
/// route cases to establishments, measure coverage, compare two versions.
#[derive(Parser)]
#[command(name = "parcours", version, about, long_about = None)]
#[command(after_help = "\
Exit codes: 0 success, 1 check errors (or diff --fail-on-change with changes, test failures, or
fmt --check with files to format), 2 bad usage or input.

Examples:
  parcours check examples/networks/sud-haut-marnais.json
  parcours route examples/networks/sud-haut-marnais.json examples/analysis/sud-haut-marnais-surgery-stays.csv --format json
  parcours coverage examples/networks/sud-haut-marnais.json examples/origins/sud-haut-marnais.csv \\
      --filiere chirurgie --level recours --date 2018-01-01
  parcours diff examples/networks/sud-haut-marnais.json \\
      --changes examples/analysis/sud-haut-marnais-without-surgery-gcs.json examples/analysis/sud-haut-marnais-surgery-stays.csv
  parcours import finess examples/registers/finess/structures-excerpt-20260309.json -o out/fragment.json
  parcours history examples/networks/alliance-ouest-parisien.json --from 2018-01-01
  parcours diff --structure examples/networks/sud-haut-marnais.json examples/networks/toml/sud-haut-marnais.toml
  parcours schema network")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of explanations, diagnostics, load errors, their help and every readable
    /// output (tables, titles, totals): `en` or `fr`.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
}

/// The languages of `--lang`.
#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Fr,
}

impl From<LangArg> for parcours::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::En => Self::En,
            LangArg::Fr => Self::Fr,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check a network: gaps, escalation cycles, conflicts, dangling references, legal
    /// invariants (codes P001…). Prints rustc-style diagnostics; exit 1 when there are errors.
    #[command(after_help = "\
Examples:
  parcours check examples/networks/hpsm.json
  parcours check examples/networks/broken/hpsm.json --format json")]
    Check {
        /// Network file (.json or .toml).
        network: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Route cases: which establishment handles each, by which step and rule, how far.
    #[command(after_help = "\
CASES is JSON (an array of cases, one case, or a case file {\"cases\": [{\"case\": ...}]}) or CSV
with the columns of Python route_batch: id, filiere, level, origin (a site or location id) or
commune or postal_code (with --communes) or finess or lat + lon, date, age, flags (a;b),
ehpad_resident, time_critical, max_distance_km, exclude (a;b), preferred_site, include_planned. Only filiere, date (or --date) and an
origin are required; other columns are ignored, with one note on standard error. A record that
cannot be read becomes an `invalid` row with its error; the others are routed.
CSV is delimited by `,`, `;` or tab, told from the header line (or --delimiter); with `;` or
tab, numbers may have a decimal comma (48,11). `-` reads CASES from standard input (JSON when
it starts with `[` or `{`, CSV otherwise).

Output columns (CSV), the core's result columns as in Python route_batch and JS routeColumns:
id, outcome, target, target_name, level, target_level, step, rule, tele_service,
fallback_target, entry, commune, distance_km, minutes, reason, error (+ explanation with
--explain). `outcome` is never empty: `invalid` for a record that cannot be read. The CSV starts with a comment
line naming the network, `# parcours fingerprint: network_id=... hash=sha256:...`; JSON is
{\"fingerprint\": {...}, \"results\": [...]}.

Examples:
  parcours route examples/networks/sud-haut-marnais.json examples/analysis/sud-haut-marnais-surgery-stays.csv
  parcours route examples/networks/sud-haut-marnais.json examples/cases/sud-haut-marnais.json --explain --format json -o out/routes.json
  parcours route examples/networks/sud-haut-marnais.json examples/analysis/sud-haut-marnais-surgery-stays-fr.csv --delimiter ';'
  parcours route examples/networks/sud-haut-marnais.json - --date 2018-01-01 < examples/analysis/sud-haut-marnais-surgery-stays-fr.csv")]
    Route {
        /// Network file (.json or .toml).
        network: PathBuf,
        /// Cases file (.csv or .json), or `-` for standard input.
        cases: PathBuf,
        #[command(flatten)]
        read: input::CaseArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
        format: TableFormat,
        /// Add the trace of rules and the ranked alternatives.
        #[arg(long)]
        explain: bool,
        /// Travel matrix CSV (from,to,km,minutes) instead of straight-line distances.
        #[arg(long, value_name = "MATRIX.csv")]
        travel: Option<PathBuf>,
        #[command(flatten)]
        reference: input::Reference,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Coverage: where each origin's patients go for a filière and level, how far, and the
    /// population share within 30/45/80 km (or minutes with a travel matrix).
    #[command(after_help = "\
ORIGINS is CSV with the columns of Python's Engine.coverage: id, name, origin (a site or
location id) or commune (an INSEE code, with --communes) or lat + lon, and population; other
columns (insee, source...) are ignored, with one note on standard error. It is delimited by
`,`, `;` or tab as route's CASES (decimal commas with `;` or tab); `-` reads standard input.
Or give no ORIGINS but --communes (and --departement): every commune of the reference is an
origin, weighted by its population.
A person's place enters the network at a first-line site (catchment, territory, entry
policy: see the route module docs), then follows the network's rules.

Examples:
  parcours coverage examples/networks/sud-haut-marnais.json examples/origins/sud-haut-marnais.csv \\
      --filiere chirurgie --level recours --date 2018-01-01
  parcours coverage examples/networks/hpsm.json examples/origins/lille-sud.csv \\
      --filiere maternite --level 3 --date 2020-01-01 --bands 10,20,30 --format csv
  parcours coverage examples/networks/sud-haut-marnais.json --communes examples/reference/communes.csv \\
      --departement 52 --filiere chirurgie --level reference --date 2018-01-01
  parcours coverage examples/networks/hpsm.json - --filiere maternite --level 3 --date 2020-01-01 \\
      < examples/origins/lille-sud.csv")]
    Coverage {
        /// Network file (.json or .toml).
        network: PathBuf,
        /// Origins CSV, or `-` for standard input; without it, the communes of the reference
        /// (--communes) in the --departement(s) given.
        #[arg(required_unless_present = "communes")]
        origins: Option<PathBuf>,
        #[command(flatten)]
        read: input::TableArgs,
        /// Départements whose communes are the origins (with --communes and no ORIGINS);
        /// repeat or separate with commas.
        #[arg(long = "departement", value_delimiter = ',', value_name = "CODE")]
        departements: Vec<String>,
        #[command(flatten)]
        reference: input::Reference,
        /// The filière.
        #[arg(long)]
        filiere: String,
        /// The level needed (default: the filière's lowest).
        #[arg(long)]
        level: Option<String>,
        /// The date (YYYY-MM-DD).
        #[arg(long)]
        date: Date,
        /// Flag origins beyond this distance (km, or minutes with --travel).
        #[arg(long, default_value_t = 80.0)]
        threshold: f64,
        /// Distances for the population shares, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = [30.0, 45.0, 80.0])]
        bands: Vec<f64>,
        /// Count planned memberships, capabilities and rules as in force.
        #[arg(long)]
        include_planned: bool,
        /// Travel matrix CSV (from,to,km,minutes).
        #[arg(long, value_name = "MATRIX.csv")]
        travel: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// What-if: route the same cases on two versions of a network and group the cases whose
    /// target changed (before -> after, count, mean distance change). With --structure, compare
    /// the facts instead: entities added, removed or changed, with the fields that changed.
    #[command(after_help = "\
Give two networks (BEFORE AFTER CASES), or one network and --changes (BEFORE CASES): a JSON
array of changes such as [{\"change\": \"remove_grouping\", \"grouping\": \"gcs-chirurgie-shm\"}]
(remove_member, remove_grouping, close_capability, add_capability, add_site, add_membership,
move_shared_service).

With --structure, give BEFORE AFTER (or BEFORE and --changes) and no cases: entities are
matched by id (memberships by grouping/member/role, capabilities by id or site/filiere) and
changed fields are listed with their old and new values.

Examples:
  parcours diff examples/networks/sud-haut-marnais.json examples/networks/toml/sud-haut-marnais.toml \\
      examples/analysis/sud-haut-marnais-surgery-stays.csv
  parcours diff examples/networks/sud-haut-marnais.json \\
      --changes examples/analysis/sud-haut-marnais-without-surgery-gcs.json examples/analysis/sud-haut-marnais-surgery-stays.csv --format json
  parcours diff --structure examples/networks/sud-haut-marnais.json examples/networks/toml/sud-haut-marnais.toml
  parcours diff --structure examples/networks/sud-haut-marnais.json \\
      --changes examples/analysis/sud-haut-marnais-without-surgery-gcs.json --format csv")]
    Diff {
        /// BEFORE [AFTER] CASES (CASES as for `route`; `-` reads it from standard input).
        #[arg(required = true, value_name = "FILES")]
        files: Vec<PathBuf>,
        /// Changes (JSON) applied to BEFORE to make AFTER.
        #[arg(long, value_name = "CHANGES.json")]
        changes: Option<PathBuf>,
        #[command(flatten)]
        read: input::CaseArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Exit 1 when any case changed (with --structure: when anything differs).
        #[arg(long)]
        fail_on_change: bool,
        #[command(flatten)]
        reference: input::Reference,
        /// Compare the networks' facts (entities, memberships, rules...) instead of routing cases.
        #[arg(long)]
        structure: bool,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write a network in another format: `export fhir` (FHIR R4 Bundle, FR Core profiles).
    #[command(subcommand)]
    Export(export::Export),
    /// Import a national register into a network fragment (see `parcours import finess --help`),
    /// or a FHIR R4 Bundle into a network (`parcours import fhir --help`).
    Import {
        #[command(subcommand)]
        what: import::ImportCommand,
    },
    /// History: every dated change of a network (memberships, groupings, sites, capabilities,
    /// rules, services open and close; planned facts with their expected dates; events), in
    /// date order.
    History(history::HistoryArgs),
    /// Questions at a date: members of a grouping, groupings of a site, capabilities, sites by
    /// FINESS number, tele-services of an origin.
    #[command(after_help = "\
Examples:
  parcours show examples/networks/sud-haut-marnais.json members gcs-chirurgie-shm --date 2018-01-01
  parcours show examples/networks/hpsm.json groupings oscar-lambret --date 2020-01-01 --format json
  parcours show examples/networks/hpsm.json capabilities ch-seclin --date 2020-01-01
  parcours show examples/networks/sud-haut-marnais.json finess 210780581
  parcours show examples/networks/sos-medecins.json tele-services 43.64,-1.43 --date 2023-01-10 --planned
  parcours show examples/networks/sud-haut-marnais.json commune 52269 --date 2018-01-01 \\
      --communes examples/reference/communes.csv")]
    Show {
        /// Network file (.json or .toml).
        network: PathBuf,
        #[command(subcommand)]
        question: show::ShowQuestion,
    },
    /// Run test files beside the network: cases with expected decisions and questions with
    /// expected answers. Prints each failure with the decision's explanation; exit 1 on failure.
    #[command(after_help = "\
TESTS are JSON files in the format of `parcours schema tests` (the files of examples/cases/).
Without TESTS, the JSON files whose \"network\" names NETWORK are run, from NETWORK's
directory and from a `cases` directory beside it.

Examples:
  parcours test examples/networks/hpsm.json
  parcours test examples/networks/sud-haut-marnais.json examples/cases/sud-haut-marnais.json --format json")]
    Test {
        /// Network file (.json or .toml).
        network: PathBuf,
        /// Test files (.json).
        tests: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Rewrite networks in canonical order and layout, so they diff well: print the canonical
    /// text, check it (--check, exit 1 listing the files that differ) or write it (--write).
    #[command(after_help = "\
Records are sorted by their JSON text: by id (memberships by grouping, member, role, then the
rest); rules by strength and priority, keeping their written order within one strength and
priority, since that order decides between them. JSON gets two-space indentation; TOML one
[[list]] table per record with nested values inline, keeping the comments it can (see the crate
docs, `parcours::canonical`).

Examples:
  parcours fmt examples/networks/hpsm.json
  parcours fmt --check examples/networks/*.json
  parcours fmt examples/networks/hpsm.json --to toml > out/hpsm.toml
  parcours fmt --write out/hpsm.toml")]
    Fmt {
        /// Network files (.json or .toml).
        #[arg(required = true, value_name = "NETWORK")]
        networks: Vec<PathBuf>,
        /// Exit 1 when a file is not in canonical form, listing it; change nothing.
        #[arg(long, conflicts_with_all = ["write", "to"])]
        check: bool,
        /// Rewrite the files that are not in canonical form.
        #[arg(short, long, conflicts_with = "to")]
        write: bool,
        /// Print in this format instead of the file's own.
        #[arg(long, value_enum)]
        to: Option<fmt::To>,
    },
    /// Print a JSON Schema: of network files (default), of cases, or of test files.
    #[command(after_help = "\
Examples:
  parcours schema > out/network.schema.json
  parcours schema case
  parcours schema tests")]
    Schema {
        /// Which schema.
        #[arg(value_enum, default_value_t = SchemaKind::Network)]
        kind: SchemaKind,
    },
    /// Print every stable code (`L…` load problems, `P…` check diagnostics) with its family,
    /// severity and meaning, in the language of `--lang`.
    #[command(after_help = "\
Examples:
  parcours codes
  parcours --lang fr codes
  parcours codes --format json")]
    Codes {
        /// `text` (one code a line) or `json` (the table, both languages).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum TableFormat {
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Table,
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    Network,
    Case,
    Tests,
}

/// What a command ends with.
enum Outcome {
    Ok,
    /// Exit 1: the command ran, and found what it reports as a failure.
    Found,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    input::set_lang(cli.lang.into());
    let lang = cli.lang.into();
    match run(cli.command, lang) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Found) => ExitCode::from(1),
        Err(e) => {
            eprintln!("{}", e.text(lang));
            ExitCode::from(2)
        }
    }
}

/// When the arguments do not read: an option's value that does not read (a date, a number, a
/// delimiter, a word not in the option's list) in the language of `--lang`, naming the value,
/// the option and why; any other case (help, version, a missing or unknown argument) as clap
/// says it, in English. Exit code 2 for an error, as clap's.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let (Some(arg), Some(value)) = (
        context(ContextKind::InvalidArg),
        context(ContextKind::InvalidValue),
    ) else {
        e.exit()
    };
    let source = std::error::Error::source(e);
    let (why, help): (Part, Option<Part>) = match e.kind() {
        ErrorKind::InvalidValue => {
            let listed = match e.get(ContextKind::ValidValue) {
                Some(ContextValue::Strings(list)) => list
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => String::new(),
            };
            let near = context(ContextKind::SuggestedValue);
            (
                said!(ArgOneOf, listed).into(),
                near.map(|v| said!(ArgDidYouMean, v).into()),
            )
        }
        ErrorKind::ValueValidation => {
            let why = if let Some(d) = source.and_then(|s| s.downcast_ref::<parcours::DateError>())
            {
                d.text(input::lang()).into()
            } else if source.is_some_and(<dyn std::error::Error>::is::<std::num::ParseFloatError>) {
                said!(ArgNotNumber).into()
            } else {
                // Our own parsers' texts (the delimiter's), already in the language of `--lang`.
                source.map(ToString::to_string).unwrap_or_default().into()
            };
            (why, None)
        }
        _ => e.exit(),
    };
    let help = crate::error::help_line(help);
    let err = InputError::from(said!(ArgInvalid, value, arg, why, help));
    eprintln!("{err}");
    ExitCode::from(2)
}

#[allow(clippy::too_many_lines)] // one arm per subcommand, each short
fn run(command: Command, lang: parcours::Lang) -> Result<Outcome, InputError> {
    match command {
        Command::Check { network, format } => {
            let name = network.display().to_string();
            let net = input::network(&network)?;
            let report = parcours::check_named(&net, &name)?.localized(lang);
            let text = match format {
                CheckFormat::Text => format!("{}\n", report.text(lang)),
                CheckFormat::Json => output::json(&audit::json_with(
                    &net.fingerprint(),
                    serde_json::to_value(&report).unwrap_or_default(),
                ))?,
            };
            output::write(None, &text)?;
            Ok(if report.has_errors() {
                Outcome::Found
            } else {
                Outcome::Ok
            })
        }
        Command::Route {
            network,
            cases,
            format,
            read,
            explain,
            travel,
            reference,
            output: out,
        } => {
            let net = input::network(&network)?;
            let engine = input::engine(&net, travel.as_deref(), reference.load()?.as_ref())?;
            let records = input::cases(&cases, &read)?;
            let progress = progress_bar(records.len());
            let mut rows = Vec::with_capacity(records.len());
            for r in &records {
                rows.push(output::route_record(&engine, r, explain, lang));
                if let Some(p) = &progress {
                    p.inc(1);
                }
            }
            if let Some(p) = progress {
                p.finish_and_clear();
            }
            let fp = engine.fingerprint();
            let text = match format {
                TableFormat::Csv => {
                    audit::csv_comment(None, fp) + &output::route_csv(&rows, explain)?
                }
                TableFormat::Json => output::json(&audit::json_with(
                    fp,
                    serde_json::Value::Array(rows.iter().map(output::route_json).collect()),
                ))?,
            };
            output::write(out.as_deref(), &text)?;
            Ok(Outcome::Ok)
        }
        Command::Coverage {
            network,
            origins,
            read,
            departements,
            reference,
            filiere,
            level,
            date,
            threshold,
            bands,
            include_planned,
            travel,
            format,
            output: out,
        } => {
            let net = input::network(&network)?;
            let engine = input::engine(&net, travel.as_deref(), reference.load()?.as_ref())?;
            let origins = coverage_origins(origins.as_deref(), &read, &departements, &engine)?;
            let mut query = CoverageQuery::new(filiere, date);
            query.level = level;
            query.threshold = threshold;
            query.bands = bands;
            query.include_planned = include_planned;
            let report = engine
                .coverage(&origins, &query)
                // The core's error (`QueryError`) with its code, in `--lang`.
                .map_err(|e| InputError::Core(e.text(lang)))?;
            let fp = engine.fingerprint();
            let text = match format {
                ReportFormat::Table => {
                    audit::table_line(CliMsg::LineNetwork, fp, lang)
                        + &output::coverage_table(&origins, &report, &query, lang)
                }
                ReportFormat::Csv => {
                    audit::csv_comment(None, fp) + &output::coverage_csv(&origins, &report)?
                }
                ReportFormat::Json => output::json(&report)?,
            };
            output::write(out.as_deref(), &text)?;
            Ok(Outcome::Ok)
        }
        Command::Diff {
            files,
            changes,
            read,
            format,
            fail_on_change,
            reference,
            structure,
            output: out,
        } => run_diff(
            &files,
            changes,
            &read,
            format,
            fail_on_change,
            &reference,
            structure,
            out.as_deref(),
            lang,
        ),
        Command::Export(command) => export::run(&command),
        Command::Import { what } => {
            import::run(what, lang)?;
            Ok(Outcome::Ok)
        }
        Command::History(args) => history::run_history(&args, lang),
        Command::Show { network, question } => {
            show::run(&network, question, lang).map(|()| Outcome::Ok)
        }
        Command::Test {
            network,
            tests,
            format,
        } => expect::run_tests(&network, &tests, matches!(format, CheckFormat::Json), lang)
            .map(|ok| if ok { Outcome::Ok } else { Outcome::Found }),
        Command::Fmt {
            networks,
            check,
            write,
            to,
        } => Ok(if fmt::run(&networks, check, write, to, lang)? {
            Outcome::Found
        } else {
            Outcome::Ok
        }),
        Command::Codes { format } => {
            let table = parcours::codes();
            let text = match format {
                CheckFormat::Json => serde_json::to_string_pretty(&table).unwrap_or_default(),
                CheckFormat::Text => table
                    .iter()
                    .map(|c| {
                        let summary = match lang {
                            parcours::Lang::Fr => c.summary_fr,
                            _ => c.summary_en,
                        };
                        format!("{}  {:<7}  {summary}", c.code, c.severity.as_str())
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
            output::stdout(&(text + "\n"))?;
            Ok(Outcome::Ok)
        }
        Command::Schema { kind } => {
            let text = match kind {
                SchemaKind::Network => parcours::schema::network_schema_pretty(),
                SchemaKind::Case => parcours::schema::case_schema_pretty(),
                SchemaKind::Tests => parcours::schema::tests_schema_pretty(),
            };
            output::stdout(&(text + "\n"))?;
            Ok(Outcome::Ok)
        }
    }
}

/// `parcours diff`.
/// The origins of a coverage: the ORIGINS file, or the communes of the reference in the
/// départements given.
fn coverage_origins(
    origins: Option<&std::path::Path>,
    read: &input::TableArgs,
    departements: &[String],
    engine: &parcours::Engine,
) -> Result<Vec<parcours::analysis::CoverageOrigin>, InputError> {
    match (origins, engine.communes()) {
        (Some(path), _) => input::origins(path, read),
        (None, Some(communes)) => {
            let deps: Vec<&str> = departements.iter().map(String::as_str).collect();
            let list = parcours::analysis::commune_origins(communes, &deps);
            if list.is_empty() {
                return Err(said!(InNoCommuneIn, departements.join(", ")).into());
            }
            Ok(list)
        }
        (None, None) => Err(said!(ArgOrigins).into()),
    }
}

#[allow(clippy::too_many_arguments)] // the options of `parcours diff`, as given
fn run_diff(
    files: &[PathBuf],
    changes: Option<PathBuf>,
    read: &input::CaseArgs,
    format: ReportFormat,
    fail_on_change: bool,
    reference: &input::Reference,
    structure: bool,
    out: Option<&std::path::Path>,
    lang: parcours::Lang,
) -> Result<Outcome, InputError> {
    if structure {
        return history::run_diff_structure(
            files,
            changes.as_deref(),
            format,
            fail_on_change,
            out,
            lang,
        );
    }
    let (before, after, cases) = match (changes, files) {
        (Some(changes), [before, cases]) => {
            let a = input::network(before)?;
            let b = input::changed_network(&a, before, &changes)?;
            (a, b, cases)
        }
        (None, [before, after, cases]) => (input::network(before)?, input::network(after)?, cases),
        (Some(_), _) => return Err(said!(ArgDiffChanges).into()),
        (None, _) => return Err(said!(ArgDiffFiles).into()),
    };
    let communes = reference.load()?;
    let (a, b) = (
        input::engine(&before, None, communes.as_ref())?,
        input::engine(&after, None, communes.as_ref())?,
    );
    let records = input::cases(cases, read)?;
    let mut readable: Vec<Case> = Vec::with_capacity(records.len());
    for r in records {
        match r.case {
            Ok(c) => readable.push(c),
            Err(e) => return Err(said!(InDiffCase, e).into()),
        }
    }
    let report = diff(&a, &b, &readable);
    let (fa, fb) = (a.fingerprint(), b.fingerprint());
    let text = match format {
        ReportFormat::Table => {
            audit::table_line(CliMsg::LineBefore, fa, lang)
                + &audit::table_line(CliMsg::LineAfter, fb, lang)
                + &output::diff_table(&report, lang)
        }
        ReportFormat::Csv => {
            audit::csv_comment(Some("before"), fa)
                + &audit::csv_comment(Some("after"), fb)
                + &output::diff_csv(&report)?
        }
        ReportFormat::Json => output::json(&report)?,
    };
    output::write(out, &text)?;
    Ok(if fail_on_change && !report.changed.is_empty() {
        Outcome::Found
    } else {
        Outcome::Ok
    })
}

/// A progress bar for long runs, only when standard error is a terminal.
fn progress_bar(len: usize) -> Option<indicatif::ProgressBar> {
    (len > 10_000 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX));
        if let Ok(style) = indicatif::ProgressStyle::with_template(&said!(Progress).text()) {
            bar.set_style(style);
        }
        bar
    })
}
