//! Text search for the framework reader: case- and accent-insensitive (typing `client` finds
//! `cliënt`). [`hits`] lists every matching text with its place in the framework; [`Query::segments`]
//! splits a text into plain and matching pieces for highlighting.

use super::framework::{in_variant, Block, Framework, Item, Node};
use super::i18n::{k, text, Lang};

/// Folds one character for matching: lowercase, Latin accents removed. Always one char out, so
/// positions in the folded text map back to the original one to one.
pub(crate) fn fold(c: char) -> char {
    let c = c.to_lowercase().next().unwrap_or(c);
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        '’' | '‘' => '\'',
        _ => c,
    }
}

/// A query prepared once and matched against many texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query(Vec<char>);

impl Query {
    /// `None` for queries too short to be useful (fewer than 2 non-space characters).
    pub fn new(raw: &str) -> Option<Query> {
        let folded: Vec<char> = raw.trim().chars().map(fold).collect();
        (folded.iter().filter(|c| !c.is_whitespace()).count() >= 2).then_some(Query(folded))
    }

    pub fn matches(&self, text: &str) -> bool {
        let hay: Vec<char> = text.chars().map(fold).collect();
        find(&hay, &self.0, 0).is_some()
    }

    /// Splits `text` into `(segment, is_match)` pieces; one unmatched piece if nothing matches.
    pub fn segments(&self, text: &str) -> Vec<(String, bool)> {
        let chars: Vec<char> = text.chars().collect();
        let hay: Vec<char> = chars.iter().copied().map(fold).collect();
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(start) = find(&hay, &self.0, at) {
            if start > at {
                out.push((chars[at..start].iter().collect(), false));
            }
            let end = start + self.0.len();
            out.push((chars[start..end].iter().collect(), true));
            at = end;
        }
        if at < chars.len() || out.is_empty() {
            out.push((chars[at..].iter().collect(), false));
        }
        out
    }
}

fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

/// One matching text and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Codes of the levels from the root down to the one holding the text (empty: "about").
    pub trail: Vec<String>,
    /// The item holding the text, if any.
    pub item: Option<String>,
    /// Where, for people: `Werkproces 1.1 › Aandacht en begrip tonen` (the framework's own
    /// words), or "about this framework" in the interface language.
    pub place: String,
    /// The matching text (one paragraph, list entry, indicator, title or table cell).
    pub text: String,
}

/// Every searchable text of a framework (as shown for one variant), folded once, so each
/// keystroke only compares instead of re-folding the whole framework.
pub struct SearchIndex {
    entries: Vec<(Hit, Vec<char>)>,
}

impl SearchIndex {
    pub fn new(f: &Framework, variant: Option<&str>, lang: Lang) -> SearchIndex {
        let mut entries = Vec::new();
        let mut push = |trail: &[String], item: Option<&str>, place: &str, text: &str| {
            for paragraph in text.split("\n\n") {
                let hit = Hit {
                    trail: trail.to_vec(),
                    item: item.map(str::to_string),
                    place: place.to_string(),
                    text: paragraph.to_string(),
                };
                entries.push((hit, paragraph.chars().map(fold).collect()));
            }
        };
        for b in f.about.iter().filter(|b| in_variant(&b.variants, variant)) {
            block_texts(b).for_each(|t| push(&[], None, text(lang, k::search::ABOUT), t));
        }
        walk(&f.nodes, &mut Vec::new(), variant, &mut push);
        SearchIndex { entries }
    }

    /// The matching texts, in reading order.
    pub fn find(&self, q: &Query) -> Vec<Hit> {
        self.entries
            .iter()
            .filter(|(_, folded)| find(folded, &q.0, 0).is_some())
            .map(|(h, _)| h.clone())
            .collect()
    }
}

/// Every text of the framework (as shown for `variant`) that matches, in reading order.
pub fn hits(f: &Framework, variant: Option<&str>, q: &Query, lang: Lang) -> Vec<Hit> {
    SearchIndex::new(f, variant, lang).find(q)
}

