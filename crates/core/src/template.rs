//! The framework template (kader-sjabloon): a whole framework as one spreadsheet, so a teacher
//! makes or adapts one in Excel instead of writing JSON. Layout (see `frameworks/README.md`):
//!
//! - row 1, the marker `Competentiescan-kader;1`;
//! - a header block, one `key;value…` row each (keys in Dutch, English accepted, any case);
//! - an empty row, then the item table: a heading row (`Niveau;Soort;Code;Titel;…`, columns
//!   found by heading, any order) and one row per node, item or extra indicator:
//!   `Niveau` 1, 2, … is a node at that depth (under the last node one level up); an empty
//!   `Niveau` with a `Code` is an item of the last node; a row with only `Indicator` (and
//!   optionally a variant in `Varianten`) adds indicators to the last item. An indicator cell
//!   may hold several indicators, one per line; `write` puts each on its own row.
//!
//! `read` builds the framework's JSON and runs it through [`Framework::parse`], so a template
//! meets exactly the rules of a JSON file; each problem is then put back on its row and
//! column. Node and item texts and the framework's `about` are optional columns/keys holding
//! their JSON, so every framework round-trips; the only thing not kept is `$schema`.

use serde_json::{json, Map, Value};
use std::collections::HashMap;

use super::csv::{self, Delimiter, Sheet};
use super::framework::{self, Band, Block, Framework, Item, Node, Purpose, FORMAT, FORMAT_VERSION};
use super::i18n::{k, Key};
use super::json;
use super::problem::{Arg, Place, Problem};
use super::rater::RaterRole;
use super::refusal::Refusal;

/// The first cell of a template; compared without case.
pub const MARKER: &str = "competentiescan-kader";
/// The template layout's own version, the marker row's second cell.
pub const LAYOUT_VERSION: &str = "1";

/// A header-block key: its Dutch word (written) and the English one (also read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum HeaderKey {
    Id,
    Version,
    Title,
    ShortTitle,
    Language,
    Purpose,
    Publisher,
    Year,
    Document,
    SourceNote,
    ItemKind,
    IndicatorLead,
    Scale,
    DifferenceThreshold,
    Raters,
    Decisive,
    ExtraRoles,
    Variant,
    Band,
    About,
}

impl HeaderKey {
    const ALL: [HeaderKey; 20] = [
        HeaderKey::Id,
        HeaderKey::Version,
        HeaderKey::Title,
        HeaderKey::ShortTitle,
        HeaderKey::Language,
        HeaderKey::Purpose,
        HeaderKey::Publisher,
        HeaderKey::Year,
        HeaderKey::Document,
        HeaderKey::SourceNote,
        HeaderKey::ItemKind,
        HeaderKey::IndicatorLead,
        HeaderKey::Scale,
        HeaderKey::DifferenceThreshold,
        HeaderKey::Raters,
        HeaderKey::Decisive,
        HeaderKey::ExtraRoles,
        HeaderKey::Variant,
        HeaderKey::Band,
        HeaderKey::About,
    ];

    /// (Dutch, English) as written; matched without case.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            HeaderKey::Id => ("id", "id"),
            HeaderKey::Version => ("versie", "version"),
            HeaderKey::Title => ("titel", "title"),
            HeaderKey::ShortTitle => ("korte titel", "short title"),
            HeaderKey::Language => ("taal", "language"),
            HeaderKey::Purpose => ("doel", "purpose"),
            HeaderKey::Publisher => ("uitgever", "publisher"),
            HeaderKey::Year => ("jaar", "year"),
            HeaderKey::Document => ("document", "document"),
            HeaderKey::SourceNote => ("bronnotitie", "source note"),
            HeaderKey::ItemKind => ("soort item", "item kind"),
            HeaderKey::IndicatorLead => ("inleiding indicatoren", "indicator lead"),
            HeaderKey::Scale => ("schaal", "scale"),
            HeaderKey::DifferenceThreshold => ("verschilgrens", "difference threshold"),
            HeaderKey::Raters => ("beoordelaars", "raters"),
            HeaderKey::Decisive => ("beslissend", "decisive"),
            HeaderKey::ExtraRoles => ("extra rollen", "extra roles"),
            HeaderKey::Variant => ("variant", "variant"),
            HeaderKey::Band => ("band", "band"),
            HeaderKey::About => ("over (JSON)", "about (JSON)"),
        }
    }

    fn parse(word: &str) -> Option<HeaderKey> {
        let word = word.trim().to_lowercase();
        HeaderKey::ALL.into_iter().find(|key| {
            let (nl, en) = key.words();
            word == nl.to_lowercase() || word == en.to_lowercase()
        })
    }

    /// Whether the key may stand on more than one row.
    fn repeats(self) -> bool {
        matches!(
            self,
            HeaderKey::Variant | HeaderKey::Band | HeaderKey::About
        )
    }
}

