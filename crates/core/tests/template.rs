//! The framework template (kader-sjabloon): written and read back identically, the bundled
//! frameworks and the example, every problem on its row and column, refusals and warnings in
//! both languages.

mod common;

use competentiescan_core::framework::{Framework, Item, Node};
use competentiescan_core::i18n::Lang;
use competentiescan_core::problem::Problem;
use competentiescan_core::template;
use proptest::prelude::*;

fn read(text: &str) -> Result<(Framework, Vec<Problem>), Vec<Problem>> {
    template::read(text.as_bytes())
}

fn texts(problems: &[Problem], lang: Lang) -> Vec<String> {
    problems.iter().map(|p| p.text(lang)).collect()
}

#[test]
fn every_bundled_framework_round_trips_exactly_but_its_schema_link() {
    for (name, parsed) in common::bundled_frameworks() {
        let mut f = parsed.unwrap();
        let written = template::write(&f);
        assert!(
            written.starts_with("\u{feff}Competentiescan-kader;1\r\n"),
            "{name}"
        );
        let (back, _) =
            read(&written).unwrap_or_else(|e| panic!("{name}: {:?}", texts(&e, Lang::Nl)));
        f.schema = None;
        assert_eq!(back, f, "{name}");
    }
}

#[test]
fn the_example_is_a_valid_dutch_framework_of_three_groups_and_eight_items() {
    let example = template::example();
    let (f, warnings) = read(&example).unwrap();
    assert_eq!(warnings, []);
    assert_eq!(f.groups(None).len(), 3);
    assert_eq!(f.items(None).len(), 8);
    assert!(example.contains("Motiveert en beïnvloedt de cliënt"));
    assert!(example.contains(
        "\r\n\r\nNiveau;Soort;Code;Titel;Omschrijving;Indicator;Varianten;Teksten (JSON)\r\n"
    ));
    assert!(example.contains(
        "\r\n;;1.1-1;Aandacht en begrip tonen;;;;\r\n;;;;;luistert actief naar de cliënt;;\r\n"
    ));
}

/// The example as Dutch Excel saves it: Windows-1252, `;`, an indicator cell with two lines,
/// trailing empty columns, English keys mixed in.
#[test]
fn a_template_filled_in_as_dutch_excel_writes_it_reads() {
    let text = "Competentiescan-kader;1;;\r\nId;mijn-kader;;\r\nVersion;1.0.0\r\nTitel;Scan cliëntcontact\r\nTaal;nl\r\nDoel;reflectie\r\nUitgever;ROC\r\nJaar;2026\r\nDocument;Eigen\r\nSchaal;0;100;5;%\r\nBeoordelaars;student;supervisor\r\n;;;\r\nNiveau;Soort;Code;Titel;Indicator;;\r\n1;Kerntaak;A;Beïnvloeden;;;\r\n;;A-1;Overtuigen;\"licht toe; vraagt door\r\nsluit aan bij de cliënt\";;\r\n;;;;“eerlijk” en open\r\n;;;\r\n";
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| match c {
            '“' => 0x93,
            '”' => 0x94,
            c => u8::try_from(u32::from(c)).unwrap(),
        })
        .collect();
    let (f, warnings) = template::read(&bytes).unwrap();
    assert_eq!(warnings, []);
    assert_eq!(f.title, "Scan cliëntcontact");
    let item = f.items(None)[0];
    assert_eq!(f.nodes[0].title, "Beïnvloeden");
    assert_eq!(
        item.indicators,
        [
            "licht toe; vraagt door",
            "sluit aan bij de cliënt",
            "“eerlijk” en open"
        ]
    );
}

#[test]
fn validation_problems_name_their_row_and_column() {
    let example = template::example();
    let broken = example
        .replace(";;1.2-3;Ethisch", ";;1.2-2;Ethisch")
        .replace(";;1.1-2;Analyseren;", ";;1.1-2;  ;")
        .replace("Versie;1.0.0", "Versie;1.0");
    let e = read(&broken).unwrap_err();
    assert_eq!(
        texts(&e, Lang::Nl),
        [
            "rij 3, kolom Versie: versie \"1.0\" moet de vorm 1.2.3 hebben",
            "rij 26, kolom Titel: titel is leeg",
            "rij 37, kolom Code: code \"1.2-2\" komt meer dan eens voor",
        ]
    );
    assert_eq!(
        texts(&e, Lang::En)[2],
        "row 37, column Code: code \"1.2-2\" occurs more than once"
    );
}

