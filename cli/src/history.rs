//! `parcours history` and `parcours diff --structure`: what changes when in a network, and
//! what changed between two versions of it. The core builds both (`parcours::history`,
//! `parcours::structure`); this module reads the files and writes tables, CSV and JSON.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use parcours::history::{ChangeKind, EntityKind, HistoryEntry, history_between_in};
use parcours::messages::CliMsg;
use parcours::structure::{DiffKind, StructureDiff, diff_structure};
use parcours::{Date, Lang, Precision, Status};
use serde::Serialize;
use serde_json::Value;

use crate::error::said;
use crate::input::{self, InputError};
use crate::{Outcome, ReportFormat, output};

/// The arguments of `parcours history`.
#[derive(clap::Args)]
#[command(after_help = "\
Dates are shown as precise as the source: 2017-09-01 (day), 2017-09 (month), 2017 (year),
~2018-01-01 (approximate). Planned facts without an expected date come last, as (no date);
--from or --to leaves them out. CSV columns: date, precision, change, entity, id, status,
description, source, pointer.

Examples:
  parcours history examples/networks/alliance-ouest-parisien.json
  parcours history examples/networks/sud-haut-marnais.json --from 2017-01-01 --to 2018-12-31 --format csv")]
pub struct HistoryArgs {
    /// Network file (.json or .toml).
    network: PathBuf,
    /// Only changes on or after this date (YYYY-MM-DD).
    #[arg(long)]
    from: Option<Date>,
    /// Only changes on or before this date (YYYY-MM-DD).
    #[arg(long)]
    to: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// `parcours history NETWORK [--from D] [--to D]`, descriptions (and, in the table, every
/// word) in `lang`.
pub fn run_history(args: &HistoryArgs, lang: Lang) -> Result<Outcome, InputError> {
    let (from, to, format) = (args.from, args.to, args.format);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return Err(said!(ArgToBeforeFrom, t.to_string(), f.to_string()).into());
    }
    let net = input::network(&args.network)?;
    let entries = history_between_in(&net, from, to, lang);
    let text = match format {
        ReportFormat::Table => history_table(&net.name, &entries, lang),
        ReportFormat::Csv => history_csv(&entries)?,
        ReportFormat::Json => output::json(&entries)?,
    };
    output::write(args.output.as_deref(), &text)?;
    Ok(Outcome::Ok)
}

/// `parcours diff --structure BEFORE AFTER` (or `BEFORE --changes CHANGES.json`).
pub fn run_diff_structure(
    files: &[PathBuf],
    changes: Option<&Path>,
    format: ReportFormat,
    fail_on_change: bool,
    out: Option<&Path>,
    lang: Lang,
) -> Result<Outcome, InputError> {
    let (before, after) = match (changes, files) {
        (Some(changes), [before]) => {
            let a = input::network(before)?;
            let b = input::changed_network(&a, before, changes)?;
            (a, b)
        }
        (None, [before, after]) => (input::network(before)?, input::network(after)?),
        (Some(_), _) => return Err(said!(ArgStructureChanges).into()),
        (None, _) => return Err(said!(ArgStructureFiles).into()),
    };
    let diff = diff_structure(&before, &after);
    let text = match format {
        ReportFormat::Table => structure_table(&diff, lang),
        ReportFormat::Csv => structure_csv(&diff)?,
        ReportFormat::Json => output::json(&diff)?,
    };
    output::write(out, &text)?;
    Ok(if fail_on_change && !diff.is_empty() {
        Outcome::Found
    } else {
        Outcome::Ok
    })
}

/// The snake_case name serde gives a unit enum variant.
fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A date as precise as the source: `2017-09-01`, `2017-09`, `2017`, `~2018-01-01`.
fn shown_date(date: Option<Date>, precision: Precision, lang: Lang) -> String {
    let Some(d) = date else {
        return CliMsg::NoDate.template(lang).into();
    };
    match precision {
        Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
        Precision::Year => format!("{:04}", d.year()),
        Precision::Approximate => format!("~{d}"),
        _ => d.to_string(),
    }
}

/// The words for a kind of change, in `lang` (`planned start`).
fn change_word(change: ChangeKind, lang: Lang) -> &'static str {
    let msg = match change {
        ChangeKind::Starts => CliMsg::ChangeStarts,
        ChangeKind::Ends => CliMsg::ChangeEnds,
        ChangeKind::PlannedStart => CliMsg::ChangePlannedStart,
        ChangeKind::PlannedEnd => CliMsg::ChangePlannedEnd,
        _ => CliMsg::ChangeEvent,
    };
    msg.template(lang)
}

/// The words for a fact's status, in `lang` (`in progress`).
fn status_word(status: Status, lang: Lang) -> &'static str {
    let msg = match status {
        Status::Ended => CliMsg::StatusEnded,
        Status::Planned => CliMsg::StatusPlanned,
        Status::InProgress => CliMsg::StatusInProgress,
        _ => CliMsg::StatusActive,
    };
    msg.template(lang)
}

