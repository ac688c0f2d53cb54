//! Moodle's competency framework CSV (admin tool `lpimportcsv`), in and out, so a school loads
//! any framework into Moodle and a Moodle framework into the app.
//!
//! Moodle's file: a heading row of 14 columns (`Parent ID number`, `ID number`, `Short name`,
//! `Description`, `Description format`, `Scale values`, `Scale configuration`, `Rule type`,
//! `Rule outcome`, `Rule config`, `Cross-referenced competency ID numbers`, `Exported ID`,
//! `Is framework`, `Taxonomy`); Moodle reads them by position. One row has `Is framework` set
//! (the framework: its ID number, name, scale and one taxonomy term per level); every other
//! row is a competency naming its parent's ID number (empty at the top).
//!
//! The mapping (Moodle has one text field, `Description`, written as plain text, format 2):
//! - a node with items somewhere below it is a competency with children; its description is
//!   the node's `kind` (Kerntaak, Werkproces…);
//! - an item is a competency without children; its description is the item's description
//!   (a paragraph) and its indicators, one line each as `- indicator`, a variant's own as
//!   `- [hbo] indicator`;
//! - a title longer than Moodle's 100-character short name is cut there (`…`) and written in
//!   full as the description's first paragraph, from which it is read back;
//! - the scale is written as its values (`0 %,5 %,…,100 %`), the values in the framework's
//!   last band (or the top value, without bands) proficient, the lowest the default; read
//!   back only when the values are whole numbers at equal steps, with one common unit.
//!
//! Not carried, because Moodle has no place for them: version, purpose, bands, raters,
//! source, `about`, node and item texts, variants' labels and which nodes and items a variant
//! holds, and nodes with no item below them (reader-only texts). Read from Moodle, a
//! framework is a reflection framework, version 1.0.0, rated by student and supervisor, its
//! source Moodle; variants are those named in indicators.

use serde_json::{json, Map, Value};
use std::collections::HashMap;

use super::csv::{self, Delimiter, Sheet};
use super::framework::{Framework, Node, FORMAT, FORMAT_VERSION};
use super::i18n::{k, text, Key, Lang};
use super::problem::{Place, Problem};
use super::rater::RaterRole;
use super::refusal::Refusal;

/// Moodle's columns, in its order (Moodle reads them by position). Their names are Moodle's
/// own English words, kept with the texts (`moodle.json`) and the same in both languages.
pub const COLUMNS: [Key; 14] = [
    k::moodle::COL_PARENT,
    k::moodle::COL_ID,
    k::moodle::COL_NAME,
    k::moodle::COL_DESCRIPTION,
    k::moodle::COL_DESCRIPTION_FORMAT,
    k::moodle::COL_SCALE_VALUES,
    k::moodle::COL_SCALE_CONFIGURATION,
    k::moodle::COL_RULE_TYPE,
    k::moodle::COL_RULE_OUTCOME,
    k::moodle::COL_RULE_CONFIG,
    k::moodle::COL_RELATED,
    k::moodle::COL_EXPORT_ID,
    k::moodle::COL_IS_FRAMEWORK,
    k::moodle::COL_TAXONOMY,
];

fn column(i: usize) -> String {
    COLUMNS.get(i).map_or_else(
        || (i + 1).to_string(),
        |key| text(Lang::En, *key).to_string(),
    )
}

const PARENT: usize = 0;
const ID: usize = 1;
const NAME: usize = 2;
const DESCRIPTION: usize = 3;
const SCALE_VALUES: usize = 5;
const IS_FRAMEWORK: usize = 12;

/// Moodle's longest short name, in characters.
const MAX_NAME: usize = 100;
/// Moodle's description format for plain text (`FORMAT_PLAIN`).
const PLAIN: &str = "2";
/// Moodle's description format for HTML (`FORMAT_HTML`), what its editor writes.
const HTML: &str = "1";
const CUT: char = '…';
const INDICATOR: &str = "- ";

