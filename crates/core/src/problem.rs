//! A problem found while checking a file (a framework, an exported scan): where it is and what
//! is wrong, kept as a text key with arguments so it can be shown in either language.

use super::i18n::{fill, k, text, Key, Lang};

/// Where in the file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Line(usize),
    File,
    Framework,
    Variant,
    Scale,
    Bands,
    Band(String),
    /// A level of the hierarchy, named by the framework's own word for it (`werkproces 1.1`).
    Node {
        kind: String,
        code: String,
    },
    Item(String),
    Ratings,
    RaterRatings(String),
    Rating {
        rater: String,
        code: String,
    },
    Paraaf(String),
    Goal(String),
    /// A field of a scan by its path in the file, e.g. `subject.date`, `plan[0].created`.
    Field(String),
    /// A spreadsheet row (1-based, as the spreadsheet numbers it).
    Row(usize),
    /// A spreadsheet cell: its row and its column's heading (or number, where it has none).
    Cell {
        row: usize,
        column: String,
    },
}

impl Place {
    pub fn text(&self, lang: Lang) -> String {
        let named = |key, name: &str, value: &str| fill(text(lang, key), &[(name, value)]);
        match self {
            Place::Line(n) => named(k::validation::PLACE_LINE, "line", &n.to_string()),
            Place::File => text(lang, k::validation::PLACE_FILE).into(),
            Place::Framework => text(lang, k::validation::PLACE_FRAMEWORK).into(),
            Place::Variant => text(lang, k::validation::PLACE_VARIANT).into(),
            Place::Scale => text(lang, k::validation::PLACE_SCALE).into(),
            Place::Bands => text(lang, k::validation::PLACE_BANDS).into(),
            Place::Band(id) => named(k::validation::PLACE_BAND, "id", id),
            Place::Node { kind, code } => format!("{} {code}", kind.to_lowercase()),
            Place::Item(code) => named(k::validation::PLACE_ITEM, "code", code),
            Place::Ratings => text(lang, k::validation::PLACE_RATINGS).into(),
            Place::RaterRatings(rater) => named(k::validation::PLACE_RATER_RATINGS, "rater", rater),
            Place::Rating { rater, code } => fill(
                text(lang, k::validation::PLACE_RATING),
                &[("rater", rater), ("code", code)],
            ),
            Place::Paraaf(code) => named(k::validation::PLACE_PARAAF, "code", code),
            Place::Goal(id) => named(k::validation::PLACE_GOAL, "id", id),
            Place::Field(path) => named(k::validation::PLACE_FIELD, "field", path),
            Place::Row(row) => named(k::spreadsheet::PLACE_ROW, "row", &row.to_string()),
            Place::Cell { row, column } => fill(
                text(lang, k::spreadsheet::PLACE_CELL),
                &[("row", &row.to_string()), ("column", column)],
            ),
        }
    }
}

/// A value filled into a problem's text: as found in the file, or itself a text (a field name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Plain(String),
    Text(Key),
    /// Why, itself a problem (what a hand-written reader found wrong in embedded JSON).
    Problem(Box<Problem>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Plain(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Plain(s)
    }
}

impl From<Key> for Arg {
    fn from(key: Key) -> Arg {
        Arg::Text(key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Option<Place>,
    pub key: Key,
    pub args: Vec<(&'static str, Arg)>,
}

impl Problem {
    pub fn new(place: impl Into<Option<Place>>, key: Key) -> Problem {
        Problem {
            place: place.into(),
            key,
            args: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Problem {
        self.args.push((name, value.into()));
        self
    }

    /// `place: what`, e.g. `band midden: bandgrenzen overlappen (grenzen moeten oplopen)`.
    pub fn text(&self, lang: Lang) -> String {
        let what = self.what(lang);
        match &self.place {
            Some(place) => format!("{}: {what}", place.text(lang)),
            None => what,
        }
    }

    /// What is wrong without its place, for a message shown at the place itself (an editor's
    /// field).
    pub fn what(&self, lang: Lang) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Plain(s) => s.clone(),
                    Arg::Text(key) => text(lang, *key).to_string(),
                    Arg::Problem(p) => p.text(lang),
                };
                (*name, value)
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        fill(text(lang, self.key), &borrowed)
    }
}

/// Problems as one line, `; `-separated.
pub fn join(problems: &[Problem], lang: Lang) -> String {
    problems
        .iter()
        .map(|p| p.text(lang))
        .collect::<Vec<_>>()
        .join("; ")
}