/// The words for a kind of entity, in `lang` (`shared service`).
pub(crate) fn entity_word(entity: EntityKind, lang: Lang) -> &'static str {
    let msg = match entity {
        EntityKind::Network => CliMsg::EntityNetwork,
        EntityKind::Source => CliMsg::EntitySource,
        EntityKind::Location => CliMsg::EntityLocation,
        EntityKind::LegalEntity => CliMsg::EntityLegalEntity,
        EntityKind::Site => CliMsg::EntitySite,
        EntityKind::Equipment => CliMsg::EntityEquipment,
        EntityKind::Filiere => CliMsg::EntityFiliere,
        EntityKind::Grouping => CliMsg::EntityGrouping,
        EntityKind::Membership => CliMsg::EntityMembership,
        EntityKind::Capability => CliMsg::EntityCapability,
        EntityKind::Rule => CliMsg::EntityRule,
        EntityKind::SharedService => CliMsg::EntitySharedService,
        EntityKind::TeleService => CliMsg::EntityTeleService,
        _ => CliMsg::EntityEvent,
    };
    msg.template(lang)
}

/// A readable timeline: one line per change, in `lang`.
fn history_table(name: &str, entries: &[HistoryEntry], lang: Lang) -> String {
    let mut out = String::new();
    let count = entries.len().to_string();
    let _ = writeln!(out, "{}", CliMsg::HistoryTitle.fill(lang, &[name, &count]));
    if entries.is_empty() {
        return out;
    }
    let word = |m: CliMsg| m.template(lang);
    let _ = writeln!(
        out,
        "{:<12} {:<14} {:<12} {:<15} {}",
        word(CliMsg::ColDate),
        word(CliMsg::ColChange),
        word(CliMsg::ColStatus),
        word(CliMsg::ColEntity),
        word(CliMsg::ColDescription)
    );
    for e in entries {
        let _ = writeln!(
            out,
            "{:<12} {:<14} {:<12} {:<15} {}",
            shown_date(e.date, e.precision, lang),
            change_word(e.change, lang),
            status_word(e.status, lang),
            entity_word(e.entity, lang),
            e.description
        );
    }
    out
}

/// The timeline as CSV, one row per change.
fn history_csv(entries: &[HistoryEntry]) -> Result<String, InputError> {
    let mut w = output::csv_writer();
    w.write_record([
        "date",
        "precision",
        "change",
        "entity",
        "id",
        "status",
        "description",
        "source",
        "pointer",
    ])
    .map_err(output::csv_error)?;
    for e in entries {
        w.write_record([
            e.date.map(|d| d.to_string()).unwrap_or_default().as_str(),
            &name_of(&e.precision),
            e.change.as_str(),
            e.entity.as_str(),
            &e.id,
            &name_of(&e.status),
            &e.description,
            e.source.as_deref().unwrap_or(""),
            &e.pointer,
        ])
        .map_err(output::csv_error)?;
    }
    output::csv_text(w)
}

/// A JSON value in one line, `-` when absent.
fn shown_value(v: Option<&Value>) -> String {
    v.map_or_else(|| "-".into(), Value::to_string)
}

/// A readable structural diff: `+` added, `-` removed, `~` changed with its fields; words in
/// `lang`.
fn structure_table(diff: &StructureDiff, lang: Lang) -> String {
    let mut out = String::new();
    let counts = [diff.added, diff.removed, diff.changed].map(|n| n.to_string());
    let _ = writeln!(
        out,
        "{}",
        CliMsg::StructureTitle.fill(
            lang,
            &[
                &diff.before,
                &diff.after,
                &counts[0],
                &counts[1],
                &counts[2]
            ]
        )
    );
    for e in &diff.entries {
        let mark = match e.change {
            DiffKind::Added => '+',
            DiffKind::Removed => '-',
            _ => '~',
        };
        let at = e
            .pointer_after
            .as_deref()
            .or(e.pointer_before.as_deref())
            .filter(|p| !p.is_empty())
            .map(|p| format!("  ({p})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{mark} {:<15} {}{at}",
            entity_word(e.entity, lang),
            e.id
        );
        for f in &e.fields {
            let _ = writeln!(
                out,
                "    {}: {} -> {}",
                f.field,
                shown_value(f.before.as_ref()),
                shown_value(f.after.as_ref())
            );
        }
    }
    out
}

/// The structural diff as CSV: one row per added or removed entity, one per changed field.
fn structure_csv(diff: &StructureDiff) -> Result<String, InputError> {
    let mut w = output::csv_writer();
    w.write_record([
        "change",
        "entity",
        "id",
        "field",
        "before",
        "after",
        "pointer_before",
        "pointer_after",
    ])
    .map_err(output::csv_error)?;
    // Text as it is, other values as JSON; empty when absent.
    let json = |v: Option<&Value>| match v {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    for e in &diff.entries {
        let (pb, pa) = (
            e.pointer_before.as_deref().unwrap_or(""),
            e.pointer_after.as_deref().unwrap_or(""),
        );
        if e.fields.is_empty() {
            w.write_record([
                e.change.as_str(),
                e.entity.as_str(),
                &e.id,
                "",
                "",
                "",
                pb,
                pa,
            ])
            .map_err(output::csv_error)?;
        }
        for f in &e.fields {
            w.write_record([
                e.change.as_str(),
                e.entity.as_str(),
                &e.id,
                &f.field,
                &json(f.before.as_ref()),
                &json(f.after.as_ref()),
                pb,
                pa,
            ])
            .map_err(output::csv_error)?;
        }
    }
    output::csv_text(w)
}
