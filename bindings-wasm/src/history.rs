//! `Network.history()` and `diffStructure()`: the core's `parcours::history` and
//! `parcours::structure`, one entry each, JSON text out (`js/index.mjs` parses it). Dates come
//! in as text and are read by the core's `Date` parser, the one every network date goes
//! through already.

use wasm_bindgen::prelude::*;

use crate::{InputError, Network, json, load_error};
use parcours::Date;

#[wasm_bindgen(typescript_custom_section)]
const TS_HISTORY: &str = r#"
/** One dated change of a network (`Network.history()`), in date order. */
export interface HistoryEntry {
  /** `YYYY-MM-DD`; null only for a planned fact with no expected date (listed last). */
  date: string | null;
  /** How precise the date is, as the fact's validity says. */
  precision: 'day' | 'month' | 'year' | 'approximate';
  /** A fact takes effect or stops, a planned one is expected to, or an event. */
  change: 'starts' | 'ends' | 'planned_start' | 'planned_end' | 'event';
  /** Kind of entity: `site`, `equipment`, `grouping`, `membership`, `capability`, `rule`,
   *  `shared_service`, `tele_service`, `event`. */
  entity: string;
  /** Its id; `grouping/member/role` for a membership, `site/filiere` for a capability without
   *  id, `site/kind` for equipment. */
  id: string;
  /** One line in words, with the entities' names. */
  description: string;
  status: 'planned' | 'in_progress' | 'active' | 'ended';
  /** The source the fact cites. */
  source: string | null;
  /** JSON pointer to the fact in the network (`/memberships/14`). */
  pointer: string;
}

/** The words for the codes a result or a network carries (core `parcours::labels`), in one
 *  language: each map goes from the code (`recourse`, `too_far`, `chu`…) to its words. */
export interface Labels {
  step: Record<Step, string>;
  reason: Record<ReasonCode, string>;
  rejection: Record<Rejection, string>;
  site_kind: Record<string, string>;
  role: Record<string, string>;
}

/** A field that differs between two versions of an entity; absent values are missing. */
export interface FieldChange {
  /** Dot-separated path in the entity (`validity.to`); lists are compared whole. */
  field: string;
  before?: unknown;
  after?: unknown;
}

/** An entity added, removed or changed between two versions of a network. */
export interface EntityDiff {
  change: 'added' | 'removed' | 'changed';
  /** Kind of entity (`membership`, `rule`, `network` for the network's own fields…). */
  entity: string;
  /** Its key: the id; `grouping/member/role` for a membership; `site/filiere` for a
   *  capability without id. */
  id: string;
  /** For a changed entity: the fields that differ, sorted by path. */
  fields?: FieldChange[];
  /** For an added or removed entity: the entity as the JSON format writes it. */
  value?: Record<string, unknown>;
  pointer_before?: string;
  pointer_after?: string;
}

/** What differs between two versions of a network (`diffStructure`). */
export interface StructureDiff {
  /** Id of the first network. */
  before: string;
  /** Id of the second network. */
  after: string;
  added: number;
  removed: number;
  changed: number;
  /** The network's own fields first, then section by section in file order. */
  entries: EntityDiff[];
}
"#;

/// A date argument (`from`, `to`), or an `argument` error pointing at it.
fn date_argument(text: Option<String>, name: &str) -> Result<Option<Date>, JsValue> {
    text.map(|t| {
        t.parse::<Date>().map_err(|e| {
            InputError {
                code: "argument",
                message: e.to_string(),
                pointer: format!("/{name}"),
            }
            .to_js("argument")
        })
    })
    .transpose()
}

#[wasm_bindgen]
impl Network {
    /// Every dated change of the network in date order (core `parcours::history`), as JSON text
    /// of a `HistoryEntry[]`; `from` and `to` (`YYYY-MM-DD`, inclusive) keep a window;
    /// descriptions in `lang` (`en`, `fr`).
    ///
    /// # Errors
    /// Throws an error payload with code `argument` for a bad date or an unknown language.
    #[wasm_bindgen(js_name = historyJson)]
    pub fn history_json(
        &self,
        from: Option<String>,
        to: Option<String>,
        lang: &str,
    ) -> Result<String, JsValue> {
        let lang = crate::read_lang(lang)?;
        let from = date_argument(from, "from")?;
        let to = date_argument(to, "to")?;
        Ok(json(&parcours::history::history_between_in(
            &self.inner,
            from,
            to,
            lang,
        )))
    }
}

/// The words for steps, reasons, rejections, site kinds and roles in `lang` (core
/// `parcours::labels`), as JSON text of a `Labels` object.
///
/// # Errors
/// Throws an error payload with code `argument` for an unknown language.
#[wasm_bindgen(js_name = labelsJson)]
pub fn labels_json(lang: &str) -> Result<String, JsValue> {
    Ok(parcours::labels::labels_json(crate::read_lang(lang)?))
}

#[wasm_bindgen(typescript_custom_section)]
const TS_CHANGES: &str = r#"
/** One change of a what-if (core `parcours::analysis::Change`), the format of
 *  `parcours diff --changes` files and Python `Network.apply_changes`; `from` is `YYYY-MM-DD`,
 *  the first day the change holds (absent: from the start). */
export type Change =
  | { change: 'remove_member'; grouping: string; member: string; from?: string }
  | { change: 'remove_grouping'; grouping: string }
  | { change: 'close_capability'; site: string; filiere: string; from?: string }
  | ({ change: 'add_capability'; site: string; filiere: string; level: string } & Record<string, unknown>)
  | { change: 'add_site'; site: Record<string, unknown>; location?: Record<string, unknown>; legal_entity?: Record<string, unknown> }
  | ({ change: 'add_membership'; grouping: string; member: string; role: string } & Record<string, unknown>)
  | { change: 'move_shared_service'; service: string; provider: string };
"#;

#[wasm_bindgen]
impl Network {
    /// A new network: this one with the changes (JSON text of an array of changes, the
    /// format of `parcours diff --changes` and Python `apply_changes`) applied in order
    /// (core `parcours::analysis::read_changes` and `apply_changes`); `file` names the changes
    /// in errors.
    ///
    /// # Errors
    /// Throws a load error payload: the changes do not read (pointer, line, column), a change
    /// names nothing in the network (`L004`, `/changes/N`), or the result does not validate.
    #[wasm_bindgen(js_name = applyChangesJson)]
    pub fn apply_changes_json(&self, changes: &str, file: &str) -> Result<Network, JsValue> {
        let changes =
            parcours::analysis::read_changes(changes, file).map_err(|e| load_error(&e))?;
        parcours::analysis::apply_changes(&self.inner, &changes)
            .map(|inner| Network { inner })
            .map_err(|e| {
                // The core names the changes `<changes>`: name them as the caller does.
                let e = if e.file() == "<changes>" {
                    e.in_file(file)
                } else {
                    e
                };
                load_error(&e)
            })
    }
}

/// What differs from `before` to `after`, entity by entity (core `diff_structure`), as JSON
/// text of a `StructureDiff`.
#[wasm_bindgen(js_name = diffStructureJson)]
pub fn diff_structure_json(before: &Network, after: &Network) -> String {
    json(&parcours::structure::diff_structure(
        &before.inner,
        &after.inner,
    ))
}
