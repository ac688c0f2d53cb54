//! The bundled frameworks are the product: each must parse into the model, validate against
//! frameworks/schema.json, match the structure of its source document, and carry no OCR residue.

use competentiescan_core::bundled::FILES;
use competentiescan_core::framework::{Framework, Purpose};
use serde_json::Value;

mod common;
use common::{bundled_sources, framework};

#[test]
fn all_five_documents_are_bundled() {
    let mut names: Vec<_> = FILES.iter().map(|f| f.name).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "beroepsprofiel-sam-2020.json",
            "kd-maatschappelijke-zorg.json",
            "movisie-maatschappelijke-ondersteuning-2013.json",
            "quickscan-smd-2014.json",
            "sociaal-financiele-dienstverlening-2021.json",
        ]
    );
}

#[test]
fn every_bundled_file_parses_and_validates_against_the_schema() {
    let schema: Value =
        serde_json::from_str(include_str!("../../../frameworks/schema.json")).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
    for (name, json) in &bundled_sources() {
        let parsed = Framework::parse(json);
        assert!(parsed.is_ok(), "{name}: {:?}", parsed.unwrap_err());
        let f = parsed.unwrap();
        assert_eq!(format!("{}.json", f.id), *name, "file name follows the id");
        let value: Value = serde_json::from_str(json).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{name} against schema.json:\n{}",
            errors.join("\n")
        );
    }
}

/// Every string in the file, with its JSON path, for the text checks below.
fn strings(v: &Value, path: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) => out.push((path, s.clone())),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| strings(x, format!("{path}[{i}]"), out)),
        Value::Object(o) => o
            .iter()
            .filter(|(k, _)| k.as_str() != "$schema")
            .for_each(|(k, x)| strings(x, format!("{path}.{k}"), out)),
        _ => {}
    }
}

/// Patterns the PDF extraction leaves behind. Each entry: (what to look for, why it is wrong).
const RESIDUE: &[(&str, &str)] = &[
    ("cliént", "é for ë"),
    ("ideeén", "é for ë"),
    ("geevalu", "missing ë"),
    ("beinvloed", "missing ï"),
    ("codrdin", "OCR for coördin"),
    ("coordin", "missing ö"),
    ("Biedenvan", "glued words"),
    ("Erisin", "glued words"),
    ("Zijis", "glued words"),
    ("Deberoeps", "glued words"),
    ("Degeneriek", "glued words"),
    ("ondersteuningin", "glued words"),
    ("zorgenondersteuning", "glued words"),
    ("ondersteuningaan", "glued words"),
    ("·", "stray list marker"),
    ("•", "stray list marker"),
    ("®", "stray list marker"),
    ("➤", "stray list marker"),
    ("](", "markdown link residue"),
    ("  ", "double space"),
    (" ,", "space before comma"),
    (" .", "space before full stop"),
    ("\t", "tab"),
    ("-wW", "code slip"),
    ("W?", "code slip"),
    ("kwalificatie - dossier", "broken hyphenation"),
];

/// `woord- woord` where the hyphen is a line-break leftover, not a shared-ending compound like
/// `wet- en regelgeving` or `informatie-, advies-`.
fn broken_hyphenation(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split(' ').collect();
    words.windows(2).find_map(|w| {
        let ends_with_hyphen = w[0].len() > 2 && w[0].ends_with('-') && !w[0].ends_with("--");
        let next = w[1].trim_matches(|c: char| !c.is_alphanumeric());
        let joiner = matches!(next, "en" | "of" | "tot" | "noch" | "als" | "dan" | "en/of");
        (ends_with_hyphen && !joiner && next.chars().next().is_some_and(|c| c.is_lowercase()))
            .then(|| format!("{} {}", w[0], w[1]))
    })
}

/// `**bold**` left from a Markdown extraction: two separate `**` runs in one paragraph. Footnote
/// markers (`plan**.` … `**Ondersteunen is…`) stand alone per paragraph and are kept.
fn markdown_bold(s: &str) -> bool {
    s.split("\n\n").any(|p| {
        let runs = p.split(|c| c != '*').filter(|run| run.len() == 2).count();
        runs >= 2
    })
}