/// A column of the item table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Level,
    Kind,
    Code,
    Title,
    Description,
    Indicator,
    Variants,
    Texts,
}

impl Column {
    const ALL: [Column; 8] = [
        Column::Level,
        Column::Kind,
        Column::Code,
        Column::Title,
        Column::Description,
        Column::Indicator,
        Column::Variants,
        Column::Texts,
    ];

    fn words(self) -> (&'static str, &'static str) {
        match self {
            Column::Level => ("niveau", "level"),
            Column::Kind => ("soort", "kind"),
            Column::Code => ("code", "code"),
            Column::Title => ("titel", "title"),
            Column::Description => ("omschrijving", "description"),
            Column::Indicator => ("indicator", "indicator"),
            Column::Variants => ("varianten", "variants"),
            Column::Texts => ("teksten (JSON)", "texts (JSON)"),
        }
    }

    fn parse(word: &str) -> Option<Column> {
        let word = word.trim().to_lowercase();
        Column::ALL.into_iter().find(|c| {
            let (nl, en) = c.words();
            word == nl.to_lowercase() || word == en.to_lowercase()
        })
    }
}

/// `purpose` words: Dutch written, English (the JSON value) accepted.
fn purpose_word(p: Purpose) -> &'static str {
    match p {
        Purpose::Assessment => "beoordeling",
        Purpose::Reflection => "reflectie",
    }
}

fn parse_purpose(s: &str) -> Option<Purpose> {
    let s = s.trim().to_lowercase();
    [Purpose::Assessment, Purpose::Reflection]
        .into_iter()
        .find(|&p| {
            s == purpose_word(p)
                || serde_json::to_value(p).is_ok_and(|v| v.as_str() == Some(s.as_str()))
        })
}

const YES: [&str; 2] = ["ja", "yes"];
const NO: [&str; 2] = ["nee", "no"];
/// A band's upper bound: `<55` (below, exclusive) or `<=75` (up to, inclusive).
const BELOW: &str = "<";
const UP_TO: &str = "<=";

