//! The app's two languages. Every UI text lives in `crates/core/i18n/<lang>/<area>.json` (Dutch first,
//! English second), compiled in by build.rs, which refuses a build where a key, file or
//! placeholder exists in one language and not the other. The wasm holds only Dutch: the UI
//! fetches the English table (`EN_URL`) when it is needed and hands it to [`install_en`].
//! Code refers to texts by generated constants (`k::shell::MY_SCANS`), so a misspelt key does
//! not compile. Framework content is not translated: it stays in the language of its source
//! document.

use serde::Serialize;

/// A text's index in the tables (see the generated `k` module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub u16);

include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    /// The BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The language's own name, so a reader of the other one can still find their way back.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Nl => "Nederlands",
            Lang::En => "English",
        }
    }
}

/// A text in `lang`. English before [`install_en`] falls back to Dutch, which the user cannot
/// see: the UI switches to English only once the table is installed (and the panic message,
/// the one other reader, would rather show Dutch than nothing).
pub fn text(lang: Lang, key: Key) -> &'static str {
    let index = usize::from(key.0);
    match lang {
        Lang::Nl => NL[index],
        Lang::En => en_text(index).unwrap_or(NL[index]),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn en_text(index: usize) -> Option<&'static str> {
    Some(EN[index])
}

#[cfg(target_arch = "wasm32")]
fn en_text(index: usize) -> Option<&'static str> {
    EN_FETCHED.get().map(|texts| texts[index].as_str())
}

/// The fetched English table; set once, never replaced (one build has one table).
#[cfg(target_arch = "wasm32")]
static EN_FETCHED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

/// Whether the English texts are here (always, in host builds).
pub fn en_installed() -> bool {
    en_text(0).is_some()
}

/// Why the file at `EN_URL` is not this build's English table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnTableError {
    /// Not a JSON array of strings.
    Json(String),
    /// Another number of texts than this build has keys.
    Count { expected: usize, found: usize },
}

/// Checks the English table `json` (a JSON array of texts in key order, as at `EN_URL`) and
/// makes `text(Lang::En, …)` use it. Host builds have it compiled in and only check.
pub fn install_en(json: &str) -> Result<(), EnTableError> {
    let texts: Vec<String> =
        serde_json::from_str(json).map_err(|e| EnTableError::Json(e.to_string()))?;
    if texts.len() != NL.len() {
        return Err(EnTableError::Count {
            expected: NL.len(),
            found: texts.len(),
        });
    }
    // A second install (a retry racing the first) has the same table: keep the first.
    #[cfg(target_arch = "wasm32")]
    let _ = EN_FETCHED.set(texts);
    Ok(())
}

/// A text with its `{name}` placeholders filled in; unknown placeholders stay visible.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_named_placeholders_only() {
        assert_eq!(
            fill("{n} van {total} beoordeeld", &[("n", "3"), ("total", "33")]),
            "3 van 33 beoordeeld"
        );
        assert_eq!(fill("{x} en {y}", &[("x", "a")]), "a en {y}");
        assert_eq!(fill("open { haakje", &[]), "open { haakje");
        assert_eq!(fill("ë {naam}!", &[("naam", "Zoë")]), "ë Zoë!");
    }

    #[test]
    fn both_languages_have_every_text() {
        assert_eq!(NL.len(), EN.len());
        assert!(NL.iter().chain(EN.iter()).all(|t| !t.trim().is_empty()));
        assert_eq!(text(Lang::Nl, k::shell::MY_SCANS), "Mijn scans");
        assert_eq!(text(Lang::En, k::shell::MY_SCANS), "My scans");
    }

    #[test]
    fn install_en_takes_only_this_builds_table() {
        assert_eq!(install_en(&serde_json::to_string(&EN[..]).unwrap()), Ok(()));
        assert_eq!(
            install_en(r#"["Mijn scans"]"#),
            Err(EnTableError::Count {
                expected: NL.len(),
                found: 1
            })
        );
        assert!(matches!(install_en("{}"), Err(EnTableError::Json(_))));
        assert!(en_installed());
    }

    #[test]
    fn language_is_stored_by_its_tag() {
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
        for lang in Lang::ALL {
            assert_eq!(
                serde_json::to_value(lang).unwrap(),
                lang.tag(),
                "settings read the tag"
            );
        }
    }
}
