//! `parcours fmt`: rewrite networks in canonical order and layout (see `parcours::canonical`).

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use parcours::messages::CliMsg;
use parcours::{Format, Network};

use crate::error::said;
use crate::input::InputError;

/// The format `fmt --to` writes.
#[derive(Clone, Copy, ValueEnum)]
pub enum To {
    Json,
    Toml,
}

/// What `fmt` does with the canonical text.
#[derive(Clone, Copy)]
enum Mode {
    /// Print it.
    Print,
    /// Exit 1 when a file is not canonical, listing them.
    Check,
    /// Rewrite the files that are not canonical.
    Write,
}

/// The canonical text of a network file, in `to` (default: the file's own format), keeping the
/// comments of a TOML file.
fn canonical(path: &Path, to: Option<To>) -> Result<(String, String), InputError> {
    let text = crate::input::read(path)?;
    let name = path.display().to_string();
    let format = Format::from_path(&name);
    let network = Network::load(&text, format, &name)?;
    let to = to.unwrap_or(match format {
        Format::Toml => To::Toml,
        _ => To::Json,
    });
    let out = match to {
        To::Json => network.to_canonical_json(),
        To::Toml => {
            // The comments of a TOML file stay; a JSON file has none to keep.
            let original = if matches!(format, Format::Toml) {
                text.as_str()
            } else {
                ""
            };
            parcours::canonical::format_toml(original, &network).map_err(|e| {
                let e = crate::input::named(e, "<toml>", &name);
                said!(OutCannotWriteToml, &name, e.text(crate::input::lang()))
            })?
        }
    };
    Ok((text, out))
}

/// Runs `fmt` on `files` (`--check`, `--write`, or print); `Ok(true)` when `--check` found
/// files that are not canonical. What it reports on standard error is in `lang`.
pub fn run(
    files: &[PathBuf],
    check: bool,
    write: bool,
    to: Option<To>,
    lang: parcours::Lang,
) -> Result<bool, InputError> {
    let mode = if check {
        Mode::Check
    } else if write {
        Mode::Write
    } else {
        Mode::Print
    };
    let mut stale = Vec::new();
    let mut printed = String::new();
    for path in files {
        let (before, after) = canonical(path, to)?;
        match mode {
            Mode::Print => printed.push_str(&after),
            Mode::Check => {
                if before != after {
                    stale.push(path.display().to_string());
                }
            }
            Mode::Write => {
                if before != after {
                    crate::output::write_file(path, &after)?;
                    eprintln!(
                        "{}",
                        CliMsg::Formatted.fill(lang, &[&path.display().to_string()])
                    );
                }
            }
        }
    }
    if !printed.is_empty() {
        crate::output::write(None, &printed)?;
    }
    if stale.is_empty() {
        return Ok(false);
    }
    let mut text = String::new();
    for s in &stale {
        text.push_str(s);
        text.push('\n');
    }
    crate::output::write(None, &text)?;
    let msg = if stale.len() == 1 {
        CliMsg::NotCanonicalOne
    } else {
        CliMsg::NotCanonicalMany
    };
    eprintln!("{}", msg.fill(lang, &[&stale.len().to_string()]));
    Ok(true)
}