/// Upper-cases the first letter: keys are stored lower case and matched without case.
fn capitalised(word: &str) -> String {
    let mut cs = word.chars();
    cs.next()
        .map(|c| c.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

fn blocks_json(blocks: &[Block]) -> String {
    if blocks.is_empty() {
        String::new()
    } else {
        serde_json::to_string(blocks).expect("blocks serialise")
    }
}

/// The framework as a template: UTF-8 with BOM, `;`-separated, CRLF, so Dutch Excel opens it
/// in columns with its accents.
pub fn write(f: &Framework) -> String {
    let d = Delimiter::Semicolon;
    let mut out = String::from("\u{feff}");
    let mut row = |cells: Vec<String>| {
        let cells: Vec<_> = cells.iter().map(|c| csv::guarded(c)).collect();
        out.push_str(&csv::row(&cells, d))
    };
    row(vec![capitalised(MARKER), LAYOUT_VERSION.into()]);
    let key = |k: HeaderKey| capitalised(k.words().0);
    let mut pair = |k: HeaderKey, v: &str| row(vec![key(k), v.to_string()]);
    pair(HeaderKey::Id, &f.id);
    pair(HeaderKey::Version, &f.version);
    pair(HeaderKey::Title, &f.title);
    if let Some(s) = &f.short_title {
        pair(HeaderKey::ShortTitle, s);
    }
    pair(HeaderKey::Language, &f.language);
    pair(HeaderKey::Purpose, purpose_word(f.purpose));
    pair(HeaderKey::Publisher, &f.source.publisher);
    pair(HeaderKey::Year, &f.source.year.to_string());
    pair(HeaderKey::Document, &f.source.document);
    if let Some(n) = &f.source.note {
        pair(HeaderKey::SourceNote, n);
    }
    if let Some(s) = &f.item_kind {
        pair(HeaderKey::ItemKind, s);
    }
    if let Some(s) = &f.indicator_lead {
        pair(HeaderKey::IndicatorLead, s);
    }
    let mut list = |k: HeaderKey, values: Vec<String>| {
        let mut cells = vec![key(k)];
        cells.extend(values);
        row(cells);
    };
    let s = &f.scale;
    list(
        HeaderKey::Scale,
        vec![
            s.min.to_string(),
            s.max.to_string(),
            s.step.to_string(),
            s.unit.clone(),
        ],
    );
    list(
        HeaderKey::DifferenceThreshold,
        vec![f.difference_threshold.to_string()],
    );
    let wire = |roles: &[RaterRole]| roles.iter().map(|r| r.wire_name().to_string()).collect();
    list(HeaderKey::Raters, wire(&f.raters));
    if let Some(r) = f.decisive {
        list(HeaderKey::Decisive, vec![r.wire_name().into()]);
    }
    if !f.extra_roles.is_empty() {
        list(HeaderKey::ExtraRoles, wire(&f.extra_roles));
    }
    for v in &f.variants {
        let mut cells = vec![v.id.clone(), v.label.clone()];
        cells.extend(v.description.clone());
        list(HeaderKey::Variant, cells);
    }
    for b in &f.bands {
        let bound = band_bound(b);
        let focus = if b.focus { YES[0] } else { NO[0] };
        list(
            HeaderKey::Band,
            vec![
                b.id.clone(),
                b.label.clone(),
                b.meaning.clone(),
                b.advice.clone(),
                focus.into(),
                bound,
            ],
        );
    }
    // One block per row: a cell holds at most 32,767 characters in Excel.
    for b in &f.about {
        list(
            HeaderKey::About,
            vec![serde_json::to_string(b).expect("blocks serialise")],
        );
    }
    row(Vec::new());
    row(Column::ALL.map(|c| capitalised(c.words().0)).to_vec());
    fn walk(nodes: &[Node], depth: usize, out: &mut Vec<[String; 8]>) {
        for n in nodes {
            out.push([
                depth.to_string(),
                n.kind.clone(),
                n.code.clone(),
                n.title.clone(),
                String::new(),
                String::new(),
                n.variants.join(", "),
                blocks_json(&n.texts),
            ]);
            for item in &n.items {
                item_rows(item, out);
            }
            walk(&n.children, depth + 1, out);
        }
    }
    fn item_rows(i: &Item, out: &mut Vec<[String; 8]>) {
        out.push([
            String::new(),
            String::new(),
            i.code.clone(),
            i.title.clone(),
            i.description.clone().unwrap_or_default(),
            String::new(),
            i.variants.join(", "),
            blocks_json(&i.texts),
        ]);
        let shared = i.indicators.iter().map(|x| (x, String::new()));
        let own = i
            .indicators_by_variant
            .iter()
            .flat_map(|(v, list)| list.iter().map(move |x| (x, v.clone())));
        for (indicator, variant) in shared.chain(own) {
            let mut r: [String; 8] = Default::default();
            r[5] = indicator.clone();
            r[6] = variant;
            out.push(r);
        }
    }
    let mut rows = Vec::new();
    walk(&f.nodes, 1, &mut rows);
    for r in rows {
        row(r.to_vec());
    }
    out
}

/// A real, small framework to start from ("Download voorbeeld"): three werkprocessen, eight
/// items, Dutch with accents.
pub fn example() -> String {
    let f = Framework::parse(include_str!("../templates/voorbeeld.json"))
        .expect("the example framework is valid (tested)");
    write(&f)
}

/// What `read` gives: the framework and the warnings to show before it is accepted.
pub type Read = (Framework, Vec<Problem>);

/// Reads a template file. Refuses a file that is no CSV, or CSV but no template (a class
/// overview, anything else), with what it looks like; otherwise every problem found, each on
/// its row and column. Warnings (an item without indicators) come with the framework.
pub fn read(bytes: &[u8]) -> Result<Read, Vec<Problem>> {
    let sheet = csv::read(bytes).map_err(|p| vec![p])?;
    recognise(&sheet).map_err(|r| vec![r.problem()])?;
    Reader::default().read(&unguarded(&sheet))
}

/// Undoes `write`'s formula guards (`csv::guarded`).
fn unguarded(sheet: &Sheet) -> Sheet {
    let mut sheet = sheet.clone();
    for cell in sheet.rows.iter_mut().flatten() {
        let text = csv::unguarded(&cell.text);
        if text.len() != cell.text.len() {
            cell.text = text.to_string();
        }
    }
    sheet
}

/// Refuses a sheet that is not a template: the app's own class overview CSV by its heading
/// row (either language), anything else as another CSV.
pub fn recognise(sheet: &Sheet) -> Result<(), Refusal> {
    let first = first_row(sheet);
    if first
        .first()
        .is_some_and(|c| c.eq_ignore_ascii_case(MARKER))
    {
        return Ok(());
    }
    if super::overview::is_csv_heading(&first) {
        return Err(Refusal::ClassOverview);
    }
    Err(Refusal::OtherCsv)
}

fn first_row(sheet: &Sheet) -> Vec<&str> {
    sheet
        .rows
        .iter()
        .find(|r| !r.is_empty())
        .map(|r| r.iter().map(|c| c.text.trim()).collect())
        .unwrap_or_default()
}

/// The template's first row as a teacher sees it: `Competentiescan-kader;1`.
pub fn marker_row() -> String {
    format!("{};{LAYOUT_VERSION}", capitalised(MARKER))
}

/// Reads a framework from any spreadsheet the app knows: the template (with its warnings) or
/// Moodle's framework CSV; anything else is refused as what it looks like. `year` is the
/// source year of a Moodle framework (its file has none).
pub fn read_any(bytes: &[u8], year: u16) -> Result<Read, Vec<Problem>> {
    let sheet = csv::read(bytes).map_err(|p| vec![p])?;
    read_sheet(&sheet, year).map_err(|e| match e {
        SheetError::Not(r) => vec![r.problem()],
        SheetError::Problems(problems) => problems,
    })
}

/// Why a sheet gave no framework: it is something else, or a framework with problems.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetError {
    Not(Refusal),
    Problems(Vec<Problem>),
}

/// `read_any` on a sheet already read, keeping a refusal as what the file is.
pub fn read_sheet(sheet: &Sheet, year: u16) -> Result<Read, SheetError> {
    // First: the class overview also has 14 columns, and a filled band column would pass
    // for Moodle's "Is framework" flag.
    if super::overview::is_csv_heading(&first_row(sheet)) {
        return Err(SheetError::Not(Refusal::ClassOverview));
    }
    if super::moodle::recognises(sheet) {
        return super::moodle::from_sheet(sheet, year)
            .map(|f| (f, Vec::new()))
            .map_err(SheetError::Problems);
    }
    recognise(sheet).map_err(SheetError::Not)?;
    Reader::default()
        .read(&unguarded(sheet))
        .map_err(SheetError::Problems)
}

/// Where each part of the framework came from, to put validation problems back on the sheet.
#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    /// Header key → its (first) row.
    header_rows: HashMap<&'static str, usize>,
    bands: HashMap<String, usize>,
    /// Node or item code → its rows, in order (a code twice has two).
    codes: HashMap<String, Vec<usize>>,
    headings: HashMap<Column, String>,
}

