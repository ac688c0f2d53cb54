//! The home-screen hint: on the start page until dismissed, in Instellingen always. When it
//! shows is decided in `core::install`; this only gathers the facts and draws it.

use leptos::prelude::*;

use super::i18n::{k, t};
use super::persist::SettingsContext;
use crate::core::install::{show_hint, Situation};
use crate::platform::install;

/// Whether the browser has offered its own install prompt. Listened for once per page, above
/// the language-dependent shell, so a language switch adds no listener.
#[derive(Clone, Copy)]
pub struct InstallPrompt(RwSignal<bool>);

impl InstallPrompt {
    pub fn provide() {
        let offered = RwSignal::new(false);
        install::on_install_prompt(move || offered.set(true));
        provide_context(InstallPrompt(offered));
    }
}

/// `always`: Instellingen, where the instructions stay available after a dismissal.
#[component]
pub fn HomeScreenHint(always: bool) -> impl IntoView {
    let SettingsContext { settings, .. } = expect_context::<SettingsContext>();
    let InstallPrompt(offered) = expect_context();
    let installed = install::installed();
    let steps = t(install::platform().instructions());
    let shown = move || {
        always
            || show_hint(Situation {
                installed,
                install_prompt: offered.get(),
                dismissed: settings.with(|s| s.install_hint_dismissed),
            })
    };
    move || {
        shown().then(|| {
            view! {
                <section class="banner notice" data-testid="home-screen-hint" aria-labelledby="home-screen-title">
                    <h2 id="home-screen-title">{t(k::install::TITLE)}</h2>
                    <p>{t(k::install::WHY)}</p>
                    <p>{steps}</p>
                    {(!always).then(|| view! {
                        <button type="button" on:click=move |_| settings.update(|s| s.install_hint_dismissed = true)>
                            {t(k::install::DISMISS)}
                        </button>
                    })}
                </section>
            }
        })
    }
}
