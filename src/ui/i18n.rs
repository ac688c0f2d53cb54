//! The current interface language for the UI: `t(k::area::KEY)` and `tf(…, args)`. The language
//! is a setting; when it changes, the app re-renders its whole shell (see `app.rs`), so texts
//! are plain values and need no signal each: a language switch is rare, a render is cheap.

use std::cell::Cell;

use leptos::prelude::*;

pub use crate::core::i18n::k;
use crate::core::i18n::{en_installed, fill, install_en, text, Key, Lang, EN_URL};
use crate::platform::fetch;

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

/// A counted text in its singular or plural form ("1 doel", "3 doelen"), `{count}` filled in
/// with the other arguments: never "doel(en)".
pub fn tn(count: usize, one: Key, many: Key, args: &[(&str, &str)]) -> String {
    let n = count.to_string();
    let mut all = vec![("count", n.as_str())];
    all.extend_from_slice(args);
    tf(if count == 1 { one } else { many }, &all)
}

/// Where the English texts are: Dutch is compiled in, English is fetched (`core::i18n::EN_URL`)
/// by the language switch, or before the app mounts when English is the stored choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnTexts {
    /// Not asked for yet.
    Absent,
    Loading,
    /// The last fetch failed: the app stays Dutch and says so; the switch tries again.
    Failed,
    Ready,
}

/// The English texts' state, in context for the shell and the language switch.
#[derive(Clone, Copy)]
pub struct EnTextsContext(RwSignal<EnTexts>);

impl EnTextsContext {
    /// Called by `App` after `main` had its chance to load them: English chosen and not here
    /// means that fetch failed.
    pub fn provide(chosen: Lang) {
        let state = if en_installed() {
            EnTexts::Ready
        } else if chosen == Lang::En {
            EnTexts::Failed
        } else {
            EnTexts::Absent
        };
        provide_context(EnTextsContext(RwSignal::new(state)));
    }

    pub fn get() -> EnTextsContext {
        expect_context()
    }

    pub fn state(self) -> EnTexts {
        self.0.get()
    }

    /// The language to show: the chosen one, or Dutch while English is not here.
    pub fn shown(self, chosen: Lang) -> Lang {
        match (chosen, self.state()) {
            (Lang::En, EnTexts::Ready) => Lang::En,
            (Lang::Nl | Lang::En, _) => Lang::Nl,
        }
    }

    /// Fetches and installs the English texts unless they are here or on their way; then
    /// `then` runs (the switch stores the choice).
    pub fn load(self, then: impl FnOnce() + 'static) {
        match self.0.get_untracked() {
            EnTexts::Ready => then(),
            EnTexts::Loading => {}
            EnTexts::Absent | EnTexts::Failed => {
                self.0.set(EnTexts::Loading);
                leptos::task::spawn_local(async move {
                    if load_en().await {
                        self.0.set(EnTexts::Ready);
                        then();
                    } else {
                        self.0.set(EnTexts::Failed);
                    }
                });
            }
        }
    }
}

/// Fetches the English table and installs it; whether that worked. The reason of a failure
/// goes to the console: the user sees `EnTexts::Failed`'s one message.
pub async fn load_en() -> bool {
    match fetch::text(EN_URL).await.map(|json| install_en(&json)) {
        Ok(Ok(())) => true,
        Ok(Err(e)) => {
            leptos::logging::error!("English texts invalid: {e:?}");
            false
        }
        Err(e) => {
            leptos::logging::error!("English texts not loaded: {e}");
            false
        }
    }
}