impl Reader {
    fn at(&mut self, row: usize, column: impl Into<String>, key: Key) -> &mut Problem {
        self.problems.push(Problem::new(
            Place::Cell {
                row,
                column: column.into(),
            },
            key,
        ));
        self.problems.last_mut().expect("just pushed")
    }

    fn read(mut self, sheet: &Sheet) -> Result<Read, Vec<Problem>> {
        let mut f = Map::new();
        f.insert("format".into(), json!(FORMAT));
        f.insert("formatVersion".into(), json!(FORMAT_VERSION));
        let mut source = Map::new();
        let mut rows = sheet.rows.iter().skip_while(|r| r.is_empty()).skip(1);
        let mut seen: HashMap<HeaderKey, usize> = HashMap::new();
        let (mut variants, mut bands, mut about) = (Vec::new(), Vec::new(), Vec::new());
        let mut table_heading = None;
        for r in rows.by_ref() {
            let Some(first) = r.first() else { continue };
            let row = first.row;
            if Column::parse(&first.text) == Some(Column::Level) {
                table_heading = Some(r);
                break;
            }
            let Some(key) = HeaderKey::parse(&first.text) else {
                self.at(row, "1", k::template::UNKNOWN_KEY)
                    .args
                    .push(("key", first.text.as_str().into()));
                continue;
            };
            if !key.repeats() {
                if let Some(earlier) = seen.insert(key, row) {
                    self.at(row, "1", k::template::KEY_TWICE).args.extend([
                        ("key", first.text.as_str().into()),
                        ("row", earlier.to_string().into()),
                    ]);
                    continue;
                }
            }
            self.header_rows.entry(key.words().0).or_insert(row);
            let values: Vec<&str> = r.iter().skip(1).map(|c| c.text.as_str()).collect();
            let value = values.first().copied().unwrap_or("").to_string();
            match key {
                HeaderKey::Id => f.insert("id".into(), json!(value.trim())).map(drop),
                HeaderKey::Version => f.insert("version".into(), json!(value.trim())).map(drop),
                HeaderKey::Title => f.insert("title".into(), json!(value)).map(drop),
                HeaderKey::ShortTitle => f.insert("shortTitle".into(), json!(value)).map(drop),
                HeaderKey::Language => f.insert("language".into(), json!(value.trim())).map(drop),
                HeaderKey::Purpose => match parse_purpose(&value) {
                    Some(p) => f.insert("purpose".into(), json!(p)).map(drop),
                    None => {
                        self.at(row, "2", k::template::BAD_PURPOSE)
                            .args
                            .push(("value", value.into()));
                        None
                    }
                },
                HeaderKey::Publisher => source.insert("publisher".into(), json!(value)).map(drop),
                HeaderKey::Year => match value.trim().parse::<u16>() {
                    Ok(y) => source.insert("year".into(), json!(y)).map(drop),
                    Err(_) => self.not_a_number(row, 2, &value),
                },
                HeaderKey::Document => source.insert("document".into(), json!(value)).map(drop),
                HeaderKey::SourceNote => source.insert("note".into(), json!(value)).map(drop),
                HeaderKey::ItemKind => f.insert("itemKind".into(), json!(value)).map(drop),
                HeaderKey::IndicatorLead => {
                    f.insert("indicatorLead".into(), json!(value)).map(drop)
                }
                HeaderKey::Scale => {
                    let mut scale = Map::new();
                    for (i, name) in ["min", "max", "step"].into_iter().enumerate() {
                        let cell = values.get(i).copied().unwrap_or("");
                        match cell.trim().parse::<u32>() {
                            Ok(n) => {
                                scale.insert(name.into(), json!(n));
                            }
                            Err(_) => {
                                self.not_a_number(row, i + 2, cell);
                            }
                        }
                    }
                    let unit = values.get(3).copied().unwrap_or("");
                    scale.insert("unit".into(), json!(unit));
                    f.insert("scale".into(), Value::Object(scale)).map(drop)
                }
                HeaderKey::DifferenceThreshold => match value.trim().parse::<u32>() {
                    Ok(n) => f.insert("differenceThreshold".into(), json!(n)).map(drop),
                    Err(_) => self.not_a_number(row, 2, &value),
                },
                HeaderKey::Raters | HeaderKey::ExtraRoles | HeaderKey::Decisive => {
                    let mut roles = Vec::new();
                    for (i, name) in values.iter().enumerate() {
                        match RaterRole::parse(name.trim()) {
                            Some(r) => roles.push(r),
                            None => {
                                let wires: Vec<_> =
                                    RaterRole::ALL.iter().map(|r| r.wire_name()).collect();
                                self.at(row, (i + 2).to_string(), k::template::BAD_ROLE)
                                    .args
                                    .extend([
                                        ("value", (*name).into()),
                                        ("roles", wires.join(", ").into()),
                                    ]);
                            }
                        }
                    }
                    let (field, v) = match key {
                        HeaderKey::Raters => ("raters", json!(roles)),
                        HeaderKey::ExtraRoles => ("extraRoles", json!(roles)),
                        _ => ("decisive", json!(roles.first())),
                    };
                    f.insert(field.into(), v).map(drop)
                }
                HeaderKey::Variant => {
                    let cell = |i: usize| values.get(i).copied().unwrap_or("").to_string();
                    let mut v = json!({"id": cell(0).trim(), "label": cell(1)});
                    if values.len() > 2 {
                        v["description"] = json!(cell(2));
                    }
                    variants.push(v);
                    None
                }
                HeaderKey::Band => {
                    if let Some(b) = self.band(row, &values) {
                        bands.push(b);
                    }
                    None
                }
                HeaderKey::About => {
                    match json::from_str(&value, framework::read::block) {
                        Ok(b) => about.push(json!(b)),
                        Err(e) => {
                            self.at(row, "2", k::template::BAD_TEXTS)
                                .args
                                .push(("reason", Arg::Problem(Box::new(e.problem(None)))));
                        }
                    }
                    None
                }
            };
        }
        f.insert("source".into(), Value::Object(source));
        f.insert("bands".into(), Value::Array(bands));
        if !about.is_empty() {
            f.insert("about".into(), Value::Array(about));
        }
        if !variants.is_empty() {
            f.insert("variants".into(), Value::Array(variants));
        }
        for (key, field) in [
            (HeaderKey::Id, "id"),
            (HeaderKey::Version, "version"),
            (HeaderKey::Title, "title"),
            (HeaderKey::Language, "language"),
            (HeaderKey::Purpose, "purpose"),
            (HeaderKey::Scale, "scale"),
            (HeaderKey::Raters, "raters"),
        ] {
            if !f.contains_key(field) && !seen.contains_key(&key) {
                self.problems.push(
                    Problem::new(Place::File, k::template::MISSING_KEY)
                        .with("key", capitalised(key.words().0)),
                );
            }
        }
        if !seen.contains_key(&HeaderKey::Year) {
            self.problems.push(
                Problem::new(Place::File, k::template::MISSING_KEY)
                    .with("key", capitalised(HeaderKey::Year.words().0)),
            );
        }
        let Some(heading) = table_heading else {
            self.problems.push(
                Problem::new(Place::File, k::template::NO_TABLE)
                    .with("heading", capitalised(Column::Level.words().0)),
            );
            return Err(self.problems);
        };
        let mut columns: Vec<Option<Column>> = Vec::new();
        for c in heading {
            let col = Column::parse(&c.text);
            if let Some(col) = col {
                self.headings.insert(col, c.text.trim().to_string());
            }
            columns.push(col);
        }
        for required in [
            Column::Level,
            Column::Code,
            Column::Title,
            Column::Indicator,
        ] {
            if !self.headings.contains_key(&required) {
                self.problems.push(
                    Problem::new(Place::Row(heading[0].row), k::template::MISSING_COLUMN)
                        .with("column", capitalised(required.words().0)),
                );
            }
        }
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let nodes = self.table(rows, &columns);
        f.insert("nodes".into(), Value::Array(nodes));
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let json = Value::Object(f).to_string();
        match Framework::parse(&json) {
            Ok(framework) => Ok((framework, self.warnings)),
            Err(e) => Err(e.problems.into_iter().map(|p| self.locate(p)).collect()),
        }
    }

