//! Canonical TOML with the original's comments (see [`crate::canonical::format_toml`]).
//!
//! The `toml` crate writes the canonical network; `toml_edit` then turns the tables nested in
//! a record (`validity`, `target`, `levels`…) into inline tables, one record a `[[list]]`
//! table, and copies the comments of the original document (its decor) onto the items they
//! belonged to, following each record to its canonical place.

use toml_edit::{DocumentMut, Item, Key, RawString, Table, Value};

use crate::error::{Error, Problem, codes};
use crate::network::Network;

/// The comment lines of a piece of decor, trimmed.
fn comment_lines(raw: Option<&RawString>, out: &mut Vec<String>) {
    if let Some(text) = raw.and_then(RawString::as_str) {
        out.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| l.starts_with('#'))
                .map(str::to_owned),
        );
    }
}

/// Every comment of a value, around and inside it, in document order.
fn value_comments(value: &Value, out: &mut Vec<String>) {
    comment_lines(value.decor().prefix(), out);
    inner_comments(value, out);
    comment_lines(value.decor().suffix(), out);
}

/// The comments inside a value: between array elements, inline table entries.
fn inner_comments(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Array(a) => {
            for v in a {
                value_comments(v, out);
            }
            comment_lines(Some(a.trailing()), out);
        }
        Value::InlineTable(t) => {
            for (k, v) in t {
                if let Some((key, _)) = t.get_key_value(k) {
                    comment_lines(key.leaf_decor().prefix(), out);
                }
                value_comments(v, out);
            }
            comment_lines(Some(t.trailing()), out);
        }
        _ => {}
    }
}

/// Every comment of a key and its item, in document order.
fn item_comments(key: &Key, item: &Item, out: &mut Vec<String>) {
    comment_lines(key.leaf_decor().prefix(), out);
    match item {
        Item::Value(v) => value_comments(v, out),
        Item::Table(t) => {
            comment_lines(t.decor().prefix(), out);
            table_comments(t, out);
        }
        Item::ArrayOfTables(a) => {
            for t in a {
                comment_lines(t.decor().prefix(), out);
                table_comments(t, out);
            }
        }
        Item::None => {}
    }
}

fn table_comments(table: &Table, out: &mut Vec<String>) {
    for (k, _) in table {
        if let Some((key, item)) = table.get_key_value(k) {
            item_comments(key, item, out);
        }
    }
}

fn lines_prefix(lines: &[String]) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Puts the comments of `okey = oitem` (the original) on the key `k` of `dst`: the lines
/// above it, and a trailing comment at the end of its line. Returns `false` when `dst` has no
/// such value (the comments are then the caller's to place).
fn place_on_value(dst: &mut Table, k: &str, okey: &Key, oitem: &Item) -> bool {
    if !matches!(dst.get(k), Some(Item::Value(_))) {
        return false;
    }
    let mut above = Vec::new();
    let mut trailing = Vec::new();
    match oitem {
        Item::Value(v) => {
            comment_lines(okey.leaf_decor().prefix(), &mut above);
            // Comments inside the value (array elements, inline tables) cannot stay inside
            // an inline value of the canonical layout: they go above the key.
            comment_lines(v.decor().prefix(), &mut above);
            inner_comments(v, &mut above);
            comment_lines(v.decor().suffix(), &mut trailing);
        }
        _ => item_comments(okey, oitem, &mut above),
    }
    if trailing.len() > 1 {
        above.extend(trailing.drain(1..));
    }
    if above.is_empty() && trailing.is_empty() {
        return true;
    }
    if !above.is_empty() {
        if let Some(mut key) = dst.key_mut(k) {
            key.leaf_decor_mut().set_prefix(lines_prefix(&above));
        }
    }
    if let (Some(comment), Some(Item::Value(v))) = (trailing.first(), dst.get_mut(k)) {
        v.decor_mut().set_suffix(format!(" {comment}"));
    }
    true
}

/// Copies the comments of a record's table `orig` onto its canonical table `dst`; the comments
/// with no place there are pushed to `orphans`.
fn place_in_record(orig: &Table, dst: &mut Table, orphans: &mut Vec<String>) {
    for (k, _) in orig {
        let Some((okey, oitem)) = orig.get_key_value(k) else {
            continue;
        };
        if !place_on_value(dst, k, okey, oitem) {
            item_comments(okey, oitem, orphans);
        }
    }
}

/// Makes every table nested in a record an inline value on one line, and lists of records
/// (`levels`, `figures`) one inline table a line.
fn inline_records(doc: &mut DocumentMut) {
    for (_, item) in doc.as_table_mut().iter_mut() {
        let Item::ArrayOfTables(records) = item else {
            continue;
        };
        for record in records.iter_mut() {
            for (mut key, field) in record.iter_mut() {
                let was_records = matches!(field, Item::ArrayOfTables(_));
                if !matches!(field, Item::Table(_) | Item::ArrayOfTables(_)) {
                    continue;
                }
                field.make_value();
                key.leaf_decor_mut().set_prefix("");
                key.leaf_decor_mut().set_suffix(" ");
                match field {
                    Item::Value(Value::Array(a)) if was_records => {
                        for v in a.iter_mut() {
                            one_line(v);
                            v.decor_mut().set_prefix("\n    ");
                            v.decor_mut().set_suffix("");
                        }
                        a.set_trailing_comma(true);
                        a.set_trailing("\n");
                    }
                    Item::Value(v @ Value::InlineTable(_)) => one_line(v),
                    _ => {}
                }
            }
        }
    }
}

