//! `parcours show`: questions at a date (members, groupings, capabilities, FINESS look-up,
//! tele-services, a commune's territories and first-line sites) answered by `parcours::query`, as a
//! table, CSV or JSON.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use parcours::messages::CliMsg;
use parcours::query::{Answer, Question};
use parcours::{Date, Origin};
use serde_json::Value;

use crate::input::{self, InputError};

/// A question to `parcours show`.
#[derive(Subcommand)]
pub enum ShowQuestion {
    /// Members of a grouping: member, kind, name, role, validity, status, in force or planned.
    Members {
        /// The grouping id.
        grouping: String,
        #[command(flatten)]
        at: At,
        #[command(flatten)]
        out: Out,
    },
    /// Groupings of a site, legal entity or grouping: directly, through its legal entity, or
    /// through a grouping (nested), with the role.
    Groupings {
        /// The site, legal entity or grouping id.
        member: String,
        #[command(flatten)]
        at: At,
        #[command(flatten)]
        out: Out,
    },
    /// Capabilities of a site: filière, level, activity, modality, validity.
    Capabilities {
        /// The site id.
        site: String,
        /// Only this filière.
        #[arg(long)]
        filiere: Option<String>,
        #[command(flatten)]
        at: At,
        #[command(flatten)]
        out: Out,
    },
    /// Sites with a FINESS number (ET, or EJ of their legal entity); the key is checked.
    Finess {
        /// The FINESS number (9 characters).
        finess: String,
        /// Only sites open at this date (YYYY-MM-DD).
        #[arg(long)]
        date: Option<Date>,
        /// With --date: count planned sites too.
        #[arg(long)]
        planned: bool,
        #[command(flatten)]
        out: Out,
    },
    /// A commune (INSEE code; a merged code stands for its successor): the territories that
    /// cover it, their groupings, and the first-line site its residents enter by per filière.
    /// Needs the commune reference (--communes).
    Commune {
        /// INSEE code of the commune.
        commune: String,
        /// Only the first-line site of this filière.
        #[arg(long)]
        filiere: Option<String>,
        #[command(flatten)]
        at: At,
        #[command(flatten)]
        reference: input::Reference,
        #[command(flatten)]
        out: Out,
    },
    /// Tele-services an origin may use: service, provider, act, channel, physical fallback.
    TeleServices {
        /// A site or location id, or coordinates `LAT,LON`.
        origin: String,
        /// Only this filière.
        #[arg(long)]
        filiere: Option<String>,
        #[command(flatten)]
        at: At,
        #[command(flatten)]
        out: Out,
    },
}

/// The date of a question.
#[derive(Args)]
pub struct At {
    /// The date (YYYY-MM-DD).
    #[arg(long)]
    date: Date,
    /// Count planned and in-progress facts (rows say `planned`).
    #[arg(long)]
    planned: bool,
}

/// Where and how to print the answer.
#[derive(Args)]
pub struct Out {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    format: ShowFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Output format of `show`.
#[derive(Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    /// Aligned columns.
    Table,
    /// CSV with a header.
    Csv,
    /// A JSON array of rows.
    Json,
}

/// An origin on the command line: `LAT,LON`, or an id.
fn origin(text: &str) -> Origin {
    if let Some((a, b)) = text.split_once(',')
        && let (Ok(lat), Ok(lon)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>())
    {
        return Origin::Point { lat, lon };
    }
    Origin::Id(text.to_owned())
}

