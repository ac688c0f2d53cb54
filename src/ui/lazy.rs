//! Screens whose code is a wasm chunk of its own, fetched the first time one of them opens (and
//! precached by the service worker for offline use). Each lazy group's folder declares its
//! split point with `#[wasm_split(<group>, fallible, …)]`: an async function that returns the
//! screen, or `SplitLoaderError` when the chunk could not be fetched. Once a chunk is in, the
//! function resolves at its first poll, so opening a screen again renders in the same task.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use super::i18n::{k, t};

/// What a split point returns: the screen, or why its chunk is not here.
pub type Loaded = Result<AnyView, SplitLoaderError>;

/// Renders what `load` resolves to; while it loads, a status line; when the chunk could not be
/// fetched, a message with *Opnieuw proberen*, which asks again (the loader keeps no failure).
pub fn lazy<F, Fut>(load: F) -> AnyView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Loaded> + Send + 'static,
{
    // One compiled copy of the view below for all screens, not one per split point.
    render(Box::new(move || Box::pin(load())))
}

type Load = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Loaded> + Send>> + Send + Sync>;

fn render(load: Load) -> AnyView {
    let attempt = RwSignal::new(0_u32);
    let load = StoredValue::new(load);
    view! {
        <Suspense fallback=|| view! {
            <p class="screen-loading" role="status" data-testid="screen-loading">{t(k::shell::SCREEN_LOADING)}</p>
        }>
            {move || {
                attempt.track();
                let fut = load.with_value(|load| load());
                Suspend::new(async move {
                    match fut.await {
                        Ok(view) => view,
                        Err(_) => view! { <ScreenFailed retry=move || attempt.update(|n| *n += 1) /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn ScreenFailed(retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <section class="screen-failed" data-testid="screen-failed">
            <p class="notice warning" role="alert">{t(k::shell::SCREEN_FAILED)}</p>
            <button type="button" class="action primary" on:click=move |_| retry()>
                {t(k::shell::SCREEN_RETRY)}
            </button>
        </section>
    }
}