/// Writes an inline value on one line (inline tables cannot span lines in TOML 1.0).
fn one_line(value: &mut Value) {
    match value {
        Value::Array(a) => {
            for v in a.iter_mut() {
                one_line(v);
            }
            a.fmt();
        }
        Value::InlineTable(t) => {
            for (_, v) in t.iter_mut() {
                one_line(v);
            }
            t.fmt();
        }
        _ => {}
    }
}

fn syntax_error(original: &str, e: &toml_edit::TomlError) -> Error {
    let mut p = Problem::new(codes::SYNTAX, "", e.message().trim().to_owned()).with_help(
        "pass the TOML text the network was loaded from, or an empty text to write it without comments",
    );
    if let Some(span) = e.span() {
        let before = original.get(..span.start).unwrap_or(original);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        p = p.at(line, column);
    }
    Error::load("<toml>", vec![p])
}

pub(crate) fn format(original: &str, network: &Network) -> Result<String, Error> {
    let mut canonical = network.clone();
    let moves = canonical.canonicalize_moves();
    let text = toml::to_string_pretty(&canonical).map_err(|e| {
        Error::load(
            "<toml>",
            vec![Problem::new(codes::FORMAT, "", e.to_string())],
        )
    })?;
    let mut doc: DocumentMut = text.parse().map_err(|e| syntax_error(&text, &e))?;
    inline_records(&mut doc);
    let original = original.strip_prefix('\u{feff}').unwrap_or(original);
    if original.trim().is_empty() {
        return Ok(doc.to_string());
    }
    let orig: DocumentMut = original.parse().map_err(|e| syntax_error(original, &e))?;

    let root = doc.as_table_mut();
    let mut header = Vec::new();
    let mut orphans = Vec::new();
    for (i, (k, _)) in orig.as_table().iter().enumerate() {
        let Some((okey, oitem)) = orig.as_table().get_key_value(k) else {
            continue;
        };
        // The comments above the first key are the file's header: they stay on top.
        if i == 0 {
            comment_lines(okey.leaf_decor().prefix(), &mut header);
        }
        match (oitem, root.get_mut(k)) {
            (Item::ArrayOfTables(records), Some(Item::ArrayOfTables(dst))) => {
                for (old, record) in records.iter().enumerate() {
                    let mut above = Vec::new();
                    comment_lines(record.decor().prefix(), &mut above);
                    let mut lost = Vec::new();
                    if let Some(table) = moves.get(k, old).and_then(|new| dst.get_mut(new)) {
                        place_in_record(record, table, &mut lost);
                        above.extend(lost);
                        if !above.is_empty() {
                            table
                                .decor_mut()
                                .set_prefix(format!("\n{}", lines_prefix(&above)));
                        }
                    } else {
                        table_comments(record, &mut above);
                        orphans.extend(above);
                    }
                }
            }
            (_, Some(Item::ArrayOfTables(dst))) => {
                let mut lost = Vec::new();
                item_comments(okey, oitem, &mut lost);
                if i == 0 {
                    lost.drain(..header.len().min(lost.len()));
                }
                if let Some(first) = dst.get_mut(0) {
                    if !lost.is_empty() {
                        first
                            .decor_mut()
                            .set_prefix(format!("\n{}", lines_prefix(&lost)));
                    }
                } else {
                    orphans.extend(lost);
                }
            }
            _ => {
                let mut lost = Vec::new();
                if i == 0 {
                    // Placed with the header below; the rest as usual.
                    let bare = Key::new(k);
                    if !place_on_value(root, k, &bare, oitem) {
                        item_comments(&bare, oitem, &mut lost);
                    }
                } else if !place_on_value(root, k, okey, oitem) {
                    item_comments(okey, oitem, &mut lost);
                }
                orphans.extend(lost);
            }
        }
    }
    if !header.is_empty() {
        let first = root.iter().next().map(|(k, _)| k.to_owned());
        if let Some(mut key) = first.as_deref().and_then(|k| root.key_mut(k)) {
            let rest = key
                .leaf_decor()
                .prefix()
                .and_then(RawString::as_str)
                .unwrap_or("")
                .to_owned();
            key.leaf_decor_mut()
                .set_prefix(format!("{}\n{rest}", lines_prefix(&header)));
        }
    }
    comment_lines(Some(orig.trailing()), &mut orphans);
    if !orphans.is_empty() {
        doc.set_trailing(format!("\n{}", lines_prefix(&orphans)));
    }
    Ok(doc.to_string())
}
