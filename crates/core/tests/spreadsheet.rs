//! Reading spreadsheet files: every encoding, delimiter and quoting case Excel and LibreOffice
//! write, and each refusal with its message in both languages.

mod common;

use common::cp1252;
use competentiescan_core::csv::{self, Delimiter, Encoding};
use competentiescan_core::i18n::Lang;
use competentiescan_core::refusal::MAX_FRAMEWORK_BYTES as MAX_BYTES;

fn texts(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::read(bytes)
        .unwrap()
        .texts()
        .into_iter()
        .map(|r| r.into_iter().map(String::from).collect())
        .collect()
}

fn refusal(bytes: &[u8]) -> (String, String) {
    let p = csv::read(bytes).unwrap_err();
    (p.text(Lang::Nl), p.text(Lang::En))
}

#[test]
fn each_delimiter_is_detected_from_the_first_line() {
    for (d, line) in [
        (
            Delimiter::Semicolon,
            "Code;Titel\r\n1.1;Aandacht, begrip\r\n",
        ),
        (
            Delimiter::Comma,
            "Code,Titel\r\n1.1,\"Aandacht, begrip\"\r\n",
        ),
        (Delimiter::Tab, "Code\tTitel\r\n1.1\tAandacht, begrip\r\n"),
    ] {
        let sheet = csv::read(line.as_bytes()).unwrap();
        assert_eq!(sheet.delimiter, d);
        assert_eq!(
            sheet.texts(),
            [vec!["Code", "Titel"], vec!["1.1", "Aandacht, begrip"]]
        );
    }
    // Delimiters inside quotes on the first line do not count.
    let sheet = csv::read("\"a;b;c\",d\n".as_bytes()).unwrap();
    assert_eq!(sheet.delimiter, Delimiter::Comma);
    assert_eq!(sheet.texts(), [vec!["a;b;c", "d"]]);
}

#[test]
fn utf8_with_and_without_bom() {
    let text = "Titel;cliënt beïnvloeden – €5\n";
    for bytes in [
        text.as_bytes().to_vec(),
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    ] {
        let sheet = csv::read(&bytes).unwrap();
        assert_eq!(sheet.encoding, Encoding::Utf8);
        assert_eq!(sheet.texts(), [vec!["Titel", "cliënt beïnvloeden – €5"]]);
    }
}

#[test]
fn windows_1252_as_dutch_excel_writes_it() {
    let text = "Titel;cliënt beïnvloeden\r\n„Quote“ ‘x’;€ 5 – 6 — Ÿ…\r\n";
    let bytes = cp1252(text);
    assert!(std::str::from_utf8(&bytes).is_err());
    let sheet = csv::read(&bytes).unwrap();
    assert_eq!(sheet.encoding, Encoding::Windows1252);
    assert_eq!(
        sheet.texts(),
        [
            vec!["Titel", "cliënt beïnvloeden"],
            vec!["„Quote“ ‘x’", "€ 5 – 6 — Ÿ…"]
        ]
    );
}

#[test]
fn undefined_windows_1252_bytes_are_refused_with_their_line() {
    for b in [0x81u8, 0x8D, 0x8F, 0x90, 0x9D] {
        let mut bytes = cp1252("Titel;cliënt\r\nCode;");
        bytes.push(b);
        let (nl, en) = refusal(&bytes);
        assert_eq!(
            nl,
            format!("regel 2: byte 0x{b:02X} is geen teken in Windows-1252; sla het bestand in Excel op als CSV UTF-8")
        );
        assert_eq!(
            en,
            format!("line 2: byte 0x{b:02X} is not a Windows-1252 character; save the file from Excel as CSV UTF-8")
        );
    }
}

#[test]
fn utf16_with_bom_both_byte_orders() {
    let text = "Code\tTitel\r\n1\tcliënt 😀\r\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for (bytes, encoding) in [(le, Encoding::Utf16Le), (be, Encoding::Utf16Be)] {
        let sheet = csv::read(&bytes).unwrap();
        assert_eq!(sheet.encoding, encoding);
        assert_eq!(sheet.delimiter, Delimiter::Tab);
        assert_eq!(
            sheet.texts(),
            [vec!["Code", "Titel"], vec!["1", "cliënt 😀"]]
        );
    }
    let (nl, en) = refusal(&[0xFF, 0xFE, b'a']);
    assert_eq!(nl, "bestand: het bestand begint als UTF-16 maar is afgebroken of beschadigd; sla het op als CSV UTF-8");
    assert_eq!(
        en,
        "file: the file starts as UTF-16 but is cut off or damaged; save it as CSV UTF-8"
    );
}

