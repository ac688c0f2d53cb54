//! What a file given to "Kader toevoegen" is when it is no framework, told by its content and
//! said with what to do instead. One enum, so each case has one text however it was found
//! (by its first bytes, its `format` field or its first row).

use super::exchange::{self, FileKind};
use super::i18n::{k, Key, Lang};
use super::problem::Problem;

/// Largest framework file accepted, checked before the file is read into memory; the largest
/// bundled framework is ~250 KB as JSON, so a bigger file is something else.
pub const MAX_FRAMEWORK_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Over `MAX_FRAMEWORK_BYTES`; the file's size in bytes.
    TooLarge(usize),
    /// Nothing in it but white space (or a BOM).
    Empty,
    /// `.xlsx` / `.ods`: a ZIP container (`PK\x03\x04`).
    Workbook,
    /// `.xls`: the old compound document format.
    OldWorkbook,
    /// The coach's class overview CSV, the only CSV of results the app writes.
    ClassOverview,
    /// A CSV with neither the template's first row nor Moodle's headings.
    OtherCsv,
    /// A scan export (JSON): it belongs in Bestand openen.
    ScanExport,
    /// A feedback request or answer (JSON): it belongs in Bestand openen.
    FeedbackFile,
}

impl Refusal {
    /// Recognised from the bytes alone, without decoding them: size, workbook signatures,
    /// nothing in it, or a file of ours that is no framework.
    pub fn of_bytes(bytes: &[u8]) -> Option<Refusal> {
        if bytes.len() > MAX_FRAMEWORK_BYTES {
            return Some(Refusal::TooLarge(bytes.len()));
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return Some(Refusal::Workbook);
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Some(Refusal::OldWorkbook);
        }
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if body.iter().all(u8::is_ascii_whitespace) {
            return Some(Refusal::Empty);
        }
        match exchange::kind(bytes)? {
            FileKind::Export => Some(Refusal::ScanExport),
            FileKind::FeedbackRequest | FileKind::Feedback => Some(Refusal::FeedbackFile),
            FileKind::Framework => None,
        }
    }

    fn key(self) -> Key {
        match self {
            Refusal::TooLarge(_) => k::spreadsheet::TOO_LARGE,
            Refusal::Empty => k::spreadsheet::EMPTY,
            Refusal::Workbook => k::spreadsheet::XLSX,
            Refusal::OldWorkbook => k::spreadsheet::XLS,
            Refusal::ClassOverview => k::spreadsheet::CLASS_OVERVIEW,
            Refusal::OtherCsv => k::spreadsheet::UNKNOWN,
            Refusal::ScanExport => k::spreadsheet::SCAN_EXPORT,
            Refusal::FeedbackFile => k::spreadsheet::FEEDBACK_FILE,
        }
    }

    /// As a problem without a place: the whole file is the problem.
    pub fn problem(self) -> Problem {
        let p = Problem::new(None, self.key());
        match self {
            Refusal::TooLarge(size) => {
                let mb =
                    |n: usize| format!("{:.1}", n as f64 / (1024.0 * 1024.0)).replace(".0", "");
                p.with("size", mb(size))
                    .with("max", mb(MAX_FRAMEWORK_BYTES))
            }
            Refusal::OtherCsv => p.with("marker", super::template::marker_row()),
            Refusal::Empty
            | Refusal::Workbook
            | Refusal::OldWorkbook
            | Refusal::ClassOverview
            | Refusal::ScanExport
            | Refusal::FeedbackFile => p,
        }
    }

    pub fn text(self, lang: Lang) -> String {
        self.problem().text(lang)
    }
}