#[test]
fn template_syntax_problems_are_located_too() {
    let text = "Competentiescan-kader;1\nId;x-y\nVersie;1.0.0\nTitel;T\nTaal;nl\nDoel;toets\nUitgever;U\nJaar;twintig\nDocument;D\nSchaal;0;100;5;%\nBeoordelaars;student;stagiair\nKleur;blauw\n\nNiveau;Code;Titel;Indicator\n;A1;Te vroeg\n3;B;Te diep\n";
    let e = read(text).unwrap_err();
    assert_eq!(
        texts(&e, Lang::Nl),
        [
            "rij 6, kolom 2: doel \"toets\" moet beoordeling of reflectie zijn",
            "rij 8, kolom 2: \"twintig\" is geen geheel getal",
            "rij 11, kolom 3: onbekende rol \"stagiair\"; kies uit student, supervisor, teacher, colleague, manager, client",
            "rij 12, kolom 1: onbekende sleutel \"Kleur\" in het kopblok",
        ]
    );
    let text = text
        .replace("Doel;toets", "Doel;reflectie")
        .replace("twintig", "2026")
        .replace(";stagiair", "")
        .replace("Kleur;blauw\n", "");
    let e = read(&text).unwrap_err();
    assert_eq!(
        texts(&e, Lang::En),
        [
            "row 14, column Code: item comes before the first part (a row with a level)",
            "row 15, column Niveau: level \"3\" must be a number from 1 to 1",
        ]
    );
    let stray = format!(
        "{}\n1;K1;Groep\n;A1;Item;i\n;;;;hbo\n",
        text.split("\n;A1").next().unwrap()
    );
    let e = read(&stray).unwrap_err();
    assert_eq!(texts(&e, Lang::Nl), ["rij 16: deze rij heeft geen niveau, code of indicator, dus de tekst erin hoort nergens bij; vul die aan of maak de rij leeg"]);
    assert_eq!(texts(&e, Lang::En), ["row 16: this row has no level, code or indicator, so its text belongs nowhere; fill one in or clear the row"]);
}

#[test]
fn an_item_without_indicators_is_a_warning_not_a_refusal() {
    let example = template::example().replace(";;;;;legt afspraken vast in het dossier;;\r\n", "");
    let (f, warnings) = read(&example).unwrap();
    assert_eq!(f.items(None).len(), 8);
    assert_eq!(
        texts(&warnings, Lang::Nl),
        ["rij 29, kolom Indicator: item 1.1-3 heeft geen indicatoren"]
    );
    assert_eq!(
        texts(&warnings, Lang::En),
        ["row 29, column Indicator: item 1.1-3 has no indicators"]
    );
}

#[test]
fn csv_that_is_no_template_is_refused_with_what_it_is() {
    let overview = competentiescan_core::overview::csv(&[], Lang::En);
    for file in [
        overview.as_str(),
        &competentiescan_core::overview::csv(&[], Lang::Nl),
    ] {
        let e = read(file).unwrap_err();
        assert!(
            texts(&e, Lang::Nl)[0]
                .starts_with("Dit is een klasoverzicht of scan-export van deze app"),
            "{file}"
        );
        assert!(texts(&e, Lang::En)[0]
            .starts_with("This is a class overview or scan export of this app"));
    }
    let e = read("naam,leeftijd\nPiet,12\n").unwrap_err();
    assert_eq!(texts(&e, Lang::Nl), ["Dit is een CSV-bestand, maar geen kader-sjabloon en geen Moodle-export: de eerste regel moet \"Competentiescan-kader;1\" zijn of de kolomkoppen van Moodle. Begin met Download voorbeeld."]);
    assert_eq!(texts(&e, Lang::En), ["This is a CSV file, but neither a framework template nor a Moodle export: the first row must be \"Competentiescan-kader;1\" or Moodle's column headings. Start with Download example."]);
    let e = template::read(b"PK\x03\x04rest").unwrap_err();
    assert!(texts(&e, Lang::Nl)[0].contains("kies in Excel Opslaan als → CSV UTF-8"));
}

#[test]
fn formula_like_texts_are_written_as_text_and_read_back_as_typed() {
    let (mut f, _) = read(&template::example()).unwrap();
    fn first(nodes: &mut [Node]) -> Option<&mut Item> {
        nodes.iter_mut().find_map(|n| match n.items.first_mut() {
            Some(item) => Some(item),
            None => first(&mut n.children),
        })
    }
    let item = first(&mut f.nodes).unwrap();
    item.title = "=HYPERLINK(\"x\")".into();
    item.indicators = vec!["- kan plannen".into(), "'t Gooi".into(), "'+1".into()];
    let written = template::write(&f);
    assert!(written.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{written}");
    assert!(written.contains(";;;;;'- kan plannen;"), "{written}");
    assert!(written.contains(";;;;;'t Gooi;"), "{written}");
    assert!(written.contains(";;;;;''+1;"), "{written}");
    let (back, _) = read(&written).unwrap();
    assert_eq!(back, f);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_expressible_framework_reads_back_identical(f in common::strategies::arb_framework()) {
        let (back, _) = read(&template::write(&f)).map_err(|e| TestCaseError::fail(format!("{:?}", texts(&e, Lang::Nl))))?;
        prop_assert_eq!(back, f);
    }
}
