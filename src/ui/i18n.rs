//! The current interface language for the UI: `t(k::area::KEY)` and `tf(…, args)`. The language
//! is a setting; when it changes, the app re-renders its whole shell (see `app.rs`), so texts
//! are plain values and need no signal each: a language switch is rare, a render is cheap.

use std::cell::Cell;

pub use crate::core::i18n::k;
use crate::core::i18n::{fill, text, Key, Lang};

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Nl) };
}

/// Sets the language for the texts rendered from now on, and `<html lang>` for screen readers
/// and hyphenation.
pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

pub fn t(key: Key) -> &'static str {
    text(lang(), key)
}

/// A text with `{name}` placeholders filled in.
pub fn tf(key: Key, args: &[(&str, &str)]) -> String {
    fill(t(key), args)
}
