//! Moodle's competency framework CSV: every bundled framework through Moodle and back keeps
//! its structure, codes, titles and indicators; Moodle's own files read; refusals located.

use competentiescan_core::framework::{Framework, Node};
use competentiescan_core::i18n::Lang;
use competentiescan_core::moodle;
use competentiescan_core::problem::Problem;
use competentiescan_core::template;

mod common;

/// What Moodle carries of a framework: per node with items below it, depth, code and title;
/// per item its code, title, description and indicators (shared and per variant).
fn carried(f: &Framework) -> Vec<String> {
    fn walk(nodes: &[Node], depth: usize, out: &mut Vec<String>) {
        for n in nodes {
            if n.items.is_empty() && !has_items(&n.children) {
                continue;
            }
            out.push(format!("{depth} {} {} [{}]", n.code, n.title, n.kind));
            for i in &n.items {
                out.push(format!(
                    "{depth}  {} {} {:?} {:?} {:?}",
                    i.code, i.title, i.description, i.indicators, i.indicators_by_variant
                ));
            }
            walk(&n.children, depth + 1, out);
        }
    }
    fn has_items(nodes: &[Node]) -> bool {
        nodes
            .iter()
            .any(|n| !n.items.is_empty() || has_items(&n.children))
    }
    let mut out = Vec::new();
    walk(&f.nodes, 0, &mut out);
    out
}

fn texts(problems: &[Problem], lang: Lang) -> Vec<String> {
    problems.iter().map(|p| p.text(lang)).collect()
}

#[test]
fn every_bundled_framework_round_trips_through_moodle() {
    for (name, parsed) in common::bundled_frameworks() {
        let f = parsed.unwrap();
        let written = moodle::write(&f);
        let back = moodle::read(written.as_bytes(), 2026)
            .unwrap_or_else(|e| panic!("{name}: {:?}", texts(&e, Lang::Nl)));
        assert_eq!(carried(&back), carried(&f), "{name}");
        assert!(!carried(&f).is_empty());
        assert_eq!(
            (back.title.as_str(), &back.scale),
            (f.title.as_str(), &f.scale),
            "{name}"
        );
        assert_eq!(back.items(None).len(), f.item_count(), "{name}");
        // Read through the app's one entry point for spreadsheets too.
        let (any, warnings) = template::read_any(written.as_bytes(), 2026).unwrap();
        assert_eq!((any, warnings), (back, Vec::new()));
    }
}

