//! Reading a spreadsheet file (CSV) into rows of cells, whatever Excel or LibreOffice wrote:
//! UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), or Windows-1252 (Dutch
//! Excel's "CSV (puntkomma)"); `;`, `,` or tab between cells; RFC 4180 quoting. Files that are
//! no CSV at all (empty, a workbook, too large) are refused with what they look like and what
//! to do. What the rows mean is for `template` (and later Moodle) to say.

use super::i18n::k;
use super::problem::{Place, Problem};
use super::refusal::Refusal;

/// The character between cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Semicolon,
    Tab,
    Comma,
}

impl Delimiter {
    /// In order of preference on a tie: Dutch Excel writes `;`, "Unicode text" tabs.
    pub const ALL: [Delimiter; 3] = [Delimiter::Semicolon, Delimiter::Tab, Delimiter::Comma];

    pub fn char(self) -> char {
        match self {
            Delimiter::Semicolon => ';',
            Delimiter::Tab => '\t',
            Delimiter::Comma => ',',
        }
    }
}

/// How the file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

/// One cell with its place, 1-based as a spreadsheet numbers rows and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub row: usize,
    pub column: usize,
    pub text: String,
}

/// A read file: its rows in order (an empty row is an empty `Vec`; trailing empty rows and
/// trailing empty cells are dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub encoding: Encoding,
    pub delimiter: Delimiter,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The texts of every row, for tests and for recognising header rows.
    pub fn texts(&self) -> Vec<Vec<&str>> {
        self.rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }
}

/// Decodes and splits a file; refuses what is not a CSV file (`Refusal::of_bytes`: too large,
/// a workbook, empty, a JSON file of ours) with one clear problem.
pub fn read(bytes: &[u8]) -> Result<Sheet, Problem> {
    if let Some(refused) = Refusal::of_bytes(bytes) {
        return Err(refused.problem());
    }
    let (encoding, text) = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(Refusal::Empty.problem());
    }
    let delimiter = detect(&text);
    let rows = split(&text, delimiter.char())?;
    Ok(Sheet {
        encoding,
        delimiter,
        rows,
    })
}

/// BOMs first; then UTF-8 if the bytes are valid UTF-8 (Windows-1252 text with any accent is
/// not: its accented letters are lone bytes ≥ 0x80), else Windows-1252. Also for a framework
/// JSON saved as "ANSI" by a text editor: decoded, never replaced by U+FFFD.
pub fn decode(bytes: &[u8]) -> Result<(Encoding, String), Problem> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(|s| (Encoding::Utf8, s.to_string()))
            .map_err(|_| Problem::new(Place::File, k::spreadsheet::BAD_UTF8));
    }
    for (bom, encoding) in [
        ([0xFF, 0xFE], Encoding::Utf16Le),
        ([0xFE, 0xFF], Encoding::Utf16Be),
    ] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            return utf16(rest, encoding == Encoding::Utf16Le).map(|s| (encoding, s));
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((Encoding::Utf8, s.to_string())),
        Err(_) => windows_1252(bytes).map(|s| (Encoding::Windows1252, s)),
    }
}

fn utf16(bytes: &[u8], little_endian: bool) -> Result<String, Problem> {
    let bad = || Problem::new(Place::File, k::spreadsheet::BAD_UTF16);
    if !bytes.len().is_multiple_of(2) {
        return Err(bad());
    }
    let units = bytes.as_chunks::<2>().0.iter().map(|&pair| {
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| bad())
}

/// Windows-1252's 0x80–0x9F; `None` where the code page defines no character.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Windows-1252: 0x80–0x9F from the table, every other byte is the Latin-1 code point. An
/// undefined byte is refused with its line, so nothing is silently replaced.
fn windows_1252(bytes: &[u8]) -> Result<String, Problem> {
    let mut out = String::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        let c = match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => Some(char::from(b)),
        };
        match c {
            Some(c) => out.push(c),
            None => {
                let line = 1 + bytes[..i].iter().filter(|&&x| x == b'\n').count();
                return Err(
                    Problem::new(Place::Line(line), k::spreadsheet::UNDEFINED_BYTE)
                        .with("byte", format!("0x{b:02X}")),
                );
            }
        }
    }
    Ok(out)
}