/// Whether a sheet is a Moodle framework export: its heading row is Moodle's (any case), or
/// it has Moodle's 14 columns and a framework row.
pub fn recognises(sheet: &Sheet) -> bool {
    let Some(heading) = sheet.rows.iter().find(|r| !r.is_empty()) else {
        return false;
    };
    let named = heading.len() == COLUMNS.len()
        && heading
            .iter()
            .zip(COLUMNS)
            .all(|(c, key)| c.text.trim().eq_ignore_ascii_case(text(Lang::En, key)));
    named
        || (heading.len() == COLUMNS.len()
            && sheet.rows.iter().skip(1).any(|r| is_framework_row(r)))
}

fn is_framework_row(row: &[csv::Cell]) -> bool {
    let flag = cell(row, IS_FRAMEWORK).trim().to_lowercase();
    !flag.is_empty() && flag != "0" && flag != "false"
}

fn cell(row: &[csv::Cell], i: usize) -> &str {
    row.get(i).map_or("", |c| c.text.as_str())
}

/// A title as Moodle's short name: cut to 100 characters (by character) with `…`.
fn short_name(title: &str) -> (String, bool) {
    if title.chars().count() <= MAX_NAME {
        (title.to_string(), false)
    } else {
        let mut s: String = title.chars().take(MAX_NAME - 1).collect();
        s.push(CUT);
        (s, true)
    }
}

/// The scale's values as Moodle's comma-separated scale items, the unit after each.
fn scale_values(f: &Framework) -> Vec<u32> {
    let s = &f.scale;
    (0..=(s.max - s.min) / s.step)
        .map(|i| s.min + i * s.step)
        .collect()
}

fn value_name(v: u32, unit: &str) -> String {
    if unit.is_empty() {
        v.to_string()
    } else {
        format!("{v} {unit}")
    }
}

/// The framework as Moodle's CSV: comma-separated, UTF-8, as Moodle's own export.
pub fn write(f: &Framework) -> String {
    let d = Delimiter::Comma;
    let mut out = csv::row(&COLUMNS.map(|key| text(Lang::En, key)), d);
    let values = scale_values(f);
    // Proficient: the values of the last band (a pass in every assessment framework), or the
    // top value without bands. The lowest value is the default, as on a fresh scan.
    let proficient = |v: u32| match f.bands.len() {
        0 => v == f.scale.max,
        n => f.band_index(f64::from(v)) == Some(n - 1),
    };
    let mut config = vec![json!({ "scaleid": null })];
    config.extend(values.iter().enumerate().map(|(i, &v)| {
        json!({"id": i + 1, "scaledefault": u8::from(i == 0), "proficient": u8::from(proficient(v))})
    }));
    let items: Vec<String> = values
        .iter()
        .map(|&v| value_name(v, &f.scale.unit))
        .collect();
    let (name, cut) = short_name(&f.title);
    let description = if cut { f.title.clone() } else { String::new() };
    // Moodle's taxonomy terms per level: domains above, competencies (the items) at the end.
    let depth = levels(&f.nodes);
    let taxonomy: Vec<&str> = (1..=depth)
        .map(|d| if d == depth { "competency" } else { "domain" })
        .collect();
    out.push_str(&csv::row(
        &[
            String::new(),
            f.id.clone(),
            name,
            description,
            PLAIN.into(),
            items.join(","),
            Value::Array(config).to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            "1".into(),
            taxonomy.join(","),
        ],
        d,
    ));
    let mut rows = Vec::new();
    for n in &f.nodes {
        node_rows(n, "", &mut rows);
    }
    for r in rows {
        out.push_str(&csv::row(&r, d));
    }
    out
}

/// How many levels the competencies have: nodes holding items, and the items.
fn levels(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .filter(|n| holds_items(n))
        .map(|n| 1 + levels(&n.children).max(usize::from(!n.items.is_empty())))
        .max()
        .unwrap_or(0)
}