/// `parcours show NETWORK QUESTION ...`.
pub fn run(
    network: &std::path::Path,
    question: ShowQuestion,
    lang: parcours::Lang,
) -> Result<(), InputError> {
    let mut communes = None;
    let (q, out) = match question {
        ShowQuestion::Commune {
            commune,
            filiere,
            at,
            reference,
            out,
        } => {
            if reference.communes.is_none() {
                return Err(crate::error::said!(ArgShowCommune).into());
            }
            communes = reference.load()?;
            (
                Question::Commune {
                    commune,
                    date: at.date,
                    filiere,
                    include_planned: at.planned,
                },
                out,
            )
        }
        ShowQuestion::Members { grouping, at, out } => (
            Question::Members {
                grouping,
                date: at.date,
                include_planned: at.planned,
            },
            out,
        ),
        ShowQuestion::Groupings { member, at, out } => (
            Question::Groupings {
                member,
                date: at.date,
                include_planned: at.planned,
            },
            out,
        ),
        ShowQuestion::Capabilities {
            site,
            filiere,
            at,
            out,
        } => (
            Question::Capabilities {
                site,
                filiere,
                date: at.date,
                include_planned: at.planned,
            },
            out,
        ),
        ShowQuestion::Finess {
            finess,
            date,
            planned,
            out,
        } => (
            Question::SitesByFiness {
                finess,
                date,
                include_planned: planned,
            },
            out,
        ),
        ShowQuestion::TeleServices {
            origin: o,
            filiere,
            at,
            out,
        } => (
            Question::TeleServices {
                origin: origin(&o),
                filiere,
                date: at.date,
                include_planned: at.planned,
            },
            out,
        ),
    };
    let net = input::network(network)?;
    let engine = input::engine(&net, None, communes.as_ref())?;
    let answer = engine
        .answer(&net, &q)
        // The core's error (`QueryError`) with its code, in `--lang`.
        .map_err(|e| InputError::Core(e.text(lang)))?;
    let text = match out.format {
        ShowFormat::Table => table(&answer, lang),
        ShowFormat::Csv => csv_text(&answer)?,
        ShowFormat::Json => crate::output::json(&answer)?,
    };
    crate::output::write(out.output.as_deref(), &text)
}

/// A cell as text: nothing for null, lists joined by `;`.
fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| cell(Some(i)))
            .collect::<Vec<_>>()
            .join(";"),
        Some(other) => other.to_string(),
    }
}

fn grid(answer: &Answer) -> Vec<Vec<String>> {
    let columns = answer.columns();
    answer
        .rows()
        .iter()
        .map(|r| columns.iter().map(|c| cell(r.get(*c))).collect())
        .collect()
}