#[test]
fn no_ocr_residue_in_any_text() {
    let mut found = Vec::new();
    for (name, json) in &bundled_sources() {
        let mut all = Vec::new();
        strings(
            &serde_json::from_str(json).unwrap(),
            String::new(),
            &mut all,
        );
        for (path, s) in &all {
            for (pattern, why) in RESIDUE {
                if s.contains(pattern) {
                    found.push(format!("{name}{path}: {why} ({pattern:?})"));
                }
            }
            if s != s.trim() {
                found.push(format!("{name}{path}: leading/trailing white space"));
            }
            if s.contains('\n') && !s.split("\n\n").all(|p| !p.contains('\n') && !p.is_empty()) {
                found.push(format!("{name}{path}: line break inside a paragraph"));
            }
            if markdown_bold(s) {
                found.push(format!("{name}{path}: markdown bold residue"));
            }
            if let Some(w) = broken_hyphenation(s) {
                found.push(format!("{name}{path}: broken hyphenation ({w:?})"));
            }
        }
    }
    assert!(found.is_empty(), "OCR residue:\n{}", found.join("\n"));
}

#[test]
fn the_residue_checks_catch_what_they_claim() {
    assert_eq!(
        broken_hyphenation("de onder- steuning"),
        Some("onder- steuning".into())
    );
    assert_eq!(broken_hyphenation("wet- en regelgeving"), None);
    assert_eq!(
        broken_hyphenation("informatie-, advies- en voorlichting"),
        None
    );
    assert!(markdown_bold("een **vet** woord"));
    assert!(!markdown_bold(
        "het plan**.\n\n**Ondersteunen is een breed begrip"
    ));
}

fn codes_of_kind(f: &Framework, kind: &str) -> Vec<String> {
    fn walk(nodes: &[competentiescan_core::framework::Node], kind: &str, out: &mut Vec<String>) {
        for n in nodes {
            if n.kind == kind {
                out.push(n.code.clone());
            }
            walk(&n.children, kind, out);
        }
    }
    let mut out = Vec::new();
    walk(&f.nodes, kind, &mut out);
    out
}

#[test]
fn quick_scan_structure() {
    let f = framework("quickscan-smd-2014");
    assert_eq!(f.purpose, Purpose::Assessment);
    assert_eq!(codes_of_kind(&f, "Kerntaak").len(), 3);
    assert_eq!(
        codes_of_kind(&f, "Werkproces"),
        ["1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4", "3.5"]
    );
    let groups = f.groups(None);
    assert_eq!(groups.len(), 12, "every werkproces is a scan screen");
    for g in &groups {
        let headings: Vec<_> = g
            .node
            .texts
            .iter()
            .filter_map(|b| b.heading.as_deref())
            .collect();
        assert_eq!(
            headings,
            ["Omschrijving", "Gewenst resultaat"],
            "werkproces {}",
            g.node.code
        );
    }
    let items = f.items(None);
    assert_eq!(items.len(), 33);
    assert!(items.iter().all(|i| !i.indicators.is_empty()));
    assert_eq!(items.iter().map(|i| i.indicators.len()).sum::<usize>(), 86);
    assert_eq!(items[0].title, "Aandacht en begrip tonen");
    assert_eq!(f.indicator_lead.as_deref(), Some("De student:"));
}

#[test]
fn quick_scan_bands_are_exact_at_the_boundaries() {
    let f = framework("quickscan-smd-2014");
    let band = |v: f64| f.band_for(v).map(|b| b.id.as_str());
    assert_eq!(band(0.0), Some("must-improve"));
    assert_eq!(band(54.0), Some("must-improve"));
    assert_eq!(band(54.9), Some("must-improve"));
    assert_eq!(band(55.0), Some("work-on"));
    assert_eq!(band(75.0), Some("work-on"));
    assert_eq!(
        band(75.1),
        Some("good"),
        "between 75 and 76 is above 75: GOED"
    );
    assert_eq!(band(76.0), Some("good"));
    assert_eq!(band(100.0), Some("good"));
}