/// The delimiter is counted, outside quotes, on the first non-empty line only: in every file
/// we read that line holds fixed words (the template's marker row, Moodle's and the class
/// overview's column headings), while later rows hold free text full of commas. Most wins;
/// a tie (none at all: a one-column file) goes by `Delimiter::ALL`'s order.
fn detect(text: &str) -> Delimiter {
    let line = text
        .split(['\n', '\r'])
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let count = |d: Delimiter| {
        let mut quoted = false;
        line.chars()
            .filter(|&c| {
                if c == '"' {
                    quoted = !quoted;
                }
                !quoted && c == d.char()
            })
            .count()
    };
    let mut best = Delimiter::ALL[0];
    for d in Delimiter::ALL {
        if count(d) > count(best) {
            best = d;
        }
    }
    best
}

/// RFC 4180: a cell that starts with `"` runs to the next lone `"`, and holds delimiters,
/// doubled quotes (one `"`) and line breaks. Rows end at CRLF, LF or a lone CR. Text after a
/// closing quote is kept (Excel does so too) rather than dropped.
fn split(text: &str, delimiter: char) -> Result<Vec<Vec<Cell>>, Problem> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let (mut quoted, mut at_start) = (false, true);
    let mut quote_opened = (0, 0);
    let end_cell = |row: &mut Vec<Cell>, cell: &mut String, row_no: usize| {
        row.push(Cell {
            row: row_no,
            column: row.len() + 1,
            text: std::mem::take(cell),
        });
    };
    while let Some(c) = chars.next() {
        let row_no = rows.len() + 1;
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                quote_opened = (row_no, row.len() + 1);
                at_start = false;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_cell(&mut row, &mut cell, row_no);
                rows.push(trimmed(std::mem::take(&mut row)));
                at_start = true;
            }
            _ if c == delimiter => {
                end_cell(&mut row, &mut cell, row_no);
                at_start = true;
            }
            _ => {
                cell.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err(Problem::new(
            Place::Cell {
                row: quote_opened.0,
                column: quote_opened.1.to_string(),
            },
            k::spreadsheet::OPEN_QUOTE,
        ));
    }
    if !cell.is_empty() || !row.is_empty() {
        let row_no = rows.len() + 1;
        end_cell(&mut row, &mut cell, row_no);
        rows.push(trimmed(row));
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    Ok(rows)
}

/// Drops trailing empty cells: Excel pads every row to the widest one.
fn trimmed(mut row: Vec<Cell>) -> Vec<Cell> {
    while row.last().is_some_and(|c| c.text.trim().is_empty()) {
        row.pop();
    }
    row
}

/// Whether a spreadsheet would run the text as a formula (`=`, `+`, `-`, `@`), also behind
/// guards already there, so that guarding and unguarding stay inverse.
fn needs_guard(text: &str) -> bool {
    match text.strip_prefix('\'') {
        Some(rest) => needs_guard(rest),
        None => text.starts_with(['=', '+', '-', '@']),
    }
}

/// A text as written into a cell that a spreadsheet shows as text, never runs: a formula-like
/// text (an indicator "- kan …", a name "=HYPERLINK(…)") gets a leading `'`.
pub fn guarded(text: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The text `guarded` wrote: one leading `'` dropped where it was added, so `'t Gooi` stays.
pub fn unguarded(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => text,
    }
}

/// Quotes a cell for writing when it holds the delimiter, a quote or a line break.
pub fn quote(value: &str, delimiter: Delimiter) -> String {
    if value.contains([delimiter.char(), '"', '\n', '\r']) || value.starts_with(' ') {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// One row of cells, delimited and quoted, ending in CRLF.
pub fn row<S: AsRef<str>>(cells: &[S], delimiter: Delimiter) -> String {
    let mut line = cells
        .iter()
        .map(|c| quote(c.as_ref(), delimiter))
        .collect::<Vec<_>>()
        .join(&delimiter.char().to_string());
    line.push_str("\r\n");
    line
}