/// The header of a column in `lang`: in English its name (as in CSV and JSON).
fn header(column: &'static str, lang: parcours::Lang) -> &'static str {
    let msg = match column {
        "id" => CliMsg::ColId,
        "name" => CliMsg::ColName,
        "status" => CliMsg::ColStatus,
        "activity" => CliMsg::ShowActivity,
        "basis" => CliMsg::ShowBasis,
        "commune" => CliMsg::ShowCommune,
        "fact" => CliMsg::ShowFact,
        "filiere" => CliMsg::ShowFiliere,
        "finess_ej" => CliMsg::ShowFinessEj,
        "finess_et" => CliMsg::ShowFinessEt,
        "from" => CliMsg::ShowFrom,
        "grouping" => CliMsg::ShowGrouping,
        "holder" => CliMsg::ShowHolder,
        "how" => CliMsg::ShowHow,
        "insee" => CliMsg::ShowInsee,
        "kind" => CliMsg::ShowKind,
        "legal_entity" => CliMsg::ShowLegalEntity,
        "level" => CliMsg::ShowLevel,
        "match" => CliMsg::ShowMatch,
        "member" => CliMsg::ShowMember,
        "mentions" => CliMsg::ShowMentions,
        "modality" => CliMsg::ShowModality,
        "precision" => CliMsg::ShowPrecision,
        "role" => CliMsg::ShowRole,
        "site" => CliMsg::ShowSite,
        "state" => CliMsg::ShowState,
        "territory" => CliMsg::ShowTerritory,
        "to" => CliMsg::ShowTo,
        "via" => CliMsg::ShowVia,
        other => return other,
    };
    msg.template(lang)
}

/// The words in `lang` for a code in a cell of `column`; `None` keeps the value as it is (in
/// English, codes are written as in CSV and JSON; ids, names and dates in every language).
fn word(
    answer: &Answer,
    column: &str,
    value: &str,
    labels: &parcours::labels::Labels,
    lang: parcours::Lang,
) -> Option<&'static str> {
    if lang == parcours::Lang::En {
        return None;
    }
    let msg = match (column, value) {
        ("role", role) => return labels.role.get(role).copied(),
        ("kind", kind) if matches!(answer, Answer::Sites(_)) => {
            return labels.site_kind.get(kind).copied();
        }
        ("kind", "site") => CliMsg::EntitySite,
        ("kind", "legal_entity") => CliMsg::EntityLegalEntity,
        ("kind", "grouping") => CliMsg::EntityGrouping,
        ("kind", "ght") => CliMsg::CellGht,
        ("kind", "gcs_moyens") => CliMsg::CellGcsMoyens,
        ("kind", "gcs_es") => CliMsg::CellGcsEs,
        ("kind", "alliance_convention") => CliMsg::CellAllianceConvention,
        ("kind", "federation") => CliMsg::CellFederation,
        ("kind", "cancer_network") => CliMsg::CellCancerNetwork,
        ("kind", "filiere_network") => CliMsg::CellFiliereNetwork,
        ("kind", "operator_group") => CliMsg::CellOperatorGroup,
        ("status" | "state", "planned") => CliMsg::StatusPlanned,
        ("status", "in_progress") => CliMsg::StatusInProgress,
        ("status", "active") => CliMsg::StatusActive,
        ("status", "ended") => CliMsg::StatusEnded,
        ("state", "in_force") => CliMsg::CellInForce,
        ("how", "direct") => CliMsg::CellDirect,
        ("how", "legal_entity") => CliMsg::CellThroughEntity,
        ("how", "nested") => CliMsg::CellNested,
        ("fact" | "basis", "territory") => CliMsg::CellTerritory,
        ("fact", "first_line") => CliMsg::CellFirstLine,
        ("basis", "catchment") => CliMsg::CellCatchment,
        ("basis", "policy") => CliMsg::CellPolicy,
        ("basis", "none") => CliMsg::CellNone,
        ("precision", "day") => CliMsg::CellDay,
        ("precision", "month") => CliMsg::CellMonth,
        ("precision", "year") => CliMsg::CellYear,
        ("precision", "approximate") => CliMsg::CellApproximate,
        ("act", "medical_regulation") => CliMsg::CellMedicalRegulation,
        ("purpose", "avoid_transfer") => CliMsg::CellAvoidTransfer,
        ("purpose", "advice") => CliMsg::CellAdvice,
        ("purpose", "access") => CliMsg::CellAccess,
        ("access", "national") => CliMsg::CellNational,
        ("access", "requester") => CliMsg::CellRequester,
        _ => return None,
    };
    Some(msg.template(lang))
}

/// Aligned columns, with a count line in `lang`; codes in cells in the words of `lang`.
fn table(answer: &Answer, lang: parcours::Lang) -> String {
    let columns: Vec<&str> = answer.columns().iter().map(|c| header(c, lang)).collect();
    let mut rows = grid(answer);
    if lang != parcours::Lang::En {
        let labels = parcours::labels::labels(lang);
        for r in &mut rows {
            for (v, c) in r.iter_mut().zip(answer.columns()) {
                if let Some(w) = word(answer, c, v, &labels, lang) {
                    *v = w.to_owned();
                }
            }
        }
    }
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for r in &rows {
        for (w, v) in widths.iter_mut().zip(r) {
            *w = (*w).max(v.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (c, w) in cells.zip(&widths) {
            let _ = write!(text, "{c:<w$}  ");
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut out, &mut columns.iter().copied());
    for r in &rows {
        line(&mut out, &mut r.iter().map(String::as_str));
    }
    let n = rows.len();
    let rows = if n == 1 {
        CliMsg::RowsOne
    } else {
        CliMsg::RowsMany
    };
    let _ = writeln!(out, "{}", rows.fill(lang, &[&n.to_string()]));
    out
}

fn csv_text(answer: &Answer) -> Result<String, InputError> {
    let mut w = crate::output::csv_writer();
    w.write_record(answer.columns())
        .map_err(crate::output::csv_error)?;
    for r in grid(answer) {
        w.write_record(&r).map_err(crate::output::csv_error)?;
    }
    crate::output::csv_text(w)
}
