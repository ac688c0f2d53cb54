//! Text search for the framework reader: case- and accent-insensitive (typing `client` finds
//! `cliënt`), returning the text split into plain and matching segments for highlighting.

/// Folds one character for matching: lowercase, Latin accents removed. Always one char out, so
/// positions in the folded text map back to the original one to one.
fn fold(c: char) -> char {
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
    fn short_queries_are_ignored() {
        assert_eq!(Query::new(" a "), None);
        assert_eq!(Query::new(""), None);
        assert!(Query::new("ab").is_some());
    }
}