#[test]
fn the_written_file_is_moodles_layout() {
    let f = template::read(template::example().as_bytes()).unwrap().0;
    let written = moodle::write(&f);
    let mut lines = written.split("\r\n");
    assert_eq!(lines.next().unwrap(), "Parent ID number,ID number,Short name,Description,Description format,Scale values,Scale configuration,Rule type (optional),Rule outcome (optional),Rule config (optional),Cross-referenced competency ID numbers,Exported ID (optional),Is framework,Taxonomy");
    let framework = lines.next().unwrap();
    assert!(
        framework.starts_with(
            ",voorbeeld-sociaal-werk,Voorbeeld: Quick Scan sociaal werk,,2,\"0 %,5 %,10 %,"
        ),
        "{framework}"
    );
    // Default the lowest value, proficient the GOED band (above 75).
    assert!(framework.contains(r#"{""id"":16,""proficient"":0,""scaledefault"":0},{""id"":17,""proficient"":1,""scaledefault"":0}"#), "{framework}");
    assert!(
        framework.ends_with(",,,,,,1,\"domain,domain,competency\""),
        "{framework}"
    );
    assert_eq!(
        lines.next().unwrap(),
        ",1,Ondersteunt de cliënt,Kerntaak,2,,,,,null,,,0,"
    );
    assert_eq!(
        lines.next().unwrap(),
        "1,1.1,Inventariseert de hulpvraag,Werkproces,2,,,,,null,,,0,"
    );
    assert_eq!(lines.next().unwrap(), "1.1,1.1-1,Aandacht en begrip tonen,\"- luistert actief naar de cliënt\n- vat samen en vraagt door\",2,,,,,null,,,0,");
}

/// A file as Moodle writes it: HTML descriptions, its own scale, a long title cut to 100.
#[test]
fn a_moodle_export_reads() {
    let long = "Ondersteunt de cliënt bij het voeren van de regie over zijn eigen leven, thuis, op het werk en in de buurt";
    let cut: String = long.chars().take(99).chain(['…']).collect();
    let file = format!("Parent ID number,ID number,Short name,Description,Description format,Scale values,Scale configuration,Rule type (optional),Rule outcome (optional),Rule config (optional),Cross-referenced competency ID numbers,Exported ID (optional),Is framework,Taxonomy\n\
,SW-2026,Sociaal werk,<p>Kader</p>,1,\"1,2,3,4\",\"[{{\"\"scaleid\"\":\"\"3\"\"}},{{\"\"id\"\":1,\"\"scaledefault\"\":1,\"\"proficient\"\":0}}]\",,,,,,1,\"domain,competency\"\n\
,K1,Kerntaak 1,<p>Kerntaak</p>,1,,,,,null,,1,0,\n\
K1,K1-W1,\"{cut}\",\"<p>{long}</p><p>Let op &amp; luister</p><ul><li>vraagt door</li><li>vat samen</li></ul>\",1,,,,,null,,2,0,\n");
    let f = moodle::read(file.as_bytes(), 2026).unwrap();
    assert_eq!(
        (f.id.as_str(), f.title.as_str()),
        ("sw-2026", "Sociaal werk")
    );
    assert_eq!(
        (
            f.scale.min,
            f.scale.max,
            f.scale.step,
            f.scale.unit.as_str()
        ),
        (1, 4, 1, "")
    );
    assert_eq!(f.nodes[0].kind, "Kerntaak");
    let item = &f.nodes[0].items[0];
    assert_eq!(item.title, long);
    assert_eq!(item.description.as_deref(), Some("Let op & luister"));
    assert_eq!(item.indicators, ["vraagt door", "vat samen"]);
}

#[test]
fn moodle_problems_are_located_in_both_languages() {
    let head = "Parent ID number,ID number,Short name,Description,Description format,Scale values,Scale configuration,Rule type (optional),Rule outcome (optional),Rule config (optional),Cross-referenced competency ID numbers,Exported ID (optional),Is framework,Taxonomy\n";
    let framework = ",F,Kader,,2,\"Niet gehaald,Gehaald\",,,,,,,1,\n";
    let rows = ",K1,Groep,,2,,,,,,,,0,\nK1,A 1,Item,,2,,,,,,,,0,\nK9,B,Wees,,2,,,,,,,,0,\n,C,Los,,2,,,,,,,,0,\n";
    let e = moodle::read(format!("{head}{framework}{rows}").as_bytes(), 2026).unwrap_err();
    assert_eq!(
        texts(&e, Lang::Nl),
        [
            "rij 2, kolom Scale values: schaalwaarden \"Niet gehaald,Gehaald\" zijn geen gehele getallen op gelijke afstand met één eenheid (zoals 0 %,5 %,…,100 %); kies in Moodle zo'n schaal of gebruik het kader-sjabloon",
            "rij 5, kolom Parent ID number: bovenliggende competentie \"K9\" staat niet in het bestand",
            "rij 6, kolom Parent ID number: competentie C heeft geen onderliggende en geen bovenliggende competentie; de app beoordeelt alleen competenties binnen een groep",
        ]
    );
    assert_eq!(
        texts(&e, Lang::En)[1],
        "row 5, column Parent ID number: parent competency \"K9\" is not in the file"
    );
    let fixed = format!(
        "{head}{}{}",
        framework.replace("Niet gehaald,Gehaald", "0,50,100"),
        ",K1,Groep,,2,,,,,,,,0,\nK1,A 1,Item,,2,,,,,,,,0,\n"
    );
    assert_eq!(
        texts(&moodle::read(fixed.as_bytes(), 2026).unwrap_err(), Lang::Nl),
        ["rij 4, kolom ID number: code \"A 1\" mag alleen letters, cijfers, . - _ bevatten"]
    );
    let e = moodle::read(format!("{head},K1,Groep,,2,,,,,,,,0,\n").as_bytes(), 2026).unwrap_err();
    assert_eq!(texts(&e, Lang::Nl), ["bestand: geen rij met \"Is framework\" = 1: exporteer het kader opnieuw uit Moodle (Competentiekader exporteren)"]);
    assert_eq!(texts(&e, Lang::En), ["file: no row with \"Is framework\" = 1: export the framework from Moodle again (Export competency framework)"]);
}