fn holds_items(n: &Node) -> bool {
    !n.items.is_empty() || n.children.iter().any(holds_items)
}

fn competency(parent: &str, code: &str, title: &str, mut paragraphs: Vec<String>) -> Vec<String> {
    let (name, cut) = short_name(title);
    if cut {
        paragraphs.insert(0, title.to_string());
    }
    let mut r = vec![
        parent.to_string(),
        code.to_string(),
        name,
        paragraphs.join("\n\n"),
        PLAIN.into(),
    ];
    // Scale, rules, cross-references, exported ID, "is framework", taxonomy: empty/"0".
    r.extend(["", "", "", "", "null", "", "", "0", ""].map(String::from));
    r
}

fn node_rows(n: &Node, parent: &str, out: &mut Vec<Vec<String>>) {
    if !holds_items(n) {
        return;
    }
    out.push(competency(parent, &n.code, &n.title, vec![n.kind.clone()]));
    for i in &n.items {
        let mut paragraphs: Vec<String> = i.description.iter().cloned().collect();
        let lines: Vec<String> =
            i.indicators
                .iter()
                .map(|x| format!("{INDICATOR}{x}"))
                .chain(i.indicators_by_variant.iter().flat_map(|(v, list)| {
                    list.iter().map(move |x| format!("{INDICATOR}[{v}] {x}"))
                }))
                .collect();
        if !lines.is_empty() {
            paragraphs.push(lines.join("\n"));
        }
        out.push(competency(&n.code, &i.code, &i.title, paragraphs));
    }
    for c in &n.children {
        node_rows(c, &n.code, out);
    }
}

/// Moodle's description as plain text: HTML (what Moodle's editor writes) loses its tags, a
/// list entry becomes a `- ` line, a paragraph or line break a line break.
fn plain(description: &str, format: &str) -> String {
    if format.trim() != HTML {
        return description.replace("\r\n", "\n");
    }
    let mut out = String::new();
    let mut rest = description;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = rest[open + 1..open + close].to_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        match (tag.starts_with('/'), name) {
            (false, "li") => out.push_str(&format!("\n{INDICATOR}")),
            (true, "p") | (false, "br") | (false, "br/") => out.push_str("\n\n"),
            _ => {}
        }
        rest = &rest[open + close + 1..];
    }
    // Text after an unclosed `<` is kept as it is.
    out.push_str(rest);
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    // Paragraph breaks around list lines collapse to single line breaks within the list.
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A competency's parsed description: its full title (if cut), other paragraphs, indicators.
struct Described {
    title: String,
    text: Vec<String>,
    indicators: Vec<String>,
    by_variant: Map<String, Value>,
}

