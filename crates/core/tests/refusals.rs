//! Kader toevoegen and Bestand openen with files that are no framework, and a shared framework
//! file: each refusal says what the file is and what to do, in Dutch and English; a framework
//! file is recognised by its content and added once.

mod common;

use common::{cp1252, framework, student, t};
use competentiescan_core::custom::{place, read_file, AddError, Placement, Taken};
use competentiescan_core::exchange::{self, FileKind};
use competentiescan_core::feedback;
use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::refusal::{Refusal, MAX_FRAMEWORK_BYTES};
use competentiescan_core::scan::{Scan, Subject};
use competentiescan_core::{overview, template};

const QS: &str = "quickscan-smd-2014";
const SAM: &str = "beroepsprofiel-sam-2020";

fn refused(bytes: &[u8]) -> (Refusal, String, String) {
    match read_file(bytes, 2026, &[], &[]) {
        Err(e @ AddError::Not(r)) => (r, e.message(Lang::Nl), e.message(Lang::En)),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn scan(f: &Framework) -> Scan {
    let subject = Subject {
        student: "Sanne".into(),
        ..Subject::default()
    };
    Scan::new("scan-1".into(), t(0), f, None, subject)
}

#[test]
fn the_class_overview_csv_is_refused_as_what_it_is() {
    // The class overview is the only CSV of results the app writes (one row per student ×
    // item × role); a single scan leaves the app as JSON only. In either language.
    // Rated, so its band column is filled: 14 columns with the 13th filled must not pass for
    // Moodle's framework row ("Is framework").
    let f = framework(QS);
    let mut s = scan(&f);
    let code = f.items(None)[0].code.clone();
    s.rate(&student(), &code, Some(40), &f, t(1)).unwrap();
    for lang in [Lang::Nl, Lang::En] {
        let file = overview::csv(&[(&s, &f)], lang);
        assert_eq!(
            refused(file.as_bytes()),
            (
                Refusal::ClassOverview,
                "Dit is een klasoverzicht of scan-export van deze app (CSV met resultaten), geen kader. Kies het kader-sjabloon (Download voorbeeld) of een Moodle-export van een competentiekader.".into(),
                "This is a class overview or scan export of this app (CSV with results), not a framework. Choose the framework template (Download example) or a Moodle export of a competency framework.".into(),
            )
        );
    }
}

#[test]
fn any_other_csv_is_refused_with_the_first_row_it_needs() {
    assert_eq!(
        refused("naam;leeftijd\r\nPiet;12\r\n".as_bytes()),
        (
            Refusal::OtherCsv,
            "Dit is een CSV-bestand, maar geen kader-sjabloon en geen Moodle-export: de eerste regel moet \"Competentiescan-kader;1\" zijn of de kolomkoppen van Moodle. Begin met Download voorbeeld.".into(),
            "This is a CSV file, but neither a framework template nor a Moodle export: the first row must be \"Competentiescan-kader;1\" or Moodle's column headings. Start with Download example.".into(),
        )
    );
}

#[test]
fn workbooks_and_empty_files_say_what_to_do() {
    assert_eq!(
        refused(b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml"),
        (
            Refusal::Workbook,
            "Dit is een Excel- of OpenDocument-bestand (.xlsx/.ods), geen CSV: kies in Excel Opslaan als → CSV UTF-8 (door lijstscheidingstekens gescheiden) en kies dat bestand.".into(),
            "This is an Excel or OpenDocument file (.xlsx/.ods), not CSV: in Excel choose Save as → CSV UTF-8 (comma delimited) and choose that file.".into(),
        )
    );
    assert_eq!(
        refused(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).0,
        Refusal::OldWorkbook
    );
    let empty = (
        Refusal::Empty,
        "Het bestand is leeg. Vul het voorbeeld (Download voorbeeld) in en sla het op als CSV."
            .to_string(),
        "The file is empty. Fill in the example (Download example) and save it as CSV.".to_string(),
    );
    assert_eq!(refused(b""), empty);
    assert_eq!(refused(b"\xEF\xBB\xBF \r\n\t\n"), empty);
}

#[test]
fn a_20_mb_file_gets_one_size_message_whichever_reader_sees_it() {
    let big = vec![b'a'; 20 * 1024 * 1024];
    let nl = "Het bestand is te groot voor een kader (20 MB; maximaal 2 MB). Kies het kader-sjabloon, een Moodle-export of een gedeeld kader (JSON).";
    let en = "The file is too large for a framework (20 MB; at most 2 MB). Choose the framework template, a Moodle export or a shared framework (JSON).";
    assert_eq!(
        refused(&big),
        (Refusal::TooLarge(big.len()), nl.into(), en.into())
    );
    // The UI refuses by the file's size before reading it, with the same words.
    assert_eq!(Refusal::TooLarge(big.len()).text(Lang::Nl), nl);
    // A spreadsheet reader called on its own says the same.
    let p = template::read(&big).unwrap_err();
    assert_eq!(p[0].text(Lang::En), en);
    let mut at_limit = template::example().into_bytes();
    at_limit.resize(MAX_FRAMEWORK_BYTES, b'\n');
    assert!(read_file(&at_limit, 2026, &[], &[]).is_ok());
}

#[test]
fn a_scan_or_feedback_file_on_kader_toevoegen_points_to_bestand_openen() {
    let f = framework(SAM);
    let s = scan(&f);
    let export = exchange::export(&s, &f, t(1));
    assert_eq!(
        refused(export.as_bytes()),
        (
            Refusal::ScanExport,
            "Dit is een scan (export van deze app), geen kader: open het met Bestand openen."
                .into(),
            "This is a scan (an export of this app), not a framework: open it with Open file."
                .into(),
        )
    );
    let request = feedback::request(
        &s,
        &f,
        RaterRole::Colleague,
        &feedback::Recipients::One {
            rater: RaterId::parse("peer-1").unwrap(),
        },
        "Hoe zie jij mij?",
        false,
        t(2),
    )
    .unwrap();
    let (r, nl, en) = refused(request.as_bytes());
    assert_eq!(r, Refusal::FeedbackFile);
    assert!(
        nl.ends_with("geen kader: open het met Bestand openen."),
        "{nl}"
    );
    assert!(
        en.ends_with("not a framework: open it with Open file."),
        "{en}"
    );
}

/// A framework JSON saved as "ANSI" (Windows-1252) by a text editor keeps its accents: decoded,
/// not replaced by U+FFFD.
#[test]
fn a_windows_1252_framework_json_keeps_its_accents() {
    let mut own = framework(QS);
    own.id = "eigen-kader".into();
    own.title = "Eigen kader voor de cliënt – beïnvloeden".into();
    let utf8 = own.canonical_json();
    let ansi = cp1252(&utf8);
    assert!(std::str::from_utf8(&ansi).is_err(), "really not UTF-8");
    let candidate = read_file(&ansi, 2026, &[], &[]).unwrap();
    assert_eq!(candidate.framework, own);
    assert_eq!(candidate.raw, utf8);
}

#[test]
fn a_shared_framework_file_is_recognised_and_added_once() {
    let shared = framework(SAM).canonical_json();
    assert_eq!(exchange::kind(shared.as_bytes()), Some(FileKind::Framework));
    assert_eq!(
        exchange::kind(b"\xEF\xBB\xBF{\"format\":\"competentiescan-framework\"}"),
        Some(FileKind::Framework)
    );
    assert_eq!(Refusal::of_bytes(shared.as_bytes()), None);

    // A school's own framework, shared by a teacher and opened by a student.
    let mut own = framework(QS);
    own.id = "eigen-kader".into();
    own.title = "Eigen kader".into();
    let file = own.canonical_json();
    let bundled = framework(QS);
    let candidate = read_file(file.as_bytes(), 2026, &[&bundled], &[]).unwrap();
    assert_eq!((candidate.taken, candidate.warnings.len()), (None, 0));
    let stored = place(candidate, None, &[&bundled], &[]).unwrap();
    assert_eq!(stored[0].parsed.as_ref(), Ok(&own));

    // Opened again: already here, nothing added; the same for a bundled framework's file.
    let again = read_file(file.as_bytes(), 2026, &[&bundled], &stored);
    assert_eq!(again, Err(AddError::Present("Eigen kader".into())));
    assert_eq!(
        again.unwrap_err().message(Lang::En),
        "Framework \"Eigen kader\" is already here, with exactly this content: nothing was added."
    );
    assert_eq!(
        read_file(
            bundled.canonical_json().as_bytes(),
            2026,
            &[&bundled],
            &stored
        )
        .unwrap_err()
        .message(Lang::Nl),
        format!(
            "Kader \"{}\" staat er al, met precies deze inhoud: er is niets toegevoegd.",
            bundled.title
        )
    );
}

#[test]
fn a_new_version_says_which_version_it_replaces_even_a_higher_one() {
    let mut own = framework(QS);
    own.id = "eigen-kader".into();
    own.version = "2.0.0".into();
    let stored = place(
        read_file(own.canonical_json().as_bytes(), 2026, &[], &[]).unwrap(),
        None,
        &[],
        &[],
    )
    .unwrap();
    let mut older = own.clone();
    older.version = "1.5.0".into();
    older.title = "Eigen kader, ouder".into();
    let candidate = read_file(older.canonical_json().as_bytes(), 2026, &[], &stored).unwrap();
    assert_eq!(candidate.taken, Some(Taken::Custom));
    assert_eq!(candidate.replaces.as_deref(), Some("2.0.0"));
    let replaced = place(candidate, Some(Placement::NewVersion), &[], &stored).unwrap();
    assert_eq!(replaced.len(), 1);
    assert_eq!(replaced[0].parsed.as_ref().unwrap().version, "1.5.0");
}