fn block_texts(b: &Block) -> impl Iterator<Item = &String> {
    let table = b
        .table
        .iter()
        .flat_map(|t| t.columns.iter().chain(t.rows.iter().flatten()));
    b.heading
        .iter()
        .chain(b.text.iter())
        .chain(b.list.iter())
        .chain(table)
}

fn item_texts<'a>(i: &'a Item, variant: Option<&str>) -> impl Iterator<Item = &'a String> {
    std::iter::once(&i.title)
        .chain(i.description.iter())
        .chain(i.indicators_for(variant))
}

type Push<'p> = dyn FnMut(&[String], Option<&str>, &str, &str) + 'p;

fn walk(nodes: &[Node], trail: &mut Vec<String>, variant: Option<&str>, push: &mut Push<'_>) {
    for n in nodes.iter().filter(|n| in_variant(&n.variants, variant)) {
        trail.push(n.code.clone());
        let place = format!("{} {}", n.kind, n.code);
        push(trail, None, &place, &n.title);
        for b in n.texts.iter().filter(|b| in_variant(&b.variants, variant)) {
            block_texts(b).for_each(|t| push(trail, None, &place, t));
        }
        for i in n.items.iter().filter(|i| in_variant(&i.variants, variant)) {
            let place = format!("{place} › {}", i.title);
            item_texts(i, variant).for_each(|t| push(trail, Some(&i.code), &place, t));
            for b in i.texts.iter().filter(|b| in_variant(&b.variants, variant)) {
                block_texts(b).for_each(|t| push(trail, Some(&i.code), &place, t));
            }
        }
        walk(&n.children, trail, variant, push);
        trail.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accent_and_case_insensitive() {
        let q = Query::new("CLIENT").unwrap();
        assert!(q.matches("De cliënt vertelt"));
        assert!(!q.matches("De klant vertelt"));
        let q = Query::new("beïnvloeden").unwrap();
        assert!(q.matches("Sturen en beinvloeden"));
    }

    #[test]
    fn segments_keep_original_text() {
        let q = Query::new("cliënt").unwrap();
        assert_eq!(
            q.segments("Cliënt en client"),
            vec![
                ("Cliënt".into(), true),
                (" en ".into(), false),
                ("client".into(), true)
            ]
        );
        assert_eq!(q.segments("niets"), vec![("niets".to_string(), false)]);
    }

    #[test]
    fn hits_name_their_place_and_respect_the_variant() {
        let json = crate::custom::tests::minimal("zoek")
            .replace(r#""title":"Een item"}"#, r#""title":"Een item","indicatorsByVariant":{"b":["Spreekt de cliënt aan"]}}"#)
            .replace(r#""raters":["student"],"#, r#""raters":["student"],"variants":[{"id":"a","label":"A"},{"id":"b","label":"B"}],"about":[{"text":"Voor elke cliënt"}],"#);
        let f = Framework::parse(&json).unwrap();
        let q = Query::new("client").unwrap();
        let about = |lang| Hit {
            trail: vec![],
            item: None,
            place: text(lang, k::search::ABOUT).into(),
            text: "Voor elke cliënt".into(),
        };
        assert_eq!(hits(&f, Some("a"), &q, Lang::Nl), vec![about(Lang::Nl)]);
        assert_eq!(
            hits(&f, Some("a"), &q, Lang::En)[0].place,
            "About this framework"
        );
        let found = hits(&f, Some("b"), &q, Lang::Nl);
        assert_eq!(
            found,
            vec![
                about(Lang::Nl),
                Hit {
                    trail: vec!["A".into()],
                    item: Some("A1".into()),
                    place: "Onderdeel A › Een item".into(),
                    text: "Spreekt de cliënt aan".into(),
                }
            ]
        );
        assert_eq!(
            hits(&f, None, &Query::new("alles").unwrap(), Lang::Nl)[0].place,
            "Onderdeel A"
        );
    }

    #[test]
    fn short_queries_are_ignored() {
        assert_eq!(Query::new(" a "), None);
        assert_eq!(Query::new(""), None);
        assert!(Query::new("ab").is_some());
    }
}