    fn not_a_number(&mut self, row: usize, column: usize, value: &str) -> Option<()> {
        self.at(row, column.to_string(), k::template::NOT_A_NUMBER)
            .args
            .push(("value", value.into()));
        None
    }

    fn blocks(&mut self, row: usize, column: impl Into<String>, text: &str) -> Value {
        match json::from_str(text, framework::read::blocks) {
            Ok(blocks) => json!(blocks),
            Err(e) => {
                self.at(row, column, k::template::BAD_TEXTS)
                    .args
                    .push(("reason", Arg::Problem(Box::new(e.problem(None)))));
                json!([])
            }
        }
    }

    fn band(&mut self, row: usize, values: &[&str]) -> Option<Value> {
        let cell = |i: usize| values.get(i).copied().unwrap_or("").to_string();
        let focus = cell(4).trim().to_lowercase();
        let focus = if YES.contains(&focus.as_str()) {
            true
        } else if NO.contains(&focus.as_str()) {
            false
        } else {
            self.at(row, "6", k::template::BAD_FOCUS)
                .args
                .push(("value", cell(4).into()));
            return None;
        };
        let id = cell(0).trim().to_string();
        let mut band = json!({"id": id, "label": cell(1), "meaning": cell(2),
            "advice": cell(3), "focus": focus});
        let bound = cell(5).trim().replace(' ', "");
        if !bound.is_empty() {
            let (field, n) = match bound.strip_prefix(UP_TO) {
                Some(n) => ("upTo", n),
                None => ("below", bound.strip_prefix(BELOW).unwrap_or("")),
            };
            match n.replace(',', ".").parse::<f64>() {
                Ok(n) if n.is_finite() => band[field] = json!(n),
                _ => {
                    self.at(row, "7", k::template::BAD_BOUND)
                        .args
                        .push(("value", cell(5).into()));
                    return None;
                }
            }
        }
        self.bands.entry(id).or_insert(row);
        Some(band)
    }