#[test]
fn quoted_cells_hold_delimiters_quotes_and_line_breaks() {
    let text = "Code;Indicatoren;Noot\r\n1.1;\"luistert; vat samen\r\nvraagt door\nzegt \"\"ja\"\"\";x\r\n1.2;\"\";\"\"\"\"\n";
    let sheet = csv::read(text.as_bytes()).unwrap();
    assert_eq!(
        sheet.texts(),
        [
            vec!["Code", "Indicatoren", "Noot"],
            vec![
                "1.1",
                "luistert; vat samen\r\nvraagt door\nzegt \"ja\"",
                "x"
            ],
            vec!["1.2", "", "\""],
        ]
    );
    // A cell remembers its spreadsheet row, not its line in the file.
    let x = &sheet.rows[1][2];
    assert_eq!((x.row, x.column, x.text.as_str()), (2, 3, "x"));
    assert_eq!((sheet.rows[2][0].row, sheet.rows[2][0].column), (3, 1));
}

#[test]
fn an_open_quote_is_refused_where_it_opens() {
    let (nl, en) = refusal(b"Code;Titel\n1;\"nooit dicht\n2;b\n");
    assert_eq!(nl, "rij 2, kolom 2: aanhalingsteken wordt niet gesloten: de cel loopt door tot het einde van het bestand");
    assert_eq!(
        en,
        "row 2, column 2: quote is never closed: the cell runs on to the end of the file"
    );
}

#[test]
fn trailing_empty_rows_and_columns_are_dropped_inner_blank_rows_kept() {
    let text = "a;b;;\r\n;;;\r\nc;;d;\r\n;;;\r\n\r\n;;\r\n";
    assert_eq!(
        texts(text.as_bytes()),
        [vec!["a", "b"], vec![], vec!["c", "", "d"]]
    );
    // No final line break, CR-only line ends (old Mac Excel).
    assert_eq!(texts(b"a;b\rc;d"), [vec!["a", "b"], vec!["c", "d"]]);
}

#[test]
fn written_rows_read_back() {
    let cells = ["a;b", "zegt \"ja\"", "regel 1\r\nregel 2", " spatie", ""];
    let line = csv::row(&cells, Delimiter::Semicolon);
    let sheet = csv::read(format!("x;y\r\n{line}").as_bytes()).unwrap();
    assert_eq!(sheet.texts()[1], cells[..4]);
}

#[test]
fn files_that_are_no_csv_are_refused_with_what_to_do() {
    let cases: [(Vec<u8>, &str, &str); 6] = [
        (
            Vec::new(),
            "Het bestand is leeg. Vul het voorbeeld (Download voorbeeld) in en sla het op als CSV.",
            "The file is empty. Fill in the example (Download example) and save it as CSV.",
        ),
        (
            b"\xEF\xBB\xBF \r\n\r\n".to_vec(),
            "Het bestand is leeg. Vul het voorbeeld (Download voorbeeld) in en sla het op als CSV.",
            "The file is empty. Fill in the example (Download example) and save it as CSV.",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00".to_vec(),
            "Dit is een Excel- of OpenDocument-bestand (.xlsx/.ods), geen CSV: kies in Excel Opslaan als → CSV UTF-8 (door lijstscheidingstekens gescheiden) en kies dat bestand.",
            "This is an Excel or OpenDocument file (.xlsx/.ods), not CSV: in Excel choose Save as → CSV UTF-8 (comma delimited) and choose that file.",
        ),
        (
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            "Dit is een oud Excel-bestand (.xls), geen CSV: kies in Excel Opslaan als → CSV UTF-8 (door lijstscheidingstekens gescheiden) en kies dat bestand.",
            "This is an old Excel file (.xls), not CSV: in Excel choose Save as → CSV UTF-8 (comma delimited) and choose that file.",
        ),
        (
            vec![b'a'; 20 * 1024 * 1024],
            "Het bestand is te groot voor een kader (20 MB; maximaal 2 MB). Kies het kader-sjabloon, een Moodle-export of een gedeeld kader (JSON).",
            "The file is too large for a framework (20 MB; at most 2 MB). Choose the framework template, a Moodle export or a shared framework (JSON).",
        ),
        (
            b"\xEF\xBB\xBFa;\xFF\n".to_vec(),
            "bestand: het bestand begint als UTF-8 maar bevat ongeldige tekens; sla het opnieuw op als CSV UTF-8",
            "file: the file starts as UTF-8 but holds invalid characters; save it again as CSV UTF-8",
        ),
    ];
    for (bytes, nl, en) in cases {
        assert_eq!(refusal(&bytes), (nl.to_string(), en.to_string()));
    }
    // The limit itself is accepted.
    let mut at_limit = b"a;b\n".to_vec();
    at_limit.resize(MAX_BYTES, b'x');
    assert!(csv::read(&at_limit).is_ok_and(|s| s.rows.len() == 2));
}