#[test]
fn kwalificatiedossier_structure() {
    let f = framework("kd-maatschappelijke-zorg");
    let ids: Vec<_> = f.variants.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["basis", "pbsd"]);
    let wp = codes_of_kind(&f, "Werkproces");
    assert_eq!(wp.iter().filter(|c| c.starts_with("B1-K1-W")).count(), 7);
    assert_eq!(wp.iter().filter(|c| c.starts_with("B1-K2-W")).count(), 2);
    assert_eq!(
        wp.iter().filter(|c| c.starts_with("P6-K1-W")).count(),
        6,
        "profile werkprocessen"
    );
    assert_eq!(f.groups(Some("basis")).len(), 9);
    assert_eq!(f.groups(Some("pbsd")).len(), 15);
    assert_eq!(f.items(Some("basis")).len(), 55);
    assert_eq!(f.items(Some("pbsd")).len(), 94);
    for g in f.groups(None) {
        let headings: Vec<_> = g
            .node
            .texts
            .iter()
            .filter_map(|b| b.heading.as_deref())
            .collect();
        for h in ["Omschrijving", "Resultaat", "Gedrag"] {
            assert!(
                headings.contains(&h),
                "werkproces {} lacks {h}: {headings:?}",
                g.node.code
            );
        }
    }
}

#[test]
fn sociaal_financiele_structure() {
    let f = framework("sociaal-financiele-dienstverlening-2021");
    assert_eq!(f.purpose, Purpose::Assessment);
    let ids: Vec<_> = f.variants.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["hbo", "mbo"]);
    assert_eq!(codes_of_kind(&f, "Competentiecluster").len(), 8);
    let items = f.items(None);
    assert_eq!(items.len(), 30);
    for i in &items {
        for level in ["hbo", "mbo"] {
            assert!(
                i.indicators_by_variant
                    .get(level)
                    .is_some_and(|l| !l.is_empty()),
                "competence {} has {level} indicators",
                i.code
            );
        }
    }
    let count = |v: &str| {
        items
            .iter()
            .map(|i| i.indicators_for(Some(v)).count())
            .sum::<usize>()
    };
    assert_eq!((count("hbo"), count("mbo")), (159, 145));
    let c8: Vec<_> = items
        .iter()
        .filter(|i| i.code.starts_with("8."))
        .map(|i| i.code.as_str())
        .collect();
    assert_eq!(c8.len(), 5);
}

#[test]
fn sam_is_a_reflection_framework_without_verdicts() {
    let f = framework("beroepsprofiel-sam-2020");
    assert_eq!(f.purpose, Purpose::Reflection);
    assert!(f.bands.is_empty());
    assert!(!f.has_verdicts());
    assert_eq!(f.band_for(10.0), None, "no pass/fail, ever");
    assert_eq!(codes_of_kind(&f, "Kerntaak").len(), 8);
    assert_eq!(codes_of_kind(&f, "Basiselement").len(), 4);
    let areas = codes_of_kind(&f, "Competentiegebied");
    assert_eq!(areas, ["C1", "C2", "C3", "C4", "C5"]);
    assert_eq!(f.items(None).len(), 29);
}

#[test]
fn movisie_structure() {
    let f = framework("movisie-maatschappelijke-ondersteuning-2013");
    assert_eq!(f.purpose, Purpose::Reflection);
    assert!(f.bands.is_empty());
    let groups = f.groups(None);
    assert_eq!(groups.len(), 5, "five kwaliteitskenmerken");
    for g in &groups {
        assert_eq!(g.node.kind, "Kwaliteitskenmerk");
        assert_eq!(g.node.items.len(), 2, "two competences in {}", g.node.code);
        assert!(g.node.items.iter().all(|i| i.description.is_some()));
        let headings: Vec<_> = g
            .node
            .texts
            .iter()
            .filter_map(|b| b.heading.as_deref())
            .collect();
        for h in [
            "Effect",
            "Toelichting",
            "Dit moet de professional doen",
            "Dit vindt de burger belangrijk",
            "Dit biedt de organisatie",
        ] {
            assert!(
                headings.iter().any(|x| x.starts_with(h)),
                "{} lacks {h}: {headings:?}",
                g.node.code
            );
        }
    }
}

/// The URL the app fetches is the name scripts/frameworks.mjs writes into dist/: the stem and
/// FNV-1a 64 of the file's bytes (a disagreement would be a 404 in the browser).
#[test]
fn each_file_is_fetched_by_its_name_and_content_hash() {
    let dir = format!("{}/../../frameworks", env!("CARGO_MANIFEST_DIR"));
    for file in FILES {
        let bytes = std::fs::read(format!("{dir}/{}", file.name)).unwrap();
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let stem = file.name.trim_end_matches(".json");
        assert_eq!(file.url, format!("frameworks/{stem}-{hash:016x}.json"));
    }
}