    /// The item table into the nodes' JSON tree.
    fn table<'a>(
        &mut self,
        rows: impl Iterator<Item = &'a Vec<csv::Cell>>,
        columns: &[Option<Column>],
    ) -> Vec<Value> {
        // The open path: one node per depth, each with the indices it was built with.
        let mut path: Vec<Value> = Vec::new();
        let mut roots: Vec<Value> = Vec::new();
        let mut last_item: Option<Value> = None;
        // Closes nodes deeper than `depth`, attaching each to its parent (or the roots).
        fn close(
            path: &mut Vec<Value>,
            roots: &mut Vec<Value>,
            depth: usize,
            item: &mut Option<Value>,
        ) {
            if let Some(i) = item.take() {
                if let Some(node) = path.last_mut() {
                    push(node, "items", i);
                }
            }
            while path.len() > depth {
                let node = path.pop().expect("non-empty");
                match path.last_mut() {
                    Some(parent) => push(parent, "children", node),
                    None => roots.push(node),
                }
            }
        }
        fn push(obj: &mut Value, field: &str, v: Value) {
            match obj.get_mut(field).and_then(Value::as_array_mut) {
                Some(list) => list.push(v),
                None => obj[field] = json!([v]),
            }
        }
        for r in rows {
            let Some(first) = r.first() else { continue };
            let row = first.row;
            let get = |col: Column| {
                r.iter()
                    .zip(columns)
                    .find(|(_, c)| **c == Some(col))
                    .map_or("", |(cell, _)| cell.text.as_str())
            };
            let heading = |me: &Self, col: Column| {
                me.headings
                    .get(&col)
                    .cloned()
                    .unwrap_or_else(|| capitalised(col.words().0))
            };
            let list = |s: &str| -> Vec<String> {
                s.split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(String::from)
                    .collect()
            };
            let level = get(Column::Level).trim();
            let code = get(Column::Code).trim();
            let title = get(Column::Title);
            let indicators: Vec<String> = get(Column::Indicator)
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from)
                .collect();
            let texts = get(Column::Texts);
            if !level.is_empty() {
                let depth = match level.parse::<usize>() {
                    Ok(d) if d >= 1 && d <= path.len() + 1 => d,
                    _ => {
                        let col = heading(self, Column::Level);
                        self.at(row, col, k::template::BAD_LEVEL).args.extend([
                            ("value", level.into()),
                            ("max", (path.len() + 1).to_string().into()),
                        ]);
                        continue;
                    }
                };
                close(&mut path, &mut roots, depth - 1, &mut last_item);
                let mut node = json!({"code": code, "kind": get(Column::Kind), "title": title});
                let variants = list(get(Column::Variants));
                if !variants.is_empty() {
                    node["variants"] = json!(variants);
                }
                if !texts.trim().is_empty() {
                    let col = heading(self, Column::Texts);
                    node["texts"] = self.blocks(row, col, texts);
                }
                self.codes.entry(code.to_string()).or_default().push(row);
                path.push(node);
            } else if !code.is_empty() || !title.trim().is_empty() {
                if path.is_empty() {
                    let col = heading(self, Column::Code);
                    self.at(row, col, k::template::ITEM_BEFORE_NODE);
                    continue;
                }
                close(&mut path, &mut roots, usize::MAX, &mut last_item);
                let mut item = json!({"code": code, "title": title});
                let description = get(Column::Description);
                if !description.is_empty() {
                    item["description"] = json!(description);
                }
                let variants = list(get(Column::Variants));
                if !variants.is_empty() {
                    item["variants"] = json!(variants);
                }
                if !indicators.is_empty() {
                    item["indicators"] = json!(indicators);
                }
                if !texts.trim().is_empty() {
                    let col = heading(self, Column::Texts);
                    item["texts"] = self.blocks(row, col, texts);
                }
                self.codes.entry(code.to_string()).or_default().push(row);
                last_item = Some(item);
            } else if !indicators.is_empty() {
                let Some(item) = last_item.as_mut() else {
                    let col = heading(self, Column::Indicator);
                    self.at(row, col, k::template::INDICATOR_BEFORE_ITEM);
                    continue;
                };
                let variant = get(Column::Variants).trim();
                let list = if variant.is_empty() {
                    &mut item["indicators"]
                } else {
                    &mut item["indicatorsByVariant"][variant]
                };
                if list.is_null() {
                    *list = json!([]);
                }
                if let Some(list) = list.as_array_mut() {
                    list.extend(indicators.into_iter().map(Value::from));
                }
            } else if r.iter().any(|c| !c.text.trim().is_empty()) {
                // Text with nothing to belong to would be lost: say so instead.
                self.problems
                    .push(Problem::new(Place::Row(row), k::template::STRAY_ROW));
            }
        }
        close(&mut path, &mut roots, 0, &mut last_item);
        self.warn_without_indicators(&roots);
        roots
    }

    fn warn_without_indicators(&mut self, nodes: &[Value]) {
        for n in nodes {
            for item in n["items"].as_array().into_iter().flatten() {
                let has = |f: &str| item.get(f).is_some_and(|v| !v.is_null());
                if !has("indicators") && !has("indicatorsByVariant") {
                    let code = item["code"].as_str().unwrap_or_default();
                    let row = self.row_of(code, false);
                    let col = self
                        .headings
                        .get(&Column::Indicator)
                        .cloned()
                        .unwrap_or_default();
                    self.warnings.push(
                        Problem::new(Place::Cell { row, column: col }, k::template::NO_INDICATORS)
                            .with("code", code),
                    );
                }
            }
            let children: Vec<Value> = n["children"].as_array().cloned().unwrap_or_default();
            self.warn_without_indicators(&children);
        }
    }

    fn row_of(&self, code: &str, last: bool) -> usize {
        let rows = self.codes.get(code);
        let pick = if last {
            rows.and_then(|r| r.last())
        } else {
            rows.and_then(|r| r.first())
        };
        pick.copied().unwrap_or(1)
    }

    /// Puts a validation problem on the sheet: its row from what it is about, its column
    /// from what is wrong.
    fn locate(&self, p: Problem) -> Problem {
        let field = p.args.iter().find_map(|(n, a)| match a {
            super::problem::Arg::Text(key) if *n == "field" => Some(*key),
            _ => None,
        });
        let header = |key: HeaderKey| {
            (
                self.header_rows.get(key.words().0).copied().unwrap_or(1),
                capitalised(key.words().0),
            )
        };
        let column = |col: Column| {
            self.headings
                .get(&col)
                .cloned()
                .unwrap_or_else(|| capitalised(col.words().0))
        };
        let table_column = |key: Key| {
            let col = if key == k::validation::CODE_CHARS || key == k::validation::CODE_TWICE {
                Column::Code
            } else if key == k::validation::UNKNOWN_VARIANT
                || key == k::validation::INDICATORS_UNKNOWN_VARIANT
            {
                Column::Variants
            } else if field == Some(k::validation::FIELD_KIND) {
                Column::Kind
            } else if field == Some(k::validation::FIELD_DESCRIPTION) {
                Column::Description
            } else if field == Some(k::validation::FIELD_INDICATOR)
                || key == k::validation::INDICATORS_EMPTY
            {
                Column::Indicator
            } else if field == Some(k::validation::FIELD_TITLE) {
                Column::Title
            } else {
                Column::Texts
            };
            column(col)
        };
        let (row, col) = match &p.place {
            Some(Place::Item(code)) | Some(Place::Node { code, .. }) => (
                self.row_of(code, p.key == k::validation::CODE_TWICE),
                table_column(p.key),
            ),
            Some(Place::Band(id)) => (
                self.bands.get(id).copied().unwrap_or(1),
                header(HeaderKey::Band).1,
            ),
            Some(Place::Bands) => header(HeaderKey::Band),
            Some(Place::Scale) => header(HeaderKey::Scale),
            Some(Place::Variant) => header(HeaderKey::Variant),
            _ => {
                let key = if p.key == k::validation::BAD_ID {
                    HeaderKey::Id
                } else if p.key == k::validation::BAD_VERSION {
                    HeaderKey::Version
                } else if p.key == k::validation::BAD_THRESHOLD {
                    HeaderKey::DifferenceThreshold
                } else if field == Some(k::validation::FIELD_PUBLISHER) {
                    HeaderKey::Publisher
                } else if field == Some(k::validation::FIELD_DOCUMENT) {
                    HeaderKey::Document
                } else if field == Some(k::validation::FIELD_TITLE) {
                    HeaderKey::Title
                } else if p.key == k::validation::NO_RATERS
                    || p.key == k::raters::DECISIVE_NOT_EXPECTED
                    || p.key == k::raters::ROLE_TWICE
                    || p.key == k::raters::ROLE_IN_BOTH
                {
                    HeaderKey::Raters
                } else if matches!(p.place, Some(Place::Field(_))) {
                    // The reader's refusal of the framework's own structure: the sheet as a
                    // whole, whose first row is Id.
                    HeaderKey::Id
                } else {
                    HeaderKey::About
                };
                if key == HeaderKey::About
                    && !self.header_rows.contains_key(HeaderKey::About.words().0)
                {
                    return Problem {
                        place: Some(Place::File),
                        ..p
                    };
                }
                header(key)
            }
        };
        Problem {
            place: Some(Place::Cell { row, column: col }),
            ..p
        }
    }
}

/// A band's upper bound as the template writes it: `<55`, `<=75` or nothing.
fn band_bound(b: &Band) -> String {
    match (b.below, b.up_to) {
        (Some(x), _) => format!("{BELOW}{}", number(x)),
        (None, Some(x)) => format!("{UP_TO}{}", number(x)),
        (None, None) => String::new(),
    }
}