fn described(name: &str, description: &str) -> Described {
    let mut paragraphs: Vec<String> = description
        .split("\n\n")
        .map(|p| p.trim_matches('\n').to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let mut title = name.to_string();
    if let Some(stem) = name.strip_suffix(CUT) {
        if paragraphs.first().is_some_and(|p| p.starts_with(stem)) {
            title = paragraphs.remove(0);
        }
    }
    let (mut text, mut indicators, mut by_variant) = (Vec::new(), Vec::new(), Map::new());
    for p in paragraphs {
        if !p.lines().all(|l| l.starts_with(INDICATOR)) {
            text.push(p);
            continue;
        }
        for line in p.lines() {
            let x = &line[INDICATOR.len()..];
            let variant = x
                .strip_prefix('[')
                .and_then(|r| r.split_once("] "))
                .filter(|(v, _)| !v.is_empty() && !v.contains(' '));
            match variant {
                Some((v, x)) => {
                    let list = by_variant.entry(v).or_insert_with(|| json!([]));
                    if let Some(list) = list.as_array_mut() {
                        list.push(json!(x));
                    }
                }
                None => indicators.push(x.to_string()),
            }
        }
    }
    Described {
        title,
        text,
        indicators,
        by_variant,
    }
}

/// An id the framework rules accept from Moodle's ID number: lower case letters and digits,
/// anything else a single `-`.
fn framework_id(idnumber: &str) -> String {
    let mut id = String::new();
    for c in idnumber.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.chars().count() < 2 {
        format!("moodle-{id}").trim_end_matches('-').to_string()
    } else {
        id
    }
}

/// Moodle's scale items as the app's scale: whole numbers at equal steps, one unit after them.
fn scale(values: &str) -> Option<Value> {
    let items: Vec<&str> = values.split(',').map(str::trim).collect();
    let unit_of = |s: &str| {
        s.trim_start_matches(|c: char| c.is_ascii_digit())
            .trim()
            .to_string()
    };
    let unit = unit_of(items.first()?);
    let numbers: Option<Vec<u32>> = items
        .iter()
        .map(|s| {
            let digits = s.trim_end_matches(|c: char| !c.is_ascii_digit());
            (unit_of(s) == unit).then(|| digits.parse().ok()).flatten()
        })
        .collect();
    let numbers = numbers?;
    let (&min, &max) = (numbers.first()?, numbers.last()?);
    let step = numbers.get(1)?.checked_sub(min).filter(|&s| s > 0)?;
    let even = numbers.iter().enumerate().all(|(i, &v)| {
        u32::try_from(i)
            .ok()
            .and_then(|i| i.checked_mul(step))
            .map(|d| min + d)
            == Some(v)
    });
    even.then(|| json!({"min": min, "max": max, "step": step, "unit": unit}))
}

/// Reads Moodle's framework CSV. `year` is the source's year (Moodle's file has none: the
/// caller passes the current one). Problems name their row and column.
pub fn read(bytes: &[u8], year: u16) -> Result<Framework, Vec<Problem>> {
    let sheet = csv::read(bytes).map_err(|p| vec![p])?;
    if !recognises(&sheet) {
        return Err(vec![Refusal::OtherCsv.problem()]);
    }
    from_sheet(&sheet, year)
}

pub(crate) fn from_sheet(sheet: &Sheet, year: u16) -> Result<Framework, Vec<Problem>> {
    let at = |row: usize, column: usize, key| {
        Problem::new(
            Place::Cell {
                row,
                column: self::column(column),
            },
            key,
        )
    };
    let rows: Vec<&Vec<csv::Cell>> = sheet
        .rows
        .iter()
        .skip_while(|r| r.is_empty())
        .skip(1)
        .filter(|r| !r.is_empty())
        .collect();
    let Some(framework_row) = rows.iter().find(|r| is_framework_row(r)) else {
        return Err(vec![Problem::new(Place::File, k::moodle::NO_FRAMEWORK_ROW)]);
    };
    let row_no = framework_row[0].row;
    let mut problems = Vec::new();
    let values = cell(framework_row, SCALE_VALUES);
    let scale = scale(values).unwrap_or_else(|| {
        problems.push(at(row_no, SCALE_VALUES, k::moodle::BAD_SCALE).with("values", values));
        Value::Null
    });
    // The app's usual 15 points on a 0–100 scale; one step on a short one (Moodle's 1–4).
    let threshold = match (scale["max"].as_u64(), scale["step"].as_u64()) {
        (Some(max), _) if max >= 15 => 15,
        (_, Some(step)) => step,
        _ => 1,
    };
    let name = cell(framework_row, NAME);
    let format = cell(framework_row, DESCRIPTION + 1);
    let title = described(name, &plain(cell(framework_row, DESCRIPTION), format)).title;
    // Competencies by ID number, in file order; their children by parent ID number.
    let mut rows_of: HashMap<String, usize> = HashMap::new();
    let mut children: HashMap<&str, Vec<&Vec<csv::Cell>>> = HashMap::new();
    for r in rows.iter().filter(|r| !is_framework_row(r)) {
        let id = cell(r, ID).trim();
        rows_of.entry(id.to_string()).or_insert(r[0].row);
        children.entry(cell(r, PARENT).trim()).or_default().push(r);
    }
    for r in rows.iter().filter(|r| !is_framework_row(r)) {
        let parent = cell(r, PARENT).trim();
        if !parent.is_empty() && !rows_of.contains_key(parent) {
            problems.push(at(r[0].row, PARENT, k::moodle::UNKNOWN_PARENT).with("id", parent));
        }
    }
    let mut variants: Vec<String> = Vec::new();
    fn tree(
        parent: &str,
        children: &HashMap<&str, Vec<&Vec<csv::Cell>>>,
        variants: &mut Vec<String>,
        depth: usize,
    ) -> (Vec<Value>, Vec<Value>) {
        let (mut nodes, mut items) = (Vec::new(), Vec::new());
        // A cycle of parents never reaches the top, so it is not walked; depth caps the rest.
        if depth > 32 {
            return (nodes, items);
        }
        for r in children.get(parent).into_iter().flatten() {
            let id = cell(r, ID).trim();
            let d = described(
                cell(r, NAME),
                &plain(cell(r, DESCRIPTION), cell(r, DESCRIPTION + 1)),
            );
            if children.contains_key(id) {
                let (child_nodes, own_items) = tree(id, children, variants, depth + 1);
                let kind = d
                    .text
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "competency".into());
                let mut node = json!({"code": id, "kind": kind, "title": d.title});
                if !child_nodes.is_empty() {
                    node["children"] = json!(child_nodes);
                }
                if !own_items.is_empty() {
                    node["items"] = json!(own_items);
                }
                nodes.push(node);
            } else {
                let mut item = json!({"code": id, "title": d.title});
                if !d.text.is_empty() {
                    item["description"] = json!(d.text.join("\n\n"));
                }
                if !d.indicators.is_empty() {
                    item["indicators"] = json!(d.indicators);
                }
                for v in d.by_variant.keys() {
                    if !variants.contains(v) {
                        variants.push(v.clone());
                    }
                }
                if !d.by_variant.is_empty() {
                    item["indicatorsByVariant"] = Value::Object(d.by_variant);
                }
                items.push(item);
            }
        }
        (nodes, items)
    }
    let (nodes, top_items) = tree("", &children, &mut variants, 0);
    for item in &top_items {
        let code = item["code"].as_str().unwrap_or_default();
        let row = rows_of.get(code).copied().unwrap_or(row_no);
        problems.push(at(row, PARENT, k::moodle::ITEM_AT_TOP).with("code", code));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let framework = json!({
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "id": framework_id(cell(framework_row, ID)),
        "version": "1.0.0",
        "title": title,
        "language": "nl",
        "purpose": "reflection",
        "source": {"publisher": text(Lang::Nl, k::moodle::PUBLISHER), "year": year, "document": title},
        "scale": scale,
        "bands": [],
        "differenceThreshold": threshold,
        "raters": [RaterRole::Subject, RaterRole::Supervisor],
        "variants": variants.iter().map(|v| json!({"id": v, "label": v})).collect::<Vec<_>>(),
        "nodes": nodes,
    });
    Framework::parse(&framework.to_string()).map_err(|e| {
        e.problems
            .into_iter()
            .map(|p| {
                let code = match &p.place {
                    Some(Place::Item(code)) | Some(Place::Node { code, .. }) => Some(code.clone()),
                    _ => None,
                };
                let place = match code.and_then(|c| rows_of.get(&c)) {
                    Some(&row) => Place::Cell {
                        row,
                        column: column(
                            if p.key == k::validation::CODE_CHARS
                                || p.key == k::validation::CODE_TWICE
                            {
                                ID
                            } else {
                                NAME
                            },
                        ),
                    },
                    None => Place::Row(row_no),
                };
                Problem {
                    place: Some(place),
                    ..p
                }
            })
            .collect()
    })
}
